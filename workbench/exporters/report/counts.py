"""The counts the report and the dataset export need: elements by source type, by period, by
case and by source.

Every function takes a :class:`Facts` (one pass over the project) and returns a
:class:`Crosstab`. The rules, stated under each table of the report (``Crosstab.notes``):
- A parent element (一级维度) counts its own codings and its descendants', each coded segment once
  (``workbench.analysis.rollup``); its own direct count is kept beside it.
- The totals count codings, each coding once: a coding of a source that belongs to two cases
  counts in both case columns but once in its row total and in the grand total, so the grand
  total of every table is the number of codings the text gives. A source without a type, date
  or period is counted in the “none” column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...analysis.rollup import ancestors, rollup, segment_key, tree_order

if TYPE_CHECKING:
    from ...core import Coding, Element, Project, Source

NONE = {"zh": "（未标注）", "en": "(none)"}


@dataclass
class Crosstab:
    """``cells[i][j]``: how many codings of row ``rows[i]`` fall in column ``columns[j]``.
    Totals are stored, not summed: cells may overlap (a parent and its children, a source in
    two cases), and the totals count each coding once."""

    rows: list[str]
    columns: list[str]
    cells: list[list[int]]
    row_ids: list[int] = field(default_factory=list)  # element/case/source ids, when rows are
    column_ids: list[int] = field(default_factory=list)
    totals_by_row: list[int] | None = None
    totals_by_column: list[int] | None = None
    total: int | None = None
    levels: list[int] = field(default_factory=list)  # element rows: 1 = 一级维度, 2 = 二级 …
    direct: list[int] = field(default_factory=list)  # element rows: own codings only
    overlap: bool = False  # some coding counts in two columns (a source in two cases)

    def presence(self) -> "Crosstab":
        """0/1 instead of counts (is the element coded at all in the case/source)."""
        return Crosstab(self.rows, self.columns, [[1 if v else 0 for v in r] for r in self.cells],
                        self.row_ids, self.column_ids)

    def transposed(self) -> "Crosstab":
        return Crosstab(self.columns, self.rows, [list(c) for c in zip(*self.cells)]
                        if self.cells else [[] for _ in self.columns],
                        self.column_ids, self.row_ids, self.totals_by_column,
                        self.totals_by_row, self.total, overlap=self.overlap)

    def row_totals(self) -> list[int]:
        if self.totals_by_row is not None:
            return list(self.totals_by_row)
        return [sum(row) for row in self.cells]

    def column_totals(self) -> list[int]:
        if self.totals_by_column is not None:
            return list(self.totals_by_column)
        return [sum(row[j] for row in self.cells) for j in range(len(self.columns))]

    def grand_total(self) -> int:
        return self.total if self.total is not None else sum(self.column_totals())


@dataclass
class Facts:
    """What the counts are made of, read once: elements, sources, codings and the period each
    source's date falls in."""

    elements: list["Element"]
    sources: dict[int, "Source"]
    codings: list["Coding"]
    periods: list[str]
    period_of_source: dict[int, str | None]
    cases: list[tuple[int, str]]
    language: str = "zh"

    @classmethod
    def read(cls, project: "Project", language: str = "zh") -> "Facts":
        sources = {s.id: s for s in project.sources.list()}
        period_of = {}
        for source in sources.values():
            period = project.periods.period_of(source.date)
            period_of[source.id] = period.name if period is not None else None
        return cls(project.elements.list(), sources, project.codings.list(),
                   [p.name for p in project.periods.list()], period_of,
                   [(c.id, c.name) for c in project.cases.list()], language)

    @property
    def ordered(self) -> list["Element"]:
        """The elements parent first, each followed by its children."""
        return tree_order(self.elements)

    @property
    def none(self) -> str:
        return NONE.get(self.language, NONE["en"])

    def element_labels(self) -> list[str]:
        """Element names, or their paths where two elements share a name."""
        names = [e.name for e in self.elements]
        return [e.path if names.count(e.name) > 1 else e.name for e in self.ordered]


