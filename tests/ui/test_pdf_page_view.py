"""The page view of a PDF: pages drawn off the GUI thread, a rectangle drawn and coded with a
number key (one coding with its page, rectangle in points and quote), codings drawn on their
pages, the text view one click away and in step, zoom and the page box, a damaged page."""
from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from pdf_pages_helpers import TABLE, layout_pdf
from workbench.core import Project, Rect
from workbench.ui.image_regions import RegionItem
from workbench.ui.pdf_page_view import _PassageItem
from workbench.ui.source_viewer import SourceViewer
from workbench.ui.text_view import TextSourceView

SHOTS = os.environ.get("WORKBENCH_SHOTS")  # a folder to save screenshots in, to look at them
# Waits are long: the machine may be busy; a page normally arrives in a fraction of a second.


def _project(tmp_path, data: bytes) -> Project:
    path = tmp_path / "通知.pdf"
    path.write_bytes(data)
    p = Project.create(tmp_path / "pages.cwb", title="页面", coder="tester")
    for name, color in (("表格证据", "#E15759"), ("政务服务", "#4E79A7")):
        p.elements.add(name, color=color)
    p.import_files([path])
    return p


@pytest.fixture
def pdf_project(tmp_path):
    p = _project(tmp_path, layout_pdf(5))
    yield p
    p.close()


@pytest.fixture
def viewer(qtbot, pdf_project):
    viewer = SourceViewer()
    qtbot.addWidget(viewer)
    viewer.set_project(pdf_project)
    pdf_project.subscribe(viewer.refresh)
    viewer.set_quick_elements([e.id for e in pdf_project.elements.list()])
    viewer.resize(800, 900)
    viewer.show()
    viewer.show_source(pdf_project.sources.list()[0].id)
    qtbot.waitExposed(viewer)
    return viewer


def _drawn(qtbot, view, page: int) -> None:
    qtbot.waitUntil(lambda: view._pages[page - 1].scale_drawn > 0 and page in view._layers,
                    timeout=30000)


def _on_screen(view, page: int, x: float, y: float) -> QPoint:
    return view.mapFromScene(view._pages[page - 1].mapToScene(QPointF(x, y)))


def _drag(qtbot, view, a: QPoint, b: QPoint) -> None:
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(port, pos=(a + b) / 2)
    qtbot.mouseMove(port, pos=b)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=b)


def test_a_pdf_opens_in_the_page_view_drawn_off_the_gui_thread(qtbot, viewer):
    pane = viewer._pdf
    assert viewer.currentWidget() is pane and pane.active_view() is pane.pages
    view = pane.pages
    assert view.page_count() == 5 and pane.of_pages.text().endswith("5")
    _drawn(qtbot, view, 1)
    assert view._pages[0].picture.pixmap().width() > 500  # fit width: wider than 100%
    assert len(view.cache) <= 3  # only the pages in view and next to it
    if SHOTS:
        viewer.grab().save(os.path.join(SHOTS, "pdf-page-view.png"))


def test_a_rectangle_drawn_on_a_page_is_coded_with_its_page_rect_and_quote(qtbot, viewer,
                                                                           pdf_project):
    view = viewer._pdf.pages
    _drawn(qtbot, view, 1)
    _drag(qtbot, view, _on_screen(view, 1, 70, 180), _on_screen(view, 1, 435, 260))
    assert viewer.has_selection() and view.selection_page() == 1
    qtbot.keyClick(view, "1")
    (coding,) = pdf_project.codings.list()
    assert coding.page == 1 and coding.element_name == "表格证据"
    assert abs(coding.rect.x - 70) <= 2 and abs(coding.rect.y - 180) <= 2
    assert abs(coding.rect.width - 365) <= 3 and abs(coding.rect.height - 80) <= 3
    for cell in [cell for row in TABLE for cell in row]:
        assert cell in coding.snippet
    assert any(isinstance(i, RegionItem) for i in view._items[coding.id])  # drawn at once
    # The table is one passage of the text: the text view shows the same coding.
    assert coding.id in viewer._pdf.text._codings
    if SHOTS:
        viewer.grab().save(os.path.join(SHOTS, "pdf-region-coded.png"))


