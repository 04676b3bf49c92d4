"""OCR of scanned PDFs by rendering each page (pypdfium2), and OCR reading order by XY-cut
(issue 15 items 2 and 9).

The scans are written by hand: each page made of 40 image strips of 1634×39 px (as some scanners
and converters cut a page), one page that PDFium cannot load, one page too large to render. The
screenshots are drawn with Pillow and a CJK font, in two columns, and recognised for real.
"""
from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from helpers import pdf_from_objects
from workbench.importers.ocr import OcrLine, lines_to_text, reading_order, recognise

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def _font(size: int):
    from PIL import ImageFont

    if not FONT.exists():
        pytest.skip("the WenQuanYi Micro Hei font (fonts-wqy-microhei) is not installed")
    return ImageFont.truetype(str(FONT), size)


def _page_image(lines: list[str]):
    """A 1634×1560 grey page with the lines drawn 48 px high: what 40 strips of 39 px hold."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1634, 40 * 39), 255)
    draw = ImageDraw.Draw(image)
    for n, text in enumerate(lines):
        draw.text((120, 150 + 110 * n), text, font=_font(48), fill=0)
    return image


def strip_scan_pdf(pages: list[list[str] | str]) -> bytes:
    """A PDF whose pages are each 40 image strips of 1634×39 px, top to bottom (200 dpi on a
    588 × 562 pt page). A page given as the string "damaged" is a page-tree entry that is not a
    page; "huge" is an empty page of 200 × 200 inches."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids: list[int] = []
    width_pt, strip_pt = 1634 * 72 / 200, 39 * 72 / 200
    for page in pages:
        if page == "damaged":
            objects.append(b"42")
            kids.append(len(objects))
            continue
        if page == "huge":
            objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>")
            kids.append(len(objects))
            continue
        image = _page_image(page)
        first = len(objects) + 1
        names, content = [], []
        for k in range(40):
            strip = image.crop((0, 39 * k, 1634, 39 * (k + 1))).tobytes()
            packed = zlib.compress(strip)
            objects.append(b"<< /Type /XObject /Subtype /Image /Width 1634 /Height 39 "
                           b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode "
                           b"/Length %d >>\nstream\n" % len(packed) + packed + b"\nendstream")
            names.append(b"/S%d %d 0 R" % (k, first + k))
            y = (39 - k) * strip_pt
            content.append(b"q %.2f 0 0 %.2f 0 %.2f cm /S%d Do Q" % (width_pt, strip_pt, y, k))
        body = b"\n".join(content)
        objects.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources "
                       b"<< /XObject << %s >> >> /Contents %d 0 R >>"
                       % (width_pt, 40 * strip_pt, b" ".join(names), len(objects)))
        kids.append(len(objects))
    objects[1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                  + b"] /Count %d >>" % len(kids))
    return pdf_from_objects(objects)


@pytest.mark.slow
def test_a_scan_of_thin_image_strips_is_read_page_by_page() -> None:
    from workbench.importers.document import page_of
    from workbench.importers.pdf import read_pdf_with_ocr

    first = ["关于推进政务服务一网通办的通知", "各区人民政府市政府各部门"]
    third = ["第三页全面推行网上办理"]
    data = strip_scan_pdf([first, "damaged", third, "huge"])
    doc = read_pdf_with_ocr(data, "条带扫描.pdf")
    lines = [line.replace(" ", "") for line in doc.text.split("\n")]
    assert lines == first + ["", "第三页全面推行网上办理", ""]
    assert page_of(doc.blocks, doc.text.index("第三页")) == 3
    # each recognised line keeps its box on its page (pixels at the page's dpi) and its page
    page3 = next(p for p in doc.ocr_pages if p.page == 3)
    (line,), ((start, end),) = page3.lines, page3.ranges
    assert doc.text[start:end] == line.text and page3.dpi == 200
    x, y, _, h = line.box
    assert 100 <= x <= 140 and 140 <= y <= 175 and 35 <= h <= 75  # drawn at (120, 150), 48 px
    assert [p.page for p in doc.ocr_pages] == [1, 3]
    assert doc.warnings == [
        "page 4 is too large to render for text recognition (100 megapixels even at 50 dpi, the "
        "limit is 30) and was skipped; the other pages were read.",
        "page 2 could not be rendered for text recognition (it is damaged) and was skipped; the "
        "other pages were read."]
    assert doc.pages_without_text == 2 and 0.8 < doc.ocr_confidence <= 1


def test_page_resolution_stays_under_the_pixel_limit() -> None:
    from workbench.importers.pdf_ocr import MAX_PAGE_PIXELS, page_dpi

    assert page_dpi(595, 842) == 200  # A4 at full resolution
    a0 = page_dpi(2384, 3370)
    assert 50 <= a0 < 200 and (2384 * a0 / 72) * (3370 * a0 / 72) <= MAX_PAGE_PIXELS * 1.0001
    assert page_dpi(14400, 14400) == 0  # would need less than 50 dpi: skipped


# --- reading order ----------------------------------------------------------------------------

