"""Footnotes and endnotes of a Word document: a mark in the body, the note after the text.

Word numbers notes by their order in the body (footnotes 1, 2, 3…, endnotes i, ii, iii… by
default), whatever ids footnotes.xml gives them; a note referenced with a custom mark
(``w:customMarkFollows``) keeps the mark the author typed after the reference instead, so only
the automatic number is added here for the others. The separator "notes" Word stores
(``w:type="separator"``) are not text.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .docx_numbering import format_number

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTE_REF, _ENDNOTE_REF = _W + "footnoteReference", _W + "endnoteReference"


class Notes:
    """The notes of one document and the marks given to them as the body is read."""

    def __init__(self, footnotes_root: Any | None, endnotes_root: Any | None) -> None:
        self._notes = {_FOOTNOTE_REF: _by_id(footnotes_root, "footnote"),
                       _ENDNOTE_REF: _by_id(endnotes_root, "endnote")}
        self._marked: dict[str, list[tuple[str, Any]]] = {_FOOTNOTE_REF: [], _ENDNOTE_REF: []}
        self._seen: set[tuple[str, str]] = set()

    def mark(self, reference: Any) -> str:
        """The mark standing in the body for this reference: "[1]" or "[i]", or "" for a note
        that does not exist (a damaged file) or carries the author's own mark."""
        kind = reference.tag
        note_id = reference.get(_W + "id") or ""
        note = self._notes.get(kind, {}).get(note_id)
        if note is None:
            return ""
        custom = reference.get(_W + "customMarkFollows") in ("1", "true", "on")
        marked = self._marked[kind]
        if (kind, note_id) in self._seen:  # referenced twice: the same mark again
            return next((m for m, n in marked if n is note), "")
        self._seen.add((kind, note_id))
        number = len(marked) + 1
        fmt = "decimal" if kind == _FOOTNOTE_REF else "lowerRoman"
        mark = f"[{format_number(number, fmt)}]"
        marked.append((mark, note))
        return "" if custom else mark

    def marked(self) -> Iterator[tuple[str, Any]]:
        """(mark, note element) of every note referenced, footnotes first, in body order."""
        yield from self._marked[_FOOTNOTE_REF]
        yield from self._marked[_ENDNOTE_REF]


def _by_id(root: Any | None, tag: str) -> dict[str, Any]:
    if root is None:
        return {}
    return {note.get(_W + "id") or "": note for note in root.iter(_W + tag)
            if note.get(_W + "type") in (None, "normal")}
