"""Frequency tables, co-occurrence, the case × element matrix, timelines and coverage on a small
corpus whose answers are counted by hand."""
from __future__ import annotations

import pytest

from workbench.analysis.cooccur import cooccurrence
from workbench.analysis.tables import case_matrix, coverage, frequency, timeline
from workbench.core import Project

# s1 (2018, 新闻, A市): paragraph 0 = [0, 9) "第一段技术与组织。", paragraph 1 = [10, 16) "第二段组织。"
S1 = "第一段技术与组织。\n第二段组织。"
S2 = "技术技术技术"  # (2020, no type, A市 and B市)


@pytest.fixture
def study(tmp_path):
    p = Project.create(tmp_path / "t.cwb", coder="alice")
    tech = p.elements.add("技术")
    org = p.elements.add("组织")
    s1 = p.sources.add(kind="text", title="s1", data=b"1", text=S1, date="2018-03-01",
                       cases=["A市"], source_type="news")
    s2 = p.sources.add(kind="text", title="s2", data=b"2", text=S2, date="2020-01-01",
                       cases=["A市", "B市"])
    p.periods.add("起步期", "2017", "2019")
    c1 = p.codings.code_text(s1.id, 3, 5, tech.id)     # 技术 (2 chars)
    c2 = p.codings.code_text(s1.id, 4, 8, org.id)      # overlaps c1, same paragraph
    c3 = p.codings.code_text(s1.id, 10, 16, org.id)    # paragraph 1 (6 chars)
    c4 = p.codings.code_text(s2.id, 0, 2, tech.id)     # 技术
    ids = dict(tech=tech.id, org=org.id, s1=s1.id, s2=s2.id, c1=c1.id, c2=c2.id, c3=c3.id,
               c4=c4.id)
    yield p, ids
    p.close()


def test_counts_by_source_case_type_and_period(study):
    p, ids = study
    t = frequency(p, "source")
    assert t.row_labels == ["技术", "组织"] and t.column_labels == ["s1", "s2"]
    assert t.cells == [[1, 1], [2, 0]]
    assert t.row_totals == [2, 2] and t.column_totals == [3, 1] and t.total == 4
    assert t.details[(1, 0)] == sorted([ids["c2"], ids["c3"]])
    case = frequency(p, "case")
    assert case.column_labels == ["A市", "B市"]
    assert case.cells == [[2, 1], [2, 0]]
    assert case.row_totals == [2, 2]  # s2 is in both cases but its coding counts once in total
    kind = frequency(p, "type")
    assert kind.cells == [[1, 1], [2, 0]] and kind.column_labels[1] == "(no type)"
    period = frequency(p, "period")
    assert period.column_labels == ["起步期", "(no period)"]
    assert period.cells == [[1, 1], [2, 0]]


def test_units_sources_and_characters_and_percentages(study):
    p, _ = study
    assert frequency(p, "case", "sources").cells == [[2, 1], [1, 0]]
    chars = frequency(p, "case", "characters")
    assert chars.cells == [[4, 2], [10, 0]] and chars.row_totals == [4, 10]
    assert frequency(p, "source").percent("row") == [[50.0, 50.0], [100.0, 0.0]]
    assert frequency(p, "source").percent("column")[1][0] == pytest.approx(66.7)


def test_cooccurrence_by_overlap_paragraph_and_distance(study):
    p, ids = study
    overlap = cooccurrence(p, "overlap")
    assert overlap.cells == [[0, 1], [1, 0]]
    assert overlap.details[(0, 1)] == [(ids["c1"], ids["c2"])]
    para = cooccurrence(p, "paragraph")
    assert para.cells == [[0, 1], [1, 0]]  # c3 is in the other paragraph
    near = cooccurrence(p, "distance", 5)  # c1 ends at 5, c3 starts at 10: 5 apart
    assert near.cells[0][1] == 2
    assert sorted(near.details[(0, 1)]) == [(ids["c1"], ids["c2"]), (ids["c1"], ids["c3"])]
    assert cooccurrence(p, "distance", 4).cells[0][1] == 1


def test_paragraph_cooccurrence_uses_the_source_blocks(tmp_path):
    with Project.create(tmp_path / "b.cwb", coder="a") as p:
        x, y = p.elements.add("X"), p.elements.add("Y")
        text = "甲乙丙丁戊己"
        s = p.sources.add(kind="text", title="s", data=b"s", text=text, blocks=[
            {"kind": "paragraph", "start": 0, "end": 3}, {"kind": "paragraph", "start": 3,
                                                           "end": 6}])
        p.codings.code_text(s.id, 0, 1, x.id)
        p.codings.code_text(s.id, 4, 5, y.id)
        assert cooccurrence(p, "paragraph").cells[0][1] == 0
        p.codings.code_text(s.id, 2, 4, y.id)  # spans both paragraphs
        assert cooccurrence(p, "paragraph").cells[0][1] == 1


def test_case_matrix_quotes_and_undoable_notes(study):
    p, ids = study
    m = case_matrix(p)
    assert m.table.row_labels == ["A市", "B市"] and m.table.column_labels == ["技术", "组织"]
    assert m.table.cells == [[2, 2], [1, 0]]
    assert [q["quote"] for q in m.quotes[(0, 1)]] == ["术与组织", "第二段组织。"]
    case_a = p.cases.find("A市").id
    p.matrix_notes.set(case_a, ids["tech"], "以平台为抓手")
    assert case_matrix(p).notes == {(0, 0): "以平台为抓手"}
    assert p.undo_label() == "Edit matrix note"
    p.undo()
    assert case_matrix(p).notes == {}


def test_timeline_and_coverage(study):
    p, _ = study
    years = timeline(p, "year")
    assert years.column_labels == ["2018", "2020"] and years.cells == [[1, 1], [2, 0]]
    assert timeline(p, "month").column_labels == ["2018-03", "2020-01"]
    gaps = {(g.element, g.dimension, g.column, g.count) for g in coverage(p, min_count=2)}
    assert gaps == {("技术", "case", "B市", 1), ("组织", "case", "B市", 0),
                    ("技术", "period", "起步期", 1)}
