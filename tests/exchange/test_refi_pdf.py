"""REFI-QDA and PDFs: a PDF goes out as a PDFSource (the PDF at its path, its page regions as
PDFSelection with a 0-based page and corners in points, its text as the Representation with
the passages) that validates against Project.xsd, and comes back in with the same regions on the
same pages; a region that is not on a page of the PDF is reported and the rest comes in."""
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
    assert (table.get("page"), table.get("firstX"), table.get("firstY"), table.get("secondX"),
            table.get("secondY")) == ("0", "70", "180", "435", "260")
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
