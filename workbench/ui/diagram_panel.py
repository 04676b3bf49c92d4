"""The path-diagram part of the window: how the elements act on each other, for the whole case or
one period, laid out by hand or automatically, with the evidence of each arrow, the feedback
loops, a timeline of the evidence, and export as a thesis figure with the layout on screen.

Positions live in the project (``project.diagrams``, layout "whole"), shared by every period, so
stage-by-stage views and exported figures keep each element in the same place.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QScrollArea,
                               QSplitter,
                               QToolButton, QVBoxLayout, QWidget)

from ..analysis.paths import feedback_loops, path_graph
from ..core import Change, Project, WorkbenchError
from ..exporters import diagram as figures
from ..i18n import tr
from .diagram_scene import DiagramScene, DiagramView, Positions
from .diagram_export import DiagramExports
from .diagram_sides import EvidenceList, LoopList, legend_html, place_isolated, ticks_for
from .diagram_timeline import TimelineStrip
from .errors import reported
from .fonts import cjk_font
from .panel_models import touches

SCENE_TABLES = ("interactions", "interaction_evidence", "interaction_types", "elements",
                "periods", "diagram_positions")
SIDE_TABLES = ("codings", "sources")  # evidence quotes and dates only: no new scene
MAX_LOOP_LENGTH = 8  # longer cycles are rarely argued in a thesis and can be very many
PLAY_MS = 1500


class DiagramPanel(DiagramExports, QWidget):
    interactionActivated = Signal(int)
    codingActivated = Signal(int)
    periodChanged = Signal(object)  # the period name chosen (None: all periods)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown_once = False
        # Built when first seen: a hidden tab's scene (and networkx) costs start-up nothing.
        self._built = self._stale = False
        self._project: Project | None = None
        self._selected: int | None = None
        self._fit_next = True
        self._graph = self._whole = None
        self.method = QComboBox()
        for key, label in (("layered", tr("Layered")), ("circular", tr("Circular")),
                           ("force", tr("Force-directed"))):
            self.method.addItem(label, key)
        self.method.setToolTip(tr("How to place elements that have not been placed yet"))
        self.method.currentIndexChanged.connect(lambda _i: self._rebuild())
        self.apply_button = _button(tr("Apply layout"), self.apply_layout)
        self.apply_button.setToolTip(tr("Place every element with this layout (Ctrl+Z undoes it)"))
        self.period = QComboBox()
        self.period.setMinimumContentsLength(10)
        self.period.currentIndexChanged.connect(lambda _i: self._rebuild())
        self.period.currentIndexChanged.connect(
            lambda _i: self.periodChanged.emit(self.period.currentData()))
        self.play = _button(tr("Play"), self._toggle_play)
        self.play.setCheckable(True)
        self.play.setToolTip(tr("Step through the periods one after another"))
        self._timer = QTimer(self, interval=PLAY_MS, timeout=self._next_period)
        self.show_all = QCheckBox(tr("Show all elements"))
        self.show_all.setToolTip(tr("Also show elements that take part in no interaction"))
        self.show_all.toggled.connect(lambda _on: self._rebuild())
        self.fit_button = _button(tr("Fit"), self.fit)
        self.export_button = QToolButton()
        self.export_button.setText(tr("Export…"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.export_button.setMenu(self._export_menu())
        bar = QHBoxLayout()
        for widget in (QLabel(tr("Layout:")), self.method, self.apply_button, _gap(),
                       QLabel(tr("Period:")), self.period, self.play, _gap(), self.show_all):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.export_button)

        self.scene = DiagramScene(self)
        self.scene.edgeActivated.connect(self._edge_clicked)
        # Queued: the drop is saved after the mouse event is over (saving rebuilds the scene).
        self.scene.nodesDropped.connect(self.save_positions, Qt.ConnectionType.QueuedConnection)
        self.view = DiagramView(self.scene)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #666; padding: 6px;")
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # never makes the window wider than the screen
        self.timeline = TimelineStrip()
        self.timeline.codingActivated.connect(self.codingActivated)
        self.evidence = EvidenceList()
        self.evidence.codingActivated.connect(self.codingActivated)
        self.loops = LoopList()
        self.loops.loopSelected.connect(self._loop_selected)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.message)
        column.addWidget(self.view, 1)
        column.addWidget(self.legend)
        column.addWidget(self.timeline)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.evidence)
        side.addWidget(self.loops)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setSizes([800, 280])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(_scrolling(bar))
        layout.addWidget(split, 1)
        self.set_project(None)

    # ----- the part interface --------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project, self._selected, self._fit_next = project, None, True
        self.play.setChecked(False)
        self._timer.stop()
        self._fill_periods()
        self._rebuild_when_seen()

    def refresh(self, change: Change | None) -> None:
        if touches(change, *SCENE_TABLES):
            if change is None or "periods" in change.tables:
                self._fill_periods()
            self._rebuild_when_seen()
        elif touches(change, *SIDE_TABLES) and not self._stale:
            self._fill_sides()

    # ----- what is shown -------------------------------------------------------------------
    def current_period(self) -> str | None:
        return self.period.currentData()

    def set_period(self, name: str | None) -> None:
        self.period.setCurrentIndex(max(self.period.findData(name), 0))

    def shown_positions(self) -> Positions:
        """Every box on screen, in diagram units (y up): what is saved and what is exported."""
        self.ensure_current()
        return self.scene.positions()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Built while hidden (a background tab), the view had no real size to fit into.
        super().showEvent(event)
        self.ensure_current()
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self.fit)

    def fit(self) -> None:
        self.view.fit()

    def ensure_current(self) -> None:
        """Build the scene now if a change arrived while the panel was hidden."""
        if self._stale:
            self._rebuild()

    def _rebuild_when_seen(self) -> None:
        top = self.window()
        if top is not self and top.isVisible() and not self.isVisible():
            self._stale = True  # a background tab of a shown window: build on showEvent
        else:
            self._rebuild()

    def _fill_periods(self) -> None:
        current = self.period.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem(tr("All periods"), None)
        for period in self._project.periods.list() if self._project is not None else []:
            self.period.addItem(period.name, period.name)
        self.period.setCurrentIndex(max(self.period.findData(current), 0))
        self.period.blockSignals(False)
        self.play.setEnabled(self.period.count() > 1)

    def _rebuild(self) -> None:
        self._stale = False
        project = self._project
        for widget in (self.method, self.apply_button, self.period, self.show_all,
                       self.fit_button, self.export_button):
            widget.setEnabled(project is not None)
        if project is None:
            self._graph = self._whole = None
            if self._built:  # a scene never built is empty already (and needs no networkx)
                self.scene.build(_empty(), _empty(), {}, cjk_font())
            self._show_message(tr("Open a project to see its path diagram."))
            self._fill_sides()
            return
        try:
            whole = path_graph(project, include_isolated=self.show_all.isChecked())
            period = self.current_period()
            shown = whole if period is None else path_graph(project, period)
            positions = self._positions(whole)
        except WorkbenchError:  # a period renamed or deleted under us: back to the whole case
            self.set_period(None)
            return
        self._whole, self._graph = whole, shown
        names = {n: d.get("name", n) for n, d in whole.nodes(data=True)}
        tips = {d["id"]: tr("{source} → {target}: {type} ({sign}), {count} pieces of evidence",
                            source=names.get(u, u), target=names.get(v, v), type=d["type"],
                            sign="+" if d["sign"] >= 0 else "−", count=d["evidence"])
                for u, v, d in shown.edges(data=True)}
        self._built = True
        self.scene.build(whole, shown, positions, cjk_font(10.5),
                         active=None if period is None else set(shown.nodes),
                         movable=not project.read_only, tooltips=tips)
        self.apply_button.setEnabled(not project.read_only)
        if whole.number_of_edges() == 0:
            self._show_message(tr("Record interactions between elements to draw the path "
                                  "diagram."))
        elif shown.number_of_edges() == 0:
            self._show_message(tr("No interactions were recorded for this period."))
        else:
            self._show_message("")
        self.legend.setText(legend_html(shown))
        types = {d["id"]: d["type"] for _u, _v, d in shown.edges(data=True)}
        self.loops.set_loops(feedback_loops(shown, max_length=MAX_LOOP_LENGTH), names, types)
        if self._selected not in self.scene.edges:
            self._selected = None
        self.scene.select_edge(self._selected)
        self._fill_sides()
        if self._fit_next and self.scene.nodes:  # an empty scene has nothing to fit yet
            self._fit_next = False
            QTimer.singleShot(0, self.fit)  # after the view has its final size
            self.fit()

    def _positions(self, whole) -> Positions:
        """Saved places first; the chosen method places the rest of the linked elements, and
        elements without links wait in a row under the diagram."""
        assert self._project is not None
        saved = self._project.diagrams.positions()
        linked = whole.subgraph([n for n in whole.nodes if whole.degree(n) > 0])
        placed = figures.layout(linked, self.method.currentData(), saved)
        return place_isolated(whole, {**{n: saved[n] for n in whole.nodes if n in saved}, **placed})

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _fill_sides(self) -> None:
        project, graph = self._project, self._graph
        self.evidence.show_interaction(project, self._selected)
        ticks = ticks_for(project, graph) if project is not None and graph is not None else []
        periods = [(p.name, p.start_date, p.end_date) for p in project.periods.list()] \
            if project is not None else []
        self.timeline.set_data(ticks, periods, self.current_period())
        self.timeline.select_interaction(self._selected)

    # ----- user actions --------------------------------------------------------------------
    def save_positions(self) -> None:
        """Save where every box stands now: one undo step ("Move diagram nodes")."""
        if self._project is not None and self.scene.nodes:
            with reported(self):
                self._project.diagrams.save_positions(self.shown_positions())

    def apply_layout(self, method: str | None = None) -> None:
        self.ensure_current()
        if self._project is None or self._whole is None:
            return
        with reported(self):
            placed = figures.layout(self._whole, method or self.method.currentData())
            self._fit_next = True
            self._project.diagrams.save_positions(placed)

    def show_interaction(self, interaction_id: int | None) -> None:
        """Select an arrow and list its evidence (without emitting interactionActivated)."""
        self.ensure_current()
        self._selected = interaction_id if interaction_id in self.scene.edges else None
        self.scene.select_edge(self._selected)
        self._fill_sides()

    def _edge_clicked(self, interaction_id: int) -> None:
        self.show_interaction(interaction_id)
        self.interactionActivated.emit(interaction_id)

    def _loop_selected(self, loop) -> None:
        if loop is None:
            self.scene.highlight(None)
        else:
            self.scene.highlight(set(loop.edges), set(loop.nodes))

    def _toggle_play(self) -> None:
        if self.play.isChecked():
            if self.period.currentIndex() == self.period.count() - 1:
                self.period.setCurrentIndex(0)
            self._timer.start()
        else:
            self._timer.stop()

    def _next_period(self) -> None:
        if self.period.currentIndex() + 1 >= self.period.count():
            self.play.setChecked(False)
            self._timer.stop()
        else:
            self.period.setCurrentIndex(self.period.currentIndex() + 1)


def _scrolling(row: QHBoxLayout) -> QScrollArea:
    """The toolbar row scrolls sideways in a narrow window instead of widening the window
    (it shares the middle with the document view, so its width is everybody's minimum)."""
    holder = QWidget()
    holder.setLayout(row)
    row.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea()
    area.setWidget(holder)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # Room for the row and, when the window is narrow, the scroll bar under it.
    area.setFixedHeight(holder.sizeHint().height() + area.horizontalScrollBar().sizeHint().height()
                        + 2)
    return area


def _button(text: str, slot) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def _gap() -> QWidget:
    gap = QWidget()
    gap.setFixedWidth(12)
    return gap


def _empty():
    import networkx as nx

    return nx.MultiDiGraph()
