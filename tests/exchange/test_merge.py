"""Merging coders' copies: shared sources matched, codings unioned with their coders, conflicts
listed, nothing lost, a source whose text differs kept twice."""
from __future__ import annotations

import shutil

import pytest

from workbench.core import Project, WorkbenchError
from workbench.exchange.merge import merge_projects

TEXT = "政府数据共享平台建设。各部门协同推进。"


@pytest.fixture()
def copies(tmp_path):
    base = Project.create(tmp_path / "base.cwb", coder="lead")
    top = base.elements.add("协同", definition="原定义")
    base.elements.add("共享", parent_id=top.id)
    base.sources.add(kind="text", title="新闻", data=TEXT.encode(), text=TEXT)
    base.cases.add("A市")
    base.close()
    for name in ("ann", "bo"):
        shutil.copy(tmp_path / "base.cwb", tmp_path / f"{name}.cwb")
    ann = Project.open(tmp_path / "ann.cwb")
    bo = Project.open(tmp_path / "bo.cwb")
    return tmp_path, ann, bo


def test_merge_unions_codings_and_lists_conflicts(copies):
    tmp_path, ann, bo = copies
    source = ann.sources.list()[0].id
    top, child = ann.elements.find("协同").id, ann.elements.find("协同/共享").id
    ann.codings.code_text(source, 0, 6, child, coder="Ann")
    ann.elements.update(top, name="部门协同", definition="Ann 的定义")
    extra = ann.elements.add("绩效")
    ann.interactions.add(top, extra.id, "促进")
    shared = "两人都导入的同一文件。"
    ann.sources.add(kind="text", title="同一文件", data=shared.encode(), text=shared)
    g = ann.sources.add(kind="text", title="版本", data=b"v1", text="第一版").guid
    ann.memos.add("element", top, title="备忘", body="Ann 写的")

    bo_source = bo.sources.list()[0].id
    bo_top, bo_child = bo.elements.find("协同").id, bo.elements.find("协同/共享").id
    bo.codings.code_text(bo_source, 0, 6, bo_child, coder="Bo")
    bo.codings.code_text(bo_source, 7, 13, bo_top, coder="Bo")
    bo.elements.update(bo_top, name="跨部门协同", definition="Bo 的定义")
    bo.elements.add("绩效")  # same path as Ann's, another GUID: one element
    bo.sources.add(kind="text", title="同一文件 B", data=shared.encode(), text=shared)
    bo.sources.add(kind="text", title="版本", data=b"v2", text="第二版", guid=g)
    ann.close()
    bo.close()

    report = merge_projects([tmp_path / "ann.cwb", tmp_path / "bo.cwb"], tmp_path / "m.cwb")
    m = Project.open(tmp_path / "m.cwb", read_only=True)
    try:
        assert sorted(e.path for e in m.elements.list()) == ["绩效", "部门协同", "部门协同/共享"]
        assert sorted((c.coder, c.snippet) for c in m.codings.list()) == sorted([
            ("Ann", TEXT[0:6]), ("Bo", TEXT[0:6]), ("Bo", TEXT[7:13])])
        titles = sorted(s.title for s in m.sources.list())
        assert titles == ["同一文件", "新闻", "版本", "版本 (bo.cwb)"]  # differing text: kept twice
        assert len(m.interactions.list()) == 1 and len(m.memos.list()) == 1
        assert [c.name for c in m.cases.list()] == ["A市"]
    finally:
        m.close()
    fields = {(c.kind, c.field) for c in report.conflicts}
    assert ("element", "name") in fields and ("element", "definition") in fields
    assert ("source", "text") in fields
    renamed = next(c for c in report.conflicts if c.field == "name")
    assert renamed.values == {"merged": "部门协同", "bo.cwb": "跨部门协同"}
    assert report.added["codings"] == 3


def test_merging_the_same_file_twice_changes_nothing(copies):
    tmp_path, ann, bo = copies
    source = ann.sources.list()[0].id
    ann.codings.code_text(source, 0, 6, ann.elements.find("协同").id, coder="Ann")
    ann.close()
    bo.close()
    report = merge_projects([tmp_path / "ann.cwb", tmp_path / "ann.cwb"], tmp_path / "m.cwb")
    assert report.conflicts == []
    m = Project.open(tmp_path / "m.cwb", read_only=True)
    try:
        assert len(m.codings.list()) == 1 and len(m.sources.list()) == 1
    finally:
        m.close()


def test_merge_needs_two_files(copies):
    tmp_path, ann, bo = copies
    ann.close()
    bo.close()
    with pytest.raises(WorkbenchError, match="at least two"):
        merge_projects([tmp_path / "ann.cwb"], tmp_path / "m.cwb")


def test_files_left_by_an_interrupted_merge_are_cleaned_up_and_a_running_one_kept(copies):
    folder, ann, bo = copies
    ann.close()
    bo.close()
    out = folder / "team.cwb"
    abandoned = out.with_name("team.incomplete-0badc0de.cwb")
    shutil.copy(folder / "ann.cwb", abandoned)  # what a killed merge leaves behind
    running = Project.create(out.with_name("team.incomplete-0000cafe.cwb"))  # holds its lock
    try:
        merge_projects([folder / "ann.cwb", folder / "bo.cwb"], out)
        assert not abandoned.exists()
        assert running.path.exists()
        assert out.exists()
    finally:
        running.close()
