"""The side of the path-diagram panel: the evidence of the clicked arrow, the feedback loops of
the shown graph, the legend line, and the data the timeline strip needs. Kept apart from
``diagram_panel`` so the panel holds only the wiring.
"""
from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QToolButton, QVBoxLayout, QWidget)

from ..analysis.paths import Loop
from ..core import Coding, Project, WorkbenchError
from ..exporters.diagram_drawing import SIGN_COLORS
from ..i18n import tr
from .diagram_timeline import Tick
from .panel_tables import quote_of

if TYPE_CHECKING:
    import networkx as nx

_STROKES = {"solid": "━━━", "dashed": "╍╍╍", "dotted": "┈┈┈", "dashdot": "━·━"}
ROW_BELOW, COLUMN_STEP = 1.3, 1.7  # diagram units: where unlinked elements wait


def place_isolated(graph: "nx.MultiDiGraph", placed: dict[int, tuple[float, float]]
                   ) -> dict[int, tuple[float, float]]:
    """Put nodes of ``graph`` that have no position in a row under the others."""
    missing = [n for n in graph.nodes if n not in placed]
    if not missing:
        return placed
    xs = [x for x, _y in placed.values()] or [0.0]
    y = min((y for _x, y in placed.values()), default=ROW_BELOW) - ROW_BELOW
    return {**placed, **{n: (min(xs) + i * COLUMN_STEP, y) for i, n in enumerate(missing)}}


def legend_html(graph: "nx.MultiDiGraph") -> str:
    """One line: each line style with its types, the sign colours, thickness, the warning."""
    styles: dict[str, list[str]] = {}
    signs, unsupported = set(), False
    for _u, _v, data in sorted(graph.edges(data=True), key=lambda e: e[2].get("type_id", 0)):
        names = styles.setdefault(data.get("line_style") or "solid", [])
        if data.get("type") not in names:
            names.append(data.get("type"))
        signs.add(1 if data.get("sign", 1) >= 0 else -1)
        unsupported = unsupported or not data.get("evidence")
    if not styles:
        return ""
    parts = [f"<span style='color:#444'>{_STROKES.get(style, '━━━')}</span> "
             f"{html.escape('、'.join(map(str, names)))}" for style, names in styles.items()]
    for sign, text in ((1, tr("+ positive")), (-1, tr("− negative"))):
        if sign in signs:
            parts.append(f"<span style='color:{SIGN_COLORS[sign]}'><b>{html.escape(text)}</b>"
                         "</span>")
    parts.append(html.escape(tr("thicker = more evidence")))
    if unsupported:
        parts.append(f"<span style='color:#E08A00'>▲</span> {html.escape(tr('no evidence yet'))}")
    return "&nbsp;&nbsp;&nbsp;".join(parts)


def _codings(project: Project, ids: set[int]) -> dict[int, Coding]:
    found = {}
    for coding_id in sorted(ids):
        try:
            found[coding_id] = project.codings.get(coding_id)
        except WorkbenchError:
            continue  # deleted meanwhile: the next refresh drops it from the evidence
    return found


def _label(coding: Coding, source) -> str:
    where = " · ".join(x for x in (coding.source_title, source.date if source else None) if x)
    quote = quote_of(coding) if coding.is_region else f"“{quote_of(coding)}”"
    return f"{quote}\n{where}"


