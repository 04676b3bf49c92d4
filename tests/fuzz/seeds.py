"""Seed corpora for the fuzz tests: small valid files of every kind the workbench reads, made
here with the libraries real tools use (python-docx, reportlab, Pillow, openpyxl, the standard
library's email package), REFI-QDA files with other tools' quirks (refi_builders), and the real
exports of other tools in ../shared/refi when it is beside the checkout.

Seeds are small on purpose: a mutation of a small file reaches the same parser paths as one of a
large file, and many more of them fit in the CI budget.
"""
from __future__ import annotations

import csv
import io
import zipfile
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from functools import cache
from pathlib import Path

from helpers import SHARED

NOTICE = ("江临市人民政府办公厅关于推进政务服务“一网通办”的通知", [
    "为深入贯彻落实党中央、国务院关于深化“放管服”改革的决策部署，现就有关事项通知如下。",
    "一、总体要求。以企业和群众办事“最多跑一次”为目标，全面推行网上办理。",
])
REFI_SAMPLES = SHARED / "refi" / "samples"


@cache
def text_seeds() -> list[bytes]:
    title, paragraphs = NOTICE
    body = title + "\n\n" + "\n\n".join(paragraphs) + "\nSecond line 𠮷.\r\n"
    return [body.encode("utf-8"), body.encode("gb18030"), b"\xef\xbb\xbf" + body.encode("utf-8"),
            body.encode("utf-16")]


@cache
def markdown_seeds() -> list[bytes]:
    title, paragraphs = NOTICE
    md = (f"# {title}\n\n{paragraphs[0]}\n\n- 第一项\n- 第二项\n\n| 区 | 事项 |\n|---|---|\n"
          f"| 东区 | 12 |\n\n```\n# 不是标题\n```\n\n## 二级标题\n{paragraphs[1]}\n")
    return [md.encode("utf-8")]


def _page(charset: str = "utf-8") -> str:
    title, paragraphs = NOTICE
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_江临市</title>'
            f'<meta name="PubDate" content="2016-09-29"></head><body><div class="nav"><a href="/">'
            f'首页</a></div><div id="zoom"><h1>{title}</h1>{body}<ul><li>一项</li></ul>'
            f'<table><tr><td>东区</td><td>12</td></tr></table></div><div class="footer">'
            f'版权所有</div></body></html>')


@cache
def html_seeds() -> list[bytes]:
    return [_page().encode("utf-8"), _page("gbk").encode("gb18030")]


@cache
def mhtml_seeds() -> list[bytes]:
    message = MIMEMultipart("related")
    message["Snapshot-Content-Location"] = "http://www.jl.gov.cn/art/2016/9/29/art_1.html"
    message["Subject"] = NOTICE[0]
    part = MIMEText(_page(), "html", "utf-8")
    part["Content-Location"] = "http://www.jl.gov.cn/art/2016/9/29/art_1.html"
    message.attach(part)
    return [message.as_bytes()]


@cache
def docx_seeds() -> list[bytes]:
    import docx

    title, paragraphs = NOTICE
    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 1).text = "东区", "12"
    document.add_paragraph("一项", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return [buffer.getvalue()]


def _pdf(compress: bool) -> bytes:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A5, invariant=1, pageCompression=int(compress))
    c.setTitle(NOTICE[0])
    for page, paragraph in enumerate(NOTICE[1], start=1):
        c.setFont("STSong-Light", 11)
        c.drawString(40, 520, paragraph[:30])
        c.setFont("Helvetica", 10)
        c.drawString(40, 500, f"Page {page} text")
        c.showPage()
    c.save()
    return buffer.getvalue()


@cache
def pdf_seeds() -> list[bytes]:
    return [_pdf(compress=False), _pdf(compress=True)]


@cache
def image_seeds() -> dict[str, list[bytes]]:
    """Extension -> small images of that format (a few pixels: decoding stays cheap)."""
    from PIL import Image

    picture = Image.new("RGB", (24, 16), (200, 220, 240))
    picture.putpixel((3, 3), (10, 20, 30))
    seeds: dict[str, list[bytes]] = {}
    for ext, fmt, options in ((".png", "PNG", {}), (".jpg", "JPEG", {"quality": 80}),
                              (".gif", "GIF", {}), (".bmp", "BMP", {}),
                              (".webp", "WEBP", {"quality": 80})):
        buffer = io.BytesIO()
        picture.save(buffer, format=fmt, **options)
        seeds[ext] = [buffer.getvalue()]
    return seeds


