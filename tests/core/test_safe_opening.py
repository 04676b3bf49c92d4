"""Opening a project file from elsewhere is safe: no code runs, damage is found before writing,
and a file that cannot be written opens read-only instead of failing."""
from __future__ import annotations

import ast
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from helpers import unwritable
from workbench.cli.main import main as cli_main
from workbench.core import Project, ProjectFileError, ReadOnlyError, trust
from workbench.core.store import Database, safety

PACKAGE = Path(__file__).resolve().parents[2] / "workbench"
FROZEN = Path(__file__).resolve().parents[1] / "data" / "schemas"


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path, monkeypatch):
    """The memory of closed files lives in the data folder: never the real user's."""
    monkeypatch.setenv("CASE_WORKBENCH_DATA_DIR", str(tmp_path / "data"))


def _study(path: Path, sources: int = 3) -> Path:
    with Project.create(path, coder="alice") as p:
        element = p.elements.add("技术赋能")
        for i in range(sources):
            s = p.sources.add(kind="text", title=f"新闻{i}", data=f"n{i}".encode(),
                              text=f"江临市推进一网通办{i}。" * 200)
            p.codings.code_text(s.id, 0, 5, element.id)
    return path


def _raw(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# ----------------------------------------------------------------------------- SQLite settings
def test_defensive_settings_are_on_for_writing_and_reading(tmp_path):
    path = _study(tmp_path / "a.cwb", sources=1)
    for read_only in (False, True):
        with Project.open(path, read_only=read_only) as p:
            conn = p._db.conn
            assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
            assert conn.execute("PRAGMA cell_size_check").fetchone()[0] == 1
            assert conn.execute("PRAGMA mmap_size").fetchone()[0] == 0


def test_defensive_mode_is_set_where_python_offers_it():
    # Connection.setconfig (SQLITE_DBCONFIG_DEFENSIVE) arrived in Python 3.12; on 3.11 the
    # pragmas above and the schema check below are the defence.
    assert hasattr(sqlite3.Connection, "setconfig") == (sys.version_info >= (3, 12))


# ----------------------------------------------------------------------------- hostile schema
def test_an_extra_trigger_is_refused_and_never_runs(tmp_path):
    path = _study(tmp_path / "gift.cwb")
    _raw(path, "CREATE TRIGGER tidy AFTER UPDATE ON project_info BEGIN DELETE FROM codings; END",
         "CREATE TRIGGER tidy2 AFTER INSERT ON undo_steps BEGIN DELETE FROM codings; END")
    codings = _count(path, "codings")
    for read_only in (False, True):
        with pytest.raises(ProjectFileError) as refused:
            Project.open(path, read_only=read_only)
        message = str(refused.value)
        assert "gift.cwb" in message and "trigger tidy" in message and "not opened" in message
        assert "\n" not in message and "Traceback" not in message
    assert _count(path, "codings") == codings


def test_a_view_calling_a_function_is_refused(tmp_path):
    path = _study(tmp_path / "view.cwb", sources=1)
    _raw(path, "CREATE VIEW coding_summary AS SELECT load_extension('/tmp/evil.so') AS x")
    with pytest.raises(ProjectFileError, match="view coding_summary"):
        Project.open(path)


def test_a_tampered_trigger_is_refused(tmp_path):
    path = _study(tmp_path / "tampered.cwb", sources=1)
    conn = sqlite3.connect(path)
    name, sql = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                             "ORDER BY name LIMIT 1").fetchone()
    conn.close()
    evil = sql.rstrip().removesuffix("END").rstrip() + "\n  DELETE FROM codings;\nEND"
    _raw(path, f"DROP TRIGGER {name}", evil)
    with pytest.raises(ProjectFileError, match=f"trigger {name}"):
        Project.open(path)


def test_an_extra_index_or_table_is_refused(tmp_path):
    path = _study(tmp_path / "extra.cwb", sources=1)
    _raw(path, "CREATE INDEX sneaky ON codings (coalesce(memo, 'x'))", "CREATE TABLE notes (x)")
    with pytest.raises(ProjectFileError, match="index sneaky, table notes"):
        Project.open(path)


@pytest.mark.parametrize("frozen", sorted(FROZEN.glob("v*.cwb")), ids=lambda p: p.stem)
def test_every_released_format_matches_its_expected_schema(frozen, tmp_path):
    path = tmp_path / frozen.name
    shutil.copy(frozen, path)
    db = Database.connect(path, read_only=True)
    try:
        assert safety.schema_report(db) == safety.SchemaReport((), ())
    finally:
        db.close()


def test_what_sqlite_and_search_add_later_is_accepted(tmp_path):
    path = _study(tmp_path / "used.cwb", sources=2)
    with Project.open(path) as p:
        assert p.search.find("一网通办")  # builds the full-text index (outside the migrations)
    _raw(path, "ANALYZE")  # sqlite_stat1, as PRAGMA optimize makes it
    with Project.open(path) as p:
        assert not p.read_only and p.read_only_reason is None


def test_a_missing_index_opens_read_only_asking_for_the_doctor(tmp_path):
    path = _study(tmp_path / "missing.cwb", sources=1)
    conn = sqlite3.connect(path)
    index = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                         "AND sql IS NOT NULL ORDER BY name LIMIT 1").fetchone()[0]
    conn.close()
    _raw(path, f"DROP INDEX {index}")
    with Project.open(path) as p:
        assert p.read_only and p.check_failed
        assert index in p.read_only_reason and "Project Doctor" in p.read_only_reason


