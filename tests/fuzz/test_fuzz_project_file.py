"""The project file itself, damaged or crafted by hypothesis: real projects (the demo and a
generated one with regions, interactions, cases, memos and an undo history) are changed with
schema-aware strategies — values of the wrong kind, offsets out of range, references to missing
rows, text that is not UTF-8, SQL fragments in text columns (undo records included), altered
table definitions, added triggers and views, a dropped table or index, odd format numbers.

On each file every read-only command runs through the real entry point (info, sources, codings,
elements, interactions, stats, retrieve, loops, search, check, export), then the Doctor, opening
for writing, undo, and the repair. Each must give a result or one sentence — never a traceback
and never "Something went wrong" —, no code from the file may run (the triggers would write a
marker row), and reading never changes the file (its bytes are compared).

About 45 s for 60 files on two cores; CASE_WORKBENCH_FUZZ_EXAMPLES=10 runs ten times as many.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from fuzz.fuzzkit import cpu_limit, examples
from workbench.cli.main import main as cli_main
from workbench.core import Project, Rect, WorkbenchError
from workbench.core.store import names

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

MARKER = "FUZZ-MARKER"  # what a trigger from the file would write if it ever ran
SQL_FRAGMENTS = [
    "codings WHERE id = ? OR 1 = 1 --", "'; DROP TABLE codings; --", '" OR 1=1 --',
    "x); DELETE FROM sources; --", "*/ DELETE FROM elements /*", "id = id",
    f"'); INSERT INTO dictionary_terms (term, created) VALUES ('{MARKER}', 'x'); --",
    "sqlite_master", "load_extension('x')", "%s%s%s{0}{name}", "\x00hidden", "ORDER BY 1",
]
BAD_UTF8 = ["fffe41", "c328", "e696", "ed a0 80", "f4908080", "80", "ff"]
TRIGGERS = [
    "CREATE TRIGGER fuzz_{n} AFTER {event} ON {table} BEGIN INSERT INTO dictionary_terms "
    "(term, created) VALUES ('" + MARKER + "-{n}', 'x'); END",
    "CREATE TRIGGER fuzz_{n} BEFORE {event} ON {table} BEGIN SELECT RAISE(IGNORE); END",
    "CREATE VIEW fuzz_{n} AS SELECT * FROM {table}",
    "CREATE TEMP TRIGGER fuzz_{n} AFTER {event} ON {table} BEGIN SELECT 1; END",
    "CREATE INDEX fuzz_{n} ON {table} (id)",
    "CREATE TABLE fuzz_{n} (x)",
]
READERS = (["info"], ["info", "--json"], ["sources", "--json"], ["codings", "--json"],
           ["elements"], ["interactions"], ["stats"], ["retrieve"], ["loops"],
           ["check", "--json"], ["backups"])
# Commands that save caches or the search index when they may write (checked after the bytes).
CACHING = (["search", "一网通办"], ["words", "--top", "5"])


# ----------------------------------------------------------------------------- the seeds
def _generated(path: Path) -> None:
    """A project with every kind of row and an undo history of several kinds of step."""
    from helpers import png_bytes

    with Project.create(path, coder="alice", framework="joined-up-government") as p:
        elements = [e.id for e in p.elements.list()]
        text = p.sources.add(kind="text", title="新闻𠮷", data="推进一网通办。".encode(),
                             text="推进一网通办，数据共享。\n第二段：跨部门协同。" * 10,
                             date="2019-05-01")
        image = p.sources.add(kind="image", title="截图", data=png_bytes(),
                              media_type="image/png", width=120, height=80)
        codings = [p.codings.code_text(text.id, i * 3, i * 3 + 4, elements[i % len(elements)],
                                       memo=f"备忘{i}").id for i in range(8)]
        p.codings.code_region(image.id, Rect(1, 2, 30, 40), elements[0])
        p.cases.add_source("江临市", text.id)
        p.cases.add_attribute("人口", "number")
        p.cases.set_value("江临市", "人口", 120)
        p.periods.add("起步期", "2015", "2017")
        p.interactions.add(elements[0], elements[1], "promotes", evidence=codings[:2])
        p.memos.add("source", text.id, title="备忘", body="正文")
        p.diagrams.save_positions({elements[0]: (1.5, 2.5)})
        p.codings.delete(codings[-1])
        p.sources.update(text.id, title="新标题")
        p.undo()


_SEEDS: dict[str, bytes] = {}


def _seed(name: str, tmp_path_factory) -> bytes:
    """The seed file's bytes, made once per run (a module-level cache, not a fixture argument:
    hypothesis would print megabytes of it with every failure)."""
    if name not in _SEEDS:
        from workbench.demo import build_demo

        path = tmp_path_factory.mktemp("seed") / f"{name}.cwb"
        if name == "demo":
            build_demo(path).close()
        else:
            _generated(path)
        _SEEDS[name] = path.read_bytes()
    return _SEEDS[name]


# ----------------------------------------------------------------------------- the mutations
def _rowids(conn: sqlite3.Connection, table: str) -> list[int]:
    try:
        return [r[0] for r in conn.execute(f'SELECT rowid FROM "{table}" LIMIT 200')]
    except sqlite3.Error:
        return []


def _value(data) -> object:
    return data.draw(st.one_of(
        st.text(max_size=12), st.sampled_from(SQL_FRAGMENTS), st.floats(allow_nan=False),
        st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1),
        st.sampled_from([0, -1, 2 ** 31, 2 ** 63 - 1, -(2 ** 63), 10 ** 9]),
        st.binary(max_size=8), st.none(), st.sampled_from(["{}", "[]", "{not json", "null"])),
        label="value")


def _set_cell(conn, data, table: str, column: str, value_sql: str, params=()) -> None:
    ids = _rowids(conn, table)
    if ids:
        rowid = data.draw(st.sampled_from(ids), label="row")
        conn.execute(f'UPDATE "{table}" SET "{column}" = {value_sql} WHERE rowid = ?',
                     (*params, rowid))


def mutate(conn: sqlite3.Connection, data) -> None:
    tables = names.schema_types()
    kind = data.draw(st.sampled_from([
        "value", "value", "bad-utf8", "sql-text", "offsets", "dangling", "undo-record",
        "undo-record", "table-definition", "code", "drop", "delete-rows", "format"]), label="kind")
    table = data.draw(st.sampled_from(sorted(tables)), label="table")
    column = data.draw(st.sampled_from(sorted(tables[table])), label="column")
    if kind == "value":
        _set_cell(conn, data, table, column, "?", (_value(data),))
    elif kind == "bad-utf8":
        raw = data.draw(st.sampled_from(BAD_UTF8), label="bytes").replace(" ", "")
        _set_cell(conn, data, table, column, f"CAST(x'{raw}' AS TEXT)")
    elif kind == "sql-text":
        text_columns = [c for c, t in tables[table].items() if t == "TEXT"] or [column]
        for name in text_columns:
            _set_cell(conn, data, table, name, "?", (data.draw(st.sampled_from(SQL_FRAGMENTS)),))
    elif kind == "offsets":
        start = data.draw(st.integers(min_value=-5, max_value=10 ** 7), label="start")
        end = data.draw(st.integers(min_value=-5, max_value=10 ** 7), label="end")
        _set_cell(conn, data, "codings", "start_offset", "?", (start,))
        _set_cell(conn, data, "codings", "end_offset", "?", (end,))
    elif kind == "dangling":
        links = [(t, c) for t, cols in tables.items() for c in cols
                 if c.endswith("_id") or c in ("row_id",)]
        t, c = data.draw(st.sampled_from(links), label="link")
        _set_cell(conn, data, t, c, "?", (data.draw(st.sampled_from([999_999, -1, 0])),))
    elif kind == "undo-record":
        name = data.draw(st.sampled_from(["tbl", "before", "row_id"]), label="undo column")
        if name == "tbl":
            value = data.draw(st.sampled_from([*SQL_FRAGMENTS, *tables]), label="tbl")
        elif name == "before":
            keys = st.sampled_from([*SQL_FRAGMENTS, "id", "title", "start_offset", "snippet"])
            leaf = st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70),
                             st.floats(allow_nan=False, allow_infinity=False),
                             st.text(max_size=8), st.just({"$b64": "!!"}), st.just([1]))
            value = data.draw(st.dictionaries(keys, leaf, max_size=3).map(json.dumps)
                              | st.sampled_from(["{", "[]", "{}", "1"]), label="before")
        else:
            value = _value(data)
        _set_cell(conn, data, "undo_rows", name, "?", (value,))
    elif kind == "table-definition":
        edits = [("NOT NULL", ""), ("CHECK (", "CHECK (1 OR "), ("DEFAULT ''", "DEFAULT 'x'"),
                 ("INTEGER", "TEXT"), ("TEXT", "BLOB")]
        old, new = data.draw(st.sampled_from(edits), label="edit")
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name = ? AND "
                     "type = 'table'", (old, new, table))
    elif kind == "code":
        event = data.draw(st.sampled_from(["INSERT", "UPDATE", "DELETE"]), label="event")
        sql = data.draw(st.sampled_from(TRIGGERS), label="code")
        target = "dictionary_terms" if table == "dictionary_terms" else table
        conn.execute(sql.format(n=uuid.uuid4().hex[:8], event=event, table=target))
    elif kind == "drop":
        what = data.draw(st.sampled_from(["table", "index"]), label="drop")
        if what == "table":
            conn.execute(f'DROP TABLE IF EXISTS "{table}"')
        else:
            indexes = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")]
            if indexes:
                conn.execute(f'DROP INDEX "{data.draw(st.sampled_from(indexes))}"')
    elif kind == "delete-rows":
        conn.execute(f'DELETE FROM "{table}" WHERE rowid % 2 = 0')
    else:
        pragma = data.draw(st.sampled_from(["user_version", "application_id"]), label="pragma")
        number = data.draw(st.sampled_from([0, -1, 1, 4, 6, 99, 2 ** 31 - 1]), label="number")
        conn.execute(f"PRAGMA {pragma} = {number}")


# ----------------------------------------------------------------------------- the checks
def _cli(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def _result_or_sentence(args, code: int, out: str, err: str) -> None:
    assert "Something went wrong" not in err and "Traceback" not in err, (args, err)
    assert code in (0, 1, 2), (args, code, err)
    lines = [line for line in err.splitlines() if line.strip()]
    if code == 1 and lines:
        assert len(lines) == 1, (args, err)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _marker_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM dictionary_terms WHERE CAST(term AS BLOB) "
                            "LIKE ?", (MARKER + "%",)).fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def _run_everything(path: Path, out: Path) -> None:
    markers = _marker_rows(path)
    before = _digest(path)
    for args in READERS:
        _result_or_sentence(args, *_cli(args[0], path, *args[1:]))
    export = out / f"{uuid.uuid4().hex}.csv"
    _result_or_sentence("export", *_cli("export", path, "--out", export))
    assert _digest(path) == before, "reading changed the file"
    try:
        with Project.open(path, read_only=True) as p:
            assert isinstance(p.diagnose(), list)
    except WorkbenchError as error:
        assert "\n" not in str(error).strip()
    assert _digest(path) == before, "the Doctor changed the file by reading it"
    for args in CACHING:
        _result_or_sentence(args, *_cli(args[0], path, *args[1:]))
    try:
        with Project.open(path) as p:  # opening for writing, then undo
            if not p.read_only:
                try:
                    p.undo()
                except WorkbenchError as error:
                    assert "\n" not in str(error).strip()
    except WorkbenchError as error:
        assert "\n" not in str(error).strip()
    _result_or_sentence("undo", *_cli("undo", path))
    _result_or_sentence("check --repair", *_cli("check", "--repair", path))
    assert _marker_rows(path) == markers, "code from the file ran"


def _settings(count: int):
    # No shrinking: a failure prints its draws (kind, table, column, value, row) at once, and
    # the run stays bounded in CI.
    return settings(examples(count), phases=[Phase.explicit, Phase.reuse, Phase.generate])


@given(data=st.data())
@_settings(30)
def test_a_damaged_or_crafted_demo_project_is_read_safely(tmp_path_factory, data):
    _fuzz(_seed("demo", tmp_path_factory), tmp_path_factory, data)


@given(data=st.data())
@_settings(30)
def test_a_damaged_or_crafted_generated_project_is_read_safely(tmp_path_factory, data):
    _fuzz(_seed("generated", tmp_path_factory), tmp_path_factory, data)


def _fuzz(seed: bytes, tmp_path_factory, data) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "study.cwb"
    path.write_bytes(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="mutations")):
            try:
                mutate(conn, data)
            except sqlite3.Error:
                pass  # a mutation SQLite itself refuses (a UNIQUE clash …): the others stand
    finally:
        conn.close()
    try:
        with cpu_limit():
            _run_everything(path, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
