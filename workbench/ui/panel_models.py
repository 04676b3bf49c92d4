"""Shared pieces of the window's panels: drag-and-drop MIME types, the "does this change concern
me" test, kind icons, and the sources table model with its sort/filter proxy."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (QMimeData, QModelIndex, QPersistentModelIndex,
                            QPoint, QSortFilterProxyModel, Qt)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QTableView

from ..core import Change, Coding, Project, Source
from ..i18n import tr
from .row_model import RowTableModel

MIME_SOURCES = "application/x-workbench-sources"
MIME_SELECTION = "application/x-workbench-selection"
MIME_ELEMENTS = "application/x-workbench-elements"  # element rows moved inside the tree only
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def local_time(stamp: str | None) -> str:
    """A stored UTC time stamp ("2024-03-01T08:30:00Z") as the user's local "YYYY-MM-DD HH:MM"."""
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def compact_rows(view: QTableView) -> None:
    """One text line per row: tables of quotes and sources show many rows at once."""
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)


def touches(change: Change | None, *tables: str) -> bool:
    """True when a panel showing ``tables`` must reload (None means: reload everything)."""
    return change is None or not change.tables.isdisjoint(tables)


# Operations of the core that only add codings (core/codings.py), one at a time while coding.
ADDS_CODINGS = ("Code passage", "Code region")


@dataclass(frozen=True)
class CodingsAdded(Change):
    """A change that only added codings, with the codings it added (read once by the window):
    a part can take them in instead of reading its codings again."""

    added: tuple[Coding, ...] = ()


def added_codings(change: Change | None) -> tuple[Coding, ...] | None:
    """The codings ``change`` added when that is all it did; None: anything else."""
    return change.added if isinstance(change, CodingsAdded) else None


class AddedCodings:
    """Turns a change that only added codings into a ``CodingsAdded`` carrying them: they are
    read by id (ids grow) after the newest coding seen before, one small query for every part.
    Every change must pass through ``describe`` (the window's refresh does)."""

    def __init__(self, project: Project | None) -> None:
        self._project = project
        self._newest: int | None = None
        self.describe(None)

    def describe(self, change: Change | None) -> Change | None:
        if self._project is None or (change is not None and "codings" not in change.tables):
            return change
        before, self._newest = self._newest, None  # unknown until read again
        newest = self._project.codings.newest_id()
        if (change is not None and change.kind == "do" and change.label in ADDS_CODINGS
                and change.tables <= {"codings", "coders"} and before is not None):
            added = self._project.codings.list(after_id=before) if newest > before else []
            change = CodingsAdded(change.label, change.tables, change.kind, tuple(added))
        self._newest = newest
        return change


def json_mime(mime_type: str, payload: dict[str, Any]) -> QMimeData:
    data = QMimeData()
    data.setData(mime_type, json.dumps(payload).encode("utf-8"))
    return data


