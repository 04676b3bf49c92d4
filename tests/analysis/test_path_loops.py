"""Path graphs, feedback loops and period comparison on small hand-made studies."""
import pytest

from workbench.analysis.paths import Loop, feedback_loops, path_graph, period_comparison
from workbench.core import NotFoundError, Project


class Study:
    """A project with elements A–D, a source with codings to cite, and four periods."""

    def __init__(self, tmp_path):
        self.p = Project.create(tmp_path / "loops.cwb", title="回路", coder="alice")
        self.ids = {name: self.p.elements.add(name).id for name in "ABCD"}
        source = self.p.sources.add(kind="text", title="材料", data=b"x" * 100, text="x" * 100)
        self.codings = [self.p.codings.code_text(source.id, i, i + 2, self.ids["A"]).id
                        for i in range(0, 40, 4)]
        for name, start, end in (("P1", "2010", "2012"), ("P2", "2013", "2015"),
                                 ("P3", "2016", "2018"), ("P4", "2019", "2021")):
            self.p.periods.add(name, start, end)

    def link(self, a, b, kind="promotes", *, sign=None, period=None, evidence=0, note=""):
        period_id = self.p.periods.find(period).id if period else None
        return self.p.interactions.add(self.ids[a], self.ids[b], kind, sign=sign,
                                       period_id=period_id, evidence=self.codings[:evidence],
                                       note=note).id


@pytest.fixture
def study(tmp_path):
    s = Study(tmp_path)
    yield s
    s.p.close()


def test_a_two_element_loop_of_positive_links_is_reinforcing(study):
    ab, ba = study.link("A", "B"), study.link("B", "A", "positive feedback")
    loops = feedback_loops(path_graph(study.p))
    a, b = study.ids["A"], study.ids["B"]
    assert loops == [Loop((a, b), (ab, ba), 1, "R")]


def test_one_negative_link_makes_a_three_element_loop_balancing(study):
    ab = study.link("A", "B")
    bc = study.link("B", "C", "constrains")  # the type's own sign is −
    ca = study.link("C", "A", "supports")
    (loop,) = feedback_loops(path_graph(study.p))
    assert loop.nodes == (study.ids["A"], study.ids["B"], study.ids["C"])
    assert loop.edges == (ab, bc, ca)
    assert (loop.sign, loop.kind) == (-1, "B")


def test_two_negative_links_make_a_loop_reinforcing_again(study):
    study.link("A", "B", "constrains")
    study.link("B", "A", "promotes", sign="-")  # an explicit sign overrides the type's
    (loop,) = feedback_loops(path_graph(study.p))
    assert (loop.sign, loop.kind) == (1, "R")


def test_loops_sharing_an_edge_are_both_found(study):
    ab = study.link("A", "B")
    study.link("B", "A", "negative feedback")
    study.link("B", "C")
    study.link("C", "A")
    loops = feedback_loops(path_graph(study.p))
    assert [len(loop.nodes) for loop in loops] == [2, 3]
    assert all(ab in loop.edges for loop in loops)
    assert [loop.kind for loop in loops] == ["B", "R"]


def test_parallel_edges_give_one_loop_each(study):
    first = study.link("A", "B", "promotes")
    second = study.link("A", "B", "supports")
    back = study.link("B", "A", "constrains")
    loops = feedback_loops(path_graph(study.p))
    assert [loop.edges for loop in loops] == [(first, back), (second, back)]
    assert {loop.kind for loop in loops} == {"B"}


def test_a_self_loop_is_a_loop_of_one(study):
    plus = study.link("C", "C", "positive feedback")
    minus = study.link("C", "C", "negative feedback")
    c = study.ids["C"]
    assert feedback_loops(path_graph(study.p)) == [Loop((c,), (plus,), 1, "R"),
                                                  Loop((c,), (minus,), -1, "B")]


