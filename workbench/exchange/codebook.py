"""The codebook (element tree with definition, inclusion, exclusion, example and colour) as a
spreadsheet or a REFI-QDA codebook, out and back in.

    export_codebook(project, "codebook.xlsx")      # .xlsx, .csv (UTF-8 with BOM) or .qdc
    report = import_codebook(project, "codebook.qdc")   # one undo step

Spreadsheets have one row per element, named by its path ("Parent/Child"); importing one creates
missing elements (parents included) and updates the fields of existing ones. Empty cells leave a
field as it is, so a sheet with only paths and colours cannot wipe the definitions. A row with a
bad colour is skipped and reported, never half-applied. The .qdc side lives in ``refi_codebook``.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import InvalidInputError
from ..i18n import tr

if TYPE_CHECKING:
    from ..core import Project

FIELDS = ("path", "definition", "inclusion", "exclusion", "example", "color")
TEXT_FIELDS = FIELDS[1:5]
HEADERS = {"en": ("Element path", "Definition", "Inclusion", "Exclusion", "Example", "Colour"),
           "zh": ("要素路径", "定义", "纳入标准", "排除标准", "示例", "颜色")}
# Headers a researcher may have typed by hand, in either language.
_ALIASES = {"element": "path", "code": "path", "要素": "path", "编码": "path", "路径": "path",
            "colour": "color", "inclusion criteria": "inclusion", "纳入": "inclusion",
            "exclusion criteria": "exclusion", "排除": "exclusion", "例子": "example",
            "范例": "example"}
_WIDTHS = (30, 50, 40, 40, 40, 10)
_HEX = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


@dataclass
class CodebookImportReport:
    added: int = 0  # elements created, parents made on the way included
    updated: int = 0  # existing elements whose fields changed
    skipped: list[str] = field(default_factory=list)  # one sentence per refused row or code
    unchanged: int = 0  # existing elements the file describes exactly as they are


@dataclass(frozen=True)
class CodebookRow:
    """One element as a file describes it; ``guid`` only from REFI-QDA files."""

    where: str  # "Row 5 (A/B)" / "Code “A/B”" (translated), for the report
    parts: tuple[str, ...]
    fields: dict[str, str]
    guid: str | None = None


def export_codebook(project: "Project", path: str | os.PathLike,
                    language: str | None = None) -> Path:
    """Write the codebook by suffix: .xlsx, .csv or .qdc. Headers (and the labels inside a
    .qdc description) follow ``language``, by default the project's."""
    target = Path(path)
    suffix = target.suffix.lower()
    language = "zh" if (language or project.language).startswith("zh") else "en"
    if suffix not in (".xlsx", ".csv", ".qdc"):
        raise InvalidInputError(tr(
            "{name} cannot be written: a codebook is saved as .xlsx, .csv or .qdc.",
            name=target.name))
    if not target.parent.is_dir():
        raise InvalidInputError(tr("The folder {folder} does not exist.", folder=target.parent))
    elements = project.elements.list()
    rows = [(e.path, e.definition, e.inclusion, e.exclusion, e.example, e.color) for e in elements]
    from ..exporters.writing import atomic_target  # one sentence naming target; no leftovers

    with atomic_target(target) as temporary:
        if suffix == ".xlsx":
            _write_xlsx(temporary, HEADERS[language], rows)
        elif suffix == ".csv":
            # The BOM is what makes Excel on a Chinese Windows read the file as UTF-8.
            with open(temporary, "w", encoding="utf-8-sig", newline="") as handle:
                csv.writer(handle).writerows([HEADERS[language], *rows])
        else:
            from .refi_codebook import write_qdc
            write_qdc(temporary, elements, language)
    return target


def _write_xlsx(target: Path, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Codebook" if headers[0] == HEADERS["en"][0] else "编码本"
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.border = Border(bottom=Side(style="thin"))
        cell.alignment = Alignment(vertical="center")
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells[:5]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        colour = str(cells[5].value or "").lstrip("#")
        if len(colour) == 6:  # show the colour itself next to its code
            cells[5].fill = PatternFill("solid", fgColor=colour)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(target)


def import_codebook(project: "Project", path: str | os.PathLike, *,
                    schema: str | os.PathLike | None = None) -> CodebookImportReport:
    """Read a codebook (.xlsx, .csv or .qdc) into the project as one undoable step.
    ``schema`` overrides the REFI-QDA Codebook.xsd a .qdc is validated against."""
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".qdc"):
        raise InvalidInputError(tr(
            "{name} cannot be imported: a codebook is read from .xlsx, .csv or .qdc.",
            name=source.name))
    if not source.is_file():
        raise InvalidInputError(tr("{path} does not exist.", path=source))
    report = CodebookImportReport()
    if suffix == ".qdc":
        from .refi_codebook import read_qdc
        rows = read_qdc(source, schema)
    else:
        table = _read_xlsx(source) if suffix == ".xlsx" else _read_csv(source)
        rows = _table_rows(source, table, report)
    _apply(project, rows, report)
    return report


