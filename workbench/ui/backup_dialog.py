"""Backups in the window: the automatic ones (``AutoBackup``) and File ▸ Restore from Backup….

``AutoBackup`` is owned by the main window. After a project opens it waits a moment (the first
paint comes first), then backs up if the file changed since the newest backup; every 10 minutes
it asks again, and the core's hourly rule decides. Only the page copy runs on a worker thread:
deciding, naming and counting read the project in the GUI thread, and the copy goes through the
project's own connection in small steps (SQLite serialises the two threads, and writes the window
makes meanwhile are carried into the copy), so the window never waits for a 600 MB file.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ..core import Project, WorkbenchError
from ..core.backups import BackupInfo, PendingBackup
from ..i18n import tr

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger("workbench.ui")

OPEN_DELAY_MS = 1500  # after opening: let the window paint and settle first
CHECK_EVERY_MS = 10 * 60 * 1000  # the hourly rule is applied by the core at each check


def reason_text(reason: str) -> str:
    return {"manual": tr("Made by you"), "auto": tr("Automatic"),
            "before-restore": tr("Before a restore"),
            "before-repair": tr("Before a repair")}.get(reason, reason)


def size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} KB"


class _CopyThread(QThread):
    def __init__(self, pending: PendingBackup, parent: QObject | None = None):
        super().__init__(parent)
        self.pending = pending
        self.stop_requested = False
        self.result: BackupInfo | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.pending.run(should_stop=lambda: self.stop_requested)
            self.pending.prune()  # this file's own backups only; files only: thread-safe
        except BaseException as exc:  # handed to the GUI thread
            self.error = exc


class AutoBackup(QObject):
    """The automatic backups of the window's project (none for a read-only project)."""

    backedUp = Signal(object)  # BackupInfo

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self._window = window
        self._project: Project | None = None
        self._thread: _CopyThread | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(lambda: self.run(timedelta(hours=1)))

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def set_project(self, project: Project | None) -> None:
        """Called by the window before it shows ``project`` and closes the one before."""
        if project is self._project:
            return
        self.stop()
        self._project = project
        if project is None or project.read_only or self._window.screenshot_mode:
            self.timer.stop()
            return
        # On opening: back up when the file changed since the newest backup, however recent.
        QTimer.singleShot(OPEN_DELAY_MS, self, lambda p=project: p is self._project
                          and self.run(timedelta(0)))
        self.timer.start()

    def run(self, min_interval: timedelta) -> bool:
        """Start a backup if one is due; False when none was started."""
        project = self._project
        if (self.busy or project is None or project.read_only or self._window.job is not None
                or project is not self._window.project):
            return False
        try:
            pending = project.backups.prepare_auto(min_interval=min_interval)
        except WorkbenchError as exc:
            self._window.statusBar().showMessage(str(exc), 15000)
            return False
        if pending is None:
            return False
        thread = _CopyThread(pending, self)
        thread.finished.connect(lambda t=thread: self._finished(t))
        self._thread = thread
        thread.start()
        return True

    def stop(self) -> None:
        """Stop a running copy (it leaves no file) and wait for its thread: before the project
        is closed, restored or handed to a job."""
        thread = self._thread
        if thread is None:
            return
        thread.stop_requested = True
        thread.wait()
        self._finished(thread)

    def _finished(self, thread: _CopyThread) -> None:
        if self._thread is not thread:
            return
        self._thread = None
        thread.wait()
        thread.deleteLater()
        if thread.stop_requested:
            return
        if thread.error is not None:
            if isinstance(thread.error, WorkbenchError):
                self._window.statusBar().showMessage(str(thread.error), 15000)
            else:
                log.error("an automatic backup failed", exc_info=thread.error)
            return
        info = thread.result
        self._window.statusBar().showMessage(
            tr("Backed up at {time}", time=info.local_time.strftime("%H:%M")), 6000)
        self.backedUp.emit(info)


