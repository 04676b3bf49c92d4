"""The coded dataset for SPSS/R/Excel: CSV, XLSX and JSON files read back and compared with the
project. ``build_study`` is also used by the Word report and CLI tests."""
from __future__ import annotations

import csv
import datetime
import json
import re
from pathlib import Path

import pytest

from helpers import png_bytes
from workbench.core import InvalidInputError, Project, Rect, TextBlock
from workbench.exporters import dataset
from workbench.exporters.dataset import export_dataset

# A quote with everything CSV has to escape: a comma, a double quote and a newline.
HARD = '他说："一网通办, 真方便"\n第二行'
NEWS = "江临市启动政务数据共享平台。" + HARD + "。部门协同明显加强。"
POLICY = "第一页：总则。\n第二页：建立跨部门协调机构，统一考核。"


def build_study(path: Path, language: str = "zh", second_coder: bool = False) -> Project:
    """Chinese elements, dated sources in two cases (one with PDF pages, one image), a coding of
    an image region, two periods and two interactions with evidence. Returned open."""
    p = Project.create(path, title="江临市智慧政府研究", language=language, coder="张三")
    p.update_info(research_question="技术与组织如何相互作用？")
    tech = p.elements.add("技术赋能", definition="数字技术的应用", inclusion="平台、系统",
                          exclusion="纯制度安排", example="建设共享平台").id
    share = p.elements.add("数据共享", parent_id=tech, definition="部门间交换数据").id
    org = p.elements.add("组织协同", definition="部门之间的协作").id
    p.elements.add("激励与问责")  # never coded: a row of zeros
    p.periods.add("起步期", "2015", "2017")
    p.periods.add("深化期", "2018", "2023")
    p.cases.add("江临市")
    p.cases.add("东湖区")
    news = p.sources.add(kind="text", title="新闻一", data=NEWS.encode(), text=NEWS,
                         date="2016-03-01", source_type="新闻报道", cases=["江临市"],
                         origin_url="http://example.cn/news/1").id
    pages = [TextBlock("page", 0, 6, level=1), TextBlock("page", 7, len(POLICY), level=2)]
    policy = p.sources.add(kind="text", title="实施意见", data=b"%PDF policy", text=POLICY,
                           blocks=pages, media_type="application/pdf", date="2019-05-10",
                           source_type="政策文件", cases=["江临市", "东湖区"]).id
    shot = p.sources.add(kind="image", title="门户截图", data=png_bytes(), width=120, height=80,
                         media_type="image/png", date="2020-01-01", source_type="网站截图",
                         cases=["东湖区"]).id
    start = NEWS.index(HARD)
    c1 = p.codings.code_text(news, 0, 13, share).id
    c2 = p.codings.code_text(news, start, start + len(HARD), org, memo="备忘, 有逗号").id
    page2 = POLICY.index("建立")
    c3 = p.codings.code_text(policy, page2, page2 + 8, org).id
    c4 = p.codings.code_region(shot, Rect(10, 20, 30, 40), tech).id
    if second_coder:
        p.codings.code_text(news, 0, 13, share, coder="李四")
    early, late = (x.id for x in p.periods.list())
    p.interactions.add(tech, org, "promotes", period_id=early, evidence=[c1, c2])
    p.interactions.add(org, tech, "positive feedback", period_id=late, evidence=[c3, c4])
    return p


@pytest.fixture
def study(tmp_path):
    p = build_study(tmp_path / "study.cwb")
    yield p
    p.close()


