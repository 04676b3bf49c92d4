"""Rolling backups: consistent copies in the data folder, the keep rule, and restoring."""
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from workbench.core import NewerSchemaError, Project, ProjectFileError, ReadOnlyError
from workbench.core import backup_lineage
from workbench.core.backups import BackupInfo, keep_rule
from workbench.core.errors import BackupError
from workbench.core.store import CURRENT_VERSION
from workbench.core.store import backup as store_backup

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "userdata"
    monkeypatch.setenv("CASE_WORKBENCH_DATA_DIR", str(folder))
    return folder


def _code(project, start=0, end=3):
    source = project.sources.list(kind="text")[0]
    element = project.elements.list()[0]
    return project.codings.code_text(source.id, start, end, element.id)


def _intact(path) -> bool:
    conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    try:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                and conn.execute("PRAGMA foreign_key_check").fetchall() == [])
    finally:
        conn.close()


def _content(path):
    with Project.open(path, read_only=True) as p:
        return (p.counts(), [(c.start, c.end, c.snippet) for c in p.codings.list()],
                p.undo_label())


def test_backup_is_consistent_opens_and_holds_the_same_content(project, data_folder):
    _code(project)
    _code(project, 3, 6)
    info = project.backups.create()
    assert isinstance(info, BackupInfo)
    assert info.path.parent == data_folder / "backups" / project.info().guid
    assert info.created.tzinfo is not None and info.reason == "manual"
    assert (info.sources, info.codings) == (2, 2)
    assert info.path.stat().st_size == info.size > 0
    assert not list(info.path.parent.glob("*.part"))
    expected = (project.counts(), [(c.start, c.end, c.snippet) for c in project.codings.list()],
                project.undo_label())
    assert _content(info.path) == expected
    assert _intact(info.path)
    assert project.backups.list() == [info]


def test_backup_taken_while_another_connection_holds_a_write_transaction(project, tmp_path):
    path = project.path
    project.close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE project_info SET title = 'uncommitted' WHERE id = 1")
    with Project.open(path, read_only=True) as reader:
        info = reader.backups.create("from-reader")
    writer.execute("ROLLBACK")
    writer.close()
    with Project.open(info.path, read_only=True) as copy:
        assert copy.info().title == "测试项目"  # one committed state, never a half-written one


def test_a_change_made_during_the_copy_by_the_same_connection_is_in_the_copy(project,
                                                                           monkeypatch):
    monkeypatch.setattr(store_backup, "PAGES_PER_STEP", 1)  # many steps, so a write lands mid-copy
    made = []

    def write_once():
        if not made:
            made.append(_code(project, 1, 4))
        return False

    info = project.backups.prepare("mid-copy").run(should_stop=write_once)
    assert made
    with Project.open(info.path, read_only=True) as copy:
        assert [c.guid for c in copy.codings.list()] == [made[0].guid]
    assert _intact(info.path)


def test_auto_backs_up_only_when_the_file_changed_and_the_newest_is_old_enough(project):
    first = project.backups.auto(now=T0)
    assert first is not None and first.reason == "auto"
    assert project.backups.auto(now=T0 + timedelta(hours=5)) is None  # unchanged
    _code(project)
    assert project.backups.auto(now=T0 + timedelta(minutes=20)) is None  # changed, too soon
    second = project.backups.auto(now=T0 + timedelta(minutes=61))
    assert second is not None and second.codings == 1
    assert [b.path for b in project.backups.list()] == [second.path, first.path]
    assert project.backups.auto(now=T0 + timedelta(hours=9)) is None


def test_keep_rule_on_synthetic_times():
    now = datetime(2026, 11, 29, 12, 0)
    hourly_today = [now - timedelta(hours=h, minutes=5) for h in range(30)]  # 30 in ~30 h
    daily = [now - timedelta(days=d, hours=h) for d in range(2, 20) for h in (1, 5)]
    weekly = [now - timedelta(weeks=w) for w in range(3, 13)]
    times = hourly_today + daily + weekly
    kept = {times[i] for i in keep_rule(times, now)}
    assert set(hourly_today[:24]) <= kept  # the last 24 h, up to 24
    for day in range(2, 15):  # one a day for 14 days: the newest of the day
        assert now - timedelta(days=day, hours=1) in kept
        assert now - timedelta(days=day, hours=5) not in kept
    assert now - timedelta(days=19, hours=5) not in kept
    old_weeks = [t for t in weekly if now - t > timedelta(weeks=8)]
    assert old_weeks and not set(old_weeks) & kept
    assert now - timedelta(weeks=7) in kept
    # whatever their age, the newest three are always kept
    ancient = [now - timedelta(days=400 + d) for d in range(5)]
    assert {ancient[i] for i in keep_rule(ancient, now)} == set(ancient[:3])


def test_prune_deletes_files_and_sidecars_the_rule_drops(project):
    made = [project.backups.prepare("auto", now=T0 - timedelta(days=d)).run()
            for d in (0, 1, 1.1, 1.2, 30, 31)]
    removed = project.backups.prune(now=T0 + timedelta(minutes=1))
    names = {b.path.name for b in removed}
    assert names == {made[3].path.name, made[5].path.name}  # older of the same day; > 4 weeks
    for info in removed:
        assert not info.path.exists() and not info.path.with_suffix(".json").exists()
    assert len(project.backups.list()) == 4


