"""Team work from the menus: import another tool's project, merge coders' copies, agreement.

    path = import_qdpx_project(window)      # File ▸ Import REFI-QDA project…  → open ``path``
    path = merge_project_files(window)      # File ▸ Merge project files…      → open ``path``
    show_agreement(window, window.project)  # Analysis ▸ Intercoder agreement…

The import and the merge each write a *new* project file and touch no open project, so they run
as a background job (jobs.py) with the progress dialog; they cannot be cancelled half-way (the
core writes the file in one go and removes it on failure). The function waits in a local event
loop until the job has ended, shows the report and returns the new file's path, or None when the
user cancelled a file dialog or the work failed (the failure is said in a message box).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QFileDialog, QWidget

from ..i18n import tr
from .errors import reported
from .jobs import run_job
from .team_dialogs import MergeReportDialog, RefiReportDialog

if TYPE_CHECKING:
    from ..core import Project
    from .agreement_view import AgreementDialog

_open_dialogs: list["AgreementDialog"] = []  # non-modal dialogs stay alive while shown


def _folder(parent: QWidget | None) -> str:
    folder = getattr(parent, "_dialog_folder", None)
    try:
        return str(folder()) if callable(folder) else ""
    except Exception:
        return ""


def _project_filter() -> str:
    return f"{tr('Case Workbench projects')} (*.cwb);;{tr('All files (*)')}"


def _save_path(parent: QWidget | None, title: str, suggestion: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, title, suggestion, _project_filter(),
        options=QFileDialog.Option.DontConfirmOverwrite)  # the core refuses an existing file
    if not path:
        return None
    path = Path(path)
    return path if path.suffix.lower() == ".cwb" else path.with_name(path.name + ".cwb")


def run_and_wait(parent: QWidget | None, title: str, function: Callable[[], Any]) -> Any:
    """Run ``function()`` as a background job, wait for it, return its result or raise its
    error (on the GUI thread, so ``reported`` can say it)."""
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    job = run_job(parent, title, lambda progress: function(),
                  on_done=lambda result: outcome.update(result=result),
                  on_error=lambda error: outcome.update(error=error), cancellable=False)
    job.finished.connect(loop.quit)
    if not job.done:
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def import_qdpx_project(parent: QWidget | None) -> Path | None:
    """Ask for a .qdpx/.qde file and a new .cwb, import, show the report; the new path or None."""
    source, _ = QFileDialog.getOpenFileName(
        parent, tr("Import REFI-QDA project"), _folder(parent),
        f"{tr('REFI-QDA projects')} (*.qdpx *.qde);;{tr('All files (*)')}")
    if not source:
        return None
    source = Path(source)
    target = _save_path(parent, tr("Save the imported project as"),
                        str(source.with_suffix(".cwb")))
    if target is None:
        return None
    from ..exchange.refi import import_qdpx

    with reported(parent):
        report = run_and_wait(parent, tr("Importing {name}…", name=source.name),
                              lambda: import_qdpx(source, target))
        dialog = RefiReportDialog(report, target, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        return target
    return None


def merge_project_files(parent: QWidget | None) -> Path | None:
    """Ask for two or more .cwb files and a new one, merge, show the report; the path or None."""
    paths, _ = QFileDialog.getOpenFileNames(parent, tr("Merge project files"), _folder(parent),
                                            _project_filter())
    if not paths:
        return None
    with reported(parent):
        if len(paths) < 2:
            from ..core import WorkbenchError
            raise WorkbenchError(tr("Merging needs at least two project files."))
        first = Path(paths[0])
        target = _save_path(parent, tr("Save the merged project as"),
                            str(first.with_name(first.stem + "-merged.cwb")))
        if target is None:
            return None
        from ..exchange.merge import merge_projects

        report = run_and_wait(parent, tr("Merging {count} project files…", count=len(paths)),
                              lambda: merge_projects(paths, target))
        dialog = MergeReportDialog(report, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        return target
    return None


def show_agreement(parent: QWidget | None, project: "Project | None") -> "AgreementDialog | None":
    """Open the (non-modal) intercoder agreement window on the open project."""
    if project is None:
        from .errors import show_error
        show_error(parent, tr("Open a project first."))
        return None
    from .agreement_view import AgreementDialog

    with reported(parent):
        dialog = AgreementDialog(project, parent)
        _open_dialogs.append(dialog)
        dialog.finished.connect(lambda _result: _open_dialogs.remove(dialog)
                                if dialog in _open_dialogs else None)
        dialog.show()
        dialog.raise_()
        return dialog
    return None