class BackupDialog(QDialog):
    COLUMNS = ("Time", "Reason", "Made from", "Size", "Sources", "Codings")

    def __init__(self, window: "MainWindow", parent: QWidget | None = None):
        super().__init__(parent or window)
        self._window = window
        self._project = window.project
        self.backups: list[BackupInfo] = []
        self.own: list[bool] = []  # per row: made from this file, not from another copy
        self.setWindowTitle(tr("Restore from Backup"))
        self.resize(720, 420)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.back_up_button = QPushButton(tr("Back Up Now"))
        self.restore_button = QPushButton(tr("Restore…"))
        self.open_button = QPushButton(tr("Open Backup Read-Only"))
        self.folder_button = QPushButton(tr("Show Folder"))
        self.close_button = QPushButton(tr("Close"))
        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.folder_button.clicked.connect(self.show_folder)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.back_up_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.open_button, self.restore_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.restore_button.setDefault(True)
        self.reload()

    # ----- the list ------------------------------------------------------------------------
    def reload(self) -> None:
        project = self._project
        folder = project.backups.folder
        self.backups = project.backups.list_all()
        self.own = [project.backups.is_own(b) for b in self.backups]
        note = tr(
            "Backups of {name} are kept in {folder}. One is made when the project opens if it "
            "changed, and every hour while you work; older ones are thinned out to one a day "
            "for two weeks and one a week for two months.", name=project.path.name,
            folder=folder)
        if not all(self.own):
            note += " " + tr("Backups shown in grey were made from another copy of this project "
                             "(another file with the same project, such as a co-coder's).")
        self.note.setText(note)
        self.table.setRowCount(len(self.backups))
        grey = self.palette().color(self.palette().ColorRole.PlaceholderText)
        for row, (info, own) in enumerate(zip(self.backups, self.own)):
            source = info.original_name or "—"
            cells = (info.local_time.strftime("%Y-%m-%d %H:%M:%S"), reason_text(info.reason),
                     source if own else tr("{name} (other copy)", name=source),
                     size_text(info.size), _count(info.sources), _count(info.codings))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(tr("Made from {path}", path=info.original_path)
                                if info.original_path else str(info.path))
                if not own:
                    item.setForeground(grey)
                self.table.setItem(row, column, item)
        own_rows = [row for row, own in enumerate(self.own) if own]
        if self.backups:
            self.table.selectRow(own_rows[0] if own_rows else 0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        busy = self._window.job is not None
        self.restore_button.setEnabled(chosen and not self._project.read_only and not busy)
        self.open_button.setEnabled(chosen and not busy)
        self.back_up_button.setEnabled(not busy)

    # ----- actions -------------------------------------------------------------------------
    def back_up_now(self) -> None:
        window, project = self._window, self._project
        if window.job is not None:
            return
        window.auto_backup.stop()

        def done(info: BackupInfo) -> None:
            window.statusBar().showMessage(
                tr("Backed up at {time}", time=info.local_time.strftime("%H:%M")), 6000)
            self.reload()

        window._start_job(tr("Backing up the project…"),
                          lambda progress: project.backups.create("manual"), done,
                          cancellable=False)
        self._update_buttons()

    def restore_selected(self) -> None:
        info, window, project = self.selected(), self._window, self._project
        if info is None or project.read_only or window.job is not None:
            return
        when = info.local_time.strftime("%Y-%m-%d %H:%M")
        other_copy = not self.own[self.backups.index(info)]
        if other_copy:  # the explicit choice: another file's work would replace this file's
            question = tr(
                "This backup was made from {file}, another copy of this project, not from "
                "{name}. Restoring it replaces the work in {name} with that copy's state of "
                "{time} ({sources} sources, {codings} codings). The current state is backed up "
                "first. Restore the other copy's backup into {name}?",
                file=info.original_path or info.original_name or "—",
                name=project.path.name, time=when, sources=_count(info.sources),
                codings=_count(info.codings))
        else:
            question = tr(
                "Put the project back to its state of {time} ({sources} sources, {codings} "
                "codings)? The current state is backed up first, so you can come back to it.",
                time=when, sources=_count(info.sources), codings=_count(info.codings))
        answer = QMessageBox.question(
            self, tr("Restore from Backup"), question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        window.auto_backup.stop()

        def done(_before: BackupInfo) -> None:
            window.set_project(project)  # every part reloads from the restored file
            window.statusBar().showMessage(tr(
                "Restored the state of {time}; the state before it was backed up first.",
                time=when), 8000)
            self.reload()

        window._start_job(tr("Restoring from backup…"),
                          lambda progress: project.backups.restore(info, other_copy=other_copy),
                          done,
                          cancellable=False)
        self._update_buttons()

    def open_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        self.accept()
        self._window.open_project(info.path, read_only=True)

    def show_folder(self) -> None:
        folder = self._project.backups.folder
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def open_backup_dialog(window: "MainWindow") -> None:
    """File ▸ Restore from Backup…"""
    if window.project is None or window.job is not None:
        return
    dialog = BackupDialog(window)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()

