"""The interactions panel: how the framework's elements act on each other, period by period, with
the quotes that prove it. Rows without evidence stand out: a claim the thesis cannot yet back."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QSplitter, QTableView, QToolBar, QVBoxLayout,
                               QWidget)

from ..core import Change, Interaction, Project
from ..i18n import tr
from .errors import reported
from .interaction_dialog import InteractionDialog
from .interaction_models import (EvidenceTable, InteractionsModel, load_codings,
                                 no_evidence_text, sign_text)
from .panel_models import SORT_ROLE, added_codings, compact_rows, swatch_icon, touches
from .periods_dialog import PeriodsDialog

UNDATED = "undated"  # the period filter's value for interactions in no period
SHOWN_TABLES = ("interactions", "interaction_evidence", "interaction_types", "elements",
                "periods", "codings", "sources")


class InteractionsPanel(QWidget):
    codingActivated = Signal(int)
    interactionSelected = Signal(int)
    editRequested = Signal(object)   # an interaction id, or None for a new one
    periodsRequested = Signal()
    dialogOpened = Signal(object)    # an InteractionDialog: the main window wires its evidence

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.opens_dialogs = True  # False: the main window answers the *Requested signals
        self._dialogs: list[InteractionDialog] = []
        self._periods_dialog: PeriodsDialog | None = None
        self._all: list[Interaction] = []
        self._colors: dict[int, str] = {}
        self._restoring = False
        self.period_filter, self.element_filter = QComboBox(), QComboBox()
        self.period_filter.setToolTip(tr("Show the interactions of this period"))
        self.element_filter.setToolTip(tr("Show the interactions from or to this element"))
        for combo in (self.period_filter, self.element_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _i: self._show_rows())
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_: dict[str, QAction] = {}
        for key, text, slot in (("new", tr("New interaction…"), self._new),
                                ("edit", tr("Edit…"), self._edit),
                                ("delete", tr("Delete"), self.delete_selected),
                                ("periods", tr("Periods…"), self._periods)):
            self.actions_[key] = toolbar.addAction(text, slot)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(tr("Period:")))
        filters.addWidget(self.period_filter)
        filters.addWidget(QLabel(tr("Element:")))
        filters.addWidget(self.element_filter)
        filters.addStretch(1)
        self.summary = QLabel()
        filters.addWidget(self.summary)
        self.model = InteractionsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # recording order until asked
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        compact_rows(self.view)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        for column in range(6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(lambda _index: self._edit())
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.evidence_title = QLabel()
        self.evidence_title.setWordWrap(True)
        self.evidence = EvidenceTable()
        self.evidence.codingActivated.connect(self.codingActivated)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(self.evidence_title)
        lower_layout.addWidget(self.evidence)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self._reload()

    # ----- the part interface --------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        for dialog in list(self._dialogs):  # they edit the old project
            dialog.reject()
        if self._periods_dialog is not None:
            self._periods_dialog.close()
            self._periods_dialog = None
        self._project = project
        self._reload()

    def refresh(self, change: Change | None) -> None:
        # A coding just made is nobody's evidence yet: the list and its evidence stay as they are.
        if touches(change, *SHOWN_TABLES) and added_codings(change) is None:
            self._reload()
        for dialog in list(self._dialogs):
            dialog.refresh(change)
        if self._periods_dialog is not None:
            self._periods_dialog.refresh(change)

    def selected_interaction_id(self) -> int | None:
        index = self.proxy.mapToSource(self.view.currentIndex())
        return self.model.interaction_at(index.row()).id if index.isValid() else None

    def select_interaction(self, interaction_id: int) -> None:
        row = self.model.row_of(interaction_id)
        if row is None and (self.period_filter.currentIndex() > 0
                            or self.element_filter.currentIndex() > 0):
            self.period_filter.setCurrentIndex(0)  # a saved row hidden by the filters: show it
            self.element_filter.setCurrentIndex(0)
            row = self.model.row_of(interaction_id)
        if row is not None:
            self.view.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))

    # ----- loading -------------------------------------------------------------------------
    def _reload(self) -> None:
        project = self._project
        self._all = project.interactions.list() if project else []
        self._period_by_name = {p.name: p for p in project.periods.list()} if project else {}
        self._off_period: dict[int, int] = {}
        if project is not None:
            from ..analysis.period_checks import evidence_outside_period

            for off in evidence_outside_period(project):
                self._off_period[off.interaction_id] = self._off_period.get(
                    off.interaction_id, 0) + 1
        elements = project.elements.list() if project else []
        self._colors = {e.id: e.color for e in elements}
        period_keep, element_keep = self.period_filter.currentData(), \
            self.element_filter.currentData()
        for combo in (self.period_filter, self.element_filter):
            combo.blockSignals(True)
            combo.clear()
        self.period_filter.addItem(tr("All periods"), None)
        for period in project.periods.list() if project else []:
            self.period_filter.addItem(period.name, period.name)
        self.period_filter.addItem(tr("Undated"), UNDATED)
        self.element_filter.addItem(tr("All elements"), None)
        for element in elements:
            self.element_filter.addItem(swatch_icon(element.color), element.path, element.id)
        for combo, keep in ((self.period_filter, period_keep), (self.element_filter, element_keep)):
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)
        writable = project is not None and not project.read_only
        for key in ("new", "edit", "delete"):
            self.actions_[key].setEnabled(writable)
        self.actions_["periods"].setEnabled(project is not None)
        self._show_rows()

    def _show_rows(self) -> None:
        keep = self.selected_interaction_id()
        period, element = self.period_filter.currentData(), self.element_filter.currentData()
        rows = [i for i in self._all
                if (period is None or (i.period or UNDATED) == period)
                and (element is None or element in (i.from_element_id, i.to_element_id))]
        self.model.set_rows(rows, self._colors, self._off_period)
        bare = sum(1 for i in rows if not i.evidence)
        self.summary.setText(tr("{count} interactions, {bare} without evidence",
                                count=len(rows), bare=bare) if bare else
                             tr("{count} interactions", count=len(rows)))
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self._restoring = True  # the same row again: not a new selection
            self.view.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
            self._restoring = False
        self._show_evidence()

    def _show_evidence(self) -> None:
        interaction_id = self.selected_interaction_id()
        item = next((i for i in self._all if i.id == interaction_id), None)
        if item is None or self._project is None:
            self.evidence.set_evidence([], {})
            self.evidence_title.setText(tr("Select an interaction to see its evidence."))
            return
        codings, dates = load_codings(self._project, list(item.evidence))
        self.evidence.thumbnails.set_project(self._project)
        self.evidence.set_evidence(codings, dates, self._period_by_name.get(item.period or ""))
        title = tr("Evidence for {source} {type} ({sign}) {target}:", source=item.from_name,
                   type=item.type_name, sign=sign_text(item.sign), target=item.to_name)
        self.evidence_title.setText(title if codings else f"{title} {no_evidence_text()}")

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_evidence()
        interaction_id = self.selected_interaction_id()
        if interaction_id is not None and not self._restoring:
            self.interactionSelected.emit(interaction_id)

    # ----- user actions --------------------------------------------------------------------
    def _new(self) -> None:
        self.editRequested.emit(None)
        if self.opens_dialogs:
            self.open_dialog(None)

    def _edit(self) -> None:
        interaction_id = self.selected_interaction_id()
        if interaction_id is None or not self.actions_["edit"].isEnabled():
            return
        self.editRequested.emit(interaction_id)
        if self.opens_dialogs:
            self.open_dialog(interaction_id)

    def _periods(self) -> None:
        self.periodsRequested.emit()
        if self.opens_dialogs:
            self.open_periods()

    def open_dialog(self, interaction_id: int | None = None,
                    parent: QWidget | None = None) -> InteractionDialog | None:
        """Show the (non-modal) dialog for an interaction, or for a new one when None; the
        panel keeps it up to date and forgets it when closed."""
        if self._project is None:
            return None
        for dialog in self._dialogs:
            if interaction_id is not None and dialog.interaction_id() == interaction_id:
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        period = self.period_filter.currentData()
        period_id = next((p.id for p in self._project.periods.list() if p.name == period), None)
        dialog = InteractionDialog(self._project, interaction_id, parent or self.window(),
                                   period_id=period_id, from_id=self.element_filter.currentData())
        dialog.saved.connect(self.select_interaction)
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
        self._dialogs.append(dialog)
        self.dialogOpened.emit(dialog)
        dialog.show()
        return dialog

    def set_period(self, name: str | None) -> None:
        """Show the interactions of the period chosen elsewhere (the diagram's period box)."""
        index = self.period_filter.findData(name)
        self.period_filter.setCurrentIndex(max(index, 0))

    def open_periods(self, parent: QWidget | None = None) -> PeriodsDialog | None:
        if self._project is None:
            return None
        if self._periods_dialog is None:
            self._periods_dialog = PeriodsDialog(self._project, parent or self.window())
            self._periods_dialog.finished.connect(self._forget_periods)
        self._periods_dialog.show()
        self._periods_dialog.raise_()
        return self._periods_dialog

    def dialogs(self) -> list[InteractionDialog]:
        return list(self._dialogs)

    def _forget(self, dialog: InteractionDialog) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)
            dialog.deleteLater()

    def _forget_periods(self) -> None:
        if self._periods_dialog is not None:
            self._periods_dialog.deleteLater()
            self._periods_dialog = None

    def delete_selected(self) -> None:
        interaction_id = self.selected_interaction_id()
        item = next((i for i in self._all if i.id == interaction_id), None)
        if item is None or self._project is None:
            return
        question = tr("Delete the interaction {source} {type} {target}? The coded segments "
                      "that were its evidence stay.", source=item.from_name,
                      type=item.type_name, target=item.to_name) \
            + "\n" + tr("You can undo this (Ctrl+Z).")
        if QMessageBox.question(self, tr("Delete interaction"), question) \
                == QMessageBox.StandardButton.Yes:
            with reported(self):
                self._project.interactions.delete(item.id)
