"""SIGKILL at random moments while coding (with undo and redo), importing a batch, merging and
migrating: the file afterwards opens, passes ``PRAGMA integrity_check`` and ``check()``, and holds
every change the child reported done before the kill (and at most the one step it was doing).

The children (tests/crash_children.py) print each finished step; the kill moment is drawn at
random (fixed seed) over the measured length of the work, so kills land before, inside and after
the interesting windows (the backup copy and the exclusive transaction of a migration, the
transactions of a batch, the building and renaming of a merged file). ``KILL_POINTS`` is the
number of kills each scenario survives; the docs quote it.
"""
from __future__ import annotations

import hashlib
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from helpers import deep_run
from workbench.core import Project
from workbench.core.store import CURRENT_VERSION
from workbench.importers.registry import read_file

# A deep run (CASE_WORKBENCH_DEEP_TESTS=1) survives the full counts; a default run fewer (the
# migrations' three in each of their three windows once).
KILL_POINTS = ({"coding": 20, "batch": 20, "merge": 20,
                "migrate-v1": 8, "migrate-v3": 8, "migrate-v1-large": 8} if deep_run() else
               {"coding": 8, "batch": 8, "merge": 8,
                "migrate-v1": 3, "migrate-v3": 3, "migrate-v1-large": 3})
SEED = 20261129
CHILD = Path(__file__).resolve().parents[1] / "crash_children.py"
FROZEN = Path(__file__).resolve().parents[1] / "data" / "schemas"


