"""A manifest: a table (CSV or Excel) that describes the files of an import, one row per file.

Researchers keep such lists while collecting material: file name, title, date, type, case,
address, issuing agency, document number. Headings may be English or Chinese (文件名, 标题, 日期,
类型, 案例, 网址/链接, 发文机关, 文号) and may sit below a few title rows. A row's problems (a date
that does not exist, a missing or repeated file name) are reported as sentences and the rest is
used; only a table that cannot be read at all, or has no file-name column, is refused.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from . import messages as msg
from . import webarchive
from .dates import parse_date
from .document import ImportRefused
from .zipguard import PackageProblem, check_package

# Column -> the headings that name it, normalised (casefolded; no spaces, _ - or brackets).
_HEADINGS = {
    "file_name": ("文件名", "文件名称", "文件", "原文件名", "file", "filename", "name"),
    "title": ("标题", "题名", "名称", "文件标题", "文章标题", "title"),
    "date": ("日期", "发布日期", "发文日期", "成文日期", "发布时间", "时间", "date",
             "publicationdate", "published"),
    "source_type": ("类型", "文种", "材料类型", "资料类型", "来源类型", "type", "sourcetype",
                    "kind"),
    "case": ("案例", "案例名称", "所属案例", "case"),
    "url": ("网址", "链接", "原文链接", "来源网址", "网页地址", "地址", "url", "link", "address"),
    "agency": ("发文机关", "发布机构", "发文单位", "发布单位", "机构", "来源", "agency", "issuer"),
    "document_number": ("文号", "发文字号", "发文号", "文件编号", "documentnumber", "docno",
                        "number"),
}
_COLUMN_FOR = {heading: column for column, names in _HEADINGS.items() for heading in names}
_HEADER_ROWS = 10  # the heading row may follow a few title rows
# What openpyxl and the zipfile/XML/zlib modules under it raise for a damaged or foreign .xlsx
# (fuzzing found each one): caught where a workbook is read, turned into one sentence.
XLSX_DAMAGE = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, IndexError,
               AttributeError, SyntaxError, OSError, EOFError, NotImplementedError,
               OverflowError, RecursionError)
MAX_WORKBOOK = 256 * 1024 * 1024  # inflated; a list of 100,000 files is a few tens of MB
_CSV_SUFFIXES = {".csv", ".tsv", ".txt"}


class ManifestError(ImportRefused):
    """The manifest cannot be used at all: one sentence naming the file."""


@dataclass(frozen=True)
class ManifestRow:
    """What the manifest says about one file; empty strings / None where it says nothing."""

    row: int  # the row's number as the spreadsheet shows it (1-based)
    file_name: str
    title: str = ""
    date: str | None = None  # ISO "YYYY-MM-DD"
    source_type: str = ""
    case: str = ""
    url: str = ""
    agency: str = ""
    document_number: str = ""

    def capture(self) -> webarchive.ArchiveCapture | None:
        """The web-archive capture the row's address names, if it is one."""
        return webarchive.parse(self.url)


