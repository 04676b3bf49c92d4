"""The Word report shows a coded region of a PDF's page as the picture it is (cropped from the
page), under its quote, cited with its page."""
from __future__ import annotations

import io

import docx

from pdf_pages_helpers import layout_pdf
from workbench.core import Project, Rect
from workbench.exporters.report import write_report


def test_a_pdf_region_is_a_cropped_picture_cited_with_its_page(tmp_path):
    from PIL import Image

    pdf = tmp_path / "通知.pdf"
    pdf.write_bytes(layout_pdf(2))
    p = Project.create(tmp_path / "r.cwb", title="报告", coder="张三", language="zh")
    try:
        element = p.elements.add("图表证据")
        p.import_files([pdf])
        source = p.sources.list()[0]
        # The blue picture of page 1 (200 × 100 points) and the line of page 2.
        p.codings.code_region(source.id, Rect(72, 322, 200, 100), element.id, page=1)
        p.codings.code_region(source.id, Rect(60, 60, 400, 40), element.id, page=2)
        write_report(p, tmp_path / "r.docx", sections=["quotes"])
    finally:
        p.close()
    doc = docx.Document(str(tmp_path / "r.docx"))
    quotes = [q.text for q in doc.paragraphs if q.style.name == "Quote"]
    assert any(q.endswith("第1页）") for q in quotes)
    assert any(q.endswith("第2页，二）") for q in quotes)  # page, then the clause 二、
    assert "［页面区域，见上图］（S01，2000-01-01，第1页）" in quotes
    assert any(q.startswith("“二、工作任务") for q in quotes)
    pictures = []
    for shape in doc.inline_shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        pictures.append(Image.open(io.BytesIO(doc.part.related_parts[blip.embed].blob)))
    assert len(pictures) == 2
    figure = next(pic for pic in pictures if pic.size == (400, 200))  # 200 × 100 pt at 2 px/pt
    r, g, b = figure.convert("RGB").getpixel((200, 100))
    assert abs(r - 40) <= 3 and abs(g - 120) <= 3 and abs(b - 200) <= 3
    assert abs(doc.inline_shapes[0].width.cm - 200 / 72 * 2.54) < 0.05 or \
        abs(doc.inline_shapes[1].width.cm - 200 / 72 * 2.54) < 0.05
