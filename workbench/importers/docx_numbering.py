"""Word's automatic numbering (第一章, 5.1.1, 一、, (一), a), 1)) rendered as the reader sees it.

Word does not store these numbers in the text: a paragraph names a list (``w:numId``) and a level
(``w:ilvl``), directly or through its paragraph style, and numbering.xml says how each level
counts (``w:numFmt``), where it starts, when it restarts and how its label is written
(``w:lvlText`` such as "第%1章" or "%1.%2.%3"). Without them a clause cannot be cited.

docx2python 3.x renders numbering too, but only six formats (decimal, letters, Roman numerals,
bullets) and not the Chinese ones our users' documents are full of, so this is our own.
Counters are kept per abstract list, as Word does, so lists that share a definition continue
each other unless a ``w:startOverride`` restarts them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TW_DIGITS = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = [chr(0x2460 + i) for i in range(20)]  # ①..⑳
_PAREN = [chr(0x2474 + i) for i in range(20)]  # ⑴..⒇
_FULLSTOP = [chr(0x2488 + i) for i in range(20)]  # ⒈..⒛
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level only
    legal: bool = False  # w:isLgl: every number in the label written in decimal
    suffix: str = "tab"


@dataclass
class _List:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, _Level] = field(default_factory=dict)


class Numbering:
    """The numbering definitions of one document and the running counters."""

    def __init__(self, numbering_root: Any | None, styles_root: Any | None) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._links: dict[str, str] = {}  # abstract id -> style id (w:numStyleLink)
        self._lists: dict[str, _List] = {}
        self._style_num: dict[str, tuple[str | None, int | None, str | None]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._overridden: set[tuple[str, int]] = set()
        if styles_root is not None:
            for style in styles_root.iter(_W + "style"):
                num_pr = style.find(f"{_W}pPr/{_W}numPr")
                based = _val(style.find(_W + "basedOn"))
                num_id, ilvl = _num_pr(num_pr)
                self._style_num[style.get(_W + "styleId") or ""] = (num_id, ilvl, based)
        if numbering_root is None:
            return
        for abstract in numbering_root.iter(_W + "abstractNum"):
            key = abstract.get(_W + "abstractNumId") or ""
            self._abstract[key] = {_number(lvl.get(_W + "ilvl"), 0): _level(lvl)
                                   for lvl in abstract.iter(_W + "lvl")}
            link = _val(abstract.find(_W + "numStyleLink"))
            if link:
                self._links[key] = link
        for num in numbering_root.iter(_W + "num"):
            entry = _List(_val(num.find(_W + "abstractNumId")) or "")
            for override in num.iter(_W + "lvlOverride"):
                ilvl = _number(override.get(_W + "ilvl"), 0)
                start = _number(_val(override.find(_W + "startOverride")), None)
                if start is not None:
                    entry.start_overrides[ilvl] = start
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    entry.level_overrides[ilvl] = _level(lvl)
            self._lists[num.get(_W + "numId") or ""] = entry

    def label(self, ppr: Any | None, style_id: str | None) -> str:
        """The number of a paragraph (with what follows it), counting it; "" when unnumbered."""
        num_id, ilvl = _num_pr(ppr.find(_W + "numPr") if ppr is not None else None)
        if num_id is None or ilvl is None:
            style_num, style_lvl = self._from_style(style_id)
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else (style_lvl or 0)
        if not num_id or num_id == "0" or num_id not in self._lists:
            return ""
        entry = self._lists[num_id]
        abstract_id = self._resolve(entry.abstract)
        levels = self._abstract.get(abstract_id, {})
        level = self._level(entry, levels, ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if (num_id, ilvl) not in self._overridden and ilvl in entry.start_overrides:
            # A list that restarts a shared definition (a second "1." list) does so once.
            self._overridden.add((num_id, ilvl))
            counters.pop(ilvl, None)
            counters[ilvl] = entry.start_overrides[ilvl] - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = self._level(entry, levels, deeper)
            if restart is None or restart.restart is None or restart.restart > ilvl:
                del counters[deeper]
        return _render(level, lambda k: self._value(entry, levels, counters, k, level.legal))

    def _value(self, entry: _List, levels: dict[int, _Level], counters: dict[int, int],
               k: int, legal: bool) -> str:
        level = self._level(entry, levels, k) or _Level()
        value = counters.get(k, level.start)
        return format_number(value, "decimal" if legal else level.fmt)

    def _level(self, entry: _List, levels: dict[int, _Level], ilvl: int) -> _Level | None:
        return entry.level_overrides.get(ilvl) or levels.get(ilvl)

    def _resolve(self, abstract_id: str) -> str:
        """An abstract list that only links to a numbering style uses that style's list."""
        style = self._links.get(abstract_id)
        if style is None:
            return abstract_id
        num_id = self._style_num.get(style, (None, None, None))[0]
        target = self._lists.get(num_id or "")
        return target.abstract if target is not None and target.abstract != abstract_id \
            else abstract_id

    def _from_style(self, style_id: str | None) -> tuple[str | None, int | None]:
        """numId and ilvl given by the paragraph style or the styles it is based on."""
        seen: set[str] = set()
        num_id = ilvl = None
        while style_id and style_id not in seen and style_id in self._style_num:
            seen.add(style_id)
            style_num, style_lvl, based = self._style_num[style_id]
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_lvl
            style_id = based
        return num_id, ilvl


