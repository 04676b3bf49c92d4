"""The connection to one project file: opening, transactions, and the writes that undo is built on.

Every change goes through ``Database.operation(label)``: one ``BEGIN IMMEDIATE`` … ``COMMIT``, so a
killed process leaves either all of an operation or none of it. Inside it, ``insert``/``update``/
``delete`` write a row *and* record the row as it was in ``undo_rows``, in the same transaction
(Anki's approach). Undo replays those records backwards and records the inverse as a redo step, so
any operation built from these helpers is undoable, and the history survives a restart.
"""
from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ...i18n import tr
from ..errors import (InvalidInputError, NothingToUndoError, ProjectFileError,
                      ProjectLockedError, ReadOnlyError, UndoHistoryError, WorkbenchError)
from ..errors import DiskFullError, disk_full, is_disk_full
from . import names
from .connection import BUSY_TIMEOUT_MS, SecondReader, guarded
from .locking import FileLock

UNDO_LIMIT = 500  # undo steps kept; older ones are dropped so the file does not grow forever
SQLITE_MAGIC = b"SQLite format 3\x00"


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class StepResult:
    """What an operation, undo or redo touched: the UI redraws only those tables."""

    label: str
    tables: set[str] = field(default_factory=set)


def _encode(row: dict[str, Any]) -> str:
    return json.dumps(
        {k: ({"$b64": base64.b64encode(v).decode()} if isinstance(v, bytes) else v)
         for k, v in row.items()},
        ensure_ascii=False,
    )


def undo_record(table: Any, row_id: Any, before: Any) -> tuple[str, int, dict[str, Any] | None]:
    """One record of ``undo_rows`` as read from the file, checked before any of it reaches SQL:
    a table and columns of our own schema, an integer row id, values SQLite can bind. Raises
    ValueError (saying what does not fit) for a record that was damaged or crafted."""
    names.table_name(table)
    if not isinstance(row_id, int) or isinstance(row_id, bool) or not names.bindable(row_id):
        raise ValueError(f"row id {row_id!r}"[:200])
    if before is None:
        return table, row_id, None
    if not isinstance(before, str):
        raise ValueError("a row that is not text")
    try:
        raw = json.loads(before)
    except (ValueError, RecursionError):
        raise ValueError("a row that is not JSON") from None
    if not isinstance(raw, dict) or not raw:
        raise ValueError("a row that is not a set of columns")
    names.column_names(table, raw)
    row: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, dict):  # bytes, written by _encode as {"$b64": "…"}
            packed = value.get("$b64") if len(value) == 1 else None
            try:
                value = base64.b64decode(packed, validate=True) if isinstance(packed, str) \
                    else None
            except (ValueError, binascii.Error):
                value = None
            if value is None:
                raise ValueError(f"column {key}: damaged bytes")
        if not names.bindable(value):
            raise ValueError(f"column {key}: a value SQLite cannot store")
        row[key] = value
    return table, row_id, row


