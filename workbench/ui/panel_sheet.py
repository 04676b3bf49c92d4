"""Filling case attributes from a spreadsheet (CSV or XLSX) that researchers keep anyway: first
column = case name, header row = attribute names. Bad cells are refused one by one, with the
reason, while everything else goes in — as one undo step."""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..core import InvalidInputError, NotFoundError, Project
from ..i18n import tr

# A column with one of these headers fills the case's description, not an attribute.
DESCRIPTION_HEADERS = {"description", "描述", "说明", "简介"}


@dataclass
class FillResult:
    cases_created: list[str] = field(default_factory=list)
    cases_filled: int = 0
    attributes_created: list[str] = field(default_factory=list)
    values_set: int = 0
    refused: list[tuple[int, str, str, str]] = field(default_factory=list)  # row, col, header, why


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else \
            value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 12 as 12.0
    return str(value).strip()


def read_sheet(path: str | Path) -> list[list[str]]:
    """The cells of a CSV (UTF-8, UTF-8 with BOM or GB18030) or of an XLSX's first sheet."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook  # loaded only when a sheet is actually read
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = [[cell_text(v) for v in row] for row in book.worksheets[0].iter_rows(
                values_only=True)]
        finally:
            book.close()
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:  # Excel in Chinese Windows saves CSV in GB18030 (GBK)
            text = raw.decode("gb18030")
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def fill_cases(project: Project, rows: list[list[str]]) -> FillResult:
    """Create unknown cases and (text) attributes, set every value that fits its attribute's
    type, and collect the refused cells. Empty cells leave existing values alone."""
    if len(rows) < 2 or len(rows[0]) < 2:
        raise InvalidInputError(
            tr("The sheet needs a header row and a first column of case names."))
    result = FillResult()
    header = rows[0]
    known_cases = {c.name for c in project.cases.list()}
    known_attributes = {a.name for a in project.cases.attributes()}
    columns: dict[int, str] = {}
    with project.grouped("Fill cases from sheet"):
        for col, name in enumerate(header[1:], start=1):
            if not name:
                continue
            if name.casefold() in DESCRIPTION_HEADERS:
                columns[col] = ""  # "" = the description
                continue
            if name not in known_attributes:
                project.cases.add_attribute(name, "text")
                known_attributes.add(name)
                result.attributes_created.append(name)
            columns[col] = name
        for number, row in enumerate(rows[1:], start=2):
            name = row[0] if row else ""
            if not name:
                if any(row):
                    result.refused.append((number, "A", header[0], tr("no case name")))
                continue
            if name not in known_cases:
                project.cases.add(name)
                known_cases.add(name)
                result.cases_created.append(name)
            result.cases_filled += 1
            for col, value in enumerate(row[1:], start=1):
                if not value:
                    continue
                if col not in columns:
                    result.refused.append((number, column_letter(col), "",
                                           tr("the column has no name")))
                    continue
                try:
                    if columns[col]:
                        project.cases.set_value(name, columns[col], value)
                    else:
                        project.cases.update(project.cases.find(name).id, description=value)
                    result.values_set += 1
                except (InvalidInputError, NotFoundError) as exc:  # checked before any write
                    result.refused.append((number, column_letter(col), header[col], str(exc)))
    return result


def summary(result: FillResult, limit: int = 30) -> str:
    """One message about the whole fill, listing each refused cell."""
    lines = [tr(
        "{cases} cases filled ({new} new), {values} values set, {attributes} new attributes.",
        cases=result.cases_filled, new=len(result.cases_created), values=result.values_set,
        attributes=len(result.attributes_created))]
    if result.refused:
        lines.append("")
        lines.append(tr("{count} cells were refused:", count=len(result.refused)))
        for row, col, head, why in result.refused[:limit]:
            lines.append(tr("Row {row}, column {column} ({header}): {reason}", row=row,
                            column=col, header=head, reason=why))
        if len(result.refused) > limit:
            lines.append(tr("… and {count} more.", count=len(result.refused) - limit))
    return "\n".join(lines)
