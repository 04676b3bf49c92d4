"""Coded passages drawn into the text: a QSyntaxHighlighter fed by a :class:`SpanIndex`.

Per block it asks the index for the spans overlapping the block (bisection, never a scan of all
codings, see span_index.py), cuts the block at every span boundary and gives each piece one
format: the background is the colours of all covering elements laid over the page like
translucent markers (so overlaps show as a deeper mix), the underline is the colour of the
innermost (shortest, then newest) coding, so a short coding inside a long one stays visible.
The margin beside the text shows every element separately (text_margin.py).

Changes never rehighlight the whole document: ``rehighlight_range`` redoes only the blocks a
coding touches (one ``rehighlightBlock`` each). Formats are cached per combination of elements,
so a document with thousands of codings creates only a handful of QTextCharFormat objects.

PySide6 6.12.0's ``setFormat`` corrupts the refcount of None (PITFALLS.md): the project pins
PySide6 < 6.12 and tests/ui/test_highlighter_refcount.py catches a regression.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from .span_index import Span, SpanIndex

LAYER_ALPHA = 0.26      # one element's colour over the page: light enough to read black text on
EMPHASIS_ALPHA = 0.42   # the selected or hovered coding stands out
MAX_LAYERS = 4          # deeper overlaps stop darkening the text's background


def blend(base: QColor, colors: list[QColor], emphasis: QColor | None = None) -> QColor:
    """Lay translucent colours over ``base`` one after another (like highlighter pens)."""
    r, g, b = base.redF(), base.greenF(), base.blueF()
    layers = [(c, LAYER_ALPHA) for c in colors[:MAX_LAYERS]]
    if emphasis is not None:
        layers.append((emphasis, EMPHASIS_ALPHA))
    for color, alpha in layers:
        r += (color.redF() - r) * alpha
        g += (color.greenF() - g) * alpha
        b += (color.blueF() - b) * alpha
    return QColor.fromRgbF(r, g, b)


def innermost(spans: list[Span] | tuple[Span, ...]) -> Span:
    return min(spans, key=lambda s: (s.length, -s.coding_id))


class CodingHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, index: SpanIndex | None = None) -> None:
        super().__init__(document)
        self._index = index or SpanIndex()
        self._colors: dict[int, QColor] = {}
        self._unknown = QColor("#999999")  # an element deleted meanwhile
        self._base = QColor("white")
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._emphasis: int | None = None

    # ----- configuration (callers rehighlight what changed) ----------------------------------
    @property
    def index(self) -> SpanIndex:
        return self._index

    def set_index(self, index: SpanIndex) -> None:
        """Use another index (another source); nothing is redrawn, so set it before the text
        goes in. The emphasis belonged to the old source and is dropped."""
        self._index = index
        self._emphasis = None

    def set_colors(self, colors: dict[int, str], base: QColor) -> None:
        self._colors = {eid: QColor(c) for eid, c in colors.items()}
        self._base = QColor(base)
        self._formats.clear()

    def color_of(self, element_id: int) -> QColor:
        return self._colors.get(element_id) or self._unknown

    @property
    def emphasis(self) -> int | None:
        return self._emphasis

    def set_emphasis(self, coding_id: int | None) -> None:
        """Emphasise one coding (None: none), redrawing only the blocks of the old and new one."""
        if coding_id == self._emphasis:
            return
        old = self._index.get(self._emphasis) if self._emphasis is not None else None
        self._emphasis = coding_id
        for span in (old, self._index.get(coding_id) if coding_id is not None else None):
            if span is not None:
                self.rehighlight_range(span.start, span.end)

    # ----- redrawing -------------------------------------------------------------------------
    def rehighlight_range(self, start: int, end: int) -> None:
        """Rehighlight the blocks holding UTF-16 positions [start, end) and no others."""
        document = self.document()
        if document is None:
            return
        block = document.findBlock(start)
        while block.isValid() and (block.position() < end or block.position() == start):
            self.rehighlightBlock(block)
            block = block.next()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        # ``text`` is a Python str (code points); Qt's positions here are UTF-16: use the block.
        block = self.currentBlock()
        pos = block.position()
        length = block.length() - 1
        if length <= 0:
            return
        spans = self._index.overlapping(pos, pos + length)
        if not spans:
            return
        if len(spans) == 1:  # the common case: one coding over (part of) the paragraph
            span = spans[0]
            a, b = max(span.start - pos, 0), min(span.end - pos, length)
            self.setFormat(a, b - a, self._format((span,)))
            return
        cuts = sorted({max(s.start - pos, 0) for s in spans}
                      | {min(s.end - pos, length) for s in spans})
        for a, b in zip(cuts, cuts[1:]):
            covering = tuple(s for s in spans if s.start - pos <= a and s.end - pos >= b)
            if covering:
                self.setFormat(a, b - a, self._format(covering))

    def _format(self, covering: tuple[Span, ...]) -> QTextCharFormat:
        if len(covering) == 1:  # the common case, kept cheap
            span = covering[0]
            emphasised = span if span.coding_id == self._emphasis else None
            key = ((span.element_id,), span.element_id,
                   span.element_id if emphasised else None)
        else:
            emphasised = next((s for s in covering if s.coding_id == self._emphasis), None)
            key = (tuple(sorted(s.element_id for s in covering)), innermost(covering).element_id,
                   emphasised.element_id if emphasised else None)
        fmt = self._formats.get(key)
        if fmt is None:
            colors = [self.color_of(e) for e in key[0]]
            accent = self.color_of(emphasised.element_id) if emphasised else None
            fmt = QTextCharFormat()
            fmt.setBackground(blend(self._base, colors, accent))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(accent if accent is not None else self.color_of(key[1]))
            self._formats[key] = fmt
        return fmt
