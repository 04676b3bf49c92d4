"""The project's own invariants, beyond what SQLite checks: codings inside their texts and equal
to their quotes, sources with their text and file, no duplicate codings, no rows belonging to
nothing (where no FOREIGN KEY guards them), an element tree without loops, a readable undo
history and a search index that matches the texts."""
from __future__ import annotations

import sqlite3

from ...i18n import tr
from . import names
from .database import Database, undo_record
from .findings import Finding


def _restore() -> str:
    return tr("Restore an earlier backup of the project, or re-code these passages by hand.")


# Rows whose owner is named by id without a FOREIGN KEY. Left out on purpose: ``matrix_notes``
# and ``element_keywords`` keep their rows when the case or element goes (so undo brings them
# back, see schema.py), and readers ignore such rows; ``search_pending`` rows of deleted sources
# tell the search index to drop those sources.
_MEMO_TARGETS = {"source": "sources", "element": "elements", "coding": "codings",
                 "interaction": "interactions", "case": "cases"}


def orphan_findings(db: Database) -> list[Finding]:
    findings = []
    memo_ids: list[int] = []
    for kind, table in _MEMO_TARGETS.items():
        memo_ids += [r[0] for r in db.query(
            f"SELECT m.id FROM memos m WHERE m.target_kind = ? AND NOT EXISTS "
            f"(SELECT 1 FROM {table} t WHERE t.id = m.target_id)", (kind,))]
    if memo_ids:
        findings.append(Finding(
            "orphan-rows", tr("{count} memo(s) belong to something that no longer exists.",
                              count=len(memo_ids)),
            tr("Delete the {count} memo(s) that belong to nothing (the backup keeps them).",
               count=len(memo_ids)), table="memos", ids=tuple(sorted(memo_ids))))
    cache = int(db.scalar("SELECT count(*) FROM segment_cache c WHERE NOT EXISTS "
                          "(SELECT 1 FROM source_texts t WHERE t.id = c.source_id)"))
    if cache:
        findings.append(Finding(
            "orphan-rows", tr("{count} cached word count(s) belong to sources that no longer "
                              "exist.", count=cache),
            tr("Delete the cached word counts of missing sources (they are only a cache)."),
            table="segment_cache", detail={"rows": cache}))
    undo = [r[0] for r in db.query("SELECT u.id FROM undo_rows u WHERE NOT EXISTS "
                                   "(SELECT 1 FROM undo_steps s WHERE s.id = u.step_id)")]
    if undo:
        findings.append(Finding(
            "orphan-rows", tr("{count} record(s) of the undo history belong to no undo step.",
                              count=len(undo)),
            tr("Delete the {count} undo record(s) that belong to no step.", count=len(undo)),
            table="undo_rows", ids=tuple(undo)))
    return findings


def project_info(db: Database) -> list[Finding]:
    if db.scalar("SELECT count(*) FROM project_info WHERE id = 1"):
        return []
    return [Finding("project-info-missing",
                    tr("The project's details (title, language …) are missing."),
                    tr("Write new project details with the file's name as the title."),
                    table="project_info")]


def coding_findings(db: Database) -> list[Finding]:
    """Text codings past the end of their text, and codings whose stored quote (snippet) is no
    longer the text they point at. A quote found elsewhere in the text can be re-anchored
    there (the occurrence nearest the old place), like ATLAS.ti does; one found nowhere cannot."""
    outside: list[int] = []
    moved: dict[int, tuple[int, int]] = {}
    lost: list[int] = []
    text_of: dict[int, str] = {}
    # Values of the wrong kind (text offsets, a BLOB quote) are ``wrong-type``'s, not compared.
    for row in db.query("SELECT c.id, c.source_id, c.start_offset, c.end_offset, c.snippet "
                        "FROM codings c JOIN sources s ON s.id = c.source_id "
                        "WHERE typeof(c.start_offset) = 'integer' AND typeof(c.end_offset) = "
                        "'integer' AND typeof(c.snippet) IN ('text', 'null') "
                        "ORDER BY c.source_id, c.id"):
        sid = row["source_id"]
        if sid not in text_of:  # one text in memory at a time, read once
            text_of.clear()
            text_of[sid] = db.scalar("SELECT text FROM source_texts WHERE id = ? AND "
                                     "typeof(text) = 'text'", (sid,)) or ""
        text = text_of[sid]
        start, end, snippet = row["start_offset"], row["end_offset"], row["snippet"] or ""
        if text[start:end] == snippet and end <= len(text):
            continue
        place = _nearest(text, snippet, start) if snippet else None
        if place is not None:
            moved[row["id"]] = place
        elif end > len(text):
            outside.append(row["id"])
        else:
            lost.append(row["id"])
    findings = []
    if moved:
        findings.append(Finding(
            "snippet-mismatch",
            _coding_said(db, moved, lambda n: tr(
                "{count} codings no longer match their stored quotes, which are found elsewhere "
                "in the text.", count=n)),
            tr("Move the {count} coding(s) to where their quote is now (the occurrence nearest "
               "the old place).", count=len(moved)),
            table="codings", ids=tuple(sorted(moved)), detail={"moves": moved}))
    if lost:
        findings.append(Finding(
            "snippet-lost",
            _coding_said(db, lost, lambda n: tr(
                "{count} codings no longer match their stored quotes, and the quotes are nowhere "
                "in the text.", count=n)),
            None, _restore(), table="codings", ids=tuple(lost)))
    if outside:
        findings.append(Finding(
            "coding-outside-text",
            _coding_said(db, outside, lambda n: tr(
                "{count} codings end after the end of their source's text.", count=n),
                single="outside"),
            None, _restore(), table="codings", ids=tuple(outside)))
    regions = [r[0] for r in db.query(
        "SELECT c.id FROM codings c JOIN sources s ON s.id = c.source_id "
        "WHERE c.start_offset IS NULL AND (s.kind != 'image' OR c.x + c.width > s.width "
        "OR c.y + c.height > s.height)")]
    if regions:
        findings.append(Finding(
            "region-outside-image",
            _coding_said(db, regions, lambda n: tr(
                "{count} region codings lie outside their image.", count=n), single="region"),
            None, _restore(), table="codings", ids=tuple(regions)))
    return findings


