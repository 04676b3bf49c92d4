"""The coded data as a spreadsheet for SPSS, R and Excel: CSV, XLSX or JSON.

    export_dataset(project, "codings.xlsx")                       # one row per coding
    export_dataset(project, "cases.csv", what="case-matrix", presence=True)
    export_dataset(project, "links.json", what="interactions")

Headers are in the project's language (中文 for a Chinese study) unless ``keys=True`` asks for
ASCII names SPSS and R accept (``element_path``, ``source_title``, elements as their template key
or ``e12``, cases as ``case_3``); JSON always uses the keys. Rules: one row per coding; the cases
of its source are one 0/1 column per case (a coding in two cases is one row with two 1s, so a
count of rows is a count of codings); matrices count a parent element's codings with its
children's (``analysis.rollup``); the interactions table has one row per evidence quote (JSON: a
list per interaction). XLSX dates are dates and numbers numbers. CSV is UTF-8 with a byte-order mark so Excel shows Chinese; every file is written beside
the target and moved into place, so a failed export never leaves half a file.
"""
from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import InvalidInputError
from ..i18n import tr
from .writing import atomic_target
from .report.counts import Crosstab, Facts, case_by_element, source_by_element

if TYPE_CHECKING:
    from ..core import Project

FORMATS = ("csv", "xlsx", "json")
WHAT = ("codings", "case-matrix", "source-matrix", "interactions")
CODING_KEYS = ("id", "guid", "element", "element_path", "source_id", "source_title",
               "source_type", "date", "period", "origin_url", "page", "clause", "clause_code", "start",
               "end",
               "quote", "x", "y", "width", "height", "coder", "memo", "created")
INTERACTION_KEYS = ("id", "from", "to", "type", "sign", "period", "evidence_count",
                    "coding_id", "source_id", "source_title", "page", "quote", "note", "coder")
EVIDENCE_KEYS = ("coding_id", "source_id", "source_title", "page", "quote")
DATE_KEYS = {"date", "created", "capture_time"}  # written to XLSX as dates, not text
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2}))?")
CODEBOOK_KEYS = ("column", "element_id", "element_path", "definition")
ZH = {
    "id": "编号", "guid": "GUID", "element": "要素", "element_path": "要素路径",
    "source_id": "资料编号", "source_title": "资料标题", "source_type": "资料类型",
    "date": "日期", "period": "阶段", "cases": "案例", "origin_url": "来源网址", "page": "页码",
    "clause": "条款", "clause_code": "条款编码",
    "start": "起点", "end": "终点", "quote": "引文", "x": "X", "y": "Y", "width": "宽",
    "height": "高", "coder": "编码者", "memo": "备忘", "created": "创建时间",
    "coding_id": "编码编号", "agency": "发文机关", "document_number": "文号",
    "capture_time": "存档时间", "description": "说明",
    "from": "作用方", "to": "被作用方", "type": "作用类型", "sign": "正负",
    "evidence_count": "证据数", "note": "说明",
    "case": "案例", "source": "资料", "column": "列名", "element_id": "要素编号",
    "definition": "定义",
}
SHEETS = {"codings": ("编码", "Codings"), "case-matrix": ("案例×要素", "Case x element"),
          "source-matrix": ("资料×要素", "Source x element"),
          "interactions": ("互动关系", "Interactions"), "codebook": ("编码手册", "Codebook")}
# Characters an XLSX cell cannot hold (control characters other than tab and newlines).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Table:
    """Named columns (English keys) and rows of plain values, plus headers for people.
    ``nested`` (JSON): records with lists in them, where the flat rows repeat a parent."""

    def __init__(self, keys: list[str], rows: list[list[Any]], headers: list[str],
                 nested: list[dict[str, Any]] | None = None):
        self.keys, self.rows, self.headers, self.nested = keys, rows, headers, nested

    def records(self) -> list[dict[str, Any]]:
        if self.nested is not None:
            return self.nested
        return [dict(zip(self.keys, row)) for row in self.rows]


def variable_name(text: str, taken: set[str], prefix: str = "v") -> str:
    """An ASCII name SPSS and R accept: a letter first, then letters, digits and _, at most 64
    characters, unique among ``taken``."""
    name = re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_")[:60]
    if not name or not name[0].isalpha():
        name = f"{prefix}_{name}" if name else prefix
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate, n = f"{name}_{n}", n + 1
    taken.add(candidate.lower())
    return candidate


