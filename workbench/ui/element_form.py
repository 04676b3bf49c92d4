"""The element form: the codebook entry of one element (name, colour, definition, inclusion and
exclusion rules, example). Each field is saved when its edit ends — one undo step per edit."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QColorDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QStackedLayout, QWidget)

from ..core import Change, Element, Project, WorkbenchError
from ..i18n import tr
from .errors import reported
from .panel_models import added_codings, swatch_icon, touches
from .panel_widgets import IdleSaver

TEXT_FIELDS = (("definition", "Definition:"), ("inclusion", "Inclusion rule:"),
               ("exclusion", "Exclusion rule:"), ("example", "Example:"))


class ElementForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._element: Element | None = None
        self.name = QLineEdit()
        self.color_button = QPushButton()
        self.color_button.setToolTip(tr("Choose the element's colour"))
        self.color_button.clicked.connect(self.choose_color)
        self.count = QLabel()
        self.savers: dict[str, IdleSaver] = {
            "name": IdleSaver(self.name, lambda text: self._save("name", text), delay_ms=0)}
        self.editors: dict[str, QPlainTextEdit] = {}
        form_page = QWidget()
        form = QFormLayout(form_page)
        form.addRow(tr("Name:"), self.name)
        form.addRow(tr("Colour:"), self.color_button)
        form.addRow(tr("Codings:"), self.count)
        for field, label in TEXT_FIELDS:
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(60)
            self.editors[field] = editor
            self.savers[field] = IdleSaver(editor, lambda text, f=field: self._save(f, text))
            form.addRow(tr(label), editor)
        self.empty = QLabel(tr("Select an element to see its codebook entry."))
        self.empty.setWordWrap(True)
        self._pages = QStackedLayout(self)
        self._pages.addWidget(self.empty)
        self._pages.addWidget(form_page)
        self._form_page = form_page
        self._show(None)

    # ----- the part interface --------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project = project
        self._show(None)

    def refresh(self, change: Change | None) -> None:
        if self._element is None or not touches(change, "elements", "codings"):
            return
        added = added_codings(change)
        if added is None:
            self._load(self._element.id)
            return
        more = sum(1 for c in added if c.element_id == self._element.id)
        if more:  # codings just made: only the count changes
            self._element = replace(self._element, coding_count=self._element.coding_count + more)
            self.count.setText(str(self._element.coding_count))

    def show_element(self, element_id: int | None) -> None:
        self.flush()  # a pending edit belongs to the element shown until now
        if element_id is None or self._project is None:
            self._show(None)
        else:
            self._load(element_id, force=True)

    def current_element_id(self) -> int | None:
        return self._element.id if self._element else None

    def flush(self) -> None:
        for saver in self.savers.values():
            saver.flush()

    # ----- loading and saving --------------------------------------------------------------
    def _load(self, element_id: int, force: bool = False) -> None:
        try:
            element = self._project.elements.get(element_id) if self._project else None
        except WorkbenchError:  # deleted, or its creation undone
            element = None
        self._show(element, force)

    def _show(self, element: Element | None, force: bool = True) -> None:
        self._element = element
        self._pages.setCurrentWidget(self._form_page if element else self.empty)
        editable = element is not None and self._project is not None \
            and not self._project.read_only
        self._form_page.setEnabled(editable)
        if element is None:
            for saver in self.savers.values():
                saver.set_text("", force=True)
            return
        self.savers["name"].set_text(element.name, force=force)
        for field, _label in TEXT_FIELDS:
            self.savers[field].set_text(getattr(element, field), force=force)
        self.color_button.setIcon(swatch_icon(element.color))
        self.color_button.setText(element.color)
        self.count.setText(str(element.coding_count))

    def _save(self, field: str, text: str) -> None:
        element = self._element
        if element is None or self._project is None or text == getattr(element, field):
            return
        done = False
        with reported(self):
            self._element = self._project.elements.update(element.id, **{field: text})
            done = True
        if not done:  # refused (empty or clashing name): show the stored value again
            self.savers[field].set_text(getattr(element, field), force=True)

    def choose_color(self) -> None:
        element = self._element
        if element is None or self._project is None:
            return
        color = QColorDialog.getColor(QColor(element.color), self,
                                      tr("Colour of {name}", name=element.name))
        if color.isValid() and color.name().upper() != element.color.upper():
            with reported(self):
                self._element = self._project.elements.update(element.id,
                                                              color=color.name().upper())
                self._show(self._element, force=False)