class Database:
    def __init__(self, conn: sqlite3.Connection, path: Path, lock: FileLock | None, read_only: bool):
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self._depth = 0
        self._step_id: int | None = None
        self._step: StepResult | None = None
        self._batch: str | None = None
        self._replaying = False

    # ----- opening -------------------------------------------------------------------------
    @classmethod
    def connect(cls, path: Path, *, read_only: bool = False, create: bool = False) -> "Database":
        if not create:
            _check_is_sqlite(path)
        lock = None
        if not read_only:
            lock = FileLock(path)
            lock.acquire()
        try:
            if read_only:
                _roll_back_interrupted(path)
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                       isolation_level=None, check_same_thread=False)
            else:
                conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            guarded(conn)
            if not read_only:
                # A rollback journal (not WAL) keeps the closed file self-contained, works on
                # network drives, and FULL sync makes every reported commit survive a crash.
                conn.execute("PRAGMA journal_mode = DELETE")
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.row_factory = sqlite3.Row
        except sqlite3.DatabaseError as exc:
            if lock:
                lock.release()
            said = lock_error(exc, path)
            if said is not None:
                raise said from None
            raise ProjectFileError(tr(
                "{name} could not be opened as a project ({error}); check that it is a "
                "Case Workbench project file.", name=path.name, error=exc)) from None
        return cls(conn, path, lock, read_only)

    def close(self, *, optimize: bool = True) -> None:
        """``optimize=False`` writes nothing on the way out (a damaged file is left as it is)."""
        if self.conn is None:
            return
        try:
            if optimize and not self.read_only:
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.conn.close()
        self.conn = None  # type: ignore[assignment]
        if self._lock:
            self._lock.release()

    # ----- reading -------------------------------------------------------------------------
    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self._fetch(True, sql, params)

    def one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        return self._fetch(False, sql, params)

    def scalar(self, sql: str, params: tuple | dict = ()) -> Any:
        row = self._fetch(False, sql, params)
        return None if row is None else row[0]

    def tuples(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        """``query``'s rows as plain tuples: for reads of tens of thousands of rows that no one
        reads by column name (making a sqlite3.Row of each costs a tenth more)."""
        return self._fetch(True, sql, params, plain=True)

    def second_reader(self) -> SecondReader:
        """A read-only connection of its own to this file, for a thread that reads while this
        connection is used (``connection.SecondReader``)."""
        return SecondReader.of(self.conn)

    def _fetch(self, every: bool, sql: str, params: tuple | dict, plain: bool = False) -> Any:
        def run():
            cursor = self.conn.cursor()
            if plain:
                cursor.row_factory = None
            cursor.execute(sql, params)
            return cursor.fetchall() if every else cursor.fetchone()

        with _sentences(self.path):
            try:
                return run()
            except sqlite3.OperationalError as exc:
                if not str(exc).startswith("Could not decode to UTF-8") or self.lenient_text:
                    raise
            # Text that is not UTF-8 (written by another program): shown with replacement
            # characters from now on (the Doctor finds and repairs it). Only then, because
            # decoding in Python costs time on every text read.
            self.use_lenient_text()
            return run()

    def iterate(self, sql: str, params: tuple | dict | list = ()) -> Iterator[sqlite3.Row]:
        """The rows one at a time (long texts are not all held in memory), with ``query``'s
        care for text that is not UTF-8: met half-way, the query runs again in lenient mode
        and goes on after the rows already given (``sql`` must fix the order)."""
        given = 0
        with _sentences(self.path):
            try:
                for row in self.conn.execute(sql, params):
                    given += 1
                    yield row
                return
            except sqlite3.OperationalError as exc:
                if not str(exc).startswith("Could not decode to UTF-8") or self.lenient_text:
                    raise
            self.use_lenient_text()
            for n, row in enumerate(self.conn.execute(sql, params)):
                if n >= given:
                    yield row

    @property
    def lenient_text(self) -> bool:
        return self.conn.text_factory is _lenient_text

    def use_lenient_text(self, on: bool = True) -> None:
        self.conn.text_factory = _lenient_text if on else str

    def row(self, table: str, row_id: int) -> dict[str, Any] | None:
        with _sentences(self.path):
            found = self.conn.execute(f"SELECT * FROM {names.table_name(table)} WHERE id = ?",
                                      (row_id,)).fetchone()
        return None if found is None else dict(found)

    # ----- operations ----------------------------------------------------------------------
    @contextmanager
    def operation(self, label: str, batch: str | None = None) -> Iterator[StepResult]:
        """One undoable, atomic change. Nested calls join the outermost operation."""
        if self.read_only:
            raise ReadOnlyError(tr(
                "{name} is open read-only; changes are not possible in this window.",
                name=self.path.name))
        if self._depth:
            self._depth += 1
            try:
                yield self._step  # type: ignore[misc]
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth, self._step_id, self._batch = 1, None, batch
        self._step = StepResult(label)
        try:
            with _numbers_checked():
                yield self._step
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self.roll_back()
            full = disk_error(exc, self.path) or lock_error(exc, self.path)
            if full is not None:  # one sentence; the connection stays usable for the next change
                raise full from None
            raise
        finally:
            self._depth, self._step_id, self._batch = 0, None, None

    def roll_back(self) -> None:
        """End the open transaction, if SQLite has not ended it itself: after a full disk or an
        I/O error it may already have rolled back, and a second ROLLBACK would raise and hide
        the real error. A rollback that fails leaves a hot journal, which the next transaction
        (or the next open) rolls back."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def _record(self, table: str, row_id: int, before: dict[str, Any] | None) -> None:
        assert self._depth, "writes must happen inside Database.operation()"
        assert self._step is not None
        self._step.tables.add(table)
        if self._step_id is None:
            stack = "redo" if self._replaying == "undo" else "undo"
            if not self._replaying:
                self._drop_redo_history()
            self._step_id = self.conn.execute(
                "INSERT INTO undo_steps (stack, label, batch, created) VALUES (?, ?, ?, ?)",
                (stack, self._step.label, self._batch, utc_now()),
            ).lastrowid
            self._prune_history()
        self.conn.execute(
            "INSERT INTO undo_rows (step_id, tbl, row_id, before) VALUES (?, ?, ?, ?)",
            (self._step_id, table, row_id, None if before is None else _encode(before)),
        )

    def insert(self, table: str, values: dict[str, Any]) -> int:
        cols = ", ".join(names.column_names(table, values))
        marks = ", ".join("?" for _ in values)
        row_id = self.conn.execute(
            f"INSERT INTO {names.table_name(table)} ({cols}) VALUES ({marks})",
            tuple(values.values())).lastrowid
        self._record(table, row_id, None)
        return row_id

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        before = self.row(table, row_id)
        if before is None:
            raise KeyError(f"{table} {row_id}")
        if all(before.get(k) == v for k, v in values.items()):
            return  # nothing changes: no undo step for a no-op
        sets = ", ".join(f"{k} = ?" for k in names.column_names(table, values))
        self.conn.execute(f"UPDATE {names.table_name(table)} SET {sets} WHERE id = ?",
                          (*values.values(), row_id))
        self._record(table, row_id, before)

    def delete(self, table: str, row_id: int) -> None:
        before = self.row(table, row_id)
        if before is None:
            return
        self.conn.execute(f"DELETE FROM {names.table_name(table)} WHERE id = ?", (row_id,))
        self._record(table, row_id, before)

    # ----- undo / redo ---------------------------------------------------------------------
    def history_label(self, stack: str) -> str | None:
        return self.scalar(
            "SELECT label FROM undo_steps WHERE stack = ? ORDER BY id DESC LIMIT 1", (stack,)
        )

    def undo(self) -> StepResult:
        return self._replay("undo")

    def redo(self) -> StepResult:
        return self._replay("redo")

    def _replay(self, stack: str) -> StepResult:
        newest = self.one(
            "SELECT id, label, batch FROM undo_steps WHERE stack = ? ORDER BY id DESC LIMIT 1",
            (stack,),
        )
        if newest is None:
            raise NothingToUndoError(tr("There is nothing to undo.") if stack == "undo"
                                     else tr("There is nothing to redo."))
        if newest["batch"]:  # a batch (one import of many files) is undone as one step
            steps = [r["id"] for r in self.query(
                "SELECT id FROM undo_steps WHERE stack = ? AND batch = ? ORDER BY id DESC",
                (stack, newest["batch"]))]
        else:
            steps = [newest["id"]]
        label = newest["label"] if isinstance(newest["label"], str) else "?"
        batch = newest["batch"] if isinstance(newest["batch"], str) else None
        # Every record is read and checked before the first write: a damaged or crafted one
        # refuses the whole step, which stays in the history, and nothing is changed.
        records = []
        try:
            for step_id in steps:
                records.append((step_id, [undo_record(r[0], r[1], r[2]) for r in self.query(
                    "SELECT tbl, row_id, before FROM undo_rows WHERE step_id = ? "
                    "ORDER BY id DESC", (step_id,))]))
        except (ValueError, sqlite3.DatabaseError):
            raise self._damaged_history(stack) from None
        self._replaying = stack  # type: ignore[assignment]
        try:
            with self.operation(label, batch=batch) as result:
                self.conn.execute("PRAGMA defer_foreign_keys = ON")
                for step_id, rows in records:
                    self._step_id = None
                    for table, row_id, before in rows:
                        self._restore(table, row_id, before)
                    self.conn.execute("DELETE FROM undo_rows WHERE step_id = ?", (step_id,))
                    self.conn.execute("DELETE FROM undo_steps WHERE id = ?", (step_id,))
        except sqlite3.IntegrityError:  # the rows no longer fit the history (edited outside)
            raise self._damaged_history(stack) from None
        finally:
            self._replaying = False
        return result

    def _damaged_history(self, stack: str) -> UndoHistoryError:
        if stack == "undo":
            return UndoHistoryError(tr(
                "The undo history of {name} is damaged, so nothing was undone and nothing "
                "changed; run File → Project Doctor… (workbench check --repair) to clear it.",
                name=self.path.name))
        return UndoHistoryError(tr(
            "The redo history of {name} is damaged, so nothing was redone and nothing changed; "
            "run File → Project Doctor… (workbench check --repair) to clear it.",
            name=self.path.name))

    def _restore(self, table: str, row_id: int, before: dict[str, Any] | None) -> None:
        """Write a row back as it was; ``table`` and ``before`` passed ``undo_record``."""
        current = self.row(table, row_id)
        quoted = names.table_name(table)
        if before is None:
            if current is not None:
                self.conn.execute(f"DELETE FROM {quoted} WHERE id = ?", (row_id,))
        elif current is None:
            cols = ", ".join(names.column_names(table, before))
            marks = ", ".join("?" for _ in before)
            self.conn.execute(f"INSERT INTO {quoted} ({cols}) VALUES ({marks})",
                              tuple(before.values()))
        else:
            sets = ", ".join(f"{c} = ?" for c in names.column_names(table, before))
            self.conn.execute(f"UPDATE {quoted} SET {sets} WHERE id = ?",
                              (*before.values(), row_id))
        self._record(table, row_id, current)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write that is not an undoable step (the search index, clearing the history): the
        same all-or-nothing transaction and full-disk sentence as ``operation``."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self.roll_back()
            full = disk_error(exc, self.path) or lock_error(exc, self.path)
            if full is not None:
                raise full from None
            raise

    def clear_history(self) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM undo_rows")
            self.conn.execute("DELETE FROM undo_steps")

    def _drop_redo_history(self) -> None:
        # Usually there is none (no undo since the last change): one look, instead of a pass
        # over every undo row kept, which SQLite chose on every change (2 ms of each coding).
        if self.conn.execute(
                "SELECT 1 FROM undo_steps WHERE stack = 'redo' LIMIT 1").fetchone() is None:
            return
        self.conn.execute(
            "DELETE FROM undo_rows WHERE step_id IN (SELECT id FROM undo_steps WHERE stack='redo')"
        )
        self.conn.execute("DELETE FROM undo_steps WHERE stack = 'redo'")

    def _prune_history(self) -> None:
        cutoff = self.scalar(
            "SELECT id FROM undo_steps WHERE stack = 'undo' ORDER BY id DESC LIMIT 1 OFFSET ?",
            (UNDO_LIMIT,),
        )
        if cutoff is not None:
            self.conn.execute(
                "DELETE FROM undo_rows WHERE step_id IN "
                "(SELECT id FROM undo_steps WHERE stack = 'undo' AND id <= ?)", (cutoff,))
            self.conn.execute("DELETE FROM undo_steps WHERE stack = 'undo' AND id <= ?", (cutoff,))


@contextmanager
def _numbers_checked() -> Iterator[None]:
    """A number too large for SQLite (an id typed by hand, a crafted value) is the caller's
    mistake, said in one sentence, not a crash."""
    try:
        yield
    except OverflowError:
        raise InvalidInputError(tr(
            "A number given is too large; ids, offsets and sizes are at most "
            "9223372036854775807.")) from None


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


@contextmanager
def _sentences(path: Path) -> Iterator[None]:
    """A read that waited its time for a writer, or a number too large: one sentence."""
    try:
        with _numbers_checked():
            yield
    except sqlite3.OperationalError as exc:
        said = lock_error(exc, path)
        if said is None:
            raise
        raise said from None


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def interrupted(path: Path) -> bool:
    """Whether a change to ``path`` was cut off (a killed process, a power cut): SQLite's
    rollback journal is still there, and the next writer rolls the change back."""
    try:
        return journal_of(path).stat().st_size > 0
    except OSError:
        return False


def _roll_back_interrupted(path: Path) -> None:
    """Before reading a file whose last change was cut off, let SQLite roll that change back —
    what opening for writing does — under our lock, so a read-only command sees the file as it
    was last saved instead of failing. Left alone when the file cannot be written or is open
    for writing elsewhere (that writer rolls it back, or the journal is its own)."""
    from .locking import unwritable_reason

    if not interrupted(path) or unwritable_reason(path):
        return
    lock = FileLock(path)
    try:
        lock.acquire()
    except (WorkbenchError, OSError):
        return
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # rolls back
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # the read that follows says what is wrong
    finally:
        lock.release()


def lock_error(exc: BaseException, path: Path) -> WorkbenchError | None:
    """The sentence for a read or write that SQLite refused because of someone else's lock (a
    writer busy for longer than ``BUSY_TIMEOUT_MS``), or because a cut-off change waits to be
    rolled back by a writer; None for any other error."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
        return ProjectLockedError(tr(
            "The project {name} is open elsewhere and busy (another window or program is "
            "writing to it); nothing was changed here. Try again in a moment, or close it "
            "there.", name=path.name))
    if code in (8, 14) and interrupted(path):  # SQLITE_READONLY / CANTOPEN with a hot journal
        return ProjectFileError(tr(
            "{name} was interrupted while a change was being saved; it will be recovered when "
            "opened for editing (the unfinished change is dropped, everything saved before it "
            "is kept).", name=path.name))
    return None