def _render(level: _Level, value: Any) -> str:
    if level.fmt == "none":
        return ""
    if level.fmt == "bullet":
        label = "•" if not level.text or any(0xE000 <= ord(c) <= 0xF8FF for c in level.text) \
            else level.text
    else:
        label = level.text
        for k in range(9, 0, -1):  # %10 does not exist; from 9 down so %1 never eats %1x
            if f"%{k}" in label:
                label = label.replace(f"%{k}", value(k - 1))
    if not label:
        return ""
    if level.suffix == "nothing" or label[-1] in "、，．：:）】」":
        return label
    return label + " "


def _level(lvl: Any) -> _Level:
    level = _Level()
    level.fmt = _val(lvl.find(_W + "numFmt")) or "decimal"
    text = lvl.find(_W + "lvlText")
    level.text = text.get(_W + "val") if text is not None and text.get(_W + "val") is not None \
        else ""
    start = _val(lvl.find(_W + "start"))
    level.start = _number(start, 1)
    restart = _val(lvl.find(_W + "lvlRestart"))
    level.restart = _number(restart, None)
    legal = lvl.find(_W + "isLgl")
    level.legal = legal is not None and _val(legal) not in ("0", "false")
    level.suffix = _val(lvl.find(_W + "suff")) or "tab"
    return level


def _num_pr(num_pr: Any | None) -> tuple[str | None, int | None]:
    if num_pr is None:
        return None, None
    num_id = _val(num_pr.find(_W + "numId"))
    ilvl = _val(num_pr.find(_W + "ilvl"))
    return num_id, _number(ilvl, None)


def _val(el: Any) -> str | None:
    return None if el is None else el.get(_W + "val")


def _number(value: str | None, default: Any) -> Any:
    """A counter value from the file, or ``default`` when it is missing, not a number or
    absurd (a damaged or hostile file must not refuse the document, nor make huge labels)."""
    if value is None or not value.strip().lstrip("-").isdigit() or len(value.strip()) > 6:
        return default
    return int(value)


def format_number(n: int, fmt: str) -> str:
    """``n`` written in a Word number format (w:numFmt); unknown formats in decimal."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):
        return chinese_counting(n, _CN_DIGITS)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, _CN_LEGAL, ten="拾", hundred="佰", thousand="仟", small=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_TW_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt in ("ideographTraditional", "ideographZodiac"):
        cycle = _TIANGAN if fmt == "ideographTraditional" else _DIZHI
        return cycle[(n - 1) % len(cycle)] if n >= 1 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return _PAREN[n - 1] if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return _FULLSTOP[n - 1] if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate({ord("0") + i: 0xFF10 + i for i in range(10)})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):  # a..z, aa..zz, … (capped: huge n in decimal)
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if 1 <= n <= 780 else str(n)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return str(n)


def chinese_counting(n: int, digits: str, *, ten: str = "十", hundred: str = "百",
                     thousand: str = "千", small: bool = True) -> str:
    """一, 十, 十一, 二十, 一百零一, 一千零二十 (1..9999, larger in digits). ``small``: 10..19
    are written 十, 十一 (not 一十一), as in everyday numbering."""
    if not 0 < n < 10000:
        return "".join(digits[int(d)] for d in str(n)) if n >= 0 else str(n)
    units = [(1000, thousand), (100, hundred), (10, ten), (1, "")]
    out: list[str] = []
    zero = False
    for size, name in units:
        d = n // size % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零" if digits[0] == "〇" else digits[0])  # 一百零一, not 一百〇一
            zero = False
        if not (small and size == 10 and d == 1 and not out):
            out.append(digits[d])
        out.append(name)
    return "".join(out)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for size, letters in _ROMAN:
        while n >= size:
            out.append(letters)
            n -= size
    return "".join(out)
