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
