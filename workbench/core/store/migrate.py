"""Bring a project file to the current schema, refusing files from newer versions."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ...i18n import tr
from ..errors import NewerSchemaError, ProjectFileError
from .database import Database
from .schema import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS


def _statements(script: str) -> list[str]:
    # Split at semicolons that end a complete statement (a trigger body holds inner ones).
    statements, current = [], ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s.strip(" \n;")]


def schema_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version"))


def initialise(db: Database) -> None:
    """Build a new, empty file by running every migration."""
    _run(db, 0)
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
    if db.read_only:
        raise ProjectFileError(tr(
            "{name} uses an older file format ({version}) and must be upgraded, which cannot be "
            "done while it is open read-only; open it normally once.",
            name=db.path.name, version=version))
    backup = db.path.with_name(f"{db.path.stem}.format{version}-backup{db.path.suffix}")
    n = 1
    while backup.exists():
        n += 1
        backup = db.path.with_name(f"{db.path.stem}.format{version}-backup{n}{db.path.suffix}")
    target = sqlite3.connect(backup)
    try:
        db.conn.backup(target)
    finally:
        target.close()
    _run(db, version)
    return backup


def _run(db: Database, version: int) -> None:
    # One exclusive transaction: a crash mid-migration leaves the old, intact file.
    db.conn.execute("BEGIN EXCLUSIVE")
    try:
        for number in range(version, CURRENT_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                db.conn.execute(statement)
        db.conn.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
