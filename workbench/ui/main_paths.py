"""The path-diagram side of the window: the diagram tab, the interactions panel and its dialogs,
periods, and the menu actions for them (a mixin of ``MainWindow``)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import WorkbenchError
from ..i18n import tr
from . import codebook_actions, team_actions

if TYPE_CHECKING:
    from .interaction_dialog import InteractionDialog
    from .main_window import MainWindow

DOCUMENT_TAB, DIAGRAM_TAB, ANALYSIS_TAB = 0, 1, 2


class PathsWiring:
    def show_document(self: "MainWindow") -> None:
        self.central_tabs.setCurrentIndex(DOCUMENT_TAB)

    def show_diagram(self: "MainWindow") -> None:
        self.central_tabs.setCurrentIndex(DIAGRAM_TAB)

    def show_analysis(self: "MainWindow") -> None:
        self.central_tabs.setCurrentIndex(ANALYSIS_TAB)

    def show_source_range(self: "MainWindow", source_id: int, start: int, end: int) -> None:
        """A search hit or an auto-code proposal: read it in its source, selected."""
        self.show_document()
        with self._reported():
            self.viewer.show_range(source_id, start, end)
        if source_id != self._last_source_id:
            self._last_source_id = source_id
            self._call_part(self.parts["sources"], "select_source", source_id)
            self._call_part(self.parts["source_form"], "show_source", source_id)

    def jump_to_coding_from_paths(self: "MainWindow", coding_id: int) -> None:
        """A quote clicked in the diagram or the interactions panel: read it in its source."""
        self.show_document()
        self.jump_to_coding(coding_id)

    def show_interaction(self: "MainWindow", interaction_id: int) -> None:
        """An arrow clicked in the diagram: select it in the interactions panel too."""
        self._call_part(self.parts["interactions"], "select_interaction", interaction_id)
        if self.central_tabs.currentIndex() != DIAGRAM_TAB:  # the diagram shows its evidence
            self.docks["interactions"].show()               # itself and keeps its room
        self.docks["interactions"].raise_()
        self._call_part(self.parts["memos"], "show_target", "interaction", interaction_id)

    def open_periods(self: "MainWindow") -> None:
        if self.project is not None:
            self.parts["interactions"].open_periods(self)

    def new_interaction(self: "MainWindow") -> None:
        if self.project is not None:
            self.parts["interactions"].open_dialog(None, self)

    def wire_interaction_dialog(self: "MainWindow", dialog: "InteractionDialog") -> None:
        """Evidence comes from the coded-segments list or from the text selected in the
        document while the (non-modal) dialog is open."""
        dialog.addSelectedRequested.connect(
            lambda: dialog.add_evidence(self.parts["segments"].current_coding_ids()))
        dialog.codeSelectionRequested.connect(
            lambda element_id: self._code_selection_as_evidence(dialog, element_id))

    def _code_selection_as_evidence(self: "MainWindow", dialog: "InteractionDialog",
                                    element_id: int) -> None:
        project, source_id = self.project, self.viewer.current_source_id()
        if project is None or source_id is None or not self.viewer.has_selection():
            self.statusBar().showMessage(tr("Select text or draw a region first"), 5000)
            return
        with self._reported():
            before = {c.id for c in project.codings.list(source_id=source_id,
                                                         element_id=element_id)}
            if not self.viewer.code_selection(element_id):
                return
            new = [c.id for c in project.codings.list(source_id=source_id, element_id=element_id)
                   if c.id not in before]
            if new:
                dialog.add_evidence(new)
            else:
                self.statusBar().showMessage(tr(
                    "That passage is coded to this element already: add it from the coded "
                    "segments list."), 8000)

    def export_diagram(self: "MainWindow", kind: str) -> None:
        """File → Export: the diagram as on screen ("figure"), stage by stage, or for Gephi."""
        if self.project is None:
            return
        panel = self.parts["diagram"]
        asks = {"figure": panel._ask_figure, "stages": panel._ask_stages,
                "graph": panel._ask_graph}
        with self._reported():
            asks[kind]()

    # ----- the codebook (codebook_actions does the work, each inside `reported`) ----------
    def open_codebook(self: "MainWindow") -> None:
        if self.project is not None:
            codebook_actions.open_codebook(self, self.project)

    def add_framework_from_template(self: "MainWindow") -> None:
        if self.project is not None:
            codebook_actions.add_framework_from_template(self, self.project)

    def save_framework_as_template(self: "MainWindow") -> None:
        if self.project is not None:
            codebook_actions.save_framework_as_template(self, self.project)

    def import_codebook(self: "MainWindow") -> None:
        if self.project is not None:
            codebook_actions.import_codebook(self, self.project)

    def export_codebook(self: "MainWindow") -> None:
        if self.project is not None:
            codebook_actions.export_codebook(self, self.project)

    def use_as_example(self: "MainWindow", coding_id: int) -> None:
        """A coded segment becomes its element's anchor example in the codebook."""
        if self.project is not None:
            codebook_actions.set_example_from_coding(self, self.project, coding_id)

    # ----- teams: other tools' files, co-coders' files, agreement --------------------------
    def import_qdpx_project(self: "MainWindow") -> None:
        """A REFI-QDA export of NVivo, ATLAS.ti, MAXQDA or QualCoder becomes a new project."""
        path = team_actions.import_qdpx_project(self)
        if path is not None:
            self.open_project(path)

    def merge_project_files(self: "MainWindow") -> None:
        path = team_actions.merge_project_files(self)
        if path is not None:
            self.open_project(path)

    def show_agreement(self: "MainWindow") -> None:
        if self.project is None:
            return
        dialog = team_actions.show_agreement(self, self.project)
        if dialog is not None and dialog not in self._agreement_dialogs:
            self._agreement_dialogs.append(dialog)
            dialog.finished.connect(lambda _r, d=dialog: self._forget_agreement(d))

    def _forget_agreement(self: "MainWindow", dialog) -> None:
        if dialog in self._agreement_dialogs:
            self._agreement_dialogs.remove(dialog)

    def close_agreement_dialogs(self: "MainWindow") -> None:
        for dialog in list(self._agreement_dialogs):
            dialog.close()
        self._agreement_dialogs.clear()

    def reset_diagram_layout(self: "MainWindow") -> None:
        if self.project is None:
            return
        try:
            self.project.diagrams.forget()
        except WorkbenchError as exc:
            self.statusBar().showMessage(str(exc), 8000)