def _coding_said(db: Database, ids, many, single: str = "quote") -> str:
    """One coding: the sentence naming it and its source; several: ``many(count)``."""
    if len(ids) != 1:
        return many(len(ids))
    (coding_id,) = ids
    title = db.scalar("SELECT s.title FROM codings c JOIN sources s ON s.id = c.source_id "
                      "WHERE c.id = ?", (coding_id,))
    if single == "outside":
        return tr("Coding {id} ends after the text of “{title}”.", id=coding_id, title=title)
    if single == "region":
        return tr("Region coding {id} lies outside the image “{title}”.", id=coding_id,
                  title=title)
    return tr("Coding {id} in “{title}” no longer matches its stored quote.", id=coding_id,
              title=title)


def _source_said(db: Database, ids, many, single: str) -> str:
    if len(ids) != 1:
        return many(len(ids))
    source_id = ids[0]
    title = db.scalar("SELECT title FROM sources WHERE id = ?", (source_id,))
    if single == "file":
        return tr("Source {id} “{title}” has lost its original file.", id=source_id, title=title)
    if single == "text":
        return tr("Source {id} “{title}” has lost its text.", id=source_id, title=title)
    return tr("Source {id} “{title}” has a wrong text length.", id=source_id, title=title)


def _nearest(text: str, snippet: str, old_start: int) -> tuple[int, int] | None:
    best, at = None, text.find(snippet)
    while at != -1:
        if best is None or abs(at - old_start) < abs(best - old_start):
            best = at
        at = text.find(snippet, at + 1)
    return None if best is None else (best, best + len(snippet))


def duplicate_codings(db: Database) -> list[Finding]:
    """The same passage or region coded twice with the same element by the same coder."""
    rows = db.query(
        "SELECT id, keep FROM (SELECT id, first_value(id) OVER w AS keep, "
        "row_number() OVER w AS n FROM codings WINDOW w AS (PARTITION BY source_id, element_id, "
        "coder_id, start_offset, end_offset, x, y, width, height ORDER BY created, id)) "
        "WHERE n > 1 ORDER BY id")
    if not rows:
        return []
    return [Finding(
        "duplicate-codings",
        tr("{count} coding(s) repeat another coding of the same passage with the same element "
           "by the same coder.", count=len(rows)),
        tr("Delete the {count} repeated coding(s), keeping the oldest of each (its evidence "
           "and memos are kept on it).", count=len(rows)),
        table="codings", ids=tuple(r["id"] for r in rows),
        detail={"keep": {r["id"]: r["keep"] for r in rows}})]


