"""One read of what the frequency tables need: elements, sources, cases, periods and every coding.

``load(project)`` makes a handful of queries in all (never one per cell or per coding), so a table
over 50,000 codings costs one pass in Python. Reuse a ``Corpus`` for several tables of the same
state of the project.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core import Project
    from ..core.codings import CodingRow
    from ..core.model import Coding, Element, Source

_NONE = None  # the key of the "(no case)" / "(no period)" / "(no date)" column


@dataclass
class Corpus:
    elements: list["Element"]
    sources: dict[int, "Source"]
    codings: list["CodingRow"]
    case_list: list[tuple[int, str]]  # (id, name) in the project's order
    source_cases: dict[int, list[int]]
    period_list: list[tuple[int, str]]
    source_period: dict[int, int | None]
    type_list: list[str]
    _keys: dict = field(default_factory=dict)

    def columns(self, by: str) -> list[tuple[object, str]]:
        """(key, label) of every column of a table by ``by``, in display order."""
        from .tables import no_column_label
        if by == "source":
            return [(s.id, s.title) for s in self.sources.values()]
        if by == "case":
            cols = list(self.case_list)
        elif by == "type":
            cols = [(name, name) for name in self.type_list]
        elif by == "period":
            cols = list(self.period_list)
        else:
            width = 4 if by == "year" else 7
            stamps = sorted({s.date[:width] for s in self.sources.values()
                             if s.date and len(s.date) >= width})
            cols = [(stamp, stamp) for stamp in stamps]
        used = {k for sid in self.sources for k in self.keys_of(sid, by)}
        if _NONE in used:
            cols.append((_NONE, no_column_label(by)))
        return cols

    def keys_of(self, source_id: int, by: str) -> tuple:
        """The column keys a source counts under (several cases, or exactly one other key)."""
        cached = self._keys.get((source_id, by))
        if cached is not None:
            return cached
        source = self.sources.get(source_id)
        if by == "source":
            keys = (source_id,)
        elif by == "case":
            keys = tuple(self.source_cases.get(source_id, ())) or (_NONE,)
        elif by == "type":
            keys = (source.source_type if source and source.source_type else _NONE,)
        elif by == "period":
            keys = (self.source_period.get(source_id),)
        else:
            width = 4 if by == "year" else 7
            date = source.date if source else None
            keys = (date[:width] if date and len(date) >= width else _NONE,)
        self._keys[(source_id, by)] = keys
        return keys

    @staticmethod
    def weight(coding: "Coding | CodingRow", unit: str) -> int:
        if unit == "characters":
            return (coding.end - coding.start) if coding.start is not None else 0
        return 1


def load(project: "Project") -> Corpus:
    elements = project.elements.list()
    sources = {s.id: s for s in project.sources.list()}
    # Light rows (no source title or element name joined in): half the time of a table.
    codings = project.codings.rows()
    cases = project.cases.list()
    source_cases: dict[int, list[int]] = {}
    for case in cases:
        for source_id in case.source_ids:
            source_cases.setdefault(source_id, []).append(case.id)
    periods = project.periods.list()
    by_date: dict[str | None, int | None] = {}
    source_period = {}
    for source in sources.values():
        if source.date not in by_date:
            found = project.periods.period_of(source.date)
            by_date[source.date] = found.id if found else None
        source_period[source.id] = by_date[source.date]
    used_types = {s.source_type for s in sources.values() if s.source_type}
    types = [t.name for t in project.sources.types() if t.name in used_types]
    return Corpus(elements, sources, codings, [(c.id, c.name) for c in cases], source_cases,
                  [(p.id, p.name) for p in periods], source_period, types)
