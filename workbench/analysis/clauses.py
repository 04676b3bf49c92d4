"""The clauses of a policy document as a tree of units with their spans, so a coded passage can be
cited as "第五条第二款" or "三（二）1" and counted by clause ("12-3-2": document 12, chapter 3,
article 2), the analysis unit of Chinese policy-text studies.

Units are recognised at the start of a line, from the largest to the smallest:
附件 · 第X编 · 第X章 · 第X节 · 第X条 · 款 (the paragraphs of an article with more than one) ·
一、 · （一） · 1. / 1、 / 1． · （1） · ①. A unit runs until the next unit of the same or a larger
rank, so the tree needs no closing marks. Spans are code points of the source's stored text, like
codings. Laws use 章/节/条/款/项; notices and plans use 一、（一）1.（1）; both are read the same way.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_CN = "零〇一二三四五六七八九十百千两"
_NUM = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
        "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# (kind, rank, pattern at the start of a line; group 1 is the number)
_MARKS = (
    ("attachment", 0, re.compile(r"附\s*件\s*([0-9一二三四五六七八九十]*)\s*[:：]?")),
    ("part", 1, re.compile(rf"第([{_CN}0-9]+)编")),
    ("chapter", 2, re.compile(rf"第([{_CN}0-9]+)章")),
    ("section", 3, re.compile(rf"第([{_CN}0-9]+)节")),
    ("article", 4, re.compile(rf"第([{_CN}0-9]+)条")),
    ("item1", 6, re.compile(rf"([{_CN}]+)\s*、")),
    ("item2", 7, re.compile(rf"[（(]\s*([{_CN}]+)\s*[）)]")),
    ("item3", 8, re.compile(r"([0-9]{1,3})\s*[.．、](?![0-9])")),
    ("item4", 9, re.compile(r"[（(]\s*([0-9]{1,3})\s*[）)]")),
    ("item5", 10, re.compile(rf"([{CIRCLED}])")),
)
PARAGRAPH_RANK = 5  # 款: between an article and its items
# Every mark begins with one of these: a line starting otherwise needs no pattern tried (most
# lines of news and reports), so a source without clauses is read at the speed of its lines.
_FIRST = frozenset("附第（(0123456789" + _CN + CIRCLED)
# A line that starts (after its indent) with one of them: the first line, or one after a line
# break of str.splitlines (which clause_tree reads lines by). Two patterns: an alternative with
# \A would keep the search from skipping ahead to the line breaks.
_MARK_START = "[ \\t\\u3000]*[" + re.escape("".join(sorted(_FIRST))) + "]"
_FIRST_LINE = re.compile(_MARK_START)
_LATER_LINE = re.compile("[\\n\\r\\v\\f\\x1c\\x1d\\x1e\\x85\\u2028\\u2029]" + _MARK_START)


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 二〇二二 → 2022, "7" → 7, ③ → 3; 0 when it
    is not one."""
    if len(text) == 1 and text in CIRCLED:  # before isdigit(): "③".isdigit() is True
        return CIRCLED.index(text) + 1
    if text.isascii() and text.isdigit():
        return int(text)
    if len(text) > 1 and all(char in _NUM for char in text):  # 二〇二二: digit by digit
        return int("".join(str(_NUM[char]) for char in text))
    total, current = 0, 0
    for char in text:
        if char in _NUM:
            current = _NUM[char]
        elif char in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[char]
            total += (current or 1) * unit
            current = 0
        else:
            return 0
    return total + current


@dataclass
class Unit:
    kind: str            # attachment, part, chapter, section, article, paragraph, item1…item5
    rank: int
    number: int
    mark: str            # as written: "第五条", "（二）", "1."
    start: int
    end: int
    children: list["Unit"] = field(default_factory=list)
    parent: "Unit | None" = field(default=None, repr=False, compare=False)

    def path(self) -> list["Unit"]:
        """From the outermost unit down to this one."""
        units, unit = [], self
        while unit is not None:
            units.append(unit)
            unit = unit.parent
        return units[::-1]

    def walk(self) -> Iterator["Unit"]:
        yield self
        for child in self.children:
            yield from child.walk()


def _match(line: str):
    for kind, rank, pattern in _MARKS:
        found = pattern.match(line)
        if found and (kind != "attachment" or len(line) <= 40):
            number = chinese_number(found.group(1)) if found.group(1) else 1
            if number or kind == "attachment":
                return kind, rank, number or 1, found.group(0).strip()
    return None


def clause_tree(text: str) -> list[Unit]:
    """The top-level units of ``text`` (each with its children)."""
    if not (_FIRST_LINE.match(text) or _LATER_LINE.search(text)):
        return []  # no line starts as a mark can: no clauses, and no line need be read
    roots: list[Unit] = []
    stack: list[Unit] = []
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" \t\u3000")
        start = position + len(line) - len(stripped)
        position += len(line)
        if not stripped.strip():
            continue
        found = _match(stripped) if stripped[0] in _FIRST else None
        if found is None:
            _paragraph(stack, start)
            continue
        kind, rank, number, mark = found
        while stack and stack[-1].rank >= rank:
            stack.pop()
        unit = Unit(kind, rank, number, mark, start, start)
        _attach(unit, stack, roots)
        stack.append(unit)
    _close(roots, len(text))
    return roots


