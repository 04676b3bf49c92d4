"""What the window's menus call for the codebook and framework templates. Each function asks what
it needs (file dialogs, the template dialogs), does one undoable thing, says what happened, and
turns a WorkbenchError into a message box (``reported``).

    open_codebook(window, project)          # the codebook editor in its own window
    make_codebook_view(project)              # … or as a part for a dock
    add_framework_from_template(window, project)
    save_framework_as_template(window, project)
    export_codebook(window, project) / import_codebook(window, project)
    set_example_from_coding(window, project, coding_id)   # "Use as example"
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QVBoxLayout,
                               QWidget)

from ..core import Change, Project
from ..i18n import tr
from .errors import reported

if TYPE_CHECKING:
    from .codebook_view import CodebookView

SUFFIXES = (".xlsx", ".csv", ".qdc")
MAX_LISTED = 15  # skipped rows named in the import message; the rest are counted


class CodebookDialog(QDialog):
    """The codebook editor in a window of its own, following the project until it closes."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from .codebook_view import CodebookView
        self.setWindowTitle(tr("Codebook"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.resize(1200, 720)
        self.view = CodebookView(self)
        self.view.set_project(project)
        self._project: Project | None = project
        project.subscribe(self._follow)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.finished.connect(lambda _result: self.detach())

    def _follow(self, change: Change) -> None:
        if shiboken6.isValid(self.view):
            self.view.refresh(change)
        elif self._project is not None:  # deleted with its parent without being closed
            self._project.unsubscribe(self._follow)
            self._project = None

    def detach(self) -> None:
        """Stop following the project (the window calls this through close_codebook)."""
        if self._project is not None:
            self._project.unsubscribe(self._follow)
            self._project = None
            if shiboken6.isValid(self.view):
                self.view.set_project(None)


def open_codebook(parent: QWidget | None, project: Project | None) -> CodebookDialog | None:
    """Show the codebook editor (non-modal); a second call raises the one already open."""
    if project is None:
        return None
    with reported(parent):
        if parent is not None:
            for dialog in parent.findChildren(CodebookDialog):
                if dialog.isVisible() and dialog._project is project:
                    dialog.raise_()
                    dialog.activateWindow()
                    return dialog
        dialog = CodebookDialog(project, parent)
        dialog.show()
        return dialog
    return None


def close_codebook(parent: QWidget) -> None:
    """Close the codebook windows of ``parent`` (when its project is closed or replaced)."""
    for dialog in parent.findChildren(CodebookDialog):
        dialog.detach()
        dialog.close()


def make_codebook_view(project: Project | None = None,
                       parent: QWidget | None = None) -> "CodebookView":
    """The editor as a part for a dock: the window calls its set_project/refresh like any part."""
    from .codebook_view import CodebookView
    view = CodebookView(parent)
    view.set_project(project)
    return view


def _filters() -> list[str]:
    """The save dialog's file types, in the order of SUFFIXES."""
    return [tr("Excel workbook (*.xlsx)"), tr("CSV, UTF-8 (*.csv)"),
            tr("REFI-QDA codebook (*.qdc)")]


def export_codebook(parent: QWidget | None, project: Project) -> Path | None:
    """Save the codebook as .xlsx, .csv or .qdc (by the name's suffix or the chosen type)."""
    from ..exchange.codebook import export_codebook as write
    names = _filters()
    filters = ";;".join(names)
    default = project.path.with_name(f"{project.path.stem}-{tr('codebook')}.xlsx")
    path, chosen = QFileDialog.getSaveFileName(parent, tr("Export codebook"), str(default),
                                               filters)
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() not in SUFFIXES:
        target = target.with_name(target.name + SUFFIXES[names.index(chosen)
                                                          if chosen in names else 0])
    with reported(parent):
        written = write(project, target)
        QMessageBox.information(parent, tr("Export codebook"), tr(
            "Wrote the codebook of {count} elements to {path}.",
            count=len(project.elements.list()), path=written))
        return written
    return None


def import_codebook(parent: QWidget | None, project: Project):
    """Read a codebook file into the project (one undo step) and report what changed."""
    from ..exchange.codebook import import_codebook as read
    path, _chosen = QFileDialog.getOpenFileName(
        parent, tr("Import codebook"), str(project.path.parent),
        tr("Codebooks (*.xlsx *.csv *.qdc)"))
    if not path:
        return None
    with reported(parent):
        report = read(project, Path(path))
        text = tr("Added {added} elements, updated {updated}; {unchanged} were already the same.",
                  added=report.added, updated=report.updated, unchanged=report.unchanged)
        if report.skipped:
            listed = report.skipped[:MAX_LISTED]
            text += "\n\n" + tr("Skipped:") + "\n" + "\n".join(f"• {s}" for s in listed)
            if len(report.skipped) > MAX_LISTED:
                text += "\n" + tr("… and {count} more.", count=len(report.skipped) - MAX_LISTED)
            QMessageBox.warning(parent, tr("Import codebook"), text)
        else:
            QMessageBox.information(parent, tr("Import codebook"), text)
        return report
    return None


def set_example_from_coding(parent: QWidget | None, project: Project,
                            coding_id: int) -> int | None:
    """Make a coded passage its element's anchor example; the element's id, None if not done."""
    from .codebook_dialogs import ask_example_mode
    with reported(parent):
        coding = project.codings.get(coding_id)
        quote = (coding.snippet or "").strip()
        if coding.is_region or not quote:
            QMessageBox.information(parent, tr("Use as example"), tr(
                "Only a coded passage of text can be an example, not an image region."))
            return None
        element = project.elements.get(coding.element_id)
        example = quote
        if element.example.strip() and element.example.strip() != quote:
            mode = ask_example_mode(parent, element)
            if mode is None:
                return None
            if mode == "append":
                example = f"{element.example.rstrip()}\n{quote}"
        project.elements.update(element.id, example=example)
        return element.id
    return None


def add_framework_from_template(parent: QWidget | None, project: Project) -> list | None:
    """Choose a template and add its elements (one undo step); the elements added."""
    from .template_dialogs import AddTemplateDialog
    with reported(parent):
        dialog = AddTemplateDialog(project, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.template() is None:
            return None
        template = dialog.template()
        language = "zh" if project.language.startswith("zh") else "en"
        added = project.elements.apply_template(template, language)
        total = sum(1 for _ in template.walk())
        QMessageBox.information(parent, tr("Add framework from template"), tr(
            "Added {added} elements of “{name}”; {kept} were already in the framework.",
            added=len(added), name=template.name.get(language), kept=total - len(added)))
        return added
    return None


def save_framework_as_template(parent: QWidget | None, project: Project) -> Path | None:
    """Name the project's framework and save it as a .toml template file."""
    from ..core.frameworks import save_template
    from ..exchange.template_from_project import template_from_project
    from .template_dialogs import SaveTemplateDialog, user_templates_folder
    with reported(parent):
        dialog = SaveTemplateDialog(project, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        template_id, name_zh, name_en, description = dialog.values()
        template = template_from_project(project, template_id, name_zh, name_en, description)
        folder = user_templates_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path, _chosen = QFileDialog.getSaveFileName(
            parent, tr("Save framework as template"), str(folder / f"{template_id}.toml"),
            tr("Framework templates (*.toml)"))
        if not path:
            return None
        target = Path(path) if path.lower().endswith(".toml") else Path(path + ".toml")
        save_template(template, target)
        listed = target.parent.resolve() == folder.resolve()
        QMessageBox.information(parent, tr("Save framework as template"), tr(
            "Saved the framework as {path}. “Add framework from template…” lists it from now on.",
            path=target) if listed else tr(
            "Saved the framework as {path}. Add it to a project with “From file…” in “Add "
            "framework from template…”.", path=target))
        return target
    return None
