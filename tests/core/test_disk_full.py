"""A full disk during a write: one clear sentence, nothing committed is lost, and the same
window takes the next change once there is room again.

The full disk is real here: SQLite's own page limit (``PRAGMA max_page_count``, SQLITE_FULL), a
file-size limit in a child process (``RLIMIT_FSIZE`` with SIGXFSZ ignored: every write past it
fails with EFBIG) and, where the machine lets the test mount one, a 1 MB tmpfs (ENOSPC).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core import Project
from workbench.core.errors import DiskFullError

CHILD = Path(__file__).resolve().parents[1] / "crash_children.py"
FROZEN = Path(__file__).resolve().parents[1] / "data" / "schemas"
FULL = ("The disk holding {name} is full; the last change was not saved, everything before it "
        "is safe. Free some space and try again.")
WRITE_FAILED = ("{name} could not be written to the disk (it may be full, or failing); the last "
                "change was not saved, everything before it is safe. Free some space or check "
                "the disk, and try again.")
EXPORT_FULL = ("The disk is full, so the file was not written; nothing else was changed. Free "
               "some space and try again.")


def _limit_pages(project: Project, extra: int = 0) -> None:
    """Let the file grow by at most ``extra`` pages (SQLite then answers SQLITE_FULL)."""
    conn = project._db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + extra}")


def _lift_limit(project: Project) -> None:
    project._db.conn.execute("PRAGMA max_page_count = 1073741823")


def _sound(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def _run_child(*args: object) -> list[tuple[str, str]]:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
           "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(CHILD), *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=300)
    # (openpyxl's and zipfile's clean-up may print "Exception ignored" to stderr after a failed
    # write; what matters is that nothing reached the user as an unexpected error)
    assert done.returncode == 0 and "unexpected error" not in done.stderr, done.stderr
    return [tuple(line.split(" ", 1)) + ("",) * (line.count(" ") == 0)  # type: ignore[misc]
            for line in done.stdout.splitlines()]


# ----- SQLITE_FULL in the process ------------------------------------------------------------
def test_a_full_file_refuses_the_change_in_one_sentence_and_keeps_everything_else(project):
    before = project.counts()
    big = "江临市推进一网通办。" * 20000
    _limit_pages(project)
    with pytest.raises(DiskFullError) as caught:
        project.sources.add(kind="text", title="大文件", data=big.encode(), text=big)
    assert str(caught.value) == FULL.format(name="study.cwb")
    assert project.counts() == before and project.check() == []  # nothing half-written
    assert project.undo_label() == "Import source"  # the history is as it was
    _lift_limit(project)  # space was freed: the same project takes the change
    source = project.sources.add(kind="text", title="大文件", data=big.encode(), text=big)
    assert project.sources.text(source.id) == big and project.check() == []


def test_undo_and_redo_on_a_full_disk_say_so_and_work_once_there_is_room(project):
    big = "数据共享。" * 30000
    source = project.sources.add(kind="text", title="大文件", data=big.encode(), text=big)
    _limit_pages(project)
    # undoing the import deletes 150 kB but must keep all of it as the redo step (as base64),
    # which needs more pages than the file may have
    with pytest.raises(DiskFullError):
        project.undo()
    assert project.sources.text(source.id) == big and project.undo_label() == "Import source"
    _lift_limit(project)
    project.undo()
    assert project.redo_label() == "Import source"
    _limit_pages(project)
    with pytest.raises(DiskFullError):
        project.redo()
    assert project.redo_label() == "Import source" and project.check() == []
    _lift_limit(project)
    project.redo()
    assert project.sources.text(source.id) == big and project.check() == []


def test_a_batch_import_stops_at_a_full_disk_and_keeps_the_files_before(project, tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    for n in range(12):
        (folder / f"news{n:02}.txt").write_text(f"第{n}号：政务服务改革。" * 3000, "utf-8")
    _limit_pages(project, extra=150)  # room for a few of the twelve files
    with pytest.raises(DiskFullError, match="is full"):
        project.import_files([folder])
    arrived = [s for s in project.sources.list() if s.file_name.startswith("news")]
    assert 0 < len(arrived) < 12 and project.check() == []
    for source in arrived:  # each one whole
        assert project.sources.original(source.id) == (folder / source.file_name).read_bytes()
    _lift_limit(project)
    report = project.import_files([folder])  # the rest, once there is room
    assert len(report.imported) == 12 - len(arrived) and len(report.duplicates) == len(arrived)


# ----- a file-size limit in a child: EFBIG ---------------------------------------------------
@pytest.mark.slow
def test_a_file_size_limit_stops_the_import_cleanly_and_loses_nothing(project, tmp_path):
    path = tmp_path / "study.cwb"
    project.close()
    lines = _run_child("fill", path, path.stat().st_size + 400_000)
    imported = {int(rest.split()[0]): int(rest.split()[1])
                for word, rest in lines if word == "imported"}
    [message] = [rest for word, rest in lines if word == "full"]
    assert len(imported) >= 2
    # SQLite reports a write refused with EFBIG as a disk I/O error, ENOSPC as a full disk
    assert message in (WRITE_FAILED.format(name=path.name), FULL.format(name=path.name))
    assert [word for word, _ in lines][-1] == "coded-after"  # the same connection went on
    _sound(path)
    with Project.open(path) as p:
        assert p.check() == []
        for source_id, length in imported.items():
            assert len(p.sources.text(source_id)) == length
        assert len(p.codings.list()) == 1


@pytest.mark.slow
def test_exports_and_the_report_on_a_full_disk_are_one_sentence_and_leave_no_file(tmp_path):
    path = tmp_path / "study.cwb"
    with Project.create(path, title="导出", coder="alice") as p:
        element = p.elements.add("技术赋能")
        for n in range(6):  # each file is still far over the 4 kB limit
            text = f"第{n}份材料：数据共享平台建设与政务服务。" * 200
            s = p.sources.add(kind="text", title=f"材料{n}", data=text.encode(), text=text)
            for start in range(0, 2000, 100):
                p.codings.code_text(s.id, start, start + 80, element.id)
    out = tmp_path / "out"
    out.mkdir()
    lines = _run_child("export", path, out, 4096)
    shown = {rest.split(" ", 1)[0]: json.loads(rest.split(" ", 1)[1])
             for word, rest in lines if word == "shown"}
    # The export itself says which file was not written (the window and the command line).
    assert shown == {name: [EXPORT_FULL.replace("the file", name)]
                     for name in ("codings.csv", "codings.xlsx", "report.docx")}
    written = {rest.split(" ", 1)[0]: json.loads(rest.split(" ", 1)[1])
               for word, rest in lines if word == "written"}
    assert written == {name: [] for name in shown}  # with room again, no message
    assert sorted(f.name for f in out.iterdir()) == sorted(shown)  # no temporary left behind


# ----- a small real filesystem: ENOSPC -------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs, when this machine lets the test mount one (root, no container rule)."""
    mount = tmp_path / "small"
    mount.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small filesystem needs root")
    tried = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                           capture_output=True, text=True)
    if tried.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs ({tried.stderr.strip()})")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    """Take every free byte of the folder's filesystem; removing the file frees them again."""
    ballast = folder / "ballast.bin"
    with open(ballast, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)  # tmpfs hands out whole 4 kB pages
        except OSError:
            pass
    return ballast


