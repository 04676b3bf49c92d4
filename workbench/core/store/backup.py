"""Consistent copies of a project file, and putting one back, with SQLite's online backup API.

A plain file copy of an open database can catch it between two writes; ``Connection.backup``
copies pages under SQLite's own locking, and when the source connection itself writes during the
copy SQLite updates the copy too, so the result is always one committed state. The copy is made
into a ``.part`` file beside the target, checked (``quick_check``), flushed to disk and only then
renamed, so a crash or a full disk never leaves a half backup under a backup's name.

Restoring copies a backup *into* the open connection instead of replacing the file: the project's
lock is kept, and SQLite journals the overwrite, so a crash mid-restore leaves the old state.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from ...i18n import tr
from ..durable import flush_file, flush_folder
from ..errors import NewerSchemaError, ProjectFileError
from .database import Database, _check_is_sqlite
from .migrate import check_and_upgrade
from .schema import APPLICATION_ID, CURRENT_VERSION

COPY_ERRORS = (OSError, sqlite3.Error)  # what a failed copy raises, for callers outside store
PAGES_PER_STEP = 1024  # ~4 MB a step: the window's own writes wait at most one step


class BackupStopped(Exception):
    """Raised inside a copy when ``should_stop()`` said so (the window is closing the project)."""


def file_state(path: Path) -> tuple[int, int, int]:
    """(size, mtime in ns, SQLite's file change counter): cheap to read, and it changes with
    every commit in rollback-journal mode, so "changed since the last backup" needs no query."""
    stat = path.stat()
    try:
        with open(path, "rb") as handle:
            header = handle.read(28)
        counter = int.from_bytes(header[24:28], "big") if len(header) == 28 else 0
    except OSError:
        counter = 0
    return stat.st_size, stat.st_mtime_ns, counter


def copy_consistent(db: Database, target: Path, *,
                    should_stop: Callable[[], bool] | None = None) -> None:
    """Copy the open project to ``target`` (which must not exist) as one committed state.
    Raises OSError or sqlite3.Error on failure (the caller words it); leaves no partial file."""
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    pause = 0.002 if db.read_only else 0.0  # another process may be writing: let it in

    def progress(_status: int, _remaining: int, _total: int) -> None:
        if should_stop is not None and should_stop():
            raise BackupStopped()
        if pause:
            time.sleep(pause)

    dest = None
    try:
        dest = sqlite3.connect(part, isolation_level=None)
        db.conn.backup(dest, pages=PAGES_PER_STEP, progress=progress, sleep=0.05)
        if should_stop is not None and should_stop():
            raise BackupStopped()
        verdict = dest.execute("PRAGMA quick_check").fetchone()[0]
        dest.close()
        dest = None
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {verdict}")
        flush_file(part)
        os.replace(part, target)
        flush_folder(target.parent)
    except BaseException:
        if dest is not None:
            dest.close()
        part.unlink(missing_ok=True)
        raise


def inspect(path: Path) -> dict:
    """What a backup file is: {"version", "guid"}. Raises ProjectFileError / NewerSchemaError
    with one sentence when it is not a project this version can restore."""
    _check_is_sqlite(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            guid = None
            if app_id == APPLICATION_ID and version <= CURRENT_VERSION:
                row = conn.execute("SELECT guid FROM project_info WHERE id = 1").fetchone()
                guid = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(tr(
            "The backup {name} cannot be read ({error}); choose another backup.",
            name=path.name, error=exc)) from None
    if app_id != APPLICATION_ID:
        raise ProjectFileError(tr(
            "{name} is not a Case Workbench project, so it cannot be restored; choose a backup "
            "of this project.", name=path.name))
    if version > CURRENT_VERSION:
        raise NewerSchemaError(tr(
            "The backup {name} was made by a newer version of Case Workbench (file format "
            "{version}, this version reads up to {supported}); install the newer version to "
            "restore it.", name=path.name, version=version, supported=CURRENT_VERSION))
    return {"version": version, "guid": guid}


def restore_into(db: Database, backup_path: Path, scratch_folder: Path | None = None) -> None:
    """Replace the open project's content with the backup's, through ``db.conn`` (lock kept).
    A backup in an older file format is upgraded on a scratch copy (in ``scratch_folder``, by
    default beside the backup) first, so the project never holds an old format."""
    version = inspect(backup_path)["version"]
    scratch: Database | None = None
    scratch_path = (scratch_folder or backup_path.parent) / (backup_path.name + ".upgrade.part")
    source = None
    try:
        if version < CURRENT_VERSION:
            scratch_path.unlink(missing_ok=True)
            src = sqlite3.connect(f"{backup_path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                out = sqlite3.connect(scratch_path)
                src.backup(out)
                out.close()
            finally:
                src.close()
            scratch = Database.connect(scratch_path)
            side_copy = check_and_upgrade(scratch)  # it keeps a copy of the old file: not needed
            if side_copy is not None:
                Path(side_copy).unlink(missing_ok=True)
            scratch.conn.backup(db.conn)
        else:
            source = sqlite3.connect(f"{backup_path.resolve().as_uri()}?mode=ro", uri=True)
            source.backup(db.conn)
    finally:
        if source is not None:
            source.close()
        if scratch is not None:
            scratch.close()
        scratch_path.unlink(missing_ok=True)


def table_names(db: Database) -> frozenset[str]:
    """Every table of the project: a restore touches them all."""
    return frozenset(r[0] for r in db.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