def disk_error(exc: BaseException, path: Path) -> DiskFullError | None:
    """The one sentence for a write that failed for lack of room (SQLITE_FULL, or an OSError
    ENOSPC/EFBIG/EDQUOT), or for a disk I/O error during a write (SQLite reports a write refused
    for the file-size limit that way); None for any other error."""
    if is_disk_full(exc):
        return disk_full(path.name)
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == 13:  # SQLITE_FULL: "database or disk is full"
        return disk_full(path.name)
    if code == 10:  # SQLITE_IOERR (any extended code)
        return DiskFullError(tr(
            "{name} could not be written to the disk (it may be full, or failing); the last "
            "change was not saved, everything before it is safe. Free some space or check the "
            "disk, and try again.", name=path.name))
    return None


def _check_is_sqlite(path: Path) -> None:
    if not path.exists():
        raise ProjectFileError(
            tr("There is no project file at {path}; check the path.", path=path))
    if path.is_dir():
        raise ProjectFileError(tr("{path} is a folder, not a project file.", path=path))
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise ProjectFileError(tr("{name} cannot be read ({reason}).",
                                  name=path.name, reason=exc.strerror)) from None
    if head != SQLITE_MAGIC:
        raise ProjectFileError(tr(
            "{name} is not a Case Workbench project (it is not a SQLite database file).",
            name=path.name))
