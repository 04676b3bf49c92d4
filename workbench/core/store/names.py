"""The schema's own list of tables and their columns: the only names that reach SQL as names.

A project file may come from someone else, and its undo records name the table and columns to
write back. Such a name is never pasted into SQL as it is: it must be one of the tables and
columns our migrations make (found by building a fresh in-memory database from them, once), and
it is quoted even then. Values are always bound.
"""
from __future__ import annotations

import math
import sqlite3
from functools import lru_cache

from .schema import MIGRATIONS

_INT_RANGE = (-(2 ** 63), 2 ** 63 - 1)  # what SQLite can bind as an INTEGER


def statements(script: str) -> list[str]:
    """A migration split into statements, at semicolons that end a complete statement (a
    trigger body holds inner ones)."""
    found, current = [], ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            found.append(current.strip())
            current = ""
    return [s for s in found if s.strip(" \n;")]


def fresh_schema(migrations=MIGRATIONS) -> sqlite3.Connection:
    """An in-memory database built by ``migrations``: what our files are made of, to compare a
    file with, name its tables and columns, or copy a missing object from. Close it after use."""
    conn = sqlite3.connect(":memory:")
    for script in migrations:
        for statement in statements(script):
            conn.execute(statement)
    return conn


@lru_cache(maxsize=1)
def schema_types() -> dict[str, dict[str, str]]:
    """{table: {column: declared type}} of the current schema, from the migrations themselves."""
    conn = fresh_schema()
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: {r[0]: r[1].upper() for r in conn.execute(
                    "SELECT name, type FROM pragma_table_info(?)", (t,))} for t in tables}
    finally:
        conn.close()


@lru_cache(maxsize=1)
def schema_columns() -> dict[str, frozenset[str]]:
    """{table: its columns} of the current schema."""
    return {table: frozenset(columns) for table, columns in schema_types().items()}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_name(table: object) -> str:
    """``table`` quoted for SQL, or ValueError when it is not a table of our schema."""
    if not isinstance(table, str) or table not in schema_columns():
        raise ValueError(f"not a table of the schema: {table!r}"[:200])
    return quote(table)


def column_names(table: str, columns) -> list[str]:
    """The columns quoted for SQL, or ValueError when one is not a column of ``table``."""
    known = schema_columns().get(table, frozenset())
    out = []
    for column in columns:
        if not isinstance(column, str) or column not in known:
            raise ValueError(f"not a column of {table}: {column!r}"[:200])
        out.append(quote(column))
    return out


def bindable(value: object) -> bool:
    """Whether SQLite can store ``value`` as it is (what an undo record may carry)."""
    if value is None or isinstance(value, (bytes, bool)):
        return True
    if isinstance(value, str):
        try:
            value.encode("utf-8")  # a lone surrogate from JSON cannot be stored
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, int):
        return _INT_RANGE[0] <= value <= _INT_RANGE[1]
    if isinstance(value, float):
        return math.isfinite(value)
    return False
