"""The Words view of the analysis panel: word frequency of all sources, of one source type or of
one element's coded passages, or the keywords (TF-IDF / TextRank) of one source or one element
(background jobs: segmenting many sources takes a while), shown as a table and as a bar chart or a
word cloud (exportable as PNG); beside it the project's dictionary, whose terms segmentation keeps
whole. "Segmentation preview…" asks the panel to show how a source is split.

The word cloud uses the ``wordcloud`` package with the CJK font matplotlib found
(``exporters.fonts``); without the package it is drawn with matplotlib text placement."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QInputDialog, QLabel, QListWidget,
                               QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from ..analysis import words
from ..analysis.tables import Table
from ..core import Project
from ..exporters import charts, fonts
from ..i18n import tr
from .analysis_common import (ChartBox, ask_table_path, fill_grid, job_failed, make_grid,
                              project_folder, write_table)
from .analysis_stopwords import StopwordsEditor
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
    previewRequested = Signal(object)  # a source id, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.job: Job | None = None
        self.result: list[words.WordCount] | None = None
        self.keyword_result: list[tuple[str, float]] | None = None
        self.mode = QComboBox()
        self.mode.addItem(tr("Word frequency"), "frequency")
        self.mode.addItem(tr("Keywords"), "keywords")
        self.method = QComboBox()
        self.method.addItem(tr("TF-IDF"), "tfidf")
        self.method.addItem(tr("TextRank"), "textrank")
        self.scope = QComboBox()
        self.top = QSpinBox()
        self.top.setRange(5, 1000)
        self.top.setValue(50)
        self.chart_kind = QComboBox()
        self.chart_kind.addItem(tr("Bar chart"), "bar")
        self.chart_kind.addItem(tr("Word cloud"), "cloud")
        self.run_button = QPushButton(tr("Count words"))
        self.preview_button = QPushButton(tr("Segmentation preview…"))
        self.export_table_button = QPushButton(tr("Export table…"))
        self.export_chart_button = QPushButton(tr("Export chart…"))
        bar = QHBoxLayout()
        bar.addWidget(self.mode)
        bar.addWidget(self.method)
        bar.addWidget(QLabel(tr("Words of:")))
        bar.addWidget(self.scope, 1)
        bar.addWidget(QLabel(tr("Top:")))
        bar.addWidget(self.top)
        bar.addWidget(self.chart_kind)
        bar.addWidget(self.run_button)
        bar.addStretch(1)
        bar.addWidget(self.preview_button)
        bar.addWidget(self.export_table_button)
        bar.addWidget(self.export_chart_button)
        self.grid = make_grid()
        self.chart = ChartBox()
        self.dictionary = DictionaryEditor()
        self.stopwords = StopwordsEditor()
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.addWidget(self.dictionary)
        lists.addWidget(self.stopwords)
        results = QSplitter(Qt.Orientation.Horizontal)
        results.addWidget(self.grid)
        results.addWidget(self.chart)
        results.addWidget(lists)
        results.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(results, 1)
        self.run_button.clicked.connect(self.run)
        self.mode.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.chart_kind.currentIndexChanged.connect(lambda _i: self._draw_chart())
        self.preview_button.clicked.connect(
            lambda: self.previewRequested.emit(self._scope_source()))
        self.export_table_button.clicked.connect(self._ask_export_table)
        self.export_chart_button.clicked.connect(self._ask_export_chart)
        self.method.setVisible(False)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.result = None
        self.keyword_result = None
        fill_grid(self.grid, [], [])
        self.chart.set_chart(None)
        self.dictionary.set_project(project)
        self.stopwords.set_project(project)
        self.reload()

    def keywords_mode(self) -> bool:
        return self.mode.currentData() == "keywords"

    def set_mode(self, mode: str) -> None:
        """"frequency" or "keywords"."""
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))

    def _mode_changed(self) -> None:
        keywords = self.keywords_mode()
        self.method.setVisible(keywords)
        self.run_button.setText(tr("Find keywords") if keywords else tr("Count words"))
        if keywords and self.top.value() > 100:
            self.top.setValue(50)
        self.reload()

    def reload(self) -> None:
        """Sources, source types or elements changed: refill the choice of what to count."""
        chosen = self.scope.currentData()
        self.scope.clear()
        if not self.keywords_mode():
            self.scope.addItem(tr("All sources"), ("all", None))
        if self._project is not None:
            if self.keywords_mode():
                for source in self._project.sources.list():
                    if source.text_length:
                        self.scope.addItem(tr("Source “{name}”", name=source.title),
                                           ("source", source.id))
            else:
                for kind in self._project.sources.types():
                    self.scope.addItem(tr("Sources of type “{name}”", name=kind.name),
                                       ("type", kind.name))
            for element in self._project.elements.list():
                self.scope.addItem(tr("Passages coded to “{name}”", name=element.path),
                                   ("element", element.id))
        index = self.scope.findData(chosen)
        self.scope.setCurrentIndex(max(0, index))
        self.dictionary.reload()
        self.stopwords.reload()
        self.run_button.setEnabled(self._project is not None and self.scope.count() > 0)

    def set_scope(self, kind: str, value) -> None:
        self.scope.setCurrentIndex(max(0, self.scope.findData((kind, value))))

    def _scope_source(self) -> int | None:
        kind, value = self.scope.currentData() or ("all", None)
        return value if kind == "source" else None

    def run(self) -> None:
        """Count (or rank keywords) in a background job; the table and the chart are filled when
        it ends."""
        project = self._project
        if project is None or (self.job is not None and self.job.is_running()):
            return
        kind, value = self.scope.currentData() or ("all", None)
        top = self.top.value()
        if self.keywords_mode():
            method = self.method.currentData()
            source_id = value if kind == "source" else None
            element_id = value if kind == "element" else None
            if source_id is None and element_id is None:
                return
            self.job = run_job(self, tr("Finding keywords"),
                               lambda progress: words.keywords(
                                   project, source_id=source_id, element_id=element_id,
                                   method=method, top=top),
                               on_done=self._show_keywords,
                               on_error=lambda e: job_failed(self, e))
            return
        source_ids = None
        if kind == "type":
            source_ids = [s.id for s in project.sources.list() if s.source_type == value]
        element_id = value if kind == "element" else None
        self.job = run_job(self, tr("Counting words"),
                           lambda progress: words.word_frequency(
                               project, source_ids=source_ids, element_id=element_id, top=top,
                               progress=progress),
                           on_done=self._show, on_error=lambda e: job_failed(self, e))

    def _show(self, result: list[words.WordCount]) -> None:
        self.result = result
        self.keyword_result = None
        fill_grid(self.grid, [tr("Word"), tr("Count"), tr("Sources")],
                  [[w.word, w.count, w.sources] for w in result])
        self._draw_chart()

    def _show_keywords(self, result: list[tuple[str, float]]) -> None:
        self.keyword_result = result
        self.result = None
        fill_grid(self.grid, [tr("Word"), tr("Weight")], [[w, weight] for w, weight in result])
        self._draw_chart()

    def weights(self) -> dict[str, float]:
        """What the chart shows: word → count (frequency) or weight (keywords)."""
        if self.keyword_result is not None:
            return {w: float(weight) for w, weight in self.keyword_result}
        return {w.word: float(w.count) for w in self.result or []}

    def _draw_chart(self) -> None:
        weights = self.weights()
        if not weights:
            self.chart.set_chart(None)
            return
        if self.chart_kind.currentData() == "cloud":
            self.chart.set_chart(lambda: word_cloud(weights))
            return
        label = tr("Weight") if self.keyword_result is not None else tr("Count")
        table = Table(list(weights), [label], [[v] for v in weights.values()],
                      list(weights.values()))
        self.chart.set_chart(lambda: charts.bar(table))

    def _ask_export_table(self) -> None:
        with reported(self):
            path = ask_table_path(self, project_folder(self._project))
            if not path:
                return
            if self.keyword_result is not None:
                write_table(path, [tr("Word"), tr("Weight")],
                            [[w, weight] for w, weight in self.keyword_result])
            else:
                write_table(path, [tr("Word"), tr("Count"), tr("Sources")],
                            [[w.word, w.count, w.sources] for w in self.result or []])

    def _ask_export_chart(self) -> None:
        with reported(self):
            self.chart.export(self, project_folder(self._project))


# ----- the word cloud ----------------------------------------------------------------------------
def cjk_font_path() -> str | None:
    """The file of the CJK font matplotlib uses for figures (``exporters.fonts``), or None."""
    from matplotlib import font_manager

    name = fonts.cjk_font_name()
    if not name:
        return None
    try:
        return font_manager.findfont(font_manager.FontProperties(family=name),
                                     fallback_to_default=False)
    except (ValueError, RuntimeError):
        return None


def word_cloud(weights: dict[str, float], *, width: int = 1200, height: int = 700):
    """A matplotlib Figure of a word cloud of ``weights`` (word → count or weight): drawn by the
    ``wordcloud`` package when it is installed, else by simple text placement."""
    from matplotlib.figure import Figure

    weights = {w: v for w, v in weights.items() if v > 0 and w.strip()}
    figure = Figure(figsize=(width / 100, height / 100), dpi=100)
    ax = figure.add_subplot()
    ax.set_axis_off()
    if not weights:
        return figure
    try:
        from wordcloud import WordCloud
    except ImportError:
        WordCloud = None
    if WordCloud is not None:
        cloud = WordCloud(font_path=cjk_font_path(), width=width, height=height,
                          background_color="white", prefer_horizontal=1.0, random_state=7,
                          collocations=False, max_words=len(weights))
        cloud.generate_from_frequencies(weights)
        ax.imshow(cloud.to_array(), interpolation="bilinear")
        return figure
    _place_words(ax, weights)
    return figure


def _place_words(ax, weights: dict[str, float]) -> None:
    """The fallback cloud: words largest first, in centred rows, sized by weight."""
    ordered = sorted(weights.items(), key=lambda kv: -kv[1])[:80]
    top = ordered[0][1]
    colors = ("#1f4e79", "#2e75b6", "#c55a11", "#548235", "#7030a0", "#bf9000")
    rows: list[list[tuple[str, float]]] = [[]]
    used = 0.0
    for word, value in ordered:
        size = 10 + 38 * (value / top) ** 0.6
        span = sum(2 if ord(ch) > 0x2E80 else 1.1 for ch in word) * size / 2 / 700
        if rows[-1] and used + span > 0.95:
            rows.append([])
            used = 0.0
        rows[-1].append((word, size))
        used += span + 0.02
    y, step = 0.95, 0.9 / max(1, len(rows))
    for r, row in enumerate(rows):
        spans = [sum(2 if ord(ch) > 0x2E80 else 1.1 for ch in w) * s / 2 / 700 for w, s in row]
        x = 0.5 - (sum(spans) + 0.02 * (len(row) - 1)) / 2
        for (word, size), span in zip(row, spans):
            ax.text(x + span / 2, y - step / 2, word, ha="center", va="center",
                    fontproperties=fonts.font_properties(size),
                    color=colors[(r + len(word)) % len(colors)])
            x += span + 0.02
        y -= step
