"""Sources: imported documents and images, their fixed text, original bytes and metadata."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from ..i18n import tr
from .compact import deflate_stream, pack_blob, unpack_blob
from .errors import InvalidInputError
from .model import Source, SourceType, TextBlock
from .part import Part, check_date, check_datetime, check_name, new_guid, not_found
from .store import SOURCE_TYPES, utc_now

# What a recognised policy document adds as source attributes (metadata key → attribute name,
# named as Chinese policy-text studies name the fields).
POLICY_ATTRIBUTES = (("level", "效力级别"), ("validity", "时效性"), ("written", "成文日期"),
                     ("published", "发布日期"), ("effective", "实施日期"),
                     ("reference_code", "法宝引证码"))


def check_date_or_none(value: str) -> str | None:
    try:
        return check_date(value)
    except InvalidInputError:
        return None


_EDITABLE = ("title", "date", "source_type", "origin_url", "agency", "document_number",
             "capture_time", "notes")

_LIST_SQL = """
SELECT s.id, s.guid, s.kind, s.title, s.file_name, s.media_type, s.sha256, s.date,
       t.name AS type_name, s.origin_url, s.agency, s.document_number, s.capture_time, s.notes,
       s.width, s.height, s.text_length, s.encoding, s.imported, s.metadata,
       (SELECT count(*) FROM codings c WHERE c.source_id = s.id) AS n,
       (SELECT group_concat(k.name, char(31)) FROM case_sources cs JOIN cases k ON k.id = cs.case_id
         WHERE cs.source_id = s.id) AS case_names
