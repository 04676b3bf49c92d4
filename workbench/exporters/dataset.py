"""The coded data as a spreadsheet for SPSS, R and Excel: CSV, XLSX or JSON.

    export_dataset(project, "codings.xlsx")                       # one row per coding
    export_dataset(project, "cases.csv", what="case-matrix", presence=True)
    export_dataset(project, "links.json", what="interactions")

Headers are in the project's language (中文 for a Chinese study) unless ``keys=True`` asks for
the English keys R and pandas like (``element_path``, ``source_title``…); JSON always uses the
keys. CSV is UTF-8 with a byte-order mark so Excel shows Chinese; every file is written beside
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
               "source_type", "date", "period", "cases", "origin_url", "page", "start", "end",
               "quote", "x", "y", "width", "height", "coder", "memo", "created")
INTERACTION_KEYS = ("id", "from", "to", "type", "sign", "period", "evidence_count",
                    "evidence_quotes", "note", "coder")
CODEBOOK_KEYS = ("column", "element_id", "element_path", "definition")
ZH = {
    "id": "编号", "guid": "GUID", "element": "要素", "element_path": "要素路径",
    "source_id": "资料编号", "source_title": "资料标题", "source_type": "资料类型",
    "date": "日期", "period": "阶段", "cases": "案例", "origin_url": "来源网址", "page": "页码",
    "start": "起点", "end": "终点", "quote": "引文", "x": "X", "y": "Y", "width": "宽",
    "height": "高", "coder": "编码者", "memo": "备忘", "created": "创建时间",
    "from": "作用方", "to": "被作用方", "type": "作用类型", "sign": "正负",
    "evidence_count": "证据数", "evidence_quotes": "证据引文", "note": "说明",
    "case": "案例", "source": "资料", "column": "列名", "element_id": "要素编号",
    "definition": "定义",
}
SHEETS = {"codings": ("编码", "Codings"), "case-matrix": ("案例×要素", "Case x element"),
          "source-matrix": ("资料×要素", "Source x element"),
          "interactions": ("互动关系", "Interactions"), "codebook": ("编码手册", "Codebook")}
QUOTE_SEPARATOR = "\n"
# Characters an XLSX cell cannot hold (control characters other than tab and newlines).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Table:
    """Named columns (English keys) and rows of plain values, plus headers for people."""

    def __init__(self, keys: list[str], rows: list[list[Any]], headers: list[str]):
        self.keys, self.rows, self.headers = keys, rows, headers

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.keys, row)) for row in self.rows]


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
                 facts: Facts | None = None, codings=None) -> Table:
    """One row per coding, in reading order; ``codings`` (ids or Coding objects) limits the rows
    to those codings, kept in the order given."""
    language = _language(project, language)
    facts = facts or Facts.read(project, language)
    paths = {e.id: e.path for e in facts.elements}
    page = PageFinder(project)
    rows = []
    chosen = facts.codings
    if codings is not None:
        by_id = {c.id: c for c in facts.codings}
        wanted = [getattr(c, "id", c) for c in codings]
        chosen = [by_id[i] for i in dict.fromkeys(wanted) if i in by_id]
    for c in chosen:
        s = facts.sources[c.source_id]
        r = c.rect
        rows.append([c.id, c.guid, c.element_name, paths.get(c.element_id, c.element_name),
                     s.id, s.title, s.source_type or "", s.date or "",
                     facts.period_of_source[s.id] or "", "; ".join(s.cases), s.origin_url,
                     page(s.id, c.start), c.start, c.end, c.snippet or "",
                     *((r.x, r.y, r.width, r.height) if r else (None,) * 4),
                     c.coder, c.memo, c.created])
    return Table(list(CODING_KEYS), rows, _headers(CODING_KEYS, language, keys))


def matrix_table(project: "Project", what: str = "case-matrix", *, presence: bool = False,
                 keys: bool = False, language: str | None = None,
                 facts: Facts | None = None) -> Table:
    """Cases (or sources) as rows, one column per element: counts of codings, or 0/1."""
    language = _language(project, language)
    facts = facts or Facts.read(project, language)
    cross: Crosstab = (case_by_element if what == "case-matrix" else source_by_element)(facts)
    if presence:
        cross = cross.presence()
    first = "case" if what == "case-matrix" else "source"
    head = ["id", first]
    rows = [[row_id, name, *cells]
            for row_id, name, cells in zip(cross.row_ids, cross.rows, cross.cells)]
    return Table(head + cross.columns, rows, _headers(head, language, keys) + cross.columns)


def codebook_table(project: "Project", *, keys: bool = False, language: str | None = None,
                   facts: Facts | None = None) -> Table:
    """Which element each matrix column is (columns are named after the elements)."""
    language = _language(project, language)
    facts = facts or Facts.read(project, language)
    rows = [[label, e.id, e.path, e.definition]
            for label, e in zip(facts.element_labels(), facts.elements)]
    return Table(list(CODEBOOK_KEYS), rows, _headers(CODEBOOK_KEYS, language, keys))


def interaction_table(project: "Project", *, keys: bool = False,
                      language: str | None = None) -> Table:
    """One row per interaction with its evidence quotes joined (one per line)."""
    language = _language(project, language)
    quotes: dict[int, str] = {}
    rows = []
    for i in project.interactions.list():
        texts = []
        for coding_id in i.evidence:
            if coding_id not in quotes:
                c = project.codings.get(coding_id)
                quotes[coding_id] = c.snippet or (
                    f"[{c.source_title}: {c.rect.x},{c.rect.y},{c.rect.width},{c.rect.height}]"
                    if c.rect else f"[{c.source_title}]")
            texts.append(quotes[coding_id])
        rows.append([i.id, i.from_name, i.to_name, i.type_name, "+" if i.sign > 0 else "-",
                     i.period or "", len(i.evidence), QUOTE_SEPARATOR.join(texts), i.note,
                     i.coder])
    return Table(list(INTERACTION_KEYS), rows, _headers(INTERACTION_KEYS, language, keys))


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
        for row in table.rows:
            sheet.append([_cell(sheet, value) for value in row])
    book.save(path)


def _cell(sheet, value: Any):
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=_ILLEGAL.sub("", value))
    cell.data_type = "s"  # a quote starting with “=” is text, not a formula
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
                   language: str | None = None, codings=None) -> Path:
    """Write one table of the project (``what``) as CSV, XLSX or JSON (``fmt``, else from the
    suffix); XLSX matrices get a second sheet mapping each column to its element. ``codings``
    (ids or Coding objects) exports only those codings (``what="codings"``)."""
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
                             codings=codings)
    elif what == "interactions":
        table = interaction_table(project, keys=keys, language=language)
    else:
        table = matrix_table(project, what, presence=presence, keys=keys, language=language,
                             facts=facts)
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
