"""A PDF as pages: each page drawn as a picture (pypdfium2), its size in PDF points and its text
layer — the characters with their boxes, tied to the source's stored text (code points).

Coordinates are PDF points with the origin at the page's top-left corner as it is shown (crop
box and page rotation applied), y growing downwards: the same convention as an image's pixels,
so a region coding of a page is a ``Rect`` in points.

The stored text came from pdfminer (importers/pdf_text.py), which orders lines its own way (a
table is read column by column, pdfium reads it row by row), so characters are tied to the text
by matching: first in order (difflib), then what is left over run by run wherever it occurs.

pdfium is not thread-safe: every call goes through one process-wide lock, so the window may
render on a worker thread while the core reads a text layer.
"""
from __future__ import annotations

import ctypes
import difflib
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from ..i18n import tr
from .errors import InvalidInputError

MAX_PIXELS = 30_000_000  # one rendered page (120 MB as BGRx); a larger scale is reduced
MAX_OBJECTS = 300_000  # drawing objects on one page: more would take minutes to draw
_LOCK = threading.RLock()
_PRECISION = 100  # device units per point when asking pdfium where a point is drawn


class PageUnreadable(Exception):
    """One page cannot be drawn or read; ``str()`` is a sentence for the user. The other pages
    still work."""


@dataclass(frozen=True)
class RenderedPage:
    """A page's picture: BGRx bytes (Qt's Format_RGB32 on little-endian machines)."""
    page: int
    scale: float
    width: int
    height: int
    stride: int
    data: bytes


@dataclass(frozen=True)
class PageChar:
    """One character of a page's text layer: its box (x0, y0, x1, y1 in points, top-left
    origin) and its offset in the source's stored text (None when it is not there, e.g. a page
    number left out by the importer)."""
    char: str
    box: tuple[float, float, float, float]
    offset: int | None


