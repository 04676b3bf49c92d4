"""Codings: a passage (code-point range of a source's text) or an image region, assigned to an
element by a coder, with a memo. The quote is stored with the coding (``snippet``)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from ..i18n import tr
from .errors import InvalidInputError
from .model import Coding, Rect
from .part import Part, not_found
from .pdf_regions import page_region
from .store import utc_now

if TYPE_CHECKING:
    from .coding_batches import SourceBatches

_SELECT = """
SELECT c.*, s.title AS source_title, e.name AS element_name, k.name AS coder_name
FROM codings c JOIN sources s ON s.id = c.source_id JOIN elements e ON e.id = c.element_id
JOIN coders k ON k.id = c.coder_id
"""

# Reading order: source, position (regions, which have none, first: SQLite sorts NULL first),
# top to bottom, id. Ordering by the plain column (not ifnull(start, -1), the same order) lets
# SQLite walk the (source_id, start_offset) index, so a source's first page is read without
# sorting all its codings first (25 ms → 1 ms at 8,000 codings).
_ORDER = "ORDER BY c.source_id, c.start_offset, c.y, c.x, c.id"

_ROWS = """
SELECT c.id, c.guid, c.source_id, c.element_id, k.name, c.start_offset, c.end_offset,
       c.snippet, c.x, c.y, c.width, c.height, c.memo, c.created, c.page, c.modified
