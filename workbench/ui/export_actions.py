"""File → Export: the coded data (CSV, XLSX, JSON or a REFI-QDA .qdpx) and the Word report.

    export_coded_data(window, project)   # options, save dialog, background job, "Open folder"
    write_word_report(window, project)   # language and sections, save dialog, job, "Open"

The export reads the project on the worker thread, so it runs as a background job (jobs.py):
with the main window as ``parent`` through its ``_start_job`` (the window leaves the project to
the job until it ends); otherwise with ``run_job``. The job writes a hidden file beside the
target; when it ends the file is moved into place, or deleted when the user pressed Cancel, so a
cancelled or failed export never leaves half a file nor replaces the file that was there.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ..i18n import tr
from .errors import reported
from .export_dialogs import QDPX, DataChoice, ExportDataDialog, ReportChoice, ReportDialog
from .jobs import Job, run_job

if TYPE_CHECKING:
    from ..core import Project


def _folder(project: "Project") -> Path:
    return Path(project.path).parent


def _file_name(project: "Project") -> str:
    """The project's title as a file name (characters Windows forbids replaced)."""
    title = project.info().title or project.path.stem
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in title).strip() or "export"


def _ask_path(parent: QWidget | None, title: str, suggestion: Path, file_filter: str,
              suffix: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggestion), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.partial{target.suffix}")


def _failed(parent: QWidget | None, error: BaseException) -> None:
    with reported(parent):  # one sentence for a WorkbenchError, an apology for anything else
        raise error


def _start(parent: QWidget | None, title: str, write: Callable[[Path, Any], None],
           target: Path, on_written: Callable[[Path], None]) -> Job | None:
    """Run ``write(partial_path, progress)`` as a job; move the result to ``target`` unless
    cancelled."""
    partial = _partial(target)
    holder: dict[str, Job] = {}

    def work(progress) -> Path:
        try:
            write(partial, progress)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return partial

    def done(_result: Any) -> None:
        if holder["job"].progress.cancelled:
            partial.unlink(missing_ok=True)
            _status(parent, tr("The export was cancelled; nothing was written."))
            return
        with reported(parent):
            os.replace(partial, target)
            on_written(target)

    start_job = getattr(parent, "_start_job", None)
    if start_job is not None:  # the main window: it holds the project back while the job runs
        if getattr(parent, "job", None) is not None:
            _status(parent, tr("Please wait until the current job has finished."))
            return None
        job = start_job(title, work, done)
    else:
        job = run_job(parent, title, work, on_done=done,
                      on_error=lambda error: _failed(parent, error))
    holder["job"] = job
    return job


def _status(parent: QWidget | None, message: str) -> None:
    status_bar = getattr(parent, "statusBar", None)
    if status_bar is not None:
        status_bar().showMessage(message, 10000)


def offer_to_open(parent: QWidget | None, message: str, button: str, url: Path) -> None:
    """A small message box: ``message`` with a button that opens ``url`` (a file or folder)."""
    box = QMessageBox(QMessageBox.Icon.Information, tr("Case Workbench"), message,
                      QMessageBox.StandardButton.Close, parent)
    opener = box.addButton(button, QMessageBox.ButtonRole.ActionRole)
    box.exec()
    if box.clickedButton() is opener:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(url)))
    box.deleteLater()


# ----- the coded data ------------------------------------------------------------------------
def ask_data_choice(parent: QWidget | None) -> DataChoice | None:
    dialog = ExportDataDialog(parent)
    try:
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def export_coded_data(parent: QWidget | None, project: "Project | None") -> Job | None:
    """Ask what and how, ask where, and export in the background."""
    if project is None:
        return None
    choice = ask_data_choice(parent)
    if choice is None:
        return None
    name = _file_name(project)
    if choice.fmt != QDPX:
        name = f"{name} - {choice.what}"
    target = _ask_path(parent, tr("Export coded data"), _folder(project) / (name + choice.suffix),
                       choice.file_filter(), choice.suffix)
    if target is None:
        return None

    def write(path: Path, progress) -> None:
        if choice.fmt == QDPX:
            from ..exchange.refi import export_qdpx
            export_qdpx(project, path, target=choice.tool)
        else:
            from ..exporters.dataset import export_dataset
            export_dataset(project, path, fmt=choice.fmt, what=choice.what,
                           presence=choice.presence, keys=choice.keys,
                           attributes=choice.attributes)

    def written(path: Path) -> None:
        message = tr("Exported to {name}.", name=path.name)
        _status(parent, message)
        offer_to_open(parent, message, tr("Open folder"), path.parent)

    return _start(parent, tr("Exporting…"), write, target, written)


# ----- the Word report -----------------------------------------------------------------------
def coders_with_codings(project: "Project") -> list[str]:
    return sorted({coding.coder for coding in project.codings.list()})


def ask_report_choice(parent: QWidget | None, project: "Project") -> ReportChoice | None:
    dialog = ReportDialog(len(coders_with_codings(project)), parent)
    try:
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def write_word_report(parent: QWidget | None, project: "Project | None") -> Job | None:
    """Ask language and sections, ask where, and write the .docx in the background."""
    if project is None:
        return None
    choice = ask_report_choice(parent, project)
    if choice is None:
        return None
    name = _file_name(project)
    target = _ask_path(parent, tr("Word report"), _folder(project) / f"{name}.docx",
                       tr("Word documents (*.docx)"), ".docx")
    if target is None:
        return None

    def write(path: Path, progress) -> None:
        from ..exporters.report import write_report
        write_report(project, path, language=choice.language, sections=choice.sections,
                     options=choice.options)

    def written(path: Path) -> None:
        message = tr("The report was written to {name}.", name=path.name)
        _status(parent, message)
        offer_to_open(parent, message, tr("Open"), path)

    return _start(parent, tr("Writing the Word report…"), write, target, written)
