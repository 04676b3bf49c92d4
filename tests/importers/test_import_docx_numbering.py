"""Word numbering, notes, title and date: files built with python-docx, then their numbering.xml
and notes parts written by hand as Word writes them (Chinese formats, overrides, style numbering),
and one check against LibreOffice's own rendering of the same file."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docx_samples import NUMBERING, W, policy_document, with_parts
from workbench.importers import read_file
from workbench.importers.docx import read_docx
from workbench.importers.docx_numbering import chinese_counting, format_number


def test_automatic_numbering_is_written_out_as_word_shows_it():
    doc = read_docx(policy_document(), "办法.docx")
    lines = doc.text.split("\n")
    assert lines == [
        "江临市乡村振兴促进办法",
        "第一章 总则", "1.1 目的", "1.1.1 范围", "1.1.2 适用对象", "1.2 术语",
        "第二章 组织", "2.1 机构",
        "一、总体要求", "（一）指导思想", "（二）基本原则", "1. 坚持党的领导", "(1) 细项",
        "① 圈号", "a) 字母", "b) 字母二", "二、主要任务",
        "附件",
        "一、新列表",  # numId 3 restarts the shared definition
        "甲、甲项", "乙、乙项", "III. 罗马",
    ]


def test_numbering_given_by_a_paragraph_style_is_counted():
    d = docx.Document()
    heading = d.styles["Heading 1"]
    heading.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:numId w:val="5"/></w:numPr>'))
    d.add_heading("范围", level=1)
    d.add_heading("规范性引用文件", level=1)
    doc = read_docx(with_parts(d, {"word/numbering.xml": NUMBERING}), "标准.docx")
    assert doc.text.split("\n") == ["5 范围", "6 规范性引用文件"]


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCountingThousand", "二十"), (101, "chineseCountingThousand", "一百零一"),
    (1020, "chineseCountingThousand", "一千零二十"), (3, "ideographTraditional", "丙"),
    (11, "ideographTraditional", "甲"), (12, "decimalEnclosedCircle", "⑫"),
    (21, "decimalEnclosedCircle", "21"), (4, "upperRoman", "IV"), (1994, "lowerRoman", "mcmxciv"),
    (27, "lowerLetter", "aa"), (3, "upperLetter", "C"), (7, "decimalZero", "07"),
    (2, "chineseLegalSimplified", "贰"), (1, "bogusFormat", "1"),
])
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_chinese_counting_of_round_numbers():
    assert [chinese_counting(n, "〇一二三四五六七八九") for n in (100, 110, 1001)] == [
        "一百", "一百一十", "一千零一"]


FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 见《乡村振兴促进法》第十条。</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="3"><w:p><w:r><w:t>数据来自2022年统计年鉴。</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
ENDNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:endnotes {W}>
<w:endnote w:id="2"><w:p><w:r><w:t>作者系某大学教授。</w:t></w:r></w:p></w:endnote>
</w:endnotes>"""


