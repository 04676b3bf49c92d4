"""PySide6 6.12.0's QSyntaxHighlighter.setFormat lowers the refcount of None on every call and
the process aborts after a few thousand highlights (PITFALLS.md). The project pins PySide6 < 6.12;
this test fails loudly if a version with the bug comes in when the pin is raised."""
from __future__ import annotations

import gc
import sys

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPlainTextEdit

from workbench.ui.highlighter import CodingHighlighter
from workbench.ui.span_index import Span, SpanIndex

BLOCKS = 3000


def test_highlighting_thousands_of_ranges_keeps_none_alive(qtbot):
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.resize(800, 600)
    line = "协同治理的案例 with some English words 第{}段"
    lines = [line.format(i) for i in range(BLOCKS)]
    spans, pos = [], 0
    for i, text in enumerate(lines):
        spans.append(Span(pos + 2, pos + 10, i, i % 20))  # one coding in every block
        if i % 3 == 0:
            spans.append(Span(pos + 5, pos + 14, BLOCKS + i, (i + 7) % 20))  # and overlaps
        pos += len(text) + 1
    highlighter = CodingHighlighter(edit.document(), SpanIndex(spans))
    highlighter.set_colors({e: f"#{(e * 40503) % 0xFFFFFF:06x}" for e in range(20)},
                           QColor("white"))
    calls = [0]
    original = highlighter.setFormat

    def counting_set_format(*args):
        calls[0] += 1
        original(*args)

    highlighter.setFormat = counting_set_format
    gc.collect()
    gc.disable()  # other tests' garbage freed meanwhile would also lower the count
    before = sys.getrefcount(None)
    edit.setPlainText("\n".join(lines))   # highlights every block once
    highlighter.rehighlight()             # and again, the whole document
    edit.show()
    edit.grab()                           # a full paint of the visible part
    for step in range(0, BLOCKS, 500):    # and of blocks further down
        edit.verticalScrollBar().setValue(step)
        edit.grab()
    after = sys.getrefcount(None)
    gc.enable()
    formats = edit.document().findBlockByNumber(BLOCKS - 1).layout().formats()
    assert len(formats) == 1  # the highlighter really ran on the last block
    # The bug costs one reference per call (10,000 here); unrelated frees cost a few hundred.
    assert calls[0] >= 10_000
    assert before - after < calls[0] // 10, f"refcount of None dropped by {before - after}"
