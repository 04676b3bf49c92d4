"""Counts, integrity checks and the project doctor's findings over a whole project file.

``diagnose`` runs SQLite's own checks and the project's invariants and returns
:class:`Finding`s: a stable ``code``, one sentence for the user, and what a repair would do
(``None`` when nothing can be repaired safely, then ``advice`` says what the user can do).
``check`` keeps the old list-of-sentences form. The repairs themselves are in ``doctor.py``.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from ...i18n import tr
from .database import Database, lock_error
from .findings import Finding
from .names import quote
from .health_rows import (bad_json, coding_findings, duplicate_codings,
                          element_cycles, orphan_findings, project_info, schema_objects,
                          search_index, source_findings, undo_history, unreadable_text,
                          value_types)

_COUNTED = {
    "sources": "sources", "elements": "elements", "codings": "codings",
    "interactions": "interactions", "cases": "cases", "periods": "periods",
    "memos": "memos", "coders": "coders",
}


def counts(db: Database) -> dict[str, int]:
    """Rows of each kind; a table the file lacks counts 0 (the Doctor recreates it)."""
    present = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {name: int(db.scalar(f"SELECT count(*) FROM {table}")) if table in present else 0
            for name, table in _COUNTED.items()}


def check(db: Database) -> list[str]:
    """SQLite's integrity check plus the project's own invariants; [] means healthy."""
    return [finding.message for finding in diagnose(db)]


def diagnose(db: Database) -> list[Finding]:
    """Every problem found, one :class:`Finding` per kind; [] means healthy. A check that cannot
    even read its tables (damaged pages) becomes a "page-corrupt" finding, never a traceback."""
    findings: list[Finding] = []
    with _snapshot(db):
        for run in CHECKS:
            try:
                findings += run(db)
            except sqlite3.DatabaseError as exc:
                said = lock_error(exc, db.path)  # a busy writer is not damage
                if said is not None:
                    raise said from None
                if "no such table" not in str(exc):  # a lost table is "schema-missing"
                    findings.append(_page_corrupt([str(exc)]))
    # Several checks may stumble on the same damaged pages: say it once.
    pages = [f for f in findings if f.code == "page-corrupt"]
    if len(pages) > 1:
        lines = [line for f in pages for line in f.detail.get("lines", [])]
        findings = [f for f in findings if f.code != "page-corrupt"]
        findings.insert(0, _page_corrupt(list(dict.fromkeys(lines))))
    return findings


@contextmanager
def _snapshot(db: Database) -> Iterator[None]:
    """All checks read one committed state: a writer in another process commits before or after
    them, never between two checks (which could make a sound file look broken)."""
    lenient = db.lenient_text
    db.use_lenient_text()  # text that is not UTF-8 is a finding (unreadable_text), not a stop
    if db.conn.in_transaction:  # inside the repair's own transaction
        try:
            yield
        finally:
            db.use_lenient_text(lenient)
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        db.use_lenient_text(lenient)
        if db.conn.in_transaction:
            try:
                db.conn.execute("ROLLBACK")  # only reads: nothing to keep or lose
            except sqlite3.DatabaseError:
                pass  # damaged pages: the findings say so


_INDEX_LINE = re.compile(r"(wrong # of entries in index|missing from index|non-unique entry in "
                         r"index) (\S+)")
_RULE_LINE = re.compile(r"^(NULL value in|CHECK constraint failed in|NUMERIC value in|"
                        r"TEXT value in|INTEGER value in|REAL value in|BLOB value in)")


def integrity(db: Database) -> list[Finding]:
    """SQLite's ``PRAGMA integrity_check``, sorted into damaged indexes (rebuilt by REINDEX),
    rows that break a table's rules, and damaged pages (not repairable in place)."""
    try:
        lines = [r[0] for r in db.query("PRAGMA integrity_check") if r[0] != "ok"]
    except sqlite3.DatabaseError as exc:
        lines = [str(exc)]
    indexes: dict[str, list[str]] = {}
    rules, pages = [], []
    for line in lines:
        match = _INDEX_LINE.search(line)
        if match:
            indexes.setdefault(match.group(2), []).append(line)
        elif _RULE_LINE.match(line):
            rules.append(line)
        else:
            pages.append(line)
    findings = []
    if indexes:
        names = ", ".join(sorted(indexes))
        findings.append(Finding(
            "index-corrupt",
            tr("{count} index(es) of the file do not match their tables ({names}).",
               count=len(indexes), names=names),
            tr("Rebuild the indexes from the tables (REINDEX); no data changes."),
            detail={"indexes": sorted(indexes), "lines": lines}))
    if rules:
        findings.append(Finding(
            "rule-broken",
            tr("{count} row(s) break the rules of their table (for example: {example}).",
               count=len(rules), example=rules[0]),
            None, tr("These rows were edited outside Case Workbench; restore an earlier backup "
                     "of the project."), detail={"lines": rules}))
    if pages:
        findings.append(_page_corrupt(pages))
    return findings


