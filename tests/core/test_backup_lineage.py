"""Each copy of a project keeps its own backups: the file lineage (workbench/core/backup_lineage.py).

A copy of a project file keeps the project's guid (so do co-coders' files), and backups used to be
filed by the guid alone: restoring ``thesis.cwb --latest`` brought in ``experiment.cwb``'s
codings. These tests copy, move and hand out real files and check whose backups each one sees.
"""
import json
import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from workbench.core import Project
from workbench.core.backups import OtherCopyError

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def thesis(tmp_path):
    """thesis.cwb with one source, two elements and one coding, backed up once."""
    path = tmp_path / "thesis.cwb"
    with Project.create(path, title="论文", coder="alice") as p:
        p.elements.add("技术赋能")
        p.elements.add("组织协同")
        text = "江临市推进一网通办，数据共享平台上线。"
        p.sources.add(kind="text", title="新闻", data=text.encode(), text=text)
        _code(p, 0, 3, 0)
        p.backups.create("manual")
    return path


def _code(p, start, end, element=0):
    source = p.sources.list(kind="text")[0]
    return p.codings.code_text(source.id, start, end, p.elements.list()[element].id)


def _codings(path):
    with Project.open(path, read_only=True) as p:
        return sorted((c.start, c.end, c.element_name) for c in p.codings.list())


def test_a_copy_gets_its_own_backups_and_latest_restores_the_files_own(thesis, tmp_path):
    experiment = tmp_path / "experiment.cwb"
    shutil.copy(thesis, experiment)
    with Project.open(experiment) as p:  # opened beside the original: a copy from now on
        assert p.backups.list() == []
        assert len(p.backups.list_all()) == 1  # thesis's, shown as another file's
        _code(p, 5, 9, 1)
        _code(p, 10, 14, 1)
        mine = p.backups.create("manual")
    with Project.open(thesis) as p:
        _code(p, 3, 5, 0)
        own = p.backups.list()
        assert [b.original_name for b in own] == ["thesis.cwb"]
        assert mine.path not in [b.path for b in own]
        every = p.backups.list_all()
        assert {b.path for b in every} == {mine.path, own[0].path}
        assert not p.backups.is_own(next(b for b in every if b.path == mine.path))
        p.backups.restore(own[0])  # "--latest": thesis's own newest
    assert _codings(thesis) == [(0, 3, "技术赋能")]  # experiment's codings were not brought in
    assert _codings(experiment) == [(0, 3, "技术赋能"), (5, 9, "组织协同"), (10, 14, "组织协同")]


def test_restoring_another_copys_backup_needs_an_explicit_choice(thesis, tmp_path):
    experiment = tmp_path / "experiment.cwb"
    shutil.copy(thesis, experiment)
    with Project.open(experiment) as p:
        _code(p, 5, 9, 1)
        theirs = p.backups.create("manual")
    with Project.open(thesis) as p:
        lineage = p.backups.lineage.id
        with pytest.raises(OtherCopyError, match="made from experiment.cwb, another copy") as e:
            p.backups.restore(theirs)
        assert "\n" not in str(e.value)
        assert len(p.codings.list()) == 1 and len(p.backups.list()) == 1  # nothing happened
        p.backups.restore(theirs, other_copy=True)
        assert len(p.codings.list()) == 2
    with Project.open(thesis) as p:  # still thesis's own line, with its own list
        assert p.backups.lineage.id == lineage
        assert [b.reason for b in p.backups.list()] == ["before-restore", "manual"]


def test_a_moved_or_renamed_file_keeps_its_backups(thesis, tmp_path):
    with Project.open(thesis, read_only=True) as p:
        before = [b.path for b in p.backups.list()]
        lineage = p.backups.lineage.id
    elsewhere = tmp_path / "archive"
    elsewhere.mkdir()
    moved = elsewhere / "论文-终稿.cwb"
    thesis.rename(moved)
    with Project.open(moved) as p:
        assert p.backups.lineage.id == lineage
        assert [b.path for b in p.backups.list()] == before
        assert not p.backups.needs_backup()  # unchanged since its newest backup