def _line(text: str, x: int, y: int, w: int, h: int = 30) -> OcrLine:
    return OcrLine(text, (x, y, w, h), ((x, y), (x + w, y), (x + w, y + h), (x, y + h)), 0.9)


def test_two_columns_are_read_one_after_the_other() -> None:
    title = _line("标题", 200, 20, 700, 40)
    left = [_line(f"正文{k}", 40, 100 + 45 * k, 600) for k in range(6)]
    right = [_line(f"侧栏{k}", 700, 110 + 45 * k, 300) for k in range(3)]  # offset baselines
    footer = _line("版权所有", 300, 500, 400)
    lines = [footer, *right, title, *reversed(left)]
    order = [lines[i].text for i in reading_order(lines)]
    assert order == ["标题", *(f"正文{k}" for k in range(6)), *(f"侧栏{k}" for k in range(3)),
                     "版权所有"]


def test_a_dialog_beside_chart_labels_is_kept_together() -> None:
    # Chart labels on the left at the heights of the dialog's lines, the dialog on the right.
    labels = [_line(label, 40, 100 + 60 * k, 80) for k, label in enumerate(["100", "50", "0"])]
    dialog = [_line(text, 400, 100 + 60 * k, 350) for k, text in
              enumerate(["确定要提交申请吗", "提交后不能修改", "确定 取消"])]
    lines = [*dialog, *labels]
    order = [lines[i].text for i in reading_order(lines)]
    assert order == ["100", "50", "0", "确定要提交申请吗", "提交后不能修改", "确定 取消"]


def _two_column_screenshot() -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 560), "white")
    draw = ImageDraw.Draw(image)
    draw.text((330, 20), "江临市政务服务改革专栏", font=_font(40), fill=(20, 20, 20))
    article = ["市政府召开常务会议研究部署", "全面推行政务服务一网通办", "各部门要在年底前完成事项梳理",
               "推动数据共享和业务协同办理", "群众办事只进一扇门最多跑一次"]
    sidebar = ["相关链接", "政务公开目录", "办事指南下载", "联系我们"]
    for k, text in enumerate(article):
        draw.text((40, 110 + 80 * k), text, font=_font(34), fill=(20, 20, 20))
    draw.line((760, 100, 760, 520), fill=(180, 180, 180), width=2)
    for k, text in enumerate(sidebar):
        draw.text((800, 110 + 80 * k), text, font=_font(34), fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.slow
def test_a_screenshot_with_an_article_and_a_sidebar_is_read_in_reading_order() -> None:
    lines = recognise(_two_column_screenshot(), file_name="专栏.png")
    text, ranges = lines_to_text(lines)
    order = [line.replace(" ", "") for line in text.split("\n")]
    expected = ["江临市政务服务改革专栏", "市政府召开常务会议研究部署", "全面推行政务服务一网通办",
                "各部门要在年底前完成事项梳理", "推动数据共享和业务协同办理", "群众办事只进一扇门最多跑一次",
                "相关链接", "政务公开目录", "办事指南下载", "联系我们"]
    assert order == expected
    # each line keeps its box: the sidebar's lines are right of the divider
    sidebar = [line for line in lines if line.text.replace(" ", "") in expected[6:]]
    assert len(sidebar) == 4 and all(line.box[0] >= 780 for line in sidebar)
    assert [text[s:e] for s, e in ranges] == [line.text for line in lines]


def test_time_limits_end_recognition_with_a_sentence(monkeypatch) -> None:
    from workbench.importers import ImportRefused, pdf_ocr
    from workbench.importers.pdf import read_pdf_with_ocr

    data = strip_scan_pdf([["第一页"], ["第二页"]])
    monkeypatch.setattr(pdf_ocr, "PAGE_SECONDS", 0)  # no page may take any time at all
    with pytest.raises(ImportRefused) as refused:
        read_pdf_with_ocr(data, "慢.pdf")
    assert str(refused.value) == (
        "慢.pdf: text recognition of page 1 stopped after 0 seconds (the limit for one page); "
        "the lower part of the page was not read.")
    monkeypatch.setattr(pdf_ocr, "FILE_SECONDS", 0)
    with pytest.raises(ImportRefused) as refused:
        read_pdf_with_ocr(data, "慢.pdf")
    assert str(refused.value) == (
        "慢.pdf: text recognition stopped after 0 minutes (the limit for one file); page(s) 1–2 "
        "were not read; split the PDF and import the rest as another file.")


@pytest.mark.slow
def test_recognising_a_scan_prints_nothing_on_stderr(tmp_path) -> None:
    import subprocess
    import sys

    path = tmp_path / "scan.pdf"
    path.write_bytes(strip_scan_pdf([["第一页文字"], "damaged"]))
    code = ("import sys; from workbench.importers.pdf import read_pdf_with_ocr; "
            "d = read_pdf_with_ocr(open(sys.argv[1], 'rb').read(), 'scan.pdf'); "
            "print(d.text.strip(), len(d.warnings))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[2], check=True)
    assert done.stdout.split() == ["第一页文字", "1"]
    assert done.stderr == ""