def _xlsx_rows(path: Path, sheet: int = 0) -> list[list]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [list(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]


def test_xlsx_codings_have_one_row_per_coding_equal_to_the_project(study, tmp_path):
    from openpyxl import load_workbook

    out = export_dataset(study, tmp_path / "codings.xlsx")
    rows = _xlsx_rows(out)
    assert rows[0][:6] == ["编号", "GUID", "要素", "要素路径", "资料编号", "资料标题"]
    codings = study.codings.list()
    assert len(rows) == 1 + len(codings)
    keys = [*dataset.CODING_KEYS, "case_2", "case_1"]  # cases in the project's (name) order
    assert rows[0][-2:] == ["案例：东湖区", "案例：江临市"]  # one 0/1 column per case
    by_id = {row[0]: dict(zip(keys, row)) for row in rows[1:]}
    for c in codings:
        row = by_id[c.id]
        source = study.sources.get(c.source_id)
        assert row["guid"] == c.guid and row["element"] == c.element_name
        assert row["source_title"] == source.title and row["source_type"] == source.source_type
        assert row["date"].date().isoformat() == source.date and row["coder"] == "张三"
        assert [row["case_1"], row["case_2"]] == [int(n in source.cases) for n in ("江临市", "东湖区")]
        assert isinstance(row["created"], datetime.datetime)  # dates are dates in Excel
        if c.rect:
            assert (row["x"], row["y"], row["width"], row["height"]) == (10, 20, 30, 40)
            assert row["quote"] is None and row["start"] is None
        else:
            assert row["quote"] == c.snippet and (row["start"], row["end"]) == (c.start, c.end)
    hard = next(r for r in by_id.values() if r["memo"])
    assert hard["quote"] == HARD and hard["memo"] == "备忘, 有逗号" and hard["period"] == "起步期"
    assert by_id[1]["element_path"] == "技术赋能/数据共享"
    assert by_id[1]["origin_url"] == "http://example.cn/news/1"
    policy = next(r for r in by_id.values() if r["source_title"] == "实施意见")
    # in two cases: still one row (one coding), with a 1 in each case's column
    assert policy["page"] == 2 and (policy["case_1"], policy["case_2"]) == (1, 1)
    assert policy["period"] == "深化期"
    sheet = load_workbook(out).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    from openpyxl.utils import get_column_letter

    quote = get_column_letter(dataset.CODING_KEYS.index("quote") + 1)
    assert sheet.column_dimensions[quote].width >= 20  # the quote column is wide
    assert load_workbook(out).sheetnames == ["编码", "编码手册"]


def test_csv_has_a_bom_and_a_hard_quote_round_trips(study, tmp_path):
    out = export_dataset(study, tmp_path / "codings.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + len(study.codings.list())
    quote = rows[0].index("引文")
    assert HARD in [row[quote] for row in rows[1:]]
    memo = rows[0].index("备忘")
    assert "备忘, 有逗号" in [row[memo] for row in rows[1:]]


def test_keys_give_english_headers_and_json_uses_keys(study, tmp_path):
    out = export_dataset(study, tmp_path / "codings.csv", keys=True)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == [*dataset.CODING_KEYS, "case_2", "case_1"]
    records = json.loads(export_dataset(study, tmp_path / "c.json").read_text("utf-8"))
    assert [r["id"] for r in records] == [c.id for c in study.codings.list()]
    region = next(r for r in records if r["x"] is not None)
    assert (region["x"], region["y"], region["width"], region["height"]) == (10, 20, 30, 40)
    hard = next(r for r in records if r["quote"] == HARD)
    assert (hard["case_1"], hard["case_2"]) == (1, 0)


def test_english_project_gets_english_headers(tmp_path):
    with build_study(tmp_path / "en.cwb", language="en") as p:
        rows = _xlsx_rows(export_dataset(p, tmp_path / "c.xlsx"))
    assert rows[0][:3] == ["id", "guid", "element"]


def test_case_matrix_counts_presence_and_codebook(study, tmp_path):
    out = export_dataset(study, tmp_path / "cases.xlsx", what="case-matrix")
    rows = _xlsx_rows(out)
    assert rows[0] == ["编号", "案例", "技术赋能", "数据共享", "组织协同", "激励与问责"]
    table = {row[1]: row[2:] for row in rows[1:]}
    # 技术赋能 is the parent of 数据共享: it counts its child's coding too (one rule everywhere)
    assert table["江临市"] == [1, 1, 2, 0]   # news: 数据共享 + 组织协同; policy: 组织协同
    assert table["东湖区"] == [1, 0, 1, 0]   # policy: 组织协同; image: 技术赋能
    codebook = _xlsx_rows(out, 1)
    assert codebook[0] == ["列名", "要素编号", "要素路径", "定义"]
    assert ["数据共享", 2, "技术赋能/数据共享", "部门间交换数据"] in codebook
    presence = _xlsx_rows(export_dataset(study, tmp_path / "p.xlsx", what="case-matrix",
                                         presence=True))
    assert {row[1]: row[2:] for row in presence[1:]}["江临市"] == [1, 1, 1, 0]


def test_source_matrix_as_csv(study, tmp_path):
    out = export_dataset(study, tmp_path / "sources.csv", what="source-matrix", keys=True,
                         attributes=True)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["source"] for r in rows] == ["新闻一", "实施意见", "门户截图"]
    # --keys: ASCII variable names for SPSS/R (elements as e<id>); attributes as columns
    assert list(rows[0])[:4] == ["id", "source", "source_type", "date"]
    assert rows[0]["e3"] == "1" and rows[1]["e3"] == "1" and rows[2]["e1"] == "1"
    assert rows[1]["date"] == "2019-05-10" and rows[1]["period"] == "深化期"
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) for name in rows[0])


