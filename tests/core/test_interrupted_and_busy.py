"""A crash is never called damage, and ordinary concurrency loses nothing.

Real hot journals are made by SIGKILLing a child process in the middle of a change bigger than
SQLite's page cache (tests/core/safety_children.py); real concurrency is a writer process coding
through the API while read-only commands run in other processes.
"""
from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers import unwritable
from workbench.core import Project, ProjectLockedError, WorkbenchError
from workbench.core.store import database

CHILD = Path(__file__).resolve().parent / "safety_children.py"
READERS = (("info",), ("codings", "--json"), ("check",), ("stats",))


def _study(path: Path, codings: int = 5) -> Path:
    with Project.create(path, coder="alice") as p:
        element = p.elements.add("技术赋能")
        source = p.sources.add(kind="text", title="新闻", data=b"x", text="推进一网通办。" * 300)
        for i in range(codings):
            p.codings.code_text(source.id, i, i + 3, element.id)
    return path


def _child(*args: object) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, str(CHILD), *map(str, args)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready", child.stderr.read()
    return child


def _killed_mid_change(path: Path) -> Path:
    """``path`` with a hot journal: its child was killed inside a big change."""
    child = _child("interrupt", path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    journal = path.with_name(path.name + "-journal")
    assert journal.stat().st_size > 0
    return journal


def _cli(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def _codings(path: Path) -> int:
    conn = sqlite3.connect(path)  # a writer's connection: rolls a hot journal back
    try:
        return conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("command", [("info",), ("check",), ("check", "--repair"),
                                     ("codings", "--json")])
def test_read_only_commands_roll_back_a_killed_change_instead_of_calling_it_damage(
        tmp_path, command):
    path = _study(tmp_path / "study.cwb")
    journal = _killed_mid_change(path)
    done = _cli(command[0], path, *command[1:])
    assert done.returncode == 0, done.stderr
    assert "damaged" not in done.stderr + done.stdout and "Traceback" not in done.stderr
    assert not journal.exists()  # rolled back: the file is as last saved
    assert _codings(path) == 5


def test_opening_read_only_rolls_back_a_killed_change(tmp_path):
    path = _study(tmp_path / "study.cwb")
    journal = _killed_mid_change(path)
    with Project.open(path, read_only=True) as p:
        assert len(p.codings.list()) == 5 and p.memos.list() == [] and p.diagnose() == []
    assert not journal.exists()


def test_a_killed_change_in_an_unwritable_folder_is_called_interrupted_not_damaged(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    path = _study(folder / "study.cwb")
    _killed_mid_change(path)
    kept = tmp_path / "kept"
    kept.mkdir()
    shutil.copy(path, kept / "study.cwb")
    shutil.copy(path.with_name("study.cwb-journal"), kept / "study.cwb-journal")
    for args in (("info",), ("check",), ("check", "--repair")):
        with unwritable(folder):
            done = _cli(args[0], path, *args[1:])
        assert done.returncode == 1, done
        assert "interrupted" in done.stderr and "damaged" not in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    # opening it for editing (here: once the folder is writable again) recovers it
    with Project.open(path) as p:
        assert len(p.codings.list()) == 5 and p.read_only_reason is None


def test_a_writer_holding_the_file_in_a_long_change_is_open_elsewhere_not_damage(
        tmp_path, monkeypatch):
    path = _study(tmp_path / "study.cwb")
    child = _child("interrupt", path)  # holds the lock, in the middle of a big change
    try:
        monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
        with pytest.raises(ProjectLockedError, match="open elsewhere"):
            Project.open(path, read_only=True).close()
        with pytest.raises(ProjectLockedError, match="open elsewhere"):
            Project.open(path).close()
    finally:
        child.kill()
        child.wait()


@pytest.mark.slow
def test_the_command_line_says_open_elsewhere_for_a_writer_in_a_long_change(tmp_path):
    path = _study(tmp_path / "study.cwb")
    child = _child("interrupt", path)
    try:
        for args in (("info",), ("check",), ("check", "--repair")):
            done = _cli(args[0], path, *args[1:])
            assert done.returncode == 1
            assert "open elsewhere" in done.stderr and "damaged" not in done.stderr, done.stderr
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    finally:
        child.kill()
        child.wait()


@pytest.mark.slow
def test_a_writer_and_read_only_commands_at_the_same_time_lose_nothing(tmp_path):
    """The writer codes without pause while 2 reader processes at a time run 16 read-only
    commands; then it is told to stop. Every coding it reported is in the file, none failed."""
    path = _study(tmp_path / "study.cwb", codings=0)
    writer = _child("writer", path, 5000)
    outputs: list[subprocess.CompletedProcess] = []

    def read(rounds: int) -> None:
        for n in range(rounds):
            args = READERS[n % len(READERS)]
            outputs.append(_cli(args[0], path, *args[1:]))

    readers = [threading.Thread(target=read, args=(8,)) for _ in range(2)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    writer.stdin.write("stop\n")
    writer.stdin.flush()
    lines = writer.stdout.read().splitlines()
    writer.wait()
    assert [line for line in lines if line.startswith("failed")] == []
    coded = sum(line.startswith("coded") for line in lines)
    assert lines[-1] == "done" and coded > 0
    assert _codings(path) == coded
    assert len(outputs) == 16
    for done in outputs:
        assert "Traceback" not in done.stderr and "Something went wrong" not in done.stderr, done
        assert "damaged" not in done.stdout + done.stderr, done
        assert done.returncode == 0 or "open elsewhere" in done.stderr, done


def test_a_change_that_waits_too_long_for_a_reader_is_one_sentence_and_nothing_lost(
        tmp_path, monkeypatch):
    path = _study(tmp_path / "study.cwb")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    with Project.open(path) as p:
        element = p.elements.list()[0].id
        source = p.sources.list()[0].id
        reader = sqlite3.connect(path, isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM codings").fetchone()  # a read under way
        try:
            with pytest.raises(WorkbenchError, match="open elsewhere"):
                p.codings.code_text(source, 40, 44, element)
        finally:
            reader.execute("COMMIT")
            reader.close()
        p.codings.code_text(source, 40, 44, element)  # works once the read is over
        assert len(p.codings.list()) == 6
