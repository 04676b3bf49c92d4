"""Word documents built with python-docx: reading order, headings, properties, damage."""
from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from workbench.importers import ImportRefused, read_file
from workbench.importers.docx import DOCX_MEDIA_TYPE, read_docx


def _save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_paragraph_table_paragraph_in_reading_order(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("前言 𠮷")
    table = d.add_table(rows=2, cols=3)
    for r, row in enumerate([["编号", "要素", "说明"], ["1", "政府", "多段\n换行"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 2).add_paragraph("第二段")
    d.add_paragraph("结语")
    doc = read_file(_save(d, tmp_path / "报告.docx"))
    assert doc.text == "前言 𠮷\n编号\t要素\t说明\n1\t政府\t多段 换行 第二段\n结语"
    assert doc.media_type == DOCX_MEDIA_TYPE and doc.kind == "text"
    kinds = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert kinds == [
        ("paragraph", "前言 𠮷"),
        ("table", "编号\t要素\t说明\n1\t政府\t多段 换行 第二段"),
        ("paragraph", "结语"),
    ]
    assert doc.blocks[1].start == 5  # 𠮷 is one code point


def test_nested_table_is_flattened_into_its_cell(tmp_path: Path) -> None:
    d = docx.Document()
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内一"
    inner.cell(0, 1).text = "内二"
    doc = read_file(_save(d, tmp_path / "a.docx"))
    assert doc.text == "外\t内一 内二"


def test_headings_become_blocks_with_levels(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("研究报告", style="Title")
    d.add_heading("一、背景", level=1)
    d.add_paragraph("正文")
    d.add_heading("（一）方法", level=2)
    d.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)  # as WPS names its heading styles
    d.add_paragraph("三级标题", style="标题 3")
    outlined = d.add_paragraph("大纲级别")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="3"/>'))
    d.add_paragraph("要点", style="List Bullet")
    doc = read_file(_save(d, tmp_path / "a.docx"))
    spans = [(b.kind, b.level, doc.text[b.start:b.end]) for b in doc.blocks]
    assert spans == [
        ("heading", 1, "研究报告"),
        ("heading", 1, "一、背景"),
        ("paragraph", 0, "正文"),
        ("heading", 2, "（一）方法"),
        ("heading", 3, "三级标题"),
        ("heading", 4, "大纲级别"),
        ("list-item", 0, "• 要点"),  # List Bullet's numbering draws the bullet
    ]
    assert doc.title == "研究报告"  # no core title: the Title paragraph


def test_title_date_and_metadata_from_core_properties(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("第一章", level=1)
    props = d.core_properties
    props.title = "信息资源共享访谈"
    props.created = dt.datetime(2021, 5, 6, 12, 0, tzinfo=dt.timezone.utc)
    props.modified = dt.datetime(2022, 1, 1, 12, 0, tzinfo=dt.timezone.utc)
    props.author = "王老师"
    props.keywords = "共享; 平台"
    props.subject = ""
    doc = read_file(_save(d, tmp_path / "a.docx"))
    assert doc.title == "信息资源共享访谈"
    assert doc.date == "2021-05-06"  # created is preferred to modified
    assert doc.metadata == {"author": "王老师", "keywords": "共享; 平台"}


def test_python_docx_template_stamps_are_not_reported(tmp_path: Path) -> None:
    d = docx.Document()  # its template says created 2013-12-23 by "python-docx"
    d.add_paragraph("只有正文")
    doc = read_file(_save(d, tmp_path / "草稿.docx"))
    assert doc.date is None and doc.metadata == {}
    assert doc.title == "草稿"  # no core title, no Title/Heading 1: the file stem


def test_tracked_deletions_dropped_insertions_kept(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph("保留")
    w = nsdecls("w")
    p._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>删掉</w:delText>'
                          "</w:r></w:del>"))
    p._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>插入</w:t><w:tab/>'
                          "<w:t>后</w:t></w:r></w:ins>"))
    doc = read_file(_save(d, tmp_path / "a.docx"))
    assert doc.text == "保留插入\t后"


def test_legacy_doc_is_refused(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    with pytest.raises(ImportRefused) as refused:
        read_docx(data, "旧文件.docx")
    assert str(refused.value) == (
        "旧文件.docx: this is a legacy Word 97–2003 .doc file; open it in Word or LibreOffice, "
        "save it as .docx, and import that.")
    (tmp_path / "旧文件.docx").write_bytes(data)
    with pytest.raises(ImportRefused, match="legacy Word 97–2003 .doc file"):
        read_file(tmp_path / "旧文件.docx")


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("正文内容" * 50)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename in replace:
                if replace[item.filename] is not None:
                    dst.writestr(item, replace[item.filename])
            else:
                dst.writestr(item, src.read(item))
    return out.getvalue()


@pytest.mark.parametrize("damage", ["random", "truncated", "no-document", "bad-xml"])
def test_damaged_docx_is_refused(tmp_path: Path, damage: str) -> None:
    good = _docx_bytes()
    data = {
        "random": bytes(random.Random(3).randrange(256) for _ in range(4000)),
        "truncated": good[: len(good) // 2],
        "no-document": _rezip(good, {"word/document.xml": None}),
        "bad-xml": _rezip(good, {"word/document.xml": b"<w:document><w:body><w:p>"}),
    }[damage]
    path = tmp_path / "损坏.docx"
    path.write_bytes(data)
    with pytest.raises(ImportRefused) as refused:
        read_file(path)
    assert str(refused.value).startswith(
        "损坏.docx: this is not a readable Word document (the file is damaged); ")
    with pytest.raises(ImportRefused, match="damaged"):
        read_docx(data, "损坏.docx")


def test_docx_without_text_is_refused(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("")
    d.add_table(rows=1, cols=1)
    with pytest.raises(ImportRefused, match=r"^空\.docx: the Word document contains no text"):
        read_file(_save(d, tmp_path / "空.docx"))


def test_content_control_paragraphs_are_read(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("之前")
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent>'
                    "<w:p><w:r><w:t>控件内</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    d.element.body.insert(1, sdt)
    doc = read_file(_save(d, tmp_path / "a.docx"))
    assert doc.text == "之前\n控件内"
    assert d.element.body[1].tag == qn("w:sdt")


def test_text_box_follows_its_paragraph_once(tmp_path: Path) -> None:
    """Word writes a text box twice (DrawingML choice + VML fallback); it is read once."""
    d = docx.Document()
    anchor = d.add_paragraph("锚点")
    box = '<w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent>'
    anchor._p.append(parse_xml(
        f'<w:r {nsdecls("w")}'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><wps:txbx>{box}</wps:txbx></mc:Choice>'
        f'<mc:Fallback><v:textbox>{box}</v:textbox></mc:Fallback>'
        "</mc:AlternateContent></w:r>"))
    d.add_paragraph("之后")
    doc = read_file(_save(d, tmp_path / "a.docx"))
    assert doc.text == "锚点\n框内文字\n之后"
