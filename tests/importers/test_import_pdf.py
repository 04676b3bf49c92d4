"""PDF import: Chinese text in CID fonts page by page, pages and paragraphs as blocks, the PDF's
own title and date, scans detected, protected and broken files refused with one sentence.

The PDFs are written here: with ReportLab's built-in CID font STSong-Light (Chinese encoded as
UniGB-UCS2-H, as iText-made government PDFs are) and by hand with an Identity-H font and a
ToUnicode map (as Word and WPS write them), which also lets a character outside the BMP in.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from helpers import pdf_from_objects
from workbench.importers import ImportRefused, read_file
from workbench.importers.document import NeedsOcr, page_of
from workbench.importers.pdf import read_pdf

TITLE = "江临市人民政府办公厅关于推进政务服务“一网通办”的通知"
PARA_1 = ("为深入贯彻落实党中央︐国务院关于深化“放管服”改革的决策部署︐加快推进政务服务“一网"
          "通办”︐现就有关事项通知如下︒")
PARA_2 = "一、总体要求。以企业和群众办事“只进一扇门”“最多跑一次”为目标︐全面推行网上办理︒"
PARA_3 = "二、工作任务。各区︑各部门要在二〇一六年底前完成政务服务事项梳理︒"


def _canvas(buffer: io.BytesIO, **kwargs):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return canvas.Canvas(buffer, pagesize=A4, invariant=1, **kwargs)


def _paragraph(c, text: str, y: float, size: int = 12, per_line: int = 34) -> float:
    """Draw a paragraph the Chinese way: first line indented by two characters, then wrapped."""
    first, rest = text[:per_line - 2], text[per_line - 2:]
    c.setFont("STSong-Light", size)
    c.drawString(72 + 2 * size, y, first)
    while rest:
        y -= size * 1.6
        c.drawString(72, y, rest[:per_line])
        rest = rest[per_line:]
    return y - size * 1.6


def notice_pdf(encrypt=None, title: str | None = TITLE) -> bytes:
    """A three-page government notice; page numbers "— n —" at the foot of each page."""
    buffer = io.BytesIO()
    c = _canvas(buffer, encrypt=encrypt)
    if title:
        c.setTitle(title)
    c.setFont("STSong-Light", 22)
    c.drawCentredString(297, 760, "江临市人民政府办公厅文件")
    c.setFont("STSong-Light", 12)
    c.drawCentredString(297, 720, "江政办发〔2016〕55号")
    c.setFont("STSong-Light", 16)
    c.drawCentredString(297, 680, TITLE)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 640, "各区人民政府︐市政府各委︑办︑局︓")
    _paragraph(c, PARA_1, 610)
    c.drawCentredString(297, 60, "— 1 —")
    c.showPage()
    y = _paragraph(c, PARA_2, 770)
    _paragraph(c, PARA_3, y - 10)
    c.drawCentredString(297, 60, "— 2 —")
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(360, 700, "江临市人民政府办公厅")
    c.drawString(360, 680, "二〇一六年九月二十九日")
    c.drawCentredString(297, 60, "— 3 —")
    c.showPage()
    c.save()
    # ReportLab's invariant mode stamps 2000-01-01; give the PDF a real creation date.
    return buffer.getvalue().replace(b"D:20000101000000", b"D:20160930103000")


def cid_pdf(pages: list[list[str]]) -> bytes:
    """A PDF written by hand: an Identity-H CID font whose ToUnicode map says what each glyph
    is (UTF-16, so 𠮷 is a surrogate pair); one line of text per entry, 20 pt apart."""
    chars = sorted({ch for page in pages for line in page for ch in line})
    gid = {ch: i + 1 for i, ch in enumerate(chars)}
    cmap = "\n".join(f"<{gid[ch]:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch in chars)
    to_unicode = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end").encode()
    n_pages = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        ("<< /Type /Pages /Kids [" + " ".join(f"{6 + 2 * i} 0 R" for i in range(n_pages))
         + f"] /Count {n_pages} >>").encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry "
        b"(Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /FontDescriptor << /Type "
        b"/FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >> >>",
        b"<< /Length %d >>\nstream\n" % len(to_unicode) + to_unicode + b"\nendstream",
    ]
    for i, page in enumerate(pages):
        content = b"".join(
            b"BT /F1 12 Tf 72 %d Td <%s> Tj ET\n"
            % (770 - 20 * n, "".join(f"{gid[ch]:04X}" for ch in line).encode())
            for n, line in enumerate(page))
        objects.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                        f"<< /Font << /F1 3 0 R >> >> /Contents {7 + 2 * i} 0 R >>").encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
    return pdf_from_objects(objects)


def scan_pdf(pages: int = 2) -> bytes:
    """Pages that are only an image each, as a scanner writes them."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    c = _canvas(buffer)
    for n in range(pages):
        image = Image.new("RGB", (400, 560), "white")
        ImageDraw.Draw(image).rectangle((40, 40 + 20 * n, 360, 80 + 20 * n), fill="black")
        c.drawImage(ImageReader(image), 0, 0, width=595, height=842)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(ImportRefused) as refused:
        read_file(path)
    return str(refused.value)


