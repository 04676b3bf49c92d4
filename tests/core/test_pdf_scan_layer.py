"""The text layer of a scanned PDF page comes from its recognised lines (core/pdf_scan_layer.py):
boxes scaled from the OCR picture's pixels to points, characters tied to the stored text, so a
region or a selection on a scanned page has its quote. The lines are first given as the importer
stores them (with and without their dpi, and with a dpi from a damaged file); then a page is
recognised for real and coded."""
from __future__ import annotations

from pathlib import Path

import pytest

from pdf_pages_helpers import SCAN_FONT, SCAN_LINES, SCAN_TOPS, scan_blocks, scanned_pdf
from workbench.core import Project, Rect
from workbench.core.pdf_pages import PdfPages, text_in_rect, text_layer
from workbench.core.pdf_regions import page_region

if not Path(SCAN_FONT).exists():
    pytest.skip("the WenQuanYi Micro Hei font (fonts-wqy-microhei) is not installed",
                allow_module_level=True)

POINTS = 72 / 200  # points per pixel of the 200-dpi scan


@pytest.fixture(scope="module")
def scan() -> bytes:
    return scanned_pdf()


def _stored(tmp_path, scan: bytes, dpi=200) -> tuple[Project, int]:
    """A project holding the scan with its text and lines stored as an OCR import stores them."""
    text, blocks = scan_blocks(dpi)
    if dpi == "damaged":
        for block in blocks[1:]:
            block["dpi"] = "not a number"
    project = Project.create(tmp_path / "scan.cwb", title="扫描", coder="tester")
    source = project.sources.add(kind="text", title="开放通知", data=scan, file_name="通知.pdf",
                                 media_type="application/pdf", text=text, blocks=blocks)
    return project, source.id


def test_a_scanned_page_has_no_characters_of_its_own(scan):
    assert PdfPages(scan, "通知.pdf").chars(1) == []


@pytest.mark.parametrize("dpi", [200, None, "damaged"],
                         ids=["dpi stored", "dpi of the importer", "dpi unreadable"])
def test_the_recognised_lines_are_the_layer_in_points(tmp_path, scan, dpi):
    project, source_id = _stored(tmp_path, scan, dpi)
    try:
        text = project.sources.text(source_id)
        layer = text_layer(PdfPages(scan), 1, text, project.sources.blocks(source_id))
    finally:
        project.close()
    assert [c.offset for c in layer] == [i for i, ch in enumerate(text) if ch != "\n"]
    assert all(c.char == text[c.offset] for c in layer)
    first, last = layer[0], layer[len(SCAN_LINES[0]) - 1]
    assert first.box[:2] == pytest.approx((200 * POINTS, SCAN_TOPS[0] * POINTS))
    assert last.box[2] == pytest.approx((200 + 60 * len(SCAN_LINES[0])) * POINTS)
    # A CJK character is a full em; a digit of "2024" about half of one.
    second = [c for c in layer if c.offset > len(SCAN_LINES[0])]
    widths = {c.char: c.box[2] - c.box[0] for c in second}
    assert widths["2"] == pytest.approx(0.55 * widths["条"])


def test_a_region_around_a_scanned_line_is_coded_with_that_line(tmp_path, scan):
    project, source_id = _stored(tmp_path, scan)
    try:
        top = SCAN_TOPS[1] * POINTS
        rect = Rect(60, top - 5, 525, 70 * POINTS + 10)
        coding = project.codings.code_region(source_id, rect, project.elements.add("目录").id,
                                             page=1)
        text = project.sources.text(source_id)
        layer = text_layer(PdfPages(scan), 1, text, project.sources.blocks(source_id))
    finally:
        project.close()
    assert coding.snippet == SCAN_LINES[1]
    assert (coding.start, coding.end) == (len(SCAN_LINES[0]) + 1, len(text))
    # Half a line (the clause mark and its subject) is a passage of its own.
    men = next(c for c in layer if c.char == "门")
    quote, start, _ = text_in_rect(layer, (60, top - 5, men.box[2] - 1 - 60, 70 * POINTS + 10),
                                   text)
    assert quote == "第一条 各部门" and start == len(SCAN_LINES[0]) + 1


@pytest.mark.slow
def test_a_page_recognised_for_real_can_be_coded_by_region(tmp_path, scan):
    """Imported with OCR (rapidocr): the page's lines are stored with their dpi, and a rectangle
    around the second drawn line quotes what was recognised there."""
    path = tmp_path / "开放通知.pdf"
    path.write_bytes(scan)
    project = Project.create(tmp_path / "ocr.cwb", title="扫描", coder="tester")
    try:
        report = project.import_files([path], ocr=True)
        assert len(report.imported) == 1, report
        source = project.sources.list()[0]
        lines = project.sources.recognised_lines(source.id)
        assert lines and all(line.dpi == 200 for line in lines)
        top = SCAN_TOPS[1] * POINTS
        found = page_region(project, source.id, 1, Rect(40, top - 8, 540, 60 * POINTS + 16))
        recognised = project.sources.text(source.id)
    finally:
        project.close()
    second = next(line for line in recognised.splitlines() if "各部门" in line)
    assert found["snippet"] == second
    assert recognised[found["start_offset"]:found["end_offset"]] == second
    assert "2024" in second and "公共数据" not in found["snippet"]
