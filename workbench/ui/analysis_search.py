"""The Search view of the analysis panel: keyword in context over every source. The left context
is right-aligned against the hit (bold); double-clicking a line asks the window to show the hit in
its source (offsets in code points, as the core counts them).

Hits come by source date (undated sources last), then by position. Every hit is counted at once,
but lines are shown a page (``PAGE``) at a time: "Show more", or
scrolling to the end of the list, adds the next page. Export writes every hit."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from ..core import Project
from ..core.search import KwicLine, KwicResult
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

    def append_lines(self, lines: list[KwicLine]) -> None:
        if not lines:
            return
        first = len(self.lines)
        self.beginInsertRows(QModelIndex(), first, first + len(lines) - 1)
        self.lines.extend(lines)
        self.endInsertRows()

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
    PAGE = 2000  # KWIC lines built and shown at a time

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
        self.more_button = QPushButton(tr("Show more"))
        self.more_button.setEnabled(False)
        self.result: KwicResult | None = None
        bar = QHBoxLayout()
        bar.addWidget(self.query, 1)
        bar.addWidget(QLabel(tr("Context:")))
        bar.addWidget(self.width_box)
        bar.addWidget(self.search_button)
        bar.addWidget(self.count_label)
        bar.addWidget(self.more_button)
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
        self.more_button.clicked.connect(self.show_more)
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.result = None
        self.model.set_lines([])
        self.count_label.clear()
        self.more_button.setEnabled(False)
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
            self.result = self._project.search.kwic_result(
                self.query.text(), width=self.width_box.value(), first=self.PAGE, order="date")
            self.model.set_lines(self.result.lines(0, self.PAGE))
            self._update_count()
            self.view.resizeColumnToContents(1)

    def show_more(self) -> None:
        """Add the next page of lines."""
        result = self.result
        if result is None or len(self.model.lines) >= result.total:
            return
        with reported(self):
            shown = len(self.model.lines)
            self.model.append_lines(result.lines(shown, shown + self.PAGE))
            self._update_count()

    def _scrolled(self, value: int) -> None:
        bar = self.view.verticalScrollBar()
        if value and value >= bar.maximum() and self.more_button.isEnabled():
            self.show_more()

    def _update_count(self) -> None:
        total = self.result.total if self.result is not None else 0
        shown = len(self.model.lines)
        if shown < total:
            self.count_label.setText(tr("{count} hits, first {shown} shown",
                                        count=total, shown=shown))
        else:
            self.count_label.setText(tr("{count} hits", count=total))
        self.more_button.setEnabled(shown < total)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            line = self.model.lines[index.row()]
            self.sourcePositionActivated.emit(line.source_id, line.start, line.end)

    def _ask_export(self) -> None:
        with reported(self):
            path = ask_table_path(self, project_folder(self._project))
            if path:
                lines = self.result.lines() if self.result is not None else self.model.lines
                write_table(path, [*KwicModel.headers(), tr("Start"), tr("End")],
                            [[x.left, x.hit, x.right, x.title, x.date or "", x.start, x.end]
                             for x in lines])
