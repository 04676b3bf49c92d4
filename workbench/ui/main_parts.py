"""How the window's parts talk to each other (docs/UI.md) and how they are rebuilt.

A mixin of ``MainWindow``: signal wiring, the calls each signal turns into, saving what is being
typed before the project changes hands, re-translating (parts without a ``retranslate`` method are
recreated in place), and files dropped on the window.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from ..core import Rect, WorkbenchError
from ..core.project import PROJECT_SUFFIX
from ..core.provenance import check_codable
from ..i18n import tr
from .cases_panel import CasesPanel
from .analysis_panel import AnalysisPanel
from .diagram_panel import DiagramPanel
from .element_form import ElementForm
from .framework_panel import FrameworkPanel
from .interactions_panel import InteractionsPanel
from .memos_panel import MemosPanel
from .outline_panel import OutlinePanel
from .segments_panel import SegmentsPanel
from .source_form import SourceForm
from .source_viewer import SourceViewer
from .sources_panel import SourcesPanel

try:  # the forms' and memos' "save when typing pauses" helper (flushed before closing)
    from .panel_widgets import IdleSaver as _IdleSaver
except ImportError:  # pragma: no cover
    _IdleSaver = None

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger("workbench.ui")

IN_VIVO_MAX = 40  # characters of the selected text that name an in-vivo element

PART_CLASSES = {
    "viewer": SourceViewer, "sources": SourcesPanel, "framework": FrameworkPanel,
    "segments": SegmentsPanel, "element_form": ElementForm, "source_form": SourceForm,
    "cases": CasesPanel, "memos": MemosPanel, "interactions": InteractionsPanel,
    "diagram": DiagramPanel, "analysis": AnalysisPanel, "outline": OutlinePanel,
}
CENTRAL_PARTS = ("viewer", "diagram", "analysis")  # tabs in the middle of the window; the rest are docks


class _NothingCoded(Exception):
    """Raised inside the in-vivo operation to roll the new element back."""


class PartsWiring:
    """Wiring of the parts (mixed into MainWindow)."""

    def _connect_part(self: "MainWindow", name: str, part: QWidget) -> None:
        """Wire one part's signals (again after it was recreated)."""
        if name == "sources":
            part.sourceActivated.connect(self.activate_source)
            part.recogniseTextRequested.connect(self.recognise_texts)
            part.reextractRequested.connect(self.reextract_texts)
            part.recognisePagesRequested.connect(self.recognise_pdf_pages)
        elif name == "source_form":
            part.reextractRequested.connect(self.reextract_texts)
        elif name == "framework":
            part.elementSelected.connect(self.select_element)
            part.elementActivated.connect(self.code_selection_to)
            part.selectionDropped.connect(self.code_dropped_selection)
            part.quickElementsChanged.connect(self._quick_elements_changed)
        elif name == "segments":
            part.codingActivated.connect(self.jump_to_coding)
            part.exampleRequested.connect(self.use_as_example)
        elif name == "viewer":
            part.codingActivated.connect(self._viewer_coding_activated)
            part.inVivoRequested.connect(self.code_in_vivo)
            part.recogniseTextRequested.connect(self.recognise_texts)
            part.hint.connect(lambda text: self.statusBar().showMessage(text, 6000))
            part.guideRequested.connect(lambda: self.menus["guide"].trigger())
        elif name == "interactions":
            part.codingActivated.connect(self.jump_to_coding_from_paths)
            part.dialogOpened.connect(self.wire_interaction_dialog)
            part.interactionSelected.connect(
                lambda i: self._call_part(self.parts["memos"], "show_target", "interaction", i))
        elif name == "analysis":
            part.codingActivated.connect(self.jump_to_coding_from_paths)
            part.sourcePositionActivated.connect(self.show_source_range)
        elif name == "outline":
            part.rangeActivated.connect(self.show_source_range)
        elif name == "diagram":
            part.codingActivated.connect(self.jump_to_coding_from_paths)
            part.interactionActivated.connect(self.show_interaction)
            part.periodChanged.connect(  # the interactions list follows the diagram's period
                lambda name: self._call_part(self.parts["interactions"], "set_period", name))

    def flush_edits(self: "MainWindow") -> None:
        """Save what is being typed in a form or memo now (it would be saved when typing
        pauses): before the project is closed or switched, the parts are rebuilt, an undo, or a
        job that makes the project the worker's."""
        if self.project is None or self.project.read_only:
            return
        for part in self.parts.values():
            if callable(getattr(part, "flush", None)):
                self._call_part(part, "flush")
        if _IdleSaver is not None:
            for part in self.parts.values():
                for saver in part.findChildren(_IdleSaver):
                    self._call_part(saver, "flush")

    def _dock_shown(self: "MainWindow", name: str, shown: bool) -> None:
        """A dock came to the front or went behind another's tab (or was opened or closed): a
        part that reads only while in front hears of it (``set_in_front``)."""
        part = self.parts.get(name)
        if part is not None and callable(getattr(part, "set_in_front", None)):
            self._call_part(part, "set_in_front", shown)

    @staticmethod
    def _call_part(part: QWidget, method: str, *args) -> None:
        # One part failing to refresh must not leave the others (or the window) stale.
        try:
            getattr(part, method)(*args)
        except WorkbenchError as exc:
            log.warning("%s.%s: %s", type(part).__name__, method, exc)
        except Exception:
            log.exception("%s.%s failed", type(part).__name__, method)

    # ----- parts talking to each other ---------------------------------------------------
    def activate_source(self: "MainWindow", source_id: int) -> None:
        self._last_source_id = source_id
        self._segments_target = ("source", source_id)
        with self._reported():
            self.viewer.show_source(source_id)
        self._call_part(self.parts["source_form"], "show_source", source_id)
        self._call_part(self.parts["segments"], "show_source", source_id)
        self._call_part(self.parts["outline"], "show_source", source_id)
        self._call_part(self.parts["memos"], "show_target", "source", source_id)
        self._call_part(self.parts["analysis"], "set_reading_source", source_id)
        self.forms.setCurrentWidget(self.parts["source_form"])

    def select_element(self: "MainWindow", element_id: int) -> None:
        self._last_element_id = element_id
        self._segments_target = ("element", element_id)
        self._call_part(self.parts["element_form"], "show_element", element_id)
        self._call_part(self.parts["segments"], "show_element", element_id)
        self._call_part(self.parts["memos"], "show_target", "element", element_id)
        self.forms.setCurrentWidget(self.parts["element_form"])

    def jump_to_coding(self: "MainWindow", coding_id: int) -> None:
        """Show a coding in the viewer; the sources table and source form follow quietly (the
        segments list and the element form stay as they are: the user is browsing them)."""
        if self.project is None:
            return
        with self._reported():
            source_id = self.project.codings.get(coding_id).source_id
            self.viewer.jump_to_coding(coding_id)
            if source_id != self._last_source_id:
                self._last_source_id = source_id
                self._call_part(self.parts["sources"], "select_source", source_id)
                self._call_part(self.parts["source_form"], "show_source", source_id)
            self._call_part(self.parts["memos"], "show_target", "coding", coding_id)

    def _viewer_coding_activated(self: "MainWindow", coding_id: int) -> None:
        if self.project is None:
            return
        try:
            coding = self.project.codings.get(coding_id)
        except WorkbenchError:
            return
        self.statusBar().showMessage(tr("Coded to “{element}” by {coder}",
                                        element=coding.element_name, coder=coding.coder), 5000)

    def _quick_elements_changed(self: "MainWindow", ids: list) -> None:
        self._call_part(self.viewer, "set_quick_elements", list(ids))

    # ----- coding requested by the parts ---------------------------------------------------
    def code_selection_to(self: "MainWindow", element_id: int) -> None:
        """An element was double-clicked: code the viewer's selection to it."""
        if self.project is None:
            return
        with self._reported():
            if not self.viewer.code_selection(element_id):
                self.statusBar().showMessage(tr("Select text or draw a region first"), 5000)

    def code_dropped_selection(self: "MainWindow", element_id: int, payload: dict) -> None:
        """A selection dragged from the viewer was dropped on an element."""
        if self.project is None:
            return
        with self._reported():
            source_id = int(payload["source_id"])
            check_codable(self.project, element_id)  # a folder of an imported codebook
            codings = self.project.codings
            if payload.get("rect") is not None:
                x, y, width, height = (int(round(float(v))) for v in payload["rect"])
                page = payload.get("page")  # a region of a PDF's page (points)
                codings.code_region(source_id, Rect(x, y, width, height), element_id,
                                    page=int(page) if page is not None else None)
            else:
                codings.code_text(source_id, int(payload["start"]), int(payload["end"]),
                                  element_id)

    def code_in_vivo(self: "MainWindow", text: str) -> None:
        """Make an element named by the selected words and code the selection to it."""
        project = self.project
        if project is None:
            return
        # "/" separates levels of an element path, so a quote containing it gets the full-width slash
        name = " ".join(str(text).split())[:IN_VIVO_MAX].strip().replace("/", "／")
        if not name or not self.viewer.has_selection():
            self.statusBar().showMessage(tr("Select text or draw a region first"), 5000)
            return
        element_id = None
        with self._reported():
            try:
                # One undo step for "new element + its first coding"; an exception rolls both back.
                with project.grouped("In-vivo coding"):
                    existing = [e for e in project.elements.list()
                                if e.parent_id is None and e.name == name]
                    element = existing[0] if existing else project.elements.add(name)
                    if not self.viewer.code_selection(element.id):
                        raise _NothingCoded
                element_id = element.id
            except _NothingCoded:
                self.statusBar().showMessage(tr("Select text or draw a region first"), 5000)
        if element_id is not None:
            self._call_part(self.parts["framework"], "select_element", element_id)
            self.statusBar().showMessage(tr("Coded in vivo to “{name}”", name=name), 5000)

    # ----- language ----------------------------------------------------------------------
    def retranslate_parts(self: "MainWindow") -> None:
        """Parts with a ``retranslate`` method redo their texts; the others are rebuilt."""
        self.flush_edits()
        target, source_id = self._segments_target, self._last_source_id
        for name in list(self.parts):
            part = self.parts[name]
            method = getattr(part, "retranslate", None) or getattr(part, "retranslate_ui", None)
            if callable(method):
                self._call_part(part, method.__name__)
            else:
                self._recreate_part(name)
        self._last_source_id = source_id
        if source_id is not None:
            self._call_part(self.parts["source_form"], "show_source", source_id)
        if self._last_element_id is not None:
            self._call_part(self.parts["element_form"], "show_element", self._last_element_id)
        if target is not None:
            self._segments_target = target
            self._call_part(self.parts["segments"], f"show_{target[0]}", target[1])

    def _recreate_part(self: "MainWindow", name: str) -> None:
        old = self.parts[name]
        source_id = self.viewer.current_source_id() if name == "viewer" else None
        element_id = (self.parts["framework"].selected_element_id() if name == "framework"
                      else None)
        new = PART_CLASSES[name]()
        new.setObjectName(name)
        self.parts[name] = new
        if name in CENTRAL_PARTS:
            index = self.central_tabs.indexOf(old)
            current = self.central_tabs.currentIndex()
            self.central_tabs.removeTab(index)
            self._ignore_width_hint(new)
            self.central_tabs.insertTab(index, new, self.central_tabs_titles()[name])
            self.central_tabs.setCurrentIndex(current)
        elif name in ("element_form", "source_form"):
            index = self.forms.indexOf(old)
            current = self.forms.currentIndex() == index
            self.forms.removeWidget(old)
            self.forms.insertWidget(index, new)
            if current:
                self.forms.setCurrentIndex(index)
        else:
            self.docks[name].setWidget(new)
        old.hide()
        old.setParent(None)
        old.deleteLater()
        self._connect_part(name, new)
        if self.project is not None:
            self._call_part(new, "set_project", self.project)
        if name == "viewer":
            self._quick_elements_changed(self.parts["framework"].quick_elements())
            if source_id is not None:
                self._call_part(new, "show_source", source_id)
        if name == "framework" and element_id is not None:
            self._call_part(new, "select_element", element_id)

    # ----- files dropped on the window ---------------------------------------------------
    @staticmethod
    def dropped_paths(event) -> list[str]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    @staticmethod
    def dropped_project(paths: list[str]) -> str | None:
        """A single project file dropped on the window is opened, not imported."""
        if len(paths) == 1 and paths[0].lower().endswith(PROJECT_SUFFIX):
            return paths[0]
        return None

    def dragEnterEvent(self: "MainWindow", event: QDragEnterEvent) -> None:
        paths = self.dropped_paths(event)
        if paths and (self.dropped_project(paths) or self.can_import(quiet=True)):
            event.acceptProposedAction()
        else:
            if self.dropped_paths(event):
                self.statusBar().showMessage(
                    tr("Open a project (not read-only) to import files into it."), 5000)
            event.ignore()

    def dragMoveEvent(self: "MainWindow", event) -> None:
        paths = self.dropped_paths(event)
        if paths and (self.dropped_project(paths) or self.can_import(quiet=True)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self: "MainWindow", event: QDropEvent) -> None:
        paths = self.dropped_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Return at once (the program the files came from waits for us), then open the
        # project or ask the import options (OCR, metadata sheet…) as the menu path does.
        project_file = self.dropped_project(paths)
        if project_file:
            QTimer.singleShot(0, lambda: self.open_project(project_file))
        else:
            QTimer.singleShot(0, lambda: self._import_dropped(paths))

    def _import_dropped(self: "MainWindow", paths: list[str]) -> None:
        options = self.ask_import_options(paths)
        if options is not None:
            self.import_paths(paths, options)
