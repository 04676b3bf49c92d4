"""Word files with automatic numbering, as Word writes numbering.xml (Chinese formats, legal
numbering, a restarted shared list, a heading style's own list), for the importer tests."""
from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# numId 1: 第一章 / 1.1 / 1.1.1 (legal numbering under a Chinese chapter);
# numId 2: 一、 / （一） / 1. / (1) / ① / a) ; numId 3 shares 2's definition and restarts it;
# numId 4: 甲、乙 (ideographTraditional), upper Roman; numId 5: a heading style's own list.
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}>
<w:abstractNum w:abstractNumId="10">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
  <w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>
  <w:lvlText w:val="%1.%2"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>
  <w:lvlText w:val="%1.%2.%3"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="20">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>
  <w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
  <w:lvlText w:val="（%2）"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
 <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%4)"/></w:lvl>
 <w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/>
  <w:lvlText w:val="%5"/></w:lvl>
 <w:lvl w:ilvl="5"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%6)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="30">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ideographTraditional"/>
  <w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="3"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%2."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="40">
 <w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>
  <w:lvlText w:val="%1"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="20"/>
 <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="30"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="40"/></w:num>
</w:numbering>"""


def numbered(d: docx.document.Document, text: str, num_id: int, ilvl: int = 0,
              style: str | None = None) -> None:
    p = d.add_paragraph(text, style=style)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def with_parts(d: docx.document.Document, replace: dict[str, str]) -> bytes:
    """The saved document with some of its parts replaced or added (Word's XML, by hand)."""
    buffer = io.BytesIO()
    d.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in replace:
                data = replace.pop(item.filename).encode()
            target.writestr(item.filename, data)
        for name, text in replace.items():
            target.writestr(name, text.encode())
    return out.getvalue()


def policy_document(numbering: str = NUMBERING) -> bytes:
    d = docx.Document()
    d.add_paragraph("江临市乡村振兴促进办法", style="Title")
    numbered(d, "总则", 1, 0)
    numbered(d, "目的", 1, 1)
    numbered(d, "范围", 1, 2)
    numbered(d, "适用对象", 1, 2)
    numbered(d, "术语", 1, 1)
    numbered(d, "组织", 1, 0)
    numbered(d, "机构", 1, 1)
    numbered(d, "总体要求", 2, 0)
    numbered(d, "指导思想", 2, 1)
    numbered(d, "基本原则", 2, 1)
    numbered(d, "坚持党的领导", 2, 2)
    numbered(d, "细项", 2, 3)
    numbered(d, "圈号", 2, 4)
    numbered(d, "字母", 2, 5)
    numbered(d, "字母二", 2, 5)
    numbered(d, "主要任务", 2, 0)
    d.add_paragraph("附件")
    numbered(d, "新列表", 3, 0)
    numbered(d, "甲项", 4, 0)
    numbered(d, "乙项", 4, 0)
    numbered(d, "罗马", 4, 1)
    return with_parts(d, {"word/numbering.xml": numbering})
