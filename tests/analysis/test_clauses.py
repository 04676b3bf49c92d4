"""The clause tree of a policy document: laws (章/节/条/款/项) and notices (一、（一）1.（1）),
spans in code points (𠮷 counts one), citations and clause codes."""
from __future__ import annotations

from workbench.analysis.clauses import (chinese_number, citation, clause_code, clause_tree,
                                        units_at)

LAW = """江临市政务数据共享管理办法
第一章 总则
第一条 为了推进政务数据共享，制定本办法。
第二条 本办法适用于本市行政机关。
政务数据共享应当遵循统一标准。
第二章 共享管理
第三条 市大数据局负责下列工作：
（一）编制共享目录；
（二）建设共享平台；
（三）组织考核评估。
第四条 各部门应当按照目录提供数据。
附件：共享目录（略）
"""

NOTICE = """关于推进一网通办的实施方案
一、总体要求
（一）指导思想。以人民为中心。
（二）工作目标。到2025年全面建成。
二、主要任务
（一）建设共享平台。
1．统一接口。𠮷野家的做法值得借鉴。
2．统一标准。
（1）数据标准；
（2）接口标准。
三、保障措施
"""


def _find(roots, mark_text):
    for root in roots:
        for unit in root.walk():
            if unit.mark == mark_text:
                return unit
    raise AssertionError(mark_text)


def test_a_law_is_read_as_chapters_articles_paragraphs_and_items():
    roots = clause_tree(LAW)
    assert [u.kind for u in roots] == ["chapter", "chapter", "attachment"]
    chapter_one = roots[0]
    assert [u.mark for u in chapter_one.children] == ["第一条", "第二条"]
    second = chapter_one.children[1]
    assert [u.number for u in second.children] == [1, 2]  # two 款
    assert LAW[second.children[1].start:].startswith("政务数据共享应当")
    third = roots[1].children[0]
    assert [u.mark for u in third.children] == ["（一）", "（二）", "（三）"]
    item = third.children[2]
    assert citation(item) == "第二章第三条第（三）项"
    assert clause_code(12, third) == "12-2-3"
    assert clause_code(12, item, ("chapter", "article")) == "12-2-3"
    start = LAW.index("政务数据共享应当")
    assert [citation(u) for u in units_at(roots, start, start + 4)] == ["第一章第二条第二款"]
    assert not _find(roots, "第一条").children  # one paragraph: no 款 to cite


def test_a_notice_is_read_as_nested_enumerations_with_code_point_spans():
    roots = clause_tree(NOTICE)
    assert [u.mark for u in roots] == ["一、", "二、", "三、"]
    task = roots[1].children[0]
    assert [u.mark for u in task.children] == ["1．", "2．"]
    standard = task.children[1]
    assert [u.mark for u in standard.children] == ["（1）", "（2）"]
    assert citation(standard.children[1]) == "二（一）2（2）"
    after = NOTICE.index("值得借鉴")  # after 𠮷: code points, as codings count
    unit = units_at(roots, after, after + 4)[0]
    assert citation(unit) == "二（一）1"
    assert NOTICE[unit.start:unit.end].startswith("1．统一接口")
    assert clause_code(3, unit) == "3-2-1-1"


def test_marks_start_lines_after_every_line_break_and_only_there():
    # Every line break str.splitlines knows, and an indent of full-width spaces on the first line
    for text in ("\u3000第一条 总则。\n第二条 适用。", "序言\r第一条 总则。\r第二条 适用。",
                 "序言\u2028第一条 总则。\u2029第二条 适用。", "序言\x85第一条 总则。\x0c第二条 适用。"):
        assert [u.mark for u in clause_tree(text)] == ["第一条", "第二条"], repr(text)
    # Marks inside a line, and lines starting like no mark, are no clauses
    assert clause_tree("依照本法第一条、第二条的规定，（一）项不适用。\n政府部门之间的协同治理。") == []
    assert clause_tree("") == [] and clause_tree("\n\n") == []


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("一", "十", "十二", "二十", "一百零五", "7", "③", "x")] == \
        [1, 10, 12, 20, 105, 7, 3, 0]


def test_auto_coding_can_take_the_whole_clause_around_a_keyword(tmp_path):
    from workbench.analysis.autocode import propose
    from workbench.core import Project

    with Project.create(tmp_path / "p.cwb", title="条款") as project:
        project.sources.add(kind="text", title="办法", data=b"law", text=LAW, file_name="l.txt")
        proposals = propose(project, keywords=["共享平台"], unit="clause")
        assert [p.text.split("；")[0] for p in proposals] == ["（二）建设共享平台"]
        articles = propose(project, keywords=["统一标准"], unit="clause")
        assert articles[0].text == "政务数据共享应当遵循统一标准。"  # the 款 it lies in


