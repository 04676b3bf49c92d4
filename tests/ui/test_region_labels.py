"""The element's name on a coded image region sits outside the region, so it never hides the
recognised line the region was drawn around."""
from __future__ import annotations

from workbench.core import Rect
from workbench.ui.image_regions import RegionItem


def test_the_name_is_drawn_above_the_region_or_below_it_at_the_top(qtbot, viewer_project):
    image = next(s for s in viewer_project.sources.list() if s.kind == "image")
    element = viewer_project.elements.list()[0]
    for rect in (Rect(10, 40, 60, 20), Rect(0, 0, 60, 20)):
        coding = viewer_project.codings.code_region(image.id, rect, element.id)
        item = RegionItem(coding.id)
        item.show_coding(coding, "#336699", emphasised=False)
        label = item._label_box.mapRectToParent(item._label_box.rect())
        region = item.rect()
        assert label.bottom() <= region.top() or label.top() >= region.bottom(), (label, region)


def test_coded_regions_show_as_pictures_in_the_lists(qtbot, viewer_project):
    from PySide6.QtCore import Qt

    from workbench.ui.interactions_panel import InteractionsPanel
    from workbench.ui.segments_panel import SegmentsPanel

    image = next(s for s in viewer_project.sources.list() if s.kind == "image")
    text = next(s for s in viewer_project.sources.list() if s.kind == "text")
    first, second = viewer_project.elements.list()[:2]
    region = viewer_project.codings.code_region(image.id, Rect(5, 5, 40, 20), first.id)
    passage = viewer_project.codings.code_text(text.id, 0, 2, first.id)
    segments = SegmentsPanel()
    qtbot.addWidget(segments)
    segments.set_project(viewer_project)
    segments.show_element(first.id)
    rows = {segments.model.coding_at(r).id: r for r in range(segments.model.rowCount())}
    picture = segments.model.data(segments.model.index(rows[region.id], 0),
                                  Qt.ItemDataRole.DecorationRole)
    assert picture is not None and not picture.isNull()
    assert 0 < picture.height() <= segments.model.thumbnails.size.height()
    assert segments.model.data(segments.model.index(rows[passage.id], 0),
                               Qt.ItemDataRole.DecorationRole) is None
    viewer_project.interactions.add(first.id, second.id, "promotes",
                                    evidence=[region.id, passage.id])
    panel = InteractionsPanel()
    qtbot.addWidget(panel)
    panel.set_project(viewer_project)
    panel.select_interaction(viewer_project.interactions.list()[0].id)
    icons = [not panel.evidence.item(r, 0).icon().isNull() for r in range(panel.evidence.rowCount())]
    assert sorted(icons) == [False, True]


def test_retrieved_regions_show_their_picture(qtbot, viewer_project):
    from PySide6.QtCore import Qt

    from workbench.analysis.retrieval import retrieve
    from workbench.ui.retrieved_model import RetrievedModel

    image = next(s for s in viewer_project.sources.list() if s.kind == "image")
    element = viewer_project.elements.list()[0]
    viewer_project.codings.code_region(image.id, Rect(5, 5, 40, 20), element.id)
    model = RetrievedModel()
    model.set_project(viewer_project)
    model.set_rows(retrieve(viewer_project), context=10, muted="#888")
    pictures = [model.data(model.index(r, 0), Qt.ItemDataRole.DecorationRole)
                for r in range(model.rowCount())]
    assert any(p is not None and not p.isNull() for p in pictures)


def test_the_codings_behind_a_matrix_cell_show_region_pictures(qtbot, viewer_project):
    from workbench.ui.analysis_common import CodingList

    image = next(s for s in viewer_project.sources.list() if s.kind == "image")
    element = viewer_project.elements.list()[0]
    region = viewer_project.codings.code_region(image.id, Rect(5, 5, 40, 20), element.id)
    listed = CodingList()
    qtbot.addWidget(listed)
    listed.show_codings(viewer_project, [region.id])
    assert not listed.item(0).icon().isNull()


def test_a_coded_region_of_a_pdf_page_shows_as_its_picture(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from pdf_pages_helpers import layout_pdf
    from workbench.core import Project
    from workbench.ui.segments_panel import SegmentsPanel

    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(layout_pdf(1))
    with Project.create(tmp_path / "p.cwb", title="PDF") as project:
        element = project.elements.add("图表")
        project.import_files([pdf])
        source = project.sources.list()[0]
        coding = project.codings.code_region(source.id, Rect(72, 322, 200, 100), element.id,
                                             page=1)
        panel = SegmentsPanel()
        qtbot.addWidget(panel)
        panel.set_project(project)
        panel.show_element(element.id)
        assert panel.model.coding_at(0).id == coding.id
        picture = panel.model.data(panel.model.index(0, 0), Qt.ItemDataRole.DecorationRole)
        assert picture is not None and not picture.isNull()
        colour = picture.toImage().pixelColor(picture.width() // 2, picture.height() // 2)
        assert colour.blue() > colour.red()  # the blue picture of the test page
        panel.set_project(None)
