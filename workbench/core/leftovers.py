"""Temporary files an interrupted action leaves behind, and clearing them at its next start.

A killed process cannot delete its temporary files (a half backup ``….cwb.part``, a merge's
``….incomplete-….cwb`` and its journal, an export's ``.out.incomplete-….xlsx``). Each action names
its temporary files so nothing else is named that way, and holds an exclusive ``flock`` on each
while it works on it (the lock dies with the process, so a killed action's files are free). At
its next start the action deletes the ones no running process holds. On Windows a file another
process has open cannot be deleted at all, which protects it the same way.

    with claimed(folder / "x.cwb.part") as part:   # created, and locked until the block ends
        ...write part, rename it...
    sweep(folder.glob("*.cwb.part"))               # at the next start: the abandoned ones go
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

JOURNAL = "-journal"  # SQLite's rollback journal beside a database file


def _lock(fd: int) -> bool:
    """Take the exclusive lock without waiting; False when another process holds it."""
    if os.name == "nt":  # pragma: no cover - Windows refuses to delete an open file instead
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _still_named(fd: int, path: Path) -> bool:
    """Whether ``path`` still names the file open as ``fd`` (not deleted or replaced meanwhile)."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


@contextmanager
def claimed(path: Path) -> Iterator[Path]:
    """Create ``path`` (it must not exist) and hold it locked until the block ends: a sweep by
    another process leaves it alone. The file itself is the caller's to rename or delete; close
    any SQLite connection to it inside the block (closing our descriptor after SQLite's would
    drop SQLite's own locks)."""
    if os.name == "nt":  # pragma: no cover - Windows: an open handle would block our own rename;
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644))  # the writer's own
        yield path  # handle (SQLite's, the zip writer's) protects the file from a sweep instead
        return
    for _attempt in range(3):
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        # A sweep may have taken the brand-new file in the instant before our lock: start again.
        if _lock(fd) and _still_named(fd, path):
            break
        os.close(fd)
    else:  # pragma: no cover - three sweeps in a row at the same instant
        raise FileExistsError(17, "the temporary file was taken away", str(path))
    try:
        yield path
    finally:
        os.close(fd)


def in_use(path: Path) -> bool:
    """Whether a running process holds ``path`` (see ``claimed``; SQLite projects opened for
    writing are held the same way, by workbench.core.store.locking)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return not _lock(fd)
    finally:
        os.close(fd)


def sweep(candidates: Iterable[Path]) -> list[Path]:
    """Delete each candidate no running process holds, and SQLite journals left without their
    database; returns what was deleted. Callers pass only names their own action makes."""
    removed = []
    journals = []
    for path in candidates:
        if path.name.endswith(JOURNAL):
            journals.append(path)
            continue
        if _remove_if_free(path):
            removed.append(path)
    for journal in journals:
        database = journal.with_name(journal.name[:-len(JOURNAL)])
        if database.exists():  # still there: it is held (or was not ours to judge)
            continue
        try:
            journal.unlink()
            removed.append(journal)
        except OSError:
            pass
    return removed


def _remove_if_free(path: Path) -> bool:
    if os.name == "nt":  # pragma: no cover
        try:
            path.unlink()
        except OSError:
            return False
        return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        if not (_lock(fd) and _still_named(fd, path)):
            return False
        try:
            path.unlink()
        except OSError:
            return False
        # its journal is of no use without it (a hot journal rolls back a half-built file)
        path.with_name(path.name + JOURNAL).unlink(missing_ok=True)
        return True
    finally:
        os.close(fd)
