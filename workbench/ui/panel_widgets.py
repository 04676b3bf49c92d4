"""Small widgets the panels share: a save-on-pause text binding and two little dialogs."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QRadioButton, QVBoxLayout,
                               QWidget)

from ..core import Element
from ..i18n import tr

IDLE_MS = 1200  # a pause this long ends an edit: spans a word, yet saves soon after typing


class IdleSaver(QObject):
    """Binds a text field to a save function called once per edit: when typing pauses for
    ``IDLE_MS`` or focus leaves the field, never per keystroke (each save is one undo step).
    ``delay_ms=0`` saves on focus-out/Enter only (names: half-typed names would clash)."""

    def __init__(self, widget: QLineEdit | QPlainTextEdit, save: Callable[[str], None],
                 delay_ms: int = IDLE_MS) -> None:
        super().__init__(widget)
        self._widget, self._save = widget, save
        self.dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._edited)  # user edits only, not setText
            widget.editingFinished.connect(self.flush)
        else:
            widget.textChanged.connect(self._edited)
            widget.installEventFilter(self)

    def text(self) -> str:
        w = self._widget
        return w.text() if isinstance(w, QLineEdit) else w.toPlainText()

    def set_text(self, text: str, *, force: bool = False) -> None:
        """Show a stored value, unless the user is in the middle of changing it."""
        if self.dirty and not force:
            return
        self._timer.stop()
        self.dirty = False
        if text == self.text():
            return  # keeps the cursor where it is after our own save comes back as a refresh
        self._widget.blockSignals(True)
        if isinstance(self._widget, QLineEdit):
            self._widget.setText(text)
        else:
            self._widget.setPlainText(text)
        self._widget.blockSignals(False)

    def flush(self) -> None:
        self._timer.stop()
        if self.dirty:
            self.dirty = False
            self._save(self.text())

    def _edited(self, *_: object) -> None:
        self.dirty = True
        if self._timer.interval() > 0:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False


class DeleteElementDialog(QDialog):
    """Asks what happens to an element's codings before it is deleted."""

    def __init__(self, element: Element, others: list[Element], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Delete element"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Delete the element “{name}”?", name=element.path)))
        self.delete_radio = QRadioButton(
            tr("Delete its {count} codings", count=element.coding_count))
        self.move_radio = QRadioButton(tr("Move its codings to:"))
        self.target = QComboBox()
        for other in others:
            self.target.addItem(other.path, other.id)
        group = QButtonGroup(self)
        group.addButton(self.delete_radio)
        group.addButton(self.move_radio)
        self.delete_radio.setChecked(True)
        self.target.setEnabled(False)
        self.move_radio.toggled.connect(self.target.setEnabled)
        if element.coding_count:
            for widget in (self.delete_radio, self.move_radio, self.target):
                layout.addWidget(widget)
            self.move_radio.setEnabled(bool(others))
        else:
            layout.addWidget(QLabel(tr("It has no codings.")))
        note = QLabel(tr("Its sub-elements move up one level. You can undo this (Ctrl+Z)."))
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(tr("Delete"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def move_to(self) -> int | None:
        """The element that receives the codings, or None to delete them."""
        if self.move_radio.isChecked() and self.target.currentIndex() >= 0:
            return int(self.target.currentData())
        return None


class AttributeDialog(QDialog):
    """Name and type of a new case attribute."""

    KINDS = (("text", "Text"), ("number", "Number"), ("date", "Date"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Add attribute"))
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.kind = QComboBox()
        for key, label in self.KINDS:
            self.kind.addItem(tr(label), key)
        form.addRow(tr("Name:"), self.name)
        form.addRow(tr("Type:"), self.kind)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), str(self.kind.currentData())
