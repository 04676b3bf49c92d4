"""Undo and redo read their records from the file, which may have been crafted: a table or column
name is never pasted into SQL unless it is one of the schema's own, values are bound, and a
record that does not fit refuses the step in one sentence with nothing changed."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core import Project, WorkbenchError
from workbench.core.errors import UndoHistoryError


def _coded(path: Path, codings: int = 3) -> Path:
    with Project.create(path, coder="alice") as p:
        element = p.elements.add("技术赋能")
        source = p.sources.add(kind="text", title="新闻", data=b"x", text="推进一网通办。" * 20)
        for i in range(codings):
            p.codings.code_text(source.id, i, i + 3, element.id)
    return path


def _top_record(path: Path, **values) -> None:
    """Rewrite the newest undo step's records with ``values`` (as a crafted file would)."""
    conn = sqlite3.connect(path)
    step = conn.execute("SELECT max(id) FROM undo_steps WHERE stack = 'undo'").fetchone()[0]
    sets = ", ".join(f"{k} = ?" for k in values)
    conn.execute(f"UPDATE undo_rows SET {sets} WHERE step_id = ?", (*values.values(), step))
    conn.commit()
    conn.close()


def _rows(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


CRAFTED = {
    "sql in the table name": {"tbl": "codings WHERE id = ? OR 1 = 1 --"},
    "a table not in the schema": {"tbl": "sqlite_master"},
    "a quoted table": {"tbl": 'codings" WHERE 1 = 1 --'},
    "a table name that is a number": {"tbl": 7},
    "sql in a column name": {"before": json.dumps({"id = id; DELETE FROM codings; --": 1})},
    "a column not in the table": {"before": json.dumps({"id": 1, "nonsense": 2})},
    "a row that is not json": {"before": "{not json"},
    "a row that is a list": {"before": "[1, 2]"},
    "a value sqlite cannot bind": {"before": json.dumps({"id": 1, "memo": [1, 2]})},
    "a number too large": {"before": json.dumps({"id": 1, "start_offset": 10 ** 30})},
    "damaged bytes": {"before": json.dumps({"id": 1, "snippet": {"$b64": 5}})},
    "a text row id": {"row_id": "1 OR 1 = 1"},
    "a blob row": {"before": b"\x00\x01"},
}


@pytest.mark.parametrize("name", list(CRAFTED))
def test_a_crafted_undo_record_changes_nothing_and_keeps_the_step(tmp_path, name):
    path = _coded(tmp_path / "study.cwb")
    _top_record(path, **CRAFTED[name])
    before = path.read_bytes()
    with Project.open(path) as p:
        label = p.undo_label()
        with pytest.raises(UndoHistoryError) as raised:
            p.undo()
        assert "\n" not in str(raised.value) and "nothing" in str(raised.value)
        assert p.undo_label() == label  # the step stays
        assert len(p.codings.list()) == 3
        assert any(f.code == "undo-history-damaged" for f in p.diagnose())
    assert _rows(path, "codings") == 3 and _rows(path, "elements") == 1


def test_the_doctor_clears_a_crafted_history_and_undo_is_then_refused_in_words(tmp_path):
    path = _coded(tmp_path / "study.cwb")
    _top_record(path, tbl="codings WHERE id = ? OR 1 = 1 --")
    with Project.open(path) as p:
        p.repair()
        assert p.undo_label() is None and not p.diagnose()
        with pytest.raises(WorkbenchError):
            p.undo()
        assert len(p.codings.list()) == 3


def test_a_crafted_redo_record_is_refused_too(tmp_path):
    path = _coded(tmp_path / "study.cwb")
    with Project.open(path) as p:
        p.undo()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE undo_rows SET tbl = 'codings WHERE 1 = 1 --' WHERE step_id = "
                 "(SELECT max(id) FROM undo_steps WHERE stack = 'redo')")
    conn.commit()
    conn.close()
    with Project.open(path) as p:
        with pytest.raises(UndoHistoryError):
            p.redo()
        assert len(p.codings.list()) == 2 and p.redo_label() is not None


def test_the_command_line_undo_of_a_crafted_file_deletes_nothing_and_says_one_sentence(tmp_path):
    path = _coded(tmp_path / "study.cwb", codings=5)
    _top_record(path, tbl="codings WHERE id = ? OR 1 = 1 --")
    done = subprocess.run([sys.executable, "-m", "workbench", "undo", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "undo history" in done.stderr and "Undone" not in done.stdout
    assert _rows(path, "codings") == 5


def test_undo_still_restores_bytes_and_every_kind_of_value(tmp_path):
    """The checks let every honest record through: bytes (base64), NULLs, floats, text."""
    path = tmp_path / "study.cwb"
    with Project.create(path, coder="alice") as p:
        element = p.elements.add("技术赋能")
        source = p.sources.add(kind="text", title="新闻", data=b"\x00\xffraw", text="推进一网通办。")
        p.codings.code_text(source.id, 0, 2, element.id, memo="备忘")
        p.sources.delete(source.id)
        p.undo()
        assert p.sources.original(source.id) == b"\x00\xffraw"
        assert p.codings.list()[0].memo == "备忘"
        p.redo()
        assert p.sources.list() == []