def _built(name: str) -> bytes:
    import tempfile

    import refi_builders

    with tempfile.TemporaryDirectory() as folder:
        return refi_builders.build(name, Path(folder)).read_bytes()


def _samples(*names: str) -> list[bytes]:
    """Real exports from ../shared/refi/samples, none when it is not there."""
    return [(REFI_SAMPLES / n).read_bytes() for n in names if (REFI_SAMPLES / n).is_file()]


@cache
def qdpx_seeds() -> list[bytes]:
    """Files like ATLAS.ti's and NVivo's (built here), one of the workbench itself, then the
    real small exports when ../shared is there."""
    return [_built("atlas8"), _built("atlas23"), _built("nvivo-mac"), _own_qdpx()] + _samples(
        "atlasti8.4-mac_spec-annexA2_TestProject.qdpx",
        "atlasti23.2-win_target-atlas-project.qdpx",
        "nvivo15.0-mac_qc-roundtrip_nvivo_project.qdpx")


def _own_qdpx() -> bytes:
    import tempfile

    from helpers import png_bytes
    from workbench.core import Project, Rect
    from workbench.exchange.refi import export_qdpx

    with tempfile.TemporaryDirectory() as folder:
        project = Project.create(Path(folder) / "seed.cwb", title="种子", coder="alice")
        element = project.elements.add("技术赋能", color="#4E79A7", definition="数字技术")
        text = "江临市𠮷推进一网通办。\nSecond line."
        source = project.sources.add(kind="text", title="新闻一", data=text.encode(), text=text)
        project.codings.code_text(source.id, 0, 5, element.id, memo="备忘")
        image = project.sources.add(kind="image", title="截图", data=png_bytes(30, 20),
                                    media_type="image/png", width=30, height=20)
        project.codings.code_region(image.id, Rect(1, 1, 10, 10), element.id)
        project.cases.add("A市")
        project.cases.add_source("A市", source.id)
        export_qdpx(project, Path(folder) / "seed.qdpx")
        project.close()
        return (Path(folder) / "seed.qdpx").read_bytes()


@cache
def codebook_project_files() -> dict[str, bytes]:
    """The workbench's own codebook exports (.qdc, .xlsx, .csv) of a small framework."""
    import tempfile

    from workbench.core import Project
    from workbench.exchange.codebook import export_codebook

    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as folder:
        project = Project.create(Path(folder) / "seed.cwb", title="种子", coder="alice")
        parent = project.elements.add("技术赋能", color="#4E79A7", definition="数字技术的作用",
                                      inclusion="平台、数据", example="一网通办")
        project.elements.add("数据共享", parent_id=parent.id, color="#F28E2B")
        project.elements.add("Coordination", definition="Joint work", exclusion="none")
        for suffix in (".qdc", ".xlsx", ".csv"):
            target = Path(folder) / f"codebook{suffix}"
            export_codebook(project, target)
            files[suffix] = target.read_bytes()
        project.close()
    return files


@cache
def qdc_seeds() -> list[bytes]:
    return [_built("taguette"), codebook_project_files()[".qdc"],
            *_samples("taguette1.4.1_codebook.qdc")]


MANIFEST_ROWS = [["江临市政务资料清单"], ["文件名", "标题", "日期", "类型", "案例", "网址", "发文机关", "文号"],
                 ["通知.pdf", "关于推进一网通办的通知", "2016-09-29", "政策文件", "A市",
                  "http://web.archive.org/web/20161001000000/http://www.jl.gov.cn/a.html",
                  "江临市政府办公厅", "江政办发〔2016〕55号"],
                 ["访谈1.docx", "", "2017/3/5", "访谈", "A市", "", "", ""],
                 ["", "无名", "", "", "", "", "", ""]]


@cache
def manifest_seeds() -> dict[str, list[bytes]]:
    import openpyxl

    text = io.StringIO()
    csv.writer(text).writerows(MANIFEST_ROWS)
    book = openpyxl.Workbook()
    for row in MANIFEST_ROWS:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return {".csv": [text.getvalue().encode("utf-8-sig"), text.getvalue().encode("gb18030")],
            ".xlsx": [buffer.getvalue()]}


def is_zip(data: bytes) -> bool:
    return zipfile.is_zipfile(io.BytesIO(data))