def test_loops_start_at_the_smallest_element_and_sort_deterministically(study):
    study.link("C", "A")
    study.link("A", "B")
    study.link("B", "C")
    study.link("D", "C")
    study.link("C", "D")
    graph = path_graph(study.p)
    loops = feedback_loops(graph)
    assert loops == feedback_loops(graph)
    assert all(loop.nodes[0] == min(loop.nodes) for loop in loops)
    assert [loop.nodes for loop in loops] == [
        (study.ids["C"], study.ids["D"]), (study.ids["A"], study.ids["B"], study.ids["C"])]
    assert feedback_loops(graph, max_length=2) == loops[:1]


def test_the_graph_carries_names_colours_types_signs_and_evidence(study):
    study.p.elements.update(study.ids["A"], color="#112233")
    key = study.link("A", "B", "constrains", evidence=3, note="文件第3条", period="P1")
    study.link("B", "C", "promotes", sign="-")
    graph = path_graph(study.p)
    assert set(graph.nodes) == {study.ids[n] for n in "ABC"}  # D takes part in nothing
    assert graph.nodes[study.ids["A"]] == {"name": "A", "color": "#112233", "path": "A"}
    data = graph.get_edge_data(study.ids["A"], study.ids["B"])[key]
    assert data["id"] == key
    assert data["type"] == "制约"
    assert (data["sign"], data["line_style"], data["period"]) == (-1, "dashed", "P1")
    assert (data["evidence"], data["note"]) == (3, "文件第3条")
    (other,) = graph.get_edge_data(study.ids["B"], study.ids["C"]).values()
    assert (other["sign"], other["line_style"]) == (-1, "solid")
    assert study.ids["D"] in path_graph(study.p, include_isolated=True)


def test_a_period_graph_holds_that_period_only_and_undated_links_only_the_whole(study):
    early = study.link("A", "B", period="P1")
    late = study.link("B", "C", period="P2")
    undated = study.link("C", "A")
    keys = lambda g: sorted(k for _u, _v, k in g.edges(keys=True))  # noqa: E731
    assert keys(path_graph(study.p)) == sorted([early, late, undated])
    assert keys(path_graph(study.p, "P1")) == [early]
    assert set(path_graph(study.p, "P1").nodes) == {study.ids["A"], study.ids["B"]}
    assert keys(path_graph(study.p, "P2")) == [late]
    assert path_graph(study.p, "P2").graph["period"] == "P2"
    assert keys(path_graph(study.p, "P3")) == []
    with pytest.raises(NotFoundError):
        path_graph(study.p, "没有这个阶段")


def test_period_comparison_names_each_change(study):
    study.link("A", "B", period="P1", evidence=1)
    study.link("A", "B", period="P2", evidence=3)
    study.link("A", "B", period="P3", evidence=3)
    study.link("A", "B", period="P4", evidence=1)
    study.link("B", "C", "constrains", period="P2", evidence=2)
    study.link("C", "D")  # undated: in no period
    rows = period_comparison(study.p)
    first = [r for r in rows if r["from_name"] == "A"]
    assert [r["status"] for r in first] == ["appears", "strengthens", "steady", "weakens"]
    assert [r["evidence"] for r in first] == [1, 3, 3, 1]
    assert [r["period"] for r in first] == ["P1", "P2", "P3", "P4"]
    second = [r for r in rows if r["from_name"] == "B"]
    assert [r["status"] for r in second] == ["absent", "appears", "fades", "absent"]
    assert [r["present"] for r in second] == [False, True, False, False]
    assert [r["sign"] for r in second] == [None, -1, None, None]
    assert second[1]["type"] == "制约"
    assert not [r for r in rows if r["from_name"] == "C"]
    assert rows[:4] == first  # links are ordered by the period they first appear in


def test_period_comparison_pools_links_recorded_twice_in_one_period(study):
    study.link("A", "B", period="P1", evidence=2)
    study.link("A", "B", period="P1", evidence=3)  # codings 0–2: two are shared
    row = period_comparison(study.p)[0]
    assert (row["interactions"], row["evidence"], row["status"]) == (2, 3, "appears")


def test_period_comparison_without_periods_is_empty(tmp_path):
    with Project.create(tmp_path / "none.cwb", coder="bob") as p:
        a, b = p.elements.add("甲").id, p.elements.add("乙").id
        p.interactions.add(a, b, "promotes")
        assert period_comparison(p) == []