def test_restore_brings_back_the_old_state_and_keeps_the_lock(project, tmp_path):
    _code(project)
    old = project.backups.create()
    _code(project, 3, 6)
    _code(project, 6, 9)
    changes = []
    project.subscribe(changes.append)
    before = project.backups.restore(old)
    assert len(project.codings.list()) == 1
    assert before.reason == "before-restore" and before.codings == 3
    assert _content(before.path)[0]["codings"] == 3  # the newer state can be restored again
    assert changes and {"codings", "sources", "elements"} <= changes[-1].tables
    # the undo history is the backup's: undoing takes back its last step
    assert project.undo_label() == "Code passage"
    project.undo()
    assert project.codings.list() == []
    assert _intact(project.path)
    # the lock is still held: another process is refused at once
    probe = textwrap.dedent("""
        import sys
        from workbench.core import Project, ProjectLockedError
        try:
            Project.open(sys.argv[1])
        except ProjectLockedError as exc:
            print("locked:", exc)
    """)
    out = subprocess.run([sys.executable, "-c", probe, str(project.path)], capture_output=True,
                         text=True, timeout=60)
    assert "open elsewhere" in out.stdout, out.stderr
    project.backups.restore(before)
    assert len(project.codings.list()) == 3


def test_restore_refuses_what_is_not_a_backup_of_this_project(project, tmp_path):
    text = tmp_path / "notes.cwb"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(ProjectFileError, match="not a Case Workbench project"):
        project.backups.restore(text)
    other_db = tmp_path / "other.sqlite"
    sqlite3.connect(other_db).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ProjectFileError, match="cannot be restored"):
        project.backups.restore(other_db)
    newer = tmp_path / "newer.cwb"
    shutil.copy(project.backups.create().path, newer)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.close()
    with pytest.raises(NewerSchemaError, match="newer version"):
        project.backups.restore(newer)
    with Project.create(tmp_path / "another.cwb") as another:
        foreign = another.backups.create().path
    with pytest.raises(BackupError, match="another project"):
        project.backups.restore(foreign)
    assert project.backups.list()[0].reason == "manual"  # nothing was restored or backed up


def test_a_backup_in_an_older_format_is_upgraded_as_it_is_restored(tmp_path, data_folder):
    old = tmp_path / "old.cwb"
    shutil.copy(SCHEMAS / "v3.cwb", old)
    kept = tmp_path / "kept-v3.cwb"
    shutil.copy(old, kept)
    with Project.open(old) as p:
        counts = p.counts()
        p.elements.add("新要素")
        p.backups.restore(kept, other_copy=True)  # a copy made by hand: not one of its backups
        assert p.schema_version() == CURRENT_VERSION
        assert p.counts() == counts
        assert _intact(old)
    # only the migration's own copy of old.cwb is left; the scratch copy is gone
    assert sorted(f.name for f in tmp_path.iterdir() if f.is_file()) == [
        "kept-v3.cwb", "old.cwb", "old.format3-backup.cwb"]
    assert not [f for f in data_folder.rglob("*") if ".part" in f.name]


def test_an_unwritable_backup_folder_is_one_sentence_and_leaves_the_project(project,
                                                                            data_folder):
    _code(project)
    data_folder.mkdir()
    (data_folder / "backups").write_text("a file where the folder should be")
    state = store_backup.file_state(project.path)
    with pytest.raises(BackupError, match="No backup could be made") as caught:
        project.backups.create()
    assert "\n" not in str(caught.value)
    assert store_backup.file_state(project.path) == state
    assert len(project.codings.list()) == 1


def test_read_only_projects_can_be_backed_up_but_not_restored(project):
    path = project.path
    backup = project.backups.create()
    project.close()
    with Project.open(path, read_only=True) as reader:
        assert reader.backups.create().path.exists()
        with pytest.raises(ReadOnlyError, match="read-only"):
            reader.backups.restore(backup)


def test_a_stopped_copy_leaves_no_file(project):
    pending = project.backups.prepare("auto")
    with pytest.raises(store_backup.BackupStopped):
        pending.run(should_stop=lambda: True)
    # only the note of where this file was seen (backup_lineage.py) is there
    assert [f.name for f in pending.target.parent.iterdir()] == ["lineages.json"]
    assert project.backups.list() == []


