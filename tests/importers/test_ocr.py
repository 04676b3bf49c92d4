"""Offline OCR of screenshots: recognised text, boxes where the text was drawn, very tall pages
through tiles, progress and cancelling, limits, and scanned PDFs read through OCR.

The screenshots are drawn here with Qt (QImage + QPainter, the installed CJK font), as a
government portal's banner looks; the OCR itself imports no Qt.
"""
from __future__ import annotations

import io
import os
import sys

import pytest

from workbench.core.progress import Progress
from workbench.importers import ImportRefused
from workbench.importers import ocr
from workbench.importers.ocr import OcrCancelled, OcrLine, lines_to_text, recognise

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def screenshot(width: int, height: int, lines: list[tuple[str, int, int]]) -> bytes:
    """PNG bytes of a white image with each (text, top y, pixel size) drawn at x=40. Needs the
    application object for fonts: tests ask for pytest-qt's ``qapp`` (a QApplication, which the
    window's tests share; a bare QGuiApplication here would make theirs impossible)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QColor(20, 20, 20))
    for text, top, size in lines:
        font = QFont("WenQuanYi Micro Hei")
        font.setPixelSize(size)
        painter.setFont(font)
        painter.drawText(QRect(40, top, width - 80, int(size * 1.5)),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def _find(lines: list[OcrLine], phrase: str) -> OcrLine:
    found = [line for line in lines if phrase in line.text.replace(" ", "")]
    assert found, f"{phrase!r} not in {[line.text for line in lines]}"
    return found[0]


BANNER = [("江临市人民政府门户网站", 30, 44), ("政务服务一网通办", 110, 36),
          ("Jiangling Municipal Government", 170, 28)]


@pytest.mark.slow
def test_portal_banner_is_read_where_it_was_drawn(qapp) -> None:
    lines = recognise(screenshot(900, 230, BANNER))
    assert [line.text for line in lines][:1] and len(lines) == 3
    for (text, top, size), line in zip(BANNER, lines):  # reading order: top to bottom
        found = _find([line], text.replace(" ", "")[:6])
        x, y, w, h = found.box
        assert 30 <= x <= 60 and top - 10 <= y and y + h <= top + size * 1.5 + 10
        assert len(found.polygon) == 4 and 0.5 < found.confidence <= 1.0
    assert "Jiangling" in lines[2].text and "Government" in lines[2].text
    text, ranges = lines_to_text(lines)
    assert text.split("\n") == [line.text for line in lines]
    assert [text[s:e] for s, e in ranges] == [line.text for line in lines]


@pytest.mark.slow
def test_tall_page_is_read_through_overlapping_tiles(qapp) -> None:
    spans = ocr.tile_spans(5000)
    assert spans == [(0, 1600), (1500, 3100), (3000, 4600), (4500, 5000)]
    image = screenshot(900, 5000, [("页面顶部的标题", 100, 40),
                                   ("跨越分块边界的一行", 1530, 40),  # inside the 1500-1600 overlap
                                   ("页面底部的版权信息", 4880, 40)])
    updates: list[tuple[int, int]] = []
    progress = Progress(on_update=lambda done, total, _: updates.append((done, total)))
    lines = recognise(image, progress=progress, file_name="长截图.png")
    assert [line.text for line in lines] == ["页面顶部的标题", "跨越分块边界的一行", "页面底部的版权信息"]
    top, border, bottom = (line.box for line in lines)
    assert 90 <= top[1] <= 110
    assert 1520 <= border[1] <= 1545 and border[3] < 70  # once, whole, in page coordinates
    assert 4870 <= bottom[1] <= 4890 and bottom[1] + bottom[3] <= 5000
    assert updates[0] == (0, 4) and updates[-1] == (4, 4)


@pytest.mark.slow
def test_cancelling_stops_between_tiles(qapp) -> None:
    image = screenshot(600, 3500, [("第一块", 100, 40)])
    progress = Progress(on_update=lambda done, total, _: progress.cancel() if done == 1 else None)
    with pytest.raises(OcrCancelled):
        recognise(image, progress=progress)
    assert progress.done == 1  # the second of three tiles was never started


@pytest.mark.slow
def test_scanned_pdf_is_read_through_ocr() -> None:
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from workbench.importers.document import page_of
    from workbench.importers.pdf import read_pdf_with_ocr

    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 40)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    c.setTitle("扫描的通知")
    for text in ("第一页扫描文字", "第二页扫描文字"):
        page = Image.new("L", (800, 1100), 255)
        ImageDraw.Draw(page).text((80, 120), text, font=font, fill=0)
        c.drawImage(ImageReader(page), 0, 0, width=595, height=842)
        c.showPage()
    c.save()
    doc = read_pdf_with_ocr(buffer.getvalue(), "扫描件.pdf")
    assert doc.text == "第一页扫描文字\n第二页扫描文字"
    assert doc.title == "扫描的通知" and doc.metadata == {"pages": "2", "ocr": "yes"}
    assert page_of(doc.blocks, doc.text.index("第二页")) == 2
    second = doc.ocr_pages[1]
    # The page is rendered (A4 at 200 dpi), not its image taken: boxes are in the rendered
    # page's pixels, and dpi turns them into the page's points.
    assert (second.page, second.width, second.height, second.dpi) == (2, 1654, 2339, 200)
    start, end = second.ranges[0]
    assert doc.text[start:end] == "第二页扫描文字" == second.lines[0].text
    x, y = (v * 72 / second.dpi for v in second.lines[0].box[:2])
    assert 50 <= x <= 68 and 80 <= y <= 100  # drawn at (80, 120) of 800×1100 on 595×842 pt
    assert doc.warnings == [] and 0.8 < doc.ocr_confidence <= 1


def test_reading_order_and_ranges_follow_the_given_lines() -> None:
    def line(text: str, x: int, y: int, h: int = 20) -> OcrLine:
        return OcrLine(text, (x, y, 10 * len(text), h), ((x, y), (x + 1, y), (x + 1, y + h),
                                                          (x, y + h)), 0.9)

    lines = [line("右栏", 500, 102), line("第二行", 40, 200), line("左栏", 40, 100),
             line("标题𠮷", 40, 10, 40)]
    text, ranges = lines_to_text(lines)
    assert text == "标题𠮷\n左栏\n右栏\n第二行"  # one row side by side is read as a row
    assert [text[s:e] for s, e in ranges] == ["右栏", "第二行", "左栏", "标题𠮷"]
    assert ranges[3] == (0, 3)  # code points: 𠮷 counts one
    assert lines_to_text([]) == ("", [])


def test_limits_accept_an_image_at_the_limit_and_refuse_one_above() -> None:
    limit = ocr.pixel_limit()
    ocr.check_limits(ocr.MAX_FILE_BYTES, limit, 1, "at.png")  # exactly at both limits: accepted
    with pytest.raises(ImportRefused) as refused:
        ocr.check_limits(10, limit + 1, 1, "big.png")
    assert str(refused.value) == (
        f"big.png: the image is too large for text recognition ({(limit + 1) // 1_000_000} "
        f"megapixels, the limit is {limit // 1_000_000}); cut it into smaller screenshots and "
        "recognise those.")
    with pytest.raises(ImportRefused, match=r"the image file is too large for text recognition"):
        ocr.check_limits(ocr.MAX_FILE_BYTES + 1, 10, 10, "huge.png")


def test_an_image_header_claiming_a_giant_size_is_refused_before_decoding() -> None:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 20_000, 10_000, 8, 2, 0, 0, 0)  # 200 MP, no pixels
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    with pytest.raises(ImportRefused, match="too large for text recognition"):
        recognise(png, file_name="巨图.png")


def test_a_broken_image_is_refused_with_one_sentence() -> None:
    with pytest.raises(ImportRefused) as refused:
        recognise(b"\x89PNG\r\n\x1a\n" + bytes(20), file_name="坏图.png")
    assert str(refused.value) == (
        "坏图.png: the image cannot be decoded for text recognition (it is damaged or not an "
        "image); export or save it again and try again.")


def test_missing_ocr_package_is_a_clear_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (50, 20), "white").save(buffer, "PNG")
    monkeypatch.setattr(ocr, "_engine", None)
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import now fails
    with pytest.raises(ocr.OcrUnavailable) as refused:
        recognise(buffer.getvalue(), file_name="截图.png")
    assert str(refused.value) == (
        "截图.png: OCR is not installed; install the 'ocr' extra (pip install "
        "\"case-workbench[ocr]\") and try again.")


def test_importing_the_importers_loads_no_heavy_library() -> None:
    import subprocess
    from pathlib import Path

    code = ("import sys, workbench.importers, workbench.importers.ocr, workbench.importers.pdf, "
            "workbench.importers.html, workbench.importers.manifest; "
            "bad = [m for m in ('PySide6', 'workbench.core', 'rapidocr_onnxruntime', "
            "'onnxruntime', 'cv2', 'numpy', 'pdfminer', 'pypdfium2', 'lxml', 'openpyxl', 'PIL') "
            "if m in sys.modules]; print(bad)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=True)
    assert result.stdout.strip() == "[]"
