"""The policy-instrument table: sub-tools × a second dimension, counted in clauses (a clause coded
twice counts once), with row/column totals, percentages and the structure by tool type."""
from __future__ import annotations

import pytest

from workbench.analysis.instrument_table import NO_VALUE, instrument_table
from workbench.core import Project

PLAN = """关于推进数字政府建设的实施方案
一、加强人才培养
（一）每年组织数字技能培训。
（二）设立专项资金支持平台建设。
二、完善制度
（一）将数据共享纳入绩效考核。
"""
LAW = """江临市政务数据管理办法
第一条 市财政安排专项资金。
第二条 通过政府购买服务引入第三方运维。
"""


@pytest.fixture
def coded(tmp_path):
    p = Project.create(tmp_path / "tools.cwb", title="政策工具", coder="me",
                       framework="policy-instruments")
    stage = p.elements.add("建设阶段")
    build = p.elements.add("平台建设", parent_id=stage.id)
    manage = p.elements.add("运行管理", parent_id=stage.id)
    el = {e.name: e.id for e in p.elements.list()}
    plan = p.sources.add(kind="text", title="方案", data=b"plan", text=PLAN, file_name="p.txt")
    law = p.sources.add(kind="text", title="办法", data=b"law", text=LAW, file_name="l.txt")
    p.sources.update(plan.id, date="2019-05-01")
    p.sources.update(law.id, date="2021-02-01")
    p.sources.set_attribute("效力级别", {plan.id: "地方规范性文件", law.id: "地方政府规章"})

    def code(source, text, fragment, element):
        start = text.index(fragment)
        return p.codings.code_text(source.id, start, start + len(fragment), el[element])

    code(plan, PLAN, "数字技能培训", "人才培养")
    code(plan, PLAN, "每年组织", "人才培养")          # same clause again: still one clause
    code(plan, PLAN, "数字技能培训", "平台建设")
    code(plan, PLAN, "设立专项资金", "资金投入")
    code(plan, PLAN, "支持平台建设", "平台建设")
    code(plan, PLAN, "纳入绩效考核", "法规管制")
    code(plan, PLAN, "纳入绩效考核", "运行管理")
    code(law, LAW, "安排专项资金", "资金投入")
    code(law, LAW, "政府购买服务", "服务外包")
    code(law, LAW, "引入第三方运维", "运行管理")
    yield p, el, build, manage
    p.close()


def _cell(table, row, column):
    return table.cells[table.row_labels.index(row)][table.column_labels.index(column)]


def test_instruments_by_an_element_dimension_count_clauses(coded):
    project, el, build, manage = coded
    table = instrument_table(project, y_root=el["建设阶段"])
    assert table.column_labels == ["平台建设", "运行管理"]
    assert _cell(table, "人才培养", "平台建设") == 1  # coded twice in one clause: one clause
    assert _cell(table, "资金投入", "平台建设") == 1
    assert _cell(table, "法规管制", "运行管理") == 1
    assert _cell(table, "服务外包", "运行管理") == 1
    assert _cell(table, "资金投入", "运行管理") == 0  # 第一条 and 第二条 are different clauses
    assert table.row_totals[table.row_labels.index("资金投入")] == 1
    assert table.total == 4
    structure = {g: (n, pct) for g, n, pct in table.structure()}
    assert structure["供给型政策工具"] == (2, 50.0)
    assert structure["需求型政策工具"] == (1, 25.0)
    assert table.groups[table.row_labels.index("服务外包")] == "需求型政策工具"


def test_instruments_by_year_and_by_issuing_level(coded):
    project, *_ = coded
    by_year = instrument_table(project, y_attribute="year")
    assert by_year.column_labels == ["2019", "2021"]
    assert _cell(by_year, "资金投入", "2019") == 1 and _cell(by_year, "资金投入", "2021") == 1
    assert by_year.column_totals == [3, 2]
    by_level = instrument_table(project, y_attribute="效力级别")
    assert _cell(by_level, "服务外包", "地方政府规章") == 1
    assert NO_VALUE not in by_level.column_labels
    percent = by_year.percent("total")
    assert sum(map(sum, percent)) == pytest.approx(100.0, abs=0.5)


def test_the_cli_prints_writes_and_refuses_in_sentences(coded, tmp_path):
    import json
    import os
    import subprocess
    import sys

    project, *_ = coded
    path = project.path
    project.close()
    env = dict(os.environ, LC_ALL="C", LANG="C")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "workbench", "instruments", str(path),
                               *args], capture_output=True, text=True, env=env, timeout=120)

    shown = run("--by-element", "建设阶段", "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["total"] == 4 and data["columns"] == ["平台建设", "运行管理"]
    sheet = tmp_path / "t.xlsx"
    assert run("--by", "year", "--out", str(sheet)).returncode == 0
    from openpyxl import load_workbook

    rows = list(load_workbook(sheet).active.values)
    assert rows[0][:4] == ("Tool type", "Policy instrument", "2019", "%")
    assert rows[-1][0] == "Total" and rows[-1][-2] == 5
    chart = tmp_path / "t.svg"
    assert run("--by", "效力级别", "--out", str(chart)).returncode == 0
    assert "地方政府规章" in chart.read_text(encoding="utf-8")
    missing = run("--by-element", "不存在")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