FULL_DISK = textwrap.dedent("""
    import os, resource, signal, sys
    from workbench.core import Project
    from workbench.core.errors import BackupError
    p = Project.open(sys.argv[1])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))
    try:
        p.backups.create()
    except BackupError as exc:
        print("refused:", exc)
    folder = p.backups.folder
    print("left:", sorted(f.name for f in folder.iterdir() if f.name != "lineages.json"))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_is_one_sentence_and_leaves_no_partial_backup(project):
    source = project.sources.list(kind="text")[0]
    project.sources.add(kind="text", title="长文", data=os.urandom(300_000), text="长" * 1000)
    _code(project)
    # the file's lineage is written into it before its first backup (backup_lineage.py): done
    # here, so that the failed backup below is the only thing that could change the file
    backup_lineage.keep(project, project.backups.folder, project.backups.lineage)
    path = project.path
    project.close()
    before = (path.read_bytes(), store_backup.file_state(path))
    out = subprocess.run([sys.executable, "-c", FULL_DISK, str(path)], capture_output=True,
                         text=True, timeout=60)
    # SQLite reports EFBIG as an I/O error and ENOSPC as "disk is full": either way one sentence
    refused = [line for line in out.stdout.splitlines() if line.startswith("refused:")]
    assert len(refused) == 1 and refused[0].endswith("The project was not changed."), out
    assert "left: []" in out.stdout
    assert (path.read_bytes(), store_backup.file_state(path)) == before
    assert source.id


def test_backups_made_within_one_second_list_newest_first(tmp_path):
    with Project.create(tmp_path / "快.cwb") as p:
        first = p.backups.create("manual")
        p.elements.add("要素")
        second = p.backups.create("before-repair")
        assert [b.path for b in p.backups.list()] == [second.path, first.path]


# ----- restoring checks the backup as opening checks a file from someone else ---------------
def _planted(backup: Path, sql: str) -> Path:
    """``backup`` with database code added by hand, as a crafted file would carry it."""
    os.chmod(backup, 0o644)
    conn = sqlite3.connect(backup)
    conn.execute(sql)
    conn.commit()
    conn.close()
    return backup


@pytest.mark.parametrize("sql", [
    "CREATE TRIGGER wipe AFTER INSERT ON codings BEGIN DELETE FROM codings; END",
    "CREATE VIEW peek AS SELECT * FROM codings",
    "CREATE INDEX extra ON codings (memo)",
])
def test_restore_refuses_a_backup_carrying_database_code_before_anything_changes(project, sql):
    _code(project)
    crafted = _planted(project.backups.create().path, sql)
    _code(project, 3, 6)
    listed = project.backups.list()
    state = store_backup.file_state(project.path)
    with pytest.raises(ProjectFileError, match="database code") as caught:
        project.backups.restore(crafted)
    assert crafted.name in str(caught.value) and "\n" not in str(caught.value)
    assert store_backup.file_state(project.path) == state
    assert project.backups.list() == listed  # no before-restore backup either
    conn = sqlite3.connect(project.path)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name IN "
                        "('wipe', 'peek', 'extra')").fetchone()[0] == 0
    conn.close()
    _code(project, 6, 9)  # the next change fires nothing
    assert len(project.codings.list()) == 3
    assert not [f for f in project.backups.folder.iterdir() if ".part" in f.name]


def test_restore_refuses_a_damaged_backup(project):
    _code(project)
    backup = project.backups.create().path
    os.chmod(backup, 0o644)
    conn = sqlite3.connect(backup)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'elements'").fetchone()[0]
    conn.close()
    data = bytearray(backup.read_bytes())
    data[(root - 1) * size:(root - 1) * size + 12] = b"\x0d" + b"\xff" * 11  # a broken header
    backup.write_bytes(bytes(data))
    state = store_backup.file_state(project.path)
    with pytest.raises(ProjectFileError, match="damaged"):
        project.backups.restore(backup)
    assert store_backup.file_state(project.path) == state


SELF_RESTORE = textwrap.dedent("""
    import sys
    from workbench.core import Project, WorkbenchError
    p = Project.open(sys.argv[1])
    for target in sys.argv[1:]:
        try:
            p.backups.restore(target)
        except WorkbenchError as exc:
            print("refused:", exc)
    print("backups:", len(p.backups.list()))
""")


def test_restoring_the_project_onto_itself_is_refused_at_once(project, tmp_path):
    _code(project)
    path = project.path
    project.close()
    link = tmp_path / "link.cwb"
    os.link(path, link)  # the same file under another name
    out = subprocess.run([sys.executable, "-c", SELF_RESTORE, str(path), str(link)],
                         capture_output=True, text=True, timeout=60)  # it used to hang for ever
    refused = [line for line in out.stdout.splitlines() if line.startswith("refused:")]
    assert refused == [f"refused: {name} is the project file itself, so there is nothing to "
                       "restore from; choose one of its backups (“workbench backups” lists "
                       "them)." for name in ("study.cwb", "link.cwb")], out
    assert "backups: 0" in out.stdout  # nothing was backed up before refusing


def test_a_restore_into_a_project_another_connection_reads_gives_up_in_one_sentence(
        project, monkeypatch):
    _code(project)
    backup = project.backups.create()
    monkeypatch.setattr(store_backup, "LOCKED_STEPS", 3)
    reader = sqlite3.connect(project.path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM codings").fetchone()  # holds a read lock
    try:
        with pytest.raises(BackupError, match="could not be restored .*locked"):
            project.backups.restore(backup)
    finally:
        reader.rollback()
        reader.close()
    assert len(project.codings.list()) == 1
