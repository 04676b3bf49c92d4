"""Progress and cancellation for long jobs, with no dependency on how they are shown.

The window runs a job on a worker thread and polls/receives updates to drive a progress bar with a
Cancel button; the command line draws a terminal bar. The job only calls ``step`` and checks
``cancelled``; cancelling is cooperative, between items, so nothing is left half-done.
"""
from __future__ import annotations

import threading
from collections.abc import Callable


class Progress:
    def __init__(self, on_update: Callable[[int, int, str], None] | None = None):
        self._on_update = on_update
        self._cancel = threading.Event()
        self.done = 0
        self.total = 0
        self.message = ""

    def start(self, total: int, message: str = "") -> None:
        self.total, self.done, self.message = total, 0, message
        self._emit()

    def step(self, message: str = "", amount: int = 1) -> None:
        """Report that ``amount`` more items are finished; ``message`` names the next one."""
        self.done += amount
        if message:
            self.message = message
        self._emit()

    def note(self, message: str) -> None:
        self.message = message
        self._emit()

    def child(self, label: str) -> "Progress":
        """A progress for one item's own steps (OCR tiles of one file): its messages show as
        "label — message" here, and cancelling here cancels it."""
        parent = self

        def forward(done: int, total: int, message: str) -> None:
            parent.note(f"{label} — {done}/{total}" if total else label)

        child = Progress(forward)
        child._cancel = self._cancel  # one Cancel button stops both
        return child

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _emit(self) -> None:
        if self._on_update is not None:
            self._on_update(self.done, self.total, self.message)
