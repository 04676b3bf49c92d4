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
from ..errors import WorkbenchError
from ..leftovers import claimed, sweep
from . import safety
from .database import Database, _check_is_sqlite
from .migrate import check_and_upgrade
from .schema import APPLICATION_ID, CURRENT_VERSION

COPY_ERRORS = (OSError, sqlite3.Error)  # what a failed copy raises, for callers outside store
PAGES_PER_STEP = 1024  # ~4 MB a step: the window's own writes wait at most one step
LOCKED_STEPS = 200  # steps refused for a lock (50 ms apart) before a copy gives up


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
    pause = 0.002 if db.read_only else 0.0  # another process may be writing: let it in

    locked = _give_up_when_locked(db.path.name)

    def progress(status: int, remaining: int, total: int) -> None:
        if should_stop is not None and should_stop():
            raise BackupStopped()
        locked(status, remaining, total)
        if pause:
            time.sleep(pause)

    sweep([part])  # left by a copy that was killed (a running one holds it and is left alone)
    with claimed(part):  # held until renamed: a sweep by another process leaves it alone
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
        except BaseException:
            if dest is not None:
                dest.close()
            part.unlink(missing_ok=True)
            part.with_name(part.name + "-journal").unlink(missing_ok=True)
            raise
    flush_folder(target.parent)


def inspect(path: Path) -> dict:
    """What a backup file is: {"version", "guid", "lineage"}. Raises ProjectFileError /
    NewerSchemaError with one sentence when it is not a project this version can restore."""
    _check_is_sqlite(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")  # a file from anywhere: run nothing
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            guid = lineage = None
            if app_id == APPLICATION_ID and version <= CURRENT_VERSION:
                row = conn.execute("SELECT guid FROM project_info WHERE id = 1").fetchone()
                guid = row[0] if row else None
                lineage = _lineage(conn)
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
    return {"version": version, "guid": guid, "lineage": lineage}


def _lineage(conn: sqlite3.Connection) -> str | None:
    """``project_info.lineage``; None in a file of a format before it, or where it is unset."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(project_info)")}
    if "lineage" not in columns:
        return None
    row = conn.execute("SELECT lineage FROM project_info WHERE id = 1").fetchone()
    return row[0] if row and isinstance(row[0], str) else None


def read_lineage(db: Database) -> str | None:
    try:
        return _lineage(db.conn)
    except sqlite3.DatabaseError:  # a damaged file: the Doctor's business, not the backups'
        return None


def write_lineage(db: Database, lineage: str) -> bool:
    """Store the file's lineage (not an undoable step); False when it could not be written."""
    try:
        with db.transaction():
            db.conn.execute("UPDATE project_info SET lineage = ? WHERE id = 1", (lineage,))
    except (sqlite3.Error, OSError, WorkbenchError):
        return False
    return True


def identity(path: Path) -> tuple[str | None, str | None] | None:
    """(guid, lineage) of the project file at ``path``, read without running anything; None when
    there is no readable project there."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return None
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return None
            row = conn.execute("SELECT guid FROM project_info WHERE id = 1").fetchone()
            return (row[0] if row else None), _lineage(conn)
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return None


def _give_up_when_locked(name: str) -> Callable[[int, int, int], None]:
    """A progress callback for ``Connection.backup``: Python retries a locked step for ever and
    does not see Ctrl+C meanwhile; this gives up after about ten seconds of locks instead (and,
    being Python, lets Ctrl+C through)."""
    busy = [0]

    def progress(status: int, _remaining: int, _total: int) -> None:
        busy[0] = busy[0] + 1 if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) else 0
        if busy[0] > LOCKED_STEPS:
            raise sqlite3.OperationalError(f"{name} is locked")
    return progress


class CheckedCopy:
    """A private copy of a backup that passed the checks of opening someone else's file (no
    database code of others, SQLite's quick_check, our application id and a format we read),
    upgraded to the current format and carrying the lineage it will have in the project. Made
    before anything touches the project; ``put_into`` then replaces the project's content.

        with CheckedCopy(backup, folder, lineage) as ready:
            ... back up the project as it is ...
            ready.put_into(project_db)
    """

    def __init__(self, backup_path: Path, folder: Path, lineage: str | None = None):
        self.backup_path = backup_path
        self.path = folder / f"{backup_path.name}.{os.urandom(4).hex()}.restore.part"
        self._lineage = lineage
        self.db: Database | None = None

    def __enter__(self) -> "CheckedCopy":
        try:
            self._make()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _make(self) -> None:
        version = inspect(self.backup_path)["version"]
        name = self.backup_path.name
        self.path.touch(exist_ok=False)
        self.db = Database.connect(self.path, create=True)  # locked: a running restore's
        source = sqlite3.connect(f"{self.backup_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(self.db.conn, progress=_give_up_when_locked(name), sleep=0.05)
        finally:
            source.close()
        report = safety.schema_report(self.db)
        if report is not None and report.unexpected:
            raise ProjectFileError(tr(
                "The backup {name} contains database code that Case Workbench does not put in "
                "its files ({objects}), so it was not restored, to keep that code from running; "
                "the project is as it was.", name=name,
                objects=", ".join(report.unexpected[:3])))
        problems = (list(report.missing[:1]) if report else []) or safety.quick_check(self.db, 1)
        if problems:
            raise ProjectFileError(tr(
                "The backup {name} is damaged ({problem}), so it was not restored; the project "
                "is as it was. Choose another backup.", name=name, problem=problems[0]))
        if version < CURRENT_VERSION:
            try:
                side_copy = check_and_upgrade(self.db)  # it copies the old file: not needed
            except WorkbenchError as exc:  # about the backup, not our private copy of it
                raise type(exc)(str(exc).replace(self.path.name, name)) from None
            if side_copy is not None:
                Path(side_copy).unlink(missing_ok=True)
        if self._lineage is not None and not write_lineage(self.db, self._lineage):
            raise OSError(f"{name}: the copy could not be prepared")

    def put_into(self, db: Database) -> None:
        """Replace the open project's content with the checked copy, through ``db.conn`` (its
        lock kept; SQLite journals the overwrite, so a crash leaves the old state)."""
        assert self.db is not None
        self.db.conn.backup(db.conn, progress=_give_up_when_locked(db.path.name), sleep=0.05)

    def close(self) -> None:
        if self.db is not None:
            self.db.close(optimize=False)
            self.db = None
        for leftover in (self.path, self.path.with_name(self.path.name + "-journal")):
            leftover.unlink(missing_ok=True)


def table_names(db: Database) -> frozenset[str]:
    """Every table of the project: a restore touches them all."""
    return frozenset(r[0] for r in db.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
