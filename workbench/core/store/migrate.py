"""Bring a project file to the current schema, refusing files from newer versions."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ...i18n import tr
from ..durable import flush_file, flush_folder
from ..errors import DiskFullError, NewerSchemaError, ProjectFileError
from .database import Database, disk_error
from .names import statements as _statements
from .schema import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS


def schema_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version"))


def initialise(db: Database) -> None:
    """Build a new, empty file by running every migration."""
    try:
        _run(db, 0)
    except (OSError, sqlite3.Error) as exc:
        if disk_error(exc, db.path) is None:
            raise
        raise DiskFullError(tr(
            "The disk holding {name} is full, so the project could not be created. Free some "
            "space and try again.", name=db.path.name)) from None
    db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def check_and_upgrade(db: Database) -> Path | None:
    """Verify the file is ours; migrate an older one after a backup. Returns the backup's path."""
    app_id = int(db.scalar("PRAGMA application_id"))
    version = schema_version(db)
    if app_id != APPLICATION_ID:
        raise ProjectFileError(tr(
            "{name} is a SQLite database but not a Case Workbench project.", name=db.path.name))
    if version > CURRENT_VERSION:
        raise NewerSchemaError(tr(
            "{name} was saved by a newer version of Case Workbench (file format {version}, this "
            "version reads up to {supported}); install the newer version to open it.",
            name=db.path.name, version=version, supported=CURRENT_VERSION))
    if version == CURRENT_VERSION:
        return None
    if version < 1:  # our files start at format 1: nothing to migrate, and no backup to leave
        raise ProjectFileError(tr(
            "{name} is damaged: it gives its file format as {version}, which no version of Case "
            "Workbench writes; restore a backup of the project.", name=db.path.name,
            version=version))
    if db.read_only:
        raise ProjectFileError(tr(
            "{name} uses an older file format ({version}) and must be upgraded, which cannot be "
            "done while it is open read-only; open it normally once.",
            name=db.path.name, version=version))
    try:
        backup = _back_up(db, version)
        _run(db, version)
    except (OSError, sqlite3.Error) as exc:
        if disk_error(exc, db.path) is None:
            raise
        raise DiskFullError(tr(
            "The disk holding {name} is full, so the file could not be upgraded to the new file "
            "format (a backup copy is made first); the file was not changed. Free some space "
            "and open it again.", name=db.path.name)) from None
    return backup


def _back_up(db: Database, version: int) -> Path:
    """Copy the file beside itself before migrating it. The copy is written under a temporary
    name and renamed when complete, so a crash never leaves a half copy under a backup's name;
    the next open removes the leftover and copies again."""
    backup = db.path.with_name(f"{db.path.stem}.format{version}-backup{db.path.suffix}")
    n = 1
    while backup.exists():
        n += 1
        backup = db.path.with_name(f"{db.path.stem}.format{version}-backup{n}{db.path.suffix}")
    partial = backup.with_name(backup.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a copy that was interrupted
    try:
        target = sqlite3.connect(partial)
        try:
            target.execute("PRAGMA journal_mode = OFF")  # a scratch file: no journal to leave
            db.conn.backup(target)
        finally:
            target.close()
        flush_file(partial)
        os.replace(partial, backup)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    flush_folder(backup.parent)  # the rename itself reaches the disk before the migration starts
    return backup


def _run(db: Database, version: int) -> None:
    # One exclusive transaction: a crash mid-migration leaves the old, intact file. Foreign keys
    # are off while it runs (SQLite's table-rebuild recipe drops a table others refer to) and
    # counted before the commit, so a migration never adds a dangling reference (an old file's
    # own orphans are the Doctor's business, not a reason to refuse the upgrade).
    count = "SELECT count(*) FROM pragma_foreign_key_check"
    db.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        db.conn.execute("BEGIN EXCLUSIVE")
        try:
            broken_before = db.conn.execute(count).fetchone()[0] if version else 0
            for number in range(version, CURRENT_VERSION):
                for statement in _statements(MIGRATIONS[number]):
                    db.conn.execute(statement)
            if db.conn.execute(count).fetchone()[0] > broken_before:
                raise ProjectFileError(tr(
                    "{name} could not be upgraded to the new file format without losing links "
                    "between its rows; the file was not changed. Run File → Project Doctor… on "
                    "it, or restore a backup.", name=db.path.name))
            db.conn.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
            db.conn.execute("COMMIT")
        except BaseException:
            db.roll_back()
            raise
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")
