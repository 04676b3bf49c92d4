import re
import sqlite3

import pytest

from workbench.core import (NewerSchemaError, Project, ProjectFileError, ReadOnlyError)
from workbench.core.store import APPLICATION_ID, CURRENT_VERSION


def test_new_file_is_a_versioned_sqlite_project(tmp_path):
    path = tmp_path / "a.cwb"
    Project.create(path, title="研究").close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    # after a normal close nothing but the file itself is needed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.cwb"]


def test_everything_survives_a_copy_of_the_file(project, tmp_path):
    source = project.sources.list(kind="text")[0]
    element = project.elements.list()[0]
    coding = project.codings.code_text(source.id, 0, 3, element.id, memo="备注")
    original = project.sources.original(source.id)
    project.close()
    copy = tmp_path / "mailed.cwb"
    copy.write_bytes((tmp_path / "study.cwb").read_bytes())
    with Project.open(copy) as p:
        assert p.codings.get(coding.id).snippet == "江临市"
        assert p.codings.get(coding.id).memo == "备注"
        assert p.sources.original(source.id) == original
        assert p.info().title == "测试项目"


def test_refuses_a_file_from_a_newer_version(tmp_path):
    path = tmp_path / "new.cwb"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.close()
    with pytest.raises(NewerSchemaError, match="newer version"):
        Project.open(path)


def test_refuses_files_that_are_not_projects(tmp_path):
    text = tmp_path / "notes.cwb"
    text.write_text("hello")
    with pytest.raises(ProjectFileError, match="not a Case Workbench project"):
        Project.open(text)
    other = tmp_path / "other.cwb"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ProjectFileError, match="not a Case Workbench project"):
        Project.open(other)
    with pytest.raises(ProjectFileError, match="no project file"):
        Project.open(tmp_path / "missing.cwb")


def test_create_refuses_an_existing_file(tmp_path):
    path = tmp_path / "x.cwb"
    path.write_text("keep me")
    with pytest.raises(ProjectFileError, match="already exists"):
        Project.create(path)
    assert path.read_text() == "keep me"


def test_read_only_project_refuses_changes(project, tmp_path):
    project.close()
    with Project.open(tmp_path / "study.cwb", read_only=True) as p:
        assert p.sources.list()
        with pytest.raises(ReadOnlyError, match="read-only"):
            p.elements.add("新要素")


def test_framework_template_starts_the_codebook(tmp_path):
    with Project.create(tmp_path / "f.cwb", framework="joined-up-government") as p:
        top = [e for e in p.elements.list() if e.parent_id is None]
        assert len(top) == 4
        assert all(e.definition for e in top)
        assert p.undo_label() is None  # the starting framework is not an undo step
    with Project.create(tmp_path / "g.cwb", framework="joined-up-government", language="en") as p:
        names = [e.name for e in p.elements.list()]
        assert not any(re.search(r"[\u4e00-\u9fff]", name) for name in names)
