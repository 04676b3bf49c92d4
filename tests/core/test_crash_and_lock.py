"""Only one process may write to a project file at a time. (Killing a process at random moments
while it codes, imports, merges or migrates: tests/core/test_crash_kills.py.)"""
import subprocess
import sys
import textwrap

import pytest

from workbench.core import Project, ProjectLockedError

HOLDER = textwrap.dedent("""
    import sys, time
    from workbench.core import Project
    p = Project.open(sys.argv[1])
    print("open", flush=True)
    time.sleep(60)
""")


def _child(script: str, path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_second_process_gets_a_clear_error_at_once(project, tmp_path, monkeypatch):
    import sqlite3

    fcntl = pytest.importorskip("fcntl")  # Windows locks a byte of a side file instead
    path = tmp_path / "study.cwb"
    project.close()
    holder = _child(HOLDER, path)
    try:
        assert holder.stdout.readline().strip() == "open"
        locks, connects = [], []
        real_flock, real_connect = fcntl.flock, sqlite3.connect
        monkeypatch.setattr(fcntl, "flock", lambda fd, op: (locks.append(op),
                                                             real_flock(fd, op))[1])
        monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: (connects.append(a),
                                                                 real_connect(*a, **k))[1])
        with pytest.raises(ProjectLockedError, match="open elsewhere"):
            Project.open(path)
        # Never a hang: one try of the lock that does not wait, and SQLite is not even opened.
        assert locks == [fcntl.LOCK_EX | fcntl.LOCK_NB] and connects == []
        monkeypatch.undo()
        with Project.open(path, read_only=True) as p:  # reading is still possible
            assert len(p.sources.list()) == 2
    finally:
        holder.kill()
        holder.wait()
    with Project.open(path) as p:  # the lock died with the process
        assert p.info().title == "测试项目"


def test_same_process_second_open_is_refused_too(project, tmp_path):
    with pytest.raises(ProjectLockedError):
        Project.open(tmp_path / "study.cwb")
