"""The items drawn over an image: coded regions and the rectangle being drawn.

A region is a translucent rectangle in its element's colour with the element's name as a small
label just outside it that keeps its size at any zoom (ItemIgnoresTransformations), so it never
hides the text the region was drawn around; its tooltip names element,
coder and memo. Pens are cosmetic, so borders stay one or two screen pixels wide when zoomed.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from ..core import Coding, Rect

FILL_ALPHA = 0.22
EMPHASIS_FILL_ALPHA = 0.38


class RegionItem(QGraphicsRectItem):
    def __init__(self, coding_id: int) -> None:
        super().__init__()
        self.coding_id = coding_id
        self.setZValue(1)
        self._color = QColor("#999999")
        self._label_box = QGraphicsRectItem(self)
        self._label_box.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._label_box.setPen(QPen(Qt.PenStyle.NoPen))
        self._label = QGraphicsSimpleTextItem(self._label_box)
        self._label.setBrush(QBrush(QColor("white")))

    def show_coding(self, coding: Coding, color: str, emphasised: bool) -> None:
        r = coding.rect
        self.setRect(QRectF(r.x, r.y, r.width, r.height))
        self._color = QColor(color)
        self._label.setText(coding.element_name)
        text = self._label.boundingRect()
        # The name sits just outside the region, above it (below it at the image's top edge),
        # so it never covers the first recognised line the region was drawn around.
        height = text.height() + 2
        above = r.y > 0
        self._label_box.setRect(QRectF(0, -height if above else 0, text.width() + 6, height))
        self._label.setPos(3, (-height if above else 0) + 1)
        self._label_box.setPos(r.x, r.y if above else r.y + r.height)
        self._label_box.setBrush(QBrush(self._color))
        tip = (f"<span style='color:{self._color.name()}'>■</span> "
               f"<b>{html.escape(coding.element_name)}</b> · {html.escape(coding.coder)}")
        if coding.memo:
            tip += f"<br/><i>{html.escape(coding.memo).replace(chr(10), '<br/>')}</i>"
        self.setToolTip(tip)
        self.set_emphasis(emphasised)

    def set_emphasis(self, emphasised: bool) -> None:
        fill = QColor(self._color)
        fill.setAlphaF(EMPHASIS_FILL_ALPHA if emphasised else FILL_ALPHA)
        self.setBrush(QBrush(fill))
        pen = QPen(self._color, 3 if emphasised else 1.5)
        pen.setCosmetic(True)
        self.setPen(pen)


class SelectionItem(QGraphicsRectItem):
    """The rectangle the user is drawing or has drawn (dashed, above the regions)."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(10)
        pen = QPen(QColor("#1f6feb"), 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(QBrush(QColor(31, 111, 235, 40)))
        self.hide()

    def set_rect(self, rect: Rect | None) -> None:
        if rect is None:
            self.hide()
            return
        self.setRect(QRectF(rect.x, rect.y, rect.width, rect.height))
        self.show()


class LineBoxesItem(QGraphicsItem):
    """The boxes of the lines text recognition found: all faintly, the lines under the pointer
    or in the text pane's selection clearly. One item paints them all (a tall page has
    hundreds), only those in the exposed part of the view."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.setZValue(0.5)  # above the picture, under the coded regions
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._bounds = QRectF(0, 0, width, height)
        self._boxes: list[QRectF] = []
        self._marked: set[int] = set()
        self._hovered: int | None = None
        faint, clear, hover = QColor(31, 111, 235, 70), QColor("#1f6feb"), QColor("#1f6feb")
        self._faint_pen = QPen(faint, 1)
        self._clear_pen = QPen(clear, 2)
        self._hover_pen = QPen(hover, 1.5, Qt.PenStyle.DashLine)
        for pen in (self._faint_pen, self._clear_pen, self._hover_pen):
            pen.setCosmetic(True)
        self._clear_brush = QBrush(QColor(31, 111, 235, 38))

    def set_boxes(self, boxes: list[tuple[int, int, int, int]]) -> None:
        self._boxes = [QRectF(x, y, w, h) for x, y, w, h in boxes]
        self._marked, self._hovered = set(), None
        self.update()

    def box(self, index: int) -> QRectF:
        return self._boxes[index]

    def marked(self) -> set[int]:
        return set(self._marked)

    def set_marked(self, indexes: set[int]) -> None:
        if indexes != self._marked:
            self._marked = set(indexes)
            self.update()

    def set_hovered(self, index: int | None) -> None:
        if index != self._hovered:
            self._hovered = index
            self.update()

    def index_at(self, x: float, y: float) -> int | None:
        """The smallest box containing the point (image pixels), or None."""
        found = [i for i, r in enumerate(self._boxes) if r.contains(x, y)]
        return min(found, key=lambda i: self._boxes[i].width() * self._boxes[i].height(),
                   default=None)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(self, painter, option, widget=None) -> None:
        exposed = option.exposedRect
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(self._faint_pen)
        painter.drawRects([r for i, r in enumerate(self._boxes)
                           if i not in self._marked and r.intersects(exposed)])
        if self._marked:
            painter.setPen(self._clear_pen)
            painter.setBrush(self._clear_brush)
            painter.drawRects([self._boxes[i] for i in self._marked
                               if i < len(self._boxes) and self._boxes[i].intersects(exposed)])
        if self._hovered is not None and self._hovered < len(self._boxes):
            painter.setPen(self._hover_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._boxes[self._hovered].adjusted(-2, -2, 2, 2))