FROM sources s LEFT JOIN source_types t ON t.id = s.source_type_id
"""


class StoredFile(NamedTuple):
    """A source's text (its UTF-8 bytes, as stored: an export writes them as they are, without
    decoding and encoding again) and original file, as ``Sources.stored_files`` reads them."""
    id: int
    text: bytes | None
    original: bytes | None
    deflated: memoryview | None  # the original as a raw deflate stream, if stored compressed


class Sources(Part):
    # ----- queries -------------------------------------------------------------------------
    def list(self, kind: str | None = None) -> list[Source]:
        where, params = ("WHERE s.kind = ?", (kind,)) if kind else ("", ())
        return [_source(r) for r in self._db.query(
            f"{_LIST_SQL} {where} ORDER BY ifnull(s.date, '9999'), s.title, s.id", params)]

    def get(self, source_id: int) -> Source:
        row = self._db.one(f"{_LIST_SQL} WHERE s.id = ?", (source_id,))
        if row is None:
            raise not_found("source", source_id)
        return _source(row)

    def text(self, source_id: int) -> str:
        """The fixed plain text of a source ("" for an image without recognised text)."""
        self._require_source(source_id)
        return self._db.scalar("SELECT text FROM source_texts WHERE id = ?", (source_id,)) or ""

    def blocks(self, source_id: int) -> list[TextBlock]:
        self._require_source(source_id)
        raw = self._db.scalar("SELECT blocks FROM source_texts WHERE id = ?", (source_id,))
        return [_block(b) for b in json.loads(raw or "[]")]

    def page_at(self, source_id: int, offset: int) -> int | None:
        """The page (1-based) of the character at ``offset`` of a PDF's text; None when the
        source has no pages. The newline between two pages belongs to the earlier one."""
        for block in self.blocks(source_id):
            if block.kind == "page" and block.start <= offset <= block.end:
                return block.level
        return None

    def recognised_lines(self, source_id: int) -> list[TextBlock]:
        """The text lines OCR found in an image, each with its box and its range in the text."""
        return [b for b in self.blocks(source_id) if b.kind == "ocr-line"]

    def original(self, source_id: int) -> bytes:
        """The bytes of the file as it was imported."""
        self._require_source(source_id)
        return unpack_blob(self._db.scalar("SELECT data FROM source_files WHERE id = ?",
                                           (source_id,)))

    def stored_files(self) -> Iterator[StoredFile]:
        """Every source's text and original, one source at a time in id order: one pass for an
        export instead of two queries a source, with one source in memory at a time."""
        # A text's bytes as stored are its UTF-8 only in a UTF-8 database (ours always are; a
        # file made elsewhere may be UTF-16): else it is read as text and encoded here.
        utf8 = self._db.scalar("PRAGMA encoding") == "UTF-8"
        column = "CAST(t.text AS BLOB)" if utf8 else "t.text"
        for row in self._db.iterate(
                f"SELECT s.id, {column}, f.data FROM sources s "
                "LEFT JOIN source_texts t ON t.id = s.id "
                "LEFT JOIN source_files f ON f.id = s.id ORDER BY s.id"):
            text, stored = row[1], row[2]
            if isinstance(text, str):
                text = text.encode("utf-8")
            yield StoredFile(row[0], text, unpack_blob(stored), deflate_stream(stored))

    def find_by_sha256(self, sha256: str) -> Source | None:
        found = self._db.scalar("SELECT id FROM sources WHERE sha256 = ?", (sha256,))
        return None if found is None else self.get(found)

    def types(self) -> list[SourceType]:
        return [SourceType(r["id"], r["name"], r["position"])
                for r in self._db.query("SELECT * FROM source_types ORDER BY position, id")]

    # ----- changes -------------------------------------------------------------------------
    def add(self, *, kind: str, title: str, data: bytes, file_name: str = "",
            media_type: str = "", text: str | None = None, blocks: Iterable[Any] = (),
            encoding: str | None = None, metadata: dict | None = None, date: str | None = None,
            source_type: str | None = None, cases: Iterable[str] = (), origin_url: str = "",
            agency: str = "", document_number: str = "", capture_time: str | None = None,
            notes: str = "", width: int | None = None, height: int | None = None,
            batch: str | None = None, guid: str | None = None,
            sha256: str | None = None) -> Source:
        """Store one source. Its text is fixed from now on: codings point into it.
        ``sha256`` is the source's identity when it is not the hash of ``data``: a REFI-QDA
        source that came without a file of its own (its bytes are only its text) is not the
        same source as another with the same text (see exchange/refi/sources_in.py)."""
        if kind not in ("text", "image"):
            raise InvalidInputError(tr("A source is either text or an image."))
        if kind == "text" and text is None:
            raise InvalidInputError(tr("The text source “{title}” has no text.", title=title))
        if kind == "image" and not (width and height and width > 0 and height > 0):
            raise InvalidInputError(tr("The image “{title}” has no size.", title=title))
        import hashlib  # loaded when first used: the listing commands start without it

        sha = sha256 or hashlib.sha256(data).hexdigest()
        block_rows = [_block_row(b) for b in blocks]
        with self._operation("Import source", batch):
            existing = self.find_by_sha256(sha)
            if existing is not None:
                raise InvalidInputError(tr("{name} is already in the project as “{title}”.",
                                           name=file_name or title, title=existing.title))
            source_id = self._db.insert("sources", {
                "guid": self._guid("sources", guid), "kind": kind,
                "title": check_name(title, "source"),
                "file_name": file_name, "media_type": media_type, "sha256": sha,
                "text_length": len(text or ""), "encoding": encoding, "metadata": json.dumps(metadata or {}, ensure_ascii=False),
                "date": check_date(date), "source_type_id": self._type_id(source_type),
                "origin_url": origin_url, "agency": agency, "document_number": document_number,
                "capture_time": check_datetime(capture_time), "notes": notes,
                "width": width, "height": height, "imported": utc_now()})
            self._db.insert("source_files", {"id": source_id, "data": pack_blob(data)})
            if text is not None:
                self._db.insert("source_texts", {"id": source_id, "text": text,
                                                 "blocks": json.dumps(block_rows)})
            for case in cases:
                self._project.cases.add_source(case, source_id)
        return self.get(source_id)

    def update(self, source_id: int, **fields: Any) -> Source:
        """Edit metadata: title, date, source_type, origin_url, agency, document_number,
        capture_time, notes. The text itself never changes."""
        unknown = set(fields) - set(_EDITABLE)
        if unknown:
            raise InvalidInputError(tr("A source has no editable field {fields}.",
                                       fields=", ".join(sorted(unknown))))
        values = dict(fields)
        if "title" in values:
            values["title"] = check_name(values["title"], "source")
        if "date" in values:
            values["date"] = check_date(values["date"])
        if "capture_time" in values:
            values["capture_time"] = check_datetime(values["capture_time"])
        with self._operation("Edit source details"):
            self._require_source(source_id)
            if "source_type" in values:
                values["source_type_id"] = self._type_id(values.pop("source_type"))
            self._db.update("sources", source_id, values)
        return self.get(source_id)

    def delete(self, source_id: int) -> None:
        """Remove a source with its codings, case memberships and memos (undoable)."""
        with self._operation("Delete source"):
            self._require_source(source_id)
            for (coding_id,) in self._db.query(
                    "SELECT id FROM codings WHERE source_id = ?", (source_id,)):
                self._project.codings._delete_row(coding_id)
            for (link,) in self._db.query(
                    "SELECT id FROM case_sources WHERE source_id = ?", (source_id,)):
                self._db.delete("case_sources", link)
            self._project.memos._delete_for("source", source_id)
            self._db.delete("source_texts", source_id)
            self._db.delete("source_files", source_id)
            self._db.delete("sources", source_id)

    def set_recognised_text(self, source_id: int, text: str, blocks: Iterable[Any]) -> Source:
        """Give an image its recognised (OCR) text and line boxes. Refused once passages of the
        old text are coded: a source's text must not move under its codings."""
        with self._operation("Recognise text"):
            row = self._require("sources", source_id, "source")
            if row["kind"] != "image":
                raise InvalidInputError(tr("Only images get their text from text recognition."))
            if self._db.scalar("SELECT count(*) FROM codings WHERE source_id = ? AND "
                               "start_offset IS NOT NULL", (source_id,)):
                raise InvalidInputError(tr(
                    "Passages of the recognised text of “{title}” are coded already; remove "
                    "those codings first.", title=row["title"]))
            values = {"text": text, "blocks": json.dumps([_block_row(b) for b in blocks])}
            if self._db.row("source_texts", source_id) is None:
                self._db.insert("source_texts", {"id": source_id, **values})
            else:
                self._db.update("source_texts", source_id, values)
            self._db.update("sources", source_id, {"text_length": len(text)})
        return self.get(source_id)

    def reanchor(self, source_id: int, text: str) -> dict[int, tuple[int, int]]:
        """Where each text coding of a source would sit in ``text`` (coding id → start, end),
        found by its stored quote at the occurrence nearest its old place (the old offset scaled
        to the new length). Raises InvalidInputError, one sentence, when a coding's quote no
        longer occurs, could sit at two places equally near, or would change order with another
        coding: its passage would move or vanish under the researcher's coding."""
        row = self._require("sources", source_id, "source")
        old_length = max(1, row["text_length"] or 0)
        rows = self._db.query(
            "SELECT id, start_offset, end_offset, snippet FROM codings WHERE source_id = ? AND "
            "start_offset IS NOT NULL ORDER BY start_offset, end_offset, id", (source_id,))
        placed: dict[int, tuple[int, int]] = {}
        last = -1
        for coding in rows:
            quote = coding["snippet"] or ""
            expected = round(coding["start_offset"] * len(text) / old_length)
            at = _nearest_quote(text, quote, coding["start_offset"], expected)
            if at is None or at < last:
                raise InvalidInputError(tr(
                    "The new text of “{title}” would move or lose the coded passage “{quote}”; "
                    "nothing was changed (remove or fix that coding first).",
                    title=row["title"], quote=_short(quote)))
            placed[coding["id"]] = (at, at + len(quote))
            last = at
        return placed

    def replace_text(self, source_id: int, text: str, blocks: Iterable[Any], *,
                     encoding: str | None = None, metadata: dict | None = None) -> Source:
        """Give a text source a new text (re-extracted from its original with a better importer)
        as one undoable step. Its codings keep their passages (see :meth:`reanchor`; a refusal
        changes nothing). ``metadata`` keys (e.g. "quality") are merged into the source's."""
        with self._operation("Re-extract text"):
            row = self._require("sources", source_id, "source")
            if row["kind"] != "text":
                raise InvalidInputError(tr(
                    "“{title}” is an image; its text comes from text recognition.",
                    title=row["title"]))
            old = self._db.scalar("SELECT text FROM source_texts WHERE id = ?", (source_id,))
            block_rows = [_block_row(b) for b in blocks]
            if text != old:
                placed = self.reanchor(source_id, text)
                pages = [b for b in block_rows if b.get("kind") == "page"]
                for coding_id, (start, end) in placed.items():
                    values: dict[str, Any] = {"start_offset": start, "end_offset": end}
                    if self._db.scalar("SELECT page FROM codings WHERE id = ?", (coding_id,)):
                        values["page"] = next((b.get("level") for b in pages
                                               if b["start"] <= start <= b["end"]), None)
                    self._db.update("codings", coding_id, values)
            values = {"text": text, "blocks": json.dumps(block_rows)}
            if self._db.row("source_texts", source_id) is None:
                self._db.insert("source_texts", {"id": source_id, **values})
            else:
                self._db.update("source_texts", source_id, values)
            merged = {**json.loads(row["metadata"] or "{}"), **(metadata or {})}
            changes: dict[str, Any] = {"text_length": len(text),
                                       "metadata": json.dumps(merged, ensure_ascii=False)}
            if encoding is not None:
                changes["encoding"] = encoding
            self._db.update("sources", source_id, changes)
            self._project.codings._forget_cached()  # the text changed under the same sha256
        return self.get(source_id)

    def attributes(self, source_id: int) -> dict[str, str]:
        """The researcher's own attributes of a source (e.g. its dominant topic)."""
        return dict(self.get(source_id).metadata.get("attributes", {}))

    def set_attribute(self, name: str, values: dict[int, str | None]) -> None:
        """Set (None or "" clears) one named attribute on many sources, as one undo step.
        Kept in the source's metadata, so it travels with the file and needs no new table."""
        name = check_name(name, "attribute")
        with self._operation("Set source attribute"):
            for source_id, value in values.items():
                self._require_source(source_id)
                raw = self._db.scalar("SELECT metadata FROM sources WHERE id = ?", (source_id,))
                metadata = json.loads(raw or "{}")
                attributes = dict(metadata.get("attributes", {}))
                if value is None or str(value).strip() == "":
                    attributes.pop(name, None)
                else:
                    attributes[name] = str(value).strip()
                metadata["attributes"] = attributes
                self._db.update("sources", source_id,
                                {"metadata": json.dumps(metadata, ensure_ascii=False)})

    def accept_policy(self, source_id: int) -> Source:
        """Make what the importer recognised in a policy document (metadata "policy") the
        source's own: title, 发文机关, 文号, date (发布, else 成文), URL, and 效力级别, 时效性,
        成文/发布/实施日期 and the database's reference code as source attributes. Fields the
        researcher already filled in are kept; one undo step."""
        with self._operation("Accept policy document details"):
            self._require_source(source_id)
            source = self.get(source_id)
            facts = source.metadata.get("policy")
            if not isinstance(facts, dict) or not facts:
                raise InvalidInputError(tr("Source {id} was not recognised as a policy "
                                           "document; fill in its details by hand.",
                                           id=source_id))
            fields = {}
            if facts.get("title"):
                fields["title"] = str(facts["title"])
            if facts.get("agencies") and not source.agency:
                fields["agency"] = "、".join(str(a) for a in facts["agencies"])
            if facts.get("document_number") and not source.document_number:
                fields["document_number"] = str(facts["document_number"])
            date = facts.get("published") or facts.get("written")
            if date and not source.date and check_date_or_none(str(date)):
                fields["date"] = str(date)
            if facts.get("url") and not source.origin_url:
                fields["origin_url"] = str(facts["url"])
            if fields:
                self.update(source_id, **fields)
            for key, name in POLICY_ATTRIBUTES:
                if facts.get(key):
                    self.set_attribute(name, {source_id: str(facts[key])})
            raw = self._db.scalar("SELECT metadata FROM sources WHERE id = ?", (source_id,))
            metadata = json.loads(raw or "{}")
            metadata.setdefault("policy", {})["accepted"] = True
            self._db.update("sources", source_id,
                            {"metadata": json.dumps(metadata, ensure_ascii=False)})
        return self.get(source_id)

    def forget_date_guess(self, source_id: int) -> None:
        """Drop the importer's guess of a source's date (the researcher rejected it)."""
        with self._operation("Edit source details"):
            self._require_source(source_id)
            raw = self._db.scalar("SELECT metadata FROM sources WHERE id = ?", (source_id,))
            metadata = json.loads(raw or "{}")
            if metadata.pop("date_guess", None) is not None:
                self._db.update("sources", source_id,
                                {"metadata": json.dumps(metadata, ensure_ascii=False)})

    def add_type(self, name: str) -> SourceType:
        with self._operation("Add source type"):
            type_id = self._type_id(name)
        return next(t for t in self.types() if t.id == type_id)

    # ----- helpers -------------------------------------------------------------------------
    def _require_source(self, source_id: int) -> None:
        if self._db.scalar("SELECT 1 FROM sources WHERE id = ?", (source_id,)) is None:
            raise not_found("source", source_id)

    def _type_id(self, name: str | None) -> int | None:
        """Resolve a source type by name, built-in key or either language's built-in name;
        a new name becomes a new type (call inside an operation)."""
        if name is None or not str(name).strip():
            return None
        name = str(name).strip()
        found = self._db.scalar("SELECT id FROM source_types WHERE name = ? OR key = ?",
                                (name, name))
        if found is not None:
            return found
        for key, names in SOURCE_TYPES.items():
            if name.casefold() in (n.casefold() for n in names):
                found = self._db.scalar("SELECT id FROM source_types WHERE key = ?", (key,))
                if found is not None:
                    return found
        position = self._db.scalar("SELECT ifnull(max(position) + 1, 0) FROM source_types")
        return self._db.insert("source_types", {"guid": new_guid(), "name": name,
                                                "position": position})


