"""The pieces of the on-screen path diagram: an element as a rounded box, an interaction as an
arrow. They mirror the exported figure (``exporters.diagram_drawing``): sign colours, line style
by type, thickness by evidence, arrows that end on the box border, parallel links as arcs of
different curvature (the same ``edge_curvature`` the exporter uses).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QPainter, QPainterPath,
                           QPainterPathStroker, QPen, QPolygonF)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from ..exporters.diagram_drawing import SIGN_COLORS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsSceneMouseEvent

WARNING_COLOR = QColor("#E08A00")
# Dash patterns in pixels (Qt counts them in pen widths, so they are divided by the width).
DASHES = {"dashed": (6.0, 4.0), "dotted": (1.5, 3.0), "dashdot": (7.0, 3.0, 1.5, 3.0)}
MAX_LINE = 150.0  # px of text before a name wraps onto a second line
PAD_X, PAD_Y, CORNER = 12.0, 7.0, 6.0


def text_color(background: QColor) -> QColor:
    """Black or white, whichever contrasts more (the WCAG rule the exporter uses too)."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    lum = (0.2126 * channel(background.redF()) + 0.7152 * channel(background.greenF())
           + 0.0722 * channel(background.blueF()))
    return QColor("#000000") if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else QColor("#FFFFFF")


def wrap(name: str, metrics: QFontMetricsF) -> list[str]:
    """Balanced lines: at spaces for Latin names, anywhere for Chinese ones."""
    total = metrics.horizontalAdvance(name)
    if total <= MAX_LINE:
        return [name]
    target = total / math.ceil(total / MAX_LINE)
    joiner = " " if " " in name else ""
    lines, current = [], ""
    for token in (name.split(" ") if joiner else list(name)):
        candidate = f"{current}{joiner}{token}" if current else token
        if current and metrics.horizontalAdvance(candidate) > target * 1.08:
            lines.append(current)
            candidate = token
        current = candidate
    return lines + [current]


class NodeItem(QGraphicsObject):
    """An element: a rounded box in its colour, movable; its arrows follow while dragged."""

    def __init__(self, element_id: int, name: str, color: str | None, font: QFont, *,
                 active: bool = True, movable: bool = True) -> None:
        super().__init__()
        self.element_id, self.name, self.active = element_id, name, active
        self.color = QColor(color or "#BAB0AC")
        self.font = font
        metrics = QFontMetricsF(font)
        self.lines = wrap(name, metrics)
        width = max(max(metrics.horizontalAdvance(t) for t in self.lines) + 2 * PAD_X, 64.0)
        height = len(self.lines) * metrics.lineSpacing() + 2 * PAD_Y
        self.rect = QRectF(-width / 2, -height / 2, width, height)
        self.half = (width / 2, height / 2)
        self.edges: list[EdgeItem] = []
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setCursor(Qt.CursorShape.SizeAllCursor if movable else Qt.CursorShape.ArrowCursor)
        self.setZValue(2)
        self.setToolTip(name)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def contains_point(self, point: QPointF, pad: float = 0.0) -> bool:
        """Whether a scene point lies in the rounded box (grown by ``pad``)."""
        return self.contains_xy(point.x(), point.y(), pad)

    def contains_xy(self, x: float, y: float, pad: float = 0.0,
                    centre: tuple[float, float] | None = None) -> bool:
        # Plain floats: this runs thousands of times per rebuild (clipping arrows to boxes).
        cx, cy = centre or (self.x(), self.y())
        dx = abs(x - cx) - (self.half[0] + pad - CORNER)
        dy = abs(y - cy) - (self.half[1] + pad - CORNER)
        if dx > CORNER or dy > CORNER:
            return False
        return dx <= 0 or dy <= 0 or math.hypot(dx, dy) <= CORNER

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        fill = self.color if self.active else QColor("#F2F2F2")
        border = self.color.darker(155) if self.active else QColor("#CCCCCC")
        painter.setPen(QPen(border, 1.2))
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect, CORNER, CORNER)
        painter.setFont(self.font)
        painter.setPen(text_color(fill) if self.active else QColor("#AAAAAA"))
        painter.drawText(self.rect, Qt.AlignmentFlag.AlignCenter, "\n".join(self.lines))

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):  # type: ignore[override]
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.update_path()
        return super().itemChange(change, value)


