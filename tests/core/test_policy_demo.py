"""The policy-instruments demo: six fictional policy documents coded clause by clause, from which
the instrument × goal table, the yearly structure and the joint-issuance network come out."""
from __future__ import annotations

import pytest

from workbench import demo
from workbench.analysis.instrument_table import instrument_table
from workbench.analysis.issuance_network import build_network


@pytest.fixture(scope="module")
def policy_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("policy") / "policy.cwb"
    project = demo.build_demo(path, "zh", demo.demo_folder("policy"))
    yield project
    project.close()


def test_the_policy_demo_shows_the_whole_method(policy_demo):
    sources = policy_demo.sources.list()
    assert len(sources) == 6 and all(s.document_number for s in sources)
    assert all(s.metadata.get("policy", {}).get("document_number") == s.document_number
               for s in sources)  # what the importer recognised agrees with the manifest
    goals = policy_demo.elements.find("政策目标").id
    table = instrument_table(policy_demo, y_root=goals)
    assert table.column_labels == ["数据共享", "一网通办", "人才队伍", "数据安全"]
    assert table.total > 20 and all(total for total in table.column_totals)
    assert {group for group, count, _ in table.structure() if count} == \
        {"供给型政策工具", "环境型政策工具", "需求型政策工具"}
    years = instrument_table(policy_demo, y_attribute="year")
    assert years.column_labels == ["2017", "2018", "2019", "2020", "2021", "2022"]
    network = build_network(policy_demo)
    top = network.table()[0]
    assert top.agency == "江临市大数据局" and top.partners == 4


def test_the_policy_demo_is_kept_apart_from_the_case_demo(tmp_path, monkeypatch):
    monkeypatch.setenv(demo.DATA_DIR_ENV, str(tmp_path))
    path = demo.ensure_demo(kind="policy")
    assert path == demo.demo_path("policy") and path != demo.demo_path()
    assert path.is_file() and not demo.demo_path().exists()


def test_the_report_of_a_policy_corpus_has_its_instrument_and_agency_tables(policy_demo,
                                                                            tmp_path):
    import docx

    from workbench.exporters.report import write_report

    path = write_report(policy_demo, tmp_path / "政策.docx")
    doc = docx.Document(path)
    texts = [p.text for p in doc.paragraphs]
    assert "政策工具分析" in texts
    captions = [t for t in texts if "政策工具 ×" in t or "发文机关联合发文情况" in t]
    assert any("政策目标 分布（条款数）" in c for c in captions)
    assert any("发文机关联合发文情况" in c for c in captions)
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    goals = [t for t in tables if t[0][:3] == ["工具类型", "政策工具", "数据共享"]]
    assert goals[-1][-1][0] == "合计" and goals[-1][-1][-1] == "100.0"  # (after any 续表)
    agencies = next(t for t in tables if t[0][0] == "发文机关")
    assert agencies[1][0] == "江临市大数据局"


def test_a_report_without_policy_instruments_has_no_such_section(tmp_path):
    import docx

    from workbench.core import Project
    from workbench.exporters.report import write_report

    with Project.create(tmp_path / "p.cwb", title="无政策", framework="toe") as project:
        path = write_report(project, tmp_path / "r.docx")
    assert "政策工具分析" not in [p.text for p in docx.Document(path).paragraphs]
