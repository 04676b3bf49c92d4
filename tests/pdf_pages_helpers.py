"""Builders of PDFs laid out as pages (Chinese text in a CID font, a table, an image), shared
by the core and window tests of the page view."""
from __future__ import annotations

import io

from helpers import png_bytes

PAGE_1 = ["江临市人民政府办公厅关于推进政务服务的通知", "各区人民政府︐市政府各委︑办︑局︓"]
TABLE = [["指标", "2015年", "2016年"], ["网上办理率", "35%", "80%"], ["办件量", "1200", "5600"]]
PAGE_2 = ["二、工作任务。各区要在年底前完成事项梳理。"]


def layout_pdf(pages: int = 2) -> bytes:
    """A4 pages: page 1 a title, a greeting line, a 3×3 table (text in its cells, ruled) and a
    picture; page 2 and any further pages one line of text each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.setFont("STSong-Light", 16)
    c.drawString(72, 760, PAGE_1[0])
    c.setFont("STSong-Light", 12)
    c.drawString(72, 720, PAGE_1[1])
    # The table: cells 120 pt wide, 24 pt high, from (72, 640) down.
    for row, cells in enumerate(TABLE):
        for col, text in enumerate(cells):
            x, y = 72 + col * 120, 640 - row * 24
            c.rect(x, y - 6, 120, 24)
            c.drawString(x + 6, y + 2, text)
    c.drawImage(ImageReader(io.BytesIO(png_bytes(200, 100, (40, 120, 200)))), 72, 420,
                width=200, height=100)
    c.showPage()
    for number in range(2, pages + 1):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 760, PAGE_2[0] if number == 2 else f"第{number}页的正文。")
        c.showPage()
    c.save()
    return buffer.getvalue()


SCAN_LINES = ["江临市数据局关于公共数据开放的通知", "第一条 各部门应当于2024年底前完成目录编制。"]
SCAN_DPI = 200
SCAN_TOPS = (300, 500)  # where each line is drawn, in pixels of the 200-dpi page
SCAN_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def scanned_pdf() -> bytes:
    """An A4 page that is one 200-dpi picture of SCAN_LINES (no text of its own), drawn 60 px
    high from x = 200 at the SCAN_TOPS, as a scanner makes it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.drawImage(ImageReader(_scan_picture()), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return buffer.getvalue()


def _scan_picture():
    """The 200-dpi A4 picture of SCAN_LINES, drawn 60 px high from x = 200 at the SCAN_TOPS."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4

    width, height = round(A4[0] * SCAN_DPI / 72), round(A4[1] * SCAN_DPI / 72)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(SCAN_FONT, 60)
    for top, line in zip(SCAN_TOPS, SCAN_LINES):
        draw.text((200, top), line, font=font, fill=0)
    return image


def scan_blocks(dpi: float | None = SCAN_DPI) -> tuple[str, list[dict]]:
    """The text and blocks an OCR import stores for scanned_pdf(): a page block and one
    ocr-line per line, its box where the line is drawn (pixels), with the dpi when given."""
    text = "\n".join(SCAN_LINES)
    blocks: list[dict] = [{"kind": "page", "start": 0, "end": len(text), "level": 1}]
    start = 0
    for top, line in zip(SCAN_TOPS, SCAN_LINES):
        block = {"kind": "ocr-line", "start": start, "end": start + len(line), "level": 1,
                 "box": [200, top, 60 * len(line), 70]}
        if dpi:
            block["dpi"] = dpi
        blocks.append(block)
        start += len(line) + 1
    return text, blocks


MIXED_TEXT = ["第一页：江临市人民政府关于开放公共数据的通知", "第三页：附件二为开放目录。"]


def mixed_pdf(first_scanned: bool = False) -> bytes:
    """Three A4 pages: text, a scanned page (the picture of SCAN_LINES as scanned_pdf draws it),
    text — or, with ``first_scanned``, the scan first and then the two text pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    image = _scan_picture()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)

    def text_page(line: str) -> None:
        c.setFont("STSong-Light", 14)
        c.drawString(72, 760, line)
        c.showPage()

    def scanned_page() -> None:
        c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
        c.showPage()

    if first_scanned:
        scanned_page()
        text_page(MIXED_TEXT[0])
    else:
        text_page(MIXED_TEXT[0])
        scanned_page()
    text_page(MIXED_TEXT[1])
    c.save()
    return buffer.getvalue()
