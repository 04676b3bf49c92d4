"""What a killed backup, restore, merge or export leaves is cleared at the next start of that
action — only files no running process holds.

Each child below is a real process doing the real action; it SIGKILLs itself at a chosen point
inside the action (mid-copy, mid-transaction, mid-write), so the kill lands in the window that
leaves files behind every time, not by chance. "stop" instead of "kill" freezes it there (SIGSTOP):
its files are in use, and must survive another start of the action.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench.core import Project
from workbench.core.backups import sweep_folder
from workbench.exchange.merge import merge_projects
from workbench.exporters.dataset import export_dataset

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL/SIGSTOP are POSIX")

CHILD = textwrap.dedent("""
    import os, signal, sys
    action, how, *args = sys.argv[1:]
    sig = signal.SIGKILL if how == "kill" else signal.SIGSTOP

    def halt():
        print("halting", flush=True)
        os.kill(os.getpid(), sig)

    if action == "backup":
        from workbench.core import Project
        from workbench.core.store import backup as store_backup
        store_backup.PAGES_PER_STEP = 1
        p = Project.open(args[0], read_only=True)
        steps = [0]
        def should_stop():
            steps[0] += 1
            if steps[0] == 5:
                halt()
            return False
        p.backups.prepare("manual").run(should_stop=should_stop)
    elif action == "restore":
        from workbench.core import Project
        from workbench.core.store import backup as store_backup
        p = Project.open(args[0])
        real = store_backup.CheckedCopy.put_into
        store_backup.CheckedCopy.put_into = lambda self, db: halt()
        p.backups.restore(p.backups.list()[0])
    elif action == "merge":
        from workbench.exchange import merge
        real = merge._Merger.run
        calls = [0]
        def run(self):
            calls[0] += 1
            real(self)
            if calls[0] == 2:
                halt()  # inside the merge's one transaction: its journal is there
        merge._Merger.run = run
        merge.merge_projects(args[:2], args[2])
    elif action == "export":
        from workbench.core import Project
        from workbench.exporters import dataset
        real = dataset.write_xlsx
        def write_xlsx(sheets, path):
            with open(path, "wb") as handle:
                handle.write(b"PK\\x03\\x04 half a workbook")
            halt()
        dataset.write_xlsx = write_xlsx
        dataset.export_dataset(Project.open(args[0], read_only=True), args[1])
""")


def _halted(action: str, how: str, *args: object) -> subprocess.Popen:
    """Run the child until it halts itself; return it (killed, or stopped and still alive)."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, action, how, *map(str, args)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "halting\n", child.stderr.read()
    if how == "kill":
        child.wait(timeout=60)
        assert child.returncode == -signal.SIGKILL
    else:
        for _ in range(6000):  # until it is really stopped (it stops itself)
            with open(f"/proc/{child.pid}/stat") as stat:
                if stat.read().split(")")[-1].split()[0] == "T":
                    break
    return child


def _end(child: subprocess.Popen) -> None:
    child.kill()
    child.wait(timeout=60)
    child.stdout.close()
    child.stderr.close()


@pytest.fixture
def study(tmp_path) -> Path:
    path = tmp_path / "study.cwb"
    with Project.create(path, title="遗留", coder="alice") as p:
        element = p.elements.add("技术赋能")
        for n in range(4):
            text = f"第{n}份材料：数据共享平台建设。" * 300
            source = p.sources.add(kind="text", title=f"材料{n}", data=text.encode(), text=text)
            p.codings.code_text(source.id, 0, 5, element.id)
        p.backups.create("manual")
    return path


def _temporary(folder: Path) -> list[str]:
    return sorted(f.name for f in folder.iterdir() if f.name.endswith(
        (".part", ".partial", "-journal")) or ".incomplete-" in f.name)


def test_a_killed_backup_leaves_a_part_file_the_next_backup_removes(study):
    with Project.open(study, read_only=True) as p:
        folder = p.backups.folder
    child = _halted("backup", "kill", study)
    _end(child)
    left = _temporary(folder)
    assert left and all(name.endswith((".cwb.part", ".part-journal")) for name in left), left
    with Project.open(study) as p:
        p.backups.create("manual")
        assert _temporary(folder) == []
        assert len(p.backups.list()) == 2


def test_a_killed_restore_leaves_its_scratch_copy_the_next_restore_removes(study):
    with Project.open(study, read_only=True) as p:
        folder = p.backups.folder
    child = _halted("restore", "kill", study)
    _end(child)
    assert any(name.endswith(".restore.part") for name in _temporary(folder))
    with Project.open(study) as p:
        assert p.check() == []
        p.backups.restore(p.backups.list()[-1])
    assert _temporary(folder) == []


def test_a_running_backup_keeps_its_files_while_another_starts(study):
    with Project.open(study, read_only=True) as p:
        folder = p.backups.folder
    child = _halted("backup", "stop", study)  # frozen mid-copy: its .part is in use
    try:
        held = _temporary(folder)
        assert held
        with Project.open(study) as p:
            p.backups.create("manual")
            assert sweep_folder(folder) == []
        assert set(held) <= set(_temporary(folder))
    finally:
        _end(child)
    assert sweep_folder(folder) and _temporary(folder) == []  # once it is gone, they go too


def test_a_killed_merge_leaves_an_incomplete_file_and_journal_the_next_merge_removes(
        study, tmp_path):
    other = tmp_path / "other.cwb"
    other.write_bytes(study.read_bytes())
    out = tmp_path / "merged.cwb"
    child = _halted("merge", "kill", study, other, out)
    _end(child)
    left = _temporary(tmp_path)
    assert any(name.endswith(".cwb-journal") for name in left), left
    assert any(name.endswith(".cwb") for name in left), left
    merge_projects([study, other], out)
    assert _temporary(tmp_path) == [] and out.exists()


def test_a_running_merge_keeps_its_file(study, tmp_path):
    other = tmp_path / "other.cwb"
    other.write_bytes(study.read_bytes())
    out = tmp_path / "merged.cwb"
    child = _halted("merge", "stop", study, other, out)
    try:
        held = _temporary(tmp_path)
        assert held
        merge_projects([study, other], out)  # a second merge into the same name meanwhile
        assert set(held) <= set(_temporary(tmp_path)) and out.exists()
    finally:
        _end(child)


def test_a_killed_export_leaves_a_hidden_file_the_next_export_removes(study, tmp_path):
    out = tmp_path / "out.xlsx"
    child = _halted("export", "kill", study, out)
    _end(child)
    left = [f.name for f in tmp_path.iterdir() if f.name.startswith(".out")]
    assert len(left) == 1 and left[0].endswith(".xlsx"), left
    with Project.open(study, read_only=True) as p:
        export_dataset(p, out)
    assert [f.name for f in tmp_path.iterdir() if f.name.startswith(".out")] == []
    assert out.stat().st_size > 0


def test_a_running_export_keeps_its_file_and_look_alikes_are_never_touched(study, tmp_path):
    out = tmp_path / "out.xlsx"
    mine = [tmp_path / ".out-notes.xlsx", tmp_path / ".out.incomplete-zz.xlsx"]
    for path in mine:
        path.write_bytes(b"the researcher's own")
    child = _halted("export", "stop", study, out)
    try:
        held = [f.name for f in tmp_path.iterdir() if ".incomplete-" in f.name
                and f not in mine]
        assert len(held) == 1
        with Project.open(study, read_only=True) as p:
            export_dataset(p, out)
        assert (tmp_path / held[0]).exists()
    finally:
        _end(child)
    assert all(path.read_bytes() == b"the researcher's own" for path in mine)