class Child:
    """A child process whose output lines are collected by a thread, so it can be killed at an
    exact moment without waiting for its next line. It starts up (imports) at once, says
    "ready" and waits for ``start()``: the next round's child starts while this one is checked."""

    def __init__(self, *args: object):
        self.process = subprocess.Popen([sys.executable, str(CHILD), *map(str, args)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.lines: list[list[str]] = []
        self.seen: dict[str, float] = {}  # first arrival of each kind of line, after start()
        self.began = time.monotonic()
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if not line.endswith("\n"):
                break  # cut off by the kill: not reported
            words = line.split()
            if words == ["ready"]:
                self.ready.set()
            else:
                self.lines.append(words)
                self.seen.setdefault(words[0], time.monotonic() - self.began)
        self.ready.set()  # the child ended (or died) before saying ready: do not wait for ever

    def start(self) -> None:
        assert self.ready.wait(60), "the child did not start"
        assert self.process.poll() is None, self.process.stderr.read()
        self.began = time.monotonic()
        self.process.stdin.write("go\n")
        self.process.stdin.close()

    def discard(self) -> None:
        """The child prepared for a round that is not needed."""
        self.process.kill()
        self.process.wait()
        self._reader.join()
        for stream in (self.process.stdin, self.process.stderr):
            stream.close()

    def kill_after(self, delay: float) -> bool:
        """Kill after ``delay`` seconds; False when the child had already finished."""
        time.sleep(delay)
        finished = self.process.poll() is not None
        if not finished:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._reader.join()
        assert finished is False or self.process.returncode == 0, self.process.stderr.read()
        self.process.stderr.close()
        return not finished

    def kill_when(self, folder: Path, marker: str, delay: float) -> bool:
        """Kill ``delay`` seconds after a file whose name holds ``marker`` appears in ``folder``
        (or at once when the child ends first): aims at a stretch of work that starts at a
        moment no clock could predict, such as the backup copy of a migration."""
        while self.process.poll() is None:
            if any(marker in f.name for f in folder.iterdir()):
                break
            time.sleep(0.0002)
        return self.kill_after(delay)

    def run_to_end(self, watch: Path | None = None) -> dict[str, float]:
        """Let the child finish; return when (seconds after "ready") each kind of line came and,
        with ``watch``, when each file first appeared in that folder: the windows to aim at."""
        self.start()
        seen: dict[str, float] = {}
        while self.process.poll() is None:
            if watch is not None:
                for f in watch.iterdir():
                    seen.setdefault(f.name, time.monotonic() - self.began)
            time.sleep(0.0005)
        self._reader.join()
        assert self.process.returncode == 0, self.process.stderr.read()
        self.process.stderr.close()
        return {**seen, **self.seen}

    def said(self, word: str) -> list[list[str]]:
        return [line[1:] for line in self.lines if line and line[0] == word]


def assert_file_is_sound(path: Path) -> None:
    conn = sqlite3.connect(path)  # like any opener, this rolls back a hot journal first
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def summary(scenario: str, kills: int, states: dict[str, int]) -> None:
    # seen with -s or -rA: the figure the docs quote, and where the kills landed
    print(f"\n{scenario}: {kills} kill points survived; where they landed: {states}")


# ----- coding, undo and redo -----------------------------------------------------------------
@pytest.mark.slow
def test_killed_while_coding_undoing_and_redoing(project, tmp_path):
    path = tmp_path / "study.cwb"
    project.close()
    rng = random.Random(SEED)
    with Project.open(path) as p:
        present = {c.id for c in p.codings.list()}
    states: dict[str, int] = {}
    kills = 0
    upcoming = Child("coding", path)
    while kills < KILL_POINTS["coding"]:
        child = upcoming
        child.start()
        assert child.kill_after(rng.uniform(0.01, 0.5))  # it codes for ever: always a kill
        kills += 1
        upcoming = Child("coding", path)  # starts up while this round is checked
        expected, pending = set(present), None
        for word, *rest in child.lines:
            if word in ("coded", "redone"):
                expected.add(int(rest[0]))
            elif word == "undone":
                expected.discard(int(rest[0]))
            if word.startswith("begin-"):
                pending = (word, int(rest[0]))
            elif word in ("undone", "redone"):
                pending = None
        assert_file_is_sound(path)
        with Project.open(path) as p:
            assert p.check() == []
            present = {c.id for c in p.codings.list()}
            history_works = p.undo_label() is not None
        assert history_works
        # exactly the reported state, or that state plus the one step that was under way
        if pending is None:
            extra = present - expected
            assert expected <= present and len(extra) <= 1
            assert all(i > max(expected, default=0) for i in extra)  # only the newest
            state = "between steps" if not extra else "coding done, not reported"
            states[state] = states.get(state, 0) + 1
        elif pending[0] == "begin-undo":
            assert present in (expected, expected - {pending[1]})
            states["during undo"] = states.get("during undo", 0) + 1
        else:
            assert present in (expected, expected | {pending[1]})
            states["during redo"] = states.get("during redo", 0) + 1
    upcoming.discard()
    summary("coding/undo/redo", kills, states)


# ----- batch import --------------------------------------------------------------------------
def _batch_files(folder: Path) -> list[Path]:
    import docx

    folder.mkdir()
    files = []
    for n in range(30):
        body = f"第{n}号文件：江临市推进数据共享与一网通办。𠮷 Line {n}.\n" * (20 + n)
        if n % 3 == 0:
            path = folder / f"news{n:02}.txt"
            path.write_text(body, encoding="utf-8")
        elif n % 3 == 1:
            path = folder / f"note{n:02}.md"
            path.write_text(f"# 标题{n}\n\n{body}", encoding="utf-8")
        else:
            path = folder / f"policy{n:02}.docx"
            document = docx.Document()
            for line in body.splitlines():
                document.add_paragraph(line)
            document.save(path)
        files.append(path)
    return files


@pytest.mark.slow
def test_killed_while_importing_a_batch_keeps_every_reported_source_whole(tmp_path):
    files = _batch_files(tmp_path / "files")
    wanted = {f.name: (read_file(f).text, f.read_bytes()) for f in files}
    base = tmp_path / "base.cwb"
    with Project.create(base, title="批量导入", coder="alice") as p:
        p.elements.add("技术赋能")
    rng = random.Random(SEED + 1)
    calibration = tmp_path / "calibration.cwb"
    shutil.copy(base, calibration)
    took = Child("batch", calibration, *files).run_to_end()["undone"]
    states: dict[str, int] = {}
    kills = rounds = 0

    def prepare(n: int) -> tuple[Path, Child]:
        path = tmp_path / f"round{n}.cwb"
        shutil.copy(base, path)
        return path, Child("batch", path, *files)

    upcoming = prepare(1)
    while kills < KILL_POINTS["batch"]:
        rounds += 1
        assert rounds < 3 * KILL_POINTS["batch"], "the kills keep missing the child"
        path, child = upcoming
        child.start()
        kills += child.kill_after(rng.uniform(0, took))
        upcoming = prepare(rounds + 1)  # starts up while this round is checked
        reported = {words[0] for words in child.said("imported")}
        assert_file_is_sound(path)
        with Project.open(path) as p:
            assert p.check() == []
            present = {s.file_name: s for s in p.sources.list()}
            for name, source in present.items():  # every source there is whole
                text, data = wanted[name]
                assert p.sources.text(source.id) == text, name
                assert p.sources.original(source.id) == data, name
                assert source.text_length == len(text), name
        conn = sqlite3.connect(path)
        orphans = conn.execute(
            "SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM source_files f "
            "WHERE f.id = s.id) OR NOT EXISTS (SELECT 1 FROM source_texts t WHERE t.id = s.id)"
        ).fetchone()[0]
        conn.close()
        assert orphans == 0
        if child.said("undone"):
            assert not present
            state = "after the undo"
        elif child.said("begin-undo"):
            assert set(present) in (set(wanted), set())  # the whole batch, or none of it
            state = "during the batch's undo"
        else:
            assert reported <= set(present) and len(set(present) - reported) <= 1
            state = "before the first file" if not reported else (
                "mid-batch" if len(reported) < len(files) else "after the last file")
        states[state] = states.get(state, 0) + 1
    upcoming[1].discard()
    summary("batch import", kills, states)


# ----- merging -------------------------------------------------------------------------------
def _coder_copies(folder: Path) -> tuple[Path, Path]:
    ann, bo = folder / "ann.cwb", folder / "bo.cwb"
    with Project.create(ann, title="合并", coder="ann") as p:
        a = p.elements.add("技术赋能")
        b = p.elements.add("组织协同")
        for n in range(8):
            text = f"第{n}份材料：数据共享与协同治理。𠮷" * 30
            s = p.sources.add(kind="text", title=f"材料{n}", data=text.encode(), text=text)
            p.codings.code_text(s.id, 0, 10, a.id)
    shutil.copy(ann, bo)
    with Project.open(bo) as p:
        p.coders.add("bo")
        p.coders.set_current("bo")
        for s in p.sources.list():
            p.codings.code_text(s.id, 5, 20, b.id)
        p.sources.add(kind="text", title="补充", data="补充材料。".encode(), text="补充材料。")
        p.memos.add("project", None, title="备注", body="Bo 的备忘")
    with Project.open(ann) as p:
        p.memos.add("element", a.id, title="定义", body="Ann 的备忘")
    return ann, bo


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_killed_while_merging_leaves_inputs_alone_and_no_partial_output(tmp_path):
    ann, bo = _coder_copies(tmp_path)
    before = {p: _digest(p) for p in (ann, bo)}
    took = Child("merge", tmp_path / "reference.cwb", ann, bo).run_to_end()["merged"]
    with Project.open(tmp_path / "reference.cwb", read_only=True) as p:
        whole = p.counts()
    rng = random.Random(SEED + 2)
    states: dict[str, int] = {}
    kills = rounds = 0

    def prepare(n: int) -> tuple[Path, Child]:
        folder = tmp_path / f"round{n}"
        folder.mkdir()
        return folder, Child("merge", folder / "merged.cwb", ann, bo)

    upcoming = prepare(1)
    while kills < KILL_POINTS["merge"]:
        rounds += 1
        assert rounds < 3 * KILL_POINTS["merge"], "the kills keep missing the child"
        folder, child = upcoming
        out = folder / "merged.cwb"
        child.start()
        kills += child.kill_after(rng.uniform(0, took))
        upcoming = prepare(rounds + 1)  # starts up while this round is checked
        assert {p: _digest(p) for p in (ann, bo)} == before  # the inputs are untouched
        for path in (ann, bo):
            with Project.open(path, read_only=True) as p:
                assert p.check() == []
        if child.said("merged"):
            assert out.exists()
        if out.exists():  # under its final name only when complete
            assert_file_is_sound(out)
            with Project.open(out) as p:
                assert p.check() == []
                assert p.counts() == whole
            state = "after the merge"
        else:
            leftovers = [f.name for f in folder.iterdir()]
            assert all(".incomplete-" in name for name in leftovers), leftovers
            state = "while building" if leftovers else "before building"
        states[state] = states.get(state, 0) + 1
    upcoming[1].discard()
    summary("merge", kills, states)


# ----- migration -----------------------------------------------------------------------------
VOLATILE = {"undo_steps", "undo_rows"}  # history rows carry the moment they were written


def _rows(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        found = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables
                 if t not in VOLATILE}
        found["user_version"] = conn.execute("PRAGMA user_version").fetchone()[0]
        return found
    finally:
        conn.close()


def _old_file(version: str, folder: Path) -> Path:
    """A frozen file of an older format; "v1-large" is v1 with 10 MB of memos, so that its
    backup copy lasts long enough (tens of milliseconds) for kills to land inside it."""
    if version != "v1-large":
        return FROZEN / f"{version}.cwb"
    path = folder / "large" / "v1.cwb"
    path.parent.mkdir()
    shutil.copy(FROZEN / "v1.cwb", path)
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO memos (guid, target_kind, title, body, coder_id, created, modified) "
        "VALUES (?, 'project', ?, ?, 1, '2026-11-29T01:27:04Z', '2026-11-29T01:27:04Z')",
        [(str(uuid.UUID(int=n)), f"备忘{n}", f"第{n}条研究备忘。" * 400) for n in range(1000)])
    conn.commit()
    conn.close()
    return path


@pytest.mark.slow
@pytest.mark.parametrize("version", ["v1", "v3", "v1-large"])
def test_killed_while_migrating_leaves_a_file_that_opens_as_migrated(version, tmp_path):
    frozen = _old_file(version, tmp_path)
    original = _rows(frozen)
    reference = tmp_path / "reference" / frozen.name
    reference.parent.mkdir()
    shutil.copy(frozen, reference)
    seen = Child("migrate", reference).run_to_end(watch=reference.parent)
    migrated = _rows(reference)
    assert migrated["user_version"] == CURRENT_VERSION
    # How long the backup copy and the migration took on this machine: a third of the kills
    # land anywhere in the open, a third during the copy (counted from the moment its file
    # appears), a third during the migration (from the moment its journal appears).
    copy_began = min(t for name, t in seen.items() if "-backup" in name)
    journal = min(t for name, t in seen.items() if name.endswith("-journal"))
    rng = random.Random(f"{SEED}-{version}")
    states: dict[str, int] = {}
    kills = rounds = 0

    def prepare(n: int) -> tuple[Path, Child]:
        folder = tmp_path / f"round{n}"
        folder.mkdir()
        shutil.copy(frozen, folder / frozen.name)
        return folder, Child("migrate", folder / frozen.name)

    upcoming = prepare(1)
    while kills < KILL_POINTS[f"migrate-{version}"]:
        rounds += 1
        assert rounds < 3 * KILL_POINTS[f"migrate-{version}"], "the kills keep missing"
        folder, child = upcoming
        path = folder / frozen.name
        child.start()
        if rounds % 3 == 0:
            kills += child.kill_after(rng.uniform(0, seen["migrated"]))
        elif rounds % 3 == 1:
            kills += child.kill_when(folder, "-backup", rng.uniform(0, journal - copy_began))
        else:
            kills += child.kill_when(folder, "-journal",
                                     rng.uniform(0, seen["migrated"] - journal))
        upcoming = prepare(rounds + 1)  # starts up while this round is checked
        left = sorted(f.name for f in folder.iterdir() if f.name != path.name)
        if any(name.endswith(".partial") for name in left):
            state = "during the backup copy"
        elif any(name.endswith("-journal") for name in left):
            state = "during the migration"
        elif child.said("migrated"):
            state = "after the migration"
        else:
            state = "before the copy" if not left else "between copy and migration"
        states[state] = states.get(state, 0) + 1
        assert_file_is_sound(path)
        if child.said("migrated"):
            assert _rows(path)["user_version"] == CURRENT_VERSION
        with Project.open(path) as p:  # migrates now if the kill came first
            assert p.check() == []
        assert _rows(path) == migrated
        rest = sorted(f for f in folder.iterdir() if f.name != path.name)
        assert rest and all(f.name.startswith(f"{frozen.stem}.format") and f.suffix == ".cwb"
                            for f in rest), rest  # no half copy, no journal left behind
        for backup in rest:  # every backup is a whole copy of the file as it was
            assert_file_is_sound(backup)
            assert _rows(backup) == original
    upcoming[1].discard()
    summary(f"migration from {version}", kills, states)


def test_a_half_written_backup_left_by_a_crash_is_replaced_by_a_whole_one(tmp_path):
    path = tmp_path / "v1.cwb"
    shutil.copy(FROZEN / "v1.cwb", path)
    half = tmp_path / "v1.format1-backup.cwb.partial"
    half.write_bytes((FROZEN / "v1.cwb").read_bytes()[:50_000])  # as a kill mid-copy leaves it
    with Project.open(path) as p:
        assert p.check() == [] and p.backup_made == tmp_path / "v1.format1-backup.cwb"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["v1.cwb", "v1.format1-backup.cwb"]
    assert _rows(tmp_path / "v1.format1-backup.cwb") == _rows(FROZEN / "v1.cwb")
