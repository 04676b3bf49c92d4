"""What a Chinese policy document says about itself: title, 发文字号, issuing agencies, dates,
效力级别 and 时效性, and the legal database's reference code and link.

Three places carry it, tried in this order, each value remembering where it came from (so the
window can show "from the database header" and the researcher confirms it):
1. a legal-database export's header lines — 【发布部门】【发文字号】【发布日期】【实施日期】【时效性】
   【效力级别】【法宝引证码】 and 原文链接 (with or without the brackets, full-width colons too);
2. the document's own head — the title line "XX人民政府办公室关于印发……的通知" (agencies before
   关于), the 文号 line under the red header;
3. its signature block (落款) — agency lines followed by the date written out, 成文日期.

Everything here is a guess from plain text; nothing is written to the project until the importer
stores it as metadata and the researcher accepts it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..analysis.clauses import chinese_number

# 国发〔2016〕55号, 某府办发〔2022〕43号, 京政办发[2019]1号, 浙政发（2018）3号, 府授發〔2019〕8號
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,14}\s*[〔\[［（(【]\s*(?:19|20)\d{2}\s*[〕\]］）)】]\s*第?\s*\d{1,5}\s*[号號]")
_HEADER = re.compile(r"^\s*[【\[]?\s*(?P<key>发布部门|制定机关|发文机关|发文字号|文号|发布日期|"
                     r"公布日期|成文日期|实施日期|施行日期|时效性|效力级别|法宝引证码|"
                     r"原文链接|来源)\s*[】\]]?\s*[:：]?\s*(?P<value>.*?)\s*$")
_KEYS = {"发布部门": "agencies", "制定机关": "agencies", "发文机关": "agencies",
         "发文字号": "document_number", "文号": "document_number",
         "发布日期": "published", "公布日期": "published", "成文日期": "written",
         "实施日期": "effective", "施行日期": "effective", "时效性": "validity",
         "效力级别": "level", "法宝引证码": "reference_code", "原文链接": "url", "来源": "url"}
DOCUMENT_KINDS = ("实施意见", "指导意见", "行动计划", "实施方案", "工作方案", "实施细则", "管理办法",
                  "暂行办法", "通知", "意见", "办法", "规定", "方案", "决定", "条例", "规划",
                  "细则", "纲要", "计划", "通告", "公告", "批复", "指引", "指南", "措施", "规则",
                  "决议", "报告", "要点")
_TITLE = re.compile(r"关于.{2,80}?(?:" + "|".join(DOCUMENT_KINDS) + r")[\s）)]*$")
_AGENCY_END = ("人民政府", "政府", "办公室", "办公厅", "委员会", "局", "厅", "部", "委", "院", "署",
               "中心", "公司", "银行", "法院", "检察院", "人大常委会", "党委", "党组")
_AGENCY_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}$")
_DATE = re.compile(r"((?:19|20)\d{2}|[一二〇○零三四五六七八九]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})"
                   r"\s*月\s*([0-9一二三四五六七八九十]{1,3})\s*日")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})")
HEAD_LINES, TAIL_LINES = 40, 15


@dataclass
class PolicyFacts:
    """The guesses; ``found`` says where each came from: "header", "title", "head", "signature"."""
    title: str = ""
    document_number: str = ""
    agencies: list[str] = field(default_factory=list)
    written: str = ""      # 成文日期
    published: str = ""    # 发布日期
    effective: str = ""    # 实施日期
    level: str = ""        # 效力级别
    validity: str = ""     # 时效性
    reference_code: str = ""
    url: str = ""
    found: dict[str, str] = field(default_factory=dict)

    def as_metadata(self) -> dict:
        values = {k: v for k, v in self.__dict__.items() if k != "found" and v}
        if values:
            values["found"] = dict(self.found)
        return values

    def is_policy(self) -> bool:
        """Enough to call it a policy document: a 文号, a database header, or a titled agency."""
        return bool(self.document_number or self.found.get("level") == "header"
                    or (self.title and self.agencies))


def parse_date(text: str) -> str:
    """The first full date written in ``text`` as ISO (2022-03-17), or ""."""
    for pattern in (_DATE, _ISO_DATE):
        match = pattern.search(text)
        if match:
            year, month, day = (chinese_number(g) for g in match.groups())
            if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


def split_agencies(text: str) -> list[str]:
    """The core's splitter (spaces, 、 ，, ; and / separate agencies), loaded when first used:
    importing the importers must not load the core."""
    from ..core.agencies import split_agencies as split

    return split(text)


def _agencies_of_title(title: str) -> list[str]:
    head = title.split("关于", 1)[0].strip()
    if not head:
        return []
    return [a for a in split_agencies(head) if a.endswith(_AGENCY_END)]


def recognise(text: str) -> PolicyFacts:
    """Every fact the text gives about itself (empty fields where it gives none)."""
    facts = PolicyFacts()
    lines = [line.strip() for line in text.splitlines()]
    nonblank = [line for line in lines if line]
    head, tail = nonblank[:HEAD_LINES], nonblank[-TAIL_LINES:]
    _read_header(head, facts)
    _read_head(head, facts)
    _read_signature(tail, facts)
    return facts


def _set(facts: PolicyFacts, name: str, value, where: str) -> None:
    if value and not getattr(facts, name):
        setattr(facts, name, value)
        facts.found[name] = where


def _read_header(head: list[str], facts: PolicyFacts) -> None:
    for line in head:
        match = _HEADER.match(line)
        if not match or not match.group("value"):
            continue
        name, value = _KEYS[match.group("key")], match.group("value")
        if name == "agencies":
            _set(facts, name, split_agencies(value), "header")
        elif name in ("published", "effective", "written"):
            _set(facts, name, parse_date(value) or value, "header")
        elif name == "url":
            url = re.search(r"https?://\S+", value)
            _set(facts, name, url.group(0) if url else "", "header")
        else:
            _set(facts, name, value, "header")


def _read_head(head: list[str], facts: PolicyFacts) -> None:
    for line in head:
        if _HEADER.match(line):
            continue
        if not facts.title and _TITLE.search(line) and len(line) <= 120:
            _set(facts, "title", line, "title")
            _set(facts, "agencies", _agencies_of_title(line), "title")
        number = DOC_NUMBER.search(line)
        if number:
            _set(facts, "document_number", re.sub(r"\s+", "", number.group(0)), "head")


def _read_signature(tail: list[str], facts: PolicyFacts) -> None:
    """The last date line, and the agency lines just above it."""
    for index in range(len(tail) - 1, -1, -1):
        line = tail[index]
        date = parse_date(line)
        if not date or len(line) > 20:
            continue
        _set(facts, "written", date, "signature")
        agencies = []
        for above in reversed(tail[max(0, index - 4):index]):
            if _AGENCY_LINE.match(above) and above.endswith(_AGENCY_END):
                agencies.insert(0, above)
            else:
                break
        _set(facts, "agencies", agencies, "signature")
        return


def add_policy_guess(metadata: dict, text: str | None) -> None:
    """Store what a policy document says about itself under ``metadata["policy"]``, for the
    researcher to accept (``Sources.accept_policy``); nothing when it does not look like one."""
    if not text or "policy" in metadata:
        return
    facts = recognise(text)
    if facts.is_policy():
        metadata["policy"] = facts.as_metadata()
