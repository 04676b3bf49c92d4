"""The joint-issuance network: agencies merged by spelling, edges weighted by co-issued documents,
the agency table, a period filter, and the files for Gephi, Excel and the thesis."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from workbench.analysis.issuance_network import build_network, write_network
from workbench.core import Project

DOCUMENTS = [  # (agency field as typed, date)
    ("国家发展改革委、教育部、科技部", "2016-05-01"),
    ("国家发改委 教育部", "2017-03-01"),
    ("发改委", "2018-07-01"),
    ("教育部、人社部", "2021-02-01"),
    ("", "2021-05-01"),
]


@pytest.fixture
def corpus(tmp_path):
    p = Project.create(tmp_path / "policy.cwb", title="政策", coder="me")
    for number, (agency, date) in enumerate(DOCUMENTS):
        source = p.sources.add(kind="text", title=f"文件{number}", data=f"{number}".encode(),
                               text=f"政策文件{number}", file_name=f"{number}.txt")
        p.sources.update(source.id, agency=agency, date=date)
    p.periods.add("十三五", "2016", "2020")
    yield p
    p.close()


def test_spellings_are_merged_and_co_issued_documents_weigh_the_edges(corpus):
    network = build_network(corpus)
    ndrc = "国家发展和改革委员会"  # 国家发展改革委, 国家发改委 and 发改委 are one agency
    assert network.documents == {ndrc: 3, "教育部": 3, "科学技术部": 1,
                                 "人力资源和社会保障部": 1}
    assert network.edges[tuple(sorted((ndrc, "教育部")))] == 2
    table = {row.agency: row for row in network.table()}
    assert table[ndrc].joint_documents == 2 and table[ndrc].partners == 2
    assert table["教育部"].partners == 3 and table["教育部"].weighted_degree == 4
    assert table["教育部"].betweenness > table[ndrc].betweenness
    names, cells = network.matrix()
    i, j = names.index(ndrc), names.index("教育部")
    assert cells[i][j] == cells[j][i] == 2 and cells[i][i] == 3


def test_the_researchers_own_list_and_the_period_filter(corpus):
    corpus.agencies.set_alias("人社部", "人力资源社会保障部")  # the project's choice comes first
    assert "人力资源社会保障部" in build_network(corpus).documents
    corpus.undo()
    assert "人力资源和社会保障部" in build_network(corpus).documents
    in_period = build_network(corpus, period="十三五")
    assert "人力资源和社会保障部" not in in_period.documents  # dated 2021


def test_files_for_gephi_and_excel(corpus, tmp_path):
    network = build_network(corpus)
    gexf = write_network(network, tmp_path / "n.gexf")
    root = ET.parse(gexf).getroot()
    labels = {n.get("label") for n in root.iter() if n.tag.endswith("node")}
    assert "教育部" in labels
    graphml = write_network(network, tmp_path / "n.graphml")
    assert "科学技术部" in graphml.read_text(encoding="utf-8")
    from openpyxl import load_workbook

    book = load_workbook(write_network(network, tmp_path / "n.xlsx"))
    assert book.sheetnames[1] == "Adjacency matrix"
    assert book.worksheets[0].cell(2, 1).value in ("国家发展和改革委员会", "教育部")


def test_the_cli_table_figure_and_aliases(corpus, tmp_path):
    path = corpus.path
    corpus.close()
    env = dict(os.environ, LC_ALL="C", LANG="C")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "workbench", "agencies", str(path), *args],
                              capture_output=True, text=True, env=env, timeout=120)

    shown = run("--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)[0]["documents"] == 3
    figure = tmp_path / "net.svg"
    drawn = run("--out", str(figure))
    assert drawn.returncode == 0, drawn.stderr
    assert "教育部" in figure.read_text(encoding="utf-8")  # text kept as text, Chinese intact
    merged = run("--alias", "教育部=中华人民共和国教育部", "--json")
    assert any(r["agency"] == "中华人民共和国教育部" for r in json.loads(merged.stdout))
    bad = run("--alias", "nothing")
    assert bad.returncode == 1 and "SHORT=FULL" in bad.stderr and "Traceback" not in bad.stderr
    wrong = run("--out", str(tmp_path / "n.doc"))
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