def element_keys(elements) -> dict[int, str]:
    """Each element's variable name: its template key when it has an ASCII one, else e<id>."""
    taken: set[str] = set()
    return {e.id: variable_name(e.template_key or f"e{e.id}", taken, "e") for e in elements}


def _headers(keys, language: str, use_keys: bool) -> list[str]:
    return list(keys) if use_keys or language != "zh" else [ZH.get(k, k) for k in keys]


def _language(project: "Project", language: str | None) -> str:
    return language or ("zh" if project.language.startswith("zh") else "en")


class PageFinder:
    """``sources.page_at`` with each source's page blocks read once (10,000 codings would
    otherwise parse a source's blocks 10,000 times)."""

    def __init__(self, project: "Project"):
        self.project, self.cache = project, {}

    def __call__(self, source_id: int, offset: int | None) -> int | None:
        if offset is None:
            return None
        if source_id not in self.cache:
            self.cache[source_id] = [b for b in self.project.sources.blocks(source_id)
                                     if b.kind == "page"]
        for block in self.cache[source_id]:
            if block.start <= offset <= block.end:
                return block.level
        return None


def coding_table(project: "Project", *, keys: bool = False, language: str | None = None,
                 facts: Facts | None = None, codings=None,
                 clause_levels: tuple[str, ...] = ()) -> Table:
    """One row per coding, in reading order; ``codings`` (ids or Coding objects) limits the rows
    to those codings, kept in the order given."""
    language = _language(project, language)
    facts = facts or Facts.read(project, language)
    paths = {e.id: e.path for e in facts.elements}
    page = PageFinder(project)
    from ..analysis.clauses import ClauseIndex

    clauses = ClauseIndex(project)  # 第五条第二款 / 三（二）1 where the source has clauses
    # The clause code's document number is the source's number in the report's 资料清单 (S12).
    numbers = {sid: n for n, sid in enumerate(sorted(facts.sources), start=1)}
    rows = []
    chosen = facts.codings
    if codings is not None:
        by_id = {c.id: c for c in facts.codings}
        wanted = [getattr(c, "id", c) for c in codings]
        chosen = [by_id[i] for i in dict.fromkeys(wanted) if i in by_id]
    # One 0/1 column per case (never "东湖区; 江临市" in one cell): a row stays one coding, so
    # counts by row agree with every other table.
    cases = [name for _id, name in facts.cases]
    taken: set[str] = set(CODING_KEYS)
    case_keys = [variable_name(f"case_{case_id}", taken) for case_id, _ in facts.cases]
    case_heads = case_keys if keys or language != "zh" else [f"案例：{n}" for n in cases]
    if not keys and language != "zh":
        case_heads = [f"case: {n}" for n in cases]
    from .report.evidence import region_text

    for c in chosen:
        s = facts.sources[c.source_id]
        r = c.rect
        quote = c.snippet or (region_text(project, c) if r is not None else "")
        rows.append([c.id, c.guid, c.element_name, paths.get(c.element_id, c.element_name),
                     s.id, s.title, s.source_type or "", s.date or "",
                     facts.period_of_source[s.id] or "", s.origin_url,
                     page(s.id, c.start), clauses.cite(s.id, c.start, c.end),
                     clauses.code(s.id, c.start, c.end, numbers.get(s.id, s.id), clause_levels),
                     c.start, c.end,
                     " ".join(quote.split()) if r else quote,
                     *((r.x, r.y, r.width, r.height) if r else (None,) * 4),
                     c.coder, c.memo, c.created, *(1 if n in s.cases else 0 for n in cases)])
    return Table([*CODING_KEYS, *case_keys], rows,
                 _headers(CODING_KEYS, language, keys) + case_heads)


