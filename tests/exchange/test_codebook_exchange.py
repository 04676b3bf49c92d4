"""Codebooks out to .xlsx/.csv/.qdc and back in, as one undo step, tolerant of real files."""
from pathlib import Path

import pytest

from helpers import CODEBOOK_XSD, shared_file
from workbench.core import InvalidInputError, Project
from workbench.exchange.codebook import export_codebook, import_codebook
from workbench.exchange.refi_codebook import NAMESPACE, parse_description

XSD = CODEBOOK_XSD


@pytest.fixture
def framework(tmp_path):
    """The bundled joined-up-government codebook, in Chinese, plus a multi-line definition."""
    p = Project.create(tmp_path / "source.cwb", framework="joined-up-government", coder="alice")
    first = p.elements.list()[0]
    p.elements.update(first.id, definition="第一行；\n第二行：含冒号", example="例：𠮷")
    yield p
    p.close()


@pytest.fixture
def empty(tmp_path):
    p = Project.create(tmp_path / "target.cwb", coder="bob")
    yield p
    p.close()


def _rows(p: Project) -> list[tuple]:
    return [(e.path, e.definition, e.inclusion, e.exclusion, e.example, e.color)
            for e in p.elements.list()]


def _sheet(path: Path) -> list[tuple]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [tuple("" if v is None else v for v in row)
            for row in book.active.iter_rows(values_only=True)]


def test_xlsx_round_trip_gives_the_same_rows(framework, empty, tmp_path):
    first = export_codebook(framework, tmp_path / "a.xlsx")
    report = import_codebook(empty, first)
    assert report.added == len(framework.elements.list()) and report.skipped == []
    second = export_codebook(empty, tmp_path / "b.xlsx")
    assert _sheet(first) == _sheet(second)
    assert _rows(empty) == _rows(framework)


def test_xlsx_has_a_styled_frozen_header(framework, tmp_path):
    from openpyxl import load_workbook

    sheet = load_workbook(export_codebook(framework, tmp_path / "a.xlsx")).active
    assert [c.value for c in sheet[1]] == ["要素路径", "定义", "纳入标准", "排除标准", "示例", "颜色"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 40
    english = load_workbook(export_codebook(framework, tmp_path / "en.xlsx", language="en")).active
    assert english["A1"].value == "Element path"


def test_csv_has_a_bom_and_round_trips(framework, empty, tmp_path):
    target = export_codebook(framework, tmp_path / "codebook.csv")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    import_codebook(empty, target)
    assert _rows(empty) == _rows(framework)


def test_csv_from_a_chinese_excel_in_gb18030_imports(empty, tmp_path):
    target = tmp_path / "gbk.csv"
    target.write_bytes("要素路径,定义,颜色\n环境/政策环境,国家政策,#336699\n".encode("gb18030"))
    report = import_codebook(empty, target)
    assert report.added == 2  # the parent is made on the way
    child = empty.elements.find("环境/政策环境")
    assert (child.definition, child.color) == ("国家政策", "#336699")


def test_qdc_export_is_valid_refi_qda_and_carries_the_guids(framework, tmp_path):
    from lxml import etree

    target = export_codebook(framework, tmp_path / "codebook.qdc")
    tree = etree.parse(str(target))
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(tree), schema.error_log
    codes = tree.getroot().iter(f"{{{NAMESPACE}}}Code")
    assert {c.get("guid") for c in codes} == {e.guid for e in framework.elements.list()}
    first = tree.getroot().find(f"{{{NAMESPACE}}}Codes/{{{NAMESPACE}}}Code")
    assert first.get("isCodable") == "true" and first.get("color").startswith("#")
    assert first.findtext(f"{{{NAMESPACE}}}Description").startswith("定义：第一行；")


def test_qdc_round_trips_into_a_new_project_and_matches_by_guid_at_home(framework, empty,
                                                                        tmp_path):
    target = export_codebook(framework, tmp_path / "codebook.qdc")
    import_codebook(empty, target, schema=XSD)
    assert _rows(empty) == _rows(framework)
    again = import_codebook(framework, target, schema=XSD)
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(_rows(framework)))


def test_descriptions_parse_in_either_language_and_from_other_tools():
    assert parse_description("Definition: a\nmore\nExample：b") == {
        "definition": "a\nmore", "example": "b"}
    assert parse_description("纳入标准：x\n排除标准: y") == {"inclusion": "x", "exclusion": "y"}
    assert parse_description("just a memo from NVivo") == {"definition": "just a memo from NVivo"}


def test_taguettes_real_export_imports(empty):
    taguette = shared_file("refi", "samples", "taguette1.4.1_codebook.qdc")
    report = import_codebook(empty, taguette, schema=XSD)  # its empty <Sets/> is forgiven
    assert report.added == 3
    assert [e.name for e in empty.elements.list()] == ["xsd:element name", "CodeBook", "Variables"]


def test_an_invalid_qdc_is_refused_with_the_file_named(empty, tmp_path):
    bad = tmp_path / "broken.qdc"
    bad.write_text(f'<CodeBook xmlns="{NAMESPACE}"><Codes><Code name="x" isCodable="true"/>'
                   "</Codes></CodeBook>", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="broken.qdc"):
        import_codebook(empty, bad, schema=XSD)
    (tmp_path / "junk.qdc").write_text("not xml", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="junk.qdc"):
        import_codebook(empty, tmp_path / "junk.qdc")
    assert empty.elements.list() == []


def test_a_row_with_a_bad_colour_is_skipped_and_reported(empty, tmp_path):
    target = tmp_path / "colours.csv"
    target.write_text("Element path,Definition,Colour\nA,first,#123456\nB,second,red\n"
                      "C,third,#abc\n", encoding="utf-8")
    report = import_codebook(empty, target)
    assert [e.name for e in empty.elements.list()] == ["A", "C"]
    assert empty.elements.find("C").color == "#AABBCC"
    assert len(report.skipped) == 1 and "Row 3" in report.skipped[0] and "red" in report.skipped[0]


def test_existing_elements_are_updated_and_empty_cells_leave_fields_alone(framework, tmp_path):
    element = framework.elements.list()[1]
    target = tmp_path / "update.csv"
    target.write_text(f"要素路径,定义,示例\n{element.path},新定义,\n", encoding="utf-8")
    report = import_codebook(framework, target)
    assert (report.added, report.updated) == (0, 1)
    changed = framework.elements.get(element.id)
    assert changed.definition == "新定义" and changed.example == element.example


def test_the_whole_import_is_one_undo_step(framework, empty, tmp_path):
    target = export_codebook(framework, tmp_path / "codebook.xlsx")
    import_codebook(empty, target)
    assert empty.undo_label() == "Import codebook"
    empty.undo()
    assert empty.elements.list() == []


def test_files_that_are_not_codebooks_are_refused_clearly(empty, tmp_path):
    (tmp_path / "fake.xlsx").write_bytes(b"PK not really")
    with pytest.raises(InvalidInputError, match="fake.xlsx"):
        import_codebook(empty, tmp_path / "fake.xlsx")
    (tmp_path / "headless.csv").write_text("a,b\nc,d\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="headless.csv"):
        import_codebook(empty, tmp_path / "headless.csv")
    with pytest.raises(InvalidInputError, match="codebook.txt"):
        import_codebook(empty, tmp_path / "codebook.txt")
    with pytest.raises(InvalidInputError, match="codebook.doc"):
        export_codebook(empty, tmp_path / "codebook.doc")