def test_interactions_with_evidence_quotes(study, tmp_path):
    records = json.loads(export_dataset(study, tmp_path / "i.json",
                                        what="interactions").read_text("utf-8"))
    first, second = records
    assert (first["from"], first["to"], first["sign"], first["period"]) == \
        ("技术赋能", "组织协同", "+", "起步期")
    assert first["evidence_count"] == 2
    # JSON: the evidence is a list, each quote with its coding and source ids
    assert [e["quote"] for e in first["evidence"]] == [NEWS[:13], HARD]
    assert [e["source_id"] for e in first["evidence"]] == [1, 1]
    assert second["evidence"][1]["quote"] == "[10,20,30,40]"  # a region without text: its place
    assert second["evidence"][0]["page"] == 2
    rows = _xlsx_rows(export_dataset(study, tmp_path / "i.xlsx", what="interactions"))
    assert rows[0][:3] == ["编号", "作用方", "被作用方"] and len(rows) == 5  # one row per quote
    assert [r[7] for r in rows[1:]] == [ids for e in (first, second) for ids in
                                        (x["coding_id"] for x in e["evidence"])]


def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(study, tmp_path, monkeypatch):
    target = tmp_path / "codings.xlsx"
    target.write_bytes(b"old")

    def broken(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(_args[-1]))  # names the temporary
    monkeypatch.setattr(dataset, "write_xlsx", broken)
    with pytest.raises(InvalidInputError) as caught:  # one sentence naming the researcher's file
        export_dataset(study, target)
    assert str(caught.value).startswith("codings.xlsx could not be written (Permission denied)")
    assert ".incomplete-" not in str(caught.value)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codings.xlsx", "study.cwb"]


def test_unknown_format_and_missing_folder_are_one_sentence(study, tmp_path):
    with pytest.raises(InvalidInputError, match=r"\.csv, \.xlsx or \.json\.$"):
        export_dataset(study, tmp_path / "c.sav")
    with pytest.raises(InvalidInputError, match="does not exist"):
        export_dataset(study, tmp_path / "missing" / "c.csv")


def test_an_empty_project_exports_headers_only(tmp_path):
    with Project.create(tmp_path / "empty.cwb", title="新研究") as p:
        rows = _xlsx_rows(export_dataset(p, tmp_path / "c.xlsx"))
        matrix = _xlsx_rows(export_dataset(p, tmp_path / "m.xlsx", what="case-matrix"))
        links = json.loads(export_dataset(p, tmp_path / "i.json",
                                          what="interactions").read_text("utf-8"))
    assert rows == [[dataset.ZH.get(k, k) for k in dataset.CODING_KEYS]]
    assert matrix[0][:2] == ["编号", "案例"] and links == []


def test_a_coded_screenshot_line_exports_its_recognised_text_and_region(tmp_path):
    with Project.create(tmp_path / "shot.cwb", language="zh") as p:
        element = p.elements.add("服务供给").id
        shot = p.sources.add(kind="image", title="门户截图", data=png_bytes(), width=120,
                             height=80, media_type="image/png", date="2020-01-01").id
        lines = [{"kind": "ocr-line", "start": 0, "end": 4, "level": 1, "box": [5, 5, 60, 12]},
                 {"kind": "ocr-line", "start": 5, "end": 9, "level": 1, "box": [5, 30, 110, 14]}]
        p.sources.set_recognised_text(shot, "一网通办\n数据共享", lines)
        p.codings.code_text(shot, 5, 9, element)  # one coding: the line and its region
        p.codings.code_region(shot, Rect(0, 0, 100, 20), element)  # drawn around line one
        records = json.loads(export_dataset(p, tmp_path / "c.json").read_text("utf-8"))
    assert [(r["quote"], r["x"], r["y"], r["width"], r["height"]) for r in records] == [
        ("一网通办", 0, 0, 100, 20), ("数据共享", 5, 30, 110, 14)]
