"""The coding stripes beside the text, like a code editor's gutter.

Each element used in the source gets a lane (a thin column, in framework order); a coding paints
its element's colour in that lane over exactly the lines it covers. Only the visible blocks are
painted and each asks the span index for its codings, so painting costs the same in a 1,000 or a
1,000,000-character source. Hovering a stripe names the elements; clicking one selects the coding.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from .span_index import Span

if TYPE_CHECKING:
    from .text_view import TextSourceView

LANE, GAP, PAD, MAX_LANES = 4, 2, 5, 12


class CodingMargin(QWidget):
    def __init__(self, view: "TextSourceView") -> None:
        super().__init__(view)
        self._view = view
        self._lanes: dict[int, int] = {}
        self.setMouseTracking(True)

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
        return PAD * 2 + max(lanes, 1) * (LANE + GAP)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.preferred_width(), 0)

    def lane_x(self, element_id: int) -> int:
        return PAD + self._lanes.get(element_id, 0) * (LANE + GAP)

    # ----- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        view = self._view
        highlighter = view.highlighter
        offset = view.contentOffset()
        top_limit, bottom_limit = event.rect().top(), event.rect().bottom()
        block = view.firstVisibleBlock()
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
            block = block.next()

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
            spans = self.spans_at(event.pos())
            if spans:
                QToolTip.showText(event.globalPos(), self._view.tooltip_for(spans), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            spans = self.spans_at(event.position().toPoint())
            if spans:
                self._view.activate_coding(spans[0].coding_id, select=True)
        super().mousePressEvent(event)
