"""Files edited outside the workbench: the Project Doctor never crashes on them, it agrees with
opening about what is wrong, and every reading command gives a sentence or a correct result."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from workbench.cli.main import main as cli_main
from workbench.core import InvalidInputError, Project, ProjectFileError, WorkbenchError


def _study(path: Path) -> Path:
    with Project.create(path, coder="alice") as p:
        element = p.elements.add("技术赋能")
        source = p.sources.add(kind="text", title="新闻", data=b"x", text="推进一网通办。" * 30)
        for i in range(4):
            p.codings.code_text(source.id, i, i + 3, element.id)
        p.memos.add("source", source.id, title="备忘", body="正文")
    return path


def _edit(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


DAMAGE = {
    "text offset": (["UPDATE codings SET start_offset = 'abc' WHERE id = 1"], "wrong-type"),
    "real offsets": (["UPDATE codings SET start_offset = 1.5, end_offset = 3.25 WHERE id = 2"],
                     "wrong-type"),
    "blob quote": (["UPDATE codings SET snippet = x'00ff' WHERE id = 1"], "wrong-type"),
    "blob title": (["UPDATE sources SET title = x'e696b0' WHERE id = 1"], "wrong-type"),
    "no memos table": (["DROP TABLE memos"], "schema-missing"),
    "bad utf-8 title": (["UPDATE sources SET title = CAST(x'fffe41' AS TEXT)"], "text-unreadable"),
    "bad utf-8 quote": (["UPDATE codings SET memo = CAST(x'c328' AS TEXT) WHERE id = 3"],
                        "text-unreadable"),
    "bad utf-8 undo label": (["UPDATE undo_steps SET label = CAST(x'ff' AS TEXT)"],
                             "text-unreadable"),
    "bad utf-8 text": (["UPDATE source_texts SET text = CAST(CAST(text AS BLOB) || x'ff' "
                        "AS TEXT)"], "text-unreadable"),
}
READERS = (["info"], ["sources", "--json"], ["codings", "--json"], ["elements"], ["stats"],
           ["check"], ["check", "--json"], ["interactions"], ["retrieve"], ["loops"],
           ["backups"], ["search", "一网通办"], ["search", "推"])


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = cli_main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _sentence_or_result(code: int, out: str, err: str) -> None:
    assert "Something went wrong" not in err and "Traceback" not in err, err
    if code != 0:
        assert len([line for line in err.splitlines() if line.strip()]) <= 1 or out, err


@pytest.mark.parametrize("name", list(DAMAGE))
def test_the_doctor_finds_each_damage_and_reading_commands_never_crash(tmp_path, capsys, name):
    statements, code = DAMAGE[name]
    path = _study(tmp_path / "study.cwb")
    _edit(path, *statements)
    with Project.open(path, read_only=True) as p:
        found = {f.code for f in p.diagnose()}
    assert code in found, found
    for args in READERS:
        _sentence_or_result(*_cli(capsys, args[0], path, *args[1:]))
    export = tmp_path / "out.csv"
    _sentence_or_result(*_cli(capsys, "export", path, "--format", "csv", "--out", export))
    repaired = _cli(capsys, "check", "--repair", path)
    _sentence_or_result(*repaired)


@pytest.mark.parametrize("name", list(DAMAGE))
def test_opening_for_writing_and_the_doctor_agree(tmp_path, name):
    """A file opening keeps read-only for damage has Doctor findings; a file the Doctor finds
    structural or value damage in is not opened for writing as if sound."""
    statements, code = DAMAGE[name]
    path = _study(tmp_path / "study.cwb")
    _edit(path, *statements)
    with Project.open(path) as p:
        findings = p.diagnose()
        if p.check_failed:
            assert findings
        if code in ("wrong-type", "schema-missing"):
            assert p.read_only and p.check_failed, p.read_only_reason


def test_a_changed_check_constraint_is_refused_by_opening_and_the_doctor_alike(tmp_path, capsys):
    path = _study(tmp_path / "study.cwb")
    _edit(path, "PRAGMA writable_schema = ON",
          "UPDATE sqlite_master SET sql = replace(sql, 'CHECK (length(trim(name)) > 0)', "
          "'CHECK (length(name) > 5)') WHERE name = 'elements'")
    for read_only in (False, True):
        with pytest.raises(ProjectFileError, match="database code"):
            Project.open(path, read_only=read_only)
    code, out, err = _cli(capsys, "check", path)
    assert code == 1 and "database code" in err and "no problems" not in out


def test_repairing_unreadable_text_makes_it_readable(tmp_path):
    path = _study(tmp_path / "study.cwb")
    _edit(path, "UPDATE sources SET title = CAST(x'e696b0ff' AS TEXT)")
    with Project.open(path) as p:
        assert p.sources.list()[0].title == "新\ufffd"  # shown, not a crash
        p.repair()
        assert p.diagnose() == []
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT title FROM sources").fetchone()[0] == "新\ufffd"
    conn.close()


def test_a_missing_memos_table_is_repaired_after_a_backup(tmp_path):
    path = _study(tmp_path / "study.cwb")
    _edit(path, "DROP TABLE memos")
    with Project.open(path) as p:
        assert p.counts()["memos"] == 0
    from workbench.core.doctor import repair_file

    report = repair_file(path)
    assert report.healthy and report.backup is not None and report.backup.exists()
    with Project.open(path) as p:
        assert not p.read_only and p.memos.list() == []


@pytest.mark.parametrize("version", [0, -1])
def test_format_version_zero_or_below_is_one_sentence_and_leaves_no_backup(tmp_path, capsys,
                                                                              version):
    path = _study(tmp_path / "study.cwb")
    _edit(path, f"PRAGMA user_version = {version}")
    before = sorted(os.listdir(tmp_path))
    for _try in range(2):
        with pytest.raises(ProjectFileError, match="file format") as raised:
            Project.open(path)
        assert "already exists" not in str(raised.value)
    code, out, err = _cli(capsys, "info", path)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "file format" in err
    assert sorted(os.listdir(tmp_path)) == before  # no backup copy left beside it


def test_huge_numbers_are_one_sentence_in_the_api_and_on_the_command_line(tmp_path, capsys):
    path = _study(tmp_path / "study.cwb")
    huge = 10 ** 30
    with Project.open(path) as p:
        with pytest.raises(InvalidInputError):
            p.codings.list(source_id=huge)
        with pytest.raises(WorkbenchError):
            p.codings.code_text(huge, 0, 1, 1)
        with pytest.raises(WorkbenchError):
            p.interactions.add(1, 1, "promotes", evidence=[huge])
    for args in (["codings", path, "--source", huge], ["codings", path, "--source", -huge],
                 ["code", path, "--source", "1", "--start", huge, "--end", huge + 1,
                  "--element", "技术赋能"],
                 ["relate", path, "--from", "技术赋能", "--to", "技术赋能", "--type", "promotes",
                  "--evidence", huge]):
        code, out, err = _cli(capsys, *args)
        assert code in (1, 2) and "Something went wrong" not in err, err
        assert "OverflowError" not in err