class PdfPages:
    """An open PDF. ``pages`` counts its pages; pages are numbered from 1."""

    def __init__(self, data: bytes, name: str = "") -> None:
        import pypdfium2 as pdfium

        self.name = name
        self.closed = False
        self._sizes: dict[int, tuple[float, float]] = {}
        with _LOCK:
            try:
                self._doc = pdfium.PdfDocument(data)
                self.pages = len(self._doc)
            except Exception as exc:  # noqa: BLE001 - pdfium's errors are not for the user
                raise InvalidInputError(tr(
                    "The PDF “{name}” cannot be opened as pages ({reason}); its text view "
                    "still works.", name=name, reason=str(exc) or type(exc).__name__)) from exc

    def close(self) -> None:
        """Free pdfium's document; a worker still asking for a page gets PageUnreadable."""
        with _LOCK:
            if not self.closed:
                self.closed = True
                self._doc.close()

    def size(self, page: int) -> tuple[float, float]:
        """Width and height of a page in points, as shown (rotation applied)."""
        self._check(page)
        if page not in self._sizes:
            if self.closed:
                raise self._unreadable(page, None)
            with _LOCK:
                try:
                    width, height = self._doc.get_page_size(page - 1)
                except Exception:  # noqa: BLE001 - a damaged page: assume the first's size
                    width, height = (595.0, 842.0) if page == 1 else self.size(1)
            self._sizes[page] = (float(width), float(height))
        return self._sizes[page]

    def render(self, page: int, scale: float) -> RenderedPage:
        """Draw a page at ``scale`` pixels per point (reduced so it stays under MAX_PIXELS).
        Raises PageUnreadable with a sentence when the page cannot be drawn."""
        width, height = self.size(page)
        scale = min(scale, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
        with self._page(page) as pdf_page:
            bitmap = pdf_page.render(scale=scale, prefer_bgrx=True)
            try:
                return RenderedPage(page, scale, bitmap.width, bitmap.height, bitmap.stride,
                                    bytes(bitmap.buffer))
            finally:
                bitmap.close()

    def chars(self, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
        """The characters pdfium finds on a page with their boxes (points, top-left origin)."""
        with self._page(page) as pdf_page:
            to_view = self._mapping(pdf_page, page)
            textpage = pdf_page.get_textpage()
            try:
                count = textpage.count_chars()
                text = textpage.get_text_range(0, count) if count else ""
                found = []
                for index, char in enumerate(text[:count]):
                    left, bottom, right, top = textpage.get_charbox(index, loose=True)
                    (ax, ay), (bx, by) = to_view(left, top), to_view(right, bottom)
                    found.append((char, (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))))
                return found
            finally:
                textpage.close()

    def to_media_box(self, page: int, rect: tuple[float, float, float, float]
                     ) -> tuple[int, int, int, int]:
        """A rectangle of the shown page (x, y, width, height in points from its top-left) as
        REFI-QDA 1.5 places a PDF selection (sect. 10.3): points from the bottom-left corner of
        the page's media box, y upwards, as (x1, y1, x2, y2) with the first corner the lower
        left — whatever the page's crop box and rotation."""
        x, y, width, height = rect
        _, to_page, left, bottom = self._media_box_maps(page)
        corners = [to_page(px, py) for px, py in ((x, y), (x + width, y + height))]
        xs = [cx - left for cx, _ in corners]
        ys = [cy - bottom for _, cy in corners]
        return round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))

    def from_media_box(self, page: int, corners: tuple[float, float, float, float]
                       ) -> tuple[float, float, float, float]:
        """The reverse of :meth:`to_media_box`: REFI-QDA's corners (points from the media box's
        bottom-left) as x, y, width, height in points from the shown page's top-left."""
        x1, y1, x2, y2 = corners
        to_view, _, left, bottom = self._media_box_maps(page)
        shown = [to_view(px + left, py + bottom) for px, py in ((x1, y1), (x2, y2))]
        xs, ys = [sx for sx, _ in shown], [sy for _, sy in shown]
        return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)

    # ----- helpers -------------------------------------------------------------------------
    def _media_box_maps(self, page: int):
        """Page space <-> shown points, and the media box's bottom-left corner in page space."""
        with self._page(page) as pdf_page:
            to_view, to_page = self._mapping(pdf_page, page, inverse=True)
            left, bottom = pdf_page.get_mediabox()[:2]
        return to_view, to_page, left, bottom

    def _check(self, page: int) -> None:
        if not 1 <= page <= self.pages:
            raise InvalidInputError(tr("The PDF “{name}” has no page {page} (it has {pages}).",
                                       name=self.name, page=page, pages=self.pages))

    @contextmanager
    def _page(self, page: int) -> Iterator[Any]:
        """A page of pdfium's, under the lock; any failure of pdfium's is PageUnreadable."""
        with _LOCK:
            pdf_page = self._open(page)
            try:
                yield pdf_page
            except PageUnreadable:
                raise
            except Exception as exc:  # noqa: BLE001
                raise self._unreadable(page, exc) from exc
            finally:
                pdf_page.close()

    def _open(self, page: int) -> Any:
        self._check(page)
        if self.closed:  # a page asked for by a worker after the document was put away
            raise self._unreadable(page, None)
        import pypdfium2.raw as raw

        try:
            pdf_page = self._doc[page - 1]
        except Exception as exc:  # noqa: BLE001
            raise self._unreadable(page, exc) from exc
        if raw.FPDFPage_CountObjects(pdf_page.raw) > MAX_OBJECTS:
            pdf_page.close()
            raise PageUnreadable(tr(
                "Page {page} of “{name}” has too many drawing objects to show; read its text "
                "in the text view.", page=page, name=self.name))
        return pdf_page

    def _unreadable(self, page: int, exc: BaseException | None) -> PageUnreadable:
        del exc  # pdfium's own words ("Failed to load page.") say nothing more to a reader
        return PageUnreadable(tr("Page {page} of “{name}” is damaged and cannot be shown; the "
                                 "other pages can.", page=page, name=self.name))

    def _mapping(self, pdf_page: Any, page: int, inverse: bool = False):
        """Page space -> shown points (top-left origin), an affine map found by asking pdfium
        where three points are drawn (this accounts for the crop box and the rotation); with
        ``inverse``, the pair (that map, its reverse)."""
        import pypdfium2.raw as raw

        width, height = self.size(page)
        size_x, size_y = round(width * _PRECISION), round(height * _PRECISION)

        def device(x: float, y: float) -> tuple[float, float]:
            dx, dy = ctypes.c_int(), ctypes.c_int()
            raw.FPDF_PageToDevice(pdf_page.raw, 0, 0, size_x, size_y, 0, x, y, dx, dy)
            return dx.value / _PRECISION, dy.value / _PRECISION

        ox, oy = device(0.0, 0.0)
        ux, uy = device(100.0, 0.0)
        vx, vy = device(0.0, 100.0)
        a, b = (ux - ox) / 100, (uy - oy) / 100
        c, d = (vx - ox) / 100, (vy - oy) / 100
        forward = lambda x, y: (ox + a * x + c * y, oy + b * x + d * y)  # noqa: E731
        if not inverse:
            return forward
        det = a * d - b * c or 1e-9  # a page is never drawn flat; guard a damaged matrix

        def backward(x: float, y: float) -> tuple[float, float]:
            dx, dy = x - ox, y - oy
            return (d * dx - c * dy) / det, (a * dy - b * dx) / det

        return forward, backward


