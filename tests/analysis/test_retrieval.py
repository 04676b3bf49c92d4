"""Coded retrieval: each filter alone and in combination, context in code points (𠮷 is one code
point, two UTF-16 units), regions without context, no query per coding, and the coded-dataset
export limited to the retrieved codings."""
from __future__ import annotations

import csv

import pytest

from workbench.analysis.retrieval import retrieve
from workbench.core import Project, Rect
from workbench.exporters.dataset import export_dataset

TEXT_A = "甲乙丙𠮷丁戊己庚辛壬癸一网通办改革推进数据共享𠮷结束"
TEXT_B = "政务服务一网通办全面推行各部门协同共享数据"


@pytest.fixture
def study(tmp_path):
    p = Project.create(tmp_path / "r.cwb", coder="alice")
    p.coders.add("bob")
    parent = p.elements.add("技术赋能")
    child = p.elements.add("数据共享", parent_id=parent.id)
    org = p.elements.add("组织协同")
    a = p.sources.add(kind="text", title="新闻一", data=b"a", text=TEXT_A, date="2018-05-01",
                      source_type="新闻", cases=["江临市"])
    b = p.sources.add(kind="text", title="方案二", data=b"b", text=TEXT_B, date="2019-03",
                      source_type="政策", cases=["海滨市", "江临市"])
    c = p.sources.add(kind="text", title="无日期", data=b"c", text="数据共享", cases=["海滨市"])
    img = p.sources.add(kind="image", title="截图", data=b"png", media_type="image/png",
                        width=100, height=80, date="2019-06-01", cases=["海滨市"])
    p.periods.add("起步期", "2017", "2018")
    p.periods.add("深化期", "2019", "2020")
    ids = {
        "a_parent": p.codings.code_text(a.id, 11, 15, parent.id).id,   # 一网通办
        "a_child": p.codings.code_text(a.id, 19, 23, child.id, coder="bob").id,  # 数据共享
        "b_org": p.codings.code_text(b.id, 12, 16, org.id).id,
        "c_child": p.codings.code_text(c.id, 0, 4, child.id).id,
        "img_parent": p.codings.code_region(img.id, Rect(1, 2, 30, 40), parent.id).id,
    }
    p.ids = ids
    p.el = {"parent": parent.id, "child": child.id, "org": org.id}
    yield p
    p.close()


def _ids(rows):
    return {r.coding_id for r in rows}


def test_elements_with_and_without_descendants(study):
    i, el = study.ids, study.el
    assert _ids(retrieve(study)) == set(i.values())
    assert _ids(retrieve(study, element_ids=[el["parent"]])) == \
        {i["a_parent"], i["a_child"], i["c_child"], i["img_parent"]}
    assert _ids(retrieve(study, element_ids=[el["parent"]], include_descendants=False)) == \
        {i["a_parent"], i["img_parent"]}
    assert _ids(retrieve(study, element_ids=[el["child"], el["org"]])) == \
        {i["a_child"], i["c_child"], i["b_org"]}


def test_each_filter(study):
    i = study.ids
    assert _ids(retrieve(study, cases=["江临市"])) == {i["a_parent"], i["a_child"], i["b_org"]}
    assert _ids(retrieve(study, source_types=["政策"])) == {i["b_org"]}
    assert _ids(retrieve(study, periods=["起步期"])) == {i["a_parent"], i["a_child"]}
    assert _ids(retrieve(study, periods=["深化期"])) == {i["b_org"], i["img_parent"]}
    assert _ids(retrieve(study, date_from="2019")) == {i["b_org"], i["img_parent"]}
    assert _ids(retrieve(study, date_to="2019-03")) == {i["a_parent"], i["a_child"], i["b_org"]}
    assert _ids(retrieve(study, date_from="2018-05-02", date_to="2019-05")) == {i["b_org"]}
    assert _ids(retrieve(study, coders=["bob"])) == {i["a_child"]}
    assert retrieve(study, cases=["不存在"]) == []


def test_filters_combine(study):
    i, el = study.ids, study.el
    assert _ids(retrieve(study, element_ids=[el["parent"]], cases=["海滨市"])) == \
        {i["c_child"], i["img_parent"]}
    assert _ids(retrieve(study, element_ids=[el["parent"]], cases=["海滨市"],
                         date_from="2019")) == {i["img_parent"]}
    assert _ids(retrieve(study, cases=["江临市"], coders=["alice"], periods=["起步期"])) == \
        {i["a_parent"]}


