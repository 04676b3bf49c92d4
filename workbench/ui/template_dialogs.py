"""Framework templates in the window: choose one (bundled, saved by the user, or any .toml file)
to add its elements to the project, and name the project's own framework to save it as one.

The user's templates live in ``<user data folder>/frameworks`` (platformdirs'
``user_data_path("case-workbench")``); the add dialog lists every readable .toml file there."""
from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from ..core import Project
from ..core.frameworks import FrameworkTemplate, list_templates, load_template
from ..exchange.template_from_project import TEMPLATE_ID
from ..i18n import tr
from .errors import reported

log = logging.getLogger("workbench.ui")
TEMPLATE_ROLE = Qt.ItemDataRole.UserRole


def user_templates_folder() -> Path:
    """Where "Save framework as template…" saves by default (the demo's data folder, so the
    CASE_WORKBENCH_DATA_DIR override applies to both)."""
    from ..data_folder import data_dir
    return data_dir() / "frameworks"


def user_templates() -> list[FrameworkTemplate]:
    """The readable templates in the user's folder; a broken file is logged and left out."""
    folder = user_templates_folder()
    found = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            found.append(load_template(path))
        except Exception:  # one bad file must not hide the others
            log.exception("framework template %s could not be read", path)
    return found


def _language(project: Project) -> str:
    return "zh" if project.language.lower().startswith("zh") else "en"


def template_html(template: FrameworkTemplate, language: str) -> str:
    """Name, description, element tree with definitions, and references, as simple HTML."""
    def text(value) -> str:
        return html.escape(value.get(language)).replace("\n", "<br>")

    parts = [f"<h3>{text(template.name)}</h3>", f"<p>{text(template.description)}</p>",
             f"<h4>{html.escape(tr('Elements'))}</h4>"]

    def tree(elements) -> None:
        parts.append("<ul>")
        for element in elements:
            parts.append(f"<li><span style='color:{element.color}'>■</span> "
                         f"<b>{text(element.name)}</b>")
            if element.definition.get(language):
                parts.append(f"<br><span style='color:#555'>{text(element.definition)}</span>")
            if element.children:
                tree(element.children)
            parts.append("</li>")
        parts.append("</ul>")

    tree(template.elements)
    if template.references:
        parts.append(f"<h4>{html.escape(tr('References'))}</h4><ul>")
        parts += [f"<li>{html.escape(r)}</li>" for r in template.references]
        parts.append("</ul>")
    return "".join(parts)


class AddTemplateDialog(QDialog):
    """Lists the bundled and the user's templates (and any file chosen with "From file…"),
    shows the selected one; ``template()`` is the choice."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Add framework from template"))
        self.resize(900, 620)
        self._language = _language(project)
        self.list = QListWidget()
        for template in list_templates():
            self.add_template(template, select=False)
        for template in user_templates():
            self.add_template(template, select=False, own=True)
        from_file = QPushButton(tr("From file…"))
        from_file.clicked.connect(self.choose_file)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        left_layout.addWidget(from_file)
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(True)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setSizes([280, 620])
        note = QLabel(tr("Its elements are added to the project's framework; an element whose "
                         "name is already there is kept as it is. You can undo this (Ctrl+Z)."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(tr("Add to framework"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(lambda _row: self._show())
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        if self.list.count():
            self.list.setCurrentRow(0)
        self._show()

    def add_template(self, template: FrameworkTemplate, select: bool = True,
                     own: bool = False) -> None:
        name = template.name.get(self._language)
        item = QListWidgetItem(tr("{name} (yours)", name=name) if own else name)
        item.setData(TEMPLATE_ROLE, template)
        item.setToolTip(str(template.path or template.id))
        self.list.addItem(item)
        if select:
            self.list.setCurrentItem(item)

    def select_id(self, template_id: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(TEMPLATE_ROLE).id == template_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def ids(self) -> list[str]:
        return [self.list.item(row).data(TEMPLATE_ROLE).id for row in range(self.list.count())]

    def template(self) -> FrameworkTemplate | None:
        item = self.list.currentItem()
        return item.data(TEMPLATE_ROLE) if item is not None else None

    def choose_file(self) -> None:
        folder = user_templates_folder()
        path, _filter = QFileDialog.getOpenFileName(
            self, tr("Framework template"), str(folder if folder.is_dir() else Path.home()),
            tr("Framework templates (*.toml)"))
        if path:
            with reported(self):
                self.add_template(load_template(Path(path)), own=True)

    def _show(self) -> None:
        template = self.template()
        self.ok_button.setEnabled(template is not None)
        self.details.setHtml(template_html(template, self._language) if template else "")


class SaveTemplateDialog(QDialog):
    """Id, Chinese and English names and a description for "Save framework as template…"."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Save framework as template"))
        self.setMinimumWidth(520)
        info = project.info()
        self.id_edit = QLineEdit(_default_id(info.framework, info.title))
        self.id_edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(TEMPLATE_ID.pattern), self.id_edit))
        self.id_edit.setToolTip(tr("Letters, digits, “-”, “_” and “.” only, e.g. my-framework; "
                                   "it is also the file's name."))
        self.name_zh = QLineEdit(info.title if _language(project) == "zh" else "")
        self.name_en = QLineEdit(info.title if _language(project) == "en" else "")
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(100)
        form = QFormLayout(self)
        form.addRow(tr("Id:"), self.id_edit)
        form.addRow(tr("Chinese name:"), self.name_zh)
        form.addRow(tr("English name:"), self.name_en)
        form.addRow(tr("Description:"), self.description)
        note = QLabel(tr("The elements, their codebook entries and the interaction types are "
                         "saved in the project's language; the other language is left empty."))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(tr("Save…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for edit in (self.id_edit, self.name_zh, self.name_en):
            edit.textChanged.connect(lambda _text: self._check())
        self._check()

    def values(self) -> tuple[str, str, str, str]:
        """(id, Chinese name, English name, description)."""
        return (self.id_edit.text().strip(), self.name_zh.text().strip(),
                self.name_en.text().strip(), self.description.toPlainText().strip())

    def _check(self) -> None:
        template_id, zh, en, _description = self.values()
        self.ok_button.setEnabled(bool(TEMPLATE_ID.fullmatch(template_id)) and bool(zh or en))


def _default_id(framework: str, title: str) -> str:
    """"my-toe" for a study started from toe; else a slug of an English title; else
    "my-framework"."""
    if framework and framework != "blank" and TEMPLATE_ID.fullmatch(framework):
        return f"my-{framework}"
    slug = "-".join("".join(c if c.isascii() and c.isalnum() else " "
                            for c in title.lower()).split())
    has_letters = sum(c.isalpha() for c in slug) >= 3
    return slug if has_letters and TEMPLATE_ID.fullmatch(slug) else "my-framework"