def _by_element(facts: Facts, columns: list[str], column_of) -> Crosstab:
    """Elements (tree order, parents rolled up) × columns; totals count each coding once."""
    elements = facts.ordered
    index = {e.id: i for i, e in enumerate(elements)}
    chains = ancestors(elements)
    position = {name: j for j, name in enumerate(columns)}
    cell_sets = [[set() for _ in columns] for _ in elements]
    row_sets = [set() for _ in elements]
    column_counts = [0] * len(columns)
    counted, overlap = 0, False
    for coding in facts.codings:
        if coding.element_id not in index:
            continue
        names = list(dict.fromkeys(column_of(coding)))
        overlap = overlap or len(names) > 1
        counted += 1 if names else 0
        key = segment_key(coding)
        for name in names:
            column_counts[position[name]] += 1
        for element_id in chains[coding.element_id]:
            row = index[element_id]
            if names:
                row_sets[row].add(key)
            for name in names:
                cell_sets[row][position[name]].add(key)
    rolled = rollup(elements, facts.codings)
    return Crosstab(facts.element_labels(), columns,
                    [[len(cell) for cell in row] for row in cell_sets],
                    [e.id for e in elements], [], [len(r) for r in row_sets], column_counts,
                    counted, [rolled[e.id].level for e in elements],
                    [rolled[e.id].direct for e in elements], overlap)


def _with_none(names: list[str], values, none: str) -> list[str]:
    return names + ([none] if None in values else [])


def element_by_source_type(facts: Facts) -> Crosstab:
    used = [facts.sources[c.source_id].source_type for c in facts.codings]
    types = sorted({t for t in used if t}, key=used.index)
    none = facts.none
    return _by_element(facts, _with_none(types, used, none),
                       lambda c: [facts.sources[c.source_id].source_type or none])


def element_by_period(facts: Facts) -> Crosstab:
    used = [facts.period_of_source[c.source_id] for c in facts.codings]
    none = facts.none
    return _by_element(facts, _with_none(list(facts.periods), used, none),
                       lambda c: [facts.period_of_source[c.source_id] or none])


def case_by_element(facts: Facts, *, with_none: bool = False) -> Crosstab:
    """Cases as rows, elements as columns (a coding counts in each case of its source).
    ``with_none``: a last row for the codings of sources in no case, so the grand total is the
    number of codings as in every other table."""
    names = [name for _id, name in facts.cases]
    none = facts.none
    if with_none and any(not facts.sources[c.source_id].cases for c in facts.codings):
        names.append(none)
    table = _by_element(facts, names,
                        lambda c: facts.sources[c.source_id].cases or
                        ([none] if none in names else []))
    result = table.transposed()
    result.row_ids = [case_id for case_id, _name in facts.cases] + \
        ([None] if none in names else [])
    return result


def source_by_element(facts: Facts) -> Crosstab:
    """Sources as rows (by title, in the project's order), elements as columns."""
    ids = list(facts.sources)
    table = _by_element(facts, [str(i) for i in ids], lambda c: [str(c.source_id)])
    result = table.transposed()
    result.rows = [facts.sources[i].title for i in ids]
    result.row_ids = ids
    return result


def sources_by_type_and_period(facts: Facts) -> Crosstab:
    """Number of sources (not codings) by source type (rows) and period (columns)."""
    none = facts.none
    all_sources = list(facts.sources.values())
    types_seen = [s.source_type for s in all_sources]
    types = _with_none(sorted({t for t in types_seen if t}, key=types_seen.index), types_seen,
                       none)
    periods = _with_none(list(facts.periods), list(facts.period_of_source.values()), none)
    cells = [[0] * len(periods) for _ in types]
    for source in all_sources:
        row = types.index(source.source_type or none)
        cells[row][periods.index(facts.period_of_source[source.id] or none)] += 1
    return Crosstab(types, periods, cells)
