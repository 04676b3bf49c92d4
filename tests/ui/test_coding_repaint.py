"""Coding a passage repaints the paragraph it is in (and the margin from there down), not the
whole page, and what is on screen then is what a full repaint draws."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from workbench.core import Project
from workbench.ui.offsets import OffsetMap
from workbench.ui.source_viewer import SourceViewer

TEXT = "\n".join(f"第{n}段：政府部门之间的协同治理需要稳定的制度安排，数据共享平台正式上线。"
                 for n in range(1, 61))


class PaintSpy(QObject):
    """The regions ``widget`` is asked to paint."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.widget, self.rects = widget, []
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().boundingRect())
        return False

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)


@pytest.fixture
def viewer(qtbot, tmp_path):
    project = Project.create(tmp_path / "p.cwb", coder="tester")
    element = project.elements.add("协同", color="#E15759")
    source = project.sources.add(kind="text", title="长文", data=TEXT.encode(), text=TEXT)
    # The element has its lane in the margin already (a first one widens the margin).
    project.codings.code_text(source.id, 0, 2, element.id)
    viewer = SourceViewer()
    qtbot.addWidget(viewer)
    viewer.set_project(project)
    project.subscribe(viewer.refresh)  # what the main window does
    viewer.set_quick_elements([element.id])
    viewer.resize(700, 500)
    viewer.show()
    viewer.show_source(source.id)
    qtbot.waitExposed(viewer)
    yield viewer, project, source.id, element.id
    project.close()


def on_screen(viewer, widget):
    """What the window shows of ``widget`` now (its backing store, not a fresh rendering)."""
    at = widget.mapTo(viewer, QPoint(0, 0))
    return QApplication.primaryScreen().grabWindow(
        viewer.winId(), at.x(), at.y(), widget.width(), widget.height()).toImage()


def paragraph_rect(view, code_point: int) -> QRect:
    block = view.document().findBlock(OffsetMap(TEXT).to_utf16(code_point))
    return view.blockBoundingGeometry(block).translated(view.contentOffset()).toAlignedRect()


def test_coding_repaints_only_its_paragraph_and_the_screen_is_right(qtbot, viewer):
    viewer, project, source, element = viewer
    view = viewer._text
    QApplication.processEvents()
    start = TEXT.index("第5段") + 4
    cursor = QTextCursor(view.document())
    cursor.setPosition(OffsetMap(TEXT).to_utf16(start))
    cursor.setPosition(OffsetMap(TEXT).to_utf16(start + 8), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    QApplication.processEvents()
    text_spy, margin_spy = PaintSpy(view.viewport()), PaintSpy(view.margin)
    try:
        qtbot.keyClick(view, "1")
        QApplication.processEvents()
    finally:
        text_spy.stop()
        margin_spy.stop()
    assert project.counts()["codings"] == 2
    paragraph = paragraph_rect(view, start)
    assert text_spy.rects and all(paragraph.contains(r.adjusted(0, 1, 0, -1))
                                  for r in text_spy.rects), (text_spy.rects, paragraph)
    assert all(r.top() >= paragraph.top() - 1 for r in margin_spy.rects)
    shown = on_screen(viewer, view.viewport()), on_screen(viewer, view.margin)
    view.viewport().repaint()
    view.margin.repaint()
    assert (on_screen(viewer, view.viewport()), on_screen(viewer, view.margin)) == shown


def test_a_coding_made_elsewhere_and_its_undo_show_as_a_full_repaint_draws_them(qtbot,
                                                                                viewer):
    viewer, project, source, element = viewer
    view = viewer._text
    QApplication.processEvents()
    before = on_screen(viewer, view.viewport())
    start = TEXT.index("第3段")
    project.codings.code_text(source, start, start + 30, element)  # not the viewer's own action
    QApplication.processEvents()
    coded = on_screen(viewer, view.viewport()), on_screen(viewer, view.margin)
    assert coded[0] != before
    view.viewport().repaint()
    view.margin.repaint()
    assert (on_screen(viewer, view.viewport()), on_screen(viewer, view.margin)) == coded
    project.undo()
    QApplication.processEvents()
    assert on_screen(viewer, view.viewport()) == before