def _read_csv(source: Path) -> list[list[str]]:
    data = source.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # what Excel on a Chinese Windows writes when told "CSV"
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InvalidInputError(tr("{name} is neither UTF-8 nor GB18030 text; "
                                       "save it as “CSV UTF-8”.", name=source.name)) from None
    # A NUL is never part of a cell (only of a damaged file) and SQLite would end a name at it.
    return list(csv.reader(io.StringIO(text.replace("\x00", ""), newline="")))


def _read_xlsx(source: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    from ..importers.manifest import MAX_WORKBOOK, XLSX_DAMAGE
    from ..importers.zipguard import PackageProblem, check_package

    try:  # zip bombs and DTDs (entity expansion, external entities) before openpyxl reads it
        check_package(source, MAX_WORKBOOK)
    except PackageProblem as problem:
        if problem.kind != "damaged":
            raise InvalidInputError(tr(
                "{name} is packed in a way Excel never writes (a zip bomb, or a DTD with "
                "entities), so it is not opened; save it again in Excel or WPS and import that.",
                name=source.name)) from None
    try:
        book = load_workbook(source, read_only=True, data_only=True)
        try:  # read-only sheets are parsed while the rows are read: damage shows up here too
            return [["" if value is None else str(value) for value in row]
                    for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    except XLSX_DAMAGE:  # the zip, XML, number and key errors of a damaged or foreign file
        raise InvalidInputError(tr("{name} is not an Excel workbook (.xlsx) that can be read.",
                                   name=source.name)) from None


def _table_rows(source: Path, table: list[list[str]],
                report: CodebookImportReport) -> list[CodebookRow]:
    header = table[0] if table else []
    columns = {}
    for index, title in enumerate(header):
        name = _field_of(title)
        if name and name not in columns:
            columns[name] = index
    if "path" not in columns:
        raise InvalidInputError(tr("{name} has no “{header}” (or “{header_zh}”) column in its "
                                   "first row.", name=source.name, header=HEADERS["en"][0],
                                   header_zh=HEADERS["zh"][0]))
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        value = {name: (cells[i].strip() if i < len(cells) else "") for name, i in columns.items()}
        parts = tuple(p.strip() for p in value.pop("path").split("/") if p.strip())
        if not parts:
            if any(value.values()):
                report.skipped.append(tr("Row {number} has no element path.", number=number))
            continue
        where = tr("Row {number} ({path})", number=number, path="/".join(parts))
        rows.append(CodebookRow(where, parts, value))
    return rows


def _field_of(title: str) -> str | None:
    key = (title or "").strip().casefold()
    for language in HEADERS.values():
        for name, text in zip(FIELDS, language):
            if key == text.casefold():
                return name
    return _ALIASES.get(key) or (key if key in FIELDS else None)


def normal_color(value: str) -> str | None:
    """#RRGGBB in capitals, #RGB expanded; None if it is no colour."""
    match = _HEX.match(value.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits.upper()}"


def _apply(project: "Project", rows: list[CodebookRow], report: CodebookImportReport) -> None:
    existing = project.elements.list()
    by_place = {(e.parent_id, e.name): e for e in existing}
    by_guid = {e.guid.strip("{}").lower(): e for e in existing}
    # Every add/update below joins one undo step: the researcher undoes the whole import at once.
    with project.grouped("Import codebook"):
        for row in rows:
            fields = {k: v for k, v in row.fields.items() if k in TEXT_FIELDS and v}
            if row.fields.get("color"):
                color = normal_color(row.fields["color"])
                if color is None:
                    report.skipped.append(tr("{where}: the colour “{colour}” is not #RRGGBB.",
                                             where=row.where, colour=row.fields["color"]))
                    continue
                fields["color"] = color
            # A REFI-QDA code whose guid the project knows is that element, wherever it sits.
            known = by_guid.get((row.guid or "").strip("{}").lower())
            if known is not None:
                _update(project, known, fields, by_place, report)
                continue
            parent_id = None
            for depth, name in enumerate(row.parts):
                last = depth == len(row.parts) - 1
                found = by_place.get((parent_id, name))
                if found is None:
                    found = project.elements.add(name, parent_id=parent_id,
                                                 **(fields if last else {}))
                    by_place[(parent_id, name)] = found
                    report.added += 1
                elif last:
                    _update(project, found, fields, by_place, report)
                parent_id = found.id


def _update(project: "Project", element, fields: dict[str, str], by_place: dict,
            report: CodebookImportReport) -> None:
    changes = {k: v for k, v in fields.items() if getattr(element, k) != v}
    if not changes:
        report.unchanged += 1
        return
    element = project.elements.update(element.id, **changes)
    by_place[(element.parent_id, element.name)] = element
    report.updated += 1
