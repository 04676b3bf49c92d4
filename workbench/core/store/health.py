"""Counts and integrity checks over a whole project file."""
from __future__ import annotations

from ...i18n import tr
from .database import Database

_COUNTED = {
    "sources": "sources", "elements": "elements", "codings": "codings",
    "interactions": "interactions", "cases": "cases", "periods": "periods",
    "memos": "memos", "coders": "coders",
}


def counts(db: Database) -> dict[str, int]:
    return {name: int(db.scalar(f"SELECT count(*) FROM {table}")) for name, table in _COUNTED.items()}


def check(db: Database) -> list[str]:
    """SQLite's integrity check plus the project's own invariants; [] means healthy."""
    problems = [r[0] for r in db.query("PRAGMA integrity_check") if r[0] != "ok"]
    for row in db.query("PRAGMA foreign_key_check"):
        problems.append(tr("Table {table} row {row} points at a missing row of {parent}.",
                           table=row[0], row=row[1], parent=row[2]))
    for row in db.query(
        "SELECT c.id, c.start_offset, c.end_offset, c.snippet, t.text, s.title FROM codings c "
        "JOIN sources s ON s.id = c.source_id LEFT JOIN source_texts t ON t.id = s.id "
        "WHERE c.start_offset IS NOT NULL"
    ):
        text = row["text"] or ""
        if row["end_offset"] > len(text):
            problems.append(tr("Coding {id} ends after the text of “{title}”.",
                               id=row["id"], title=row["title"]))
        elif text[row["start_offset"]:row["end_offset"]] != row["snippet"]:
            problems.append(tr("Coding {id} in “{title}” no longer matches its stored quote.",
                               id=row["id"], title=row["title"]))
    for row in db.query(
        "SELECT c.id, c.x, c.y, c.width, c.height, s.width AS w, s.height AS h, s.title, s.kind "
        "FROM codings c JOIN sources s ON s.id = c.source_id WHERE c.start_offset IS NULL"
    ):
        if row["kind"] != "image" or row["x"] + row["width"] > row["w"] or \
                row["y"] + row["height"] > row["h"]:
            problems.append(tr("Region coding {id} lies outside the image “{title}”.",
                               id=row["id"], title=row["title"]))
    for row in db.query(
        "SELECT s.id, s.title FROM sources s LEFT JOIN source_files f ON f.id = s.id "
        "WHERE f.id IS NULL"
    ):
        problems.append(tr("Source {id} “{title}” has lost its original file.",
                           id=row["id"], title=row["title"]))
    for row in db.query("SELECT s.id, t.text, s.text_length, s.title FROM sources s "
                        "LEFT JOIN source_texts t ON t.id = s.id "
                        "WHERE s.kind = 'text' OR t.id IS NOT NULL"):
        if row["text"] is None:
            problems.append(tr("Source {id} “{title}” has lost its text.",
                               id=row["id"], title=row["title"]))
        elif len(row["text"]) != row["text_length"]:
            problems.append(tr("Source {id} “{title}” has a wrong text length.",
                               id=row["id"], title=row["title"]))
    problems += _element_cycles(db)
    return problems


def _element_cycles(db: Database) -> list[str]:
    parents = {r["id"]: r["parent_id"] for r in db.query("SELECT id, parent_id FROM elements")}
    problems = []
    for start in parents:
        seen, node = set(), start
        while node is not None:
            if node in seen:
                problems.append(
                    tr("Element {id} is its own ancestor (the element tree loops).", id=start))
                break
            seen.add(node)
            node = parents.get(node)
    return problems


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
            columns = [r[1] for r in db.query(f'PRAGMA table_info("{table}")')]
            if not columns:
                continue
            total = " + ".join(f'coalesce(sum(length("{c}")), 0)' for c in columns)
            usage[_space_group(table)] += int(db.scalar(f'SELECT {total} FROM "{table}"') or 0)
        usage["free"] = 0
    usage["total"] = sum(usage.values())
    usage["method"] = method
    return usage