# ----------------------------------------------------------------------------- foreign files
def _damage_a_page(path: Path, table: str = "source_texts") -> None:
    conn = sqlite3.connect(path)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    assert root > 1  # never page 1: the schema must stay readable
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * size + 8)
        handle.write(b"\xab" * 192)  # the cell pointers of a table page


def test_a_damaged_file_from_elsewhere_opens_read_only(tmp_path):
    path = _study(tmp_path / "from-colleague.cwb", sources=40)
    _damage_a_page(path)
    assert not trust.is_known(path)
    with Project.open(path) as p:
        assert p.read_only and p.check_failed
        assert "from-colleague.cwb" in p.read_only_reason
        assert "Project Doctor" in p.read_only_reason and "backup" in p.read_only_reason
        with pytest.raises(ReadOnlyError):
            p.elements.add("不应写入")
    assert not trust.is_known(path)  # a read-only close vouches for nothing


def test_a_sound_file_from_elsewhere_is_checked_then_remembered(tmp_path):
    made = _study(tmp_path / "made.cwb", sources=2)
    path = tmp_path / "received.cwb"
    shutil.copy(made, path)  # as if mailed: this machine never closed it
    assert not trust.is_known(path)
    with Project.open(path) as p:
        assert not p.read_only and p.read_only_reason is None
    assert trust.is_known(path)
    with Project.open(path) as p:  # changed again by this app: still known after closing
        p.elements.add("组织协同")
    assert trust.is_known(path)


def test_a_file_unchanged_since_this_app_closed_it_is_not_checked_again(tmp_path):
    # The cost/benefit of the memory, made visible: same size, time and change counter means
    # no quick_check (so a bit flip by the disk itself is found by the Project Doctor instead).
    path = _study(tmp_path / "mine.cwb", sources=40)
    stat = path.stat()
    _damage_a_page(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert trust.is_known(path)
    with Project.open(path) as p:
        assert not p.read_only


def test_a_file_changed_elsewhere_is_no_longer_known(tmp_path):
    path = _study(tmp_path / "synced.cwb", sources=1)
    assert trust.is_known(path)
    _raw(path, "UPDATE project_info SET title = 'changed on the other laptop'")
    assert not trust.is_known(path)


def test_the_memory_keeps_only_the_newest_files(tmp_path, monkeypatch):
    monkeypatch.setattr(trust, "MAX_REMEMBERED", 3)
    paths = [tmp_path / f"{i}.cwb" for i in range(5)]
    for path in paths:
        path.write_bytes(b"x")
        trust.remember(path)
    assert [trust.is_known(p) for p in paths] == [False, False, True, True, True]


# ----------------------------------------------------------------------------- read-only places
def test_a_read_only_file_opens_read_only_with_the_reason(tmp_path):
    path = _study(tmp_path / "locked.cwb", sources=1)
    with unwritable(path):
        with Project.open(path) as p:
            assert p.read_only and not p.check_failed
            assert "locked.cwb" in p.read_only_reason and "file cannot be written" in \
                p.read_only_reason and "save a copy" in p.read_only_reason
            assert p.sources.list()[0].title == "新闻0"
            with pytest.raises(ReadOnlyError):
                p.elements.add("不应写入")
            copy = trust.save_copy(p, tmp_path / "mine")
        assert copy == tmp_path / "mine.cwb" and trust.is_known(copy)
        with Project.open(copy) as editable:
            assert not editable.read_only
            editable.elements.add("可以写入")


def test_a_file_in_a_read_only_folder_opens_read_only(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = _study(folder / "study.cwb", sources=1)
    with unwritable(folder):
        with Project.open(path) as p:
            assert p.read_only and "folder cannot be written" in p.read_only_reason
            assert [e.name for e in p.elements.list()] == ["技术赋能"]


def test_the_command_line_reads_a_read_only_file_and_refuses_writes_in_one_sentence(
        tmp_path, capsys):
    path = _study(tmp_path / "cd.cwb", sources=1)
    with unwritable(path):
        assert cli_main(["elements", str(path)]) == 0
        assert "技术赋能" in capsys.readouterr().out
        assert cli_main(["element", str(path), "add", "组织协同"]) == 1
        err = capsys.readouterr().err.strip()
        assert "cd.cwb" in err and "cannot be written" in err and "\n" not in err
        assert cli_main(["stats", str(path)]) == 0  # opens for writing when it can


# ----------------------------------------------------------------------------- no code in data
_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
_FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle",
                      "joblib"}


def test_the_package_never_runs_code_from_data():
    """No pickle, no eval: opening or importing a file can only ever read data."""
    found = []
    for source in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        where = source.relative_to(PACKAGE.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in _FORBIDDEN_CALLS:
                found.append(f"{where}:{node.lineno} {node.func.id}()")
            if isinstance(node, ast.Import):
                found += [f"{where}:{node.lineno} import {a.name}" for a in node.names
                          if a.name.split(".")[0] in _FORBIDDEN_MODULES]
            if isinstance(node, ast.ImportFrom) and \
                    (node.module or "").split(".")[0] in _FORBIDDEN_MODULES:
                found.append(f"{where}:{node.lineno} from {node.module}")
            if isinstance(node, ast.Attribute) and node.attr in ("enable_load_extension",
                                                                 "load_extension"):
                found.append(f"{where}:{node.lineno} .{node.attr}")
    assert found == []
