"""The frequency side of content analysis: element × source / case / source type / period tables,
co-occurrence, the case × element matrix, timelines and framework coverage.

    t = frequency(project, by="case", unit="codings")
    t.cells[r][c], t.row_totals, t.column_totals, t.percent("column")

Everything is computed from one read of all codings (``project.codings.rows()``) plus the source
list, never a query per cell. Counting units: ``codings`` (each coding once), ``sources`` (sources
with at least one coding of the element) and ``characters`` (coded code points; image regions count
0). A source in two cases counts in both columns, but only once in the row total, so a total is
never inflated by overlapping columns.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..i18n import tr
from .clauses import ClauseIndex
from .corpus import Corpus, load
from .rollup import ancestors, segment_key

if TYPE_CHECKING:
    from ..core import Project

BY = ("source", "case", "type", "period", "year", "month")
UNITS = ("codings", "sources", "characters", "clauses")  # clauses: policy texts' unit


@dataclass
class Table:
    """Rows × columns of numbers, with totals; ``details`` holds what is behind a cell (coding
    ids, coding-id pairs or quotes) by (row index, column index)."""
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int]]
    row_totals: list[int] = field(default_factory=list)
    column_totals: list[int] = field(default_factory=list)
    total: int = 0
    row_ids: list = field(default_factory=list)
    column_ids: list = field(default_factory=list)
    details: dict[tuple[int, int], list] = field(default_factory=dict)
    title: str = ""
    direct: list[int] = field(default_factory=list)  # with roll-up: each row's own codings

    @property
    def totals(self) -> dict[str, object]:
        return {"rows": self.row_totals, "columns": self.column_totals, "total": self.total}

    def percent(self, of: str = "total") -> list[list[float]]:
        """Cells as percentages of their row total, column total or the grand total."""
        out = []
        for r, row in enumerate(self.cells):
            line = []
            for c, value in enumerate(row):
                base = {"row": self.row_totals[r] if self.row_totals else 0,
                        "column": self.column_totals[c] if self.column_totals else 0,
                        "total": self.total}[of]
                line.append(round(100.0 * value / base, 1) if base else 0.0)
            out.append(line)
        return out

    def as_dict(self) -> dict:
        return {"title": self.title, "rows": self.row_labels, "columns": self.column_labels,
                "cells": self.cells, "row_totals": self.row_totals,
                "column_totals": self.column_totals, "total": self.total}


def frequency(project: "Project", by: str = "source", unit: str = "codings", *,
              corpus: Corpus | None = None, rollup: bool = False) -> Table:
    """Element × ``by`` (source, case, type, period, year or month) counts in ``unit``.
    ``rollup``: a parent element's row also counts its descendants' codings, each coded segment
    once (``analysis.rollup``, the rule of the Word report); ``direct`` then holds each row's own
    count. The totals count every coding once either way."""
    if by not in BY or unit not in UNITS:
        raise ValueError(f"by must be one of {BY} and unit one of {UNITS}")
    data = corpus or load(project)
    columns = data.columns(by)
    col_index = {key: i for i, (key, _) in enumerate(columns)}
    rows = data.elements
    row_index = {e.id: i for i, e in enumerate(rows)}
    # One pass: what each (row, column) and each row/column total is made of.
    cell_sets: dict[tuple[int, int], dict] = defaultdict(dict)
    row_sets: dict[int, dict] = defaultdict(dict)
    col_sets: dict[int, dict] = defaultdict(dict)
    all_set: dict = {}
    chains = ancestors(rows) if rollup else {}
    direct = [0] * len(rows)
    clauses = ClauseIndex(project) if unit == "clauses" else None
    cell_codings: dict[tuple[int, int], set[int]] = defaultdict(set)
    for coding in data.codings:
        r = row_index.get(coding.element_id)
        if r is None:
            continue
        if clauses is not None:  # the clause a passage lies in counts once, however coded
            key = clauses.unit_key(coding.source_id, coding.start, coding.end) or coding.id
        else:
            key = coding.source_id if unit == "sources" else coding.id
        weight = data.weight(coding, unit)
        direct[r] += 1
        all_set[(r, key)] = weight
        shared = key if clauses is not None else \
            coding.source_id if unit == "sources" else segment_key(coding)
        lines = [(r, key)] + [(row_index[a], shared) for a in chains.get(coding.element_id, [])[1:]
                              if a in row_index]
        for line, line_key in lines:
            row_sets[line][line_key] = weight
        for col_key in data.keys_of(coding.source_id, by):
            c = col_index[col_key]
            col_sets[c][(r, key)] = weight
            for line, line_key in lines:
                cell_sets[(line, c)][line_key] = weight
            cell_codings[(r, c)].add(coding.id)
    cells = [[sum(cell_sets[(r, c)].values()) if (r, c) in cell_sets else 0
              for c in range(len(columns))] for r in range(len(rows))]
    # a parent's rolled-up cells hold segments, not coding ids: its details are its own codings
    details = {rc: sorted(i for i in ids if isinstance(i, int)) for rc, ids in cell_sets.items()}
    if clauses is not None:  # cells hold clauses: what is behind them is their codings
        details = {rc: sorted(ids) for rc, ids in cell_codings.items()}
    table = Table([e.path for e in rows], [label for _, label in columns], cells,
                  [sum(row_sets[r].values()) for r in range(len(rows))],
                  [sum(col_sets[c].values()) for c in range(len(columns))],
                  sum(all_set.values()), [e.id for e in rows], [k for k, _ in columns], details,
                  title=f"{unit} by {by}")
    table.direct = direct if rollup else []
    return table


def timeline(project: "Project", by: str = "period", unit: str = "codings", *,
             corpus: Corpus | None = None) -> Table:
    """Element × period, year or month (columns in time order; undated sources last)."""
    if by not in ("period", "year", "month"):
        raise ValueError("a timeline runs by period, year or month")
    return frequency(project, by, unit, corpus=corpus)


@dataclass
class Gap:
    element: str
    dimension: str  # "case" or "period"
    column: str
    count: int


def coverage(project: "Project", *, min_count: int = 2, dimensions=("case", "period"),
             corpus: Corpus | None = None) -> list[Gap]:
    """Elements with fewer than ``min_count`` codings in a case or period: where the framework
    is thinly evidenced."""
    data = corpus or load(project)
    gaps = []
    for dimension in dimensions:
        table = frequency(project, dimension, "codings", corpus=data)
        for r, label in enumerate(table.row_labels):
            for c, column in enumerate(table.column_labels):
                if table.column_ids[c] is None:
                    continue  # "(no case)" / "(no period)" is not a place evidence should be
                if table.cells[r][c] < min_count:
                    gaps.append(Gap(label, dimension, column, table.cells[r][c]))
    return gaps


@dataclass
class CaseMatrix:
    """Case × element: counts, the quotes behind each cell and the researcher's cell notes."""
    table: Table
    quotes: dict[tuple[int, int], list[dict]]  # (row, column) -> [{coding_id, source, quote}]
    notes: dict[tuple[int, int], str]


