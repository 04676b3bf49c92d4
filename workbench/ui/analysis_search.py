"""The Search view of the analysis panel: keyword in context over every source. The left context
is right-aligned against the hit (bold); double-clicking a line asks the window to show the hit in
its source (offsets in code points, as the core counts them)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from ..core import Project
from ..core.search import KwicLine
from ..i18n import tr
from .analysis_common import ask_table_path, project_folder, write_table
from .errors import reported


class KwicModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lines: list[KwicLine] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_lines(self, lines: list[KwicLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    @staticmethod
    def headers() -> list[str]:
        return [tr("Left context"), tr("Hit"), tr("Right context"), tr("Source"), tr("Date")]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line, column = self.lines[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.left, line.hit, line.right, line.title, line.date or "")[column]
        if role == Qt.ItemDataRole.FontRole and column == 1:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == 0:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == 1:
                return int(Qt.AlignmentFlag.AlignCenter)
        return None


class SearchView(QWidget):
    sourcePositionActivated = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("Word or phrase to find in all sources"))
        self.width_box = QSpinBox()
        self.width_box.setRange(5, 200)
        self.width_box.setValue(20)
        self.search_button = QPushButton(tr("Search"))
        self.export_button = QPushButton(tr("Export table…"))
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.query, 1)
        bar.addWidget(QLabel(tr("Context:")))
        bar.addWidget(self.width_box)
        bar.addWidget(self.search_button)
        bar.addWidget(self.count_label)
        bar.addWidget(self.export_button)
        self.model = KwicModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.query.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.view.doubleClicked.connect(self._activate)
        self.export_button.clicked.connect(self._ask_export)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.model.set_lines([])
        self.count_label.clear()
        if project is not None and self.query.text().strip():
            self.search()

    def reload(self) -> None:
        """Sources changed: run the same search again."""
        if self._project is not None and self.query.text().strip():
            self.search()

    def search(self) -> None:
        if self._project is None:
            return
        with reported(self):
            lines = self._project.search.kwic(self.query.text(), width=self.width_box.value())
            self.model.set_lines(lines)
            self.count_label.setText(tr("{count} hits", count=len(lines)))
            self.view.resizeColumnToContents(1)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            line = self.model.lines[index.row()]
            self.sourcePositionActivated.emit(line.source_id, line.start, line.end)

    def _ask_export(self) -> None:
        with reported(self):
            path = ask_table_path(self, project_folder(self._project))
            if path:
                write_table(path, [*KwicModel.headers(), tr("Start"), tr("End")],
                            [[x.left, x.hit, x.right, x.title, x.date or "", x.start, x.end]
                             for x in self.model.lines])
