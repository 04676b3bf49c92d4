"""periods (list, add, remove), diagram (figures, graph files, by period, saved layout), loops."""
from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import assert_one_sentence_error, run

from workbench.core import Project

ELEMENTS = ("服务供给", "组织协同", "数字技术")
EARLY, LATE = "起步期", "深化期/2018"  # the “/” must not reach a file name


@pytest.fixture
def study(tmp_path: Path) -> dict:
    """Three elements, two dated text sources with codings, two periods, and interactions that
    form one reinforcing loop (early) and one balancing loop (late)."""
    path = tmp_path / "paths.cwb"
    with Project.create(path, title="路径研究", language="zh", coder="张三") as p:
        service, org, tech = (p.elements.add(name).id for name in ELEMENTS)
        text = "政务服务供给推动组织协同。组织协同反过来提升服务。数字技术受组织协同推动，又制约协同。"
        first = p.sources.add(kind="text", title="新闻一", data=text.encode(), text=text,
                              date="2016-05-01")
        p.sources.add(kind="text", title="新闻二", data=b"second", text="第二篇报道。",
                      date="2019-03-01")
        codings = [p.codings.code_text(first.id, i, i + 4, service).id for i in range(0, 40, 6)]
        p.periods.add(EARLY, "2015", "2017")
        p.periods.add(LATE, "2018", "2020")
        early, late = (x.id for x in p.periods.list())
        ids = {
            "promotes": p.interactions.add(service, org, "促进", period_id=early,
                                           evidence=codings[:2]).id,
            "feedback": p.interactions.add(org, service, "正反馈", period_id=early,
                                           evidence=codings[2:3]).id,
            "org_tech": p.interactions.add(org, tech, "促进", period_id=late,
                                           evidence=codings[3:5]).id,
            "constrains": p.interactions.add(tech, org, "制约", period_id=late,
                                             evidence=codings[5:6]).id,
        }
        elements = {"service": service, "org": org, "tech": tech}
    return {"path": path, "interactions": ids, "elements": elements, "tmp": tmp_path}


def test_periods_list_add_remove(study):
    path = study["path"]
    rows = run("periods", path, "--json").json()
    assert [(r["name"], r["start"], r["end"], r["interactions"], r["sources"]) for r in rows] == [
        (EARLY, "2015", "2017", 2, 1), (LATE, "2018", "2020", 2, 1)]
    human = run("periods", path)
    assert human.code == 0 and EARLY in human.out and "Interactions" in human.out

    added = run("periods", path, "add", "巩固期", "--start", "2021-01-01", "--end", "2023-12-31",
                "--coder", "李四", "--json")
    assert added.code == 0, added.err
    assert (added.json()["name"], added.json()["start"]) == ("巩固期", "2021-01-01")
    assert_one_sentence_error(run("periods", path, "add", "巩固期"), "巩固期")
    assert_one_sentence_error(run("periods", path, "add", "倒序期", "--start", "2020",
                                  "--end", "2019"), "2019")
    bad_date = run("periods", path, "add", "X", "--start", "2020年")
    assert bad_date.code == 2 and "Traceback" not in bad_date.err

    removed = run("periods", path, "remove", LATE)
    assert removed.code == 0 and "2" in removed.out, removed.err
    assert [r["name"] for r in run("periods", path, "--json").json()] == [EARLY, "巩固期"]
    assert_one_sentence_error(run("periods", path, "remove", "没有的阶段"), "没有的阶段")
    with Project.open(path, read_only=True) as p:  # its interactions are kept, undated
        assert len(p.interactions.list()) == 4
        assert sum(1 for i in p.interactions.list() if i.period is None) == 2


def test_diagram_figures(study):
    from PIL import Image, ImageStat

    path, tmp = study["path"], study["tmp"]
    png = run("diagram", path, "--out", tmp / "whole.png", "--title", "图1 整体路径")
    assert png.code == 0, png.err
    assert png.out.strip() == str(tmp / "whole.png")
    with Image.open(tmp / "whole.png") as image:
        assert ImageStat.Stat(image.convert("L")).var[0] > 200  # not a blank page

    svg = run("diagram", path, "--out", tmp / "early.svg", "--period", EARLY,
              "--layout", "circular", "--json")
    assert svg.json() == {"written": [str(tmp / "early.svg")]}
    text = (tmp / "early.svg").read_text(encoding="utf-8")
    assert "服务供给" in text and "组织协同" in text
    assert "数字技术" not in text  # only in the late period

    pdf = run("diagram", path, "--out", tmp / "sheet.pdf", "--by-period")
    assert pdf.code == 0, pdf.err
    assert pdf.out.splitlines() == [str(tmp / "sheet.pdf")]  # one sheet for all periods
    assert (tmp / "sheet.pdf").read_bytes().startswith(b"%PDF")


