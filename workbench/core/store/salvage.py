"""Salvage: copy every readable row of a damaged project file into a new file beside it.

Damaged table pages cannot be mended in place (their rows are gone or garbled), so the doctor
offers what SQLite's ``.recover`` does in spirit: a new file with the current schema, filled table
by table with every row that can still be read; the original stays untouched. Rows are read in
one scan where possible; past a damaged page, row by row by rowid. The undo history, the search
index and caches are not copied (the history may name lost rows; the index and caches rebuild).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .database import Database
from .migrate import initialise
from .names import quote

_SKIPPED = {"undo_steps", "undo_rows", "segment_cache", "search_pending"}
_PROBE_LIMIT = 200_000  # rowids tried one by one past a damaged page when max(rowid) is unknown


def recovered_path(path: Path) -> Path:
    target = path.with_name(f"{path.stem}.recovered{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.recovered{n}{path.suffix}")
    return target


def salvage(db: Database, target: Path) -> list[tuple[str, int, int | None]]:
    """Fill ``target`` (a new file) with the readable rows of ``db``; returns (table, rows saved,
    rows lost or None when the number cannot be known) for each table."""
    target.touch(exist_ok=False)  # the lock is taken on the file itself
    new = Database.connect(target, create=True)
    try:
        initialise(new)
        tables = [r[0] for r in new.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY rowid")]
        new.conn.execute("PRAGMA foreign_keys = OFF")
        new.conn.execute("BEGIN")
        report = []
        for table in tables:
            if table in _SKIPPED:
                continue
            columns = [r[0] for r in new.query("SELECT name FROM pragma_table_info(?)", (table,))]
            rows = _readable_rows(db.conn, table, columns)
            listed = ", ".join(quote(c) for c in columns)
            marks = ", ".join("?" * len(columns))
            saved = 0
            for row in rows:
                try:
                    new.conn.execute(f"INSERT INTO {quote(table)} ({listed}) VALUES ({marks})",
                                     row)
                    saved += 1
                except sqlite3.Error:  # a garbled row that breaks the table's rules
                    pass
            report.append((table, saved, _lost(db.conn, table, saved)))
        new.conn.execute("DELETE FROM search_pending")
        new.conn.execute("INSERT INTO search_pending (source_id) SELECT id FROM source_texts")
        new.conn.execute("COMMIT")
    except BaseException:
        new.close()
        target.unlink(missing_ok=True)
        raise
    new.close()
    return report


def _readable_rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple]:
    names = ", ".join(quote(c) for c in columns)
    rows: dict[int, tuple] = {}
    last = 0
    try:
        for row in conn.execute(f"SELECT rowid, {names} FROM {quote(table)} ORDER BY rowid"):
            rows[row[0]] = tuple(row)[1:]
            last = row[0]
        return list(rows.values())
    except sqlite3.DatabaseError:
        pass  # a damaged page: go on row by row
    except sqlite3.Error:
        return list(rows.values())
    try:
        top = conn.execute(f"SELECT max(rowid) FROM {quote(table)}").fetchone()[0]
    except sqlite3.DatabaseError:
        top = None
    top = last + _PROBE_LIMIT if top is None else top
    for rowid in range(last + 1, top + 1):
        try:
            row = conn.execute(f"SELECT {names} FROM {quote(table)} WHERE rowid = ?",
                               (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None:
            rows[rowid] = tuple(row)
    return list(rows.values())


def _lost(conn: sqlite3.Connection, table: str, saved: int) -> int | None:
    try:  # count(*) may be answered from an index that is still whole
        total = int(conn.execute(f"SELECT count(*) FROM {quote(table)}").fetchone()[0])
    except sqlite3.DatabaseError:
        return None
    return max(total - saved, 0)


