"""The researcher's list of agency spellings that count as one agency (简称 → 全称), edited in the
window: the joint-issuance network and its tables merge them (``project.agencies``; every change
is one undo step, like the rest of the project)."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ..core import Project
from ..i18n import tr
from .errors import reported


class AgencyNamesDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self.setWindowTitle(tr("Agency names"))
        self.resize(560, 420)
        hint = QLabel(tr("Spellings on the left are counted as the agency on the right in the "
                         "joint-issuance network. Common short names (发改委, 工信部 …) are "
                         "merged already."))
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([tr("Spelling"), tr("Counted as")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.alias, self.canonical = QLineEdit(), QLineEdit()
        self.alias.setPlaceholderText(tr("Spelling, e.g. 市发改委"))
        self.canonical.setPlaceholderText(tr("Full name, e.g. 江临市发展和改革委员会"))
        self.add_button = QPushButton(tr("Merge"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        for widget in (self.alias, self.canonical, self.add_button):
            row.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        writable = not project.read_only
        for widget in (self.alias, self.canonical, self.add_button, self.remove_button):
            widget.setEnabled(writable)
        self.reload()

    def reload(self) -> None:
        aliases = self._project.agencies.aliases()
        self.table.setRowCount(0)
        for alias, canonical in aliases.items():
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(alias))
            self.table.setItem(row, 1, QTableWidgetItem(canonical))

    def add(self) -> None:
        with reported(self):
            self._project.agencies.set_alias(self.alias.text(), self.canonical.text())
            self.alias.clear()
            self.canonical.clear()
        self.reload()

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        with reported(self), self._project.grouped("Merge agency names"):
            for row in rows:
                self._project.agencies.remove_alias(self.table.item(row, 0).text())
        self.reload()
