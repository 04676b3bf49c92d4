"""`workbench export` and `workbench report`: the real entry point in a subprocess, the files
read back, errors as one sentence and no half-written file left behind."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from cli_helpers import run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exporters"))
from test_dataset_export import HARD, build_study  # noqa: E402


@pytest.fixture
def study(tmp_path) -> Path:
    path = tmp_path / "研究.cwb"
    build_study(path).close()
    return path


def test_export_csv_prints_the_path_and_writes_the_codings(study, tmp_path):
    out = tmp_path / "编码.csv"
    result = run("export", study, "--format", "csv", "--out", out)
    assert result.code == 0, result.err
    assert result.out.strip() == str(out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4 and HARD in [r["引文"] for r in rows]


def test_export_matrix_xlsx_with_keys_and_presence(study, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "cases.xlsx"
    result = run("export", study, "--out", out, "--what", "case-matrix", "--presence", "--keys",
                 "--json")
    assert result.code == 0, result.err
    assert result.json() == {"written": [str(out)]}
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    # --keys: variable names SPSS and R accept; the second sheet says which element each is
    assert rows[0] == ("id", "case", "e1", "e2", "e3", "e4")
    codebook = list(load_workbook(out).worksheets[1].iter_rows(values_only=True))
    assert [r[0] for r in codebook[1:]] == ["e1", "e2", "e3", "e4"]
    assert codebook[2][2] == "技术赋能/数据共享"
    # the parent counts its child
    assert {row[1]: row[2:] for row in rows[1:]}["江临市"] == (1, 1, 1, 0)


def test_export_interactions_json(study, tmp_path):
    out = tmp_path / "links.json"
    result = run("export", study, "--out", out, "--what", "interactions")
    assert result.code == 0, result.err
    import json

    records = json.loads(out.read_text("utf-8"))
    assert [r["evidence_count"] for r in records] == [2, 2]


def test_report_for_chapter_4_without_title_page(study, tmp_path):
    import docx

    out = tmp_path / "第4章.docx"
    result = run("report", study, "--out", out, "--chapter", "4", "--heading-offset", "1",
                 "--no-title-page", "--toc", "--page-numbers", "--sections",
                 "study,frequencies,references")
    assert result.code == 0, result.err
    document = docx.Document(str(out))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == \
        ["4.1 研究概况", "4.2 编码频次", "4.3 参考文献"]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("表4-")  # then the SEQ field holding 1
    assert "SEQ 表" in document.element.xml
    assert "TOC" in document.element.xml and "PAGE" in document.sections[0].footer._element.xml
    bad = run("report", study, "--out", out, "--chapter", "0")
    assert bad.code != 0 and "1 to 99" in bad.err


def test_report_writes_a_docx(study, tmp_path):
    import docx

    out = tmp_path / "报告.docx"
    result = run("report", study, "--out", out, "--lang", "en",
                 "--sections", "study,codebook")
    assert result.code == 0, result.err
    assert result.out.strip() == str(out)
    document = docx.Document(str(out))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == \
        ["The study", "Codebook"]


@pytest.mark.parametrize("args, message", [
    (("export", "{p}", "--out", "{d}/x.sav"), "cannot be written"),
    (("export", "{p}", "--out", "{d}/missing/x.csv"), "does not exist"),
    (("export", "{p}", "--out", "{d}/x.csv", "--presence"), "--presence applies only"),
    (("report", "{p}", "--out", "{d}/x.pdf"), "Word file (.docx)"),
    (("report", "{p}", "--out", "{d}/x.docx", "--sections", "study,appendix"),
     "not a section"),
    (("export", "{d}/none.cwb", "--out", "{d}/x.csv"), "no project file"),
])
def test_errors_are_one_sentence_and_leave_no_file(study, tmp_path, args, message):
    before = set(tmp_path.iterdir())
    result = run(*(a.format(p=study, d=tmp_path) for a in args))
    assert result.code == 1
    assert len(result.err_lines) == 1 and message in result.err_lines[0]
    assert "Traceback" not in result.err
    assert set(tmp_path.iterdir()) == before


def test_chinese_messages(study, tmp_path):
    from cli_helpers import cli_env

    result = run("report", study, "--out", tmp_path / "x.doc",
                 env=cli_env(LC_ALL="zh_CN.UTF-8", LANG="zh_CN.UTF-8"))
    assert result.code == 1 and "报告是 Word 文件" in result.err
