"""Table models of the segments panel (codings, shown page by page) and the cases panel (cases ×
attributes, edited through a callback that asks the core)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal

from ..core import Case, CaseAttribute, Coding
from ..i18n import tr
from .panel_models import MIME_SOURCES, read_json_mime

_Index = QModelIndex | QPersistentModelIndex
PAGE = 200  # rows handed to the view at a time: 10,000 codings still show at once
QUOTE_CHARS = 300  # a quote longer than this is cut in the table (the viewer shows it whole)


def quote_of(coding: Coding) -> str:
    """One line for a list: a PDF page's region as its page and the text inside, else the
    quoted text (of a region too, when text was recognised in it), else where the region is."""
    if coding.page is not None:  # a region of a PDF's page: its page and the text inside
        text = " ".join((coding.snippet or "").split())[:QUOTE_CHARS]
        return tr("[page {page}] {quote}", page=coding.page, quote=text)
    if coding.rect is not None and not coding.snippet:
        r = coding.rect
        return tr("[region {x},{y},{w}×{h}]", x=r.x, y=r.y, w=r.width, h=r.height)
    text = " ".join((coding.snippet or "").split())  # one line per row
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"


class SegmentsModel(QAbstractTableModel):
    """Codings in rows; all are known, but the view receives them in pages (fetchMore)."""

    COLUMNS = ("Quote", "Source", "Date", "Element", "Coder", "Memo")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._codings: list[Coding] = []
        self._dates: dict[int, str | None] = {}
        self._shown = 0

    def set_codings(self, codings: list[Coding], dates: dict[int, str | None],
                    at_least: int = 0) -> None:
        """Replace the rows; show the first page (or ``at_least`` rows, to keep the scroll)."""
        self.beginResetModel()
        self._codings, self._dates = codings, dates
        self._shown = min(len(codings), max(PAGE, at_least))
        self.endResetModel()

    def lists(self, codings: list[Coding]) -> bool:
        """Whether the rows are ``codings`` itself (not a filtered copy)."""
        return self._codings is codings

    def insert_coding(self, row: int, coding: Coding) -> None:
        """Put one coding into the list at ``row``; the view hears of it when the row is
        among those it was handed (else it comes with a later page)."""
        if row < self._shown or self._shown == len(self._codings):
            self.beginInsertRows(QModelIndex(), row, row)
            self._codings.insert(row, coding)
            self._shown += 1
            self.endInsertRows()
        else:
            self._codings.insert(row, coding)

    def coding_at(self, row: int) -> Coding:
        return self._codings[row]

    def total(self) -> int:
        return len(self._codings)

    def shown(self) -> int:
        return self._shown

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._shown < len(self._codings)

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid():
            return
        more = min(PAGE, len(self._codings) - self._shown)
        if more > 0:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        coding, column = self._codings[index.row()], index.column()
        if column == 0:
            return quote_of(coding)
        if column == 2:
            return self._dates.get(coding.source_id) or ""
        if column == 5:
            return " ".join(coding.memo.split())
        return (None, coding.source_title, None, coding.element_name, coding.coder)[column]


class CasesTableModel(QAbstractTableModel):
    """Cases in rows; name, description, one column per attribute, number of sources.
    An edited cell becomes ``editRequested(case id, column key, text)`` (key: "name",
    "description" or an attribute's name); the panel asks the core, whose refresh shows it."""

    editRequested = Signal(int, str, str)
    sourcesDropped = Signal(int, list)  # case id, source ids

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cases: list[Case] = []
        self._attributes: list[CaseAttribute] = []

    def set_cases(self, cases: list[Case], attributes: list[CaseAttribute]) -> None:
        self.beginResetModel()
        self._cases, self._attributes = cases, attributes
        self.endResetModel()

    def case_at(self, row: int) -> Case:
        return self._cases[row]

    def column_key(self, column: int) -> str | None:
        if column == 0:
            return "name"
        if column == 1:
            return "description"
        if 2 <= column < 2 + len(self._attributes):
            return self._attributes[column - 2].name
        return None  # the number of sources

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3 + len(self._attributes)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        key = self.column_key(section)
        attribute = self._attributes[section - 2] if 2 <= section < 2 + len(self._attributes) \
            else None
        if role == Qt.ItemDataRole.DisplayRole:
            if attribute is not None:
                return attribute.name
            return {"name": tr("Case"), "description": tr("Description")}.get(key or "",
                                                                               tr("Sources"))
        if role == Qt.ItemDataRole.ToolTipRole and attribute is not None:
            return {"text": tr("Text"), "number": tr("Number"), "date": tr("Date")}[attribute.kind]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.EditRole):
            return None
        case, key = self._cases[index.row()], self.column_key(index.column())
        if key is None:
            return len(case.source_ids)
        if key == "name":
            return case.name
        if key == "description":
            return case.description
        return case.attributes.get(key, "")

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemIsDropEnabled)
        return flags | Qt.ItemFlag.ItemIsEditable if self.column_key(index.column()) else flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key = self.column_key(index.column())
        if role != Qt.ItemDataRole.EditRole or key is None or not index.isValid():
            return False
        text = "" if value is None else str(value)
        if text == str(self.data(index) or ""):
            return False
        self.editRequested.emit(self._cases[index.row()].id, key, text)
        return True

    def mimeTypes(self) -> list[str]:
        return [MIME_SOURCES]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        payload = read_json_mime(data, MIME_SOURCES)
        return bool(payload and payload.get("source_ids")) and self._target_row(row, parent) >= 0

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        payload = read_json_mime(data, MIME_SOURCES) or {}
        case = self._cases[self._target_row(row, parent)]
        self.sourcesDropped.emit(case.id, [int(i) for i in payload["source_ids"]])
        return True

    def _target_row(self, row: int, parent: _Index) -> int:
        """The case row a drop lands on (onto a cell; a drop between rows counts for the row
        below it, as the drop indicator suggests)."""
        if parent.isValid():
            return parent.row()
        return row if 0 <= row < len(self._cases) else -1