FROM codings c JOIN coders k ON k.id = c.coder_id
"""


class CodingRow(NamedTuple):
    """A coding as a plain row: what exports and counts need, without the source title and
    element name (``list`` joins those in, which costs as much again on 50,000 codings)."""
    id: int
    guid: str
    source_id: int
    element_id: int
    coder: str
    start: int | None
    end: int | None
    snippet: str | None
    x: int | None
    y: int | None
    width: int | None
    height: int | None
    memo: str
    created: str
    page: int | None = None  # a region of a PDF's page (rect in points on it)
    modified: str | None = None  # None until the coding is changed

    @property
    def rect(self) -> Rect | None:
        return None if self.x is None else Rect(self.x, self.y, self.width, self.height)

    @property
    def is_region(self) -> bool:
        """Only a region of an image (no passage): its quote is not text."""
        return self.start is None

    @property
    def has_region(self) -> bool:
        """A region of an image, alone or with the recognised text it covers."""
        return self.x is not None


class Codings(Part):
    _cached_text: tuple = (None, "")

    def list(self, *, element_id: int | None = None, source_id: int | None = None,
             coder: str | None = None, after_id: int | None = None,
             limit: int | None = None) -> list[Coding]:
        """Codings in reading order (source, then position), optionally filtered; ``after_id``:
        only those made after that coding (ids grow), so a list can take in what was added;
        ``limit``: the first so many (a list showing a page first)."""
        clauses, params = [], []
        if after_id is not None:
            clauses.append("c.id > ?")
            params.append(after_id)
        if element_id is not None:
            clauses.append("c.element_id = ?")
            params.append(element_id)
        if source_id is not None:
            clauses.append("c.source_id = ?")
            params.append(source_id)
        if coder is not None:
            clauses.append("k.name = ?")
            params.append(coder)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        if limit is not None:
            params.append(limit)
        return [_coding(r) for r in self._db.query(
            f"{_SELECT} {where} {_ORDER}" + (" LIMIT ?" if limit is not None else ""),
            tuple(params))]

    def rows(self, *, source_id: int | None = None) -> list[CodingRow]:
        """Codings as light rows in reading order (source, then position), optionally of one
        source; for work over many codings at once (exports, counts)."""
        where, params = ("WHERE c.source_id = ?", (source_id,)) if source_id is not None \
            else ("", ())
        # _make: a tuple copy, not a Python call with 16 arguments
        return list(map(CodingRow._make, self._db.tuples(f"{_ROWS} {where} {_ORDER}",
                                                          params)))

    def rows_by_source(self, source_ids: Iterable[int], *, batch: int = 200,
                       quote_chars: int | None = None) -> "SourceBatches":
        """Each of ``source_ids``, in their order, with its codings, for an export: one query
        per ``batch`` sources, read on a second thread ahead of their use, the usual passage
        as strings and any other coding as a row tuple; with ``quote_chars``, each quote cut
        to that many characters by SQLite (see ``coding_batches``)."""
        from .coding_batches import SourceBatches

        return SourceBatches(self._db, source_ids, batch=batch, quote_chars=quote_chars)

    def sources_with_pages(self, source_ids) -> set[int]:
        """Those of ``source_ids`` whose text has "page" blocks (PDFs): the blocks of the others
        need not be read to find the page of a coding (reading all of them took 0.8 s the first
        time the largest element's segments were listed at 1,000 sources)."""
        ids, found = sorted(set(source_ids)), set()
        for first in range(0, len(ids), 500):
            chunk = ids[first:first + 500]
            found.update(r[0] for r in self._db.query(
                f"SELECT id FROM source_texts WHERE id IN ({','.join('?' * len(chunk))}) "
                "AND instr(blocks, '\"page\"') > 0", tuple(chunk)))
        return found

    def newest_id(self) -> int:
        """The id of the newest coding (0: none). Ids grow, so ``list(after_id=...)`` with it
        finds what a later change added without listing anything else."""
        return self._db.scalar("SELECT max(id) FROM codings") or 0

    def get(self, coding_id: int) -> Coding:
        row = self._db.one(f"{_SELECT} WHERE c.id = ?", (coding_id,))
        if row is None:
            raise not_found("coding", coding_id)
        return _coding(row)

    def code_text(self, source_id: int, start: int, end: int, element_id: int, *,
                  coder: str | None = None, memo: str = "", guid: str | None = None) -> Coding:
        """Code text[start:end] (Unicode code points) of a source's text to an element.
        Coding the same range to the same element by the same coder again changes nothing.
        In an image's recognised text the one coding also carries the region of the lines the
        passage covers (one act of coding is one coding: it is counted once)."""
        with self._operation("Code passage"):
            snippet = self._quote(source_id, start, end)
            self._require("elements", element_id, "element")
            coder_id = self._project.coders.resolve(coder)
            same = self._db.scalar(
                "SELECT id FROM codings WHERE source_id = ? AND element_id = ? AND coder_id = ? "
                "AND start_offset = ? AND end_offset = ?",
                (source_id, element_id, coder_id, start, end))
            if same is not None:
                return self.get(same)
            values = {
                "guid": self._guid("codings", guid), "source_id": source_id,
                "element_id": element_id, "coder_id": coder_id, "start_offset": start,
                "end_offset": end, "snippet": snippet, "memo": memo, "created": utc_now()}
            values.update(_rect_columns(self._region_of_passage(source_id, start, end)))
            new_id = self._db.insert("codings", values)
        return self.get(new_id)

    def code_region(self, source_id: int, rect: Rect | tuple[int, int, int, int],
                    element_id: int, *, coder: str | None = None, memo: str = "",
                    guid: str | None = None, page: int | None = None) -> Coding:
        """Code a rectangle (x, y, width, height in the image's pixels) of an image source, or
        with ``page`` a rectangle of a PDF's page (in points from the page's top-left corner):
        then the text inside it is the coding's quote and, when it is one passage of the
        source's text, its range too (one coding, see pdf_regions.py)."""
        rect = rect if isinstance(rect, Rect) else Rect(*(int(v) for v in rect))
        with self._operation("Code region"):
            values = {"x": rect.x, "y": rect.y, "width": rect.width, "height": rect.height}
            if page is None:
                self._check_rect(source_id, rect)
            else:
                values.update(page_region(self._project, source_id, page, rect))
            self._require("elements", element_id, "element")
            coder_id = self._project.coders.resolve(coder)
            new_id = self._db.insert("codings", {
                "guid": self._guid("codings", guid), "source_id": source_id,
                "element_id": element_id, "coder_id": coder_id, **values, "memo": memo,
                "created": utc_now()})
        return self.get(new_id)

    def delete(self, coding_id: int) -> None:
        """Remove a coding (and its place as evidence of interactions)."""
        with self._operation("Remove coding"):
            self._require("codings", coding_id, "coding")
            self._delete_row(coding_id)

    def set_memo(self, coding_id: int, memo: str) -> Coding:
        with self._operation("Edit coding memo"):
            self._require("codings", coding_id, "coding")
            self._db.update("codings", coding_id, {"memo": memo})
        return self.get(coding_id)

    def set_element(self, coding_id: int, element_id: int) -> Coding:
        with self._operation("Change coding's element"):
            self._require("codings", coding_id, "coding")
            self._require("elements", element_id, "element")
            kept = self._move_to_element(coding_id, element_id)
        return self.get(kept)

    def set_range(self, coding_id: int, start: int, end: int) -> Coding:
        """Widen or shrink a text coding; its quote follows."""
        with self._operation("Resize coding"):
            row = self._require("codings", coding_id, "coding")
            if row["start_offset"] is None:
                raise InvalidInputError(tr("That coding is an image region, not a passage."))
            snippet = self._quote(row["source_id"], start, end)
            values = {"start_offset": start, "end_offset": end, "snippet": snippet}
            if row["x"] is not None:  # a screenshot's line: its region follows the passage
                region = self._region_of_passage(row["source_id"], start, end)
                if region is not None:
                    values.update(_rect_columns(region))
            self._db.update("codings", coding_id, values)
        return self.get(coding_id)

    def set_rect(self, coding_id: int, rect: Rect | tuple[int, int, int, int]) -> Coding:
        rect = rect if isinstance(rect, Rect) else Rect(*(int(v) for v in rect))
        with self._operation("Resize coding"):
            row = self._require("codings", coding_id, "coding")
            values = {"x": rect.x, "y": rect.y, "width": rect.width, "height": rect.height}
            if row["page"] is not None:  # a region of a PDF's page: its quote follows
                values.update(page_region(self._project, row["source_id"], row["page"], rect))
            elif row["x"] is None:  # a passage without a region (a recognised line has one)
                raise InvalidInputError(tr("That coding is a passage, not an image region."))
            else:
                self._check_rect(row["source_id"], rect)
            self._db.update("codings", coding_id, values)
        return self.get(coding_id)

    # ----- helpers -------------------------------------------------------------------------
    def _move_to_element(self, coding_id: int, element_id: int) -> int:
        """Give a coding another element (changing, splitting, merging). When that element
        already has this very coding (same source, coder and range or region), the two become
        one: evidence moves to the one kept, and the copy is dropped. Returns the kept id."""
        coding = self._db.row("codings", coding_id)
        twin = self._db.scalar(
            "SELECT id FROM codings WHERE element_id = ? AND source_id = ? AND coder_id = ? "
            "AND start_offset IS ? AND end_offset IS ? AND x IS ? AND y IS ? AND width IS ? "
            "AND height IS ? AND id != ?",
            (element_id, coding["source_id"], coding["coder_id"], coding["start_offset"],
             coding["end_offset"], coding["x"], coding["y"], coding["width"], coding["height"],
             coding_id))
        if twin is None:
            self._db.update("codings", coding_id, {"element_id": element_id})
            return coding_id
        for link in self._db.query("SELECT id, interaction_id FROM interaction_evidence "
                                   "WHERE coding_id = ?", (coding_id,)):
            if self._db.scalar("SELECT id FROM interaction_evidence WHERE interaction_id = ? "
                               "AND coding_id = ?", (link["interaction_id"], twin)) is None:
                self._db.update("interaction_evidence", link["id"], {"coding_id": twin})
        if coding["memo"] and not self._db.row("codings", twin)["memo"]:
            self._db.update("codings", twin, {"memo": coding["memo"]})  # nothing written is lost
        for (memo_id,) in self._db.query("SELECT id FROM memos WHERE target_kind = 'coding' "
                                         "AND target_id = ?", (coding_id,)):
            self._db.update("memos", memo_id, {"target_id": twin})
        self._delete_row(coding_id)
        return twin

    def _delete_row(self, coding_id: int) -> None:
        for (link,) in self._db.query(
                "SELECT id FROM interaction_evidence WHERE coding_id = ?", (coding_id,)):
            self._db.delete("interaction_evidence", link)
        self._project.memos._delete_for("coding", coding_id)
        self._db.delete("codings", coding_id)

    def _quote(self, source_id: int, start: int, end: int) -> str:
        """text[start:end] of a source, checked. The last text used is kept in memory (texts never
        change; the sha256 tells a re-used id apart), so coding a long source many times in a row
        does not read its million characters from the file every time."""
        row = self._db.one("SELECT kind, text_length, title, sha256 FROM sources WHERE id = ?",
                           (source_id,))
        if row is None:
            raise not_found("source", source_id)
        if row["kind"] != "text" and row["text_length"] == 0:
            raise InvalidInputError(tr(
                "“{title}” is an image; code a region of it (x, y, width, height).",
                title=row["title"]))
        _check_range(start, end, row["text_length"])
        key = (source_id, row["sha256"])
        if self._cached_text[0] != key:
            self._cached_text = (key, self._db.scalar(
                "SELECT text FROM source_texts WHERE id = ?", (source_id,)))
        return self._cached_text[1][start:end]

    def _forget_cached(self) -> None:
        self._cached_text = (None, "")

    def _region_of_passage(self, source_id: int, start: int, end: int) -> Rect | None:
        """The box around the recognised lines a passage of an image's text covers."""
        image = self._db.one("SELECT kind, width, height FROM sources WHERE id = ?", (source_id,))
        if image["kind"] != "image":
            return None
        boxes = [b.box for b in self._project.sources.recognised_lines(source_id)
                 if b.box and b.start < end and start < b.end]
        if not boxes:
            return None
        # Clipped to the picture: a detector's box may reach a pixel past the edge.
        left = max(0, min(b[0] for b in boxes))
        top = max(0, min(b[1] for b in boxes))
        right = min(image["width"], max(b[0] + b[2] for b in boxes))
        bottom = min(image["height"], max(b[1] + b[3] for b in boxes))
        if right <= left or bottom <= top:
            return None
        return Rect(left, top, right - left, bottom - top)

    def _check_rect(self, source_id: int, rect: Rect) -> None:
        row = self._db.one("SELECT kind, width, height, title FROM sources WHERE id = ?",
                           (source_id,))
        if row is None:
            raise not_found("source", source_id)
        if row["kind"] != "image":
            raise InvalidInputError(
                tr("“{title}” is a text; code a passage of it.", title=row["title"]))
        if rect.width <= 0 or rect.height <= 0 or rect.x < 0 or rect.y < 0 \
                or rect.x + rect.width > row["width"] or rect.y + rect.height > row["height"]:
            raise InvalidInputError(tr(
                "The region {x},{y},{width},{height} does not lie inside the "
                "{image_width}×{image_height} image “{title}”.",
                x=rect.x, y=rect.y, width=rect.width, height=rect.height,
                image_width=row["width"], image_height=row["height"], title=row["title"]))


def _check_range(start: int, end: int, length: int) -> None:
    if not (0 <= start < end <= length):
        raise InvalidInputError(tr(
            "The range {start}–{end} is not a passage of this text (it has {length} characters).",
            start=start, end=end, length=length))


def _rect_columns(rect: Rect | None) -> dict:
    if rect is None:
        return {}
    return {"x": rect.x, "y": rect.y, "width": rect.width, "height": rect.height}


def _coding(r) -> Coding:
    rect = None if r["x"] is None else Rect(r["x"], r["y"], r["width"], r["height"])
    return Coding(r["id"], r["guid"], r["source_id"], r["source_title"], r["element_id"],
                  r["element_name"], r["coder_name"], r["start_offset"], r["end_offset"],
                  r["snippet"], rect, r["memo"], r["created"], r["page"])
