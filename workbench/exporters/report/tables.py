"""Three-line tables (三线表), the way Chinese theses print every table.

A heavy rule (1.5 pt) above the table and below it, a thin rule (0.75 pt) under the header row,
nothing else: no vertical lines, no rules between body rows. The rules are written into the table
XML itself (``w:tblBorders`` on the table, ``w:tcBorders`` on the header cells), not borrowed from
a table style, so they survive copy-paste into the thesis template. The caption goes above.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .styles import TABLE_STYLE

if TYPE_CHECKING:
    from docx.document import Document

    from .styles import Numbering

HEAVY, THIN = 12, 6  # border widths in eighths of a point: 1.5 pt and 0.75 pt
PADDING_CM = 0.5  # Word's default cell margins, left and right
_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _border(parent, side: str, size: int | None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    edge = OxmlElement(f"w:{side}")
    if size is None:
        edge.set(qn("w:val"), "nil")
    else:
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
    parent.append(edge)


def set_three_line_borders(table) -> None:
    """Table borders: top and bottom heavy, everything else none; header cells: a thin bottom."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in _SIDES:
        _border(borders, side, HEAVY if side in ("top", "bottom") else None)
    # CT_TblPr wants tblBorders after tblW/jc and before tblLayout/tblCellMar/tblLook.
    anchor = next((child for child in tbl_pr if child.tag in {
        qn("w:shd"), qn("w:tblLayout"), qn("w:tblCellMar"), qn("w:tblLook")}), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        tbl_pr.append(borders)
    for cell in table.rows[0].cells:
        tc_pr = cell._tc.get_or_add_tcPr()
        for old in tc_pr.findall(qn("w:tcBorders")):
            tc_pr.remove(old)
        cell_borders = OxmlElement("w:tcBorders")
        _border(cell_borders, "top", HEAVY)
        _border(cell_borders, "bottom", THIN)
        tc_pr.append(cell_borders)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _cant_split(row) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def three_line_table(doc: "Document", numbering: "Numbering", caption: str,
                     headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
                     numeric: Sequence[int] = (), widths_cm: Sequence[float] | None = None,
                     note: bool = True):
    """Caption above, then the table; ``numeric`` columns are centred (counts), text columns
    left-aligned. A table longer than a page goes on, a page at a time, under 续表 captions
    with its header row again (a Chinese thesis's continued table); each part is kept on one
    page, so Word never breaks one without its 续表 label. Returns the (first) table."""
    all_rows = [list(headers), *[list(r) for r in rows]]
    widths_cm = list(widths_cm) if widths_cm else content_widths(all_rows)
    parts = page_parts(all_rows, widths_cm)
    # A part kept whole moves to a new page when need be, with its caption and a heading.
    numbering.caption(doc, "table", caption)
    tables = []
    for index, part in enumerate(parts):
        if index:
            numbering.continued(doc, caption)
        tables.append(_table(doc, [all_rows[0], *part], widths_cm, set(numeric)))
    if note:
        doc.add_paragraph()  # air between the table and the next text, as in a thesis
    return tables[0]


def _table(doc: "Document", all_rows: list[list[Any]], widths_cm: list[float],
           numeric: set[int]):
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    table = doc.add_table(rows=len(all_rows), cols=len(all_rows[0]))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for r_index, (row, values) in enumerate(zip(table.rows, all_rows)):
        for c_index, (cell, value) in enumerate(zip(row.cells, values)):
            paragraph = cell.paragraphs[0]
            paragraph.style = doc.styles[TABLE_STYLE]
            paragraph.add_run("" if value is None else str(value))
            if r_index == 0 or c_index in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
            if r_index < len(all_rows) - 1:  # the part stays on one page with its caption:
                for paragraph in cell.paragraphs:  # Word moves it whole rather than break it
                    paragraph.paragraph_format.keep_with_next = True
        _cant_split(row)
    _repeat_header(table.rows[0])  # should Word still break a part, the header follows it
    set_three_line_borders(table)
    return table


def page_parts(all_rows: Sequence[Sequence[Any]], widths_cm: Sequence[float]) -> list[list]:
    """The body rows cut into parts that each fit a page under the header row, by an estimate
    of each row's height from its text and its column widths (generous, so a part never
    overflows the page it was made for); one part when the whole table fits a page."""
    from .styles import A4_CM, MARGINS_CM, TABLE_PT

    page_cm = (A4_CM[1] - MARGINS_CM["top"] - MARGINS_CM["bottom"]) * 0.82  # caption, footer
    heights = [row_height_cm(row, widths_cm, TABLE_PT) for row in all_rows]
    header, body = heights[0], list(zip(all_rows[1:], heights[1:]))
    if header + sum(h for _, h in body) <= page_cm:
        return [[row for row, _ in body]]
    parts: list[list] = [[]]
    used = header
    for row, height in body:
        if parts[-1] and used + height > page_cm:
            parts.append([])
            used = header
        parts[-1].append(row)
        used += height
    if len(parts) > 1 and len(parts[-1]) < 3 <= len(parts[-2]) - 3:
        # never a continued part of one or two rows (a lone total row): take some along
        moved = 3 - len(parts[-1])
        parts[-1][:0], parts[-2] = parts[-2][-moved:], parts[-2][:-moved]
    return parts


def row_height_cm(row: Sequence[Any], widths_cm: Sequence[float], point: float) -> float:
    """A row's height: the most lines any of its cells wraps to, at the table's line height."""
    unit_cm = point / 2 / 72 * 2.54  # a half-width character
    line_cm = point * 1.5 / 72 * 2.54  # single spacing with generous leading: never overfull
    lines = 1
    for value, width in zip(row, widths_cm):
        room = int(max((width - 0.38) / unit_cm, 1.0))  # less the cell's padding
        text = "" if value is None else str(value)
        lines = max(lines, sum(max(1, -(-_span(part) // room)) for part in text.split("\n")))
    return lines * line_cm + 0.1


def _span(text: str) -> int:
    """Display width in half-width units (a Chinese character is two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def content_widths(rows: Sequence[Sequence[Any]], total_cm: float | None = None) -> list[float]:
    """Column widths from the text: each column gets a share of the text width by its widest
    cell (capped, as long text wraps anyway), at least room for its longest word or number, so
    a column of counts stays narrow and a column of names or quotes wide."""
    from .styles import TABLE_PT, text_width_cm

    total_cm = total_cm or text_width_cm()
    columns = len(rows[0]) if rows else 0
    if not columns:
        return []
    unit_cm = TABLE_PT / 2 / 72 * 2.54  # a half-width character of the table's type
    needs, floors = [], []
    for j in range(columns):
        cells = ["" if r[j] is None else str(r[j]) for r in rows if j < len(r)]
        header, body_cells = cells[0], cells[1:]
        widest = max([_span(c) for c in body_cells] + [min(_span(header), 8)])
        words = [w for c in cells for w in c.split() if not any(ord(ch) > 0x2E80 for ch in w)]
        longest_word = max([min(_span(w), 16) for w in words] + [3])  # a URL breaks anyway
        # never narrower than the longest Latin word or number (no "Technolog y") and two
        # Chinese characters (a header wraps as 资料/类型, not one character a line)
        wide = [c for c in cells if any(ord(ch) > 0x2E80 for ch in c)]
        floor = max(min(longest_word, 16), 4 if wide else 0)
        needs.append(min(max(widest, 4), 40) + 2)
        floors.append(floor * unit_cm + PADDING_CM)
    natural = [max(n * unit_cm + PADDING_CM, f) for n, f in zip(needs, floors)]
    if sum(natural) <= total_cm:  # everything fits on one line: no wider than needed
        return [round(w, 2) for w in natural]
    spare = total_cm - sum(floors)
    if spare <= 0:  # too many columns even for their words: the row labels keep theirs,
        rest = (total_cm - floors[0]) / max(sum(floors[1:]), 0.01)  # the counts shrink
        return [round(floors[0], 2), *(round(f * min(rest, 1.0), 2) for f in floors[1:])]
    # The row labels (element names) first, up to a third of the line, so that they do not
    # wrap letter by letter beside a row of narrow counts; then every column gets its floor
    # and the rest goes to those that want more.
    first = max(floors[0], min(natural[0], total_cm / 3, floors[0] + spare * 0.9))
    if columns > 2:
        floors = [first, *floors[1:]]
        spare = total_cm - sum(floors)
    extra = [max(n - f, 0.0) for n, f in zip(natural, floors)]
    if sum(extra) <= 0:
        return [round(f, 2) for f in floors]
    return [round(f + spare * e / sum(extra), 2) for f, e in zip(floors, extra)]


def crosstab_table(doc: "Document", numbering: "Numbering", caption: str, corner: str,
                   cross, total_label: str, *, words: dict[str, str] | None = None,
                   percent: bool = True):
    """A crosstab with its (stored) row and column totals. Element rows are indented by level
    (一级维度 flush, 二级维度 one step in); with ``words`` a row's share of the grand total (%),
    the direct count where it differs from the rolled-up one, and a 注： line saying how the
    totals are counted follow."""
    words = words or {}
    total = cross.grand_total()
    levels = cross.levels or [1] * len(cross.rows)
    shows_direct = bool(cross.direct) and any(
        d != t for d, t in zip(cross.direct, cross.row_totals()))
    headers = [corner, *cross.columns, total_label]
    if percent and words:
        headers.append(words["percent"])
    if shows_direct and words:
        headers.append(words["direct"])
    rows = []
    for i, (name, cells, row_total) in enumerate(zip(cross.rows, cross.cells,
                                                     cross.row_totals())):
        indent = "\u3000" * (levels[i] - 1)
        row = [indent + name, *cells, row_total]
        if percent and words:
            row.append(f"{100.0 * row_total / total:.1f}" if total else "0.0")
        if shows_direct and words:
            row.append(cross.direct[i] if cross.direct[i] != row_total else "")
        rows.append(row)
    closing = [total_label, *cross.column_totals(), total]
    if percent and words:
        closing.append("100.0" if total else "")
    if shows_direct and words:
        closing.append("")
    rows.append(closing)
    table = three_line_table(doc, numbering, caption, headers, rows,
                             numeric=range(1, len(headers)), note=False)
    notes = []
    if words and any(level > 1 for level in levels):
        notes.append(words["note_rollup"])
    if words and cross.overlap:
        notes.append(words["note_overlap"].format(
            sum=sum(cross.column_totals()) if cross.levels else sum(cross.row_totals()),
            total=total))
    if words and percent:
        notes.append(words["note_percent"])
    if notes:
        note_line(doc, words["note"] + "".join(notes))
    if words.get("compiled_from"):  # where the numbers come from, as a thesis table states it
        note_line(doc, words["compiled_from"])
    doc.add_paragraph()
    return table


def note_line(doc: "Document", text: str):
    """注：… or 资料来源：… under a table, in the table's small type."""
    from .styles import TABLE_STYLE

    paragraph = doc.add_paragraph(text, style=doc.styles[TABLE_STYLE])
    paragraph.paragraph_format.space_before = 0
    return paragraph
