"""A document's title when its file name is not one: a truncated or machine-made name.

Legal databases and download folders name files like "关于…的通…(FBM-CLI.12.5012345).txt" or
"20230317103000123.docx", while the full title stands in the first lines of the text. This
module only decides between the file name and one title-like line near the top; the full
metadata of a policy document (文号, agencies, clauses) is another module's work.
"""
from __future__ import annotations

import re
from pathlib import PurePath

# Endings of Chinese official document titles (公文标题的文种).
_KINDS = ("通知", "意见", "办法", "规定", "方案", "决定", "条例", "规划", "通告", "公告", "决议",
          "批复", "报告", "细则", "规则", "纲要", "计划", "指南", "指引", "标准", "函", "法",
          "命令", "令", "公报", "章程", "准则", "要点", "措施", "说明", "讲话", "建议")
_TITLE_END = re.compile(rf"(?:{'|'.join(_KINDS)})(?:[(（][^)）]{{1,8}}[)）])?$")
_ELLIPSIS = ("…", "...", "⋯", "。。。")
_DATABASE_CODE = re.compile(r"[A-Z]{2,}-[A-Z]{2,}|\bCLI\.\d|\bLAR\.\d|\bEN\.\d")
_LONG_DIGITS = re.compile(r"\d{10,}")
_MACHINE_NAME = re.compile(r"[\W\d_a-fA-F]*")  # digits, hex, punctuation only: a generated name
_DOCUMENT_NUMBER = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
_DATE_LINE = re.compile(r"[\d〇○一二三四五六七八九十年月日号\s./:：-]+")
_HEAD_LINES = 8
_MAX_TITLE = 80


def name_is_truncated(file_name: str) -> bool:
    """True when the file name is cut short or made by a machine, so it is no title."""
    stem = PurePath(file_name).stem.strip()
    if not stem:
        return True
    return (any(mark in stem for mark in _ELLIPSIS) or bool(_DATABASE_CODE.search(stem))
            or bool(_LONG_DIGITS.search(stem))
            or (bool(_MACHINE_NAME.fullmatch(stem)) and (len(stem) >= 8 or stem.isdigit())))


def title_line(text: str) -> str | None:
    """A title-like line among the first lines: one ending like an official document title
    (…的通知, …办法（试行）), else the longest short line before the body starts."""
    candidates: list[str] = []
    for line in _head_lines(text):
        if _starts_body(line):
            break
        if _DATE_LINE.fullmatch(line) or _DOCUMENT_NUMBER.search(line) or len(line) > _MAX_TITLE:
            continue
        if _TITLE_END.search(line) and len(line) >= 4:
            return line
        candidates.append(line)
    chinese = [c for c in candidates if len(c) >= 6 and re.search(r"[\u4e00-\u9fff]", c)]
    return max(chinese, key=len) if chinese else None


def title_from_text(file_name: str, text: str | None) -> tuple[str, str]:
    """(title, where from): a title line of the text ("text") when the file name looks
    truncated or machine-made and the text has one, else the file name ("file name")."""
    stem = PurePath(file_name).stem
    if text and name_is_truncated(file_name):
        line = title_line(text)
        if line:
            return line, "text"
    return stem, "file name"


def _head_lines(text: str) -> list[str]:
    lines = [re.sub(r"\s+", " ", line).strip() for line in text[:4000].split("\n")]
    return [line for line in lines if line][:_HEAD_LINES]


def _starts_body(line: str) -> bool:
    """The salutation (各省、自治区…：), a numbered clause, or a long sentence: the body."""
    return (line.endswith(("：", ":")) or line.startswith(("第一条", "一、", "1.", "1、"))
            or (len(line) > _MAX_TITLE) or (line.endswith("。") and len(line) > 30))
