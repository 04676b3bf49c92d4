"""Framework levels: a dimension counts its own and its sub-elements' codings, a passage coded
to two sub-elements once."""
from workbench.analysis.rollup import rollup, tree_order
from workbench.core import Project


def test_a_parent_counts_distinct_segments_of_its_subtree(tmp_path):
    with Project.create(tmp_path / "r.cwb", language="zh") as p:
        top = p.elements.add("技术").id
        a = p.elements.add("平台", parent_id=top).id
        b = p.elements.add("数据", parent_id=top).id
        other = p.elements.add("组织").id
        text = "一网通办平台上线，数据共享加速。"
        s = p.sources.add(kind="text", title="新闻", data=text.encode(), text=text).id
        p.codings.code_text(s, 0, 8, a)
        p.codings.code_text(s, 0, 8, b)  # the same passage in a second child: one for the parent
        p.codings.code_text(s, 9, 15, b)
        p.codings.code_text(s, 0, 4, top)
        p.codings.code_text(s, 0, 4, other)
        counts = rollup(p.elements.list(), p.codings.rows())
        assert (counts[top].direct, counts[top].total, counts[top].level) == (1, 3, 1)
        assert (counts[a].total, counts[b].total, counts[b].level) == (1, 2, 2)
        assert counts[other].total == 1 and not counts[other].has_children
        assert [e.name for e in tree_order(p.elements.list())] == ["技术", "平台", "数据", "组织"]


def test_stats_rolls_up_parents_and_its_totals_count_each_coding_once(tmp_path):
    from workbench.analysis.tables import frequency

    with Project.create(tmp_path / "s.cwb", language="zh") as p:
        top = p.elements.add("技术").id
        a = p.elements.add("平台", parent_id=top).id
        b = p.elements.add("数据", parent_id=top).id
        p.cases.add("甲")
        p.cases.add("乙")
        text = "一网通办平台上线，数据共享加速。"
        s = p.sources.add(kind="text", title="新闻", data=text.encode(), text=text,
                          cases=["甲", "乙"]).id
        p.codings.code_text(s, 0, 8, a)
        p.codings.code_text(s, 0, 8, b)
        p.codings.code_text(s, 9, 15, b)
        t = frequency(p, "case", "codings", rollup=True)
        rows = dict(zip(t.row_labels, t.cells))
        assert rows["技术"] == [2, 2] and rows["技术/数据"] == [2, 2]
        assert t.row_totals[0] == 2 and t.direct == [0, 1, 2]
        assert t.total == 3 and t.column_totals == [3, 3]  # each case: 3; all: 3, not 6
        plain = frequency(p, "case", "codings")
        assert dict(zip(plain.row_labels, plain.cells))["技术"] == [0, 0]
