"""The Sources part of a .qdpx export, streamed: the source files go into the archive one source at
a time, and the XML of every source with its selections is written as text straight into the
archive's ``project.qde`` (used by ``writing``; ``self`` is its writer).

Why text and not an lxml tree: a thesis-sized project has tens of thousands of selections, three
XML elements each; building them as a tree, serialising it and holding every source file in memory
took most of the export's time (5.6 s at 1,000 sources and 62,000 codings) and memory that grows
with the project. The few attribute kinds written here are escaped by ``attr``/``text_node``.
"""
from __future__ import annotations

import hashlib
import mimetypes
import re
import uuid
import zipfile
from pathlib import Path

from ...core import provenance
from .positions import Utf16Map
from .pdf_sources import is_pdf, selection_tag
from .xmlutil import out_guid

ORIGINAL_LINE = "Original file: "
# Already compressed: deflating them again costs time and saves nothing.
STORED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".docx", ".xlsx", ".pptx", ".zip", ".mp3",
          ".mp4", ".m4a", ".odt"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_CANONICAL = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                        r"[0-9a-fA-F]{12}$")


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot carry (a vertical tab from a
    .docx, say), so one odd character never stops an export."""
    return _NOT_XML.sub("", text)


def attr(value) -> str:
    """An attribute value, escaped for double quotes; line breaks and tabs kept as references."""
    return (xml_safe(str(value)).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\r", "&#13;").replace("\t", "&#9;"))


def text_node(value: str) -> str:
    return (xml_safe(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def guid_out(value: str) -> str:
    """``xmlutil.out_guid`` without parsing a UUID when the stored GUID is already canonical."""
    return value.lower() if _CANONICAL.match(value) else out_guid(value)


def derived_guid(guid: str, what: str) -> str:
    """A stable GUID for a thing the workbench has no row for (a selection, a vertex): the
    name-based UUID (version 5) of ``what`` under ``guid``, as ``uuid.uuid5`` makes it."""
    space = bytes.fromhex(guid.replace("-", "")) if _CANONICAL.match(guid) \
        else uuid.UUID(guid.strip("{}")).bytes
    digest = bytearray(hashlib.sha1(space + what.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def when(value: str | None) -> str | None:
    """A timestamp if it is a valid xsd:dateTime, else None (the attribute is left out)."""
    return value if value and _DATETIME.match(value) else None


def open_tag(tag: str, attributes: dict, close: bool = False) -> str:
    """``<tag a="…">`` with the attributes that have a value (``/>`` when ``close``)."""
    parts = [f' {k}="{attr(v)}"' for k, v in attributes.items() if v is not None and v != ""]
    return f"<{tag}{''.join(parts)}{'/>' if close else '>'}"


def write_files(self) -> dict[int, tuple[str | None, str]]:
    """Each source's files into the archive; returns, by source id, the rich-text path (a .docx
    original) and the Description text (the source's notes, plus where a kept original is)."""
    archive: zipfile.ZipFile = self.archive
    kept: dict[int, tuple[str | None, str]] = {}
    for source in self.sources:
        guid = guid_out(source.guid)
        original = self.p.sources.original(source.id)
        suffix = Path(source.file_name).suffix.lower() or (
            mimetypes.guess_extension(source.media_type or "") or ".bin")
        description, rich = source.notes or "", None
        if source.kind == "image":
            _put(archive, f"{guid}{suffix}", original)
        else:
            text = self.p.sources.text(source.id).encode("utf-8")
            _put(archive, f"{guid}.txt", text)
            if original and original != text:  # empty: left out of a copy to send
                # A .txt original (GB18030, CRLF …) must not take the plain text's name.
                name = f"{guid}.original{suffix}" if suffix == ".txt" else f"{guid}{suffix}"
                _put(archive, name, original)
                if suffix == ".docx":
                    rich = f"internal://{name}"
                else:
                    line = ORIGINAL_LINE + f"internal://{name}"
                    description = f"{description}\n{line}" if description else line
            del text
        del original
        kept[source.id] = (rich, description)
    return kept


def _put(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    stored = Path(name).suffix.lower() in STORED
    archive.writestr(f"sources/{name}", data,
                     compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)


def write_sources(self, emit, kept: dict[int, tuple[str | None, str]]) -> None:
    """``<Sources>`` with every source, its selections and note references, through ``emit``."""
    if not self.sources:
        return
    emit("<Sources>\n")
    codes = {e.id: (guid_out(e.guid), e.name) for e in self.elements.values()}
    coders = self.coders
    changed = {k: v[1] for k, v in provenance.times(self.p, "codings").items() if v[1]}
    coded = 0
    for source in self.sources:
        guid = guid_out(source.guid)
        rich, description = kept[source.id]
        pdf = is_pdf(source)
        suffix = Path(source.file_name).suffix.lower() or (
            mimetypes.guess_extension(source.media_type or "") or ".bin")
        if source.kind == "image" or pdf:
            tag = "PDFSource" if pdf else "PictureSource"
            emit(open_tag(tag, {"guid": guid, "name": source.title,
                                "path": f"internal://{guid}{suffix}"}))
        else:
            tag = "TextSource"
            emit(open_tag(tag, {"guid": guid, "name": source.title,
                                "plainTextPath": f"internal://{guid}.txt",
                                "richTextPath": rich}))
        emit("\n")
        if description:
            emit(f"<Description>{text_node(description)}</Description>\n")
        units = _unit_map(self, source)
        rows = self.p.codings.rows(source_id=source.id)
        if pdf:  # a PDFSource holds its page regions first, then its text (the Representation)
            rows = sorted(rows, key=lambda c: c.page is None)
        representation = False
        for c in rows:
            if pdf and c.page is None and not representation:
                emit(_representation(source, guid))
                representation = True
            code_guid, code_name = codes[c.element_id]
            user = coders.get(c.coder)
            created, modified = when(c.created), when(changed.get(c.id))
            common = (f' guid="{derived_guid(c.guid, "selection")}"'
                      + (f' creatingUser="{user}"' if user else "")
                      + (f' creationDateTime="{created}"' if created else "")
                      + (f' modifyingUser="{user}" modifiedDateTime="{modified}"'
                         if user and modified else ""))
            if c.page is not None:
                emit(f'{selection_tag(c, self.pdf_places)} name="{attr(code_name)}"{common}>')
                close = "</PDFSelection>\n"
            elif c.x is not None:
                emit(f'<PictureSelection name="{attr(code_name)}" firstX="{c.x}" '
                     f'firstY="{c.y}" secondX="{c.x + c.width}" secondY="{c.y + c.height}"'
                     f'{common}>')
                close = "</PictureSelection>\n"
            else:
                name = attr((c.snippet or "")[:100])
                start, end = (units.to_units(c.start), units.to_units(c.end)) if units \
                    else (c.start, c.end)
                emit(f'<PlainTextSelection{f" name={chr(34)}{name}{chr(34)}" if name else ""} '
                     f'startPosition="{start}" endPosition="{end}"{common}>')
                close = "</PlainTextSelection>\n"
            if c.memo:
                emit(f"<Description>{text_node(c.memo)}</Description>")
            emit(f'<Coding guid="{guid_out(c.guid)}"'
                 + (f' creatingUser="{user}"' if user else "")
                 + (f' creationDateTime="{created}"' if created else "")
                 + f'><CodeRef targetGUID="{code_guid}"/>')
            for note in self.memos.get(("coding", c.id), ()):
                emit(f'<NoteRef targetGUID="{note}"/>')
            emit("</Coding>" + close)
            coded += 1
        if pdf:
            emit(("" if representation else _representation(source, guid)) + "</Representation>\n")
        for note in self.memos.get(("source", source.id), ()):
            emit(f'<NoteRef targetGUID="{note}"/>\n')
        values = self.variables.values_xml(source)
        if values:
            emit(values)
        emit(f"</{tag}>\n")
        self.report.count("sources")
    if coded:
        self.report.count("codings", coded)
    emit("</Sources>\n")


def _unit_map(self, source) -> Utf16Map | None:
    """The code point → UTF-16 map of a text source when the export counts UTF-16 units and
    the text has a character outside the BMP (else positions are the same in both counts)."""
    if not self.utf16 or source.kind == "image":
        return None
    text = self.p.sources.text(source.id)
    return Utf16Map(text) if _ASTRAL.search(text) else None


def _representation(source, guid: str) -> str:
    """A PDFSource's text: a TextSource named Representation, the plain text beside the PDF."""
    return open_tag("Representation", {"guid": derived_guid(source.guid, "representation"),
                                       "name": source.title,
                                       "plainTextPath": f"internal://{guid}.txt"}) + "\n"
