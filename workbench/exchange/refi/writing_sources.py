"""The Sources part of a .qdpx export, streamed: the source files go into the archive one source at
a time, and the XML of every source with its selections is written as text straight into the
archive's ``project.qde`` (used by ``writing``; ``self`` is its writer).

Why text and not an lxml tree: a thesis-sized project has tens of thousands of selections, three
XML elements each; building them as a tree, serialising it and holding every source file in memory
took most of the export's time (5.6 s at 1,000 sources and 62,000 codings) and memory that grows
with the project. The few attribute kinds written here are escaped by ``attr``/``text_node``,
which return a value with nothing to escape (nearly every one) as it is.

What is read: every source's text and original in one pass (``sources.stored_files``), then the
codings as light rows, a batch of sources at a time in the order of the sources list
(``codings.rows_by_source``), instead of three queries a source.
"""
from __future__ import annotations

import hashlib
import mimetypes
import re
import uuid
from pathlib import Path

from ...core.coding_batches import SourceBatches, as_row
from ...core.codings import CodingRow
from .positions import Utf16Map
from .pdf_sources import PagePlaces, is_pdf, selection_tag
from .xmlutil import out_guid
from .zip_entries import STORED

__all__ = ["ORIGINAL_LINE", "STORED", "attr", "derived_guid", "guid_out", "open_tag",
           "read_codings", "text_node", "when", "write_files", "write_sources", "xml_safe"]

ORIGINAL_LINE = "Original file: "
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATTR_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\n", "&#10;"),
                 ("\r", "&#13;"), ("\t", "&#9;"))  # "&" first
