"""The codebook editor: every element of the framework in one table — definition, inclusion and
exclusion rules, anchor example, number of codings — edited in place (double-click a cell; each
edit is one undo step), with merge, split, and export/import of the whole codebook.

A part like the others (``set_project``, ``refresh``); the window shows it in a dialog or a dock
(see ``codebook_actions``)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHeaderView, QLabel, QMessageBox,
                               QTableView, QToolBar, QVBoxLayout, QWidget)

from ..core import Change, Element, Project
from ..i18n import tr
from . import codebook_actions
from .codebook_dialogs import MergeDialog, SplitDialog
from .codebook_model import COUNT_COLUMN, CodebookModel, MultiLineDelegate
from .errors import reported
from .panel_models import touches

# Starting widths; the four text columns share what is left of the view's width.
NAME_WIDTH = 190
TEXT_COLUMNS = (1, 2, 3, 4)


class CodebookView(QWidget):
    elementSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.model = CodebookModel(self)
        # Queued: saving refreshes (resets) the model, which must wait until the editor that
        # asked for the save has been closed by the view.
        self.model.editRequested.connect(self._save, Qt.ConnectionType.QueuedConnection)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(MultiLineDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setAlternatingRowColors(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, NAME_WIDTH)
        for column in TEXT_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COUNT_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.actions_ = self._make_actions()
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for key, action in self.actions_.items():
            if key == "export":
                toolbar.addSeparator()
            toolbar.addAction(action)
        self.hint = QLabel(tr("Double-click a cell to edit it (Ctrl+Enter saves, Esc cancels); "
                              "every edit can be undone."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addWidget(self.hint)
        layout.addWidget(self.view)
        self._update_actions()

    def _make_actions(self) -> dict[str, QAction]:
        specs = (("merge", "Merge into…", self.merge_selected,
                  "Merge the selected element into another one; nothing is lost"),
                 ("split", "Split…", self.split_selected,
                  "Move some codings of the selected element to another or a new element"),
                 ("export", "Export codebook…", self.export_codebook,
                  "Save the codebook as an Excel sheet, a CSV file or a REFI-QDA codebook"),
                 ("import", "Import codebook…", self.import_codebook,
                  "Add and update elements from a codebook file (.xlsx, .csv, .qdc)"))
        actions: dict[str, QAction] = {}
        for key, text, slot, tip in specs:
            actions[key] = QAction(tr(text), self)
            actions[key].setToolTip(tr(tip))
            actions[key].triggered.connect(slot)
        return actions

    # ----- the part interface --------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.refresh(None)

    def refresh(self, change: Change | None) -> None:
        if change is not None and not touches(change, "elements", "codings"):
            return
        selected = self.selected_element_id()
        column = max(self.view.currentIndex().column(), 0)
        scroll = self.view.verticalScrollBar().value()
        self.model.editable = self._project is not None and not self._project.read_only
        self.model.set_elements(self._project.elements.list() if self._project else [])
        if selected is not None:
            self.select_element(selected, column, scroll_to=False)
        self.view.verticalScrollBar().setValue(scroll)
        self._update_actions()

    def project(self) -> Project | None:
        return self._project

    def selected_element_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.element_at(index.row()).id if index.isValid() else None

    def select_element(self, element_id: int, column: int = 0, scroll_to: bool = True) -> None:
        row = self.model.row_of(element_id)
        if row is not None:
            index = self.model.index(row, column)
            self.view.setCurrentIndex(index)
            if scroll_to:
                self.view.scrollTo(index)

    # ----- actions -------------------------------------------------------------------------
    def merge_selected(self) -> None:
        element = self._selected()
        if element is None or self._project is None:
            return
        dialog = MergeDialog(element, self.model.elements(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.target_id() is None:
            return
        with reported(self):
            merged = self._project.elements.merge(element.id, int(dialog.target_id()))
            self.select_element(merged.id)

    def split_selected(self) -> None:
        element = self._selected()
        if element is None or self._project is None:
            return
        codings = self._project.codings.list(element_id=element.id)
        if not codings:
            QMessageBox.information(self, tr("Split element"), tr(
                "“{name}” has no codings to split off.", name=element.name))
            return
        dialog = SplitDialog(element, codings, self.model.elements(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.checked_ids():
            return
        target_id, name = dialog.target()
        if target_id is None and not name:
            return
        with reported(self):
            with self._project.grouped("Split element"):
                if target_id is None:
                    target_id = self._project.elements.add(name, parent_id=element.parent_id).id
                for coding_id in dialog.checked_ids():
                    self._project.codings.set_element(coding_id, target_id)
            self.select_element(target_id)

    def set_example_from_coding(self, coding_id: int) -> None:
        """Make the quote of a coding its element's anchor example (asks before replacing an
        example already there; may instead add the quote after it)."""
        if self._project is not None:
            element_id = codebook_actions.set_example_from_coding(self, self._project, coding_id)
            if element_id is not None:
                self.select_element(element_id, column=4)

    def export_codebook(self) -> None:
        if self._project is not None:
            codebook_actions.export_codebook(self, self._project)

    def import_codebook(self) -> None:
        if self._project is not None:
            codebook_actions.import_codebook(self, self._project)

    # ----- helpers -------------------------------------------------------------------------
    def _save(self, element_id: int, field: str, text: str) -> None:
        if self._project is not None:
            with reported(self):
                self._project.elements.update(element_id, **{field: text})

    def _selected(self) -> Element | None:
        index = self.view.currentIndex()
        return self.model.element_at(index.row()) if index.isValid() else None

    def _current_changed(self, current, _previous) -> None:
        self._update_actions()
        if current.isValid():
            self.elementSelected.emit(self.model.element_at(current.row()).id)

    def _update_actions(self) -> None:
        writable = self._project is not None and not self._project.read_only
        element = self._selected()
        self.actions_["merge"].setEnabled(writable and element is not None
                                          and self.model.rowCount() > 1)
        self.actions_["split"].setEnabled(writable and element is not None
                                          and element.coding_count > 0)
        self.actions_["export"].setEnabled(self._project is not None)
        self.actions_["import"].setEnabled(writable)
