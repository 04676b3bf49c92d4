"""A screenshot with recognised text: the picture and its text side by side or stacked, line
boxes outlined from the text's selection and pointer, coding a passage gives it the region of its lines (one coding),
and a very tall page opens at full width without freezing."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QMenu  # noqa: E402

from import_ui_support import (LINES, add_lined_image, new_project,  # noqa: E402,F401
                               window)
from importers.test_ocr import BANNER, screenshot  # noqa: E402
from workbench.core import Project  # noqa: E402
from workbench.ui.image_text_view import ImageTextView  # noqa: E402
from workbench.ui.import_options import ImportOptionsDialog  # noqa: E402
from workbench.ui.import_report import ImportReportDialog  # noqa: E402
from workbench.ui.source_viewer import SourceViewer  # noqa: E402


@pytest.fixture
def project(tmp_path):
    p = Project.open(new_project(tmp_path))
    yield p
    p.close()


@pytest.fixture
def viewer(qtbot, project):
    viewer = SourceViewer()
    qtbot.addWidget(viewer)
    viewer.set_project(project)
    project.subscribe(viewer.refresh)
    viewer.set_quick_elements([e.id for e in project.elements.list()])
    viewer.resize(900, 700)
    viewer.show()
    qtbot.waitExposed(viewer)
    return viewer


def test_an_image_with_text_shows_picture_and_text_and_outlines_lines(qtbot, viewer, project):
    source_id = add_lined_image(project)
    viewer.show_source(source_id)
    layered = viewer.currentWidget()
    assert isinstance(layered, ImageTextView)
    assert layered.orientation() == Qt.Orientation.Vertical  # a wide picture: text below it
    assert layered.text.toPlainText() == "\n".join(line for line, _ in LINES)
    boxes = layered.image.line_boxes
    assert boxes is not None and boxes.isVisible() and boxes.marked() == set()

    text = project.sources.text(source_id)
    start = text.index("一网通办")
    layered.text.select_range(start, start + 4)
    assert layered.marked_lines() == {1}  # the second line's box is drawn clearly
    layered.text.select_range(0, text.index("Jiangling") + 3)
    assert layered.marked_lines() == {0, 1, 2}

    # The pointer over a line of the text outlines that line's box.
    layered.text.select_range(0, 0)
    cursor = layered.text.textCursor()
    cursor.setPosition(start + 1)
    point = layered.text.cursorRect(cursor).center()
    qtbot.mouseMove(layered.text.viewport(), pos=point)
    qtbot.waitUntil(lambda: boxes._hovered == 1, timeout=2000)

    # A click on a line of the picture selects its text.
    x, y, w, h = LINES[2][1]
    click = layered.image.mapFromScene(QPointF(x + w / 2, y + h / 2))
    qtbot.mouseClick(layered.image.viewport(), Qt.MouseButton.LeftButton, pos=click)
    assert viewer.selected_text() == LINES[2][0]
    assert layered.marked_lines() == {2}


def test_coding_the_text_is_one_coding_with_its_region_shown_on_the_picture(qtbot, viewer,
                                                                          project):
    source_id = add_lined_image(project)
    viewer.show_source(source_id)
    layered = viewer.currentWidget()
    text = project.sources.text(source_id)
    start = text.index("一网通办")
    layered.text.setFocus()
    layered.text.select_range(start, start + 4)
    qtbot.keyClick(layered.text, "1")
    [passage] = project.codings.list(source_id=source_id)  # one act of coding, one coding
    assert (passage.start, passage.end, passage.snippet) == (start, start + 4, "一网通办")
    r = passage.rect  # ... that carries the region of its line
    assert (r.x, r.y, r.width, r.height) == LINES[1][1]
    assert set(layered.image._items) == {passage.id}  # its region is drawn on the picture
    assert layered.text.highlighter.index.get(passage.id) is not None

    # A region drawn on the picture is coded as a region, beside the passage.
    layered.image.setFocus()
    layered.image.set_selection(None)
    a = layered.image.mapFromScene(QPointF(10, 10))
    b = layered.image.mapFromScene(QPointF(200, 70))
    port = layered.image.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(port, pos=b)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=b)
    qtbot.keyClick(layered.image, "2")
    assert len(project.codings.list(source_id=source_id)) == 2
    assert len(layered.image._items) == 2

    project.undo()  # the drawn region
    project.undo()  # the passage with the region around its line
    assert project.codings.list(source_id=source_id) == []
    assert layered.image._items == {} and layered.text.highlighter.index.get(passage.id) is None


def test_recognised_text_arriving_turns_the_picture_into_picture_and_text(qtbot, viewer,
                                                                        project):
    from helpers import png_bytes
    source = project.sources.add(kind="image", title="无文字截图", data=png_bytes(300, 200),
                                 width=300, height=200, media_type="image/png")
    viewer.show_source(source.id)
    assert viewer.currentWidget() is viewer._image
    menu = viewer._image.build_context_menu(QPoint(5, 5))
    action = menu.findChild(type(menu.actions()[0]), "recognise-text")
    assert action is not None
    with qtbot.waitSignal(viewer.recogniseTextRequested) as asked:
        action.trigger()
    assert asked.args == [[source.id]]
    project.sources.set_recognised_text(source.id, "识别出的文字",
                                        [{"kind": "ocr-line", "start": 0, "end": 6, "level": 1,
                                          "box": [10, 10, 120, 20]}])
    assert isinstance(viewer.currentWidget(), ImageTextView)
    project.undo()
    assert viewer.currentWidget() is viewer._image
    assert isinstance(menu, QMenu)


@pytest.mark.slow
def test_a_screenshot_imported_with_ocr_is_read_and_coded_in_the_window(
        qtbot, window, tmp_path, monkeypatch):
    picture = tmp_path / "江临市门户_2016-09-29.png"
    picture.write_bytes(screenshot(900, 230, BANNER))
    assert window.open_project(new_project(tmp_path))
    monkeypatch.setattr("workbench.ui.import_actions.QFileDialog.getOpenFileNames",
                        lambda *args, **kwargs: ([str(picture)], ""))

    def tick_ocr(dialog):
        dialog.ocr.setChecked(True)
        dialog.accept()
        return dialog.result()

    reports = []
    monkeypatch.setattr(ImportOptionsDialog, "exec", tick_ocr)
    monkeypatch.setattr(ImportReportDialog, "exec", lambda d: reports.append(d.rows()) or 0)
    window.menus["import_files"].trigger()
    qtbot.waitUntil(lambda: bool(reports), timeout=30000)
    project = window.project
    [source] = project.sources.list()
    text = project.sources.text(source.id)
    assert "一网通办" in text and source.metadata.get("ocr") == "yes"
    layered = window.viewer.currentWidget()
    assert isinstance(layered, ImageTextView) and window.viewer.current_source_id() == source.id

    start = text.index("一网通办")
    layered.text.setFocus()
    layered.text.select_range(start, start + 4)
    qtbot.keyClick(layered.text, "1")
    [coding] = project.codings.list(source_id=source.id)  # the passage with its line's region
    assert coding.start == start and coding.rect is not None
    assert 90 <= coding.rect.y <= 125 and set(layered.image._items) == {coding.id}
    layered.text.select_range(0, 3)  # the first line marked, the coded one drawn as a region
    picture_out = tmp_path / "text-layer.png"
    window.grab().save(str(picture_out))
    assert picture_out.stat().st_size > 10000


def _tall_png(width: int = 1280, height: int = 20000) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y in range(0, height, 60):
        painter.fillRect(0, y, width, 2, QColor("#ccd"))
        painter.drawText(40, y + 40, f"第 {y // 60 + 1} 行 政务服务一网通办")
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def test_a_very_tall_screenshot_opens_at_full_width_without_freezing(qtbot, viewer, project):
    source = project.sources.add(kind="image", title="长截图", data=_tall_png(), width=1280,
                                 height=20000, media_type="image/png")
    started = time.perf_counter()
    viewer.show_source(source.id)
    viewer.grab()  # the first paint
    opened = time.perf_counter() - started
    view = viewer._image
    bar = view.verticalScrollBar()
    started = time.perf_counter()
    for _ in range(20):
        bar.setValue(bar.value() + 400)
        view.viewport().repaint()
    scrolled = (time.perf_counter() - started) / 20
    print(f"\n1280×20000 screenshot: opened and painted in {opened * 1000:.0f} ms; "
          f"one scroll step repainted in {scrolled * 1000:.1f} ms")
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert view.transform().m11() * 1280 <= view.viewport().width() + 1  # the full width …
    assert view.transform().m11() * 1280 >= view.viewport().width() - 6  # … filling the view
    assert shown.height() < 3000  # not the whole page squeezed into the window
    QApplication.processEvents()


def test_selecting_a_line_far_down_a_tall_page_scrolls_the_picture_to_it(qtbot, viewer,
                                                                        project):
    from helpers import png_bytes
    source = project.sources.add(kind="image", title="长页", data=png_bytes(400, 4000),
                                 width=400, height=4000, media_type="image/png")
    lines = [("页首标题", (20, 20, 200, 30)), ("页尾的版权信息", (20, 3900, 300, 30))]
    text = "\n".join(line for line, _ in lines)
    blocks = [{"kind": "ocr-line", "start": 0, "end": 4, "level": 1, "box": [20, 20, 200, 30]},
              {"kind": "ocr-line", "start": 5, "end": 12, "level": 1,
               "box": [20, 3900, 300, 30]}]
    project.sources.set_recognised_text(source.id, text, blocks)
    viewer.show_source(source.id)
    layered = viewer.currentWidget()
    assert layered.orientation() == Qt.Orientation.Horizontal  # a tall page beside its text
    image = layered.image
    top = image.mapToScene(image.viewport().rect()).boundingRect()
    assert top.top() < 10 and top.bottom() < 3900  # opened at the top, full width
    layered.text.select_range(5, 12)
    shown = image.mapToScene(image.viewport().rect()).boundingRect()
    assert shown.contains(QPointF(170, 3915)) and layered.marked_lines() == {1}