def ticks_for(project: Project, graph: "nx.MultiDiGraph") -> list[Tick]:
    """One tick per evidence coding of the graph's interactions, dated by its source."""
    shown = {key: data for _u, _v, key, data in graph.edges(keys=True, data=True)}
    interactions = [i for i in project.interactions.list() if i.id in shown and i.evidence]
    if not interactions:
        return []
    codings = _codings(project, {c for i in interactions for c in i.evidence})
    sources = {s.id: s for s in project.sources.list()}
    ticks = []
    for item in interactions:
        for coding_id in item.evidence:
            coding = codings.get(coding_id)
            source = sources.get(coding.source_id) if coding else None
            if coding and source and source.date:
                ticks.append(Tick(source.date, item.sign, coding_id, item.id,
                                  _label(coding, source)))
    return ticks


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class EvidenceList(QWidget):
    """The quotes that justify one interaction; clicking a quote opens it in its source."""

    codingActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemClicked.connect(self._open)
        self.list.itemActivated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_heading(tr("Evidence")))
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)

    def show_interaction(self, project: Project | None, interaction_id: int | None) -> None:
        self.list.clear()
        if project is None or interaction_id is None:
            self.title.setText(tr("Click an arrow to see the quotes that show it."))
            return
        try:
            item = project.interactions.get(interaction_id)
        except WorkbenchError:
            self.title.setText(tr("Click an arrow to see the quotes that show it."))
            return
        heading = tr("{source} → {target}: {type} ({sign})", source=item.from_name,
                     target=item.to_name, type=item.type_name,
                     sign="+" if item.sign >= 0 else "−")
        self.title.setText(f"{heading} · {item.period}" if item.period else heading)
        codings = _codings(project, set(item.evidence))
        sources = {s.id: s for s in project.sources.list()} if codings else {}
        for coding_id in item.evidence:
            if coding_id in codings:
                coding = codings[coding_id]
                row = QListWidgetItem(_label(coding, sources.get(coding.source_id)))
                row.setData(Qt.ItemDataRole.UserRole, coding_id)
                row.setToolTip(coding.snippet or "")
                self.list.addItem(row)
        if not codings:
            row = QListWidgetItem(tr("No evidence yet: link the codings that show this "
                                     "interaction."))
            row.setForeground(QColor("#B06A00"))
            row.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(row)

    def coding_ids(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).data(Qt.ItemDataRole.UserRole) is not None]

    def _open(self, item: QListWidgetItem) -> None:
        coding_id = item.data(Qt.ItemDataRole.UserRole)
        if coding_id is not None:
            self.codingActivated.emit(int(coding_id))


class LoopList(QWidget):
    """Feedback loops as "R/B  A → B → C → A"; selecting one highlights it in the diagram."""

    loopSelected = Signal(object)  # Loop, or None when the selection is cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loops: list[Loop] = []
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._changed)
        clear = QToolButton()
        clear.setText(tr("Show all"))
        clear.clicked.connect(lambda: self.list.setCurrentRow(-1))
        top = QHBoxLayout()
        top.addWidget(_heading(tr("Feedback loops")), 1)
        top.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self._icons = {kind: _kind_icon(kind) for kind in "RB"}

    def set_loops(self, loops: list[Loop], names: dict, types: dict[int, str]) -> None:
        chosen = self.current()
        self.list.blockSignals(True)
        self.list.clear()
        self.loops = list(loops)
        repeated = Counter(loop.nodes for loop in self.loops)
        for loop in self.loops:
            path = " → ".join(str(names.get(n, n)) for n in (*loop.nodes, loop.nodes[0]))
            if repeated[loop.nodes] > 1:  # parallel links: the types tell these loops apart
                steps = [f"{names.get(n, n)} →[{types.get(e, '')}]"
                         for n, e in zip(loop.nodes, loop.edges)]
                path = " ".join((*steps, str(names.get(loop.nodes[0], loop.nodes[0]))))
            row = QListWidgetItem(self._icons[loop.kind], path)
            row.setToolTip(tr("Reinforcing loop (R): the signs multiply to +") if loop.kind == "R"
                           else tr("Balancing loop (B): the signs multiply to −"))
            self.list.addItem(row)
        if not loops:
            row = QListWidgetItem(tr("No feedback loops in the interactions shown."))
            row.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(row)
        keep = self.loops.index(chosen) if chosen in self.loops else -1
        self.list.setCurrentRow(keep)
        self.list.blockSignals(False)
        self._changed(keep)

    def current(self) -> Loop | None:
        row = self.list.currentRow()
        return self.loops[row] if 0 <= row < len(self.loops) else None

    def _changed(self, _row: int) -> None:
        self.loopSelected.emit(self.current())


def _kind_icon(kind: str) -> QIcon:
    pixmap = QPixmap(18, 18)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(SIGN_COLORS[1 if kind == "R" else -1]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 16, 16)
    painter.setPen(QColor("white"))
    painter.setFont(QFont(painter.font().family(), 8, QFont.Weight.Bold))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, kind)
    painter.end()
    return QIcon(pixmap)
