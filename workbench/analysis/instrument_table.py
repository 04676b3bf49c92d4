"""The two-dimensional table of policy-instrument studies: X = the instruments (the sub-tools of
supply-, environment- and demand-side tools), Y = a second dimension the researcher chooses —
another element group (policy goals, stages of building, actors), or a source fact (year, period,
效力级别 or any source attribute) — counted in clauses, with row and column totals and
percentages, as Chinese theses print it.

The unit is the clause (``analysis.clauses``): a clause coded to a sub-tool counts once in its
row, however many passages of it were coded; a source without recognisable clauses counts each
coded passage as its own unit. For an element dimension, a clause falls in a column when a
passage of the same clause is coded to that column's element (or one below it).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..i18n import tr
from .clauses import ClauseIndex
from .tables import Table

NO_VALUE = "—"


@dataclass
class InstrumentTable(Table):
    groups: list[str] = field(default_factory=list)  # the tool type of each row (供给型 …)
    group_totals: dict[str, int] = field(default_factory=dict)  # distinct clauses per type

    def structure(self) -> list[tuple[str, int, float]]:
        """(tool type, clauses, % of all clauses): the structure of instrument use."""
        return [(group, count, round(100.0 * count / self.total, 1) if self.total else 0.0)
                for group, count in self.group_totals.items()]


def _below(elements, root_id: int) -> dict[int, int]:
    """Element id → the child of ``root_id`` it belongs to (the child itself included)."""
    children = {e.id for e in elements if e.parent_id == root_id}
    parent = {e.id: e.parent_id for e in elements}
    out = {}
    for element in elements:
        node = element.id
        while node is not None and node not in children:
            node = parent.get(node)
        if node is not None:
            out[element.id] = node
    return out


TOOL_TYPES = ("supply", "environment", "demand")  # keys of the policy-instruments template


def instrument_groups(elements) -> list[int]:
    """The tool types made from the policy-instruments template (供给型, 环境型, 需求型); none
    unless supply- and demand-side are both there (other templates have an "environment")."""
    found = [e for e in elements if e.template_key in TOOL_TYPES]
    keys = {e.template_key for e in found}
    return [e.id for e in found] if {"supply", "demand"} <= keys else []


def _rows(elements, group_ids: list[int]) -> tuple[list[int], dict[int, int], dict[int, str]]:
    """The table's rows: the sub-tools (children of each group), or the group itself when it
    has none; element id → row element; row → its group's name."""
    by_id = {e.id: e for e in elements}
    groups = [by_id[i] for i in group_ids if i in by_id]
    rows, group_of = [], {}
    for group in groups:
        tools = [e for e in elements if e.parent_id == group.id]
        for row in tools or [group]:
            rows.append(row.id)
            group_of[row.id] = group.name
    row_of = {}
    for element in elements:
        node = element.id
        while node is not None and node not in group_of:
            node = by_id[node].parent_id if node in by_id else None
        if node is not None:
            row_of[element.id] = node
    return rows, row_of, group_of


def _source_value(project, source, dimension: str) -> str:
    if dimension == "year":
        return source.date[:4] if source.date else NO_VALUE
    if dimension == "period":
        period = project.periods.period_of(source.date)
        return period.name if period else NO_VALUE
    if dimension == "type":
        return source.source_type or NO_VALUE
    value = source.metadata.get("attributes", {}).get(dimension)
    return str(value) if value else NO_VALUE


