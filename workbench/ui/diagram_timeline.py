"""The timeline strip under the path diagram: when the evidence of the shown interactions was
published (the dates of the sources of their codings), one tick per coding, coloured by the
interaction's sign, over the periods as background bands. Clicking a tick opens its coding.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from ..exporters.diagram_drawing import SIGN_COLORS
from ..i18n import tr

BANDS = (QColor("#E8EEF5"), QColor("#F4F1E8"))
AXIS_GAP, TICK, MARGIN = 18, 12, 14


@dataclass(frozen=True)
class Tick:
    date: str  # the source's date: YYYY, YYYY-MM or YYYY-MM-DD
    sign: int
    coding_id: int
    interaction_id: int
    label: str  # tooltip: quote, source and date


def date_value(date: str, end: bool = False) -> float | None:
    """A date as a fractional year; a year or month alone stands for its middle, or its end
    when ``end`` (a period "2015–2018" runs to the end of 2018)."""
    try:
        parts = [int(p) for p in date.split("-")]
        year = parts[0]
        if len(parts) == 1:
            return year + (1.0 if end else 0.5)
        if len(parts) == 2:
            return year + (parts[1] - (0 if end else 0.5)) / 12
        day = dt.date(*parts[:3]).timetuple().tm_yday
        return year + (day - (0 if end else 0.5)) / 365.25
    except (ValueError, TypeError, IndexError):
        return None


class TimelineStrip(QWidget):
    codingActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ticks: list[Tick] = []
        self.periods: list[tuple[str, str | None, str | None]] = []
        self.current_period: str | None = None
        self.selected: int | None = None  # interaction whose ticks stand out
        self._spots: list[tuple[QRectF, Tick]] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(62)

    def sizeHint(self) -> QSize:
        return QSize(600, 66)

    def set_data(self, ticks: list[Tick], periods: list[tuple[str, str | None, str | None]],
                 current_period: str | None = None) -> None:
        self.ticks = [t for t in ticks if date_value(t.date) is not None]
        self.periods, self.current_period = periods, current_period
        self.update()

    def select_interaction(self, interaction_id: int | None) -> None:
        self.selected = interaction_id
        self.update()

    def _range(self) -> tuple[float, float] | None:
        values = [date_value(t.date) for t in self.ticks]
        for _name, start, end in self.periods:
            values += [date_value(start) if start else None, date_value(end, True) if end else None]
        known = [v for v in values if v is not None]
        if not known:
            return None
        low, high = min(known), max(known)
        pad = max((high - low) * 0.03, 0.3)
        return low - pad, high + pad

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        self._spots = []
        span = self._range()
        if span is None:
            painter.setPen(QColor("#888888"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             tr("No dated evidence for the interactions shown."))
            return
        low, high = span
        left, right = MARGIN, self.width() - MARGIN
        axis = self.height() - AXIS_GAP

        def x_of(value: float) -> float:
            return left + (value - low) / (high - low) * (right - left)

        small = painter.font()
        small.setPointSizeF(max(small.pointSizeF() - 1, 7))
        painter.setFont(small)
        for index, (name, start, end) in enumerate(self.periods):
            x0 = x_of(date_value(start) or low) if start else left
            x1 = x_of(date_value(end, True) or high) if end else right
            band = QColor(BANDS[index % 2])
            if self.current_period == name:
                band = QColor("#FFF0C2")
            painter.fillRect(QRectF(x0, 0, x1 - x0, axis), band)
            painter.setPen(QColor("#666666"))
            painter.drawText(QRectF(x0 + 3, 1, max(x1 - x0 - 6, 0), 16),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                             | Qt.TextFlag.TextSingleLine, name)
        painter.setPen(QPen(QColor("#555555"), 1))
        painter.drawLine(QPointF(left, axis), QPointF(right, axis))
        step = next((s for s in (1, 2, 5, 10, 20, 50) if (right - left) / ((high - low) / s) >= 44),
                    100)
        year = int(low // step * step) + step
        while year <= high:
            x = x_of(year)
            painter.drawLine(QPointF(x, axis), QPointF(x, axis + 3))
            painter.drawText(QRectF(x - 24, axis + 3, 48, AXIS_GAP - 3),
                             Qt.AlignmentFlag.AlignCenter, str(year))
            year += step
        stacks: dict[int, int] = {}  # ticks at (nearly) the same place stack upwards
        for tick in sorted(self.ticks, key=lambda t: (t.date, t.interaction_id, t.coding_id)):
            x = x_of(date_value(tick.date) or low)
            level = stacks.get(round(x / 4), 0)
            stacks[round(x / 4)] = level + 1
            bottom = axis - 1 - level * (TICK + 2)
            if bottom - TICK < 16:
                continue  # more evidence at one date than the strip is tall: the tooltip lists it
            faded = self.selected is not None and tick.interaction_id != self.selected
            color = QColor(SIGN_COLORS[1 if tick.sign >= 0 else -1])
            color.setAlphaF(0.25 if faded else 1.0)
            painter.setPen(QPen(color, 3 if tick.interaction_id == self.selected else 2))
            painter.drawLine(QPointF(x, bottom), QPointF(x, bottom - TICK))
            self._spots.append((QRectF(x - 4, bottom - TICK - 1, 8, TICK + 2), tick))

    def tick_at(self, point: QPointF) -> Tick | None:
        for area, tick in reversed(self._spots):
            if area.contains(point):
                return tick
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        tick = self.tick_at(event.position())
        if tick is not None and event.button() == Qt.MouseButton.LeftButton:
            self.codingActivated.emit(tick.coding_id)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.tick_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tick = self.tick_at(QPointF(event.pos()))
            if tick is not None:
                QToolTip.showText(event.globalPos(), tick.label, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
