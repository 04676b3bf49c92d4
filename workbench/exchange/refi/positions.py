"""Text positions in REFI-QDA files and how tools really count them.

REFI-QDA 1.5 (sect. 10.2) counts ``startPosition``/``endPosition`` in Unicode code points with an
exclusive end, and so does the workbench. NVivo (Windows and Mac) counts UTF-16 code units
instead: a character outside the Basic Multilingual Plane (an emoji, 𠮷) counts twice. The CR of
a CRLF counts as one unit in both schemes (the text is stored with its CRs, so nothing changes for
it) and a leading BOM is not counted (it is stripped from the text before anything else).

Which scheme a file uses is decided per source from the selections themselves: the scheme under
which more selections start and end on word boundaries wins; on a tie (no astral characters, or
no selections) the producing tool decides (NVivo → UTF-16, anyone else → code points). Our own
export names its scheme in the project's ``origin`` (``ORIGIN_MARK``), so it is read back as
written whatever the text looks like.

Export: ``TARGETS`` says how each tool counts (evidence in docs/EXCHANGE.md): NVivo writes
UTF-16 units (measured in both NVivo samples: 295 of 303 and 293 of 297 selections on word
boundaries as UTF-16, 27 and 17 as code points); ATLAS.ti (.NET on Windows, Cocoa NSString on the
Mac) and MAXQDA index UTF-16 strings; QualCoder takes a coding's positions from its Qt text
editor's cursor (UTF-16 units), stores and exports them as they are and highlights them with the
same cursor. Only the standard's own reading is code points. The default is NVivo's count.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")

CODE_POINTS = "code points"
UTF16 = "UTF-16 units"
TARGETS = {"nvivo": UTF16, "atlasti": UTF16, "maxqda": UTF16, "qualcoder": UTF16,
           "standard": CODE_POINTS}
DEFAULT_TARGET = "nvivo"
ORIGIN_MARK = "; positions: "  # "Case Workbench 1.2; positions: UTF-16 units"


def decode_text(data: bytes) -> str:
    """A plain-text member as text: UTF-8 (BOM dropped), else UTF-16 with a BOM, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class Utf16Map:
    """Converts UTF-16 unit offsets of a text to code-point offsets and back."""

    def __init__(self, text: str):
        # Code-point indexes of the astral characters: each adds one unit after it.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]  # a scan in C, not per char
        self._units_before = [i + k + 1 for k, i in enumerate(self._astral)]
        self.length = len(text)

    @property
    def has_astral(self) -> bool:
        return bool(self._astral)

    def to_code_points(self, unit: int) -> int:
        """The code point at UTF-16 offset ``unit`` (an offset inside a pair rounds down)."""
        # Astral char k (code point a_k) occupies units a_k + k and a_k + k + 1.
        k = bisect_right(self._units_before, unit)  # astral chars wholly before ``unit``
        return unit - k

    def to_units(self, point: int) -> int:
        return point + bisect_left(self._astral, point)


def _boundary(text: str, index: int) -> bool:
    if index <= 0 or index >= len(text):
        return True
    return not (text[index - 1].isalnum() and text[index].isalnum())


def boundary_score(text: str, ranges: Iterable[tuple[int, int]]) -> int:
    """How many (start, end) ranges start and end on word boundaries of ``text``."""
    return sum(1 for start, end in ranges
               if 0 <= start < end <= len(text) and _boundary(text, start) and _boundary(text, end))


def detect_scheme(text: str, ranges: list[tuple[int, int]], origin: str) -> str:
    """CODE_POINTS or UTF16 for the raw ``ranges`` of one source (see the module text)."""
    if (origin or "").startswith("Case Workbench"):  # our own export says how it counted
        written = origin.partition(ORIGIN_MARK)[2].strip()
        return UTF16 if written == UTF16 else CODE_POINTS
    mapping = Utf16Map(text)
    prefer = UTF16 if "nvivo" in (origin or "").casefold() else CODE_POINTS
    if not mapping.has_astral or not ranges:
        return prefer
    as_points = boundary_score(text, ranges)
    as_units = boundary_score(text, [(mapping.to_code_points(s), mapping.to_code_points(e))
                                     for s, e in ranges])
    if as_units == as_points:
        return prefer
    return UTF16 if as_units > as_points else CODE_POINTS


def convert(text: str, ranges: list[tuple[int, int]], scheme: str) -> list[tuple[int, int]]:
    """The ranges in code points."""
    if scheme == CODE_POINTS:
        return list(ranges)
    mapping = Utf16Map(text)
    return [(mapping.to_code_points(s), mapping.to_code_points(e)) for s, e in ranges]


def to_units(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Code-point ranges of ``text`` as UTF-16 unit ranges (what NVivo and others read)."""
    mapping = Utf16Map(text)
    if not mapping.has_astral:
        return list(ranges)
    return [(mapping.to_units(s), mapping.to_units(e)) for s, e in ranges]
