"""Dates guessed from file names and from the first/last lines of a document."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbench.importers import read_file
from workbench.importers.dates import (
    chinese_number,
    guess_date_from_name,
    guess_date_from_text,
    parse_date,
)


@pytest.mark.parametrize("name, expected", [
    ("2016-09-29_关于推进一网通办的通知.pdf", "2016-09-29"),
    ("20160929政务服务.docx", "2016-09-29"),
    ("20160915083000_www.jl.gov.cn.png", "2016-09-15"),  # a timestamp, as archives write
    ("门户首页 2016.09.29.png", "2016-09-29"),
    ("2016_9_3 访谈.txt", "2016-09-03"),
    ("2016年9月29日市政府常务会议.txt", "2016-09-29"),
    ("２０１６年９月２９日.txt", "2016-09-29"),  # full-width digits
    ("二〇一六年九月二十九日讲话.docx", "2016-09-29"),
    ("访谈10.txt", None),
    ("2016-13-45_通知.pdf", None),  # no such month or day
    ("20161345.pdf", None),
    ("江政办发〔2016〕55号.pdf", None),
    ("2016-02-30.txt", None),
    ("截图1234567890.png", None),
])
def test_guess_date_from_name(name: str, expected: str | None) -> None:
    assert guess_date_from_name(name) == expected


@pytest.mark.parametrize("text, expected", [
    ("江临市人民政府\n江政发〔2016〕12号\n2016年9月29日\n正文……", "2016-09-29"),
    ("标题\n发布时间：2016-09-29 10:30\n来源：市政府办公厅\n正文", "2016-09-29"),
    ("关于印发方案的通知\n正文第一段。\n正文第二段。\n江临市人民政府办公厅\n二〇一六年九月二十九日",
     "2016-09-29"),
    ("通知\n正文\n江临市人民政府\n二○一七年十二月三十一日", "2017-12-31"),  # ○ typed for 〇
    ("通知\n正文\n二〇一六年元月五日", "2016-01-05"),
    ("通知\n二〇一六年二月三十日", None),  # no 30 February
    ("没有日期的正文。", None),
    ("2016年13月5日", None),
])
def test_guess_date_from_text(text: str, expected: str | None) -> None:
    assert guess_date_from_text(text) == expected


def test_a_date_in_the_middle_of_a_long_document_is_not_a_guess() -> None:
    body = "\n".join(f"第{i}段正文。" for i in range(40))
    text = "标题\n" + body[:200] + "\n会议于2016年9月29日召开。\n" + body
    assert guess_date_from_text(text) is None


@pytest.mark.parametrize("s, n", [("二〇一六", 2016), ("九", 9), ("十", 10), ("十二", 12),
                                  ("二十九", 29), ("三十一", 31), ("元", 1), ("十十", None),
                                  ("二x", None)])
def test_chinese_numbers(s: str, n: int | None) -> None:
    assert chinese_number(s) == n


@pytest.mark.parametrize("value, expected", [
    ("2016-09-29", "2016-09-29"), ("2016/9/29", "2016-09-29"), ("2016.09.29", "2016-09-29"),
    ("20160929", "2016-09-29"), (20160929, "2016-09-29"), (20160929.0, "2016-09-29"),
    ("2016年9月29日", "2016-09-29"), ("二〇一六年九月二十九日", "2016-09-29"),
    ("2016-09-29T23:30:00+08:00", "2016-09-29"), ("2016-09-29 10:00", "2016-09-29"),
    (dt.datetime(2016, 9, 29, 12), "2016-09-29"), (dt.date(2016, 9, 29), "2016-09-29"),
    ("2016-13-45", None), ("next week", None), ("", None), (None, None), ("1850-01-01", None),
])
def test_parse_date(value: object, expected: str | None) -> None:
    assert parse_date(value) == expected


def test_reader_puts_the_guess_in_metadata_not_in_the_date(tmp_path: Path) -> None:
    named = tmp_path / "2016-09-15_访谈记录.txt"
    named.write_text("访谈正文\n二〇一六年九月二十九日", encoding="utf-8")
    doc = read_file(named)
    assert doc.date is None
    assert doc.metadata["date_guess"] == "2016-09-15"
    assert doc.metadata["date_guess_from"] == "file name"
    plain = tmp_path / "访谈记录.txt"
    plain.write_text("访谈正文\n二〇一六年九月二十九日", encoding="utf-8")
    doc = read_file(plain)
    assert (doc.metadata["date_guess"], doc.metadata["date_guess_from"]) == ("2016-09-29", "text")
    none = tmp_path / "笔记.txt"
    none.write_text("没有日期", encoding="utf-8")
    assert "date_guess" not in read_file(none).metadata