def source_findings(db: Database) -> list[Finding]:
    findings = []
    no_file = [r[0] for r in db.query("SELECT s.id FROM sources s WHERE NOT EXISTS "
                                      "(SELECT 1 FROM source_files f WHERE f.id = s.id)")]
    if no_file:
        findings.append(Finding(
            "file-lost", _source_said(db, no_file, lambda n: tr(
                "{count} sources have lost their original file.", count=n), "file"),
            None, tr("Restore an earlier backup of the project, or import these files again."),
            table="sources", ids=tuple(no_file)))
    no_text, wrong = [], []
    for row in db.query("SELECT s.id, s.kind, s.text_length, length(t.text) AS n, "
                        "t.id AS tid FROM sources s LEFT JOIN source_texts t ON t.id = s.id"):
        if row["tid"] is None:
            if row["kind"] == "text":
                no_text.append(row["id"])
            elif row["text_length"]:
                wrong.append(row["id"])
        elif row["n"] != row["text_length"]:  # SQLite's length() counts code points, as we do
            wrong.append(row["id"])
    if no_text:
        findings.append(Finding(
            "text-lost", _source_said(db, no_text, lambda n: tr(
                "{count} text sources have lost their text.", count=n), "text"),
            None, tr("Restore an earlier backup of the project, or import these files again."),
            table="sources", ids=tuple(no_text)))
    if wrong:
        findings.append(Finding(
            "text-length", _source_said(db, wrong, lambda n: tr(
                "{count} sources have a wrong text length.", count=n), "length"),
            tr("Recount the length of each text."), table="sources", ids=tuple(wrong)))
    return findings


def bad_json(db: Database) -> list[Finding]:
    """Line positions of recognised text (``blocks``) and imported metadata are JSON."""
    blocks = [r[0] for r in db.query("SELECT id FROM source_texts WHERE NOT json_valid(blocks)")]
    meta = [r[0] for r in db.query("SELECT id FROM sources WHERE NOT json_valid(metadata)")]
    findings = []
    if blocks:
        findings.append(Finding(
            "blocks-damaged",
            tr("{count} source(s) have damaged page and line positions.", count=len(blocks)),
            tr("Forget the damaged page and line positions (the text itself is kept)."),
            table="source_texts", ids=tuple(blocks)))
    if meta:
        findings.append(Finding(
            "metadata-damaged",
            tr("{count} source(s) have damaged import metadata.", count=len(meta)),
            tr("Forget the damaged import metadata (title, date and the other fields are kept)."),
            table="sources", ids=tuple(meta)))
    return findings


def element_cycles(db: Database) -> list[Finding]:
    """Loops in the element tree; the element of each loop made last (highest id) is the one
    that closed it and goes to the top level."""
    parents = {r["id"]: r["parent_id"] for r in db.query("SELECT id, parent_id FROM elements")}
    loops: list[list[int]] = []
    done: set[int] = set()
    for start in parents:
        path: list[int] = []
        node = start
        while node is not None and node not in done and node not in path:
            path.append(node)
            node = parents.get(node)
        if node is not None and node in path:
            loops.append(path[path.index(node):])
        done.update(path)
    if not loops:
        return []
    closing = tuple(sorted(max(loop) for loop in loops))
    return [Finding(
        "element-cycle",
        tr("Element {id} is its own ancestor (the element tree loops).", id=loops[0][0])
        if sum(len(loop) for loop in loops) == 1 else
        tr("The element tree loops: {count} elements are their own ancestor.",
           count=sum(len(loop) for loop in loops)),
        tr("Move the element that closes each loop to the top level ({count} element(s)).",
           count=len(closing)),
        table="elements", ids=closing)]


def undo_history(db: Database) -> list[Finding]:
    """Undo records that undo would refuse (``database.undo_record``: tables and columns not of
    our schema, unreadable rows, values SQLite cannot store): the same test undo itself makes,
    so what the Doctor calls damaged is exactly what undo refuses."""
    bad = 0
    for tbl, row_id, before in db.conn.execute("SELECT tbl, row_id, before FROM undo_rows"):
        try:
            undo_record(tbl, row_id, before)
        except ValueError:
            bad += 1
    if not bad:
        return []
    return [Finding(
        "undo-history-damaged",
        tr("The undo history is damaged ({count} record(s) cannot be undone).", count=bad),
        tr("Clear the undo history (the backup keeps it); the project itself is unchanged."),
        table="undo_rows")]


def search_index(db: Database) -> list[Finding]:
    """The full-text index (built on first search) against the texts, sources still waiting in
    ``search_pending`` aside."""
    if db.scalar("SELECT 1 FROM sqlite_master WHERE name = 'source_search'") is None:
        return []
    pending = "SELECT source_id FROM search_pending"
    # Which texts are indexed: the index's own list (its rows read the texts themselves when
    # the index keeps no copy of them, core/search.py).
    indexed = "SELECT id FROM source_search_docsize"
    try:
        stale = int(db.scalar(
            f"SELECT count(*) FROM ({indexed}) WHERE id NOT IN ({pending}) AND id NOT IN "
            "(SELECT id FROM source_texts)"))
        stale += int(db.scalar(
            f"SELECT count(*) FROM source_texts WHERE id NOT IN ({pending}) AND id NOT IN "
            f"({indexed})"))
        if "content=" not in (db.scalar("SELECT sql FROM sqlite_master "
                                        "WHERE name = 'source_search'") or ""):
            stale += int(db.scalar(
                "SELECT count(*) FROM source_texts t JOIN source_search s ON s.rowid = t.id "
                f"WHERE t.id NOT IN ({pending}) AND s.text IS NOT t.text"))
    except sqlite3.DatabaseError:  # the index's own tables are damaged (or no FTS5 here)
        stale = -1
    if not stale:
        return []
    return [Finding(
        "search-index-stale",
        tr("The search index does not match the texts, so searches may miss passages."),
        tr("Rebuild the search index from the texts."), table="source_search",
        detail={"sources": stale})]


