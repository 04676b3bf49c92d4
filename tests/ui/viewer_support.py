"""Material for the viewer tests (tests/ui/test_viewer_*.py): the text of the study's source."""
from __future__ import annotations

# 𠮷 (U+20BB7) and 😀 sit in the second paragraph: after them, UTF-16 and code points differ.
TEXT = ("第一段：政府部门之间的协同治理。\n"
        "第二段：𠮷野家的案例说明跨部门合作。The agencies shared data 😀 openly.\n"
        "第三段：English and 中文 mixed.")
IMAGE_SIZE = (200, 120)
ELEMENTS = (("协同", "#E15759"), ("数据共享", "#4E79A7"), ("领导", "#59A14F"))