def _with_notes(d: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    d.save(buffer)
    package = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    rels = package.read("word/_rels/document.xml.rels").decode()
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = rels.replace("</Relationships>",
                        f'<Relationship Id="rIdF1" Type="{base}/footnotes" Target="footnotes.xml"/>'
                        f'<Relationship Id="rIdE1" Type="{base}/endnotes" Target="endnotes.xml"/>'
                        "</Relationships>")
    types = package.read("[Content_Types].xml").decode()
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    types = types.replace("</Types>",
                          f'<Override PartName="/word/footnotes.xml" ContentType="{wml}.footnotes+xml"/>'
                          f'<Override PartName="/word/endnotes.xml" ContentType="{wml}.endnotes+xml"/>'
                          "</Types>")
    return with_parts(d, {"word/_rels/document.xml.rels": rels, "[Content_Types].xml": types,
                           "word/footnotes.xml": FOOTNOTES, "word/endnotes.xml": ENDNOTES})


def _reference(p, kind: str, note_id: int) -> None:
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:{kind}Reference w:id="{note_id}"/></w:r>'))


def test_footnotes_and_endnotes_follow_the_text_with_their_marks():
    d = docx.Document()
    p = d.add_paragraph("国家支持乡村发展")
    _reference(p, "footnote", 7)
    p.add_run("，成效显著")
    _reference(p, "footnote", 3)
    p.add_run("。")
    q = d.add_paragraph("作者简介")
    _reference(q, "endnote", 2)
    doc = read_docx(_with_notes(d), "论文.docx")
    assert doc.text.split("\n") == [
        "国家支持乡村发展[1]，成效显著[2]。",
        "作者简介[i]",
        "[1] 见《乡村振兴促进法》第十条。",
        "[2] 数据来自2022年统计年鉴。",
        "[i] 作者系某大学教授。",
    ]
    assert doc.blocks[-1].kind == "paragraph"
    assert doc.text[doc.blocks[-1].start:doc.blocks[-1].end] == "[i] 作者系某大学教授。"


def _template_draft() -> docx.document.Document:
    d = docx.Document()
    d.core_properties.title = "（填写标准名称）"
    d.core_properties.created = dt.datetime(2014, 5, 6, 9, 0, tzinfo=dt.timezone.utc)
    d.core_properties.modified = dt.datetime(2014, 5, 6, 9, 0, tzinfo=dt.timezone.utc)
    return d


def test_template_title_and_stale_date_give_way_to_heading_and_file_name(tmp_path: Path):
    d = _template_draft()
    d.add_paragraph("乡村振兴示范村建设规范", style="Title")
    d.add_paragraph("本标准规定了示范村建设的要求。")
    d.save(tmp_path / "DB33-T 20230317 征求意见稿.docx")
    doc = read_file(tmp_path / "DB33-T 20230317 征求意见稿.docx")
    assert doc.title == "乡村振兴示范村建设规范" and doc.title_guess_from == "heading"
    assert doc.date is None
    assert doc.metadata["date_guess"] == "2023-03-17"
    assert doc.metadata["date_guess_from"] == "file name"
    assert doc.metadata["properties_date"] == "2014-05-06"


def test_template_placeholder_title_is_not_used(tmp_path: Path):
    d = _template_draft()
    d.core_properties.title = "标准名称"
    d.add_paragraph("本标准规定了示范村建设的要求。")
    doc = read_docx(with_parts(d, {}), "示范村建设规范.docx")
    assert doc.title == "示范村建设规范" and doc.title_guess_from == "file name"
    assert doc.date == "2014-05-06"  # nothing better stated: the file's own date stays


def test_a_real_core_title_is_used_without_a_heading():
    d = docx.Document()
    d.core_properties.title = "江临市乡村振兴调研报告"
    d.add_paragraph("正文。")
    doc = read_docx(with_parts(d, {}), "x.docx")
    assert doc.title == "江临市乡村振兴调研报告" and doc.title_guess_from == "properties"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_numbering_matches_libreoffice(tmp_path: Path):
    """LibreOffice's own text export of the same file is the reference for the numbers
    (without w:isLgl, which LibreOffice 7.4 ignores while Word honours it)."""
    source = tmp_path / "办法.docx"
    source.write_bytes(policy_document(NUMBERING.replace("<w:isLgl/>", "")))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    reference = (tmp_path / "办法.txt").read_text("utf-8-sig").split("\n")
    ours = read_docx(source.read_bytes(), source.name).text.split("\n")
    squeeze = lambda s: "".join(s.split())  # noqa: E731 - LibreOffice writes a tab after labels
    assert [squeeze(x) for x in ours] == [squeeze(x) for x in reference if x.strip()]


def test_numbered_paragraphs_in_table_cells_keep_their_numbers():
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    for row, (item, text) in enumerate([("总体要求", "甲"), ("主要任务", "乙")]):
        cell = table.cell(row, 0)
        cell.paragraphs[0].text = item
        cell.paragraphs[0]._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>'))
        table.cell(row, 1).text = text
    doc = read_docx(with_parts(d, {"word/numbering.xml": NUMBERING}), "表.docx")
    assert doc.text == "一、总体要求\t甲\n二、主要任务\t乙"


def test_a_standard_drafts_cover_title_style_gives_the_title():
    """GB/T drafts put the title on the cover in a style named 封面标准名称, under a template
    whose core title is the placeholder 标准名称."""
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    d.core_properties.title = "标准名称"
    d.styles.add_style("封面标准名称", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("ICS 03.160")
    d.add_paragraph("乡村振兴示范村建设规范", style="封面标准名称")
    d.add_paragraph("前言")
    doc = read_docx(with_parts(d, {}), "DB33T 1234—2023.docx")
    assert doc.title == "乡村振兴示范村建设规范" and doc.title_guess_from == "heading"


def test_odd_numbering_values_do_not_refuse_the_document():
    odd = NUMBERING.replace('<w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>',
                            '<w:start w:val="999999"/><w:numFmt w:val="lowerLetter"/>')
    odd = odd.replace('w:ilvl="1"><w:start w:val="3"/>',
                      'w:ilvl="x"><w:start w:val="' + "9" * 5000 + '"/>')
    odd = odd.replace('<w:startOverride w:val="1"/>', '<w:startOverride w:val="' + "9" * 5000 + '"/>')
    doc = read_docx(policy_document(odd), "办法.docx")
    lines = doc.text.split("\n")
    assert "999999) 字母" in lines and "1000000) 字母二" in lines  # decimal past zz
    assert lines[-4:-1] == ["三、新列表", "1. 甲项", "1. 乙项"]  # absurd values ignored
    assert len(doc.text) < 500
