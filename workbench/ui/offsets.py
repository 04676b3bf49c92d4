"""Positions at the UI boundary: Unicode code points (the core) ↔ UTF-16 units (Qt).

A character outside the Basic Multilingual Plane (𠮷 U+20BB7, CJK Extension B, emoji) is one code
point in a Python ``str`` but two UTF-16 units in a ``QString``. Only those characters make the
two counts differ, so :class:`OffsetMap` remembers where they are (one regex scan, O(n), done in
C) and converts any position with one bisection (O(log k) for k such characters). A text without
any (most Chinese text) needs no table at all and converts for free.

Documents: the core's text separates paragraphs with "\\n" only (importers normalise CR/LF and
U+2028/U+2029). A ``QPlainTextEdit`` turns each "\\n" into a block separator that also counts one
unit, so a document position equals the UTF-16 offset into the text. :func:`for_document` guards
the one case that would break this equality: QTextCursor.insertText folds "\\r\\n" into one
separator, so a stray CR is turned into "\\n" (same length, positions kept).
"""
from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    """Converts positions in one text between code points and UTF-16 units."""

    __slots__ = ("_cp", "_u16", "length", "length16")

    def __init__(self, text: str) -> None:
        # Code-point indices of the astral characters, and where each one starts in UTF-16.
        self._cp: list[int] = [m.start() for m in _ASTRAL.finditer(text)]
        self._u16: list[int] = [p + i for i, p in enumerate(self._cp)]
        self.length = len(text)
        self.length16 = len(text) + len(self._cp)

    @property
    def is_identity(self) -> bool:
        """True when both counts agree everywhere (the text is all BMP)."""
        return not self._cp

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point position ``cp`` (0 ≤ cp ≤ length)."""
        if not self._cp:
            return cp
        return cp + bisect_left(self._cp, cp)

    def to_code_point(self, u16: int, *, round_up: bool = False) -> int:
        """Code-point position of UTF-16 offset ``u16``. An offset between the two halves of a
        surrogate pair is moved to the character's start (or past it with ``round_up``)."""
        if not self._u16:
            return u16
        before = bisect_left(self._u16, u16)  # astral characters starting before u16
        if before and self._u16[before - 1] + 1 == u16:  # inside a pair
            return self._cp[before - 1] + (1 if round_up else 0)
        return u16 - before

    def range_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def range_to_code_points(self, start16: int, end16: int) -> tuple[int, int]:
        """A UTF-16 range as code points; a half-selected astral character is included."""
        return self.to_code_point(start16), self.to_code_point(end16, round_up=True)


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


def for_document(text: str) -> str:
    """The text to put into a QTextDocument so that document positions == UTF-16 offsets."""
    return text.replace("\r", "\n") if "\r" in text else text


def selected_plain_text(qt_selected: str) -> str:
    """QTextCursor.selectedText() marks block breaks with U+2029; give them back as "\\n"."""
    return qt_selected.replace("\u2029", "\n")
