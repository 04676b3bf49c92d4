"""Re-extracting a source imported before a fix: from its stored original, keeping codings.

An "old import" is simulated by giving the source the text a faulty importer would have stored
(Kangxi radicals, a dropped article) through the core's own replace_text; re-extraction then reads
the original again with today's importer."""
from __future__ import annotations

import pytest

from workbench.core import InvalidInputError, Project
from workbench.importers.reextract import CHANGED, REFUSED, SAME, SKIPPED, reextract

GOOD = "关于推进政务服务改革的方案。\n第一条 各部门应当共享数据。\n第二条 方案自发布之日起施行。"
# What a PDF importer mapping to compatibility characters stored: 方 → ⽅ (same length).
KANGXI = GOOD.replace("方", "⽅")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "policy.txt").write_text(GOOD, encoding="utf-8")
    with Project.create(tmp_path / "p.cwb") as p:
        p.import_files([tmp_path / "policy.txt"])
        yield p


def _source(p):
    return p.sources.list()[0]


def _code(p, source_id, quote):
    text = p.sources.text(source_id)
    start = text.index(quote)
    element = (p.elements.list() or [p.elements.add("数据共享")])[0].id
    return p.codings.code_text(source_id, start, start + len(quote), element)


def test_the_same_text_only_refreshes_the_figures(project):
    source = _source(project)
    project.sources.replace_text(source.id, GOOD, [], metadata={"quality": None})
    [result] = reextract(project, [source.id])
    assert result.status == SAME
    assert project.sources.get(source.id).metadata["quality"]["verdict"] == "ok"


def test_a_changed_text_keeps_its_codings_and_is_one_undo_step(project):
    source = _source(project)
    old = "封面\n" + KANGXI  # the old importer also kept a cover line
    project.sources.replace_text(source.id, old, [])
    first = _code(project, source.id, "各部门应当共享数据")
    second = _code(project, source.id, "自发布之日起施行")
    [result] = reextract(project, [source.id], dry_run=True)
    assert result.status == CHANGED and project.sources.text(source.id) == old  # dry run
    [result] = reextract(project, [source.id])
    assert result.status == CHANGED and result.codings == 2
    assert project.sources.text(source.id) == GOOD
    for coding in (first, second):
        moved = project.codings.get(coding.id)
        assert GOOD[moved.start:moved.end] == coding.snippet
        assert moved.start == coding.start - len("封面\n")
    # coding again reads the new text, not a cached old one
    third = _code(project, source.id, "方案自发布")
    assert third.snippet == "方案自发布"
    project.undo()
    project.undo()
    assert project.sources.text(source.id) == old
    assert project.codings.get(first.id).start == first.start
    assert project.sources.get(source.id).text_length == len(old)
    assert _code(project, source.id, "⽅案自发布").snippet == "⽅案自发布"


def test_a_coded_passage_that_would_vanish_refuses_and_changes_nothing(project):
    source = _source(project)
    project.sources.replace_text(source.id, KANGXI, [])
    coding = _code(project, source.id, "⽅案自发布")  # only the Kangxi form holds this quote
    [result] = reextract(project, [source.id])
    assert result.status == REFUSED and "⽅案自发布" in result.sentence
    assert project.sources.text(source.id) == KANGXI
    assert project.codings.get(coding.id).start == coding.start
    with pytest.raises(InvalidInputError):
        project.sources.replace_text(source.id, GOOD, [])


def test_a_source_without_codings_is_simply_replaced(project):
    source = _source(project)
    project.sources.replace_text(source.id, "被截断的文本", [])
    [result] = reextract(project, [source.id])
    assert result.status == CHANGED and project.sources.text(source.id) == GOOD
    assert project.sources.get(source.id).text_length == len(GOOD)


def test_a_quote_found_twice_equally_near_is_refused(project):
    source = _source(project)
    project.sources.replace_text(source.id, "甲乙甲", [])
    _code(project, source.id, "乙")
    with pytest.raises(InvalidInputError):
        project.sources.replace_text(source.id, "乙甲乙", [])  # 乙 at 0 and 2, old place 1


def test_images_are_left_to_text_recognition(tmp_path):
    from helpers import png_bytes

    (tmp_path / "shot.png").write_bytes(png_bytes(80, 40))
    with Project.create(tmp_path / "p.cwb") as p:
        p.import_files([tmp_path / "shot.png"])
        [result] = reextract(p, [_source(p).id])
        assert result.status == SKIPPED and "recognition" in result.sentence


def test_a_source_without_a_file_extension_is_read_by_its_media_type(tmp_path):
    with Project.create(tmp_path / "p.cwb") as p:
        source = p.sources.add(kind="text", title="来自其他软件", data=GOOD.encode("utf-8"),
                               file_name="来自其他软件", media_type="text/plain", text="旧")
        [result] = reextract(p, [source.id])
        assert result.status == CHANGED and p.sources.text(source.id) == GOOD