def test_context_in_code_points_and_metadata(study):
    rows = {r.coding_id: r for r in retrieve(study, context=9)}
    a = rows[study.ids["a_parent"]]
    assert a.quote == "一网通办"
    assert a.left == "丙𠮷丁戊己庚辛壬癸" and len(a.left) == 9  # 𠮷 is one code point
    a = {r.coding_id: r for r in retrieve(study, context=5)}[study.ids["a_parent"]]
    assert a.left == "己庚辛壬癸" and a.right == "改革推进数"
    child = rows[study.ids["a_child"]]
    assert child.quote == "数据共享" and child.right == "𠮷结束"
    assert child.element == "技术赋能/数据共享" and child.coder == "bob"
    assert child.source_title == "新闻一" and child.date == "2018-05-01"
    assert child.source_type == "新闻" and child.period == "起步期" and child.cases == ("江临市",)
    region = rows[study.ids["img_parent"]]
    assert region.left == region.right == "" and region.rect is not None
    assert retrieve(study, context=0)[0].left == ""


def test_a_handful_of_queries(study, monkeypatch):
    calls = []
    for part, name in ((study.codings, "list"), (study.sources, "list"),
                       (study.codings, "get"), (study.sources, "text")):
        real = getattr(part, name)
        monkeypatch.setattr(part, name, lambda *a, _r=real, _n=name, **k:
                            calls.append(_n) or _r(*a, **k))
    retrieve(study)
    assert calls.count("list") == 2 and "get" not in calls and "text" not in calls


def test_the_texts_read_are_handed_on_and_not_read_again_for_clauses(study, monkeypatch):
    from workbench.analysis.clauses import ClauseIndex

    texts: dict[int, str] = {}
    rows = retrieve(study, texts=texts)
    assert sorted(texts.values()) == sorted([TEXT_A, TEXT_B, "数据共享"])
    read = []
    real = study.sources.text
    monkeypatch.setattr(study.sources, "text", lambda sid: read.append(sid) or real(sid))
    index = ClauseIndex(study, texts)
    assert {index.cite(r.source_id, r.start, r.end) for r in rows} == {""}
    assert read == []  # the image region has no span, so nothing is read at all
    assert retrieve(study, texts=texts, context=2)[0].left  # given texts are used as they are


def test_export_exactly_the_retrieved_codings(study, tmp_path):
    rows = retrieve(study, cases=["江临市"])
    path = export_dataset(study, tmp_path / "x.csv", codings=[r.coding_id for r in rows],
                          keys=True)
    with open(path, encoding="utf-8-sig") as handle:
        records = list(csv.DictReader(handle))
    assert [int(r["id"]) for r in records] == [r.coding_id for r in rows]
    assert {r["quote"] for r in records} == {"一网通办", "数据共享", TEXT_B[12:16]}


def _run(*args):
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_MESSAGES",
                                                             "WORKBENCH_DEBUG")}
    env.update(LC_ALL="C", LANG="C")
    proc = subprocess.run([sys.executable, "-m", "workbench", *map(str, args)],
                          capture_output=True, env=env, timeout=60)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def test_cli_retrieve_and_keywords(tmp_path):
    import json
    path = tmp_path / "cli.cwb"
    with Project.create(path, coder="alice") as p:
        parent = p.elements.add("技术赋能")
        child = p.elements.add("数据共享", parent_id=parent.id)
        a = p.sources.add(kind="text", title="新闻一", data=b"a", text=TEXT_A, date="2018-05-01",
                          source_type="新闻", cases=["江临市"])
        b = p.sources.add(kind="text", title="方案二", data=b"b", text=TEXT_B, date="2019-03",
                          source_type="政策", cases=["海滨市"])
        p.periods.add("起步期", "2017", "2018")
        p.codings.code_text(a.id, 11, 15, parent.id)
        p.codings.code_text(a.id, 19, 23, child.id)
        p.codings.code_text(b.id, 4, 8, child.id)
        source_id = a.id
    code, out, err = _run("retrieve", path, "--element", "技术赋能", "--case", "江临市",
                          "--period", "起步期", "--context", "3", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["quote"] for r in rows] == ["一网通办", "数据共享"]
    assert rows[0]["left"] == "辛壬癸" and rows[1]["right"] == "𠮷结束"
    code, out, err = _run("retrieve", path, "--element", "技术赋能/数据共享", "--from", "2019",
                          "--type", "政策", "--out", tmp_path / "o.json")
    assert code == 0, err
    assert "方案二" in out and "【一网通办】" in out and "Wrote 1 codings" in out
    assert [r["quote"] for r in json.loads((tmp_path / "o.json").read_text("utf-8"))] == \
        ["一网通办"]
    code, out, err = _run("retrieve", path, "--to", "2019/01")
    assert code != 0 and "YYYY" in err
    code, out, err = _run("keywords", path, "--source", source_id, "--top", "5", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert 0 < len(found) <= 5 and all(r["weight"] > 0 for r in found)
    code, out, err = _run("keywords", path, "--element", "数据共享", "--method", "textrank")
    assert code == 0, err
