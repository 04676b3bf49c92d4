"""Dates found in file names, in the first and last lines of a document, and in table cells.

Everything here returns an ISO date ("2016-09-29") that really exists (no 2016-13-45), or None.
Dates from a file name or from running text are *guesses*: readers put them in
``metadata["date_guess"]`` with ``metadata["date_guess_from"]`` ("file name" / "text") for the
user to confirm, never in the document's own ``date`` field. :func:`parse_date` reads a value
that is meant to be a date (a manifest cell, a web page's meta tag) and so is trusted more.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath
from typing import Any

MIN_YEAR, MAX_YEAR = 1900, 2100  # anything outside is a number that only looks like a year

# Chinese numerals as policy documents write dates: 二〇一六年九月二十九日. 〇 (U+3007) is the
# standard zero, but ○ (white circle), Ｏ, O and 零 are all typed for it in practice.
_DIGIT = {"〇": 0, "○": 0, "◯": 0, "Ｏ": 0, "O": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3,
          "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○◯Ｏ零一二两三四五六七八九十O"
_NUM = r"[0-9０-９]"
_SEP = r"\s*"
_CN_YMD = re.compile(rf"([{_CN}]{{4}}){_SEP}年{_SEP}([元{_CN}]{{1,3}}){_SEP}月{_SEP}"
                     rf"([{_CN}]{{1,3}}){_SEP}[日号]")
_ARABIC_YMD = re.compile(rf"(?<![0-9０-９])({_NUM}{{4}}){_SEP}年{_SEP}({_NUM}{{1,2}}){_SEP}月"
                         rf"{_SEP}({_NUM}{{1,2}}){_SEP}[日号]")
_ARABIC_YMD_NAME = re.compile(rf"(?<![0-9０-９])({_NUM}{{4}})年({_NUM}{{1,2}})月({_NUM}{{1,2}})")
_SEPARATED = re.compile(r"(?<!\d)(\d{4})([-_./])(\d{1,2})\2(\d{1,2})(?!\d)")
# 20160929, also followed by a time (201609291030, 20160929103000) as cameras and archives write
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:\d{4}|\d{6})?(?!\d)")
# A labelled date in a page or document head: 发布时间：2016-09-29, 成文日期: 2016/9/29
_LABELLED = re.compile(r"(?:发布|成文|印发|公布|更新)?(?:日期|时间)\s*[:：]?\s*"
                       r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})(?!\d)")
_HEAD_LINES = 12  # a date that heads a document sits in its first lines…
_TAIL_LINES = 12  # …or in its last ones, after the issuing agency (落款)


def iso_date(year: int, month: int, day: int) -> str | None:
    """"YYYY-MM-DD" if the date exists and the year is plausible, else None."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def chinese_number(s: str) -> int | None:
    """二〇一六 -> 2016 (digit by digit), 二十九 -> 29, 十 -> 10, 十二 -> 12, 元 -> 1."""
    if s == "元":  # 元月: the first month
        return 1
    if "十" not in s:
        digits = [_DIGIT.get(ch) for ch in s]
        if None in digits:
            return None
        return int("".join(map(str, digits)))
    tens, _, units = s.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    high = 1 if not tens else _DIGIT.get(tens)
    low = 0 if not units else _DIGIT.get(units)
    if high is None or low is None:
        return None
    return high * 10 + low


def _arabic(s: str) -> int:
    return int(s.translate(_FULLWIDTH_DIGITS))


_FULLWIDTH_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)}


def _chinese_match(m: re.Match[str]) -> str | None:
    year, month, day = (chinese_number(g) for g in m.groups())
    if year is None or month is None or day is None or year < 1000:
        return None
    return iso_date(year, month, day)


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> str | None:
    """The earliest valid date any pattern finds in ``text``."""
    found: list[tuple[int, str]] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            date = _chinese_match(m) if pattern is _CN_YMD else _from_groups(m)
            if date is not None:
                found.append((m.start(), date))
                break
    return min(found)[1] if found else None


def _from_groups(m: re.Match[str]) -> str | None:
    groups = [g for g in m.groups() if g is not None and g not in "-_./"]
    year, month, day = (_arabic(g) for g in groups[:3])
    return iso_date(year, month, day)


def guess_date_from_name(file_name: str) -> str | None:
    """A date written in a file name: 2016-09-29_通知, 20160929…, 2016.09.29, 2016年9月29日…"""
    stem = PurePath(file_name).name
    return _first((_ARABIC_YMD_NAME, _CN_YMD, _SEPARATED, _COMPACT), stem)


def guess_date_from_text(text: str) -> str | None:
    """A Chinese date (2016年9月29日, 二〇一六年九月二十九日) or a labelled one
    (发布时间：2016-09-29) in the first lines of a document, else in its last lines."""
    lines = [line for line in text[:20_000].split("\n") if line.strip()]
    head = "\n".join(lines[:_HEAD_LINES])
    date = _first((_LABELLED, _ARABIC_YMD, _CN_YMD), head)
    if date is None:
        tail_lines = [line for line in text[-20_000:].split("\n") if line.strip()]
        date = _first((_LABELLED, _ARABIC_YMD, _CN_YMD), "\n".join(tail_lines[-_TAIL_LINES:]))
    return date


def parse_date(value: Any) -> str | None:
    """A value meant to be a date: a datetime/date, "2016-09-29", "2016/9/29", "2016.09.29",
    "20160929", "2016年9月29日", "2016-09-29T10:00:00+08:00" (the date as written is kept:
    no time-zone shift). None for anything else, including impossible dates."""
    if isinstance(value, dt.datetime):
        return iso_date(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return iso_date(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    if not isinstance(value, str):
        return None
    s = value.strip()
    m = re.fullmatch(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\S.*)?", s)
    if m:
        return iso_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:\d{4}|\d{6})?", s)
    if m:
        return iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _ARABIC_YMD_NAME.match(s) or _CN_YMD.match(s)
    if m:
        return _chinese_match(m) if m.re is _CN_YMD else _from_groups(m)
    return None


def add_date_guess(metadata: dict[str, str], file_name: str, text: str | None) -> None:
    """Put a date guess from the file name, else from the text, into ``metadata`` (in place),
    unless one is there already."""
    if "date_guess" in metadata:
        return
    guess, source = guess_date_from_name(file_name), "file name"
    if guess is None and text:
        guess, source = guess_date_from_text(text), "text"
    if guess is not None:
        metadata["date_guess"] = guess
        metadata["date_guess_from"] = source
