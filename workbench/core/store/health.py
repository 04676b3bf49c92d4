"""Counts and integrity checks over a whole project file."""
from __future__ import annotations

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
        problems.append(f"Table {row[0]} row {row[1]} points at a missing row of {row[2]}.")
    for row in db.query(
        "SELECT c.id, c.start_offset, c.end_offset, c.snippet, t.text, s.title FROM codings c "
        "JOIN sources s ON s.id = c.source_id LEFT JOIN source_texts t ON t.id = s.id "
        "WHERE c.start_offset IS NOT NULL"
    ):
        text = row["text"] or ""
        if row["end_offset"] > len(text):
            problems.append(f"Coding {row['id']} ends after the text of “{row['title']}”.")
        elif text[row["start_offset"]:row["end_offset"]] != row["snippet"]:
            problems.append(
                f"Coding {row['id']} in “{row['title']}” no longer matches its stored quote."
            )
    for row in db.query(
        "SELECT c.id, c.x, c.y, c.width, c.height, s.width AS w, s.height AS h, s.title, s.kind "
        "FROM codings c JOIN sources s ON s.id = c.source_id WHERE c.start_offset IS NULL"
    ):
        if row["kind"] != "image" or row["x"] + row["width"] > row["w"] or \
                row["y"] + row["height"] > row["h"]:
            problems.append(f"Region coding {row['id']} lies outside the image “{row['title']}”.")
    for row in db.query(
        "SELECT s.id, s.title FROM sources s LEFT JOIN source_files f ON f.id = s.id "
        "WHERE f.id IS NULL"
    ):
        problems.append(f"Source {row['id']} “{row['title']}” has lost its original file.")
    for row in db.query("SELECT s.id, t.text, s.text_length, s.title FROM sources s "
                        "LEFT JOIN source_texts t ON t.id = s.id WHERE s.kind = 'text'"):
        if row["text"] is None:
            problems.append(f"Source {row['id']} “{row['title']}” has lost its text.")
        elif len(row["text"]) != row["text_length"]:
            problems.append(f"Source {row['id']} “{row['title']}” has a wrong text length.")
    problems += _element_cycles(db)
    return problems


def _element_cycles(db: Database) -> list[str]:
    parents = {r["id"]: r["parent_id"] for r in db.query("SELECT id, parent_id FROM elements")}
    problems = []
    for start in parents:
        seen, node = set(), start
        while node is not None:
            if node in seen:
                problems.append(f"Element {start} is its own ancestor (the element tree loops).")
                break
            seen.add(node)
            node = parents.get(node)
    return problems