def test_a_coded_passage_is_drawn_over_its_characters(qtbot, viewer, pdf_project):
    source_id = pdf_project.sources.list()[0].id
    text = pdf_project.sources.text(source_id)
    element = pdf_project.elements.list()[1]
    start = text.index("政务服务")
    coding = pdf_project.codings.code_text(source_id, start, start + 4, element.id)
    view = viewer._pdf.pages
    _drawn(qtbot, view, 1)
    qtbot.waitUntil(lambda: bool(view._items.get(coding.id)), timeout=30000)
    (item,) = view._items[coding.id]
    assert isinstance(item, _PassageItem)
    box = item.boundingRect()
    # "政务服务" is the 15th to 18th characters of the 16-pt title at x = 72.
    assert 72 + 14 * 16 - 2 <= box.left() <= 72 + 14 * 16 + 2 and 62 <= box.width() <= 68
    assert view.codings_at(_on_screen(view, 1, box.center().x(), box.center().y()))[0].id \
        == coding.id


def test_page_and_text_views_stay_in_step(qtbot, viewer, pdf_project):
    pane = viewer._pdf
    source_id = pdf_project.sources.list()[0].id
    text = pdf_project.sources.text(source_id)
    start = text.index("第4页")
    coding = pdf_project.codings.code_text(source_id, start, start + 3,
                                           pdf_project.elements.list()[0].id)
    viewer.jump_to_coding(coding.id)
    assert pane.pages.current_page() == 4 and pane.page_box.value() == 4
    qtbot.mouseClick(pane.text_button, Qt.MouseButton.LeftButton)
    assert isinstance(pane.active_view(), TextSourceView)
    viewer.jump_to_coding(coding.id)
    assert pane.text.selection_range() == (start, start + 3)
    # Back to the pages at the text's place; a search hit brings its page into view too.
    qtbot.mouseClick(pane.page_button, Qt.MouseButton.LeftButton)
    assert pane.active_view() is pane.pages and pane.pages.current_page() == 4
    hit = text.index("二、工作任务")
    viewer.show_range(source_id, hit, hit + 6)
    assert pane.pages.current_page() == 2
    # The hit is selected on its page as soon as that page's text is read.
    qtbot.waitUntil(lambda: pane.pages.selection_range() == (hit, hit + 6), timeout=30000)
    assert pane.pages.selected_text() == "二、工作任务" and pane.pages._text_item.isVisible()


def test_zoom_and_the_page_box(qtbot, viewer):
    pane = viewer._pdf
    view = pane.pages
    pane.zoom_box.setCurrentIndex(pane.zoom_box.findData(200))
    pane.zoom_box.activated.emit(pane.zoom_box.currentIndex())
    assert view.zoom_percent() == 200 and view.fit_mode is None
    pane.zoom_box.setCurrentIndex(pane.zoom_box.findData("page"))
    pane.zoom_box.activated.emit(pane.zoom_box.currentIndex())
    assert view.fit_mode == "page"
    assert view._pages[0].rect().height() * view.transform().m11() <= view.viewport().height()
    pane.page_box.setValue(3)
    assert view.current_page() == 3
    _drawn(qtbot, view, 3)


def test_a_damaged_page_says_so_and_the_others_are_drawn(qtbot, tmp_path):
    data = layout_pdf(3).replace(b"6 0 obj\n<<\n/Contents", b"6 0 obj\n[[\n/Contents", 1)
    project = _project(tmp_path, data)
    try:
        viewer = SourceViewer()
        qtbot.addWidget(viewer)
        viewer.set_project(project)
        viewer.resize(600, 1600)
        viewer.show()
        viewer.show_source(project.sources.list()[0].id)
        view = viewer._pdf.pages
        view.set_fit("page")
        view.set_zoom(30)  # all three pages in view
        qtbot.waitUntil(lambda: "damaged" in view._pages[1].label.text(), timeout=30000)
        _drawn(qtbot, view, 3)
        assert view._pages[1].label.isVisible() and view._pages[1].scale_drawn == 0
    finally:
        project.close()


def test_drawn_pages_are_kept_within_bounds_and_dropped_ones_become_placeholders(qtbot, viewer):
    view = viewer._pdf.pages
    view.cache.max_pages = 1  # fewer than the view wants (a page and its neighbours)
    for page in range(1, 6):
        view.go_to_page(page)
        _drawn(qtbot, view, page)  # the pages in view are kept, whatever the budget
    assert len(view.cache) <= 3
    first = view._pages[0]
    assert first.scale_drawn == 0 and first.label.isVisible()  # dropped: a placeholder again
    view.go_to_page(1)
    _drawn(qtbot, view, 1)  # and drawn again when it comes back into view


