"""Selecting text on a PDF's page (the page view's "Select text" mode): from the character
nearest the press to the one nearest the pointer, as a passage of the stored text (code points),
drawn over the characters' boxes. Only characters tied to the stored text take part, so the
selection is always a passage the core can code."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from ..core.pdf_pages import PageChar


def nearest_offset(layer: list[PageChar], point: QPointF) -> int | None:
    """The stored-text offset of the character nearest ``point`` (page points)."""
    best, best_distance = None, float("inf")
    for char in layer:
        if char.offset is None:
            continue
        x0, y0, x1, y1 = char.box
        dx = max(x0 - point.x(), 0.0, point.x() - x1)
        dy = max(y0 - point.y(), 0.0, point.y() - y1)
        distance = dx * dx + 4 * dy * dy  # another line is farther than a neighbour
        if distance < best_distance:
            best, best_distance = char.offset, distance
    return best


def line_boxes(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, ...]]:
    """Character boxes joined into one box per line (boxes that overlap vertically)."""
    lines: list[list[float]] = []
    for x0, y0, x1, y1 in sorted(boxes, key=lambda b: (b[1], b[0])):
        last = lines[-1] if lines else None
        if last and y0 < last[3] - 0.5 * (y1 - y0) and x0 <= last[2] + (y1 - y0):
            last[0], last[1] = min(last[0], x0), min(last[1], y0)
            last[2], last[3] = max(last[2], x1), max(last[3], y1)
        else:
            lines.append([x0, y0, x1, y1])
    return [tuple(line) for line in lines]


def boxes_path(boxes: list[tuple[float, float, float, float]]) -> QPainterPath:
    path = QPainterPath()
    for x0, y0, x1, y1 in line_boxes(boxes):
        path.addRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    return path.simplified()


class TextSelectionItem(QGraphicsPathItem):
    """The selected characters of one page, in the selection's blue."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(10)
        self.setBrush(QBrush(QColor(31, 111, 235, 70)))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.hide()

    def show_range(self, page_item: QGraphicsItem | None, layer: list[PageChar],
                   found: tuple[int, int] | None) -> None:
        if page_item is None or found is None:
            self.hide()
            return
        start, end = found
        self.setParentItem(page_item)
        self.setPath(boxes_path([c.box for c in layer
                                 if c.offset is not None and start <= c.offset < end]))
        self.show()
