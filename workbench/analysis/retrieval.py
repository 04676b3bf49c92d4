"""Coded retrieval: the segments coded to one or several elements, filtered by case, source type,
period, date range and coder, each with its source's title, date and cases and a little context.

    rows = retrieve(project, element_ids=[3], cases=["江临市"], date_from="2018", context=40)
    rows[0].left, rows[0].quote, rows[0].right

Reads the elements, all codings (one query), the sources (one query), the periods and the texts of
the sources that have a hit (one query) — never a query per coding. Offsets and context lengths are
Unicode code points. Dates are ISO prefixes (YYYY, YYYY-MM, YYYY-MM-DD) and compare as text:
``date_from`` keeps source dates >= the bound; ``date_to`` cuts the source date to the bound's
length first, so "2019-05-31" is within ``date_to="2019-05"``. Undated sources are left out by
either bound. Image regions have no context.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core import Project
    from ..core.model import Period, Rect


@dataclass(frozen=True)
class Retrieved:
    coding_id: int
    element_id: int
    element: str  # the element's path ("Parent/Child")
    source_id: int
    source_title: str
    date: str | None
    source_type: str | None
    period: str | None
    cases: tuple[str, ...]
    coder: str
    start: int | None
    end: int | None
    quote: str
    left: str = ""
    right: str = ""
    rect: "Rect | None" = None
    page: int | None = None  # a region of a PDF's page: that page

    def as_dict(self) -> dict:
        r = self.rect
        return {"coding_id": self.coding_id, "element": self.element,
                "source_id": self.source_id, "source": self.source_title, "date": self.date,
                "type": self.source_type, "period": self.period, "cases": list(self.cases),
                "coder": self.coder, "start": self.start, "end": self.end, "left": self.left,
                "quote": self.quote, "right": self.right,
                "rect": [r.x, r.y, r.width, r.height] if r else None}


def _period_of(periods: list["Period"], date: str | None) -> "Period | None":
    """As ``project.periods.period_of`` but over a list read once."""
    if not date:
        return None
    for period in periods:
        if (period.start_date is None or date >= period.start_date) and \
                (period.end_date is None or date[:len(period.end_date)] <= period.end_date):
            return period
    return None


def _wanted(values) -> set | None:
    return None if values is None else set(values)


def retrieve(project: "Project", *, element_ids=None, include_descendants: bool = True,
             cases=None, source_types=None, periods=None, date_from: str | None = None,
             date_to: str | None = None, coders=None, context: int = 40,
             texts: dict[int, str] | None = None) -> list[Retrieved]:
    """Coded segments in reading order. Every filter left as None lets everything through;
    ``cases``, ``source_types``, ``periods`` and ``coders`` are names (a source is kept when one
    of its cases is named). ``element_ids`` None = every element. ``texts``: source texts
    already read (by id); the ones read here are added to it, for a caller that reads them next
    (the clause citations of the command line)."""
    elements = project.elements.list()
    path_of = {e.id: e.path or e.name for e in elements}
    chosen: set[int] | None = None
    if element_ids is not None:
        chosen = set(element_ids)
        if include_descendants:
            children: dict[int | None, list[int]] = {}
            for e in elements:
                children.setdefault(e.parent_id, []).append(e.id)
            stack = list(chosen)
            while stack:
                for child in children.get(stack.pop(), ()):
                    if child not in chosen:
                        chosen.add(child)
                        stack.append(child)
    case_set, type_set = _wanted(cases), _wanted(source_types)
    period_set, coder_set = _wanted(periods), _wanted(coders)
    period_list = project.periods.list()
    sources = {s.id: s for s in project.sources.list()}
    period_cache: dict[str | None, str | None] = {}

    def period_name(date):
        if date not in period_cache:
            found = _period_of(period_list, date)
            period_cache[date] = found.name if found else None
        return period_cache[date]

    def source_ok(s) -> bool:
        if case_set is not None and not case_set.intersection(s.cases):
            return False
        if type_set is not None and (s.source_type or None) not in type_set:
            return False
        if period_set is not None and period_name(s.date) not in period_set:
            return False
        if date_from and (not s.date or s.date < date_from):
            return False
        if date_to and (not s.date or s.date[:len(date_to)] > date_to):
            return False
        return True

    keep_source = {sid: source_ok(s) for sid, s in sources.items()}
    single = next(iter(chosen)) if chosen is not None and len(chosen) == 1 else None
    codings = project.codings.list(element_id=single)
    hits = [c for c in codings
            if (chosen is None or c.element_id in chosen) and keep_source.get(c.source_id)
            and (coder_set is None or c.coder in coder_set)]
    texts = {} if texts is None else texts
    need_text = {c.source_id for c in hits if c.start is not None and context > 0} - set(texts)
    if need_text:
        texts.update(project.dictionary.texts(need_text))
    out = []
    for c in hits:
        s = sources[c.source_id]
        quote, left, right = _cut(texts.get(c.source_id), c.start, c.end, context,
                                  c.snippet or "")
        out.append(Retrieved(c.id, c.element_id, path_of.get(c.element_id, c.element_name),
                             s.id, s.title, s.date, s.source_type, period_name(s.date),
                             tuple(s.cases), c.coder, c.start, c.end, quote, left, right,
                             c.rect, getattr(c, "page", None)))
    return out


def _cut(text: str | None, start: int | None, end: int | None, context: int,
         quote: str) -> tuple[str, str, str]:
    """The quote and ``context`` code points either side, cut from ``text`` when there is one
    (an image region, or no text asked for, keeps the stored quote and no context)."""
    if start is None or text is None:
        return quote, "", ""
    return text[start:end], text[max(0, start - context):start], text[end:end + context]


def with_context(row: Retrieved, text: str | None, context: int) -> Retrieved:
    """``row`` with its quote and ``context`` code points either side cut from its source's
    ``text``. The window retrieves with ``context=0`` and calls this for the rows it shows."""
    if row.start is None or text is None:
        return row
    quote, left, right = _cut(text, row.start, row.end, context, row.quote)
    return replace(row, quote=quote, left=left, right=right)