def test_text_selected_on_the_page_is_coded_as_a_passage(qtbot, viewer, pdf_project):
    pane = viewer._pdf
    view = pane.pages
    _drawn(qtbot, view, 1)
    qtbot.mouseClick(pane.text_mode, Qt.MouseButton.LeftButton)
    assert view.select_mode == "text"
    # From the middle of 政 (the 15th character of the 16-pt title) to the middle of 务 (18th).
    y = 842 - 760 - 5
    _drag(qtbot, view, _on_screen(view, 1, 72 + 14 * 16 + 8, y),
          _on_screen(view, 1, 72 + 17 * 16 + 8, y))
    assert view.selected_text() == "政务服务" and viewer.has_selection()
    assert view._text_item.isVisible()
    qtbot.keyClick(view, "2")
    (coding,) = pdf_project.codings.list()
    assert (coding.snippet, coding.page, coding.rect) == ("政务服务", None, None)
    assert coding.element_name == "政务服务"
    qtbot.waitUntil(lambda: bool(view._items.get(coding.id)), timeout=30000)
    # The same passage is selected in the text view when the reader switches to it.
    qtbot.mouseClick(pane.text_button, Qt.MouseButton.LeftButton)
    assert pane.text.selected_text() == "政务服务"
    if SHOTS:
        viewer.grab().save(os.path.join(SHOTS, "pdf-text-coded.png"))


def test_a_page_selection_dropped_on_an_element_is_coded_on_its_page(qtbot, window, tmp_path):
    import json

    from workbench.ui.text_view import SELECTION_MIME

    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(layout_pdf(2))
    project = Project.create(tmp_path / "drop.cwb", title="拖放", coder="tester")
    element = project.elements.add("表格证据")
    project.import_files([pdf])
    source_id = project.sources.list()[0].id
    project.close()
    window.open_project(tmp_path / "drop.cwb")
    window.viewer.show_source(source_id)
    view = window.viewer._pdf.pages
    view.set_selection(1, Rect(70, 180, 365, 80))
    body = json.loads(bytes(view.selection_mime().data(SELECTION_MIME)).decode("utf-8"))
    assert body == {"source_id": source_id, "rect": [70, 180, 365, 80], "page": 1}
    window.code_dropped_selection(element.id, body)
    (coding,) = window.project.codings.list()
    assert (coding.page, coding.rect) == (1, Rect(70, 180, 365, 80)) and "办件量" in coding.snippet


def test_the_cache_keeps_within_its_byte_budget(qtbot):
    from PySide6.QtGui import QPixmap

    from workbench.ui.pdf_render import PageCache

    cache = PageCache(budget=3 * 100 * 100 * 4, pages=12)
    dropped = []
    for page in range(1, 6):
        dropped += cache.put(page, QPixmap(100, 100), 1.0)
    assert len(cache) == 3 and cache.bytes <= cache.budget and dropped == [1, 2]
    cache.get(3)  # used: now the most recent
    assert cache.put(6, QPixmap(100, 100), 1.0) == [4]
    assert cache.put(7, QPixmap(100, 100), 1.0, keep=frozenset({5, 3})) == [6]  # in view: kept


def test_a_pdf_pdfium_cannot_open_shows_its_text_and_says_why(qtbot, tmp_path):
    project = Project.create(tmp_path / "bad.cwb", title="坏", coder="tester")
    try:
        source = project.sources.add(kind="text", title="坏文件", data=b"%PDF-1.4 broken",
                                     text="只有文字。", media_type="application/pdf",
                                     file_name="bad.pdf")
        viewer = SourceViewer()
        qtbot.addWidget(viewer)
        viewer.set_project(project)
        viewer.show_source(source.id)
        pane = viewer._pdf
        assert viewer.currentWidget() is pane and pane.active_view() is pane.text
        assert not pane.page_button.isEnabled() and pane.pages.page_count() == 0
        texts = [i.text() for i in pane.pages.scene().items() if hasattr(i, "text")]
        assert any("cannot be opened as pages" in t for t in texts)
    finally:
        project.close()


