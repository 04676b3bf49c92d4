"""The few counts the report and the dataset export need: elements by source type, by period, by
case and by source.

Written here while ``workbench.analysis.tables`` is being built; every function takes a
:class:`Facts` (one pass over the project) and returns a :class:`Crosstab`, so swapping them for
the analysis module later changes only the imports in ``sections.py`` and ``dataset.py``.
A coding counts once in every case its source belongs to; a source without a type, date or
period is counted in the “none” column, so every table adds up to the number of codings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...core import Coding, Element, Project, Source

NONE = {"zh": "（未标注）", "en": "(none)"}


@dataclass
class Crosstab:
    """``cells[i][j]``: how many codings of row ``rows[i]`` fall in column ``columns[j]``."""

    rows: list[str]
    columns: list[str]
    cells: list[list[int]]
    row_ids: list[int] = field(default_factory=list)  # element/case/source ids, when rows are
    column_ids: list[int] = field(default_factory=list)

    def presence(self) -> "Crosstab":
        """0/1 instead of counts (is the element coded at all in the case/source)."""
        return Crosstab(self.rows, self.columns, [[1 if v else 0 for v in r] for r in self.cells],
                        self.row_ids, self.column_ids)

    def transposed(self) -> "Crosstab":
        return Crosstab(self.columns, self.rows, [list(c) for c in zip(*self.cells)]
                        if self.cells else [[] for _ in self.columns],
                        self.column_ids, self.row_ids)

    def row_totals(self) -> list[int]:
        return [sum(row) for row in self.cells]

    def column_totals(self) -> list[int]:
        return [sum(row[j] for row in self.cells) for j in range(len(self.columns))]


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
    def none(self) -> str:
        return NONE.get(self.language, NONE["en"])

    def element_labels(self) -> list[str]:
        """Element names, or their paths where two elements share a name."""
        names = [e.name for e in self.elements]
        return [e.path if names.count(e.name) > 1 else e.name for e in self.elements]


def _by_element(facts: Facts, columns: list[str], column_of) -> Crosstab:
    index = {e.id: i for i, e in enumerate(facts.elements)}
    cells = [[0] * len(columns) for _ in facts.elements]
    position = {name: j for j, name in enumerate(columns)}
    for coding in facts.codings:
        for name in column_of(coding):
            cells[index[coding.element_id]][position[name]] += 1
    return Crosstab(facts.element_labels(), columns, cells, [e.id for e in facts.elements])


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


def case_by_element(facts: Facts) -> Crosstab:
    """Cases as rows, elements as columns (a coding counts in each case of its source)."""
    names = [name for _id, name in facts.cases]
    table = _by_element(facts, names, lambda c: facts.sources[c.source_id].cases)
    result = table.transposed()
    result.row_ids = [case_id for case_id, _name in facts.cases]
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