def test_the_cli_lists_each_codings_clause(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from workbench.core import Project

    with Project.create(tmp_path / "p.cwb", title="条款") as project:
        source = project.sources.add(kind="text", title="办法", data=b"law", text=LAW,
                                     file_name="l.txt")
        element = project.elements.add("规划")
        start = LAW.index("建设共享平台")
        project.codings.code_text(source.id, start, start + 6, element.id)
    listed = subprocess.run([sys.executable, "-m", "workbench", "codings",
                             str(tmp_path / "p.cwb"), "--json"], capture_output=True, text=True,
                            env=dict(os.environ, LC_ALL="C"), timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)[0]["clause"] == "第二章第三条第（二）项"


def test_the_coded_dataset_and_the_report_cite_the_clause(tmp_path):
    from workbench.core import Project
    from workbench.exporters import dataset
    from workbench.exporters.report.evidence import Places

    with Project.create(tmp_path / "p.cwb", title="条款") as project:
        source = project.sources.add(kind="text", title="办法", data=b"law", text=LAW,
                                     file_name="l.txt")
        element = project.elements.add("规划")
        start = LAW.index("组织考核评估")
        project.codings.code_text(source.id, start, start + 6, element.id)
        table = dataset.coding_table(project, language="en")
        row = dict(zip(table.keys, table.rows[0]))
        assert row["clause"] == "第二章第三条第（三）项"
        assert Places(project).clause(source.id, start, start + 6) == "第二章第三条第（三）项"


def test_clause_codes_in_the_coded_dataset_with_the_levels_chosen(tmp_path):
    import csv
    import os
    import subprocess
    import sys

    from workbench.core import Project
    from workbench.exporters import dataset

    with Project.create(tmp_path / "p.cwb", title="条款") as project:
        project.sources.add(kind="text", title="其他", data=b"x", text="无条款的文字。",
                            file_name="x.txt")
        source = project.sources.add(kind="text", title="办法", data=b"law", text=LAW,
                                     file_name="l.txt")
        element = project.elements.add("规划")
        start = LAW.index("组织考核评估")
        project.codings.code_text(source.id, start, start + 6, element.id)
        rows = dataset.coding_table(project, language="en")
        row = dict(zip(rows.keys, rows.rows[0]))
        assert row["clause_code"] == "2-2-3-3"  # source S2, chapter 2, article 3, item (三)
        chosen = dataset.coding_table(project, language="en",
                                      clause_levels=("chapter", "article"))
        assert dict(zip(chosen.keys, chosen.rows[0]))["clause_code"] == "2-2-3"
    out = tmp_path / "codings.csv"
    done = subprocess.run([sys.executable, "-m", "workbench", "export", str(tmp_path / "p.cwb"),
                           "--out", str(out), "--clause-levels", "chapter,article"],
                          capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"),
                          timeout=60)
    assert done.returncode == 0, done.stderr
    with open(out, encoding="utf-8-sig") as handle:
        records = list(csv.reader(handle))
    assert "2-2-3" in records[1]
    bad = subprocess.run([sys.executable, "-m", "workbench", "export", str(tmp_path / "p.cwb"),
                          "--out", str(out), "--clause-levels", "chapter,clause"],
                         capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"),
                         timeout=60)
    assert bad.returncode == 2 and "not a clause level" in bad.stderr


def test_frequency_tables_can_count_clauses(tmp_path):
    from workbench.analysis.tables import frequency
    from workbench.core import Project

    with Project.create(tmp_path / "p.cwb", title="条款") as project:
        source = project.sources.add(kind="text", title="办法", data=b"law", text=LAW,
                                     file_name="l.txt", source_type="policy")
        element = project.elements.add("规划")
        for fragment in ("编制共享目录", "编制", "建设共享平台"):  # two passages of one item
            start = LAW.index(fragment)
            project.codings.code_text(source.id, start, start + len(fragment), element.id)
        codings = frequency(project, by="type", unit="codings")
        clauses = frequency(project, by="type", unit="clauses")
        assert codings.total == 3 and clauses.total == 2  # （一） and （二）
        assert len(clauses.details[(0, 0)]) == 3  # the codings behind the cell


def test_retrieval_cites_and_counts_clauses(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from workbench.core import Project

    with Project.create(tmp_path / "p.cwb", title="条款") as project:
        source = project.sources.add(kind="text", title="办法", data=b"law", text=LAW,
                                     file_name="l.txt")
        element = project.elements.add("规划")
        for fragment in ("编制共享目录", "编制", "建设共享平台"):
            start = LAW.index(fragment)
            project.codings.code_text(source.id, start, start + len(fragment), element.id)

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "workbench", "retrieve",
                               str(tmp_path / "p.cwb"), *extra], capture_output=True,
                              text=True, env=dict(os.environ, LC_ALL="C"), timeout=60)

    rows = json.loads(run("--json").stdout)
    assert sorted(r["clause"] for r in rows) == ["第二章第三条第（一）项"] * 2 + \
        ["第二章第三条第（二）项"]
    assert "3 coded passages in 2 clauses." in run().stdout
