"""Each element's keyword dictionary: undoable, orphan-safe, kept through the v3 → v4 migration,
and a source of patterns for auto-code."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from workbench.analysis import autocode
from workbench.core import InvalidInputError, NotFoundError, Project
from workbench.core.store import schema

FROZEN = Path(__file__).parent.parent / "data" / "schemas"


def test_add_remove_and_undo(project):
    tech = project.elements.find("技术赋能")
    assert project.element_keywords.terms(tech.id) == []
    assert project.element_keywords.add(tech.id, "一网通办", " 数据  共享 ", "一网通办") == \
        ["一网通办", "数据 共享"]
    assert project.undo_label() == "Add element keywords"
    assert project.element_keywords.add(tech.id, "一网通办") == []  # already there
    assert project.element_keywords.terms(tech.id) == ["一网通办", "数据 共享"]
    project.element_keywords.remove(tech.id, "数据 共享")
    assert project.element_keywords.terms(tech.id) == ["一网通办"]
    project.undo()
    assert project.element_keywords.terms(tech.id) == ["一网通办", "数据 共享"]
    project.undo()
    assert project.element_keywords.terms(tech.id) == []
    project.redo()
    assert project.element_keywords.all() == {tech.id: ["一网通办", "数据 共享"]}
    with pytest.raises(NotFoundError):
        project.element_keywords.remove(tech.id, "没有这个词")
    with pytest.raises(InvalidInputError):
        project.element_keywords.add(tech.id, "  ")
    with pytest.raises(NotFoundError):
        project.element_keywords.add(9999, "词")


def test_deleting_an_element_is_not_blocked_and_its_keywords_are_ignored(project):
    tech = project.elements.find("技术赋能")
    project.element_keywords.add(tech.id, "一网通办")
    project.elements.delete(tech.id)
    assert project.element_keywords.terms(tech.id) == []
    assert project.element_keywords.all() == {}
    assert project.check() == []
    project.undo()  # the element comes back with its keywords
    assert project.element_keywords.terms(tech.id) == ["一网通办"]
    project.redo()
    # A new element that reuses the id does not inherit the old keywords, and can add the same.
    new = project.elements.add("新要素")
    assert project.element_keywords.terms(new.id) == []
    assert project.element_keywords.add(new.id, "一网通办") == ["一网通办"]
    assert project.element_keywords.terms(new.id) == ["一网通办"]


def test_v3_file_migrates_to_v4_and_keeps_its_data(tmp_path):
    path = tmp_path / "v3.cwb"
    shutil.copy(FROZEN / "v3.cwb", path)
    before = sqlite3.connect(path)
    elements = before.execute("SELECT id, name FROM elements ORDER BY id").fetchall()
    codings = before.execute("SELECT id, snippet FROM codings ORDER BY id").fetchall()
    before.close()
    with Project.open(path) as p:
        assert p.schema_version() == schema.CURRENT_VERSION >= 4
        assert [(e.id, e.name) for e in sorted(p.elements.list(), key=lambda e: e.id)] == elements
        assert [(c.id, c.snippet) for c in sorted(p.codings.list(), key=lambda c: c.id)] \
            == codings
        first = elements[0][0]
        assert p.element_keywords.terms(first) == []
        p.element_keywords.add(first, "关键词")
        assert p.element_keywords.terms(first) == ["关键词"]
        assert p.check() == []


def test_frozen_v4_file_has_element_keywords():
    conn = sqlite3.connect(FROZEN / "v4.cwb")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM element_keywords").fetchone()[0] > 0
    conn.close()


def test_auto_code_from_an_element_keyword_dictionary(project):
    tech = project.elements.find("技术赋能")
    with pytest.raises(InvalidInputError):  # no keywords yet: a sentence, not an empty list
        autocode.propose(project, element_keywords=tech.id)
    project.element_keywords.add(tech.id, "一网通办", "second")
    found = autocode.propose(project, element_keywords=tech.id, unit="sentence")
    assert [(p.text, p.hits) for p in found] == [("江临市𠮷推进一网通办。", ("一网通办",)),
                                                 ("Second line.", ("Second",))]
    assert found == autocode.propose(project, keywords=["一网通办", "second"], unit="sentence")
    codings = autocode.apply(project, found, tech.id)
    assert len(codings) == 2 and project.undo_label() == "Auto-code"
    with pytest.raises(NotFoundError):
        autocode.propose(project, element_keywords=9999)


def test_merging_elements_moves_their_keywords(tmp_path):
    from workbench.core import Project

    with Project.create(tmp_path / "m.cwb") as p:
        a, b = p.elements.add("甲").id, p.elements.add("乙").id
        p.element_keywords.add(a, "一网通办", "数据共享")
        p.element_keywords.add(b, "数据共享")
        p.elements.merge(a, b)
        assert sorted(p.element_keywords.terms(b)) == ["一网通办", "数据共享"]