def test_co_coders_copies_never_share_backups(thesis, tmp_path):
    alice, bob = tmp_path / "alice.cwb", tmp_path / "bob.cwb"
    shutil.copy(thesis, alice)
    shutil.copy(thesis, bob)
    thesis.unlink()  # the supervisor's original is gone: the first one opened is not "a move"
    made = {}
    for path in (alice, bob, alice, bob):
        with Project.open(path) as p:
            _code(p, len(made) * 2, len(made) * 2 + 1, 1)
            made[path.name, len(made)] = p.backups.create("manual").path
    with Project.open(alice) as a, Project.open(bob) as b:
        assert a.backups.lineage.id != b.backups.lineage.id
        mine_a = {x.path for x in a.backups.list()}
        mine_b = {x.path for x in b.backups.list()}
        assert not mine_a & mine_b
        assert {made["alice.cwb", 0], made["alice.cwb", 2]} <= mine_a
        assert {made["bob.cwb", 1], made["bob.cwb", 3]} <= mine_b


def test_pruning_one_copy_never_deletes_anothers_backups(thesis, tmp_path):
    experiment = tmp_path / "experiment.cwb"
    shutil.copy(thesis, experiment)
    with Project.open(experiment) as p:
        theirs = [p.backups.prepare("auto", now=T0 - timedelta(days=d)).run()
                  for d in (30, 31, 32, 33, 34)]
    with Project.open(thesis) as p:
        for d in (30, 31, 32, 33, 34):
            p.backups.prepare("auto", now=T0 - timedelta(days=d)).run()
        removed = p.backups.prune(now=T0)
        assert removed and all(p.backups.is_own(b) for b in removed)
    assert all(b.path.exists() for b in theirs)


def test_a_read_only_look_at_a_fresh_copy_does_not_take_the_originals_backups(thesis, tmp_path):
    copy = tmp_path / "copy.cwb"
    shutil.copy(thesis, copy)
    with Project.open(copy, read_only=True) as p:  # e.g. `workbench backups` before any edit
        assert p.backups.list() == []
        future = p.backups.lineage.id
    with Project.open(copy) as p:
        assert p.backups.lineage.id == future  # the same line once opened for writing


def test_backups_from_before_lineages_stay_findable_and_belong_to_their_file(thesis,
                                                                              tmp_path):
    with Project.open(thesis) as p:
        backup = p.backups.list()[0]
    sidecar = backup.path.with_suffix(".json")
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    del data["lineage"]  # as an older version wrote it
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    experiment = tmp_path / "experiment.cwb"
    shutil.copy(thesis, experiment)
    with Project.open(thesis) as p:
        assert [b.path for b in p.backups.list()] == [backup.path]
    with Project.open(experiment) as p:
        assert p.backups.list() == []
        assert [b.original_name for b in p.backups.list_all()] == ["thesis.cwb"]
        with pytest.raises(OtherCopyError):
            p.backups.restore(p.backups.list_all()[0])


def test_a_copy_opened_beside_the_original_gets_its_own_line_on_opening(thesis, tmp_path):
    copy = tmp_path / "copy.cwb"
    shutil.copy(thesis, copy)
    Project.open(copy).close()  # opened once for writing, no backup made
    thesis.unlink()  # the original goes later: the copy must not inherit its backups
    with Project.open(copy) as p:
        assert p.backups.list() == []
        assert [b.original_name for b in p.backups.list_all()] == ["thesis.cwb"]


@pytest.mark.parametrize("registry", ['{"x": [1, 2]}', '[]', '{', '{"%s": {"paths": 5}}'])
def test_a_damaged_note_of_places_costs_nothing_but_the_note(thesis, registry):
    with Project.open(thesis, read_only=True) as p:
        folder, lineage = p.backups.folder, p.backups.lineage.id
    (folder / "lineages.json").write_text(registry.replace("%s", lineage), encoding="utf-8")
    with Project.open(thesis) as p:
        assert p.backups.lineage.id == lineage and len(p.backups.list()) == 1
        p.backups.create("manual")
