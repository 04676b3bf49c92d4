"""REFI-QDA and PDFs: a PDF goes out as a PDFSource (the PDF at its path, its page regions as
PDFSelection with a 0-based page and corners in points from the media box's bottom-left as the
standard places them — from the page's top-left for QualCoder, which reads them so — its text as
the Representation with the passages) that validates against Project.xsd, and comes back in with
the same regions on the same pages, on cropped and rotated pages too; files from other tools and
our older exports are read in their own convention; a region that is not on a page of the PDF is
reported and the rest comes in."""
from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from helpers import PROJECT_XSD
from pdf_pages_helpers import layout_pdf
from workbench.core import Project, Rect
from workbench.exchange.refi import export_qdpx, import_qdpx

XSD = PROJECT_XSD  # the schema the app ships (resources/refi)
NS = "{urn:QDA-XML:project:1.0}"


@pytest.fixture
def pdf_study(tmp_path):
    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(layout_pdf(3))
    p = Project.create(tmp_path / "a.cwb", title="PDF", coder="张三")
    table, task = p.elements.add("表格证据"), p.elements.add("工作任务")
    p.import_files([pdf])
    source = p.sources.list()[0]
    text = p.sources.text(source.id)
    region = p.codings.code_region(source.id, Rect(70, 180, 365, 80), table.id, page=1,
                                   memo="统计表")
    figure = p.codings.code_region(source.id, Rect(72, 322, 200, 100), table.id, page=1)
    start = text.index("二、工作任务")
    passage = p.codings.code_text(source.id, start, start + 6, task.id)
    yield p, source, (region, figure, passage)
    p.close()


def _selection_of(pdf_source, coding_guid: str):
    return next(s for s in pdf_source.iter(f"{NS}PDFSelection")
                if s.find(f"{NS}Coding").get("guid").lower() == coding_guid.lower())


def _corners(selection) -> tuple[str, ...]:
    return tuple(selection.get(k) for k in ("page", "firstX", "firstY", "secondX", "secondY"))


def _qde(path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("project.qde"))


def test_a_pdf_is_written_as_a_pdf_source_with_its_page_regions(pdf_study, tmp_path):
    p, source, (region, figure, passage) = pdf_study
    report = export_qdpx(p, tmp_path / "a.qdpx", schema=XSD)
    assert report.valid, report.notes
    root = _qde(tmp_path / "a.qdpx")
    (pdf_source,) = root.iter(f"{NS}PDFSource")
    path = pdf_source.get("path")
    with zipfile.ZipFile(tmp_path / "a.qdpx") as archive:
        assert archive.read("sources/" + path.removeprefix("internal://")) == \
            p.sources.original(source.id)
    table = _selection_of(pdf_source, region.guid)
    # The table lies 180–260 pt down an A4 page (841.89 pt high): 582–662 pt up from its foot.
    assert _corners(table) == ("0", "70", "582", "435", "662")
    assert "PDF regions: points from the media box's bottom-left" in root.get("origin")
    (text_selection,) = pdf_source.find(f"{NS}Representation").iter(f"{NS}PlainTextSelection")
    assert (int(text_selection.get("startPosition")), int(text_selection.get("endPosition"))) \
        == (passage.start, passage.end)


def test_pdf_regions_come_back_on_their_pages(pdf_study, tmp_path):
    p, source, (region, figure, passage) = pdf_study
    export_qdpx(p, tmp_path / "a.qdpx")
    report = import_qdpx(tmp_path / "a.qdpx", tmp_path / "b.cwb")
    q = Project.open(tmp_path / "b.cwb")
    try:
        back = {c.guid: c for c in q.codings.list()}
        for made in (region, figure):
            twin = back[made.guid]
            assert (twin.page, twin.rect, twin.element_name, twin.memo) == \
                (made.page, made.rect, made.element_name, made.memo)
        assert "网上办理率" in back[region.guid].snippet
        assert back[passage.guid].snippet == passage.snippet
        assert report.skipped == []
    finally:
        q.close()


