"""Auto-coding: proposals at hit, sentence and paragraph level, written as one undo step."""
from __future__ import annotations

import pytest

from workbench.analysis.autocode import apply, propose
from workbench.core import InvalidInputError, Project

TEXT = "𠮷市推进数据共享。另一句话；数据开放很重要！\n第二段没有。数据共享"


@pytest.fixture
def study(tmp_path):
    p = Project.create(tmp_path / "a.cwb", coder="alice")
    e = p.elements.add("数据")
    s = p.sources.add(kind="text", title="s1", data=b"1", text=TEXT)
    yield p, e, s
    p.close()


def _spans(proposals):
    return [(x.start, x.end, x.text) for x in proposals]


def test_units(study):
    p, _, _ = study
    assert _spans(propose(p, regex=r"数据(共享|开放)", unit="hit")) == [
        (4, 8, "数据共享"), (14, 18, "数据开放"), (29, 33, "数据共享")]
    assert _spans(propose(p, regex=r"数据(共享|开放)", unit="sentence")) == [
        (0, 9, "𠮷市推进数据共享。"), (14, 22, "数据开放很重要！"), (29, 33, "数据共享")]
    paragraphs = propose(p, keywords=["数据共享", "数据开放"], unit="paragraph")
    assert _spans(paragraphs) == [(0, 22, TEXT[:22]), (23, 33, "第二段没有。数据共享")]
    assert paragraphs[0].hits == ("数据共享", "数据开放")


def test_apply_is_one_undo_step(study):
    p, e, s = study
    proposals = propose(p, regex=r"数据(共享|开放)", unit="sentence")
    coded = apply(p, proposals, e.id, coder="bob")
    assert [(c.start, c.end, c.coder) for c in coded] == [(0, 9, "bob"), (14, 22, "bob"),
                                                          (29, 33, "bob")]
    assert p.undo_label() == "Auto-code"
    p.undo()
    assert p.codings.list() == []
    p.redo()
    assert len(p.codings.list()) == 3


def test_bad_input(study):
    p, _, _ = study
    with pytest.raises(InvalidInputError, match="not a valid regular expression"):
        propose(p, regex="数据(")
    with pytest.raises(InvalidInputError):
        propose(p, keywords=[" "])
