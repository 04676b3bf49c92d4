"""The codebook table's model and its multi-line cell editor.

One row per element in tree order (the name indented by its depth, with its colour), then its
definition, inclusion rule, exclusion rule, example and number of codings. The model holds only
the list of core ``Element`` values; an edit is not saved here but asked for with
``editRequested(element_id, field, text)``, which the view turns into ``project.elements.update``.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QEvent, QModelIndex, QObject,
                            QPersistentModelIndex, QRect, QSize, Qt, Signal)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QPlainTextEdit, QStyledItemDelegate, QStyleOptionViewItem,
                               QWidget)

from ..core import Element
from ..i18n import tr
from .panel_models import ID_ROLE, swatch_icon

_Index = QModelIndex | QPersistentModelIndex

# (field of Element, column title); "coding_count" is shown, never edited.
COLUMNS = (("name", "Element"), ("definition", "Definition"), ("inclusion", "Inclusion rule"),
           ("exclusion", "Exclusion rule"), ("example", "Example"), ("coding_count", "Codings"))
FIELDS = tuple(name for name, _title in COLUMNS)
COUNT_COLUMN = len(COLUMNS) - 1
INDENT = "\u3000"  # one ideographic space per level: as wide as one Chinese character


class CodebookModel(QAbstractTableModel):
    editRequested = Signal(int, str, str)  # element id, field, new text

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._elements: list[Element] = []
        self._depth: dict[int, int] = {}
        self.editable = True

    def set_elements(self, elements: list[Element]) -> None:
        self.beginResetModel()
        self._elements = list(elements)
        self._depth = {}
        for element in self._elements:  # parents come before their children
            self._depth[element.id] = (0 if element.parent_id is None
                                       else self._depth.get(element.parent_id, -1) + 1)
        self.endResetModel()

    def elements(self) -> list[Element]:
        return list(self._elements)

    def element_at(self, row: int) -> Element:
        return self._elements[row]

    def row_of(self, element_id: int) -> int | None:
        return next((i for i, e in enumerate(self._elements) if e.id == element_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._elements)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section][1])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        element, column = self._elements[index.row()], index.column()
        value = getattr(element, FIELDS[column])
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return INDENT * self._depth.get(element.id, 0) + element.name
            return value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return element.path
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return swatch_icon(element.color)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column == COUNT_COLUMN \
                else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignTop)
        if role == ID_ROLE:
            return element.id
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() != COUNT_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() \
                or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        element, field = self._elements[index.row()], FIELDS[index.column()]
        text = str(value or "")
        if field == "name":
            text = text.strip()
            if not text:
                return False
        if text == getattr(element, field):
            return False
        self.editRequested.emit(element.id, field, text)
        return True


class MultiLineDelegate(QStyledItemDelegate):
    """Edits the codebook texts in a QPlainTextEdit (Enter = new line; Ctrl+Enter or leaving the
    cell saves; Esc cancels); the element's name keeps the one-line editor."""

    MIN_EDITOR_HEIGHT = 120
    PADDING = 6  # extra height per row: wrapped paragraphs need air between them

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.decorationAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + self.PADDING)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        if index.column() == 0:
            return super().createEditor(parent, option, index)
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setToolTip(tr("Ctrl+Enter saves, Esc cancels."))
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.moveCursor(editor.textCursor().MoveOperation.End)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: _Index) -> None:
        rect = QRect(option.rect)
        if isinstance(editor, QPlainTextEdit):  # room to write even in a one-line row
            rect.setHeight(max(rect.height(), self.MIN_EDITOR_HEIGHT))
        editor.setGeometry(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (isinstance(watched, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(watched, event)
