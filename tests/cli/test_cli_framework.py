"""framework --export / --import: the codebook as .xlsx, .csv (UTF-8 with BOM) and .qdc."""
from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import assert_one_sentence_error, run
from helpers import CODEBOOK_XSD

from workbench.core import Project

SCHEMA = CODEBOOK_XSD
FIELDS = ("path", "color", "definition", "inclusion", "exclusion", "example")


def _codebook(path: Path) -> list[tuple]:
    with Project.open(path, read_only=True) as p:
        return [tuple(getattr(e, f) for f in FIELDS) for e in p.elements.list()]


@pytest.fixture
def framework(tmp_path: Path) -> Path:
    path = tmp_path / "framework.cwb"
    with Project.create(path, title="框架", language="zh", coder="张三") as p:
        parent = p.elements.add("技术驱动", color="#1F77B4", definition="技术对治理的推动作用")
        p.elements.add("数据共享平台", parent_id=parent.id, color="#FF7F0E",
                       definition="跨部门共享数据的平台", inclusion="明确提到平台",
                       exclusion="泛泛而谈的信息化", example="“一网通办”平台上线")
        p.elements.add("组织协同", color="#2CA02C")
    return path


def test_export_xlsx_and_import_into_another_project(framework, tmp_path):
    xlsx = tmp_path / "编码手册.xlsx"
    exported = run("framework", framework, "--export", xlsx)
    assert exported.code == 0, exported.err
    assert xlsx.is_file() and str(xlsx) in exported.out

    other = tmp_path / "other.cwb"
    with Project.create(other, title="另一个", coder="李四") as p:
        p.elements.add("组织协同", color="#2CA02C")  # already there, described the same
    imported = run("framework", other, "--import", xlsx, "--coder", "李四", "--json")
    assert imported.code == 0, imported.err
    assert imported.json() == {"added": 2, "updated": 0, "unchanged": 1, "skipped": []}
    assert sorted(_codebook(other)) == sorted(_codebook(framework))
    with Project.open(other, read_only=True) as p:
        assert p.undo_label() == "Import codebook"

    again = run("framework", other, "--import", xlsx)
    assert again.code == 0 and "unchanged 3" in again.out, again.out


def test_csv_has_a_bom_and_skipped_rows_are_reported(framework, tmp_path):
    csv_file = tmp_path / "codebook.csv"
    assert run("framework", framework, "--export", csv_file, "--json").json() == {
        "written": [str(csv_file)]}
    data = csv_file.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "数据共享平台" in data.decode("utf-8-sig")

    edited = tmp_path / "edited.csv"
    edited.write_text("要素路径,定义,颜色\n技术驱动/新要素,新的定义,#123456\n组织协同,,红色\n",
                      encoding="utf-8-sig")
    report = run("framework", framework, "--import", edited)
    assert report.code == 0, report.err
    assert "Added 1, updated 0, unchanged 0, skipped 1." in report.out
    assert "Row 3" in report.out and "红色" in report.out

    only_bad = tmp_path / "bad.csv"
    only_bad.write_text("要素路径,颜色\n组织协同,红色\n", encoding="utf-8-sig")
    assert run("framework", framework, "--import", only_bad).code == 1


def test_qdc_validates_and_bad_files_are_one_sentence(framework, tmp_path):
    from lxml import etree

    qdc = tmp_path / "codebook.qdc"
    assert run("framework", framework, "--export", qdc).code == 0
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(qdc))
    assert schema.validate(document), schema.error_log
    assert "数据共享平台" in qdc.read_text(encoding="utf-8")

    assert_one_sentence_error(run("framework", framework, "--export", tmp_path / "c.docx"),
                              "c.docx")
    assert_one_sentence_error(run("framework", framework, "--import", tmp_path / "c.txt"),
                              "c.txt")
    assert_one_sentence_error(run("framework", framework, "--import", tmp_path / "none.xlsx"),
                              "none.xlsx")
    neither = run("framework", framework)
    assert neither.code == 2 and "Traceback" not in neither.err
