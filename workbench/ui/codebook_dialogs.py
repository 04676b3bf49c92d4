"""The codebook editor's dialogs: merge one element into another, split some codings off into
another element, and whether a new anchor example replaces or extends the old one."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QGridLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QRadioButton, QVBoxLayout, QWidget)

from ..core import Coding, Element
from ..i18n import tr
from .panel_models import swatch_icon
from .panel_tables import quote_of


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def _descendants(element_id: int, elements: list[Element]) -> set[int]:
    found = {element_id}
    for other in elements:  # parents come first in the list, so one pass finds them all
        if other.parent_id in found:
            found.add(other.id)
    return found


class MergeDialog(QDialog):
    """Choose the element that ``element`` is merged into (not itself, nor one of its own
    sub-elements, which the core refuses)."""

    def __init__(self, element: Element, elements: list[Element],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Merge element"))
        self.resize(460, 420)
        excluded = _descendants(element.id, elements)
        layout = QVBoxLayout(self)
        layout.addWidget(_note(tr("Merge “{name}” into:", name=element.path)))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr("Filter elements"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        layout.addWidget(self.filter)
        self.targets = QListWidget()
        for other in elements:
            if other.id not in excluded:
                item = QListWidgetItem(swatch_icon(other.color), other.path)
                item.setData(Qt.ItemDataRole.UserRole, other.id)
                self.targets.addItem(item)
        self.targets.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.targets, 1)
        layout.addWidget(_note(tr(
            "Its {count} codings, its interactions, its sub-elements and its memos move to the "
            "element you choose, and empty codebook fields there are filled from it; then "
            "“{name}” is removed. Nothing is lost, and you can undo this (Ctrl+Z).",
            count=element.coding_count, name=element.name)))
        buttons, self.ok_button = _buttons(self, tr("Merge"))
        layout.addWidget(buttons)
        self.targets.currentRowChanged.connect(lambda _row: self._check())
        self._check()

    def set_target(self, element_id: int) -> None:
        for row in range(self.targets.count()):
            if self.targets.item(row).data(Qt.ItemDataRole.UserRole) == element_id:
                self.targets.setCurrentRow(row)

    def target_id(self) -> int | None:
        item = self.targets.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _filter(self, words: str) -> None:
        words = words.strip().casefold()
        for row in range(self.targets.count()):
            item = self.targets.item(row)
            item.setHidden(bool(words) and words not in item.text().casefold())

    def _check(self) -> None:
        self.ok_button.setEnabled(self.target_id() is not None)


class SplitDialog(QDialog):
    """Tick the codings of ``element`` to move, and name where they go: an existing element or
    a new one created beside it (under the same parent)."""

    def __init__(self, element: Element, codings: list[Coding], elements: list[Element],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Split element"))
        self.resize(620, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(_note(tr("Tick the codings of “{name}” that belong to another element:",
                                  name=element.path)))
        self.codings = QListWidget()
        self.codings.setWordWrap(True)
        self.codings.setSpacing(3)
        self.codings.setAlternatingRowColors(True)
        for coding in codings:
            item = QListWidgetItem(f"{quote_of(coding)}\n— {coding.source_title}")
            item.setData(Qt.ItemDataRole.UserRole, coding.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(coding.snippet or quote_of(coding))
            self.codings.addItem(item)
        layout.addWidget(self.codings, 1)
        grid = QGridLayout()
        self.new_radio = QRadioButton(tr("Move them to a new element named:"))
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(tr("Name of the new element"))
        self.existing_radio = QRadioButton(tr("Move them to the element:"))
        self.existing = QComboBox()
        for other in elements:
            if other.id != element.id:
                self.existing.addItem(swatch_icon(other.color), other.path, other.id)
        group = QButtonGroup(self)
        group.addButton(self.new_radio)
        group.addButton(self.existing_radio)
        self.new_radio.setChecked(True)
        self.existing_radio.setEnabled(self.existing.count() > 0)
        grid.addWidget(self.new_radio, 0, 0)
        grid.addWidget(self.new_name, 0, 1)
        grid.addWidget(self.existing_radio, 1, 0)
        grid.addWidget(self.existing, 1, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addWidget(_note(tr("A new element is created beside “{name}”. The codings you "
                                  "do not tick stay where they are. You can undo this (Ctrl+Z).",
                                  name=element.name)))
        buttons, self.ok_button = _buttons(self, tr("Split"))
        layout.addWidget(buttons)
        for signal in (self.codings.itemChanged, self.new_name.textChanged,
                       self.new_radio.toggled, self.existing.currentIndexChanged):
            signal.connect(lambda *_: self._check())
        self.new_name.textEdited.connect(lambda _text: self.new_radio.setChecked(True))
        self.existing.activated.connect(lambda _row: self.existing_radio.setChecked(True))
        self._check()

    def set_checked(self, coding_ids: list[int]) -> None:
        for row in range(self.codings.count()):
            item = self.codings.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in coding_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def checked_ids(self) -> list[int]:
        return [int(self.codings.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.codings.count())
                if self.codings.item(row).checkState() == Qt.CheckState.Checked]

    def target(self) -> tuple[int | None, str]:
        """(existing element id, "") or (None, name of the new element)."""
        if self.existing_radio.isChecked() and self.existing.currentIndex() >= 0:
            return int(self.existing.currentData()), ""
        return None, self.new_name.text().strip()

    def _check(self) -> None:
        element_id, name = self.target()
        self.ok_button.setEnabled(bool(self.checked_ids())
                                  and (element_id is not None or bool(name)))


def ask_example_mode(parent: QWidget | None, element: Element) -> str | None:
    """"replace", "append" or None (cancel): what to do with an element's existing example."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("Use as example"),
                      tr("“{name}” already has an example. Replace it with this quote, or add "
                         "the quote after it?", name=element.name),
                      QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(element.example)
    replace = box.addButton(tr("Replace"), QMessageBox.ButtonRole.AcceptRole)
    append = box.addButton(tr("Add after it"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(append)
    box.exec()
    clicked = box.clickedButton()
    return "replace" if clicked is replace else "append" if clicked is append else None