# Anything text_node would change: most values have none of it and are returned as is.
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
# A character outside the BMP in UTF-8 starts with one of these bytes (and only then).
_ASTRAL_LEADS = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")
_CANONICAL = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                        r"[0-9a-fA-F]{12}$")
_VARIANT = {d: "89ab"[int(d, 16) & 3] for d in "0123456789abcdef"}  # RFC 4122 variant nibble
_SELECTION = b"selection"
_Q = '"'
_CHUNK = 1 << 20  # characters of XML gathered before they go to ``emit``
_QUOTE_CHARS = 100  # a selection is named by the start of its quote, as the tools name theirs


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot carry (a vertical tab from a
    .docx, say), so one odd character never stops an export."""
    return _NOT_XML.sub("", text)


def attr(value) -> str:
    """An attribute value, escaped for double quotes; line breaks and tabs kept as references.
    ``isprintable`` and ``in`` look at a value many times faster than a regular expression."""
    value = str(value)
    if value.isprintable():  # no control character, line break or tab
        if "&" not in value and "<" not in value and ">" not in value and '"' not in value:
            return value
    elif not value.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        value = xml_safe(value)  # something else, maybe a character XML cannot carry
    return _escaped(value)


def _escaped(value: str) -> str:
    for plain, escaped in _ATTR_ESCAPES:
        if plain in value:
            value = value.replace(plain, escaped)
    return value


def text_node(value: str) -> str:
    if _TEXT_SPECIAL.search(value) is None:
        return value
    return (xml_safe(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def guid_out(value: str) -> str:
    """``xmlutil.out_guid`` without parsing a UUID when the stored GUID is already canonical."""
    return value.lower() if _CANONICAL.match(value) else out_guid(value)


def derived_guid(guid: str, what: str | bytes) -> str:
    """A stable GUID for a thing the workbench has no row for (a selection, a vertex): the
    name-based UUID (version 5) of ``what`` under ``guid``, exactly as ``uuid.uuid5`` makes it
    (other tools match a re-imported selection by it), in a third fewer steps: one is made for
    every coding of an export."""
    try:
        space = bytes.fromhex(guid.replace("-", ""))
    except ValueError:
        space = b""
    if len(space) != 16:  # braces, a URN, …: as uuid.UUID reads it (or its error)
        space = uuid.UUID(guid.strip("{}")).bytes
    h = hashlib.sha1(space + (what if isinstance(what, bytes) else what.encode("utf-8"))
                     ).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def when(value: str | None) -> str | None:
    """A timestamp if it is a valid xsd:dateTime, else None (the attribute is left out)."""
    return value if value and _DATETIME.match(value) else None


def open_tag(tag: str, attributes: dict, close: bool = False) -> str:
    """``<tag a="…">`` with the attributes that have a value (``/>`` when ``close``)."""
    parts = [f' {k}="{attr(v)}"' for k, v in attributes.items() if v is not None and v != ""]
    return f"<{tag}{''.join(parts)}{'/>' if close else '>'}"


def _suffix(source) -> str:
    return Path(source.file_name).suffix.lower() or (
        mimetypes.guess_extension(source.media_type or "") or ".bin")


def write_files(self) -> dict[int, tuple[str | None, str, Utf16Map | None]]:
    """Each source's files into the archive; returns, by source id, the rich-text path (a .docx
    original), the Description text (the source's notes, plus where a kept original is) and,
    when positions are counted in UTF-16 and the text has characters outside the BMP, its
    code point → UTF-16 map."""
    entries = self.entries
    sources = {s.id: s for s in self.sources}
    kept: dict[int, tuple[str | None, str, Utf16Map | None]] = {}
    for stored in self.p.sources.stored_files():
        source = sources[stored.id]
        guid, suffix = guid_out(source.guid), _suffix(source)
        description, rich, units = source.notes or "", None, None
        original = stored.original
        if source.kind == "image":
            entries.file(f"sources/{guid}{suffix}", original or b"", stored.deflated)
        else:
            text = stored.text or b""
            entries.text(f"sources/{guid}.txt", text)
            if self.utf16 and any(lead in text for lead in _ASTRAL_LEADS):
                units = Utf16Map(text.decode("utf-8"))
            if original and original != text:  # empty: left out of a copy to send
                # A .txt original (GB18030, CRLF …) must not take the plain text's name.
                name = f"{guid}.original{suffix}" if suffix == ".txt" else f"{guid}{suffix}"
                entries.file(f"sources/{name}", original, stored.deflated)
                if suffix == ".docx":
                    rich = f"internal://{name}"
                else:
                    line = ORIGINAL_LINE + f"internal://{name}"
                    description = f"{description}\n{line}" if description else line
            del text
        del original, stored
        kept[source.id] = (rich, description, units)
    return kept


def read_codings(self) -> "SourceBatches":
    """Every source's codings, read from now on, ahead of ``write_sources``."""
    return self.p.codings.rows_by_source((s.id for s in self.sources), quote_chars=_QUOTE_CHARS)


def write_sources(self, emit, kept: dict[int, tuple[str | None, str, Utf16Map | None]],
                  codings: "SourceBatches") -> None:
    """``<Sources>`` with every source, its selections and note references, through ``emit``;
    ``codings``: ``read_codings``."""
    if not self.sources:
        return
    emit("<Sources>\n")
    # Per element its GUID and its name escaped once, not once per coding.
    codes = {e.id: (guid_out(e.guid), attr(e.name)) for e in self.elements.values()}
    notes = {target: guids for (kind, target), guids in self.memos.items() if kind == "coding"}
    look = _Lookups(codes, self.coders, notes)
    coded = 0
    for source, (_, rows) in zip(self.sources, codings):
        guid = guid_out(source.guid)
        rich, description, units = kept[source.id]
        pdf = is_pdf(source)
        if source.kind == "image" or pdf:
            tag = "PDFSource" if pdf else "PictureSource"
            emit(open_tag(tag, {"guid": guid, "name": source.title,
                                "path": f"internal://{guid}{_suffix(source)}"}))
        else:
            tag = "TextSource"
            emit(open_tag(tag, {"guid": guid, "name": source.title,
                                "plainTextPath": f"internal://{guid}.txt",
                                "richTextPath": rich}))
        emit("\n")
        if description:
            emit(f"<Description>{text_node(description)}</Description>\n")
        if pdf:  # a PDFSource holds its page regions first, then its text (the Representation)
            on_pages = [c for c in rows if type(c) is not list and c.page is not None]
            coded += _selections(emit, on_pages, look, units, self.pdf_places)
            emit(_representation(source, guid))
            coded += _selections(emit, [c for c in rows if type(c) is list or c.page is None],
                                 look, units)
            emit("</Representation>\n")
        else:
            coded += _selections(emit, rows, look, units)
        del rows
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


class _Lookups:
    """What a selection refers to: by element id its GUID and escaped name, by coder's name the
    user's GUID, by coding id its notes; and the ids as text, for the usual passage, whose
    fields come as SQLite wrote them (``core.coding_batches``)."""

    def __init__(self, codes: dict[int, tuple[str, str]], users: dict[str, str],
                 notes: dict[int, list[str]]):
        self.codes, self.users, self.notes = codes, users, notes
        self.code_guids = {str(k): v[0] for k, v in codes.items()}
        self.noted = {str(k) for k in notes}


def _selections(emit, rows, look: _Lookups, units: Utf16Map | None,
                places: PagePlaces | None = None) -> int:
    """The selections of ``rows`` (``codings.rows_by_source``), each with its one Coding, gathered
    into large pieces for ``emit``; returns how many. The hot loop of an export (625,000 times
    at ten thousand sources): the usual passage, read as strings, is one formatted string with
    nothing else called; any other coding is ``_piece``."""
    out: list[str] = []
    add, size = out.append, 0
    sha1, fromhex, variant = hashlib.sha1, bytes.fromhex, _VARIANT
    code_guids, users, noted = look.code_guids, look.users, look.noted
    for c in rows:
        if type(c) is list:  # a passage, never changed, no memo, stamped as the app stamps
            _, cid, cguid, element_id, coder, start, end, created, quote = c
            user = users.get(coder)
            if user and units is None and cid not in noted:
                # A GUID as the app stores it (canonical: four dashes in place, hex between
                # them; fromhex refuses anything else or gives fewer bytes): derived_guid's
                # steps, inline.
                try:
                    raw = fromhex(cguid.replace("-", "")) if len(cguid) == 36 and \
                        cguid[8:24:5] == "----" else b""
                except ValueError:
                    raw = b""
                if len(raw) == 16:
                    h = sha1(raw + _SELECTION).hexdigest()
                    selection = (f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{variant[h[16]]}{h[17:20]}-"
                                 f"{h[20:32]}")
                    cguid = cguid.lower()
                else:
                    selection, cguid = derived_guid(cguid, _SELECTION), out_guid(cguid)
                if quote:
                    quote = _quote_attr(quote)
                piece = (f'<PlainTextSelection{f" name={_Q}{quote}{_Q}" if quote else ""} '
                         f'startPosition="{start}" endPosition="{end}" guid="{selection}" '
                         f'creatingUser="{user}" creationDateTime="{created}"><Coding guid="'
                         f'{cguid}" creatingUser="{user}" creationDateTime="{created}"><CodeRef '
                         f'targetGUID="{code_guids[element_id]}"/></Coding>'
                         f'</PlainTextSelection>\n')
            else:
                piece = _piece(as_row(c), look, units, places)
        else:
            piece = _piece(c, look, units, places)
        add(piece)
        size += len(piece)
        if size > _CHUNK:
            emit("".join(out))
            out.clear()
            size = 0
    if out:
        emit("".join(out))
    return len(rows)


def _piece(c: CodingRow, look: _Lookups, units: Utf16Map | None,
           places: PagePlaces | None) -> str:
    """One selection of any kind, with what the usual passage does not have: a memo, notes, a
    change, an unknown coder or a stamp not written by the app, positions counted in UTF-16
    units, a region of an image or of a PDF's page."""
    cid, cguid, _, element_id, coder, start, end, quote, x, y, width, height, memo, created, \
        page, modified = c
    selection, cguid = derived_guid(cguid, _SELECTION), guid_out(cguid)
    user, notes = look.users.get(coder), look.notes
    stamp = _DATETIME.match
    creator = (f' creatingUser="{user}"' if user else "") + (
        f' creationDateTime="{created}"' if created and stamp(created) else "")
    changed = f' modifyingUser="{user}" modifiedDateTime="{modified}"' \
        if modified and user and stamp(modified) else ""
    code_guid, code_name = look.codes[element_id]
    inside = (f'{f"<Description>{text_node(memo)}</Description>" if memo else ""}'
              f'<Coding guid="{cguid}"{creator}><CodeRef targetGUID="{code_guid}"/>'
              + "".join(f'<NoteRef targetGUID="{n}"/>' for n in notes.get(cid, ()))
              + "</Coding>")
    if x is None and page is None:  # a passage
        if units is not None:
            start, end = units.to_units(start), units.to_units(end)
        if quote:
            quote = _quote_attr(quote[:_QUOTE_CHARS])
        return (f'<PlainTextSelection{f" name={_Q}{quote}{_Q}" if quote else ""} '
                f'startPosition="{start}" endPosition="{end}" guid="{selection}"{creator}'
                f'{changed}>{inside}</PlainTextSelection>\n')
    if page is not None:
        return (f'{selection_tag(c, places)} name="{code_name}" '
                f'guid="{selection}"{creator}{changed}>{inside}</PDFSelection>\n')
    return (f'<PictureSelection name="{code_name}" firstX="{x}" firstY="{y}" '
            f'secondX="{x + width}" secondY="{y + height}" guid="{selection}"{creator}'
            f'{changed}>{inside}</PictureSelection>\n')


def _quote_attr(quote: str) -> str:
    """``attr`` for a quote, in the order that costs least for one: a quote often has a line
    break or a full-width space (which is not ``isprintable``) and seldom anything else, so it
    is escaped first (the references are printable) and looked at once after."""
    quote = _escaped(quote)
    return quote if quote.isprintable() else xml_safe(quote)


def _representation(source, guid: str) -> str:
    """A PDFSource's text: a TextSource named Representation, the plain text beside the PDF."""
    return open_tag("Representation", {"guid": derived_guid(source.guid, "representation"),
                                       "name": source.title,
                                       "plainTextPath": f"internal://{guid}.txt"}) + "\n"