def _nearest_quote(text: str, quote: str, old_start: int, expected: int) -> int | None:
    """The start of the occurrence of ``quote`` nearest the coding's place: its old offset when
    the quote is still there (a fix often leaves the start of a text alone), else the occurrence
    nearest the expected offset; None when absent or when two are equally near."""
    if not quote:
        return None
    found: list[int] = []
    at = text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    if len(found) == 1 or old_start in found:
        return found[0] if len(found) == 1 else old_start
    if not found:
        return None
    found.sort(key=lambda a: abs(a - expected))
    if len(found) > 1 and abs(found[0] - expected) == abs(found[1] - expected):
        return None
    return found[0]


def _short(quote: str, limit: int = 30) -> str:
    return quote if len(quote) <= limit else quote[:limit - 1] + "…"


def _block_row(block: Any) -> dict[str, Any]:
    """A block as stored: from an importer's Block/OcrLine-like object or a dict."""
    if isinstance(block, dict):
        return dict(block)
    row = {"kind": block.kind, "start": block.start, "end": block.end,
           "level": getattr(block, "level", 0)}
    box = getattr(block, "box", None)
    if box is not None:
        row["box"] = [int(v) for v in box]
    if getattr(block, "dpi", 0):
        row["dpi"] = float(block.dpi)
    return row


def _block(row: dict[str, Any]) -> TextBlock:
    box = row.get("box")
    return TextBlock(row["kind"], row["start"], row["end"], row.get("level", 0),
                     tuple(box) if box else None, _resolution(row.get("dpi")))


def _resolution(value: Any) -> float:
    """A stored line's dpi, or 0 when it is missing or makes no sense (a file from elsewhere)."""
    try:
        dpi = float(value or 0.0)
    except (TypeError, ValueError):
        return 0.0
    return dpi if 0 < dpi < 10_000 else 0.0


def _source(r) -> Source:
    cases = tuple(sorted(r["case_names"].split("\x1f"))) if r["case_names"] else ()
    return Source(r["id"], r["guid"], r["kind"], r["title"], r["file_name"], r["media_type"],
                  r["sha256"], r["date"], r["type_name"], r["origin_url"], r["agency"],
                  r["document_number"], r["capture_time"], r["notes"], r["width"], r["height"],
                  r["text_length"], r["encoding"], r["imported"], cases, r["n"],
                  json.loads(r["metadata"] or "{}"))