def _paragraph(stack: list[Unit], start: int) -> None:
    """A plain line inside an article is a new 款 (from the second paragraph on)."""
    article = next((u for u in reversed(stack) if u.kind == "article"), None)
    if article is None or stack[-1].rank > PARAGRAPH_RANK:
        return
    while stack[-1] is not article:
        stack.pop()
    if not article.children:  # the article's own first line was 款 1
        article.children.append(Unit("paragraph", PARAGRAPH_RANK, 1, "", article.start,
                                     article.start, parent=article))
    unit = Unit("paragraph", PARAGRAPH_RANK, len(article.children) + 1, "", start, start,
                parent=article)
    article.children.append(unit)
    stack.append(unit)


def _attach(unit: Unit, stack: list[Unit], roots: list[Unit]) -> None:
    if stack:
        unit.parent = stack[-1]
        stack[-1].children.append(unit)
    else:
        roots.append(unit)


def _close(units: list[Unit], end: int) -> None:
    """Each unit ends where its next sibling starts (the last where its parent ends)."""
    for index, unit in enumerate(units):
        unit.end = units[index + 1].start if index + 1 < len(units) else end
        _close(unit.children, unit.end)
    if units and units[0].kind == "paragraph" and len(units) == 1:
        units.clear()  # a single paragraph is the article itself: no 款 to cite


def units_at(roots: list[Unit], start: int, end: int | None = None) -> list[Unit]:
    """The innermost units a passage [start, end) lies in (one, or several when it spans)."""
    end = start + 1 if end is None else max(end, start + 1)
    found: list[Unit] = []

    def visit(units: list[Unit]) -> None:
        for unit in units:
            if unit.start < end and start < unit.end:
                inner = [c for c in unit.children if c.start < end and start < c.end]
                if inner:
                    visit(unit.children)
                else:
                    found.append(unit)

    visit(roots)
    return found


def citation(unit: Unit) -> str:
    """How a thesis cites the unit: "第二章第五条第二款第（三）项" for laws, "三（二）1" for
    notices and plans."""
    parts = []
    for u in unit.path():
        if u.kind in ("part", "chapter", "section", "article"):
            parts.append(u.mark)
        elif u.kind == "paragraph":
            parts.append(f"第{_cn(u.number)}款")
        elif u.kind == "attachment":
            parts.append(u.mark.rstrip(":："))
        elif any(p.kind == "article" for p in u.path()):
            parts.append(f"第（{_cn(u.number)}）项" if u.kind == "item2" else u.mark)
        else:
            parts.append(u.mark.rstrip("、.．").strip())
    return "".join(parts)


def clause_code(document: int | str, unit: Unit, levels: tuple[str, ...] = ()) -> str:
    """"12-3-2": the document's number, then the numbers of the unit's path (only the kinds in
    ``levels`` when given, e.g. ("chapter", "article"))."""
    numbers = [str(u.number) for u in unit.path() if not levels or u.kind in levels]
    return "-".join([str(document), *numbers])


def _cn(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    if number < 100:
        return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
    return str(number)


class ClauseIndex:
    """The clause citation of passages, each source's text read and parsed once (exports, the
    report and the window ask for many codings of few sources)."""

    def __init__(self, project, texts: dict[int, str] | None = None) -> None:
        """``texts``: source texts the caller has already read (by id), not read again."""
        self._project = project
        self._texts = texts or {}
        self._trees: dict[int, list[Unit]] = {}

    def units(self, source_id: int, start: int, end: int) -> list[Unit]:
        if source_id not in self._trees:
            text = self._texts.get(source_id)
            if text is None:
                try:
                    text = self._project.sources.text(source_id) or ""
                except Exception:  # an image, or a source deleted meanwhile: no clauses
                    text = ""
            self._trees[source_id] = clause_tree(text) if text else []
        return units_at(self._trees[source_id], start, end) if self._trees[source_id] else []

    def unit_key(self, source_id: int, start: int | None, end: int | None) -> tuple | None:
        """What identifies the clause a passage lies in, for counting clauses (None: the
        passage is in no clause, or is a region without text)."""
        if start is None or end is None:
            return None
        units = self.units(source_id, start, end)
        return ("clause", source_id, units[0].start) if units else None

    def cite(self, source_id: int, start: int | None, end: int | None) -> str:
        """"第二章第三条第（三）项" (several clauses joined by 、); "" where there is none."""
        if start is None or end is None:
            return ""
        return "、".join(dict.fromkeys(citation(u) for u in self.units(source_id, start, end)))

    def code(self, source_id: int, start: int | None, end: int | None, document: int | str,
             levels: tuple[str, ...] = ()) -> str:
        """The clause code of a passage ("12-3-2": document 12, chapter 3, article 2; only the
        kinds in ``levels`` when given); "" where the source has no clauses there."""
        if start is None or end is None:
            return ""
        units = self.units(source_id, start, end)
        return clause_code(document, units[0], levels) if units else ""


UNIT_KINDS = ("attachment", "part", "chapter", "section", "article", "paragraph", "item1",
              "item2", "item3", "item4", "item5")
