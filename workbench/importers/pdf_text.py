"""From pdfminer's layout of a page to the text a researcher reads: lines in reading order,
paragraphs rebuilt, Chinese spacing and punctuation put right. Used by :mod:`.pdf`.

- Paragraphs: pdfminer's text boxes do not follow paragraphs in Chinese official documents
  (their line spacing, ~1.8 em, puts every line in a box of its own), so they are rebuilt from
  the lines (see :class:`PageWalker`).
- Spaces that pdfminer *infers* from gaps between Chinese characters (justified text) are
  dropped; spaces drawn in the PDF are kept. Wrapped lines are joined directly in Chinese and
  with a space between Latin letters or digits.
- A line that is only a page number ("— 3 —", "第 3 页 共 9 页") in the top or bottom tenth of a
  page is left out.
- Vertical punctuation (U+FE10–FE19, U+FE30–FE4F) becomes its horizontal form: NFKC's
  <vertical> mapping, kept full width (︐ -> ，not ",") because these are Chinese punctuation
  marks. Kangxi radicals, CJK compatibility ideographs and Latin ligatures are folded to the
  ordinary characters (:mod:`.normalise`); no other character is normalised.
- Chinese text in a font that only names a legacy encoding (GBK bytes read as Latin-1) is
  decoded again (:mod:`.pdf_repair`; :meth:`PageWalker.finish`).
- Fonts encoded with a predefined Unicode CMap (UniGB-UCS2-H, as iText's and ReportLab's
  STSong-Light write) are read as the Unicode they are (see :func:`resource_manager`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from .document import normalise_text
from .normalise import count_foldable, fold_compatibility
from .pdf_repair import HighRun, apply, looks_garbled

_UNICODE_CMAP = re.compile(r"Uni(GB|CNS|JIS|KS)-(UCS2|UTF16)-([HV])")
_CID_TOKEN = re.compile(r"^\(cid:\d+\)$")
_PAGE_NUMBER = re.compile(r"[\s\-—–－_·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:/|／|共)\s*\d{1,4}"
                          r"\s*页?)?[\s\-—–－_·•]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    y0: float  # bottom, PDF coordinates (y grows upwards)
    y1: float
    size: float  # the line's typical character width
    # Set while the line holds runs of legacy-font bytes (cleared by PageWalker.finish).
    pieces: list[str] | None = None
    runs: list[HighRun] | None = None


class PageWalker:
    """Turns one page's layout into paragraphs. pdfminer's text boxes do not follow paragraphs
    in Chinese official documents (their line spacing, ~1.8 em, splits every line into its own
    box), so paragraphs are rebuilt from the lines in reading order: a line continues the one
    before when it sits right below it in the same size, starts at the left margin (a Chinese
    paragraph's first line is indented two characters) and the line before runs (nearly) to the
    right margin."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.glyphs = self.unmapped = 0
        self.folded = self.repaired = 0  # compatibility characters folded, mojibake decoded
        self.garbled = False  # a line still looks like mojibake after finish()
        self.height = 0.0

    def walk(self, item: Any) -> None:
        from pdfminer.layout import LTPage, LTTextLine

        if isinstance(item, LTPage):
            self.height = item.height
        for child in item:
            if isinstance(child, LTTextLine):
                pieces, runs = self._line(child)
                raw = "".join(pieces)
                if raw.strip():
                    line = _Line(raw, child.x0, child.x1, child.y0, child.y1, _char_size(child))
                    if runs:
                        line.pieces, line.runs = pieces, runs
                    self.lines.append(line)
            elif hasattr(child, "__iter__") and not isinstance(child, str):
                self.walk(child)  # text boxes, figures (form XObjects), other containers

    def high_runs(self) -> list[HighRun]:
        return [run for line in self.lines for run in line.runs or ()]

    def finish(self, codecs: dict[str, str]) -> None:
        """Decode legacy-font runs with ``codecs`` (font -> codec, see pdf_repair.choose_codecs),
        fold compatibility characters, clean each line, and count what was put right and what
        could not be read. Call once, after every page was walked and before paragraphs()."""
        kept: list[_Line] = []
        for line in self.lines:
            raw = line.text
            if line.pieces is not None and line.runs:
                raw, repaired = apply(line.pieces, line.runs, codecs)
                self.repaired += repaired
                line.pieces = line.runs = None
            self.folded += count_foldable(raw)
            line.text = clean_text(raw)
            if line.text.strip():
                self.unmapped += line.text.count("\ufffd")
                self.garbled = self.garbled or looks_garbled(line.text)
                kept.append(line)
        self.lines = kept

    def paragraphs(self, margins: dict[float, tuple[float, float]]) -> list[str]:
        """The page's paragraphs; ``margins`` maps a text size to the left and right edges of
        all the document's lines of that size (one sparse page says little about them)."""
        lines = [line for line in self.lines if not self._page_number(line)]
        paragraphs: list[str] = []
        prev: _Line | None = None
        for line in lines:
            if prev is not None and self._continues(prev, line, margins):
                paragraphs[-1] = _join(paragraphs[-1], line.text)
            else:
                paragraphs.append(line.text)
            prev = line
        return [p.strip(" \t") for p in paragraphs if p.strip()]

    def _page_number(self, line: _Line) -> bool:
        """"— 3 —", "第 3 页 共 9 页", "3/9" alone in the top or bottom tenth of the page."""
        margin = self.height * 0.1
        in_margin = line.y1 > self.height - margin or line.y0 < margin
        return in_margin and bool(_PAGE_NUMBER.fullmatch(line.text))

    @staticmethod
    def _continues(prev: _Line, line: _Line, margins: dict[float, tuple[float, float]]) -> bool:
        size = max(prev.size, line.size, 1.0)
        if abs(prev.size - line.size) > 0.15 * size:
            return False
        gap = prev.y0 - line.y1
        if not -0.3 * size <= gap <= 1.2 * size:  # not the next line down
            return False
        left, right = margins[_size_key(line.size)]
        return line.x0 - left < 1.0 * size and prev.x1 > right - 3.0 * size


    def _line(self, line: Any) -> tuple[list[str], list[HighRun]]:
        """The line's pieces of text (one per character or inferred space) and its runs of
        high bytes drawn in a legacy one-byte font (see pdf_repair)."""
        from pdfminer.layout import LTAnno, LTChar

        chars: list[str] = []
        runs: list[HighRun] = []
        run_start, run_end, run_font, run_bytes = -1, -1, "", bytearray()
        items = list(line)
        for i, item in enumerate(items):
            if isinstance(item, LTChar):
                self.glyphs += 1
                text = item.get_text()
                if _CID_TOKEN.match(text):
                    text = "\ufffd"
                code = getattr(item, "code", None)
                high = code is not None and 0x80 <= code <= 0xFF
                if (run_start >= 0 and code is not None and 0x40 <= code <= 0x7E
                        and item.fontname == run_font and _expects_trail(run_bytes)):
                    high = True  # a second byte below 0x80 (軍 is AD 78 in Big5: "x")
                if run_start >= 0 and not (high and item.fontname == run_font):
                    runs.append(HighRun(run_start, run_end, run_font, bytes(run_bytes)))
                    run_start = -1
                if high:
                    if run_start < 0:
                        run_start, run_font, run_bytes = len(chars), item.fontname, bytearray()
                    run_bytes.append(code)
                    run_end = len(chars) + 1
                chars.append(text)
            elif isinstance(item, LTAnno) and item.get_text() == " ":
                # An inferred space: none between Chinese characters (justified lines).
                before = chars[-1][-1:] if chars else ""
                after = next((x.get_text()[:1] for x in items[i + 1:] if isinstance(x, LTChar)),
                             "")
                if not (_is_wide(before) and _is_wide(after)):
                    chars.append(" ")
        if run_start >= 0:
            runs.append(HighRun(run_start, run_end, run_font, bytes(run_bytes)))
        return chars, runs


def _expects_trail(run: bytearray) -> bool:
    """Read as GBK/Big5 pairs (a high lead byte and any second byte), the run ends in a lead
    byte still waiting for its second byte."""
    i = 0
    while i < len(run):
        i += 2 if run[i] >= 0x80 else 1
    return i > len(run)


def text_margins(walkers: list[PageWalker]) -> dict[float, tuple[float, float]]:
    """Text size -> (leftmost start, rightmost end) of the document's lines of about that size."""
    lines = [line for walker in walkers for line in walker.lines]
    margins: dict[float, tuple[float, float]] = {}
    for key in {_size_key(line.size) for line in lines}:
        peers = [x for x in lines  # its own lines at least (a size of 0.2 rounds to 0)
                 if _size_key(x.size) == key or abs(x.size - key) <= 0.15 * max(key, 1.0)]
        margins[key] = (min(x.x0 for x in peers), max(x.x1 for x in peers))
    return margins


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def _char_size(line: Any) -> float:
    from pdfminer.layout import LTChar

    sizes = sorted(max(c.width, c.height * 0.8) for c in line
                   if isinstance(c, LTChar) and c.get_text().strip())
    return sizes[len(sizes) // 2] if sizes else 10.0


def _join(paragraph: str, line: str) -> str:
    """Join a wrapped line to its paragraph: directly in Chinese, with a space in Latin text."""
    a, b = paragraph.rstrip()[-1:], line.lstrip()[:1]
    if a and b and not _is_wide(a) and not _is_wide(b) and not paragraph.endswith("-"):
        return paragraph.rstrip() + " " + line.lstrip()
    return paragraph.rstrip() + line.lstrip()


def _is_wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F")


def clean_text(text: str) -> str:
    """One line of extracted text: no control characters, vertical forms made horizontal,
    compatibility characters folded (:func:`.normalise.fold_compatibility`)."""
    text = _CONTROL.sub("", normalise_text(text).replace("\n", " "))
    text = "".join(_horizontal(ch) if "\ufe10" <= ch <= "\ufe4f" else ch for ch in text)
    return fold_compatibility(text)


@cache
def _horizontal(ch: str) -> str:
    """A vertical presentation form's horizontal character, full width (see module doc)."""
    tag, _, codes = unicodedata.decomposition(ch).partition(" ")
    if tag != "<vertical>":
        return unicodedata.normalize("NFKC", ch) or ch
    target = "".join(chr(int(code, 16)) for code in codes.split())
    if len(target) == 1 and "!" <= target <= "~":
        return chr(ord(target) + 0xFEE0)  # ︐ -> ，, ︓ -> ：, ︵ -> （
    return target


def resource_manager() -> Any:
    """pdfminer's resource manager, except that fonts encoded with a predefined Unicode CMap
    (UniGB-UCS2-H, as iText's and ReportLab's STSong-Light write) are read as the Unicode they
    are: pdfminer's UCS2 tables lack forms such as ︒ and its Adobe-GB1 map sends them to the
    private use area, so the code itself is used (through the UTF16 table, a superset)."""
    from pdfminer.cmapdb import CMapDB
    from pdfminer.pdffont import PDFCIDFont
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.psparser import literal_name

    class _Manager(PDFResourceManager):
        def get_font(self, objid: object, spec: Any) -> Any:
            font = super().get_font(objid, spec)
            encoding = spec.get("Encoding") if hasattr(spec, "get") else None
            if isinstance(font, PDFCIDFont) and "ToUnicode" not in spec and encoding is not None:
                m = _UNICODE_CMAP.fullmatch(str(literal_name(encoding)))
                if m:
                    name = f"Uni{m.group(1)}-UTF16-{m.group(3)}"
                    font.cmap = CMapDB.get_cmap(name)
                    font.unicode_map = _code_unicode_map(name)
            return font

    return _Manager(caching=True)


@cache
def _code_unicode_map(cmap_name: str) -> Any:
    """CID -> the character whose UTF-16 code selects it in a Unicode CMap."""
    from pdfminer.cmapdb import CMapDB, UnicodeMap

    unicode_map = UnicodeMap()
    found: dict[int, str] = {}

    def visit(table: dict[int, Any], prefix: bytes) -> None:
        for byte, value in table.items():
            code = prefix + bytes((byte,))
            if isinstance(value, dict):
                visit(value, code)
                continue
            try:
                ch = code.decode("utf-16-be")
            except UnicodeDecodeError:
                continue
            if value not in found or _preference(ch) < _preference(found[value]):
                found[value] = ch

    visit(CMapDB.get_cmap(cmap_name).code2cid, b"")
    unicode_map.cid2unichr = found
    return unicode_map


def _preference(ch: str) -> tuple[bool, bool, str]:
    """Several codes select one glyph (一 U+4E00 and the Kangxi radical ⼀ U+2F00, a vertical
    form and a private-use code): prefer an ordinary character, then any but private use."""
    private = unicodedata.category(ch) == "Co"
    compatibility = unicodedata.normalize("NFKC", ch) != ch and not "\ufe10" <= ch <= "\ufe4f"
    return private, compatibility, ch
