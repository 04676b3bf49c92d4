"""The Policy view of the analysis panel: the policy-instrument table (sub-tools × a second
dimension, in clauses, with totals and percentages, and a heatmap) and the joint-issuance network
of the issuing agencies (its table and drawing) — the two analyses of Chinese policy-text studies
— each exportable for the thesis.

It asks ``workbench.analysis.instrument_table`` and ``issuance_network``; nothing is computed here.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from ..core import Project
from ..i18n import tr
from .analysis_common import (ChartBox, ask_table_path, fill_grid, make_grid, project_folder,
                              write_table)
from .errors import reported

FACTS = ("year", "period", "type", "效力级别")


class PolicyView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.headers: list[str] = []
        self.rows: list[list] = []
        self.what = QComboBox()
        self.what.addItem(tr("Policy instruments"), "instruments")
        self.what.addItem(tr("Joint-issuance network"), "network")
        self.dimension = QComboBox()  # elements (their children are columns) and source facts
        self.dimension_label = QLabel(tr("Second dimension:"))
        self.period = QComboBox()
        self.period_label = QLabel(tr("Period:"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.names_button = QPushButton(tr("Agency names…"))  # spellings counted as one
        self.names_button.clicked.connect(self.edit_agency_names)
        self.export_table_button = QPushButton(tr("Export table…"))
        self.export_chart_button = QPushButton(tr("Export chart…"))
        bar = QHBoxLayout()
        for widget in (self.what, self.dimension_label, self.dimension, self.period_label,
                       self.period):
            bar.addWidget(widget)
        bar.addWidget(self.names_button)
        bar.addStretch(1)
        bar.addWidget(self.export_table_button)
        bar.addWidget(self.export_chart_button)
        self.grid = make_grid()
        self.chart = ChartBox()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.grid)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        for combo in (self.what, self.dimension, self.period):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.export_table_button.clicked.connect(self._ask_export_table)
        self.export_chart_button.clicked.connect(self._export_chart)

    # ----- the view interface (analysis_panel) ---------------------------------------------
    def set_project(self, project: Project | None, *, load: bool = True) -> None:
        self._project = project
        self._fill_choices()
        if load:
            self.reload()

    def _fill_choices(self) -> None:
        project = self._project
        for combo in (self.dimension, self.period):
            combo.blockSignals(True)
        keep_dimension, keep_period = self.dimension.currentData(), self.period.currentData()
        self.dimension.clear()
        self.period.clear()
        self.period.addItem(tr("All periods"), None)
        if project is not None:
            from ..analysis.instrument_table import instrument_groups

            elements = project.elements.list()
            tools = set(instrument_groups(elements))
            parents = {e.parent_id for e in elements}
            for element in elements:  # element groups other than the tool types
                if element.id in parents and element.id not in tools and \
                        element.parent_id is None:
                    self.dimension.addItem(element.name, f"element:{element.id}")
            for fact, label in zip(FACTS, (tr("Year"), tr("Period"), tr("Source type"),
                                           "效力级别")):
                self.dimension.addItem(label, f"fact:{fact}")  # text: findData compares it
            for period in project.periods.list():
                self.period.addItem(period.name, period.name)
        for combo, keep in ((self.dimension, keep_dimension), (self.period, keep_period)):
            index = combo.findData(keep)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)

    def reload(self) -> None:
        self._fill_choices()  # elements and periods may have changed since
        instruments = self.what.currentData() == "instruments"
        for widget in (self.dimension, self.dimension_label):
            widget.setVisible(instruments)
        for widget in (self.period, self.period_label, self.names_button):
            widget.setVisible(not instruments)
        self.headers, self.rows = [], []
        self.summary.clear()
        fill_grid(self.grid, [], [])
        self.chart.set_chart(None)
        if self._project is None:
            return
        with reported(self):
            if instruments:
                self._show_instruments()
            else:
                self._show_network()

    def _show_instruments(self) -> None:
        from ..analysis.instrument_table import instrument_table, table_rows
        from ..exporters.charts import heatmap

        choice = self.dimension.currentData()
        if choice is None:
            return
        kind, _, value = choice.partition(":")
        table = instrument_table(self._project, y_root=int(value) if kind == "element" else None,
                                 y_attribute=value if kind == "fact" else None)
        if not table.row_labels:
            self.summary.setText(tr("No policy instruments to count: add the policy-instruments "
                                    "framework (Framework ▸ Add framework from template…)."))
            return
        self.headers, self.rows = table_rows(table)
        fill_grid(self.grid, self.headers, self.rows)
        self.summary.setText("  ".join(
            tr("{type}: {count} clauses ({percent}%)", type=group, count=count, percent=percent)
            for group, count, percent in table.structure()))
        self.chart.set_chart(lambda: heatmap(table, title=table.title))

    def _show_network(self) -> None:
        from ..analysis.issuance_network import build_network
        from ..exporters.network_figure import network_figure

        network = build_network(self._project, period=self.period.currentData())
        rows = network.table()
        if not rows:
            self.summary.setText(tr("No source names its issuing agency yet: fill in 发文机关 in "
                                    "the source's details (several agencies separated by 、)."))
            return
        self.headers = [tr("Agency"), tr("Documents"), tr("Joint documents"), tr("Partners"),
                        tr("Weighted degree"), tr("Betweenness")]
        self.rows = [[r.agency, r.documents, r.joint_documents, r.partners, r.weighted_degree,
                      r.betweenness] for r in rows]
        fill_grid(self.grid, self.headers, self.rows)
        self.grid.resizeColumnsToContents()  # agencies' full names
        joint = sum(1 for r in rows if r.joint_documents)
        self.summary.setText(tr("{agencies} agencies, {joint} of them issued documents jointly.",
                                agencies=len(rows), joint=joint))
        self.chart.set_chart(lambda: network_figure(
            network, tr("Joint-issuance network of the agencies")))

    def edit_agency_names(self) -> None:
        from .agency_names import AgencyNamesDialog

        if self._project is not None:
            AgencyNamesDialog(self._project, self).exec()
            self.reload()

    # ----- exports -------------------------------------------------------------------------
    def _ask_export_table(self) -> None:
        with reported(self):
            path = ask_table_path(self, project_folder(self._project))
            if path:
                write_table(path, self.headers, self.rows)

    def _export_chart(self) -> None:
        with reported(self):
            self.chart.export(self, project_folder(self._project))
