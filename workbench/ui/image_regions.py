"""The items drawn over an image: coded regions and the rectangle being drawn.

A region is a translucent rectangle in its element's colour with the element's name as a small
label that keeps its size at any zoom (ItemIgnoresTransformations); its tooltip names element,
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
        self._label_box.setRect(QRectF(0, 0, text.width() + 6, text.height() + 2))
        self._label.setPos(3, 1)
        self._label_box.setPos(r.x, r.y)
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
