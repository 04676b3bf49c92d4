"""GraphML and GEXF files of the path graph read back with networkx, names and attributes kept."""
import networkx as nx
import pytest

from workbench.analysis.paths import path_graph
from workbench.core import InvalidInputError, Project
from workbench.exchange.graphs import export_graph


@pytest.fixture
def graph(tmp_path):
    with Project.create(tmp_path / "g.cwb", coder="alice") as p:
        tech = p.elements.add("技术赋能", color="#4E79A7").id
        org = p.elements.add("组织协同", color="#F28E2B").id
        period = p.periods.add("起步期", "2012", "2015").id
        source = p.sources.add(kind="text", title="新闻", data=b"x" * 20, text="x" * 20)
        coding = p.codings.code_text(source.id, 0, 4, tech).id
        p.interactions.add(tech, org, "promotes", period_id=period, evidence=[coding],
                           note="见文件")
        p.interactions.add(org, tech, "negative feedback")  # undated: period None
        p.interactions.add(tech, org, "supports")  # parallel to the first
        yield path_graph(p), tech, org


def _edges(read):
    return sorted((d["interaction_type"], d["sign"], d["period"], d["evidence"])
                  for _u, _v, d in read.edges(data=True))


EXPECTED = sorted([("促进", 1, "起步期", 1), ("负反馈", -1, "", 0), ("支撑", 1, "", 0)])


def test_graphml_keeps_names_colours_and_edge_attributes(graph, tmp_path):
    g, tech, org = graph
    target = export_graph(g, tmp_path / "path.graphml", positions={tech: (0, 0), org: (2, 1)})
    read = nx.read_graphml(target, node_type=int)
    assert read.is_directed() and read.is_multigraph()
    assert read.nodes[tech]["label"] == "技术赋能"
    assert read.nodes[org]["color"] == "#F28E2B"
    assert (read.nodes[org]["x"], read.nodes[org]["y"]) == (2.0, 1.0)
    assert _edges(read) == EXPECTED
    assert read.number_of_edges(tech, org) == 2
    assert {d["note"] for _u, _v, d in read.edges(data=True)} == {"见文件", ""}


def test_gexf_keeps_labels_and_gephi_colours(graph, tmp_path):
    g, tech, org = graph
    target = export_graph(g, tmp_path / "path.gexf")
    read = nx.read_gexf(target, node_type=int)
    assert read.nodes[tech]["label"] == "技术赋能"
    assert read.nodes[tech]["viz"]["color"] == {"r": 0x4E, "g": 0x79, "b": 0xA7, "a": 1.0}
    assert _edges(read) == EXPECTED
    assert {d["label"] for _u, _v, d in read.edges(data=True)} == {"促进", "负反馈", "支撑"}
    assert sorted(int(d["id"]) for _u, _v, d in read.edges(data=True)) == sorted(
        k for _u, _v, k in g.edges(keys=True))


def test_an_unknown_suffix_is_a_clear_error(graph, tmp_path):
    with pytest.raises(InvalidInputError, match="path.dot"):
        export_graph(graph[0], tmp_path / "path.dot")
