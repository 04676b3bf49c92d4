"""Project Doctor…: check the open project, list what is wrong, repair what can be repaired.

The check and the repair run as background jobs (the window's own job when there is a window,
so its views wait and reload afterwards). A file that failed SQLite's check when opened is open
read-only; repairing it closes it in the window, repairs it opened for repair, and opens it
again. Repairs are not undo steps: the dialog says a backup is made first, and where it is.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListView,
                               QListWidget, QListWidgetItem, QMessageBox, QProgressBar,
                               QPushButton, QStyle, QVBoxLayout, QWidget)

from ..core import Project
from ..core.doctor import RepairReport, check_count, repair_file
from ..core.errors import WorkbenchError
from ..i18n import tr
from .jobs import Job

log = logging.getLogger("workbench.ui")


class DoctorDialog(QDialog):
    def __init__(self, parent: QWidget | None, project: Project):
        super().__init__(parent)
        self.setObjectName("doctorDialog")
        self.project = project
        self.findings: list = []
        self.report: RepairReport | None = None
        self.job: Job | None = None
        self.setWindowTitle(tr("Project Doctor"))
        self.resize(760, 440)
        self.summary = QLabel()
        self.summary.setObjectName("doctorSummary")
        self.summary.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # a busy indicator: how long a check takes is not known
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.tree = QListWidget()  # one row per finding: the problem, then what is done
        self.tree.setObjectName("doctorFindings")
        self.tree.setWordWrap(True)
        self.tree.setUniformItemSizes(False)
        self.tree.setResizeMode(QListView.ResizeMode.Adjust)
        self.tree.setSpacing(3)
        self.check_button = QPushButton(tr("Check again"))
        self.check_button.clicked.connect(self.run_check)
        self.repair_button = QPushButton(tr("Repair…"))
        self.repair_button.setObjectName("doctorRepair")
        self.repair_button.clicked.connect(self.ask_repair)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.repair_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self.repair_button.setEnabled(False)

    def add_row(self, icon: QStyle.StandardPixmap, problem: str, what: str = "") -> None:
        """A row: the problem, and below it (indented) what the repair does or did."""
        text = problem if not what else f"{problem}\n    → {what}"
        item = QListWidgetItem(self.style().standardIcon(icon), text)
        item.setData(Qt.ItemDataRole.UserRole, (problem, what))
        self.tree.addItem(item)

    def rows(self) -> list[tuple[str, str]]:
        """(problem, what the repair does or did) of every row shown."""
        return [self.tree.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.tree.count())]

    # ----- running the work ----------------------------------------------------------------
    def _window(self):
        window = self.parent()
        return window if hasattr(window, "_start_job") and hasattr(window, "set_project") \
            else None

    def _start(self, title: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``work`` off the GUI thread: as the window's job (its views wait, then reload)
        or, without a window, as a job of this dialog."""
        self.busy.show()
        self.check_button.setEnabled(False)
        self.repair_button.setEnabled(False)

        def finished(result: Any) -> None:
            self.job = None
            self.busy.hide()
            self.check_button.setEnabled(True)
            done(result)

        def failed(error: BaseException) -> None:
            self.job = None
            self.busy.hide()
            self.check_button.setEnabled(True)
            if isinstance(error, WorkbenchError):
                self.summary.setText(str(error))
            else:
                log.error("the project doctor failed", exc_info=error)
                self.summary.setText(tr("The check could not be completed; the details were "
                                        "written to the log file."))

        window = self._window()
        if window is not None and window.project is self.project:
            self.job = window._start_job(title, lambda _progress: work(), finished,
                                         cancellable=False)
            self.job._on_error = lambda error: (window._end_job(), failed(error))
        else:
            self.job = Job(self, title, lambda _progress: work(), finished, failed,
                           cancellable=False).start()

    def run_check(self) -> None:
        self.summary.setText(tr("Checking the project…"))
        self.tree.clear()
        self._start(tr("Checking the project…"), self.project.diagnose, self._show_findings)

    def _show_findings(self, findings: list) -> None:
        self.findings = findings
        self.tree.clear()
        if not findings:
            self.summary.setText(tr("No problems found ({count} checks).", count=check_count()))
            self.add_row(QStyle.StandardPixmap.SP_DialogApplyButton,
                         tr("The project file is healthy."))
            self.repair_button.setEnabled(False)
            return
        fixable = [f for f in findings if f.repairable or f.detail.get("salvage")]
        self.summary.setText(tr("{count} problem(s) found; {fixable} can be repaired. A backup "
                                "of the project is made before any repair.",
                                count=len(findings), fixable=len(fixable)))
        for finding in findings:
            if finding.repairable:
                icon, what = QStyle.StandardPixmap.SP_MessageBoxWarning, finding.repair
            else:
                icon = QStyle.StandardPixmap.SP_MessageBoxCritical
                what = tr("Cannot be repaired here: {advice}", advice=finding.advice)
            self.add_row(icon, finding.message, what)
        writable = not self.project.read_only or getattr(self.project, "check_failed", False)
        salvage_only = not any(f.repairable for f in findings)
        self.repair_button.setEnabled(bool(fixable) and (writable or salvage_only))
        if fixable and not (writable or salvage_only):
            self.summary.setText(self.summary.text() + " " + tr(
                "The project is open read-only here; open it normally to repair it."))

    # ----- repairing -----------------------------------------------------------------------
    def ask_repair(self) -> None:
        answer = QMessageBox.question(
            self, tr("Repair the project"),
            tr("A backup of the project is made first, then every problem that can be "
               "repaired safely is repaired. Repairs cannot be undone with Undo (restore the "
               "backup instead). Repair now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            self.repair()

    def repair(self) -> None:
        """Repair (no question asked). A project that opened read-only because it failed its
        check is closed in the window, repaired opened for repair, and opened again."""
        project, window = self.project, self._window()
        if project.read_only and getattr(project, "check_failed", False) and \
                any(f.repairable for f in self.findings):
            path = project.path
            if window is not None and window.project is project:
                window.set_project(None)
            else:
                project.close()
            self.summary.setText(tr("Repairing the project…"))
            self.job = Job(self, tr("Repairing the project…"), lambda _p: repair_file(path),
                           lambda report: self._reopened(path, report), self._failed_reopen(path),
                           cancellable=False).start()
            self.busy.show()
            return
        self.summary.setText(tr("Repairing the project…"))
        self._start(tr("Repairing the project…"), project.repair, self._show_report)

    def _reopened(self, path: Path, report: RepairReport) -> None:
        self.busy.hide()
        window = self._window()
        if window is not None and window.open_project(path):
            self.project = window.project
        else:
            self.project = Project.open(path)
        self._show_report(report)

    def _failed_reopen(self, path: Path):
        def failed(error: BaseException) -> None:
            self.busy.hide()
            message = str(error) if isinstance(error, WorkbenchError) else tr(
                "The repair could not be completed; the details were written to the log file.")
            if not isinstance(error, WorkbenchError):
                log.error("the project doctor failed", exc_info=error)
            self._reopened(path, RepairReport(None))
            self.summary.setText(message)
        return failed

    def _show_report(self, report: RepairReport) -> None:
        self.report = report
        self.findings = report.remaining
        self.tree.clear()
        for action in report.actions:
            icon = (QStyle.StandardPixmap.SP_DialogApplyButton if action.ok
                    else QStyle.StandardPixmap.SP_MessageBoxCritical)
            self.add_row(icon, action.message or action.done, action.done if action.message else "")
        done = {a.done for a in report.actions}
        remain = tr("{count} problem(s) remain; they cannot be repaired safely.",
                    count=len(report.remaining))
        for line in report.lines():
            if line not in done and line != remain:  # the undo history, salvage, the backup
                self.add_row(QStyle.StandardPixmap.SP_MessageBoxInformation, line)
        if report.healthy:
            self.summary.setText(tr("Repaired. No problems remain ({count} checks).",
                                    count=check_count()))
        else:
            self.summary.setText(tr("{count} problem(s) remain; they cannot be repaired safely.",
                                    count=len(report.remaining)))
        self.repair_button.setEnabled(False)
        window = self._window()
        if window is not None and window.project is self.project:
            window.refresh_all()  # every view reads the repaired rows again


def open_doctor(window) -> DoctorDialog | None:
    """File ▸ Project Doctor…: the dialog on the window's project, checking at once."""
    if window.project is None or window.job is not None:
        return None
    dialog = DoctorDialog(window, window.project)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.run_check()
    return dialog