def matrix_table(project: "Project", what: str = "case-matrix", *, presence: bool = False,
                 keys: bool = False, language: str | None = None,
                 facts: Facts | None = None, attributes: bool = False) -> Table:
    """Cases (or sources) as rows, one column per element: counts of codings, or 0/1."""
    language = _language(project, language)
    facts = facts or Facts.read(project, language)
    cross: Crosstab = (case_by_element if what == "case-matrix" else source_by_element)(facts)
    if presence:
        cross = cross.presence()
    first = "case" if what == "case-matrix" else "source"
    head = ["id", first]
    extra_keys, extra = _attributes(project, facts, what, cross.row_ids, keys) if attributes \
        else ([], {})
    columns = cross.columns
    if keys:  # ASCII variable names; the codebook sheet says which element each one is
        names = element_keys(facts.ordered)
        columns = [names[i] for i in cross.column_ids] if cross.column_ids else columns
    rows = [[row_id, name, *extra.get(row_id, [None] * len(extra_keys)), *cells]
            for row_id, name, cells in zip(cross.row_ids, cross.rows, cross.cells)]
    return Table(head + extra_keys + columns, rows,
                 _headers(head + extra_keys, language, keys) + columns)


def _attributes(project: "Project", facts: Facts, what: str, row_ids,
                keys: bool) -> tuple[list, dict]:
    """The case attributes (or the source's type, date, agency …) as columns before the
    elements, numbers as numbers."""
    if what == "case-matrix":
        attributes = project.cases.attributes()
        taken: set[str] = {"id", "case"}
        names = [variable_name(a.name, taken, "a") if keys else a.name for a in attributes]
        by_id = {c.id: c for c in project.cases.list()}
        values = {}
        for case_id in row_ids:
            case = by_id.get(case_id)
            row = []
            for a in attributes:
                value = case.attributes.get(a.name) if case else None
                if a.kind == "number" and value not in (None, ""):
                    try:
                        value = float(value) if "." in str(value) else int(value)
                    except ValueError:
                        pass
                row.append(value)
            values[case_id] = row
        return names, values
    keys = ["source_type", "date", "period", "agency", "document_number", "origin_url",
            "capture_time"]
    values = {}
    for source_id in row_ids:
        s = facts.sources[source_id]
        values[source_id] = [s.source_type or "", s.date or "",
                             facts.period_of_source[source_id] or "", s.agency,
                             s.document_number, s.origin_url, s.capture_time or ""]
    return keys, values


def codebook_table(project: "Project", *, keys: bool = False, language: str | None = None,
                   facts: Facts | None = None) -> Table:
    """Which element each matrix column is (columns are named after the elements)."""
    language = _language(project, language)
    facts = facts or Facts.read(project, language)
    names = element_keys(facts.ordered)
    rows = [[names[e.id] if keys else label, e.id, e.path, e.definition]
            for label, e in zip(facts.element_labels(), facts.ordered)]
    return Table(list(CODEBOOK_KEYS), rows, _headers(CODEBOOK_KEYS, language, keys))


def interaction_table(project: "Project", *, keys: bool = False,
                      language: str | None = None) -> Table:
    """One row per evidence quote (the interaction repeated, with the coding's and the source's
    ids); an interaction without evidence has one row. JSON: one record per interaction with its
    ``evidence`` as a list."""
    from .report.evidence import region_text

    language = _language(project, language)
    page = PageFinder(project)
    sources = {s.id: s for s in project.sources.list()}
    seen: dict[int, list] = {}
    rows, nested = [], []
    for i in project.interactions.list():
        head = [i.id, i.from_name, i.to_name, i.type_name, "+" if i.sign > 0 else "-",
                i.period or "", len(i.evidence)]
        evidence = []
        for coding_id in i.evidence:
            if coding_id not in seen:
                c = project.codings.get(coding_id)
                quote = c.snippet or (region_text(project, c) if c.rect is not None else "")
                if not quote and c.rect is not None:
                    quote = f"[{c.rect.x},{c.rect.y},{c.rect.width},{c.rect.height}]"
                seen[coding_id] = [c.id, c.source_id, sources[c.source_id].title,
                                   page(c.source_id, c.start), quote]
            evidence.append(seen[coding_id])
        for item in evidence or [[None] * len(EVIDENCE_KEYS)]:
            rows.append([*head, *item, i.note, i.coder])
        record = dict(zip(INTERACTION_KEYS[:7], head))
        record.update(evidence=[dict(zip(EVIDENCE_KEYS, e)) for e in evidence], note=i.note,
                      coder=i.coder)
        nested.append(record)
    return Table(list(INTERACTION_KEYS), rows, _headers(INTERACTION_KEYS, language, keys),
                 nested)


