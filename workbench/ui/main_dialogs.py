"""Small dialogs of the main window: a new project's title, language and starting framework."""
from __future__ import annotations

import logging

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QFrame,
                               QLineEdit, QTextBrowser, QVBoxLayout, QWidget)

from ..i18n import current_language, tr

log = logging.getLogger("workbench.ui")


def framework_choices() -> list[tuple[str | None, str, str]]:
    """(template id or None, name, description) in the interface language."""
    language = current_language()
    choices: list[tuple[str | None, str, str]] = []
    try:
        from ..core.frameworks import list_templates
        templates = list_templates()
    except Exception:  # a damaged bundled template must not stop anyone from starting a study
        log.exception("framework templates could not be listed")
        templates = []
    for template in templates:
        choices.append((template.id, template.name.get(language),
                        template.description.get(language)))
    if not any(t_id == "blank" for t_id, _, _ in choices):
        choices.append((None, tr("No framework (start empty)"),
                        tr("Start with an empty framework and add elements as you code.")))
    return choices


class NewProjectDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, language: str):
        super().__init__(parent)
        self.setWindowTitle(tr("New project"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title_edit = QLineEdit(title)
        self.title_edit.selectAll()
        form.addRow(tr("Title:"), self.title_edit)
        self.language_combo = QComboBox()
        self.language_combo.addItem("中文", "zh")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(0 if language.startswith("zh") else 1)
        self.language_combo.setToolTip(tr("The language of the material; it decides how words "
                                          "are counted and which names the framework gets."))
        form.addRow(tr("Language of the material:"), self.language_combo)
        self.framework_combo = QComboBox()
        self._choices = framework_choices()
        for template_id, name, _ in self._choices:
            self.framework_combo.addItem(name, template_id)
        form.addRow(tr("Framework:"), self.framework_combo)
        layout.addLayout(form)
        # A framework's description can be a long paragraph: a scrollable, frameless text.
        self.description = QTextBrowser()
        self.description.setFrameShape(QFrame.Shape.NoFrame)
        self.description.setFixedHeight(130)
        self.description.viewport().setAutoFillBackground(False)
        layout.addWidget(self.description)
        self.framework_combo.currentIndexChanged.connect(self._describe)
        self._describe(self.framework_combo.currentIndex())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _describe(self, index: int) -> None:
        self.description.setPlainText(self._choices[index][2]
                                      if 0 <= index < len(self._choices) else "")

    def values(self) -> tuple[str, str, str | None]:
        """(title, project language "zh"/"en", framework template id or None)."""
        return (self.title_edit.text().strip(), self.language_combo.currentData(),
                self.framework_combo.currentData())