def test_a_region_not_on_a_page_of_the_pdf_is_reported_and_the_rest_comes_in(pdf_study,
                                                                           tmp_path):
    p, source, (region, figure, passage) = pdf_study
    export_qdpx(p, tmp_path / "a.qdpx")
    with zipfile.ZipFile(tmp_path / "a.qdpx") as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    root = etree.fromstring(members["project.qde"])
    _selection_of(next(root.iter(f"{NS}PDFSource")), region.guid).set("page", "7")
    members["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "c.qdpx", "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    report = import_qdpx(tmp_path / "c.qdpx", tmp_path / "c.cwb")
    q = Project.open(tmp_path / "c.cwb")
    try:
        guids = {c.guid for c in q.codings.list()}
        assert region.guid not in guids and {figure.guid, passage.guid} <= guids
        (skipped,) = report.skipped
        assert skipped.kind == "coding" and "has no page 8" in skipped.reason
    finally:
        q.close()


def test_an_export_for_qualcoder_places_regions_from_the_top_left(pdf_study, tmp_path):
    p, source, (region, figure, passage) = pdf_study
    assert export_qdpx(p, tmp_path / "q.qdpx", schema=XSD, target="qualcoder").valid
    root = _qde(tmp_path / "q.qdpx")
    table = _selection_of(next(root.iter(f"{NS}PDFSource")), region.guid)
    assert _corners(table) == ("0", "70", "180", "435", "260")
    import_qdpx(tmp_path / "q.qdpx", tmp_path / "q.cwb")
    q = Project.open(tmp_path / "q.cwb")
    try:
        assert {c.guid: c.rect for c in q.codings.list()}[region.guid] == region.rect
    finally:
        q.close()


def _with_origin(path, out, origin: str, corners: tuple[int, int, int, int] | None = None,
                 guid: str = "") -> None:
    """A copy of an export as another tool (``origin``) would have written it, with one
    selection's corners replaced."""
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    root = etree.fromstring(members["project.qde"])
    root.set("origin", origin)
    if corners:
        selection = _selection_of(next(root.iter(f"{NS}PDFSource")), guid)
        for key, value in zip(("firstX", "firstY", "secondX", "secondY"), corners):
            selection.set(key, str(value))
    members["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("origin, corners", [
    ("ATLAS.ti Windows 23.2", (70, 582, 435, 662)),
    ("QualCoder 3.6", (70, 180, 435, 260)),
    ("Case Workbench 0.1.0; positions: UTF-16 units", (70, 180, 435, 260)),
], ids=["a tool of the standard", "QualCoder", "our export before the mark"])
def test_regions_from_each_producer_are_read_in_its_convention(pdf_study, tmp_path, origin,
                                                                corners):
    p, source, (region, figure, passage) = pdf_study
    export_qdpx(p, tmp_path / "a.qdpx")
    _with_origin(tmp_path / "a.qdpx", tmp_path / "o.qdpx", origin, corners, region.guid)
    report = import_qdpx(tmp_path / "o.qdpx", tmp_path / "o.cwb")
    q = Project.open(tmp_path / "o.cwb")
    try:
        back = {c.guid: c for c in q.codings.list()}[region.guid]
        assert (back.page, back.rect) == (1, Rect(70, 180, 365, 80)), report.skipped
        assert "网上办理率" in back.snippet
    finally:
        q.close()


def test_regions_of_cropped_and_rotated_pages_keep_their_place(tmp_path):
    """A page cropped inside a media box that does not start at 0,0, and a page turned a
    quarter: the corners written are the media box's, and come back as the shown rectangle."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(layout_pdf(2))
    first, second = document[0], document[1]
    first.set_mediabox(-20, -30, 595.28, 841.89)
    first.set_cropbox(10, 20, 585, 830)
    second.set_rotation(90)
    buffer = io.BytesIO()
    document.save(buffer)
    for page in (first, second):
        page.close()
    document.close()
    (tmp_path / "turned.pdf").write_bytes(buffer.getvalue())
    p = Project.create(tmp_path / "t.cwb", title="PDF", coder="张三")
    try:
        element = p.elements.add("表格证据")
        p.import_files([tmp_path / "turned.pdf"])
        source = p.sources.list()[0]
        cropped = p.codings.code_region(source.id, Rect(60, 170, 365, 80), element.id, page=1)
        turned = p.codings.code_region(source.id, Rect(10, 60, 40, 500), element.id, page=2)
        assert export_qdpx(p, tmp_path / "t.qdpx", schema=XSD).valid
        selections = {s.find(f"{NS}Coding").get("guid").lower(): _corners(s)
                      for s in _qde(tmp_path / "t.qdpx").iter(f"{NS}PDFSelection")}
    finally:
        p.close()
    # Shown x 60 is 10 + 60 = 70 in page space, 90 from the media box's left edge (-20); shown
    # y 170–250 is 830 - 250 = 580 up to 660 in page space, 610–690 above its foot (-30).
    assert selections[cropped.guid.lower()] == ("0", "90", "610", "455", "690")
    # A quarter turn clockwise: shown x runs up the page, shown y along it from the left.
    assert selections[turned.guid.lower()] == ("1", "60", "10", "560", "50")
    import_qdpx(tmp_path / "t.qdpx", tmp_path / "back.cwb")
    q = Project.open(tmp_path / "back.cwb")
    try:
        back = {c.guid: c.rect for c in q.codings.list()}
        assert (back[cropped.guid], back[turned.guid]) == (cropped.rect, turned.rect)
    finally:
        q.close()