def case_matrix(project: "Project", *, corpus: Corpus | None = None) -> CaseMatrix:
    data = corpus or load(project)
    counts = frequency(project, "case", "codings", corpus=data)
    # Transpose: cases are rows, elements columns (as the thesis prints it).
    t = Table(counts.column_labels, counts.row_labels,
              [list(col) for col in zip(*counts.cells)] if counts.cells else [],
              counts.column_totals, counts.row_totals, counts.total,
              counts.column_ids, counts.row_ids,
              {(c, r): ids for (r, c), ids in counts.details.items()}, title="case × element")
    if not t.cells:
        t.cells = [[0] * len(t.column_labels) for _ in t.row_labels]
    by_id = {c.id: c for c in data.codings}
    quotes = {rc: [{"coding_id": i, "source": data.sources[by_id[i].source_id].title,
                    "date": data.sources[by_id[i].source_id].date,
                    "quote": by_id[i].snippet or ""} for i in ids]
              for rc, ids in t.details.items()}
    saved = project.matrix_notes.all()
    rows = {case_id: r for r, case_id in enumerate(t.row_ids)}
    cols = {element_id: c for c, element_id in enumerate(t.column_ids)}
    notes = {(rows[k], cols[e]): text for (k, e), text in saved.items()
             if k in rows and e in cols}
    return CaseMatrix(t, quotes, notes)


def no_column_label(by: str) -> str:
    return {"case": tr("(no case)"), "type": tr("(no type)"), "period": tr("(no period)"),
            "year": tr("(no date)"), "month": tr("(no date)")}.get(by, "")
