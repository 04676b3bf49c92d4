"""File → Save a Copy to Send…: a compact copy of the project for a co-coder or a supervisor
(workbench/core/pack.py), written in the background, then its size said.

    save_copy_to_send(window, project)   # options, save dialog, background job, "Open folder"
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ..i18n import tr
from .backup_dialog import size_text
from . import export_actions
from .export_actions import _ask_path, _file_name, _folder, _start, _status
from .jobs import Job

if TYPE_CHECKING:
    from ..core import Project


@dataclass
class PackChoice:
    originals: bool = True
    history: bool = False


class PackDialog(QDialog):
    """What the copy leaves out: the original files of text sources, the undo history."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Save a copy to send"))
        hint = QLabel(tr("A smaller copy of the project to send by mail or a chat app. Caches "
                         "are left out; the receiver opens and searches it at once."))
        hint.setWordWrap(True)
        self.without_originals = QCheckBox(tr("Leave out the original files of text sources "
                                              "(their text and codings stay; images stay)"))
        self.history = QCheckBox(tr("Keep the undo history"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Save copy…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (hint, self.without_originals, self.history, buttons):
            layout.addWidget(widget)

    def choice(self) -> PackChoice:
        return PackChoice(not self.without_originals.isChecked(), self.history.isChecked())


def save_copy_to_send(parent: QWidget | None, project: "Project | None") -> Job | None:
    if project is None:
        return None
    dialog = PackDialog(parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        choice = dialog.choice()
    finally:
        dialog.deleteLater()
    suggestion = _folder(project) / (_file_name(project) + tr(" - copy to send") + ".cwb")
    target = _ask_path(parent, tr("Save a copy to send"), suggestion,
                       f"{tr('Case Workbench projects')} (*.cwb)", ".cwb")
    if target is None:
        return None
    sizes: dict[str, int] = {}

    def write(path: Path, _progress) -> None:
        from ..core.pack import pack_project
        result = pack_project(project, path, originals=choice.originals, history=choice.history)
        sizes.update(size=result.size, project=result.project_size)

    def written(path: Path) -> None:
        message = tr("Saved a copy to send: {name}, {size} (the project file is "
                     "{project_size}).", name=path.name, size=size_text(sizes["size"]),
                     project_size=size_text(sizes["project"]))
        _status(parent, message)
        export_actions.offer_to_open(parent, message, tr("Open folder"), path.parent)

    return _start(parent, tr("Saving a copy…"), write, target, written)