def test_a_full_small_filesystem_keeps_every_reported_change(small_disk):
    path = small_disk / "study.cwb"
    reported = {}
    with Project.create(path, title="小磁盘", coder="alice") as p:
        ballast = small_disk / "room.bin"
        ballast.write_bytes(b"\0" * 200_000)  # freed later, to show the next change works
        with pytest.raises(DiskFullError) as caught:
            for n in range(1000):
                text = f"第{n}份材料。" * 3000
                source = p.sources.add(kind="text", title=f"材料{n}", data=text.encode(),
                                       text=text)
                reported[source.id] = text
        assert str(caught.value) in (FULL.format(name=path.name),
                                     WRITE_FAILED.format(name=path.name))
        assert reported and p.check() == []
        ballast.unlink()
        element = p.elements.add("技术赋能")  # there is room again: the same window goes on
    _sound(path)
    with Project.open(path) as p:
        assert p.check() == [] and p.elements.get(element.id).name == "技术赋能"
        for source_id, text in reported.items():
            assert p.sources.text(source_id) == text


def test_an_upgrade_on_a_full_disk_leaves_the_old_file_as_it_was(small_disk):
    path = small_disk / "v1.cwb"
    shutil.copy(FROZEN / "v1.cwb", path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    ballast = _fill(small_disk)
    with pytest.raises(DiskFullError, match="could not be upgraded"):
        Project.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(f.name for f in small_disk.iterdir()) == ["ballast.bin", "v1.cwb"]
    ballast.unlink()
    with Project.open(path) as p:  # with room, the upgrade goes through
        assert p.check() == [] and p.backup_made is not None


def test_creating_a_project_on_a_full_disk_says_so_and_leaves_nothing(small_disk):
    ballast = _fill(small_disk)
    with pytest.raises(DiskFullError, match="could not be created"):
        Project.create(small_disk / "新项目.cwb")
    assert [f.name for f in small_disk.iterdir()] == ["ballast.bin"]
    ballast.unlink()
    with Project.create(small_disk / "新项目.cwb") as p:
        assert p.check() == []