def _page_corrupt(lines: list[str]) -> Finding:
    return Finding(
        "page-corrupt",
        tr("Parts of the file are damaged and cannot be read reliably ({detail}).",
           detail=lines[0] if lines else "?"),
        None,
        tr("Restore an earlier backup of the project, or let the repair copy every readable "
           "row into a new file beside this one (this file is left as it is)."),
        detail={"lines": lines, "salvage": True})


def foreign_keys(db: Database) -> list[Finding]:
    """Rows pointing at a row that is not there (``PRAGMA foreign_key_check``), one finding per
    table and column; what a repair does depends on the column (see ``doctor.FK_REPAIRS``)."""
    from .doctor import fk_finding

    groups: dict[tuple[str, str, str], list[int]] = {}
    columns: dict[tuple[str, int], str] = {}
    for table, rowid, parent, fkid in db.query("PRAGMA foreign_key_check"):
        if (table, fkid) not in columns:
            for fk in db.query("SELECT * FROM pragma_foreign_key_list(?)", (table,)):
                columns[(table, fk["id"])] = fk["from"]
        column = columns.get((table, fkid), "?")
        groups.setdefault((table, column, parent), []).append(int(rowid))
    return [fk_finding(table, column, parent, tuple(sorted(ids)))
            for (table, column, parent), ids in sorted(groups.items())]


CHECKS = (integrity, schema_objects, foreign_keys, project_info, value_types, unreadable_text,
          orphan_findings, coding_findings, duplicate_codings, source_findings, bad_json,
          element_cycles, undo_history, search_index)
"""The project doctor's checks, in the order they run (their number is shown when healthy)."""
OPENING_CHECKS = (value_types, foreign_keys, element_cycles)
"""The checks opening runs on a file this machine did not last leave sound: cheap (no text is
read), and what the readers of rows rely on (a number where a number belongs, a row for each
reference, a tree that ends)."""


def opening_findings(db: Database) -> list[Finding]:
    found: list[Finding] = []
    with _snapshot(db):
        for run in OPENING_CHECKS:
            found += run(db)
    return found


_SPACE_GROUPS = (("original_files", ("source_files",)), ("texts", ("source_texts",)),
                 ("search_index", ("source_search",)), ("caches", ("segment_cache",)),
                 ("undo_history", ("undo_rows", "undo_steps")))


def _space_group(table: str) -> str:
    for group, prefixes in _SPACE_GROUPS:
        if any(table == p or (p == "source_search" and table.startswith(p)) for p in prefixes):
            return group
    return "other"


def space_usage(db: Database) -> dict:
    """Bytes of the file by what they hold: original files, texts, search index, caches, undo
    history and everything else (indexes count with their table). Exact page sizes from SQLite's
    ``dbstat`` table where this build has it (``method`` "dbstat", the groups plus ``free`` add
    up to the file size); otherwise ``sum(length(column))`` per table (``method`` "estimate":
    the data alone, without pages, indexes or free space)."""
    usage = {group: 0 for group, _ in _SPACE_GROUPS}
    usage["other"] = 0
    owner = {r[0]: r[1] for r in db.query("SELECT name, tbl_name FROM sqlite_master "
                                          "WHERE type IN ('table', 'index')")}
    page_size = int(db.scalar("PRAGMA page_size"))
    try:
        rows = db.query("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
        method = "dbstat"
    except Exception:  # this SQLite was built without SQLITE_ENABLE_DBSTAT_VTAB
        rows, method = None, "estimate"
    if rows is not None:
        for name, size in rows:
            usage[_space_group(owner.get(name, name))] += int(size or 0)
        usage["free"] = int(db.scalar("PRAGMA freelist_count")) * page_size
    else:
        for name, table in owner.items():
            if name != table or name.startswith("sqlite_"):
                continue
            columns = [r[0] for r in db.query("SELECT name FROM pragma_table_info(?)", (table,))]
            if not columns:
                continue
            total = " + ".join(f"coalesce(sum(length({quote(c)})), 0)" for c in columns)
            usage[_space_group(table)] += int(db.scalar(f"SELECT {total} FROM {quote(table)}")
                                              or 0)
        usage["free"] = 0
    usage["total"] = sum(usage.values())
    usage["method"] = method
    return usage
