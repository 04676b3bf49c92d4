"""Scanned pages among the text pages of a PDF (an attachment scanned into a text file): with
OCR asked for, only the pages without text are recognised and their lines go in at their page's
place, with their boxes, the other pages' text and positions moved along; without OCR the file
is read as before and the empty page is said. The lines are first given by hand (OcrLine, as the
recognizer makes them) to check the places exactly, then a page is recognised for real."""
from __future__ import annotations

from pathlib import Path

import pytest

from pdf_pages_helpers import MIXED_TEXT, SCAN_FONT, SCAN_LINES, mixed_pdf
from workbench.importers.ocr import OcrLine, OcrPage, lines_to_text
from workbench.importers.pdf import read_pdf
from workbench.importers.pdf_scanned_pages import _merged, empty_pages

if not Path(SCAN_FONT).exists():
    pytest.skip("the WenQuanYi Micro Hei font (fonts-wqy-microhei) is not installed",
                allow_module_level=True)


def _page_text(document, number: int) -> str:
    (block,) = [b for b in document.blocks if b.kind == "page" and b.level == number]
    return document.text[block.start:block.end]


def _recognised(number: int) -> dict:
    """What recognising the scanned page gives: SCAN_LINES with boxes (pixels at 200 dpi)."""
    lines = [OcrLine(text, (200, 300 + 200 * k, 60 * len(text), 70), (), 0.9)
             for k, text in enumerate(SCAN_LINES)]
    text, ranges = lines_to_text(lines)
    return {number: (text, list(ranges), OcrPage(number, 1654, 2339, tuple(lines), (), 200.0))}


@pytest.mark.parametrize("first_scanned", [False, True], ids=["middle page", "first page"])
def test_recognised_lines_go_in_at_their_pages_place(first_scanned):
    document = read_pdf(mixed_pdf(first_scanned), "通知.pdf")
    scanned = 1 if first_scanned else 2
    assert empty_pages(document) == [scanned] and document.pages_without_text == 1
    before = {n: _page_text(document, n) for n in (1, 2, 3) if n != scanned}
    merged = _merged(document, _recognised(scanned))
    assert _page_text(merged, scanned) == "\n".join(SCAN_LINES)
    assert {n: _page_text(merged, n) for n in before} == before  # moved, not changed
    assert merged.text.count(MIXED_TEXT[1]) == 1
    (page,) = merged.ocr_pages
    assert [merged.text[s:e] for s, e in page.ranges] == SCAN_LINES and page.dpi == 200.0
    paragraphs = [merged.text[b.start:b.end] for b in merged.blocks if b.kind == "paragraph"]
    assert paragraphs.count(SCAN_LINES[1]) == 1 and MIXED_TEXT[1] in paragraphs
    assert merged.pages_without_text == 0 and merged.metadata["pages_without_text"] == ""
    assert f"page(s) {scanned} had no text of their own" in str(merged.warnings[-1])


@pytest.mark.slow
def test_a_scanned_attachment_page_is_recognised_on_import_and_has_a_text_layer(tmp_path):
    from workbench.core import Project, Rect
    from workbench.core.pdf_pages import PdfPages, text_layer

    path = tmp_path / "附件扫描.pdf"
    path.write_bytes(mixed_pdf())
    with Project.create(tmp_path / "ocr.cwb", title="混合", coder="tester") as project:
        report = project.import_files([path], ocr=True)
        (source,) = report.imported
        text = project.sources.text(source.id)
        blocks = project.sources.blocks(source.id)
        page_text = {b.level: text[b.start:b.end] for b in blocks if b.kind == "page"}
        assert page_text[1] == MIXED_TEXT[0] and page_text[3] == MIXED_TEXT[1]
        assert "各部门" in page_text[2] and "2024" in page_text[2]
        lines = project.sources.recognised_lines(source.id)
        assert lines and {line.level for line in lines} == {2}
        assert any("page(s) 2 had no text" in w or "第 2 页本身没有文字" in w
                   for w in source.metadata["quality"]["importer_warnings"])
        pdf = PdfPages(project.sources.original(source.id))
        try:  # page 3's own characters still find their (moved) place in the text
            third = [c for c in text_layer(pdf, 3, text, blocks) if c.offset is not None]
            assert "".join(text[c.offset] for c in third) == MIXED_TEXT[1]
        finally:
            pdf.close()
        region = project.codings.code_region(
            source.id, Rect(40, 172, 540, 40), project.elements.add("目录").id, page=2)
        assert "各部门" in region.snippet and region.start is not None


def test_without_ocr_the_scanned_page_stays_empty_and_is_said(tmp_path):
    from workbench.core import Project

    path = tmp_path / "附件扫描.pdf"
    path.write_bytes(mixed_pdf())
    with Project.create(tmp_path / "plain.cwb", title="混合", coder="tester") as project:
        (source,) = project.import_files([path]).imported
        assert source.metadata["pages_without_text"] == "2"
        assert not project.sources.recognised_lines(source.id)


@pytest.mark.slow
def test_reextract_with_ocr_reads_the_scanned_page_and_keeps_it_when_read_again(tmp_path):
    """Imported without OCR, then re-extracted with it: the scanned page gets its text, the
    coding on the page after it keeps its quote at its moved place; a later re-extraction
    without asking for OCR reads that page by OCR again instead of dropping its text."""
    from workbench.core import Project
    from workbench.importers.reextract import CHANGED, SAME, reextract

    path = tmp_path / "附件扫描.pdf"
    path.write_bytes(mixed_pdf())
    with Project.create(tmp_path / "later.cwb", title="混合", coder="tester") as project:
        (source,) = project.import_files([path]).imported
        text = project.sources.text(source.id)
        start = text.index("附件二")
        coding = project.codings.code_text(source.id, start, start + 3,
                                           project.elements.add("附件").id)
        (done,) = reextract(project, [source.id], ocr=True)
        assert done.status == CHANGED and done.codings == 1, done.sentence
        new = project.sources.text(source.id)
        moved = project.codings.get(coding.id)
        assert new[moved.start:moved.end] == "附件二" and moved.start > start
        assert "各部门" in new and project.sources.recognised_lines(source.id)
        (again,) = reextract(project, [source.id])
        assert again.status == SAME, again.sentence
        assert project.sources.text(source.id) == new
