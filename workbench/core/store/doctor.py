"""The project doctor's repairs: each safe one, all in one transaction, none of them an undo step.

``repair`` re-runs the checks inside its own transaction (so it repairs what is there now, not
what a dialog showed a minute ago), applies the repairs asked for, then removes rows the repairs
left belonging to nothing. Repairs are not undoable: they mend the rows undo itself replays. The
undo history is kept unless an undo record names a row a repair changed (undoing it would write
the broken row back); then the whole history is cleared, and the caller says so. The caller
makes a backup first (``core/doctor.py``).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from ...i18n import tr
from . import names
from .database import Database, utc_now
from .findings import Finding

# What to do with a row whose FOREIGN KEY points nowhere, by (table, column); anything not named
# here is deleted (a link, a piece of evidence, a position, the text of a missing source …).
FK_REPAIRS = {
    ("elements", "parent_id"): "top-level",
    ("sources", "source_type_id"): "clear",
    ("interactions", "period_id"): "clear",
    ("project_info", "current_coder_id"): "clear",
    ("memos", "coder_id"): "clear",
    ("codings", "element_id"): "recover-element",
    ("codings", "coder_id"): "unknown-coder",
    ("interactions", "coder_id"): "unknown-coder",
}
UNKNOWN_CODER = "unknown"  # a coder's name is data, like the names researchers type


def fk_finding(table: str, column: str, parent: str, ids: tuple[int, ...]) -> Finding:
    """The finding for rows of ``table`` whose ``column`` points at a missing row of ``parent``."""
    n = len(ids)
    policy = FK_REPAIRS.get((table, column), "delete")
    detail = {"column": column, "parent": parent, "policy": policy}
    if table == "interaction_evidence" and column == "coding_id":
        return Finding("evidence-orphan",
                       tr("{count} piece(s) of evidence of interactions point at codings that no "
                          "longer exist.", count=n),
                       tr("Remove this evidence from its interactions (the interactions stay)."),
                       table=table, ids=ids, detail=detail)
    message = tr("{count} row(s) of {table} point at a missing row of {parent} ({column}).",
                 count=n, table=table, parent=parent, column=column)
    repair = {
        "top-level": lambda: tr("Move the {count} element(s) whose parent is missing to the "
                                "top level.", count=n),
        "clear": lambda: tr("Clear the {count} broken reference(s) in {table}.{column}.",
                            count=n, table=table, column=column),
        "recover-element": lambda: tr("Move the {count} coding(s) whose element is missing to a "
                                      "new top-level element “{name}”.", count=n,
                                      name=tr("Recovered codings")),
        "unknown-coder": lambda: tr("Record the {count} row(s) whose coder is missing as made "
                                    "by the coder “{name}”.", count=n, name=UNKNOWN_CODER),
        "delete": lambda: tr("Delete the {count} row(s) of {table} that belong to nothing (the "
                             "backup keeps them).", count=n, table=table),
    }[policy]()
    return Finding("orphan-rows", message, repair, table=table, ids=ids, detail=detail)


@dataclass
class Outcome:
    """What ``repair`` did: (finding, sentence) pairs done and failed, and the undo history."""

    done: list[tuple[Finding, str]] = field(default_factory=list)
    failed: list[tuple[Finding, str]] = field(default_factory=list)
    history_cleared: bool = False
    tables: set[str] = field(default_factory=set)


class _Work:
    """The rows one repair run has changed, for the sweep and the undo-history decision."""

    def __init__(self, db: Database):
        self.db = db
        self.touched: dict[str, set[int]] = {}
        self.clear_history = False

    def touch(self, table: str, ids) -> None:
        self.touched.setdefault(table, set()).update(int(i) for i in ids)

    def run(self, sql: str, params=()) -> int:
        return self.db.conn.execute(sql, params).rowcount


def repair(db: Database, codes: set[str] | None = None, *, title: str = "") -> Outcome:
    """Repair every repairable finding (or those whose code is in ``codes``)."""
    from .health import diagnose

    outcome = Outcome()
    conn = db.conn
    # Off for the transaction (it cannot change inside one): repairs delete parents and children
    # in the order the damage dictates; the count of broken references is compared at the end.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            broken_before = len(db.query("PRAGMA foreign_key_check"))
            work = _Work(db)
            todo = [f for f in diagnose(db) if f.repairable and (codes is None or f.code in codes)]
            # The structure and sound indexes first: the other repairs use them.
            todo.sort(key=lambda f: (f.code != "schema-missing", f.code != "index-corrupt"))
            for finding in todo:
                conn.execute("SAVEPOINT doctor")
                try:
                    sentence = _REPAIRS[finding.code](work, finding, title)
                    conn.execute("RELEASE doctor")
                    outcome.done.append((finding, sentence))
                    outcome.tables.add(finding.table)
                except sqlite3.Error as exc:
                    conn.execute("ROLLBACK TO doctor")
                    conn.execute("RELEASE doctor")
                    outcome.failed.append((finding, tr(
                        "This could not be repaired ({error}); restore an earlier backup of the "
                        "project.", error=exc)))
            swept = _sweep(work)
            if swept:
                outcome.done.append((Finding("orphan-rows", "", "", table="memos"), tr(
                    "Also deleted {count} row(s) that belonged to the deleted rows (evidence, "
                    "memos, cached word counts).", count=swept)))
            if work.clear_history or _history_names(work):
                conn.execute("DELETE FROM undo_rows")
                conn.execute("DELETE FROM undo_steps")
                outcome.history_cleared = True
            if len(db.query("PRAGMA foreign_key_check")) > broken_before:
                raise sqlite3.IntegrityError("a repair left rows pointing at missing rows")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    outcome.tables.update(work.touched)
    outcome.tables.discard("")
    return outcome


def _history_names(work: _Work) -> bool:
    """True when an undo record names a row this run changed."""
    for table, ids in work.touched.items():
        listed = sorted(ids)
        for i in range(0, len(listed), 500):
            chunk = listed[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            if work.db.scalar(f"SELECT 1 FROM undo_rows WHERE tbl = ? AND row_id IN ({marks}) "
                              "LIMIT 1", (table, *chunk)):
                return True
    return False


def _in(ids) -> tuple[str, tuple]:
    ids = tuple(int(i) for i in ids)
    return ", ".join("?" * len(ids)) or "NULL", ids


# ----- the repairs, one per finding code ---------------------------------------------------
def _reindex(work: _Work, finding: Finding, _title: str) -> str:
    work.run("REINDEX")
    return tr("Rebuilt the indexes ({names}).", names=", ".join(finding.detail["indexes"]))


def _orphans(work: _Work, finding: Finding, _title: str) -> str:
    table = finding.table
    if table == "segment_cache":
        n = work.run("DELETE FROM segment_cache WHERE source_id NOT IN (SELECT id FROM "
                     "source_texts)")
        return tr("Deleted {count} cached word count(s) of missing sources.", count=n)
    policy = finding.detail.get("policy", "delete")
    marks, ids = _in(finding.ids)
    where = f"rowid IN ({marks})"
    work.touch(table, ids)
    quoted = names.table_name(table)  # the names came from the file: only our schema's pass
    if policy == "delete":
        n = work.run(f"DELETE FROM {quoted} WHERE {where}", ids)
        return tr("Deleted {count} row(s) of {table} that belonged to nothing.",
                  count=n, table=table)
    column = finding.detail["column"]
    if policy == "clear":
        (quoted_column,) = names.column_names(table, [column])
        n = work.run(f"UPDATE {quoted} SET {quoted_column} = NULL WHERE {where}", ids)
        return tr("Cleared {count} broken reference(s) in {table}.{column}.",
                  count=n, table=table, column=column)
    if policy == "top-level":
        for element_id in ids:
            _to_top_level(work, element_id)
        return tr("Moved {count} element(s) whose parent was missing to the top level.",
                  count=len(ids))
    if policy == "recover-element":
        target = _recovery_element(work)
        n = work.run(f"UPDATE codings SET element_id = ? WHERE {where}", (target, *ids))
        return tr("Moved {count} coding(s) whose element was missing to the element “{name}”.",
                  count=n, name=tr("Recovered codings"))
    coder = _unknown_coder(work)
    n = work.run(f"UPDATE {quoted} SET coder_id = ? WHERE {where}", (coder, *ids))
    return tr("Recorded {count} row(s) whose coder was missing as made by “{name}”.",
              count=n, name=UNKNOWN_CODER)


def _reanchor(work: _Work, finding: Finding, _title: str) -> str:
    for coding_id, (start, end) in finding.detail["moves"].items():
        work.run("UPDATE codings SET start_offset = ?, end_offset = ? WHERE id = ?",
                 (start, end, coding_id))
    work.touch("codings", finding.ids)
    return tr("Moved {count} coding(s) to where their quote is now.", count=len(finding.ids))


def _duplicates(work: _Work, finding: Finding, _title: str) -> str:
    for dup, keep in finding.detail["keep"].items():
        work.touch("interaction_evidence", [r[0] for r in work.db.query(
            "SELECT id FROM interaction_evidence WHERE coding_id = ?", (dup,))])
        work.touch("memos", [r[0] for r in work.db.query(
            "SELECT id FROM memos WHERE target_kind = 'coding' AND target_id = ?", (dup,))])
        work.run("UPDATE OR IGNORE interaction_evidence SET coding_id = ? WHERE coding_id = ?",
                 (keep, dup))
        work.run("DELETE FROM interaction_evidence WHERE coding_id = ?", (dup,))
        work.run("UPDATE memos SET target_id = ? WHERE target_kind = 'coding' AND target_id = ?",
                 (keep, dup))
        work.run("DELETE FROM codings WHERE id = ?", (dup,))
    work.touch("codings", finding.ids)
    return tr("Deleted {count} repeated coding(s), keeping the oldest of each.",
              count=len(finding.ids))


def _text_length(work: _Work, finding: Finding, _title: str) -> str:
    marks, ids = _in(finding.ids)
    work.run("UPDATE sources SET text_length = coalesce((SELECT length(t.text) FROM "
             f"source_texts t WHERE t.id = sources.id), 0) WHERE id IN ({marks})", ids)
    work.touch("sources", ids)
    return tr("Recounted the text length of {count} source(s).", count=len(ids))


def _blocks(work: _Work, finding: Finding, _title: str) -> str:
    marks, ids = _in(finding.ids)
    work.run(f"UPDATE source_texts SET blocks = '[]' WHERE id IN ({marks})", ids)
    work.touch("source_texts", ids)
    return tr("Forgot the damaged page and line positions of {count} source(s).", count=len(ids))


def _metadata(work: _Work, finding: Finding, _title: str) -> str:
    marks, ids = _in(finding.ids)
    work.run(f"UPDATE sources SET metadata = '{{}}' WHERE id IN ({marks})", ids)
    work.touch("sources", ids)
    return tr("Forgot the damaged import metadata of {count} source(s).", count=len(ids))


def _new_guid() -> str:
    import uuid  # loaded when a repair needs it: opening a project does not

    return str(uuid.uuid4())


def _cycles(work: _Work, finding: Finding, _title: str) -> str:
    names = [_to_top_level(work, element_id) for element_id in finding.ids]
    return tr("Moved {names} to the top level; the element tree no longer loops.",
              names="、".join(f"“{n}”" for n in names))


def _project_info(work: _Work, _finding: Finding, title: str) -> str:
    coder = work.db.scalar("SELECT min(id) FROM coders")
    work.run("INSERT INTO project_info (id, guid, title, current_coder_id, created) "
             "VALUES (1, ?, ?, ?, ?)", (_new_guid(), title, coder, utc_now()))
    work.touch("project_info", [1])
    return tr("Wrote new project details titled “{title}”.", title=title)


def _undo_history(work: _Work, _finding: Finding, _title: str) -> str:
    work.clear_history = True
    return tr("Cleared the undo history.")


def _search_index(work: _Work, _finding: Finding, _title: str) -> str:
    # Dropped: the next search makes it again from the texts (core/search.py), in its current
    # form, so a damaged index is never read again.
    work.run("DROP TABLE IF EXISTS source_search")
    work.run("DELETE FROM search_pending")
    return tr("Rebuilt the search index; it is filled again at the next search.")


def _schema(work: _Work, finding: Finding, _title: str) -> str:
    from . import migrate

    wanted = set(finding.detail["names"])
    fresh = names.fresh_schema(migrate.MIGRATIONS[:migrate.schema_version(work.db)])
    try:
        made = fresh.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                             "ORDER BY type = 'trigger', type = 'index'").fetchall()
    finally:
        fresh.close()
    for _type, name, sql in made:
        if name in wanted:
            work.run(sql)
    return tr("Recreated the missing parts of the file's structure ({names}).",
              names=", ".join(finding.detail["names"]))


def _unreadable(work: _Work, finding: Finding, _title: str) -> str:
    n = 0
    for place, ids in finding.detail["places"].items():
        table, column = place.split(".", 1)
        quoted_table = names.table_name(table)
        (quoted,) = names.column_names(table, [column])
        for rowid in ids:
            raw = work.db.scalar(f"SELECT CAST({quoted} AS BLOB) FROM {quoted_table} "
                                 "WHERE rowid = ?", (rowid,))
            if isinstance(raw, bytes):
                n += work.run(f"UPDATE {quoted_table} SET {quoted} = ? WHERE rowid = ?",
                              (raw.decode("utf-8", "replace"), rowid))
        work.touch(table, ids)
    return tr("Replaced the unreadable bytes of {count} text(s) with replacement characters.",
              count=n)


_REPAIRS: dict[str, Callable[[_Work, Finding, str], str]] = {
    "index-corrupt": _reindex, "orphan-rows": _orphans, "evidence-orphan": _orphans,
    "snippet-mismatch": _reanchor, "duplicate-codings": _duplicates, "text-length": _text_length,
    "blocks-damaged": _blocks, "metadata-damaged": _metadata, "element-cycle": _cycles,
    "project-info-missing": _project_info, "undo-history-damaged": _undo_history,
    "search-index-stale": _search_index, "schema-missing": _schema,
    "text-unreadable": _unreadable,
}


# ----- helpers -----------------------------------------------------------------------------
def _to_top_level(work: _Work, element_id: int) -> str:
    """Move an element to the top level under a name no top-level element has yet."""
    name = work.db.scalar("SELECT name FROM elements WHERE id = ?", (element_id,))
    base, n = name, 1
    while work.db.scalar("SELECT 1 FROM elements WHERE parent_id IS NULL AND name = ? "
                         "AND id != ?", (name, element_id)):
        n += 1
        name = f"{base} ({n})"
    position = work.db.scalar("SELECT coalesce(max(position), -1) + 1 FROM elements "
                              "WHERE parent_id IS NULL")
    work.run("UPDATE elements SET parent_id = NULL, name = ?, position = ? WHERE id = ?",
             (name, position, element_id))
    work.touch("elements", [element_id])
    return name


def _recovery_element(work: _Work) -> int:
    name = tr("Recovered codings")
    found = work.db.scalar("SELECT id FROM elements WHERE parent_id IS NULL AND name = ?",
                           (name,))
    if found is not None:
        return int(found)
    position = work.db.scalar("SELECT coalesce(max(position), -1) + 1 FROM elements "
                              "WHERE parent_id IS NULL")
    new_id = work.db.conn.execute(
        "INSERT INTO elements (guid, name, color, position, created) VALUES (?, ?, ?, ?, ?)",
        (_new_guid(), name, "#BAB0AC", position, utc_now())).lastrowid
    work.touch("elements", [new_id])
    return int(new_id)


def _unknown_coder(work: _Work) -> int:
    found = work.db.scalar("SELECT id FROM coders WHERE name = ?", (UNKNOWN_CODER,))
    if found is not None:
        return int(found)
    new_id = work.db.conn.execute(
        "INSERT INTO coders (guid, name, created) VALUES (?, ?, ?)",
        (_new_guid(), UNKNOWN_CODER, utc_now())).lastrowid
    work.touch("coders", [new_id])
    return int(new_id)


def _sweep(work: _Work) -> int:
    """Rows the repairs left belonging to nothing: evidence of deleted codings or interactions,
    memos of deleted things, cached counts of deleted texts."""
    run, n = work.run, 0
    for table, where in (
            ("interaction_evidence", "coding_id NOT IN (SELECT id FROM codings) OR "
                                     "interaction_id NOT IN (SELECT id FROM interactions)"),
            ("memos", " OR ".join(
                f"(target_kind = '{kind}' AND target_id NOT IN (SELECT id FROM {table}))"
                for kind, table in (("source", "sources"), ("element", "elements"),
                                    ("coding", "codings"), ("interaction", "interactions"),
                                    ("case", "cases"))))):
        ids = [r[0] for r in work.db.query(f"SELECT id FROM {table} WHERE {where}")]
        if ids:
            work.touch(table, ids)
            marks, params = _in(ids)
            n += run(f"DELETE FROM {table} WHERE id IN ({marks})", params)
    n += run("DELETE FROM segment_cache WHERE source_id NOT IN (SELECT id FROM source_texts)")
    return n