@dataclass
class Manifest:
    rows: list[ManifestRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one sentence per row problem

    def __post_init__(self) -> None:
        self._exact: dict[str, ManifestRow] = {}
        self._folded: dict[str, ManifestRow] = {}
        self._stems: dict[str, list[ManifestRow]] = {}
        for row in self.rows:
            name = _nfc(row.file_name)
            self._exact.setdefault(name, row)
            self._folded.setdefault(name.casefold(), row)
            for stem in {_stem(name), name.casefold()}:
                self._stems.setdefault(stem, []).append(row)

    def lookup(self, file_name: str) -> ManifestRow | None:
        """The row for a file: by exact name, then ignoring case, then by the name without its
        extension (a row "通知" or "通知.doc" for 通知.pdf); None when absent or ambiguous."""
        name = _nfc(PurePath(file_name.replace("\\", "/")).name)
        row = self._exact.get(name) or self._folded.get(name.casefold())
        if row is not None:
            return row
        candidates = {id(r): r for r in self._stems.get(_stem(name), [])}
        return next(iter(candidates.values())) if len(candidates) == 1 else None


def read_manifest(path: str | Path) -> Manifest:
    """Read a .csv (UTF-8, else GB18030 as Excel writes it on Chinese Windows) or .xlsx table."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in _CSV_SUFFIXES:
            table = _csv_rows(path.read_bytes(), path.name)
        elif suffix in (".xlsx", ".xlsm"):
            table = _xlsx_rows(path)
        else:
            raise ManifestError(path.name, msg.MANIFEST_FORMAT)
    except ManifestError:
        raise
    except PackageProblem as problem:
        reason = msg.MANIFEST_DAMAGED if problem.kind == "damaged" else msg.MANIFEST_UNSAFE
        raise ManifestError(path.name, reason) from problem
    except XLSX_DAMAGE as exc:  # a damaged workbook: zip, XML, number and key errors
        if isinstance(exc, OSError) and exc.filename is not None:  # the OS's, not the zip's
            raise ManifestError(path.name, msg.MANIFEST_UNREADABLE.format(
                detail=exc.strerror or exc)) from exc
        raise ManifestError(path.name, msg.MANIFEST_DAMAGED) from exc
    return _manifest(table, path.name)


def _csv_rows(data: bytes, name: str) -> list[tuple[int, list[Any]]]:
    for codec in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(codec)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ManifestError(name, msg.MANIFEST_ENCODING)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    # A NUL is never part of a cell (only of a damaged file) and SQLite would end a name at it.
    reader = csv.reader(io.StringIO(text.replace("\x00", ""), newline=""), dialect)
    return [(n, row) for n, row in enumerate(reader, start=1)]


def _xlsx_rows(path: Path) -> list[tuple[int, list[Any]]]:
    import openpyxl  # loaded lazily: only manifests need it

    check_package(path, MAX_WORKBOOK)  # zip bombs and DTDs, before openpyxl unpacks anything
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = [book.active, *[s for s in book.worksheets if s is not book.active]]
        for sheet in sheets:
            rows = [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), 1)]
            if _header(rows) is not None:
                return rows
        return rows if sheets else []
    finally:
        book.close()


def _header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[str, int]] | None:
    """(index in rows, column -> cell index) of the first row naming a file-name column."""
    for index, (_, cells) in enumerate(rows[:_HEADER_ROWS]):
        columns: dict[str, int] = {}
        for i, cell in enumerate(cells):
            column = _COLUMN_FOR.get(_heading(cell))
            if column is not None:
                columns.setdefault(column, i)
        if "file_name" in columns:
            return index, columns
    return None


def _manifest(rows: list[tuple[int, list[Any]]], name: str) -> Manifest:
    header = _header(rows)
    if header is None:
        raise ManifestError(name, msg.MANIFEST_NO_NAME_COLUMN)
    start, columns = header
    result: list[ManifestRow] = []
    problems: list[str] = []
    first_row: dict[str, int] = {}
    for number, cells in rows[start + 1:]:
        values = {col: _cell(cells, i) for col, i in columns.items()}
        if not any(values.values()):
            continue  # a blank row
        file_name = values.pop("file_name")
        if not file_name:
            problems.append(msg.MANIFEST_ROW_NO_NAME.format(row=number))
            continue
        key = _nfc(file_name).casefold()
        if key in first_row:
            problems.append(msg.MANIFEST_ROW_DUPLICATE.format(
                row=number, name=file_name, first=first_row[key]))
            continue
        first_row[key] = number
        raw_date = cells[columns["date"]] if "date" in columns and columns["date"] < len(cells) \
            else None
        date = parse_date(raw_date) if values.get("date") else None
        if values.get("date") and date is None:
            problems.append(msg.MANIFEST_ROW_BAD_DATE.format(row=number, value=values["date"]))
        values["date"] = date  # type: ignore[assignment]
        result.append(ManifestRow(number, file_name, **values))  # type: ignore[arg-type]
    return Manifest(result, problems)


def _cell(cells: list[Any], index: int) -> str:
    if index >= len(cells) or cells[index] is None:
        return ""
    value = cells[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 20160929 typed in Excel comes back as 20160929.0
    return str(value).strip()


def _heading(cell: Any) -> str:
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", str(cell or ""))
    return re.sub(r"[\s_\-:：*]+", "", unicodedata.normalize("NFKC", text)).casefold()


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name.strip())  # macOS writes file names decomposed


def _stem(name: str) -> str:
    return PurePath(name).stem.casefold() if PurePath(name).suffix else name.casefold()
