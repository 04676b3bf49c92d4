"""Sources: imported documents and images, their fixed text, original bytes and metadata."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from ..i18n import tr
from .compact import pack_blob, unpack_blob
from .errors import InvalidInputError
from .model import Source, SourceType, TextBlock
from .part import Part, check_date, check_datetime, check_name, new_guid, not_found
from .store import SOURCE_TYPES, utc_now

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


def _block_row(block: Any) -> dict[str, Any]:
    """A block as stored: from an importer's Block/OcrLine-like object or a dict."""
    if isinstance(block, dict):
        return dict(block)
    row = {"kind": block.kind, "start": block.start, "end": block.end,
           "level": getattr(block, "level", 0)}
    box = getattr(block, "box", None)
    if box is not None:
        row["box"] = [int(v) for v in box]
    return row


def _block(row: dict[str, Any]) -> TextBlock:
    box = row.get("box")
    return TextBlock(row["kind"], row["start"], row["end"], row.get("level", 0),
                     tuple(box) if box else None)


def _source(r) -> Source:
    cases = tuple(sorted(r["case_names"].split("\x1f"))) if r["case_names"] else ()
    return Source(r["id"], r["guid"], r["kind"], r["title"], r["file_name"], r["media_type"],
                  r["sha256"], r["date"], r["type_name"], r["origin_url"], r["agency"],
                  r["document_number"], r["capture_time"], r["notes"], r["width"], r["height"],
                  r["text_length"], r["encoding"], r["imported"], cases, r["n"],
                  json.loads(r["metadata"] or "{}"))