def read_json_mime(data: QMimeData | None, mime_type: str) -> dict[str, Any] | None:
    """The JSON body of ``mime_type`` in ``data``, or None when absent or malformed."""
    if data is None or not data.hasFormat(mime_type):
        return None
    try:
        payload = json.loads(bytes(data.data(mime_type).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


_icons: dict[str, QIcon] = {}


def kind_icon(kind: str) -> QIcon:
    """A small page (text) or picture (image) marker, drawn once: no icon files needed."""
    if kind not in _icons:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#555555"), 1))
        if kind == "image":
            painter.setBrush(QColor("#DCEBFA"))
            painter.drawRect(1, 3, 13, 10)
            painter.setBrush(QColor("#59A14F"))
            painter.drawPolygon([QPoint(x, y) for x, y in ((2, 12), (6, 7), (9, 10), (11, 8),
                                                           (13, 12))])
            painter.setBrush(QColor("#EDC948"))
            painter.drawEllipse(9, 4, 3, 3)
        else:
            painter.setBrush(QColor("#FFFFFF"))
            painter.drawRect(3, 1, 10, 14)
            for y in (4, 7, 10):
                painter.drawLine(5, y, 11, y)
        painter.end()
        _icons[kind] = QIcon(pixmap)
    return _icons[kind]


def swatch_icon(color: str) -> QIcon:
    """A filled square in an element's colour."""
    key = f"swatch:{color}"
    if key not in _icons:
        pixmap = QPixmap(12, 12)
        pixmap.fill(QColor(color))
        painter = QPainter(pixmap)
        painter.setPen(QColor(0, 0, 0, 90))
        painter.drawRect(0, 0, 11, 11)
        painter.end()
        _icons[key] = QIcon(pixmap)
    return _icons[key]


def date_guess(source: Source) -> str | None:
    """The importer's guess of an undated source's date (metadata "date_guess"), if any."""
    guess = source.metadata.get("date_guess") if not source.date else None
    return str(guess) if guess else None


def guess_text(source: Source) -> str:
    guess = date_guess(source)
    return f"{guess}?" if guess else ""


class SourcesTableModel(RowTableModel[Source]):
    """The project's sources, one per row. Holds only the list of ``Source`` values."""

    COLUMNS = ("Title", "Type", "Date", "Cases", "Codings")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._order: tuple[int, Qt.SortOrder] | None = None  # the column the view sorts by
        self._row_by_id: dict[int, int] | None = None  # found again after every coding

    def set_sources(self, sources: list[Source]) -> None:
        self.beginResetModel()
        self._rows, self._row_by_id = self._sorted(list(sources)), None
        self.endResetModel()

    def row_of(self, row_id: int) -> int | None:
        if self._row_by_id is None:
            self._row_by_id = {source.id: row for row, source in enumerate(self._rows)}
        return self._row_by_id.get(row_id)

    def update_source(self, source: Source) -> Source | None:
        """Put new values of one listed source into its row in place (its count after a
        coding), re-sorting only when its sort key changed; the old values, None when the
        source is not listed."""
        row = self.row_of(source.id)
        if row is None:
            return None
        old, self._rows[row] = self._rows[row], source
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
        if self._order is not None and \
                _SORT_KEYS[self._order[0]](old) != _SORT_KEYS[self._order[0]](source):
            self.sort(*self._order)
        return old

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, in Python, by one key per row: a sorting proxy asks ``data`` twice per
        comparison (180,000 calls for 12,000 sources, most of the list's time)."""
        if not 0 <= column < len(self.COLUMNS):
            return
        self._order = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = {id(source): row for row, source in enumerate(self._rows)}
        self._rows, self._row_by_id = self._sorted(self._rows), None
        moved = {before[id(source)]: row for row, source in enumerate(self._rows)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [
            self.index(moved[i.row()], i.column()) if i.isValid() else i for i in persistent])
        self.layoutChanged.emit()

    def _sorted(self, rows: list[Source]) -> list[Source]:
        if self._order is None:
            return rows
        column, order = self._order
        return sorted(rows, key=lambda s: _SORT_KEYS[column](s),
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def source_at(self, row: int) -> Source:
        return self.row_value(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        source, column = self._rows[index.row()], index.column()
        guess = date_guess(source) if column == 2 else None
        if guess is not None and role != Qt.ItemDataRole.DisplayRole:
            answer = self._guess_data(source, guess, role)
            if answer is not None:
                return answer
        if role == Qt.ItemDataRole.DisplayRole:
            return (source.title, source.source_type or "", source.date or guess_text(source),
                    ", ".join(source.cases), source.coding_count)[column]
        if role == SORT_ROLE:  # numbers sort as numbers; undated sources sort first
            return (source.title.casefold(), source.source_type or "", source.date or "",
                    ", ".join(source.cases), source.coding_count)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return kind_icon(source.kind)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return tr("Image") if source.kind == "image" else tr("Text")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _guess_data(source: Source, guess: str, role: int) -> Any:
        """An undated source's guessed date: muted, italic, with a "?" and a tooltip."""
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#8A8A8A")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if source.metadata.get("date_guess_from") == "text":
                return tr("Guessed from the text, not confirmed: the source's details can make "
                          "it the date (Use this date).")
            return tr("Guessed from the file name, not confirmed: the source's details can make "
                      "it the date (Use this date).")
        if role == SORT_ROLE:
            return guess
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def mimeTypes(self) -> list[str]:
        return [MIME_SOURCES]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        ids = list(dict.fromkeys(self._rows[i.row()].id for i in indexes if i.isValid()))
        return json_mime(MIME_SOURCES, {"source_ids": ids})

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction  # dragging assigns; the source never leaves the table


# What each column sorts by: numbers as numbers; undated sources first (by their guess).
_SORT_KEYS = (lambda s: s.title.casefold(), lambda s: s.source_type or "",
              lambda s: s.date or date_guess(s) or "", lambda s: ", ".join(s.cases),
              lambda s: s.coding_count)


class SourcesFilterProxy(QSortFilterProxyModel):
    """Filters by source type, case and free text (title, file name, origin URL); sorting is
    handed to the sources model, which sorts its rows itself."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, SourcesTableModel):
            model.sort(column, order)  # the proxy keeps the model's order (its own sort: none)
        else:
            super().sort(column, order)

    NO_CASE = "\x00none"  # the case filter value for "sources in no case"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._type: str | None = None
        self._case: str | None = None
        self._words = ""
        self.setSortRole(SORT_ROLE)

    def set_filters(self, *, source_type: str | None, case: str | None, words: str) -> None:
        self.beginFilterChange()  # Qt ≥ 6.10's replacement of invalidateFilter()
        self._type, self._case, self._words = source_type, case, words.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, SourcesTableModel):
            return True
        source = model.source_at(row)
        if self._type is not None and source.source_type != self._type:
            return False
        if self._case == self.NO_CASE:
            if source.cases:
                return False
        elif self._case is not None and self._case not in source.cases:
            return False
        if self._words:
            haystack = f"{source.title}\n{source.file_name}\n{source.origin_url}".casefold()
            return self._words in haystack
        return True
