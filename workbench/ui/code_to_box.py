""""Code to…": type part of an element's name, its pinyin initials (sjgx → 数据共享) or English, and
press Enter to code the current selection to the best match; the list below the box shows the
matches (Up/Down to choose one) with each element's path, so two elements of the same name in
different categories are told apart."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from ..core import Element
from ..i18n import tr
from .quick_keys import find_elements

SHOWN = 12  # matches listed under the box


class CodeToBox(QLineEdit):
    elementChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeToBox")
        self._elements: list[Element] = []
        self._shown: list[Element] = []
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        # We rank matches ourselves (pinyin too); the completer only shows our list.
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(SHOWN)
        self._completer.setWidget(self)
        self._completer.activated[str].connect(self._activated_text)
        self.textEdited.connect(self._update_matches)
        self.returnPressed.connect(self._choose_best)
        self.setClearButtonEnabled(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(tr("Code to… (name or pinyin initials, Enter)"))
        self.setToolTip(tr("Type part of an element's name or its pinyin initials and press "
                           "Enter to code the selected text or region to it."))

    def set_elements(self, elements: list[Element]) -> None:
        self._elements = list(elements)
        if self.text():
            self._update_matches(self.text())

    def matches(self) -> list[Element]:
        return list(self._shown)

    def _label(self, element: Element) -> str:
        return element.path or element.name

    def _update_matches(self, text: str) -> None:
        self._shown = find_elements(text, self._elements)[:SHOWN]
        self._model.setStringList([self._label(e) for e in self._shown])
        if self._shown:
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _activated_text(self, label: str) -> None:
        element = next((e for e in self._shown if self._label(e) == label), None)
        if element is not None:
            self._choose(element)

    def _choose_best(self) -> None:
        popup = self._completer.popup()
        row = popup.currentIndex().row() if popup.isVisible() else -1
        if 0 <= row < len(self._shown):  # the match highlighted with Up/Down
            self._choose(self._shown[row])
            return
        found = find_elements(self.text(), self._elements)
        if found:  # choosing clears the box, so a second signal for the same Enter does nothing
            self._choose(found[0])

    def _choose(self, element: Element) -> None:
        self._completer.popup().hide()
        self.clear()
        self._shown = []
        self.elementChosen.emit(element.id)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self._completer.popup().hide()
        super().keyPressEvent(event)
