"""The Words view of the analysis panel: word frequency of all sources, of one source type or of
one element's coded passages (a background job: segmenting many sources takes a while), shown as
a table and a bar chart; beside it the project's dictionary, whose terms segmentation keeps
whole."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QInputDialog, QLabel, QListWidget,
                               QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from ..analysis import words
from ..analysis.tables import Table
from ..core import Project
from ..exporters import charts
from ..i18n import tr
from .analysis_common import (ChartBox, ask_table_path, fill_grid, job_failed, make_grid,
                              project_folder, write_table)
from .errors import reported
from .jobs import Job, run_job


class DictionaryEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.list = QListWidget()
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.add_button = QPushButton(tr("Add…"))
        self.remove_button = QPushButton(tr("Remove"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("Dictionary (kept whole by segmentation)")))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._ask_add)
        self.remove_button.clicked.connect(self.remove_selected)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        if self._project is not None:
            self.list.addItems(self._project.dictionary.terms())
        self.setEnabled(self._project is not None)

    def add_terms(self, text: str) -> None:
        terms = [t for t in text.replace("，", "\n").replace(",", "\n").splitlines() if t.strip()]
        if self._project is None or not terms:
            return
        with reported(self):
            self._project.dictionary.add(*terms)
        self.reload()

    def _ask_add(self) -> None:
        text, ok = QInputDialog.getText(self, tr("Add dictionary terms"),
                                        tr("Terms (separated by commas):"))
        if ok:
            self.add_terms(text)

    def remove_selected(self) -> None:
        chosen = [item.text() for item in self.list.selectedItems()]
        if self._project is None or not chosen:
            return
        with reported(self):
            self._project.dictionary.remove(*chosen)
        self.reload()


class WordsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.job: Job | None = None
        self.result: list[words.WordCount] | None = None
        self.scope = QComboBox()
        self.top = QSpinBox()
        self.top.setRange(5, 1000)
        self.top.setValue(50)
        self.run_button = QPushButton(tr("Count words"))
        self.export_table_button = QPushButton(tr("Export table…"))
        self.export_chart_button = QPushButton(tr("Export chart…"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Words of:")))
        bar.addWidget(self.scope, 1)
        bar.addWidget(QLabel(tr("Top:")))
        bar.addWidget(self.top)
        bar.addWidget(self.run_button)
        bar.addStretch(1)
        bar.addWidget(self.export_table_button)
        bar.addWidget(self.export_chart_button)
        self.grid = make_grid()
        self.chart = ChartBox()
        self.dictionary = DictionaryEditor()
        results = QSplitter(Qt.Orientation.Horizontal)
        results.addWidget(self.grid)
        results.addWidget(self.chart)
        results.addWidget(self.dictionary)
        results.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(results, 1)
        self.run_button.clicked.connect(self.run)
        self.export_table_button.clicked.connect(self._ask_export_table)
        self.export_chart_button.clicked.connect(self._ask_export_chart)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.result = None
        fill_grid(self.grid, [], [])
        self.chart.set_chart(None)
        self.dictionary.set_project(project)
        self.reload()

    def reload(self) -> None:
        """Source types or elements changed: refill the choice of what to count."""
        chosen = self.scope.currentData()
        self.scope.clear()
        self.scope.addItem(tr("All sources"), ("all", None))
        if self._project is not None:
            for kind in self._project.sources.types():
                self.scope.addItem(tr("Sources of type “{name}”", name=kind.name),
                                   ("type", kind.name))
            for element in self._project.elements.list():
                self.scope.addItem(tr("Passages coded to “{name}”", name=element.path),
                                   ("element", element.id))
        index = self.scope.findData(chosen)
        self.scope.setCurrentIndex(max(0, index))
        self.dictionary.reload()
        self.run_button.setEnabled(self._project is not None)

    def run(self) -> None:
        """Count in a background job; the table and the chart are filled when it ends."""
        project = self._project
        if project is None or (self.job is not None and self.job.is_running()):
            return
        kind, value = self.scope.currentData() or ("all", None)
        source_ids = None
        if kind == "type":
            source_ids = [s.id for s in project.sources.list() if s.source_type == value]
        element_id = value if kind == "element" else None
        top = self.top.value()
        self.job = run_job(self, tr("Counting words"),
                           lambda progress: words.word_frequency(
                               project, source_ids=source_ids, element_id=element_id, top=top),
                           on_done=self._show, on_error=lambda e: job_failed(self, e))

    def _show(self, result: list[words.WordCount]) -> None:
        self.result = result
        fill_grid(self.grid, [tr("Word"), tr("Count"), tr("Sources")],
                  [[w.word, w.count, w.sources] for w in result])
        table = Table([w.word for w in result], [tr("Count")], [[w.count] for w in result],
                      [w.count for w in result])
        self.chart.set_chart((lambda: charts.bar(table)) if result else None)

    def _ask_export_table(self) -> None:
        with reported(self):
            path = ask_table_path(self, project_folder(self._project))
            if path:
                write_table(path, [tr("Word"), tr("Count"), tr("Sources")],
                            [[w.word, w.count, w.sources] for w in self.result or []])

    def _ask_export_chart(self) -> None:
        with reported(self):
            self.chart.export(self, project_folder(self._project))
