"""The Topics view of the analysis panel: LDA with K topics and a seed, run as a background job;
each topic with its top words and share, and the topics' prevalence by period (table and chart)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSpinBox, QSplitter,
                               QVBoxLayout, QWidget)

from ..analysis import topics
from ..analysis.tables import Table, no_column_label
from ..core import Project
from ..exporters import charts
from ..i18n import tr
from .analysis_common import (ChartBox, ask_table_path, fill_grid, grid_contents, job_failed,
                              make_grid, project_folder, write_table)
from .errors import reported
from .jobs import Job, run_job


class TopicsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.job: Job | None = None
        self.model: topics.TopicModel | None = None
        self.k = QSpinBox()
        self.k.setRange(2, 50)
        self.k.setValue(5)
        self.seed = QSpinBox()
        self.seed.setRange(0, 999999)
        self.seed.setValue(1)
        self.run_button = QPushButton(tr("Find topics"))
        self.export_table_button = QPushButton(tr("Export table…"))
        self.export_chart_button = QPushButton(tr("Export chart…"))
        self.coherence = QLabel()
        bar = QHBoxLayout()
        for text, widget in ((tr("Topics (K):"), self.k), (tr("Seed:"), self.seed)):
            bar.addWidget(QLabel(text))
            bar.addWidget(widget)
        bar.addWidget(self.run_button)
        bar.addWidget(self.coherence)
        bar.addStretch(1)
        bar.addWidget(self.export_table_button)
        bar.addWidget(self.export_chart_button)
        self.grid = make_grid()
        self.periods = make_grid()
        self.chart = ChartBox()
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.periods)
        lower.addWidget(self.chart)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.grid)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.run_button.clicked.connect(self.run)
        self.export_table_button.clicked.connect(self._ask_export_table)
        self.export_chart_button.clicked.connect(self._ask_export_chart)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.model = None
        fill_grid(self.grid, [], [])
        fill_grid(self.periods, [], [])
        self.coherence.clear()
        self.chart.set_chart(None)
        self.run_button.setEnabled(project is not None)

    def reload(self) -> None:
        """Nothing is recomputed by itself: a topic model is run on request only."""

    def run(self) -> None:
        project = self._project
        if project is None or (self.job is not None and self.job.is_running()):
            return
        k, seed = self.k.value(), self.seed.value()
        self.job = run_job(self, tr("Finding topics"),
                           lambda progress: topics.lda(project, k, seed=seed),
                           on_done=self._show, on_error=lambda e: job_failed(self, e))

    def _show(self, model: topics.TopicModel) -> None:
        self.model = model
        self.coherence.setText(tr("Coherence (UMass): {score}",
                                  score=f"{model.coherence:.3f}"))
        fill_grid(self.grid, [tr("Topic"), tr("Top words"), tr("Share")],
                  [[t.index + 1, " ".join(t.words), round(t.share, 3)] for t in model.topics])
        names = list(model.by_period)
        labels = [name or no_column_label("period") for name in names]
        cells = [[round(model.by_period[name][t.index], 3) for name in names]
                 for t in model.topics]
        table = Table([tr("Topic {n}", n=t.index + 1) for t in model.topics], labels, cells)
        fill_grid(self.periods, labels, cells, table.row_labels)
        chart = charts.line if len(names) > 1 else charts.heatmap
        self.chart.set_chart(lambda: chart(table))

    def _ask_export_table(self) -> None:
        with reported(self):
            path = ask_table_path(self, project_folder(self._project))
            if path:
                headers, rows = grid_contents(self.grid)
                write_table(path, headers, rows)

    def _ask_export_chart(self) -> None:
        with reported(self):
            self.chart.export(self, project_folder(self._project))
