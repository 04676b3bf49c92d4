"""The cases panel: cases (a city, a province, a programme) × their attributes, edited in place,
filled from a spreadsheet, and given sources by dragging them from the sources table."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHeaderView, QInputDialog,
                               QMenu, QMessageBox, QTableView, QToolBar, QVBoxLayout, QWidget)

from ..core import Case, Change, Project
from ..i18n import tr
from .errors import reported, show_error
from .panel_models import compact_rows, touches
from .panel_sheet import FillResult, fill_cases, read_sheet, summary
from .panel_tables import CasesTableModel
from .panel_widgets import AttributeDialog


class CasesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.model = CasesTableModel(self)
        # Queued: the core's refresh resets the model, which must not happen while the cell
        # editor is still handing over its text (commitData) or inside the view's dropEvent.
        queued = Qt.ConnectionType.QueuedConnection
        self.model.editRequested.connect(self._commit, queued)
        self.model.sourcesDropped.connect(self.assign_sources, queued)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setAcceptDrops(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.view.setDragDropOverwriteMode(True)  # a drop lands on a row, never between rows
        self.view.setDropIndicatorShown(True)
        self.view.verticalHeader().hide()
        compact_rows(self.view)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.actions_: dict[str, QAction] = {}
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for key, text, slot in (("add", "Add case", self.add_case),
                                ("rename", "Rename", self.rename_selected),
                                ("delete", "Delete case…", self.delete_selected),
                                ("attribute", "Add attribute…", self.add_attribute),
                                ("fill", "Fill from sheet…", self.choose_sheet)):
            self.actions_[key] = toolbar.addAction(tr(text), slot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addWidget(self.view)

    # ----- the part interface --------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.refresh(None)

    def refresh(self, change: Change | None) -> None:
        if not touches(change, "cases", "case_attributes", "case_values", "case_sources"):
            return
        current = self.view.currentIndex()
        case_id = self.model.case_at(current.row()).id if current.isValid() else None
        if self._project is None:
            self.model.set_cases([], [])
        else:
            self.model.set_cases(self._project.cases.list(), self._project.cases.attributes())
        writable = self._project is not None and not self._project.read_only
        for action in self.actions_.values():
            action.setEnabled(writable)
        for row in range(self.model.rowCount()):
            if self.model.case_at(row).id == case_id:
                self.view.setCurrentIndex(self.model.index(row, max(current.column(), 0)))

    def selected_case(self) -> Case | None:
        index = self.view.currentIndex()
        return self.model.case_at(index.row()) if index.isValid() else None

    # ----- editing -------------------------------------------------------------------------
    def _commit(self, case_id: int, key: str, text: str) -> None:
        """Carry out one cell edit; a refused value keeps the old one and says why."""
        if self._project is None:
            return
        with reported(self):
            if key == "name":
                self._project.cases.update(case_id, name=text)
            elif key == "description":
                self._project.cases.update(case_id, description=text)
            else:
                self._project.cases.set_value(case_id, key, text)

    def add_case(self) -> None:
        if self._project is None:
            return
        name, ok = QInputDialog.getText(self, tr("Add case"), tr("Name of the new case:"))
        name = name.strip()
        if not ok or not name:
            return
        if any(c.name == name for c in self._project.cases.list()):
            show_error(self, tr("There is already a case called “{name}”.", name=name))
            return
        with reported(self):
            self._project.cases.add(name)

    def rename_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.setCurrentIndex(index.siblingAtColumn(0))
            self.view.edit(index.siblingAtColumn(0))

    def delete_selected(self) -> None:
        case = self.selected_case()
        if case is None or self._project is None:
            return
        question = tr("Delete the case “{name}”? Its sources stay in the project.",
                      name=case.name) + "\n" + tr("You can undo this (Ctrl+Z).")
        if QMessageBox.question(self, tr("Delete case"), question) \
                == QMessageBox.StandardButton.Yes:
            with reported(self):
                self._project.cases.delete(case.id)

    def add_attribute(self) -> None:
        if self._project is None:
            return
        dialog = AttributeDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, kind = dialog.values()
        with reported(self):
            self._project.cases.add_attribute(name, kind)

    def assign_sources(self, case_id: int, source_ids: list[int]) -> None:
        if self._project is None:
            return
        with reported(self), self._project.grouped("Assign source to case"):
            for source_id in source_ids:
                self._project.cases.add_source(case_id, source_id)

    # ----- filling from a sheet ------------------------------------------------------------
    def choose_sheet(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, tr("Fill cases from sheet"), "", tr("Sheets (*.csv *.xlsx)"))
        if path:
            self.fill_from_sheet(path)

    def fill_from_sheet(self, path: str | Path) -> FillResult | None:
        """Read the sheet, fill the cases (one undo step) and report what was refused."""
        if self._project is None:
            return None
        try:
            rows = read_sheet(path)
        except Exception as exc:  # unreadable file: OSError, bad zip, broken XLSX, bad bytes
            show_error(self, tr("The sheet {name} cannot be read ({reason}).",
                                name=Path(path).name, reason=exc.__class__.__name__))
            return None
        result: FillResult | None = None
        with reported(self):
            result = fill_cases(self._project, rows)
        if result is not None:
            box = QMessageBox.warning if result.refused else QMessageBox.information
            box(self, tr("Fill cases from sheet"), summary(result))
        return result

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for action in self.actions_.values():
            menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(position))
