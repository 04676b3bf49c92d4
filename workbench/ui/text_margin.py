"""The coding stripes beside the text, like a code editor's gutter, with the elements' names.

Each element used in the source gets a lane (a thin column, in framework order); a coding paints
its element's colour in that lane over exactly the lines it covers, and its element's name is
written beside the stripe's first line (as NVivo's and MAXQDA's coding stripes do), names that
would collide moving down. Only the visible blocks are painted and each asks the span index for
its codings, so painting costs the same in a 1,000 or a 1,000,000-character source. Hovering a
stripe or a name names the elements and memos; clicking one selects its coding.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from .span_index import Span

if TYPE_CHECKING:
    from .text_view import TextSourceView

LANE, GAP, PAD, MAX_LANES = 4, 2, 5, 12
NAME_CHARACTERS = 6  # the names column holds about six Chinese characters; longer names elide


class CodingMargin(QWidget):
    def __init__(self, view: "TextSourceView") -> None:
        super().__init__(view)
        self._view = view
        self._lanes: dict[int, int] = {}
        self._labels: list[tuple[QRectF, Span]] = []  # where each name was painted last
        self.show_names = True
        self.name_font = QFont(self.font())
        self.name_font.setPointSizeF(max(self.font().pointSizeF() * 0.85, 7.0))
        # Measured once: painting asks for the width of the names column for every stripe.
        self._name_metrics = QFontMetrics(self.name_font)
        self._names_column = self._name_metrics.horizontalAdvance("中" * NAME_CHARACTERS) + 6
        self._elided: dict[str, str] = {}  # name → as painted in the names column
        self.setMouseTracking(True)

    def set_show_names(self, show: bool) -> bool:
        """Names beside the stripes or bare stripes; True when the width changed."""
        if show == self.show_names:
            return False
        old = self.preferred_width()
        self.show_names = show
        self.update()
        return self.preferred_width() != old

    def names_width(self) -> int:
        if not self.show_names or not self._lanes:
            return 0
        return self._names_column

    def set_lanes(self, element_ids: list[int]) -> bool:
        """One lane per element, in the given order; True when the width changed."""
        lanes = {eid: i % MAX_LANES for i, eid in enumerate(element_ids)}
        if lanes == self._lanes:
            return False
        old = self.preferred_width()
        self._lanes = lanes
        self.update()
        return self.preferred_width() != old

    def preferred_width(self) -> int:
        lanes = min(len(self._lanes), MAX_LANES)
        return self.names_width() + PAD * 2 + max(lanes, 1) * (LANE + GAP)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.preferred_width(), 0)

    def lane_x(self, element_id: int) -> int:
        return self.names_width() + PAD + self._lanes.get(element_id, 0) * (LANE + GAP)

    # ----- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        view = self._view
        highlighter = view.highlighter
        offset = view.contentOffset()
        top_limit, bottom_limit = event.rect().top(), event.rect().bottom()
        block = view.firstVisibleBlock()
        starts: list[tuple[float, Span]] = []  # (top of its first line, span) for the names
        while block.isValid():
            geo = view.blockBoundingGeometry(block).translated(offset)
            if geo.top() > bottom_limit:
                break
            if block.isVisible() and geo.bottom() >= top_limit:
                for span, top, bottom in self._stripes(block, geo.top(), geo.height()):
                    color = QColor(highlighter.color_of(span.element_id))
                    if span.coding_id != highlighter.emphasis:
                        color.setAlphaF(0.85)
                    painter.fillRect(QRectF(self.lane_x(span.element_id), top + 1, LANE,
                                            max(bottom - top - 2, 2)), color)
                    if span.start >= block.position():  # the coding begins in this block
                        starts.append((top, span))
            block = block.next()
        self._paint_names(painter, starts)

    def _paint_names(self, painter: QPainter, starts: list[tuple[float, Span]]) -> None:
        """Each coding's element name at its first line, right-aligned against the lanes; a name
        that would overlap the one above moves down (like a margin note), never over it."""
        self._labels = []
        width = self.names_width()
        if not width:
            return
        painter.setFont(self.name_font)
        metrics = self._name_metrics
        height = metrics.height()
        highlighter = self._view.highlighter
        below = float("-inf")
        lanes = self._lanes
        for top, span in sorted(starts, key=lambda at: (at[0], lanes.get(at[1].element_id, 0))):
            name = self._view.element_name_of(span.coding_id)
            if not name:
                continue
            y = max(top, below)
            rect = QRectF(2, y, width - 4, height)
            color = QColor(highlighter.color_of(span.element_id)).darker(135)
            if span.coding_id == highlighter.emphasis:
                painter.fillRect(rect, QColor(highlighter.color_of(span.element_id)).lighter(170))
            painter.setPen(color)
            shown = self._elided.get(name)
            if shown is None:
                shown = self._elided[name] = metrics.elidedText(
                    name, Qt.TextElideMode.ElideRight, int(rect.width()))
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             shown)
            self._labels.append((rect, span))
            below = y + height

    def label_at(self, point: QPoint) -> Span | None:
        """The coding whose name is painted at ``point``, if any."""
        return next((span for rect, span in self._labels if rect.contains(point)), None)

    def _stripes(self, block, block_top: float, block_height: float):
        """(span, top, bottom) in widget coordinates for each coding in this block."""
        pos, length = block.position(), block.length() - 1
        layout = block.layout()
        for span in self._view.highlighter.index.overlapping(pos, pos + max(length, 1)):
            first = max(span.start - pos, 0)
            last = max(min(span.end - pos, length) - 1, first)
            line_a = layout.lineForTextPosition(first)
            line_b = layout.lineForTextPosition(last)
            top = block_top + (line_a.y() if line_a.isValid() else 0)
            bottom = block_top + (line_b.y() + line_b.height() if line_b.isValid()
                                  else block_height)
            yield span, top, bottom

    # ----- pointing --------------------------------------------------------------------------
    def spans_at(self, point: QPoint) -> list[Span]:
        """The codings whose stripes pass the height of ``point`` (its lane first)."""
        view = self._view
        block = view.cursorForPosition(QPoint(0, point.y())).block()
        geo = view.blockBoundingGeometry(block).translated(view.contentOffset())
        found = [span for span, top, bottom in self._stripes(block, geo.top(), geo.height())
                 if top <= point.y() <= bottom]
        found.sort(key=lambda s: (abs(self.lane_x(s.element_id) + LANE / 2 - point.x()),
                                  s.length))
        return found

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            label = self.label_at(event.pos())
            spans = [label] if label is not None else self.spans_at(event.pos())
            if spans:
                QToolTip.showText(event.globalPos(), self._view.tooltip_for(spans), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            point = event.position().toPoint()
            label = self.label_at(point)
            spans = [label] if label is not None else self.spans_at(point)
            if spans:
                self._view.activate_coding(spans[0].coding_id, select=True)
        super().mousePressEvent(event)
