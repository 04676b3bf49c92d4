"""Shared by tests/ui/test_import_ocr_ui.py, test_text_layer.py and test_bulk_metadata.py: a
main window with its own settings, message boxes recorded instead of shown, the banner
screenshot of tests/importers/test_ocr.py, and an image source with recognised lines whose boxes
are known (no OCR needed)."""
from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from helpers import png_bytes  # noqa: E402
from workbench.core import Project  # noqa: E402
from workbench.ui.main_window import MainWindow  # noqa: E402
from workbench.ui.settings import Settings  # noqa: E402

# Three recognised lines of a 400×300 picture: (text, box).
LINES = [("江临市人民政府门户网站", (20, 20, 300, 40)), ("政务服务一网通办", (20, 90, 240, 32)),
         ("Jiangling Municipal Government", (20, 150, 330, 28))]
LINES_SIZE = (400, 300)


@pytest.fixture
def window(qtbot, isolated):
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    yield win
    if win.job is not None:
        win.job.wait()
    win.close()


def new_project(folder: Path, name: str = "study.cwb") -> Path:
    """A Chinese project with the element "一网通办" (quick key 1) and "组织协同" (key 2)."""
    path = folder / name
    with Project.create(path, title="一网通办研究", language="zh", coder="tester") as project:
        project.elements.add("一网通办", color="#E15759")
        project.elements.add("组织协同", color="#4E79A7")
    return path


def add_lined_image(project: Project, title: str = "门户截图") -> int:
    """An image source whose recognised text is LINES (one per line, boxes as given)."""
    source = project.sources.add(kind="image", title=title, data=png_bytes(*LINES_SIZE),
                                 file_name=f"{title}.png", media_type="image/png",
                                 width=LINES_SIZE[0], height=LINES_SIZE[1])
    text = "\n".join(line for line, _ in LINES)
    blocks, position = [], 0
    for line, box in LINES:
        blocks.append({"kind": "ocr-line", "start": position, "end": position + len(line),
                       "level": 1, "box": list(box)})
        position += len(line) + 1
    project.sources.set_recognised_text(source.id, text, blocks)
    return source.id


def wait_for_job(qtbot, window, timeout: int = 30000) -> None:
    qtbot.waitUntil(lambda: window.job is None, timeout=timeout)
