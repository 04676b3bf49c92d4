"""The project's stopword choices, beside its dictionary in the Words view: words it does not
count (beyond the shipped lists under resources/stopwords) and shipped stopwords it counts anyway.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QListWidget, QPushButton,
                               QVBoxLayout, QWidget)

from ..core import Project
from ..i18n import tr
from .errors import reported


class StopwordsEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.added = QListWidget()
        self.kept = QListWidget()
        for box in (self.added, self.kept):
            box.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.add_button = QPushButton(tr("Do not count…"))
        self.keep_button = QPushButton(tr("Count anyway…"))
        self.reset_button = QPushButton(tr("Reset"))
        self.reset_button.setToolTip(tr("Back to the shipped stopword lists for the chosen words"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.keep_button, self.reset_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("Stopwords of this project (not counted)")))
        layout.addWidget(self.added, 1)
        layout.addWidget(QLabel(tr("Shipped stopwords this project counts")))
        layout.addWidget(self.kept, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self._ask(tr("Do not count these words"),
                                                          self.add_stopwords))
        self.keep_button.clicked.connect(lambda: self._ask(tr("Count these stopwords"),
                                                           self.keep_words))
        self.reset_button.clicked.connect(self.reset_selected)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.reload()

    def reload(self) -> None:
        for box in (self.added, self.kept):
            box.clear()
        if self._project is not None:
            self.added.addItems(self._project.dictionary.stopwords_added())
            self.kept.addItems(self._project.dictionary.stopwords_kept())
        self.setEnabled(self._project is not None and not self._project.read_only)

    def add_stopwords(self, text: str) -> None:
        self._apply(text, "add_stopwords")

    def keep_words(self, text: str) -> None:
        self._apply(text, "keep_words")

    def reset_selected(self) -> None:
        chosen = [i.text() for box in (self.added, self.kept) for i in box.selectedItems()]
        if self._project is not None and chosen:
            with reported(self):
                self._project.dictionary.reset_words(*chosen)
            self.reload()

    def _apply(self, text: str, method: str) -> None:
        found = [w for w in text.replace("，", "\n").replace(",", "\n").splitlines() if w.strip()]
        if self._project is None or not found:
            return
        with reported(self):
            getattr(self._project.dictionary, method)(*found)
        self.reload()

    def _ask(self, title: str, apply) -> None:
        text, ok = QInputDialog.getText(self, title, tr("Words (separated by commas):"))
        if ok:
            apply(text)
