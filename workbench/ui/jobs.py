"""Long work (imports, building the demo) off the GUI thread, with a progress dialog and Cancel.

    job = run_job(window, tr("Importing files"), lambda progress: project.import_files(paths,
                  progress=progress), on_done=show_report)

The callable receives a :class:`workbench.core.progress.Progress`; Cancel calls
``progress.cancel()`` and the job stops between items. The project's sqlite connection may be
used from the worker thread, but only by one thread at a time: the progress dialog is
application-modal and shown at once, so the user cannot touch the project while the job runs, and
the window itself must not read the project before ``on_done``/``on_error`` is called.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..core.progress import Progress
from ..i18n import tr

log = logging.getLogger("workbench.ui")

_alive: set["Job"] = set()  # a running job keeps itself referenced until it has ended


class _Worker(QThread):
    progressed = Signal(int, int, str)

    def __init__(self, function: Callable[[Progress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._function = function
        self.progress = Progress(on_update=self._report)
        self.result: Any = None
        self.error: BaseException | None = None

    def _report(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(done, total, message)  # queued to the dialog in the GUI thread

    def run(self) -> None:
        try:
            self.result = self._function(self.progress)
        except BaseException as exc:  # handed to the GUI thread; never lost in the worker
            self.error = exc


class Job(QObject):
    """One running job: its thread, its progress dialog and what to call when it ends."""

    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str,
                 function: Callable[[Progress], Any],
                 on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None,
                 cancellable: bool = True):
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self.done = False
        self._worker = _Worker(function)
        self.dialog = QProgressDialog(title, tr("Cancel") if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(tr("Case Workbench"))
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel)
        self._title = title
        self._worker.progressed.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)

    @property
    def progress(self) -> Progress:
        return self._worker.progress

    def start(self) -> "Job":
        _alive.add(self)
        self.dialog.show()
        self._worker.start()
        return self

    def cancel(self) -> None:
        """Ask the job to stop after the current item (cooperative; nothing is left half-done)."""
        if self.done:
            return
        self._worker.progress.cancel()
        self.dialog.setLabelText(tr("Stopping…"))
        # QProgressDialog hides itself on Cancel; keep it (modal) until the worker has stopped.
        self.dialog.show()

    def abandon(self) -> None:
        """Stop and forget: cancel, wait for the thread, call nothing back (window closing)."""
        if self.done:
            return
        self._worker.progress.cancel()
        self._worker.wait()
        self.done = True
        self.dialog.hide()
        self.dialog.deleteLater()
        self._worker.deleteLater()
        _alive.discard(self)
        self.deleteLater()

    def is_running(self) -> bool:
        return not self.done

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until the worker thread has ended (closing the window, tests)."""
        if milliseconds < 0:
            return self._worker.wait()
        return self._worker.wait(milliseconds)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.done:
            return
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if message and not self._worker.progress.cancelled:
            self.dialog.setLabelText(f"{self._title}\n{message}")

    def _on_finished(self) -> None:
        if self.done:
            return
        self.done = True
        self._worker.wait()  # "finished" is sent just before the thread ends; let it end
        self.dialog.hide()
        self.dialog.deleteLater()
        error, result = self._worker.error, self._worker.result
        self._worker.deleteLater()
        try:
            if error is not None:
                if self._on_error is not None:
                    self._on_error(error)
                else:
                    log.error("background job failed", exc_info=error)
            elif self._on_done is not None:
                self._on_done(result)
        finally:
            _alive.discard(self)
            self.finished.emit()
            self.deleteLater()


def run_job(parent: QWidget | None, title: str, function: Callable[[Progress], Any], *,
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            cancellable: bool = True) -> Job:
    """Start ``function(progress)`` on a worker thread; see the module docstring."""
    return Job(parent, title, function, on_done, on_error, cancellable).start()
