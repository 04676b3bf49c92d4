"""The file survives a killed process, and only one process may write to it at a time."""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from workbench.core import Project, ProjectLockedError

CODER_LOOP = textwrap.dedent("""
    import sys
    from workbench.core import Project
    p = Project.open(sys.argv[1])
    source = p.sources.list(kind="text")[0]
    element = p.elements.list()[0]
    length = source.text_length
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        start = n % (length - 2)
        coding = p.codings.code_text(source.id, start, start + 2, element.id, coder=f"c{n}")
        print(coding.id, flush=True)   # reported only after the commit returned
        if n % 7 == 0:
            p.undo()                    # an undo is a committed change too
            print("undo", coding.id, flush=True)
""")

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


@pytest.mark.slow
def test_sigkill_at_random_moments_keeps_every_reported_change(project, tmp_path):
    path = tmp_path / "study.cwb"
    project.close()
    rng = random.Random(20261129)
    for _round in range(6):
        child = _child(CODER_LOOP, path)
        assert child.stdout.readline().strip() == "ready"
        committed, undone = set(), set()
        deadline = time.monotonic() + rng.uniform(0.05, 0.6)
        while time.monotonic() < deadline:
            line = child.stdout.readline().split()
            if not line:
                break
            if line[0] == "undo":
                undone.add(int(line[1]))
            else:
                committed.add(int(line[0]))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert committed, child.stderr.read()
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        with Project.open(path) as p:
            assert p.check() == []
            present = {c.id for c in p.codings.list()}
            # every coding reported committed is there, unless its undo was reported too; a
            # change after the last report may or may not be there, but never half of one
            assert committed - undone <= present


def test_a_second_process_gets_a_clear_error_at_once(project, tmp_path):
    path = tmp_path / "study.cwb"
    project.close()
    holder = _child(HOLDER, path)
    try:
        assert holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        with pytest.raises(ProjectLockedError, match="open elsewhere"):
            Project.open(path)
        assert time.monotonic() - started < 1.0  # never a hang
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
