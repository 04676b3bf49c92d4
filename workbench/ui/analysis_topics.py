"""The Topics view of the analysis panel: LDA with K topics and a seed, run as a background job;
each topic with its top words and share, and the topics' prevalence by period (table and chart).

A topic found can enter the framework: "New element from topic" makes the selected topic an
element (named after its top three words, one undo step), "Add words to keywords" puts its top
words in an existing element's keyword dictionary (for auto-code), and "Export dominant topics…"
writes each source's dominant topic and its share as a table."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton,
                               QSpinBox, QSplitter, QVBoxLayout, QWidget)

from ..analysis import topics
from ..analysis.tables import Table, no_column_label
from ..core import Project, WorkbenchError
from ..exporters import charts
from ..i18n import tr
from .analysis_common import (ChartBox, ask_table_path, fill_grid, grid_contents, job_failed,
                              make_grid, project_folder, write_table)
from .errors import reported
from .jobs import Job, run_job


class ElementChooser(QComboBox):
    """The elements by path, refilled whenever it opens (the framework may have changed)."""

    def __init__(self, view: "TopicsView") -> None:
        super().__init__()
        self._view = view

    def fill(self) -> None:
        chosen = self.currentData()
        self.clear()
        project = self._view._project
        if project is not None:
            for element in project.elements.list():
                self.addItem(element.path, element.id)
        index = self.findData(chosen)
        if index >= 0:
            self.setCurrentIndex(index)

    def showPopup(self) -> None:
        self.fill()
        super().showPopup()


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
        self.new_element_button = QPushButton(tr("New element from topic"))
        self.new_element_button.setToolTip(tr(
            "Make the selected topic an element named after its top three words, with its top "
            "words as definition and keywords (one undo step)."))
        self.element = ElementChooser(self)
        self.add_keywords_button = QPushButton(tr("Add words to keywords"))
        self.add_keywords_button.setToolTip(tr(
            "Add the selected topic's top words to the keyword dictionary of the element chosen "
            "beside it; auto-code can then propose codings from them."))
        self.export_dominant_button = QPushButton(tr("Export dominant topics…"))
        self.export_dominant_button.setToolTip(tr(
            "A table of every source with its date, its dominant topic and that topic's share."))
        self.write_dominant_button = QPushButton(tr("Write dominant topic to sources"))
        self.write_dominant_button.setToolTip(tr(
            "Give every source the attribute “dominant topic” (shown in its details; undoable)."))
        self.message = QLabel()
        self.message.setWordWrap(True)
        bar = QHBoxLayout()
        for text, widget in ((tr("Topics (K):"), self.k), (tr("Seed:"), self.seed)):
            bar.addWidget(QLabel(text))
            bar.addWidget(widget)
        bar.addWidget(self.run_button)
        bar.addWidget(self.coherence)
        bar.addStretch(1)
        bar.addWidget(self.export_table_button)
        bar.addWidget(self.export_chart_button)
        framework = QHBoxLayout()
        framework.addWidget(self.new_element_button)
        framework.addWidget(QLabel(tr("or map it onto:")))
        framework.addWidget(self.element, 1)
        framework.addWidget(self.add_keywords_button)
        framework.addStretch(1)
        framework.addWidget(self.write_dominant_button)
        framework.addWidget(self.export_dominant_button)
        self.grid = make_grid()
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
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
        layout.addLayout(framework)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self.new_element_button.clicked.connect(self.new_element)
        self.add_keywords_button.clicked.connect(self.add_keywords)
        self.export_dominant_button.clicked.connect(self._ask_export_dominant)
        self.write_dominant_button.clicked.connect(self.write_dominant)
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
        self.message.clear()
        self.element.fill()
        self.run_button.setEnabled(project is not None)
        self._update_buttons()

    def reload(self) -> None:
        """Nothing is recomputed by itself: a topic model is run on request only."""

    def run(self) -> None:
        project = self._project
        if project is None or (self.job is not None and self.job.is_running()):
            return
        k, seed = self.k.value(), self.seed.value()
        self.job = run_job(self, tr("Finding topics"),
                           lambda progress: topics.lda(project, k, seed=seed,
                                                       progress=progress),
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
        self.grid.selectRow(0)
        self.element.fill()
        self._update_buttons()

    # ----- topics into the framework -------------------------------------------------------
    def selected_topic(self) -> int | None:
        """Index of the topic selected in the table (the first when none is)."""
        if self.model is None or not self.model.topics:
            return None
        rows = sorted({i.row() for i in self.grid.selectedIndexes()}) or [self.grid.currentRow()]
        item = self.grid.item(rows[0], 0) if rows[0] >= 0 else None
        try:
            index = int(item.text()) - 1 if item is not None else 0  # column 0: topic number
        except ValueError:
            index = 0
        return index if 0 <= index < len(self.model.topics) else 0

    def new_element(self) -> None:
        index = self.selected_topic()
        if self._project is None or index is None:
            return
        with reported(self):
            element = topics.to_element(self._project, self.model, index)
            self.element.fill()
            self.message.setText(tr("Topic {n} is now the element “{element}” (one undo step).",
                                    n=index + 1, element=element.name))

    def add_keywords(self) -> None:
        index = self.selected_topic()
        if self._project is None or index is None:
            return
        with reported(self):
            element_id = self.element.currentData()
            if element_id is None:
                raise WorkbenchError(tr("Choose the element whose keywords the topic's words "
                                        "should join."))
            added = topics.to_keywords(self._project, self.model, index, element_id)
            self.message.setText(tr("{count} words of topic {n} added to the keywords of "
                                    "“{element}”.", count=len(added), n=index + 1,
                                    element=self.element.currentText()))

    def write_dominant(self) -> None:
        if self._project is None or self.model is None:
            return
        with reported(self):
            count = topics.write_dominant_topic_attribute(self._project, self.model,
                                                          tr("dominant topic"))
            self.message.setText(tr("{count} sources got their dominant topic as an attribute.",
                                    count=count))

    def _ask_export_dominant(self) -> None:
        if self._project is None or self.model is None:
            return
        with reported(self):
            path = ask_table_path(self, project_folder(self._project))
            if path:
                headers, rows = topics.dominant_topic_rows(self._project, self.model)
                write_table(path, headers, rows)

    def _update_buttons(self) -> None:
        has = self.model is not None and self._project is not None
        for button in (self.new_element_button, self.add_keywords_button,
                       self.export_dominant_button, self.write_dominant_button):
            button.setEnabled(has)

    def _ask_export_table(self) -> None:
        with reported(self):
            path = ask_table_path(self, project_folder(self._project))
            if path:
                headers, rows = grid_contents(self.grid)
                write_table(path, headers, rows)

    def _ask_export_chart(self) -> None:
        with reported(self):
            self.chart.export(self, project_folder(self._project))
