"""The message bar under the toolbar: what the researcher must know about the open file.

Like a browser's info bar — an icon, one sentence, action buttons and a close ×. Several can
show at once, one row each:

* read-only because the file or its folder cannot be written → "Save a Copy…" (then open it);
* read-only because the file failed its check → "Project Doctor…" when the window has it;
* read-only because the researcher chose it, or another window has the file → "Open for
  editing"; a backup opened to look at says how to bring it back instead;
* the file is in a cloud-sync folder or on a network drive → "Don't warn again for this file"
  (remembered in the window's settings, by the file's full path).

The sentences come from the core (``Project.read_only_reason``, ``Project.location_warning``);
this module only shows them and does the actions.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QStyle,
                               QToolBar, QToolButton, QVBoxLayout, QWidget)

from ..core import Project
from ..core.backups import is_backup_copy
from ..core.places import location_warning
from ..core.trust import save_copy
from ..i18n import tr

if TYPE_CHECKING:
    from .main_window import MainWindow

QUIET_KEY = "banner/quiet_locations"  # files whose location warning the user silenced
_STYLE = {
    "info": ("#E3F0FB", "#A9C9E8", "#123A5C"),
    "warning": ("#FFF4C2", "#E6CF6E", "#4A3B00"),
    "error": ("#FDE2E1", "#E8A09C", "#5C1410"),
}


class MessageRow(QFrame):
    """One message: icon, sentence, buttons, ×."""

    def __init__(self, key: str, kind: str, text: str,
                 actions: list[tuple[str, Callable[[], None]]], on_close: Callable[[str], None]):
        super().__init__()
        self.key = key
        self.setObjectName("messageRow")
        background, border, ink = _STYLE[kind]
        self.setStyleSheet(f"#messageRow {{ background: {background}; "
                           f"border-bottom: 1px solid {border}; }} "
                           f"#messageRow QLabel {{ color: {ink}; }}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 5, 6, 5)
        icon = QLabel()
        standard = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
                    "info": QStyle.StandardPixmap.SP_MessageBoxInformation}.get(
            kind, QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(self.style().standardIcon(standard).pixmap(18, 18))
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        for title, action in actions:
            button = QPushButton(title)
            button.clicked.connect(action)
            layout.addWidget(button)
            self.buttons.append(button)
        close = QToolButton()
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(tr("Hide this message"))
        close.clicked.connect(lambda: on_close(self.key))
        layout.addWidget(close)
        self.close_button = close

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # A toolbar sizes its widgets by sizeHint, which a word-wrapping label guesses for a
        # narrow width (too tall): pin the label to the height its real width needs.
        super().resizeEvent(event)
        needed = self.label.heightForWidth(self.label.width())
        if needed > 0 and needed != self.label.height():
            self.label.setFixedHeight(needed)


class MessageBar(QWidget):
    """Shown in a fixed toolbar row of its own under the main toolbar, so a message spans the
    whole window (a browser's info bar) instead of squeezing into the middle column."""

    def __init__(self, window: "MainWindow"):
        super().__init__()
        self.setObjectName("messageBar")
        self._window = window
        self.area = QToolBar()
        self.area.setObjectName("messageBarArea")
        self.area.setMovable(False)
        self.area.setFloatable(False)
        self.area.setContentsMargins(0, 0, 0, 0)
        self.area.setStyleSheet("QToolBar#messageBarArea { border: 0; padding: 0; spacing: 0; }")
        self.area.toggleViewAction().setVisible(False)  # not a toolbar the user switches off
        self.area.addWidget(self)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.area)
        self.area.hide()
        # restoreState() may show the row from last session's layout: never show it empty
        self.area.visibilityChanged.connect(self._never_empty)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._closed: set[str] = set()  # hidden for this opening of this file
        self._path: Path | None = None
        self.rows: list[MessageRow] = []

    # ----- what is shown -------------------------------------------------------------------
    def show_project(self, project: Project | None) -> None:
        """Messages for the project just opened (None: clear)."""
        path = None if project is None else project.path
        if path != self._path:
            self._closed = set()
            self._path = path
        self._rebuild(project)

    def retranslate(self) -> None:
        self._rebuild(self._window.project)

    def _never_empty(self, visible: bool) -> None:
        if visible and not self.rows:
            self.area.hide()

    def texts(self) -> list[str]:
        return [row.label.text() for row in self.rows]

    def _rebuild(self, project: Project | None) -> None:
        for row in self.rows:
            self._layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for key, kind, text, actions in self._messages(project):
            if key not in self._closed:
                row = MessageRow(key, kind, text, actions, self._close)
                self._layout.addWidget(row)
                self.rows.append(row)
        self.area.setVisible(bool(self.rows))

    def _messages(self, project: Project | None):
        if project is None:
            return []
        out = []
        if project.read_only_reason:
            if project.check_failed:
                doctor = self._doctor_action()
                actions = [(tr("Project Doctor…"), doctor.trigger)] if doctor is not None else []
                out.append(("damaged", "error", project.read_only_reason, actions))
            else:
                out.append(("read_only", "warning", project.read_only_reason,
                            [(tr("Save a Copy…"), lambda: save_a_copy(self._window))]))
        elif project.read_only and is_backup_copy(project.path):
            # A backup is looked at, never edited: it comes back through Restore from Backup.
            out.append(("read_only", "info", tr(
                "This is a backup, open read-only to look at; to bring it back, open the project "
                "and choose File → Restore from Backup…"), []))
        elif project.read_only:
            out.append(("read_only", "info", tr(
                "This project is open read-only (it is open in another window, or you chose "
                "read-only): you can read and search, but not change it."),
                [(tr("Open for editing"), self._window.reopen_for_editing)]))
        if project.location_warning and not self.is_quiet(project.path):
            text = location_warning(project.path) or project.location_warning  # its language
            out.append(("location", "warning", text,
                        [(tr("Don't warn again for this file"),
                          lambda: self.quiet(project.path))]))
        return out

    def _doctor_action(self):
        """File → Project Doctor… when the window has it (built elsewhere)."""
        actions = getattr(getattr(self._window, "menus", None), "actions", {}) or {}
        return next((action for key, action in actions.items() if "doctor" in key), None)

    def _close(self, key: str) -> None:
        self._closed.add(key)
        self._rebuild(self._window.project)

    # ----- "don't warn again", in the window's settings ------------------------------------
    def _quiet_paths(self) -> list[str]:
        try:
            value = json.loads(str(self._window.settings._get(QUIET_KEY, "[]")))
        except ValueError:
            return []
        return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []

    def is_quiet(self, path: Path) -> bool:
        return str(Path(path).resolve()) in self._quiet_paths()

    def quiet(self, path: Path) -> None:
        paths = [p for p in self._quiet_paths() if p != str(Path(path).resolve())]
        paths.append(str(Path(path).resolve()))
        self._window.settings._set(QUIET_KEY, json.dumps(paths[-200:], ensure_ascii=False))
        self._window.settings.sync()
        self._close("location")


def save_a_copy(window: "MainWindow", target: str | Path | None = None) -> Path | None:
    """Save a Copy… of the read-only project somewhere writable, then open the copy."""
    project = window.project
    if project is None:
        return None
    replace = False
    if target is None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        suggested = str(Path(folder) / tr("{stem} (copy).cwb", stem=project.path.stem))
        chosen, _ = QFileDialog.getSaveFileName(
            window, tr("Save a Copy"), suggested, tr("Case Workbench projects (*.cwb)"))
        if not chosen:
            return None
        target, replace = chosen, True  # the dialog asked before replacing a file
    copy = None
    with window._reported():
        copy = save_copy(project, target, replace=replace)
    if copy is not None:
        window.open_project(copy)
    return copy