def test_diagram_graph_files_and_errors(study):
    import networkx as nx

    path, tmp, ids = study["path"], study["tmp"], study["interactions"]
    assert run("diagram", path, "--out", tmp / "whole.graphml", "--layout", "force").code == 0
    graph = nx.read_graphml(tmp / "whole.graphml")
    assert sorted(d["name"] for _n, d in graph.nodes(data=True)) == sorted(ELEMENTS)
    assert graph.number_of_edges() == 4
    assert run("diagram", path, "--out", tmp / "late.gexf", "--period", LATE).code == 0
    late = nx.read_gexf(tmp / "late.gexf")
    assert sorted(d["label"] for _n, d in late.nodes(data=True)) == ["数字技术", "组织协同"]
    assert {d["id"] for _u, _v, d in late.edges(data=True)} == \
        {str(ids["org_tech"]), str(ids["constrains"])}

    split = run("diagram", path, "--out", tmp / "stage.graphml", "--by-period", "--json")
    assert split.code == 0, split.err
    expected = [tmp / "stage-起步期.graphml", tmp / "stage-深化期_2018.graphml"]
    assert split.json() == {"written": [str(f) for f in expected]}
    assert [nx.read_graphml(f).number_of_edges() for f in expected] == [2, 2]
    assert not (tmp / "stage.graphml").exists()

    assert_one_sentence_error(run("diagram", path, "--out", tmp / "x.png", "--period", "没有"),
                              "没有")
    assert_one_sentence_error(run("diagram", path, "--out", tmp / "x.jpg"), "x.jpg")
    assert_one_sentence_error(run("diagram", path, "--out", tmp / "missing" / "x.svg"),
                              "missing")
    both = run("diagram", path, "--out", tmp / "x.png", "--period", EARLY, "--by-period")
    assert both.code == 2 and "Traceback" not in both.err
    assert not (tmp / "x.png").exists() and not (tmp / "x.jpg").exists()


def test_diagram_uses_the_saved_layout(study):
    import networkx as nx

    path, tmp, elements = study["path"], study["tmp"], study["elements"]
    with Project.open(path) as p:
        p.diagrams.save_positions({elements["service"]: (5.0, -2.0),
                                   elements["org"]: (1.5, 3.0)})  # 数字技术 left to the layout
    assert run("diagram", path, "--out", tmp / "saved.graphml").code == 0
    nodes = {d["name"]: (d["x"], d["y"]) for _n, d in
             nx.read_graphml(tmp / "saved.graphml").nodes(data=True)}
    assert nodes["服务供给"] == (5.0, -2.0) and nodes["组织协同"] == (1.5, 3.0)
    assert nodes["数字技术"] not in ((5.0, -2.0), (1.5, 3.0))

    layered = run("diagram", path, "--out", tmp / "layered.graphml", "--layout", "layered")
    assert layered.code == 0
    auto = {d["name"]: (d["x"], d["y"]) for _n, d in
            nx.read_graphml(tmp / "layered.graphml").nodes(data=True)}
    assert auto["服务供给"] != (5.0, -2.0)


def test_loops(study):
    path, ids = study["path"], study["interactions"]
    loops = run("loops", path, "--json").json()
    assert sorted(loop["kind"] for loop in loops) == ["B", "R"]
    reinforcing = next(loop for loop in loops if loop["kind"] == "R")
    assert reinforcing == {"kind": "R", "sign": "+", "nodes": ["服务供给", "组织协同"],
                           "edges": [ids["promotes"], ids["feedback"]]}
    balancing = next(loop for loop in loops if loop["kind"] == "B")
    assert balancing["sign"] == "-" and set(balancing["nodes"]) == {"组织协同", "数字技术"}
    assert [loop["kind"] for loop in run("loops", path, "--period", EARLY, "--json").json()] \
        == ["R"]

    human = run("loops", path)
    assert "R  服务供给 —促进→ 组织协同 —正反馈→ 服务供给" in human.out.splitlines()
    assert any(line.startswith("B  ") and "—制约→" in line for line in human.out.splitlines())
    assert_one_sentence_error(run("loops", path, "--period", "没有"), "没有")