def schema_objects(db: Database) -> list[Finding]:
    """Tables, indexes or triggers of our schema that the file lacks (``Project.open`` then
    opens it read-only). Extra objects are refused at opening and never get here."""
    from .safety import schema_report

    report = schema_report(db)
    if report is None or not report.missing:
        return []
    names = [item.split(" ", 1)[1] for item in report.missing]
    return [Finding(
        "schema-missing",
        tr("The file lacks parts of its structure ({names}).", names=", ".join(names)),
        tr("Recreate the missing parts from Case Workbench's own definitions (a missing table "
           "comes back empty)."), detail={"names": names})]


# What each declared type may hold (SQLite's affinity turns numbers into text in a TEXT column and
# whole reals into integers in an INTEGER one, so anything else was written by another program).
_KINDS = {"INTEGER": ("integer", "null"), "REAL": ("integer", "real", "null"),
          "TEXT": ("text", "null"), "BLOB": ("blob", "null")}
# Region sizes may be fractional (an image region from another tool); no other INTEGER may.
_FRACTIONAL = {("codings", "x"), ("codings", "y"), ("codings", "width"), ("codings", "height"),
               ("sources", "width"), ("sources", "height")}


def wrong_types(db: Database) -> dict[tuple[str, str], list[int]]:
    """{(table, column): rowids} of values of a kind their column never holds in our files —
    text or a fraction where a number or an offset belongs, bytes where text belongs. One
    query per table, reading only each value's type (SQLite does not load the value)."""
    present = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    found: dict[tuple[str, str], list[int]] = {}
    for table, columns in names.schema_types().items():
        if table not in present:
            continue  # a missing table is "schema-missing"
        checked = []
        for column, declared in columns.items():
            kinds = _KINDS.get(declared)
            if kinds is None:
                continue
            if (table, column) in _FRACTIONAL:
                kinds = (*kinds, "real")
            checked.append((column, f"typeof({names.quote(column)}) NOT IN "
                                    f"({', '.join(repr(k) for k in kinds)})"))
        if not checked:
            continue
        tests = ", ".join(test for _, test in checked)
        for row in db.conn.execute(f"SELECT rowid, {tests} FROM {names.quote(table)} "
                                   f"WHERE {' OR '.join(test for _, test in checked)}"):
            for (column, _), wrong in zip(checked, row[1:]):
                if wrong:
                    found.setdefault((table, column), []).append(int(row[0]))
    return found


def value_types(db: Database) -> list[Finding]:
    found = wrong_types(db)
    if not found:
        return []
    places = ", ".join(f"{t}.{c}" for t, c in sorted(found))
    count = sum(len(ids) for ids in found.values())
    return [Finding(
        "wrong-type",
        tr("{count} value(s) are of a kind Case Workbench never stores there ({places}), for "
           "example text where a number belongs.", count=count, places=places),
        None, tr("These values were edited outside Case Workbench; restore an earlier backup "
                 "of the project."),
        table=sorted(found)[0][0], detail={"places": {f"{t}.{c}": ids
                                                      for (t, c), ids in found.items()}})]


def unreadable_text(db: Database) -> list[Finding]:
    """Text that is not valid UTF-8 (SQLite stores whatever bytes it is given): shown with
    replacement characters; a repair stores it that way."""
    present = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    found: dict[tuple[str, str], list[int]] = {}
    for table, columns in names.schema_types().items():
        if table not in present:
            continue
        for column, declared in columns.items():
            if declared != "TEXT":
                continue
            quoted = names.quote(column)
            for rowid, raw in db.conn.execute(
                    f"SELECT rowid, CAST({quoted} AS BLOB) FROM {names.quote(table)} "
                    f"WHERE typeof({quoted}) = 'text'"):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    found.setdefault((table, column), []).append(int(rowid))
    if not found:
        return []
    places = ", ".join(f"{t}.{c}" for t, c in sorted(found))
    return [Finding(
        "text-unreadable",
        tr("{count} text(s) are not valid UTF-8 and show replacement characters ({places}).",
           count=sum(len(ids) for ids in found.values()), places=places),
        tr("Store these texts with replacement characters for the unreadable bytes (the backup "
           "keeps them as they were)."),
        table=sorted(found)[0][0], detail={"places": {f"{t}.{c}": ids
                                                      for (t, c), ids in found.items()}})]