def test_thumbnails_show_the_pages_and_a_click_goes_to_one(qtbot, viewer):
    pane = viewer._pdf
    qtbot.mouseClick(pane.thumbs_button, Qt.MouseButton.LeftButton)
    thumbs = pane.thumbnails
    assert thumbs.isVisible() and thumbs.count() == 5
    qtbot.waitUntil(lambda: thumbs.cache.get(1) is not None, timeout=30000)
    pixmap = thumbs.cache.get(1)[0]
    assert pixmap.width() == 96  # drawn to the strip's width
    rect = thumbs.visualItemRect(thumbs.item(2))
    qtbot.mouseClick(thumbs.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert pane.pages.current_page() == 3 and thumbs.currentRow() == 2
    if SHOTS:
        viewer.grab().save(os.path.join(SHOTS, "pdf-thumbnails.png"))
    qtbot.mouseClick(pane.text_button, Qt.MouseButton.LeftButton)
    assert not thumbs.isVisible()  # the strip belongs to the pages


def test_a_coding_is_resized_to_the_text_or_region_selected_on_the_page(qtbot, viewer,
                                                                       pdf_project):
    source_id = pdf_project.sources.list()[0].id
    text = pdf_project.sources.text(source_id)
    element = pdf_project.elements.list()[0]
    start = text.index("政务服务")
    passage = pdf_project.codings.code_text(source_id, start, start + 2, element.id)
    region = pdf_project.codings.code_region(source_id, Rect(70, 180, 365, 80), element.id,
                                             page=1)
    view = viewer._pdf.pages
    _drawn(qtbot, view, 1)
    view.set_text_selection(1, (start, start + 4))
    viewer._host.resize_to_selection(passage.id)
    assert pdf_project.codings.get(passage.id).snippet == "政务服务"
    view.set_selection(1, Rect(70, 180, 125, 80))
    viewer._host.resize_to_selection(region.id)
    assert pdf_project.codings.get(region.id).snippet == "指标\n网上办理率\n办件量"


def test_lists_show_a_page_region_by_its_page_and_text(pdf_project, english):
    from workbench.ui.panel_tables import quote_of

    source_id = pdf_project.sources.list()[0].id
    coding = pdf_project.codings.code_region(source_id, Rect(70, 180, 125, 80),
                                             pdf_project.elements.list()[0].id, page=1)
    assert quote_of(coding) == "[page 1] 指标 网上办理率 办件量"


def test_text_on_a_scanned_page_is_selected_and_coded_from_its_recognised_lines(qtbot, tmp_path):
    """A scanned page has no characters of its own: the lines OCR read (as an OCR import stores
    them) are its text layer, so a drag across the drawn words selects and codes that passage."""
    from pdf_pages_helpers import SCAN_FONT, SCAN_LINES, SCAN_TOPS, scan_blocks, scanned_pdf

    if not os.path.exists(SCAN_FONT):
        pytest.skip("the WenQuanYi Micro Hei font (fonts-wqy-microhei) is not installed")
    text, blocks = scan_blocks()
    project = Project.create(tmp_path / "scan.cwb", title="扫描", coder="tester")
    element = project.elements.add("目录编制")
    source = project.sources.add(kind="text", title="开放通知", data=scanned_pdf(),
                                 file_name="通知.pdf", media_type="application/pdf", text=text,
                                 blocks=blocks)
    viewer = SourceViewer()
    qtbot.addWidget(viewer)
    viewer.set_project(project)
    project.subscribe(viewer.refresh)
    viewer.set_quick_elements([element.id])
    viewer.resize(800, 900)
    viewer.show()
    viewer.show_source(source.id)
    qtbot.waitExposed(viewer)
    pane = viewer._pdf
    view = pane.pages
    _drawn(qtbot, view, 1)
    assert len(view._layers[1]) == len(text) - 1  # every character but the line break
    qtbot.mouseClick(pane.text_mode, Qt.MouseButton.LeftButton)
    # Along the second drawn line, from its first character to the middle of its 7th (门).
    y = (SCAN_TOPS[1] + 35) * 72 / 200
    first = next(c for c in view._layers[1] if c.offset == len(SCAN_LINES[0]) + 1)
    men = next(c for c in view._layers[1] if c.char == "门")
    _drag(qtbot, view, _on_screen(view, 1, first.box[0] + 2, y),
          _on_screen(view, 1, (men.box[0] + men.box[2]) / 2, y))
    assert view.selected_text() == "第一条 各部门"
    qtbot.keyClick(view, "1")
    (coding,) = project.codings.list()
    assert coding.snippet == "第一条 各部门" and coding.start == len(SCAN_LINES[0]) + 1
    qtbot.waitUntil(lambda: bool(view._items.get(coding.id)), timeout=30000)
    if SHOTS:
        viewer.grab().save(os.path.join(SHOTS, "pdf-scan-coded.png"))
    project.close()