# ----- writing ------------------------------------------------------------------------------
def write_csv(table: Table, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(table.headers)
        writer.writerows([["" if v is None else v for v in row] for row in table.rows])


def write_json(table: Table, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(table.records(), handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def write_xlsx(sheets: list[tuple[str, Table]], path: Path) -> None:
    """One worksheet per table: bold shaded header, frozen header row, widths by content."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
    for title, table in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.freeze_panes = "A2"
        for index, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[_column_letter(index)].width = width
        header = []
        for text in table.headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(vertical="center")
            header.append(cell)
        sheet.append(header)
        dated = {j for j, key in enumerate(table.keys) if key in DATE_KEYS}
        for row in table.rows:
            sheet.append([_date_cell(sheet, value) if j in dated else _cell(sheet, value)
                          for j, value in enumerate(row)])
    book.save(path)


def _cell(sheet, value: Any):
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=_ILLEGAL.sub("", value))
    cell.data_type = "s"  # a quote starting with “=” is text, not a formula
    return cell


def _date_cell(sheet, value: Any):
    """An ISO date (2016-03-01) or time (2026-12-06T18:57:05Z) as an Excel date, so sorting and
    SPSS/R read it as one; anything else (a partial date such as 2016) stays as it is."""
    import datetime

    from openpyxl.cell import WriteOnlyCell

    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if match is None:
        return _cell(sheet, value)
    parts = [int(p) for p in match.groups() if p is not None]
    try:
        when = datetime.datetime(*parts) if len(parts) == 6 else datetime.date(*parts)
    except ValueError:
        return _cell(sheet, value)
    cell = WriteOnlyCell(sheet, value=when)
    cell.number_format = "yyyy-mm-dd hh:mm:ss" if len(parts) == 6 else "yyyy-mm-dd"
    return cell


def _widths(table: Table) -> list[float]:
    """Column widths in characters (a Chinese character counts two), between 6 and 60."""
    def width(value: Any) -> int:
        text = "" if value is None else str(value).split("\n", 1)[0]
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text[:80])
    widths = []
    for j, header in enumerate(table.headers):
        sample = [width(row[j]) for row in table.rows[:200]]
        widths.append(min(60.0, max(6.0, width(header) + 2, *(w + 2 for w in sample))))
    return widths


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def export_dataset(project: "Project", path: str | os.PathLike, *, fmt: str | None = None,
                   what: str = "codings", presence: bool = False, keys: bool = False,
                   language: str | None = None, codings=None,
                   attributes: bool = False, clause_levels: tuple[str, ...] = ()) -> Path:
    """Write one table of the project (``what``) as CSV, XLSX or JSON (``fmt``, else from the
    suffix); XLSX matrices get a second sheet mapping each column to its element. ``codings``
    (ids or Coding objects) exports only those codings (``what="codings"``). ``keys``: ASCII
    column names (elements as their template key or e<id>) for SPSS and R; ``attributes``: the
    case's attributes (or the source's type, date, agency …) as columns of a matrix."""
    target = Path(path)
    fmt = (fmt or target.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InvalidInputError(tr(
            "{name} cannot be written: the data is exported as .csv, .xlsx or .json.",
            name=target.name))
    if what not in WHAT:
        raise InvalidInputError(tr("“{what}” is not a table the workbench exports.", what=what))
    language = _language(project, language)
    facts = Facts.read(project, language)
    if what == "codings":
        table = coding_table(project, keys=keys, language=language, facts=facts,
                             codings=codings, clause_levels=clause_levels)
    elif what == "interactions":
        table = interaction_table(project, keys=keys, language=language)
    else:
        table = matrix_table(project, what, presence=presence, keys=keys, language=language,
                             facts=facts, attributes=attributes)
    zh = 0 if language == "zh" else 1
    with atomic_target(target) as temporary:
        if fmt == "csv":
            write_csv(table, temporary)
        elif fmt == "json":
            write_json(table, temporary)
        else:
            sheets = [(SHEETS[what][zh], table)]
            if what != "interactions":
                sheets.append((SHEETS["codebook"][zh],
                               codebook_table(project, keys=keys, language=language,
                                              facts=facts)))
            write_xlsx(sheets, temporary)
    return target
