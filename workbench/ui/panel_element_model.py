"""The item model behind the framework tree: element rows with a colour swatch, their number of
codings and the 1–9 key badge, plus drag and drop that asks the core instead of moving items."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from ..core import Element
from ..i18n import tr
from .panel_models import (ID_ROLE, MIME_ELEMENTS, MIME_SELECTION, json_mime, read_json_mime,
                           swatch_icon)

_Index = QModelIndex | QPersistentModelIndex


def _count_text(element: Element, rolled: int | None) -> str:
    """A leaf: its codings. A parent: its and its descendants' segments, then its own codings
    in brackets where it has any ("12 (3)"), as the report prints 一级维度."""
    if rolled is None:
        return str(element.coding_count)
    return f"{rolled} ({element.coding_count})" if element.coding_count else str(rolled)


def _show_count(item: QStandardItem, element: Element, rolled: int | None) -> None:
    item.setText(_count_text(element, rolled))
    if rolled is not None:
        item.setToolTip(tr("{total} coded segments in this element and its sub-elements, each "
                           "counted once ({direct} coded to it directly)", total=rolled,
                           direct=element.coding_count))


class ElementTreeModel(QStandardItemModel):
    """Rebuilt from ``project.elements.list()`` on every load; edits and drops are turned into
    requests (signals) the panel carries out through the core, whose refresh rebuilds us."""

    renameRequested = Signal(int, str)
    moveRequested = Signal(int, object, object)  # element id, new parent id | None, position | None
    selectionDropped = Signal(int, dict)

    COLUMNS = ("Element", "Codings", "Key")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers()

    def _headers(self) -> None:
        self.setColumnCount(len(self.COLUMNS))
        self.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])

    def load(self, elements: list[Element], keys: dict[int, int] | None = None,
             rolled: dict[int, int] | None = None) -> None:
        """Rebuild from ``elements``; ``keys`` maps element id → its number key (1–9);
        ``rolled`` gives a parent's coded segments with its descendants' (each once)."""
        keys, rolled = keys or {}, rolled or {}
        self.beginResetModel()  # one reset, and the columns (with the header's sizing) stay
        blocked = self.blockSignals(True)
        self.removeRows(0, self.rowCount())
        parents: dict[int | None, QStandardItem] = {None: self.invisibleRootItem()}
        for element in elements:
            name = QStandardItem(swatch_icon(element.color), element.name)
            count = QStandardItem()
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            _show_count(count, element, rolled.get(element.id))
            number = keys.get(element.id)
            key = QStandardItem(str(number) if number else "")
            key.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if number:
                key.setToolTip(tr("Press {key} to code the selection to this element",
                                  key=number))
            for item in (name, count, key):
                item.setData(element.id, ID_ROLE)
            parent = parents.get(element.parent_id, self.invisibleRootItem())
            parent.appendRow([name, count, key])
            parents[element.id] = name
        self.blockSignals(blocked)
        self.endResetModel()

    def set_rolled(self, elements: list[Element], rolled: dict[int, int]) -> None:
        """New totals of the parents, written into the rows in place (no rebuild)."""
        for element in elements:
            if element.id in rolled:
                self.set_count(element, rolled[element.id])

    def set_count(self, element: Element, rolled: int | None) -> None:
        """One element's new count, written into its row in place."""
        index = self.index_of(element.id)
        if index.isValid():
            _show_count(self.itemFromIndex(index.siblingAtColumn(1)), element, rolled)

    # ----- lookups -------------------------------------------------------------------------
    def element_id(self, index: _Index) -> int | None:
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(ID_ROLE)
        return None if value is None else int(value)

    def index_of(self, element_id: int) -> QModelIndex:
        found = self.match(self.index(0, 0), ID_ROLE, element_id, 1,
                           Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return found[0] if found else QModelIndex()

    def walk(self, parent: _Index = QModelIndex()) -> Iterator[QModelIndex]:
        """Every element row (column 0) in tree order."""
        for row in range(self.rowCount(parent)):
            index = self.index(row, 0, parent)
            yield index
            yield from self.walk(index)

    def _is_inside(self, index: _Index, element_ids: set[int]) -> bool:
        """True when ``index`` is one of ``element_ids`` or lies below one of them."""
        while index.isValid():
            if self.element_id(index) in element_ids:
                return True
            index = index.parent()
        return False

    # ----- editing -------------------------------------------------------------------------
    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # empty space: drop here = top level
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == 0 else flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.EditRole and index.column() == 0:
            element_id, name = self.element_id(index), str(value).strip()
            if element_id is not None and name != index.data():
                self.renameRequested.emit(element_id, name)
            return False  # the item shows the new name when the core's change comes back
        return super().setData(index, value, role)

    # ----- drag and drop -------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [MIME_ELEMENTS, MIME_SELECTION]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        ids = list(dict.fromkeys(i for i in map(self.element_id, indexes) if i is not None))
        return json_mime(MIME_ELEMENTS, {"element_ids": ids})

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        selection = read_json_mime(data, MIME_SELECTION)
        if selection is not None:  # a passage or region: only onto an element itself
            return parent.isValid() and row == -1 and "source_id" in selection
        moved = read_json_mime(data, MIME_ELEMENTS)
        if moved is None or not moved.get("element_ids"):
            return False
        return not self._is_inside(parent, {int(i) for i in moved["element_ids"]})

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = self.element_id(parent)
        selection = read_json_mime(data, MIME_SELECTION)
        if selection is not None and target is not None:
            self.selectionDropped.emit(target, selection)
        moved = read_json_mime(data, MIME_ELEMENTS) or {}
        for element_id in map(int, moved.get("element_ids", [])):
            position = None if row < 0 else row
            current = self.index_of(element_id)
            if (position is not None and current.isValid()
                    and self.element_id(current.parent()) == target and current.row() < row):
                position -= 1  # the core counts siblings without the moved element
            self.moveRequested.emit(element_id, target, position)
        # False on purpose: with True the view would also delete the dragged rows itself
        # (QAbstractItemView.startDrag after a MoveAction); the core's refresh rebuilds the tree.
        return False
