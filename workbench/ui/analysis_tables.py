"""The Tables view of the analysis panel: frequency, co-occurrence, the case × element matrix (with
its quotes and cell notes), the timeline and coverage gaps — each with a chart, the segments
behind a clicked cell, and exports of the table and the chart."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QSpinBox, QSplitter, QVBoxLayout, QWidget)

from ..analysis import cooccur, tables
from ..core import Project
from ..exporters import charts
from ..i18n import tr
from .analysis_common import (ChartBox, CodingList, ask_table_path, fill_grid, grid_contents,
                              make_grid, project_folder, write_table)
from .errors import reported

KINDS = ("frequency", "cooccurrence", "matrix", "timeline", "coverage")


def _kind_labels() -> list[str]:
    return [tr("Frequency"), tr("Co-occurrence"), tr("Case × element matrix"), tr("Timeline"),
            tr("Coverage gaps")]


def _by_labels() -> list[tuple[str, str]]:
    return [("source", tr("Source")), ("case", tr("Case")), ("type", tr("Source type")),
            ("period", tr("Period")), ("year", tr("Year"))]


class TablesView(QWidget):
    codingActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.table: tables.Table | None = None
        self.matrix: tables.CaseMatrix | None = None
        self._cell: tuple[int, int] | None = None
        self.kind = QComboBox()
        for key, label in zip(KINDS, _kind_labels()):
            self.kind.addItem(label, key)
        self.by = QComboBox()
        for key, label in _by_labels():
            self.by.addItem(label, key)
        # Element × source type reads at a glance; per source is a wide table for later.
        self.by.setCurrentIndex(self.by.findData("type"))
        self.unit = QComboBox()
        for key, label in (("codings", tr("Codings")), ("sources", tr("Sources")),
                           ("characters", tr("Characters")), ("clauses", tr("Clauses"))):
            self.unit.addItem(label, key)
        self.percent = QComboBox()
        for key, label in (("", tr("Counts")), ("row", tr("% of row")),
                           ("column", tr("% of column")), ("total", tr("% of total"))):
            self.percent.addItem(label, key)
        self.mode = QComboBox()
        for key, label in (("overlap", tr("Overlapping")), ("paragraph", tr("Same paragraph")),
                           ("distance", tr("Within N characters"))):
            self.mode.addItem(label, key)
        self.distance = QSpinBox()
        self.distance.setRange(0, 100000)
        self.distance.setValue(200)
        self.min_count = QSpinBox()
        self.min_count.setRange(1, 1000)
        self.min_count.setValue(2)
        self.export_table_button = QPushButton(tr("Export table…"))
        self.export_chart_button = QPushButton(tr("Export chart…"))
        bar = QHBoxLayout()
        self._labels: dict[QWidget, QLabel] = {}
        for widget, text in ((self.kind, None), (self.by, tr("By:")), (self.unit, tr("Unit:")),
                             (self.percent, None), (self.mode, None),
                             (self.distance, tr("Characters:")),
                             (self.min_count, tr("Fewer than:"))):
            if text:
                self._labels[widget] = QLabel(text)
                bar.addWidget(self._labels[widget])
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export_table_button)
        bar.addWidget(self.export_chart_button)
        self.grid = make_grid()
        self.chart = ChartBox()
        self.segments = CodingList()
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(tr("Note on this cell of the matrix"))
        self.save_note_button = QPushButton(tr("Save note"))
        self.cell_label = QLabel()
        self.cell_label.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.cell_label, self.segments, self.note, self.save_note_button):
            side_layout.addWidget(widget)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.grid)
        left.addWidget(self.chart)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        for combo in (self.kind, self.by, self.unit, self.percent, self.mode):
            combo.currentIndexChanged.connect(self.reload)
        for spin in (self.distance, self.min_count):
            spin.editingFinished.connect(self.reload)
        self.grid.cellClicked.connect(self.show_cell)
        self.grid.cellDoubleClicked.connect(self.show_cell)
        self.segments.codingActivated.connect(self.codingActivated)
        self.save_note_button.clicked.connect(self.save_note)
        self.export_table_button.clicked.connect(self._ask_export_table)
        self.export_chart_button.clicked.connect(self._ask_export_chart)
        self._update_controls()

    def set_project(self, project: Project | None, *, load: bool = True) -> None:
        """Show ``project``'s tables; ``load=False`` leaves the computing to ``reload()``."""
        self._project = project
        if load:
            self.reload()

    def current_kind(self) -> str:
        return self.kind.currentData()

    def _update_controls(self) -> None:
        kind = self.current_kind()
        shown = {self.by: kind in ("frequency", "timeline"),
                 self.unit: kind in ("frequency", "timeline"),
                 self.percent: kind in ("frequency", "timeline", "matrix"),
                 self.mode: kind == "cooccurrence",
                 self.distance: kind == "cooccurrence" and self.mode.currentData() == "distance",
                 self.min_count: kind == "coverage"}
        for widget, visible in shown.items():
            widget.setVisible(visible)
            if widget in self._labels:
                self._labels[widget].setVisible(visible)
        for widget in (self.note, self.save_note_button):
            widget.setVisible(kind == "matrix")
        items = self.by.model()
        for row in range(self.by.count()):  # a timeline runs by period or year only
            timed = self.by.itemData(row) in ("period", "year")
            items.item(row).setEnabled(kind != "timeline" or timed)
        if kind == "timeline" and self.by.currentData() not in ("period", "year"):
            self.by.blockSignals(True)
            self.by.setCurrentIndex(self.by.findData("period"))
            self.by.blockSignals(False)

    def reload(self) -> None:
        """Recompute the chosen table from the project and redraw it and its chart."""
        self._update_controls()
        self.table = self.matrix = None
        self._cell = None
        self.segments.clear()
        self.cell_label.clear()
        self.note.clear()
        if self._project is None:
            fill_grid(self.grid, [], [])
            self.chart.set_chart(None)
            return
        with reported(self):
            self._compute()

    def _compute(self) -> None:
        p, kind = self._project, self.current_kind()
        if kind == "coverage":
            gaps = tables.coverage(p, min_count=self.min_count.value())
            names = {"case": tr("Case"), "period": tr("Period")}
            fill_grid(self.grid, [tr("Element"), tr("Dimension"), tr("Column"), tr("Codings")],
                      [[g.element, names.get(g.dimension, g.dimension), g.column, g.count]
                       for g in gaps])
            self.chart.set_chart(None)
            return
        if kind == "frequency" or kind == "timeline":
            table = tables.frequency(p, self.by.currentData(), self.unit.currentData())
            chart = charts.line if kind == "timeline" else charts.bar
        elif kind == "cooccurrence":
            table = cooccur.cooccurrence(p, self.mode.currentData(), self.distance.value())
            chart = charts.heatmap
        else:
            self.matrix = tables.case_matrix(p)
            table = self.matrix.table
            chart = charts.heatmap
        self.table = table
        cells = table.cells
        share = self.percent.currentData()
        if share and kind != "cooccurrence":
            cells = table.percent(share)
        rows = [list(row) + [table.row_totals[r] if table.row_totals else ""]
                for r, row in enumerate(cells)]
        fill_grid(self.grid, list(table.column_labels) + [tr("Total")], rows,
                  list(table.row_labels))
        self.chart.set_chart(lambda: chart(table))

    def cell_coding_ids(self, row: int, column: int) -> list[int]:
        """The codings behind a cell (both sides of every co-occurring pair)."""
        if self.table is None or self._project is None:
            return []
        kind = self.current_kind()
        if kind in ("frequency", "timeline") and self.unit.currentData() == "sources":
            by = self.by.currentData()
            behind = tables.frequency(self._project, by, "codings")  # same rows and columns
            return list(behind.details.get((row, column), []))
        ids: list[int] = []
        for entry in self.table.details.get((row, column), []):
            ids.extend(entry if isinstance(entry, tuple) else [entry])
        return ids

    def show_cell(self, row: int, column: int) -> None:
        if self.table is None or column >= len(self.table.column_labels):
            return
        self._cell = (row, column)
        self.cell_label.setText(f"{self.table.row_labels[row]} × "
                                f"{self.table.column_labels[column]}")
        with reported(self):
            self.segments.show_codings(self._project, self.cell_coding_ids(row, column))
            if self.matrix is not None:
                self.note.setPlainText(self.matrix.notes.get((row, column), ""))

    def save_note(self) -> None:
        if self.matrix is None or self._cell is None or self._project is None:
            return
        row, column = self._cell
        table = self.matrix.table
        text = self.note.toPlainText()
        with reported(self):
            self._project.matrix_notes.set(table.row_ids[row], table.column_ids[column], text)
            self.matrix.notes[(row, column)] = text

    def export_table(self, path: str) -> None:
        headers, rows = grid_contents(self.grid)
        write_table(path, headers, rows)

    def _ask_export_table(self) -> None:
        with reported(self):
            path = ask_table_path(self, project_folder(self._project))
            if path:
                self.export_table(path)

    def _ask_export_chart(self) -> None:
        with reported(self):
            self.chart.export(self, project_folder(self._project))