def instrument_table(project, x: int | list[int] | None = None, *, y_root: int | None = None,
                     y_attribute: str | None = None) -> "InstrumentTable":
    """Clauses by instrument (rows) × the second dimension (columns). ``x``: the tool types (a
    list of elements, or one element whose children they are; by default those made from the
    policy-instruments template). Give ``y_root`` (an element whose children are the columns)
    or ``y_attribute`` ("year", "period", "type" or a source attribute such as 效力级别)."""
    if (y_root is None) == (y_attribute is None):
        raise ValueError("name exactly one second dimension")
    elements = project.elements.list()
    names = {e.id: e.name for e in elements}
    if x is None:
        groups = instrument_groups(elements)
    elif isinstance(x, int):
        groups = [e.id for e in elements if e.parent_id == x]
    else:
        groups = list(x)
    rows, row_of, group_of = _rows(elements, groups)
    column_of = _below(elements, y_root) if y_root is not None else {}
    sources = {s.id: s for s in project.sources.list()}
    by_source = defaultdict(list)
    for coding in project.codings.list():
        by_source[coding.source_id].append(coding)
    cells: dict[tuple[int, str], set] = defaultdict(set)
    group_units: dict[str, set] = defaultdict(set)
    row_units: dict[int, set] = defaultdict(set)
    column_units: dict[str, set] = defaultdict(set)
    clauses = ClauseIndex(project)
    for source_id, codings in by_source.items():
        # each coding's clause, or the coding itself where it lies in none
        keys = {c.id: clauses.unit_key(source_id, c.start, c.end) or ("coding", c.id)
                for c in codings}
        unit_columns: dict[tuple, set[str]] = defaultdict(set)
        if y_root is not None:
            for coding in codings:
                if coding.element_id in column_of:
                    unit_columns[keys[coding.id]].add(names[column_of[coding.element_id]])
        else:
            value = _source_value(project, sources[source_id], y_attribute)
            for coding in codings:
                unit_columns[keys[coding.id]].add(value)
        for coding in codings:
            row = row_of.get(coding.element_id)
            unit = keys[coding.id]
            if row is None:
                continue
            for column in unit_columns.get(unit, ()):
                cells[(row, column)].add(unit)
                row_units[row].add(unit)
                group_units[group_of[row]].add(unit)
                column_units[column].add(unit)
    columns = _column_order(y_root, elements, column_units, y_attribute)
    return InstrumentTable(
        row_labels=[names[r] for r in rows], column_labels=columns,
        cells=[[len(cells.get((r, c), ())) for c in columns] for r in rows],
        row_totals=[len(row_units.get(r, ())) for r in rows],
        column_totals=[len(column_units.get(c, ())) for c in columns],
        total=len(set().union(*row_units.values())) if row_units else 0,
        row_ids=rows, column_ids=columns,
        title=tr("Clauses by policy instrument and {dimension}", dimension=(
            names[y_root] if y_root is not None else y_attribute)),
        groups=[group_of[r] for r in rows],
        group_totals={g: len(group_units.get(g, ())) for g in dict.fromkeys(group_of.values())})


def _column_order(y_root, elements, column_units, y_attribute) -> list[str]:
    if y_root is not None:
        return [e.name for e in elements if e.parent_id == y_root]
    values = sorted(v for v in column_units if v != NO_VALUE)
    return values + ([NO_VALUE] if NO_VALUE in column_units else [])


def table_rows(table: "InstrumentTable") -> tuple[list[str], list[list]]:
    """Headers and rows as a thesis prints the table: type, tool, each column's count and share
    of all clauses, the row total and its share; a last row of column totals."""
    percent = table.percent("total")
    share = (lambda n: round(100.0 * n / table.total, 1) if table.total else 0.0)  # noqa: E731
    headers = [tr("Tool type"), tr("Policy instrument")]
    for label in table.column_labels:
        headers += [label, "%"]
    headers += [tr("Total"), "%"]
    rows = []
    for index, label in enumerate(table.row_labels):
        row = [table.groups[index], label]
        for value, pct in zip(table.cells[index], percent[index]):
            row += [value, pct]
        rows.append(row + [table.row_totals[index], share(table.row_totals[index])])
    last = [tr("Total"), ""]
    for value in table.column_totals:
        last += [value, share(value)]
    rows.append(last + [table.total, 100.0 if table.total else 0.0])
    return headers, rows
