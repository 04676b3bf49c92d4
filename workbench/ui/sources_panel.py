"""The sources panel: every document and image of the project in a sortable table, filtered by
type, case and words; rows are dragged onto cases and opened in the viewer. The context menu sets
type, case and date of all selected sources at once (one undo step) and asks the window to
recognise the text of selected images that have none (``recogniseTextRequested``)."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView,
                               QInputDialog, QLineEdit, QMenu, QMessageBox, QTableView,
                               QVBoxLayout, QWidget)

from ..core import Change, Project, Source
from ..i18n import tr
from .bulk_metadata import BulkMetadataDialog, apply_to_sources
from .errors import reported
from .panel_models import (SourcesFilterProxy, SourcesTableModel, added_codings, compact_rows,
                           touches)


class _SourcesView(QTableView):
    """A table that also reports Enter/Return on the current row (double-click's twin)."""

    enterPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


NARROW = 400  # pixels of table below which the type and cases columns step aside
VERY_NARROW = 280  # … and below which the count does too


class SourcesPanel(QWidget):
    sourceActivated = Signal(int)
    recogniseTextRequested = Signal(list)  # ids of images whose text should be recognised
    reextractRequested = Signal(list)  # ids of text sources to read again from their originals
    recognisePagesRequested = Signal(list)  # ids of PDFs whose pages without text to recognise

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._quiet = False  # True while we select rows ourselves (no sourceActivated then)
        self.model = SourcesTableModel(self)
        self.proxy = SourcesFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Filter by title, file name or URL"))
        self.search.setClearButtonEnabled(True)
        self.type_filter, self.case_filter = QComboBox(), QComboBox()
        self.type_filter.setToolTip(tr("Show sources of this type"))
        self.case_filter.setToolTip(tr("Show sources of this case"))
        for widget in (self.type_filter, self.case_filter):
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            widget.currentIndexChanged.connect(self._apply_filters)
        self.search.textChanged.connect(self._apply_filters)
        self.view = _SourcesView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.verticalHeader().hide()
        compact_rows(self.view)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):  # sized by _fit_columns: the title keeps its share
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        # Widths from the rows on screen: Qt's default measures 1,000 rows of every column,
        # which took 0.7 s of the first paint with 1,200 sources (benchmarks/bench_growth.py).
        header.setResizeContentsPrecision(0)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(self._activate)
        self.view.enterPressed.connect(self._activate)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged, self.proxy.rowsInserted):
            signal.connect(lambda *_: self._fit_columns())
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.type_filter)
        filters.addWidget(self.case_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.view)

    # ----- the part interface --------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Type, date, cases and count as wide as their visible contents, but the title keeps
        at least 40% of the table: in a narrow panel cases, then type, give way (their cells
        elide and show everything as a tooltip) and below NARROW pixels they step aside (the
        filters above the table still choose by them)."""
        header = self.view.horizontalHeader()
        room = self.view.viewport().width()
        if room <= 0:
            return
        narrow = room < NARROW
        for column in (1, 3):
            self.view.setColumnHidden(column, narrow)
        self.view.setColumnHidden(4, room < VERY_NARROW)  # the count is also in the details
        wanted = {c: max(self.view.sizeHintForColumn(c), header.sectionSizeHint(c))
                  for c in range(1, 5)}
        spare = int(room * 0.6) - wanted[2] - wanted[4]  # date and count stay whole
        for column in (3, 1):  # cases, then type, take what is left
            wanted[column] = max(min(wanted[column], spare), 40)
            spare -= wanted[column]
        for column, width in wanted.items():
            if not self.view.isColumnHidden(column) and header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.refresh(None)

    def refresh(self, change: Change | None) -> None:
        if not touches(change, "sources", "codings", "cases", "case_sources", "source_types"):
            return
        added = added_codings(change)
        if added is not None and self._recount(added):
            return
        selected = self._selected_ids()
        self._quiet = True
        try:
            self._fill_filters()
            self.model.set_sources(self._project.sources.list() if self._project else [])
            for source_id in selected:
                self._select_row(source_id, add=True)
        finally:
            self._quiet = False

    def _recount(self, added) -> bool:
        """Codings were added: each adds one to its source's count, written into that row in
        place, instead of listing every source (and the filters) again. False when a source
        is not listed (the whole list is read again)."""
        for source_id, more in Counter(c.source_id for c in added).items():
            row = self.model.row_of(source_id)
            if row is None:
                return False
            old = self.model.source_at(row)
            self.model.update_source(replace(old, coding_count=old.coding_count + more))
            if len(str(old.coding_count)) != len(str(old.coding_count + more)):
                self._fit_columns()  # the count column may need another width
        return True

    def selected_source_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.source_at(self.proxy.mapToSource(index).row()).id

    def select_source(self, source_id: int) -> None:
        """Show ``source_id`` as the selected row (no sourceActivated: the caller knows)."""
        self._quiet = True
        try:
            self.view.clearSelection()
            self._select_row(source_id, add=False)
        finally:
            self._quiet = False

    # ----- filters -------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        types = [t.name for t in self._project.sources.types()] if self._project else []
        cases = [c.name for c in self._project.cases.list()] if self._project else []
        self._refill(self.type_filter, tr("All types"), [(t, t) for t in types])
        self._refill(self.case_filter, tr("All cases"),
                     [(SourcesFilterProxy.NO_CASE, tr("In no case"))] + [(c, c) for c in cases])
        self._apply_filters()

    @staticmethod
    def _refill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        """Replace a filter's choices, keeping the one the user picked when it still exists."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value, label in items:
            combo.addItem(label, value)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def _apply_filters(self) -> None:
        self.proxy.set_filters(source_type=self.type_filter.currentData(),
                               case=self.case_filter.currentData(), words=self.search.text())

    # ----- selection and activation --------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self._activate(current)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sourceActivated.emit(self.model.source_at(self.proxy.mapToSource(index).row()).id)

    def _selected_ids(self) -> list[int]:
        rows = self.view.selectionModel().selectedRows()
        return [self.model.source_at(self.proxy.mapToSource(i).row()).id for i in rows]

    def _selected_sources(self) -> list[Source]:
        wanted = set(self._selected_ids())
        return [self.model.source_at(r) for r in range(self.model.rowCount())
                if self.model.source_at(r).id in wanted]

    def _select_row(self, source_id: int, *, add: bool) -> None:
        row = self.model.row_of(source_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return  # filtered out
        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.Select if add
            else QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    # ----- context menu --------------------------------------------------------------------
    def _context_menu(self, position: QPoint) -> None:
        menu = self.build_context_menu()
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(position))
            menu.deleteLater()

    def accept_policies(self, source_ids: list[int]) -> None:
        """The recognised 文号, agencies, dates and 效力级别 of several policy documents at once,
        as one undo step."""
        if self._project is None:
            return
        with reported(self), self._project.grouped("Accept policy document details"):
            for source_id in source_ids:
                self._project.sources.accept_policy(source_id)

    def build_context_menu(self) -> QMenu | None:
        """The right-click menu for the selected rows (None when nothing is selected)."""
        sources = self._selected_sources()
        if not sources or self._project is None:
            return None
        menu = QMenu(self)
        assign = menu.addMenu(tr("Assign to case"))
        for case in self._project.cases.list():
            assign.addAction(case.name, lambda name=case.name: self.assign_to_case(name))
        assign.addSeparator()
        assign.addAction(tr("New case…"), self._assign_to_new_case)
        in_cases = sorted({c for s in sources for c in s.cases})
        if in_cases:
            remove = menu.addMenu(tr("Remove from case"))
            for name in in_cases:
                remove.addAction(name, lambda name=name: self.remove_from_case(name))
        menu.addSeparator()
        menu.addAction(tr("Set type / case / date for selected…"), self.edit_selected_details)
        recognised = [s.id for s in sources if isinstance(s.metadata.get("policy"), dict)
                      and s.metadata["policy"] and not s.metadata["policy"].get("accepted")]
        if recognised and not self._project.read_only:
            menu.addAction(tr("Accept recognised policy details ({count})",
                              count=len(recognised)),
                           lambda: self.accept_policies(recognised))
        images = self.images_without_text()
        if images and not self._project.read_only:
            menu.addAction(tr("Recognise text (OCR)"),
                           lambda: self.recogniseTextRequested.emit(images))
        texts = [s.id for s in sources if s.kind == "text"]
        if texts and not self._project.read_only:
            menu.addAction(tr("Re-extract text from the original…"),
                           lambda: self.reextractRequested.emit(texts))
        scanned = [s.id for s in sources if s.media_type == "application/pdf"
                   and s.metadata.get("pages_without_text")]
        if scanned and not self._project.read_only:
            menu.addAction(tr("Recognise the text of pages without text (OCR)…"),
                           lambda: self.recognisePagesRequested.emit(scanned))
        menu.addSeparator()
        menu.addAction(tr("Delete source…"), self.delete_selected)
        return menu

    def images_without_text(self) -> list[int]:
        """Selected image sources with no recognised text yet."""
        return [s.id for s in self._selected_sources() if s.kind == "image" and not s.text_length]

    def edit_selected_details(self) -> None:
        """Set type, case and date of every selected source in one dialog, one undo step."""
        sources = self._selected_sources()
        if self._project is None or not sources:
            return
        dialog = BulkMetadataDialog(self._project, len(sources), self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.values():
                return
            values = dialog.values()
        finally:
            dialog.deleteLater()
        with reported(self):
            apply_to_sources(self._project, [s.id for s in sources], values)

    def assign_to_case(self, case_name: str) -> None:
        sources = self._selected_sources()
        if self._project is None or not sources:
            return
        with reported(self), self._project.grouped("Assign source to case"):
            for source in sources:
                self._project.cases.add_source(case_name, source.id)

    def remove_from_case(self, case_name: str) -> None:
        sources = [s for s in self._selected_sources() if case_name in s.cases]
        if self._project is None or not sources:
            return
        with reported(self), self._project.grouped("Remove source from case"):
            for source in sources:
                self._project.cases.remove_source(case_name, source.id)

    def _assign_to_new_case(self) -> None:
        name, ok = QInputDialog.getText(self, tr("New case"), tr("Name of the new case:"))
        if ok and name.strip():
            self.assign_to_case(name.strip())

    def delete_selected(self) -> None:
        sources = self._selected_sources()
        if self._project is None or not sources:
            return
        codings = sum(s.coding_count for s in sources)
        if len(sources) == 1:
            question = tr("Delete “{title}” and its {codings} codings from the project?",
                          title=sources[0].title, codings=codings)
        else:
            question = tr("Delete {count} sources and their {codings} codings from the project?",
                          count=len(sources), codings=codings)
        answer = QMessageBox.question(
            self, tr("Delete source"), question + "\n" + tr("You can undo this (Ctrl+Z)."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        with reported(self), self._project.grouped("Delete source"):
            for source in sources:
                self._project.sources.delete(source.id)
