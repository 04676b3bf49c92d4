"""The periods dialog: the stages of the case (name, start, end), edited in place, with how many
sources fall in each by date and how many interactions are dated to it. The core keeps them in
chronological order and refuses bad dates with a sentence; a refused edit keeps the old value."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..core import Change, Period, Project
from ..i18n import tr
from .errors import reported
from .panel_models import compact_rows, touches

ID_ROLE = Qt.ItemDataRole.UserRole + 2
FIELDS = ("name", "start", "end")  # the editable columns, in order


class PeriodsDialog(QDialog):
    COLUMNS = ("Name", "Start", "End", "Sources", "Interactions")

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Periods of the case"))
        self.setModal(False)
        self.resize(680, 380)
        self._project = project
        self._loading = False
        self._periods: list[Period] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.horizontalHeaderItem(3).setToolTip(tr("Sources whose date falls in the period"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        compact_rows(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 110), (2, 110), (3, 70), (4, 90)):  # room to type a date
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.itemChanged.connect(self._cell_edited)
        self.name, self.start, self.end = QLineEdit(), QLineEdit(), QLineEdit()
        self.name.setPlaceholderText(tr("Name, e.g. pilot stage"))
        self.start.setPlaceholderText(tr("Start: YYYY[-MM[-DD]]"))
        self.end.setPlaceholderText(tr("End: YYYY[-MM[-DD]]"))
        for field in (self.start, self.end):
            field.setToolTip(tr("YYYY, YYYY-MM or YYYY-MM-DD"))
            field.setFixedWidth(150)
        self.add_button = QPushButton(tr("Add period"))
        self.add_button.clicked.connect(self.add_period)
        self.name.returnPressed.connect(self.add_period)
        add_row = QHBoxLayout()
        add_row.addWidget(self.name, 1)
        add_row.addWidget(self.start)
        add_row.addWidget(self.end)
        add_row.addWidget(self.add_button)
        hint = QLabel(tr("Double-click a name or date to change it. Periods are kept in "
                         "chronological order; a source falls in a period by its date."))
        hint.setWordWrap(True)
        self.overlap = QLabel()  # dates shared by two periods make a source's period ambiguous
        self.overlap.setWordWrap(True)
        self.overlap.setStyleSheet("color: #9A6700")
        self.overlap.hide()
        self.delete_button = QPushButton(tr("Delete period…"))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.overlap)
        layout.addWidget(hint)
        layout.addLayout(add_row)
        layout.addWidget(buttons)
        self.reload()

    def refresh(self, change: Change | None) -> None:
        if touches(change, "periods", "sources", "interactions"):
            self.reload()

    def reload(self) -> None:
        """Show the stored periods again (after every change, and after a refused edit)."""
        keep = self.selected_period_id()
        project = self._project
        self._periods = project.periods.list()
        sources: dict[int, int] = {}
        for source in project.sources.list():
            period = project.periods.period_of(source.date)
            if period is not None:
                sources[period.id] = sources.get(period.id, 0) + 1
        interactions: dict[str, int] = {}
        for item in project.interactions.list():
            if item.period:
                interactions[item.period] = interactions.get(item.period, 0) + 1
        self._loading = True
        self.table.setRowCount(0)
        for row, period in enumerate(self._periods):
            self.table.insertRow(row)
            values = (period.name, period.start_date or "", period.end_date or "",
                      sources.get(period.id, 0), interactions.get(period.name, 0))
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setData(ID_ROLE, period.id)
                if column >= len(FIELDS):  # the counts are facts, not fields
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
            if period.id == keep:
                self.table.selectRow(row)
        self._loading = False
        self._show_overlaps()
        writable = not project.read_only
        for widget in (self.add_button, self.delete_button, self.name, self.start, self.end):
            widget.setEnabled(writable)

    def _show_overlaps(self) -> None:
        from ..analysis.period_checks import overlapping_periods

        pairs = overlapping_periods(self._periods)
        self.overlap.setText(tr(
            "These periods share dates: {pairs}. A source dated in the shared days falls in "
            "the earlier one; change a start or end date if that is not what you mean.",
            pairs="; ".join(f"{a.name} / {b.name}" for a, b in pairs)) if pairs else "")
        self.overlap.setVisible(bool(pairs))

    def selected_period_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return int(self.table.item(rows[0].row(), 0).data(ID_ROLE)) if rows else None

    # ----- editing -------------------------------------------------------------------------
    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() >= len(FIELDS):
            return
        period_id, field, text = int(item.data(ID_ROLE)), FIELDS[item.column()], item.text()
        # Queued: reloading the table now would pull the cell from under its closing editor.
        QTimer.singleShot(0, self, lambda: self.edit_period(period_id, field, text.strip()))

    def edit_period(self, period_id: int, field: str, text: str) -> bool:
        """Store one changed cell ("" clears a date); refused: say why, show the old value."""
        done = False
        with reported(self):
            if field == "name":
                self._project.periods.update(period_id, name=text)
            elif field == "start":
                self._project.periods.update(period_id, start_date=text or None)
            else:
                self._project.periods.update(period_id, end_date=text or None)
            done = True
        self.reload()
        return done

    def add_period(self) -> bool:
        done = False
        with reported(self):
            self._project.periods.add(self.name.text(), self.start.text().strip() or None,
                                      self.end.text().strip() or None)
            done = True
        if done:  # a refused period keeps what was typed, to be corrected
            for field in (self.name, self.start, self.end):
                field.clear()
            self.name.setFocus()
        self.reload()
        return done

    def delete_selected(self) -> None:
        period_id = self.selected_period_id()
        period = next((p for p in self._periods if p.id == period_id), None)
        if period is None:
            return
        count = sum(1 for i in self._project.interactions.list() if i.period == period.name)
        question = tr("Delete the period “{name}”?", name=period.name)
        if count:
            question += " " + tr("The {count} interaction(s) dated to it become undated.",
                                 count=count)
        question += "\n" + tr("You can undo this (Ctrl+Z).")
        if QMessageBox.question(self, tr("Delete period"), question) \
                == QMessageBox.StandardButton.Yes:
            with reported(self):
                self._project.periods.delete(period.id)
            self.reload()