def test_chinese_notice_text_in_reading_order(tmp_path: Path) -> None:
    doc = read_file(_write(tmp_path, "通知.pdf", notice_pdf()))
    assert doc.kind == "text" and doc.media_type == "application/pdf"
    assert doc.title == TITLE  # the PDF's own /Title
    assert doc.date == "2016-09-30"  # its /CreationDate
    vertical = PARA_1.replace("︐", "，").replace("︒", "。")
    assert doc.text.split("\n") == [
        "江临市人民政府办公厅文件", "江政办发〔2016〕55号", TITLE, "各区人民政府，市政府各委、办、局：",
        vertical,
        PARA_2.replace("︐", "，").replace("︒", "。"),
        PARA_3.replace("︑", "、").replace("︒", "。"),
        "江临市人民政府办公厅", "二〇一六年九月二十九日"]
    assert not any("\ufe10" <= ch <= "\ufe4f" for ch in doc.text)  # no vertical forms left
    assert "—" not in doc.text  # the page numbers are not text of the notice
    assert doc.metadata["pages"] == "3"
    # GUESSES for the user, apart from the document's own date: the signing date at the end.
    assert (doc.metadata["date_guess"], doc.metadata["date_guess_from"]) == ("2016-09-29", "text")
    assert doc.data == notice_pdf()


def test_pages_and_paragraphs_are_blocks(tmp_path: Path) -> None:
    doc = read_pdf(notice_pdf(), "通知.pdf")
    pages = [b for b in doc.blocks if b.kind == "page"]
    assert [p.level for p in pages] == [1, 2, 3]
    assert pages[0].start == 0 and pages[-1].end == len(doc.text)
    assert doc.text[pages[1].start:pages[1].end].startswith("一、总体要求")
    paragraphs = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == doc.text.split("\n")
    # a wrapped line is joined to its paragraph without a break
    assert "“一网通办”，现就" in doc.text
    assert page_of(doc.blocks, doc.text.index("总体要求")) == 2
    assert page_of(doc.blocks, doc.text.index("各区人民政府")) == 1
    assert page_of(doc.blocks, doc.text.index("二〇一六年九月二十九日")) == 3
    assert page_of(doc.blocks, pages[0].end) == 1  # the newline between pages: the page before
    assert page_of(doc.blocks, len(doc.text)) == 3  # the end of a coding at the very end
    assert page_of(doc.blocks, len(doc.text) + 1) is None
    assert page_of(doc.blocks, -1) is None
    assert page_of([], 0) is None


def test_identity_h_font_with_tounicode_and_a_character_outside_the_bmp(tmp_path: Path) -> None:
    # The first line ends well before the longest line: a paragraph of its own.
    data = cid_pdf([["第一页︐有𠮷字︒", "第二行"], [], ["第三页的一行比较长的文字"]])
    doc = read_file(_write(tmp_path, "手工.pdf", data))
    assert doc.text == "第一页，有𠮷字。\n第二行\n\n第三页的一行比较长的文字"
    assert doc.title == "手工"  # no /Title: the file name
    assert doc.metadata["pages_without_text"] == "2"
    assert page_of(doc.blocks, doc.text.index("第二行")) == 1
    assert page_of(doc.blocks, doc.text.index("第三页")) == 3  # offsets count 𠮷 as one
    assert [(b.start, b.end) for b in doc.blocks if b.kind == "page"] == [(0, 12), (13, 13),
                                                                          (14, 26)]


def test_a_scan_needs_ocr(tmp_path: Path) -> None:
    path = _write(tmp_path, "扫描件.pdf", scan_pdf(pages=2))
    with pytest.raises(NeedsOcr) as raised:
        read_file(path)
    assert raised.value.pages == 2
    assert isinstance(raised.value, ImportRefused)  # a batch import reports it like a refusal
    assert str(raised.value) == (
        "扫描件.pdf: the PDF has no text layer (its 2 page(s) are scanned images); import it with "
        "text recognition (OCR) to get its text.")


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    from reportlab.lib import pdfencrypt

    data = notice_pdf(encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    assert _refusal(_write(tmp_path, "加密.pdf", data)) == (
        "加密.pdf: the PDF is protected by a password; remove the protection (print to PDF) and "
        "import it again.")


def test_copy_protected_pdf_without_an_open_password_is_read(tmp_path: Path) -> None:
    from reportlab.lib import pdfencrypt

    data = notice_pdf(encrypt=pdfencrypt.StandardEncryption(
        "", ownerPassword="owner", canCopy=0, canModify=0))
    doc = read_file(_write(tmp_path, "禁止复制.pdf", data))
    assert "各区人民政府，市政府各委、办、局：" in doc.text


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9, 0.99])
def test_truncated_pdf_is_refused(tmp_path: Path, fraction: float) -> None:
    data = notice_pdf()
    message = _refusal(_write(tmp_path, "半截.pdf", data[:int(len(data) * fraction)]))
    assert message == (
        "半截.pdf: the PDF is incomplete (the file ends early, as after an unfinished download); "
        "download or copy it again and import the new file.")


@pytest.mark.parametrize("content, expected", [
    (b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n",
     "the PDF is damaged and cannot be read; open it in a PDF reader, print it to a new PDF, "
     "and import that."),
    (b"Not a PDF at all, just some words.",
     "the file has the .pdf extension but is not a PDF document; check that this is the file you "
     "meant, or download it again and import the new file."),
    (b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
     "the file has the .pdf extension but is a web page (HTML); rename it to .html and import it "
     "again."),
])
def test_broken_pdf_is_refused_with_one_sentence(tmp_path: Path, content: bytes,
                                                 expected: str) -> None:
    assert _refusal(_write(tmp_path, "坏.pdf", content)) == "坏.pdf: " + expected


def test_junk_before_the_header_is_tolerated(tmp_path: Path) -> None:
    doc = read_file(_write(tmp_path, "前缀.pdf", b"\r\n\r\n" + cid_pdf([["正文"]])))
    assert doc.text == "正文"


def test_a_pdf_named_docx_is_told_to_rename(tmp_path: Path) -> None:
    assert _refusal(_write(tmp_path, "通知.docx", cid_pdf([["正文"]]))).endswith(
        "is a PDF document; rename it to .pdf and import it again.")
