"""Exclusive ownership of a project file by one window or process.

SQLite's own locks only last for a transaction, so two windows could interleave edits and each show
a stale picture. We hold an OS advisory lock for as long as the project is open instead. On POSIX we
``flock`` the database file itself: BSD locks are independent of the ``fcntl`` byte-range locks
SQLite uses, need no side file, and vanish when the process dies (no stale locks after a crash).
Windows has no flock, so there we lock a byte of a ``.lock`` file beside the project.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

from ...i18n import tr
from ..errors import ProjectLockedError, ProjectNotWritableError

# errno values that mean "you may not write here" (EPERM: an immutable file, even for root).
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


def unwritable_reason(path: Path) -> str | None:
    """Why ``path`` cannot be opened for writing (one sentence), or None. SQLite writes a
    journal file beside the project for every change, so the folder must be writable too."""
    folder = path.resolve().parent
    if not os.access(path, os.W_OK):
        return tr("{name} is open read-only because the file cannot be written (it is "
                  "read-only, or on a read-only disk); to make changes, save a copy somewhere "
                  "you can write and work on that.", name=path.name)
    if not os.access(folder, os.W_OK):
        return tr("{name} is open read-only because its folder cannot be written (each "
                  "change needs a journal file beside the project); to make changes, save a "
                  "copy somewhere you can write and work on that.", name=path.name)
    return None


class FileLock:
    def __init__(self, path: Path):
        self._path = path
        self._fd: int | None = None
        self._side_file: Path | None = None

    def acquire(self) -> None:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            self._acquire_windows()
            return
        import fcntl

        try:
            fd = os.open(self._path, os.O_RDWR)
        except OSError as exc:
            if exc.errno not in _NOT_WRITABLE:
                raise
            raise ProjectNotWritableError(tr(
                "The project {name} cannot be written (the file or its folder is read-only); "
                "open it read-only, or copy it somewhere you can write.",
                name=self._path.name)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ProjectLockedError(_locked(self._path)) from None
        self._fd = fd

    def _acquire_windows(self) -> None:  # pragma: no cover
        import msvcrt

        side = self._path.with_name(self._path.name + ".lock")
        try:
            fd = os.open(side, os.O_RDWR | os.O_CREAT)
        except PermissionError:
            raise ProjectNotWritableError(tr(
                "The project {name} cannot be written (the file or its folder is read-only); "
                "open it read-only, or copy it somewhere you can write.",
                name=self._path.name)) from None
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            raise ProjectLockedError(_locked(self._path)) from None
        self._fd, self._side_file = fd, side

    def release(self) -> None:
        """Call only after the SQLite connection is closed: closing any descriptor of the file
        drops the process's fcntl locks, which SQLite may still be relying on while open."""
        if self._fd is None:
            return
        os.close(self._fd)
        self._fd = None
        if self._side_file is not None:  # pragma: no cover
            try:
                self._side_file.unlink()
            except OSError:
                pass


def _locked(path: Path) -> str:
    return tr("The project {name} is open elsewhere (another window or program); close it "
              "there, or open it read-only.", name=path.name)
