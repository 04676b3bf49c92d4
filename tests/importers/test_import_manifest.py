"""Manifests: a CSV or Excel table describing the files of an import, headings in Chinese or
English; row problems reported, not fatal."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbench.importers import ImportRefused
from workbench.importers.manifest import ManifestError, read_manifest

HEADER = ["文件名", "标题", "日期", "类型", "案例", "网址", "发文机关", "文号"]
ROWS = [
    ["2016-09-29_通知.pdf", "关于推进政务服务“一网通办”的通知", "2016-09-29", "政策文件", "江临市",
     "http://www.jl.gov.cn/zwgk/t1.html", "江临市人民政府办公厅", "江政办发〔2016〕55号"],
    ["门户首页.png", "江临市政府门户首页（2016年）", "2016/9/15", "网页截图", "江临市",
     "https://web.archive.org/web/20160915083000/http://www.jl.gov.cn/", "", ""],
    ["访谈01.docx", "访谈：数据局工作人员", "2016年10月8日", "访谈", "江临市", "", "", ""],
]


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig", sep: str = ",") -> Path:
    import csv

    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=sep).writerows(rows)
    return path


def test_csv_with_chinese_headings(tmp_path: Path) -> None:
    manifest = read_manifest(_csv(tmp_path / "清单.csv", [HEADER, *ROWS]))
    assert manifest.problems == []
    row = manifest.lookup("2016-09-29_通知.pdf")
    assert row is not None
    assert (row.row, row.title, row.date, row.source_type, row.case, row.url, row.agency,
            row.document_number) == (
        2, "关于推进政务服务“一网通办”的通知", "2016-09-29", "政策文件", "江临市",
        "http://www.jl.gov.cn/zwgk/t1.html", "江临市人民政府办公厅", "江政办发〔2016〕55号")
    shot = manifest.lookup("门户首页.png")
    assert shot is not None and shot.date == "2016-09-15"
    capture = shot.capture()
    assert capture is not None and capture.capture_time == "2016-09-15 08:30:00"
    assert manifest.lookup("访谈01.docx").date == "2016-10-08"  # type: ignore[union-attr]


def test_csv_written_by_excel_on_chinese_windows_is_gbk(tmp_path: Path) -> None:
    path = _csv(tmp_path / "清单.csv", [HEADER, *ROWS], encoding="gbk")
    manifest = read_manifest(path)
    assert manifest.lookup("访谈01.docx").title == "访谈：数据局工作人员"  # type: ignore[union-attr]


def test_english_headings_tab_separated(tmp_path: Path) -> None:
    rows = [["File name", "Title", "Date", "Type", "Case", "URL", "Agency", "Document number"],
            ["a.pdf", "A notice", "2016-09-29", "policy", "Jiangling", "http://x.gov.cn/",
             "General Office", "No. 55"]]
    manifest = read_manifest(_csv(tmp_path / "list.tsv", rows, sep="\t"))
    row = manifest.lookup("a.pdf")
    assert row is not None and (row.title, row.agency, row.document_number) == (
        "A notice", "General Office", "No. 55")


def test_xlsx_with_title_rows_date_cells_and_problems(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["江临市案例材料清单"])  # a title row above the headings
    sheet.append([])
    sheet.append(["序号", "文件名（含扩展名）", "标题", "发布日期", "材料类型", "所属案例", "链接",
                  "发文机关", "发文字号"])
    sheet.append([1, "2016-09-29_通知.pdf", "通知", dt.datetime(2016, 9, 29), "政策文件", "江临市",
                  "http://www.jl.gov.cn/t1.html", "市政府办公厅", "江政办发〔2016〕55号"])
    sheet.append([2, "报道.html", "新闻报道", 20161001, "新闻", "江临市", None, None, None])
    sheet.append([3, "坏日期.pdf", "日期写错了", "2016-13-45", "政策文件", None, None, None, None])
    sheet.append([4, None, "没有文件名", "2016-09-29", None, None, None, None, None])
    sheet.append([None] * 9)  # a blank row is no problem
    sheet.append([5, "2016-09-29_通知.PDF", "重复", None, None, None, None, None, None])
    path = tmp_path / "清单.xlsx"
    book.save(path)
    manifest = read_manifest(path)
    assert [r.file_name for r in manifest.rows] == ["2016-09-29_通知.pdf", "报道.html", "坏日期.pdf"]
    first = manifest.lookup("2016-09-29_通知.pdf")
    assert first is not None and first.date == "2016-09-29" and first.row == 4
    assert first.document_number == "江政办发〔2016〕55号" and first.case == "江临市"
    assert manifest.lookup("报道.html").date == "2016-10-01"  # type: ignore[union-attr]
    bad = manifest.lookup("坏日期.pdf")
    assert bad is not None and bad.date is None and bad.title == "日期写错了"
    assert manifest.problems == [
        'row 6: the date "2016-13-45" is not a real date (write it as 2016-09-29); it was left '
        "empty.",
        "row 7: the row has no file name, so it was skipped.",
        "row 9: 2016-09-29_通知.PDF is listed again (first in row 4); the first row is used.",
    ]


def test_lookup_exact_then_case_then_stem(tmp_path: Path) -> None:
    import unicodedata

    rows = [["文件名", "标题"], ["Notice.PDF", "exact"], ["访谈", "no extension"],
            ["报告.doc", "old format"], ["同名.pdf", "one"], ["同名.docx", "two"],
            [unicodedata.normalize("NFD", "café.txt"), "decomposed"]]
    manifest = read_manifest(_csv(tmp_path / "m.csv", rows))
    assert manifest.lookup("Notice.PDF").title == "exact"  # type: ignore[union-attr]
    assert manifest.lookup("notice.pdf").title == "exact"  # type: ignore[union-attr]
    assert manifest.lookup("访谈.txt").title == "no extension"  # type: ignore[union-attr]
    assert manifest.lookup("报告.docx").title == "old format"  # type: ignore[union-attr]
    assert manifest.lookup("/home/u/材料/报告.pdf").title == "old format"  # type: ignore[union-attr]
    assert manifest.lookup("同名.html") is None  # two rows share the stem: no guess
    assert manifest.lookup("同名.pdf").title == "one"  # type: ignore[union-attr]
    assert manifest.lookup("café.txt").title == "decomposed"  # type: ignore[union-attr]
    assert manifest.lookup("其他.pdf") is None


@pytest.mark.parametrize("name, content, expected", [
    ("无列.csv", "标题,日期\n通知,2016-09-29\n".encode(),
     "the list has no column of file names (a heading such as 文件名 or \"file name\" in its "
     "first rows); add one and choose it again."),
    ("旧.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
     "lists of files can be read from .csv and .xlsx files only; save it in Excel or WPS as "
     ".xlsx or .csv (UTF-8) and choose that."),
    ("坏.xlsx", b"PK\x03\x04 not really a workbook",
     "the list is damaged or is not an Excel workbook; open it in Excel or WPS, save it again "
     "as .xlsx or .csv, and choose that."),
    ("乱码.csv", b"\xff\xfe\x00\xd8\x81" * 20,
     "the list's text encoding is neither UTF-8 nor GB18030/GBK; save it as \"CSV UTF-8\" and "
     "choose it again."),
])
def test_unusable_manifest_is_refused_with_one_sentence(tmp_path: Path, name: str,
                                                        content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ManifestError) as refused:
        read_manifest(path)
    assert isinstance(refused.value, ImportRefused)
    assert str(refused.value) == f"{name}: {expected}"


def test_missing_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="the list cannot be read"):
        read_manifest(tmp_path / "gone.csv")