def text_layer(pdf: PdfPages, page: int, text: str, blocks: Iterable[Any]) -> list[PageChar]:
    """A page's characters, each tied to its offset in the stored ``text`` where it is found
    within that page's "page" block (TextBlock or Block with kind, start, end, level); for a
    page read by OCR, the recognised lines' characters (core/pdf_scan_layer.py)."""
    blocks = list(blocks)
    from .pdf_scan_layer import recognised_lines, scan_layer

    scanned = recognised_lines(blocks, page)
    if scanned:  # the stored text of this page is what OCR read, not the page's own characters
        return scan_layer(pdf.size(page), scanned, text)
    chars = pdf.chars(page)
    span = next(((b.start, b.end) for b in blocks if b.kind == "page" and b.level == page),
                None)
    offsets = _match(chars, text, span) if span else {}
    return [PageChar(ch, box, offsets.get(i)) for i, (ch, box) in enumerate(chars)]


def _match(chars: list[tuple[str, Any]], text: str, span: tuple[int, int]) -> dict[int, int]:
    """Index of a page character -> offset in ``text``, for the non-blank characters."""
    from ..importers.pdf_text import clean_text

    ours = [(i, ch) for i, ch in enumerate(text[span[0]:span[1]], start=span[0])
            if not ch.isspace()]
    theirs = []
    for index, (ch, _) in enumerate(chars):
        shown = clean_text(ch)  # vertical forms made horizontal, as the importer does
        if len(shown) == 1 and not shown.isspace():
            theirs.append((index, shown))
    a = "".join(ch for _, ch in ours)
    b = "".join(ch for _, ch in theirs)
    pairs: dict[int, int] = {}  # position in a -> position in b
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    _match_leftovers(a, b, pairs)
    return {theirs[j][0]: ours[i][0] for i, j in pairs.items()}


def _match_leftovers(a: str, b: str, pairs: dict[int, int]) -> None:
    """Runs of ``a`` not matched in order (a table read in another order) are looked for among
    the characters of ``b`` still free, longest first; runs of one character are left alone
    unless the character occurs once among the free ones."""
    used = set(pairs.values())
    free_b = "".join("\0" if j in used else ch for j, ch in enumerate(b))
    i = 0
    while i < len(a):
        if i in pairs:
            i += 1
            continue
        end = i
        while end < len(a) and end not in pairs:
            end += 1
        run = a[i:min(end, i + 64)]  # bounded: a page of unmatched text stays quick
        while run:
            found = free_b.find(run)
            if found >= 0 and (len(run) > 1 or free_b.count(run) == 1):
                for k in range(len(run)):
                    pairs[i + k] = found + k
                free_b = free_b[:found] + "\0" * len(run) + free_b[found + len(run):]
                i += len(run)
                run = a[i:min(end, i + 64)]
            else:
                run = run[:-1]
        if i < end:
            i += 1  # this character is nowhere to be found among the free ones


def text_in_rect(layer: list[PageChar], rect: tuple[float, float, float, float],
                 text: str) -> tuple[str, int | None, int | None]:
    """The text inside a rectangle (x, y, width, height in points) of a page: the characters
    whose box's centre lies inside, in the stored text's order. Returns (quote, start, end):
    start and end (code points) only when those characters are a whole passage of the stored
    text (every non-blank character between the first and the last lies inside), else None."""
    x, y, width, height = rect
    inside = [c for c in layer
              if x <= (c.box[0] + c.box[2]) / 2 <= x + width
              and y <= (c.box[1] + c.box[3]) / 2 <= y + height]
    offsets = sorted({c.offset for c in inside if c.offset is not None})
    if not offsets:
        return "".join(c.char for c in inside if not c.char.isspace() or c.char == " ").strip(), \
            None, None
    start, end = offsets[0], offsets[-1] + 1
    taken = set(offsets)
    if all(i in taken or text[i].isspace() for i in range(start, end)):
        return text[start:end], start, end
    # Not one passage (a column of a table): the pieces in reading order, a line each.
    pieces, previous = [], None
    for offset in offsets:
        if previous is not None:
            gap = text[previous + 1:offset]
            pieces.append("\n" if gap.strip() else gap)
        pieces.append(text[offset])
        previous = offset
    return "".join(pieces), None, None
