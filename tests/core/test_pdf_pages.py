"""A PDF as pages (core/pdf_pages.py): pages drawn by pdfium, their sizes in points, the text
layer's characters tied to the stored text (a Chinese CID font, a table read in another order
than pdfminer's), the text inside a rectangle, and a damaged page that leaves the others be."""
from __future__ import annotations

import pytest

from pdf_pages_helpers import TABLE, layout_pdf
from workbench.core import InvalidInputError
from workbench.core.pdf_pages import PageUnreadable, PdfPages, text_in_rect, text_layer
from workbench.importers.pdf import read_pdf

A4 = (595.28, 841.89)
TABLE_RECT = (70, 180, 365, 80)  # the table's three rows, in points from the top-left


@pytest.fixture(scope="module")
def pdf():
    data = layout_pdf(3)
    return data, read_pdf(data, "通知.pdf"), PdfPages(data, "通知.pdf")


def test_pages_and_sizes_in_points(pdf):
    _, _, pages = pdf
    assert pages.pages == 3
    assert pages.size(2) == pytest.approx(A4, abs=0.01)
    with pytest.raises(InvalidInputError, match="no page 4"):
        pages.size(4)


def test_render_draws_the_page_at_the_scale_asked(pdf):
    _, _, pages = pdf
    shot = pages.render(1, 2.0)
    assert (shot.width, shot.height) == (round(A4[0] * 2), round(A4[1] * 2))
    assert len(shot.data) == shot.stride * shot.height
    # The picture (blue, 72..272 pt across, 322..422 pt down) is drawn where it is placed.
    x, y = 172 * 2, 372 * 2
    blue, green, red = shot.data[y * shot.stride + x * 4:y * shot.stride + x * 4 + 3]
    assert (red, green, blue) == (40, 120, 200)
    corner = shot.data[0:3]
    assert corner == b"\xff\xff\xff"  # paper is white


def test_render_is_bounded_in_pixels(pdf, monkeypatch):
    from workbench.core import pdf_pages

    monkeypatch.setattr(pdf_pages, "MAX_PIXELS", 100_000)
    shot = pdf[2].render(1, 10.0)
    assert shot.width * shot.height <= 100_000 * 1.01 and shot.scale < 1


def test_text_layer_ties_every_character_to_the_stored_text(pdf):
    _, doc, pages = pdf
    layer = text_layer(pages, 1, doc.text, doc.blocks)
    tied = [c for c in layer if c.offset is not None]
    assert len(tied) == len([c for c in layer if not c.char.isspace()])
    assert "".join(doc.text[c.offset] for c in tied[:21]) == "江临市人民政府办公厅关于推进政务服务的通知"
    # Vertical punctuation as drawn (︐) is the horizontal mark (，) of the stored text.
    comma = next(c for c in layer if c.char == "︐")
    assert doc.text[comma.offset] == "，"
    first = layer[0]
    assert first.box[0] == pytest.approx(72, abs=1) and 60 < first.box[1] < first.box[3] < 90


def test_later_pages_map_into_their_own_page_block(pdf):
    _, doc, pages = pdf
    layer = text_layer(pages, 3, doc.text, doc.blocks)
    start = doc.text.index("第3页")
    assert [c.offset for c in layer if c.offset is not None][0] == start


def test_text_in_a_rectangle_is_the_quote_and_its_passage(pdf):
    _, doc, pages = pdf
    layer = text_layer(pages, 1, doc.text, doc.blocks)
    quote, start, end = text_in_rect(layer, TABLE_RECT, doc.text)
    for row in TABLE:
        for cell in row:
            assert cell in quote
    assert doc.text[start:end] == quote  # the whole table is one passage of the stored text
    # One row of the table is not one passage (pdfminer reads tables by column).
    quote, start, end = text_in_rect(layer, (70, 205, 365, 20), doc.text)
    assert quote.split("\n") == TABLE[1] and start is None and end is None
    assert text_in_rect(layer, (300, 300, 50, 50), doc.text) == ("", None, None)


def test_a_damaged_page_is_one_sentence_and_the_others_still_work():
    data = layout_pdf(3).replace(b"6 0 obj\n<<\n/Contents", b"6 0 obj\n[[\n/Contents", 1)
    pages = PdfPages(data, "坏.pdf")
    with pytest.raises(PageUnreadable, match="Page 2 of “坏.pdf” is damaged"):
        pages.render(2, 1.0)
    with pytest.raises(PageUnreadable):
        pages.chars(2)
    assert pages.render(3, 0.5).width > 0 and pages.chars(1)


def test_a_file_that_is_no_pdf_is_refused_in_one_sentence():
    with pytest.raises(InvalidInputError, match="cannot be opened as pages"):
        PdfPages(b"%PDF-1.4 nothing else", "空.pdf")


def test_too_many_drawing_objects_is_refused_before_drawing(pdf, monkeypatch):
    from workbench.core import pdf_pages

    monkeypatch.setattr(pdf_pages, "MAX_OBJECTS", 3)
    with pytest.raises(PageUnreadable, match="too many drawing objects"):
        pdf[2].render(1, 1.0)


def test_a_closed_document_refuses_pages_in_a_sentence():
    pages = PdfPages(layout_pdf(2), "关.pdf")
    pages.size(1)
    pages.close()
    pages.close()  # twice is harmless
    with pytest.raises(PageUnreadable):
        pages.render(1, 1.0)
    with pytest.raises(PageUnreadable):
        pages.size(2)