def quad(p0: tuple[float, float], p1: tuple[float, float], p2: tuple[float, float],
         t: float) -> tuple[float, float]:
    """A point of the quadratic Bézier p0–p1–p2 (floats, not QPointF: far faster in Python)."""
    s = 1 - t
    a, b, c = s * s, 2 * s * t, t * t
    return (a * p0[0] + b * p1[0] + c * p2[0], a * p0[1] + b * p1[1] + c * p2[1])


def arc_control(a: tuple[float, float], b: tuple[float, float],
                rad: float) -> tuple[float, float]:
    """arc3's control point (``rad`` × the chord off its middle), written for y pointing down
    (the exporter's y points up, so the same rad bends to the same side in both)."""
    return ((a[0] + b[0]) / 2 - rad * (b[1] - a[1]), (a[1] + b[1]) / 2 + rad * (b[0] - a[0]))


def _cubic(p: tuple[QPointF, ...], t: float) -> QPointF:
    s = 1 - t
    return p[0] * s ** 3 + p[1] * (3 * s * s * t) + p[2] * (3 * s * t * t) + p[3] * t ** 3


class EdgeItem(QGraphicsObject):
    """An interaction: an arc3-style curve (``rad`` × chord off the middle, as in the export) from
    border to border, a solid head, a "+"/"−" mark, and a warning mark when it has no evidence.
    A self-loop (``loop`` = (index, side)) is a cubic above or below its box."""

    def __init__(self, interaction_id: int, source: NodeItem, target: NodeItem, *, sign: int,
                 line_style: str, evidence: int, rad: float = 0.0,
                 loop: tuple[int, int] | None = None, tooltip: str = "") -> None:
        super().__init__()
        self.interaction_id, self.source, self.target = interaction_id, source, target
        self.sign, self.evidence, self.rad, self.loop = sign, evidence, rad, loop
        self.color = QColor(SIGN_COLORS[1 if sign >= 0 else -1])
        self.width = 1.3 + 0.55 * min(evidence, 8)
        self.pen = QPen(self.color, self.width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap,
                        Qt.PenJoinStyle.RoundJoin)
        if line_style in DASHES:
            self.pen.setDashPattern([d / self.width for d in DASHES[line_style]])
        self.selected = False
        self.shaft, self.head, self.mark = QPainterPath(), QPolygonF(), QPointF()
        self._shape = QPainterPath()
        self.setZValue(1)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tooltip)
        for node in {source, target}:
            node.edges.append(self)
        self.update_path()

    # ----- geometry ------------------------------------------------------------------------
    def update_path(self) -> None:
        self.prepareGeometryChange()
        head = 8.0 + 1.6 * self.width
        if self.loop is not None:
            points, tip = self._loop_points(head)
        else:
            points, tip = self._arc_points(head)
        self.shaft = QPainterPath(points[0])
        for point in points[1:]:
            self.shaft.lineTo(point)
        base = points[-1]
        self.head = _head(base, tip, head, 6.0 + 1.4 * self.width)
        self.mark = points[len(points) // 2]
        stroker = QPainterPathStroker()
        stroker.setWidth(max(10.0, self.width + 6))
        self._shape = stroker.createStroke(self.shaft)
        self._shape.addPolygon(self.head)
        self._shape.addEllipse(self.mark, 9, 9)

    def _arc_points(self, head: float) -> tuple[list[QPointF], QPointF]:
        a, b = (self.source.x(), self.source.y()), (self.target.x(), self.target.y())
        control = arc_control(a, b, self.rad)
        t0 = 1 - entry(b, control, a, self.source)  # leaving a = entering it on the way back
        t1 = entry(a, control, b, self.target)
        if t1 - t0 < 0.05:  # overlapping boxes: centre to centre rather than nothing
            t0, t1 = 0.0, 1.0
        tip = quad(a, control, b, t1)
        low, high = t0, t1  # the head's base: where the curve is ``head`` px from the tip
        for _ in range(16):
            middle = (low + high) / 2
            x, y = quad(a, control, b, middle)
            low, high = (middle, high) if math.hypot(x - tip[0], y - tip[1]) > head \
                else (low, middle)
        steps = 24
        points = [QPointF(*quad(a, control, b, t0 + (low - t0) * i / steps))
                  for i in range(steps + 1)]
        return points, QPointF(*tip)

    def _loop_points(self, head: float) -> tuple[list[QPointF], QPointF]:
        index, side = self.loop or (0, 1)
        c, r = self.source.pos(), self.source.rect
        edge = c.y() - side * r.height() / 2  # side +1 = above the box (y points down)
        rise, spread = side * (34 + 28 * index), min(r.width() * 0.25, 26.0) + 10 * index
        controls = (QPointF(c.x() - spread, edge), QPointF(c.x() - spread - 20, edge - rise),
                    QPointF(c.x() + spread + 20, edge - rise),
                    QPointF(c.x() + spread, edge - side * head))
        return [_cubic(controls, i / 30) for i in range(31)], QPointF(c.x() + spread, edge)

    # ----- painting ------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return self._shape.boundingRect().adjusted(-14, -14, 14, 14)

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if self.selected:  # a soft halo under the arrow that was clicked
            painter.setPen(QPen(QColor(255, 200, 0, 120), self.width + 8, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            painter.drawPath(self.shaft)
        painter.setPen(self.pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.shaft)
        painter.setPen(QPen(self.color, 0.8))
        painter.setBrush(self.color)
        painter.drawPolygon(self.head)
        painter.setBrush(QColor("white"))
        painter.drawEllipse(self.mark, 7, 7)
        painter.setFont(QFont(painter.font().family(), 9, QFont.Weight.Bold))
        painter.drawText(QRectF(self.mark.x() - 7, self.mark.y() - 8, 14, 15),
                         Qt.AlignmentFlag.AlignCenter, "+" if self.sign >= 0 else "−")
        if self.evidence == 0:  # an amber "!" beside the sign: this link still needs evidence
            corner = self.mark + QPointF(9, -9)
            triangle = QPolygonF([corner + QPointF(0, -7), corner + QPointF(7, 5),
                                  corner + QPointF(-7, 5)])
            painter.setPen(QPen(WARNING_COLOR.darker(130), 0.8))
            painter.setBrush(WARNING_COLOR)
            painter.drawPolygon(triangle)
            painter.setPen(QColor("white"))
            painter.drawText(QRectF(corner.x() - 7, corner.y() - 5, 14, 11),
                             Qt.AlignmentFlag.AlignCenter, "!")

    def mousePressEvent(self, event: "QGraphicsSceneMouseEvent") -> None:
        scene = self.scene()
        if event.button() == Qt.MouseButton.LeftButton and hasattr(scene, "activate_edge"):
            scene.activate_edge(self.interaction_id)
            event.accept()
        else:
            super().mousePressEvent(event)


def entry(start: tuple[float, float], control: tuple[float, float],
           end: tuple[float, float], node: NodeItem) -> float:
    """The curve parameter where the arc from ``start`` enters the box centred at ``end``."""
    low, high = 0.0, 1.0
    for _ in range(16):  # 1/65536 of the curve: far below a pixel
        middle = (low + high) / 2
        x, y = quad(start, control, end, middle)
        low, high = (low, middle) if node.contains_xy(x, y, 0.5, end) else (middle, high)
    return (low + high) / 2


def _head(base: QPointF, tip: QPointF, length: float, width: float) -> QPolygonF:
    d = tip - base
    norm = math.hypot(d.x(), d.y()) or 1.0
    ux, uy = d.x() / norm, d.y() / norm
    back = tip - QPointF(ux, uy) * length
    notch = back + QPointF(ux, uy) * (length * 0.2)
    return QPolygonF([tip, back + QPointF(-uy, ux) * (width / 2), notch,
                      back - QPointF(-uy, ux) * (width / 2)])


__all__ = ["EdgeItem", "NodeItem", "arc_control", "entry", "quad", "text_color", "wrap"]
