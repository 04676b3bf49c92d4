"""Checks that make a project file from someone else safe to open.

A project file is a SQLite database, and a database can carry code: a trigger runs on the next
write (it could delete every coding), a view runs when read. ``Database.connect`` already sets
``trusted_schema=OFF`` (functions with side effects are refused inside the schema); on top of
that, before anything is written, the schema objects of the file must be exactly the ones our
migrations create — names and types of every object, and the SQL of tables, triggers, views,
indexes and virtual tables. The expected set comes from building a fresh in-memory database with the
same migrations, so it can never drift from schema.py.

``quick_check`` is SQLite's fast structural check (pages, cells, record formats): the caller
runs it when a file changed outside this app (see ``workbench.core.trust``).
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from ...i18n import tr
from ..errors import ProjectFileError
from . import migrate
from .database import Database, lock_error
from .names import fresh_schema
from .schema import APPLICATION_ID

# search.py creates its full-text index on first use, outside the migrations (keep in step):
# the compact index of now, and the larger one earlier files still carry until their next search.
_SEARCH_INDEX = ("CREATE VIRTUAL TABLE source_search USING fts5(text, tokenize='trigram', "
                 "detail='none', content='source_texts', content_rowid='id')",
                 "CREATE VIRTUAL TABLE source_search USING fts5(text, tokenize='trigram')")
# Tables SQLite itself adds (ANALYZE / PRAGMA optimize), with SQLite's own fixed definitions.
_STAT_TABLES = {
    "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    "sqlite_stat3": "CREATE TABLE sqlite_stat3(tbl,idx,neq,nlt,ndlt,sample)",
    "sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
}
# SQLite writes a renamed table's name in double quotes (ALTER TABLE … RENAME TO), and some
# versions put no space before the column list: both are the same definition.
_TABLE_NAME = re.compile(r'^CREATE TABLE "?(\w+)"? ?\(')
_FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
_SHOWN = 3  # objects named in the refusal sentence


@dataclass(frozen=True)
class SchemaObject:
    type: str
    name: str
    table: str
    sql: str  # whitespace-normalised; "" where only the name and type are compared


@dataclass(frozen=True)
class SchemaReport:
    unexpected: tuple[str, ...]  # extra or changed objects: code we did not write
    missing: tuple[str, ...]     # objects our migrations make that the file lacks: damage


def _key(type_: str, name: str, table: str, sql: str | None,
         shadows: frozenset[str]) -> SchemaObject:
    text = " ".join((sql or "").split())
    # Every object's definition is compared, tables' too: a changed CHECK, default or column
    # would make the file behave unlike ours (opening and the Doctor both refuse it).
    compared = type_ in ("trigger", "view", "index", "table")
    if name in shadows or name in _STAT_TABLES:
        compared = False  # FTS5 writes its shadow tables' SQL itself (it differs by version);
        # SQLite's statistics tables are compared on their own (schema_report)
    elif type_ == "table":
        text = _TABLE_NAME.sub(r"CREATE TABLE \1 (", text)
    return SchemaObject(type_, name, table, text if compared else "")


def _read(conn: sqlite3.Connection, shadows: frozenset[str]) -> set[SchemaObject]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {_key(r[0], r[1], r[2], r[3], shadows) for r in rows}


def _shadow_names(names) -> frozenset[str]:
    return frozenset(n + s for n in names for s in _FTS_SHADOWS)


@lru_cache(maxsize=8)
def _expected(migrations: tuple[str, ...]) -> tuple[frozenset[SchemaObject],
                                                      frozenset[SchemaObject], frozenset[str]]:
    """(objects the migrations make, objects that may also be there, FTS shadow table names)."""
    conn = fresh_schema(migrations)
    try:
        virtual = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")]
        shadows = _shadow_names([*virtual, "source_search"])
        required = _read(conn, shadows)
        optional: set[SchemaObject] = set()
        for index in _SEARCH_INDEX:
            try:
                conn.execute(index)
            except sqlite3.OperationalError:  # a SQLite without FTS5 or trigram: never made here
                continue
            optional |= _read(conn, shadows) - required
            conn.execute("DROP TABLE source_search")
    finally:
        conn.close()
    optional |= {SchemaObject("table", n, n, "") for n in _STAT_TABLES}
    return frozenset(required), frozenset(optional), shadows


def schema_report(db: Database) -> SchemaReport | None:
    """Compare the file's schema objects with what our migrations make for its format version;
    None when the file is not ours or is newer (``check_and_upgrade`` says so in words)."""
    version = int(db.scalar("PRAGMA user_version"))
    if int(db.scalar("PRAGMA application_id")) != APPLICATION_ID or \
            not 0 < version <= migrate.CURRENT_VERSION:
        return None
    required, optional, shadows = _expected(tuple(migrate.MIGRATIONS[:version]))
    found = _read(db.conn, shadows)
    unexpected = {f"{o.type} {o.name}" for o in found - required - optional}
    for name, sql in db.query("SELECT name, sql FROM sqlite_master WHERE name IN "
                              "('sqlite_stat1', 'sqlite_stat3', 'sqlite_stat4')"):
        if " ".join((sql or "").split()) != _STAT_TABLES[name]:  # only SQLite's own definition
            unexpected.add(f"table {name}")
    missing = sorted(f"{o.type} {o.name}" for o in required - found)
    return SchemaReport(tuple(sorted(unexpected)), tuple(missing))


def refuse_foreign_code(db: Database) -> tuple[str, ...]:
    """Raise ProjectFileError when the file carries schema objects we did not make (extra or
    changed triggers, views, indexes …); return the names of missing objects (damage)."""
    try:
        report = schema_report(db)
    except sqlite3.DatabaseError as exc:
        said = lock_error(exc, db.path)  # busy or interrupted: not damage
        if said is not None:
            raise said from None
        raise ProjectFileError(tr(
            "{name} is damaged: its list of tables cannot be read ({error}); restore a backup, "
            "or run File → Project Doctor… on it.", name=db.path.name, error=exc)) from None
    if report is None:
        return ()
    if report.unexpected:
        shown = ", ".join(report.unexpected[:_SHOWN])
        if len(report.unexpected) > _SHOWN:
            shown += tr(" and {count} more", count=len(report.unexpected) - _SHOWN)
        raise ProjectFileError(tr(
            "{name} contains database code that Case Workbench does not put in its files "
            "({objects}), so it was not opened, to keep that code from running; ask whoever "
            "sent it for a clean copy (for example a REFI-QDA export).",
            name=db.path.name, objects=shown))
    return report.missing


def quick_check(db: Database, limit: int = 10) -> list[str]:
    """SQLite's quick_check: [] when the file's structure is sound, else the first problems."""
    try:
        rows = db.query(f"PRAGMA quick_check({int(limit)})")
    except sqlite3.DatabaseError as exc:  # e.g. "database disk image is malformed"
        said = lock_error(exc, db.path)
        if said is not None:
            raise said from None
        return [str(exc)]
    # One row may hold several lines, headed "*** in database main ***": one problem a line.
    return [line for r in rows if r[0] != "ok" for line in str(r[0]).splitlines()
            if line.strip() and not line.startswith("***")][:limit]


def unfit_rows(db: Database) -> list:
    """The Doctor's checks cheap enough for opening (``health.OPENING_CHECKS``): their
    findings, [] for a sound file. A file of an older format is checked once upgraded; damaged
    pages are quick_check's and the Doctor's."""
    from .health import opening_findings

    try:
        if migrate.schema_version(db) != migrate.CURRENT_VERSION:
            return []
        return opening_findings(db)
    except sqlite3.DatabaseError as exc:
        said = lock_error(exc, db.path)
        if said is not None:
            raise said from None
        return []
