"""The analysis panel: a window on ``workbench.analysis`` — Tables (frequency, co-occurrence, case
× element matrix, timeline, coverage), Retrieve (coded segments with filters), Search (KWIC),
Auto-code, Words (with the dictionary, keywords and a word cloud), Segmentation (preview and add
dictionary terms) and Topics — one tab each.

Part interface (docs/UI.md): ``set_project``, ``refresh(change)``; signals ``codingActivated(int)``
(show a coding in its source) and ``sourcePositionActivated(source_id, start, end)`` (show a search
hit or an auto-code proposal; code points). Tables are recomputed only when codings, elements, sources, cases or periods
changed, and only when their tab is on screen (lazily, when it is shown next).
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ..core import Change, Project
from ..i18n import tr
from .analysis_autocode import AutocodeView
from .analysis_policy import PolicyView
from .analysis_preview import PreviewView
from .analysis_retrieve import RetrieveView
from .analysis_search import SearchView
from .analysis_tables import TablesView
from .analysis_topics import TopicsView
from .analysis_words import WordsView
from .panel_models import touches

WATCHED = ("codings", "elements", "sources", "cases", "case_sources", "periods")
WHAT_EACH_SHOWS = {
    "tables": WATCHED,
    "retrieve": ("codings", "elements", "sources", "source_types", "cases", "case_sources",
                 "periods", "coders"),
    "search": ("sources",),
    "autocode": ("elements", "element_keywords"),
    "words": ("elements", "sources", "source_types", "dictionary_terms"),
    "preview": ("sources", "dictionary_terms"),
    "topics": (),
    "policy": WATCHED,
}


class AnalysisPanel(QWidget):
    codingActivated = Signal(int)
    sourcePositionActivated = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._reading_source: int | None = None
        self._follow_pending = False
        self.tables = TablesView()
        self.search = SearchView()
        self.autocode = AutocodeView()
        self.words = WordsView()
        self.topics = TopicsView()
        self.retrieve = RetrieveView()
        self.preview = PreviewView()
        self.policy = PolicyView()
        self.views = {"tables": self.tables, "retrieve": self.retrieve, "search": self.search,
                      "autocode": self.autocode, "words": self.words, "preview": self.preview,
                      "topics": self.topics, "policy": self.policy}
        self._stale: set[str] = set()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for key, label in (("tables", tr("Tables")), ("retrieve", tr("Retrieve")),
                           ("search", tr("Search")), ("autocode", tr("Auto-code")),
                           ("words", tr("Words")), ("preview", tr("Segmentation")),
                           ("topics", tr("Topic model")), ("policy", tr("Policy"))):
            self.tabs.addTab(self.views[key], label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.tables.codingActivated.connect(self.codingActivated)
        self.retrieve.codingActivated.connect(self.codingActivated)
        self.words.previewRequested.connect(self.preview_source)
        self.autocode.sourcePositionActivated.connect(self.sourcePositionActivated)
        self.search.sourcePositionActivated.connect(self.sourcePositionActivated)
        self.tabs.currentChanged.connect(lambda _index: self._bring_up_to_date())
        self.tabs.currentChanged.connect(lambda _index: self._follow_reading_source())
        self.set_project(None)

    # ----- part interface ----------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project = project
        self._reading_source, self._follow_pending = None, False
        for key, view in self.views.items():
            if key in ("tables", "policy"):
                view.set_project(project, load=False)  # computed when first shown
                self._stale.add(key)
            else:
                view.set_project(project)
        self.setEnabled(project is not None)
        self._bring_up_to_date()

    def refresh(self, change: Change | None) -> None:
        if change is None:
            self._stale.update(self.views)
        else:
            self._stale.update(key for key, tables in WHAT_EACH_SHOWS.items()
                               if tables and touches(change, *tables))
        self._bring_up_to_date()

    def show_tab(self, key: str) -> None:
        """Bring one view to the front: "tables", "retrieve", "search", "autocode", "words",
        "preview", "topics"."""
        self.tabs.setCurrentWidget(self.views[key])

    def preview_source(self, source_id: int | None) -> None:
        """Show the Segmentation tab with the first paragraph of ``source_id`` (the Words view's
        "Segmentation preview…"); None: the source being read in the window."""
        self.show_tab("preview")
        self.preview.set_source(source_id if source_id is not None else self._reading_source)

    def set_reading_source(self, source_id: int) -> None:
        """The window shows ``source_id`` in its reader; the segmentation preview follows it,
        when its tab comes to the front (reading a long source's first paragraph for a tab no one
        looks at cost every opening of a source)."""
        self._reading_source = source_id
        self._follow_pending = self.current_view() != "preview"
        if not self._follow_pending:
            self.preview.follow_source(source_id)

    def _follow_reading_source(self) -> None:
        if self._follow_pending and self._reading_source is not None and \
                self.current_view() == "preview":
            self._follow_pending = False
            self.preview.follow_source(self._reading_source)

    def current_view(self) -> str:
        widget = self.tabs.currentWidget()
        return next(key for key, view in self.views.items() if view is widget)

    # ----- laziness ------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._bring_up_to_date()

    def _bring_up_to_date(self) -> None:
        """Reload the view on screen if what it shows has changed since it last loaded."""
        if not self.isVisible():
            return
        key = self.current_view()
        if key in self._stale:
            self._stale.discard(key)
            self.views[key].reload()
