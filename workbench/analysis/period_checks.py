"""Checks that keep a dynamic analysis honest about time.

An interaction is claimed for a period (起步期 2015–2017); a quote from a 2021 source cannot prove
it, and two periods that overlap make "the period of a source" ambiguous. Neither is refused — a
researcher may mean it (a retrospective interview, a transition year) — but both are flagged
where the researcher looks: the interactions panel, the periods dialog and the CLI.

Dates are ISO text of any precision (2019, 2019-05, 2019-05-17); a period's end of "2019" covers
all of 2019, so dates are compared on the end's own precision, as ``Periods.period_of`` does.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.model import Period


def _before_start(date: str, period: Period) -> bool:
    return period.start_date is not None and date[:len(period.start_date)] < period.start_date


def _after_end(date: str, period: Period) -> bool:
    return period.end_date is not None and date[:len(period.end_date)] > period.end_date


def outside(date: str | None, period: Period | None) -> bool:
    """True when a dated source lies outside the period's dates (undated: never flagged)."""
    if not date or period is None:
        return False
    return _before_start(date, period) or _after_end(date, period)


def _span(period: Period) -> tuple[str, str]:
    # Open ends reach the limits; an end of "2019" reaches the last day of 2019 ("2019-99").
    start = period.start_date or "0000"
    end = (period.end_date or "9999") + "-99-99"[len(period.end_date or "9999") - 4:]
    return start, end


def overlapping_periods(periods: Iterable[Period]) -> list[tuple[Period, Period]]:
    """Pairs of dated periods whose date ranges share at least one day, in time order."""
    dated = sorted((p for p in periods if p.start_date or p.end_date), key=_span)
    pairs = []
    for index, first in enumerate(dated):
        first_end = _span(first)[1]
        for second in dated[index + 1:]:
            if _span(second)[0] <= first_end:
                pairs.append((first, second))
    return pairs


@dataclass(frozen=True)
class OffPeriodEvidence:
    """A quote given as evidence for an interaction whose period its source's date misses."""
    interaction_id: int
    coding_id: int
    source_date: str
    period: Period


def evidence_outside_period(project, interaction_ids: Iterable[int] | None = None
                            ) -> list[OffPeriodEvidence]:
    """Every evidence quote dated outside its interaction's period (``project``: an open
    ``workbench.core.Project``; all interactions unless ``interaction_ids`` is given)."""
    periods = {p.name: p for p in project.periods.list()}
    wanted = None if interaction_ids is None else set(interaction_ids)
    interactions = [i for i in project.interactions.list()
                    if i.period in periods and i.evidence and (wanted is None or i.id in wanted)]
    if not interactions:
        return []
    dates = {s.id: s.date for s in project.sources.list()}
    source_of = {row.id: row.source_id for row in project.codings.rows()}
    found = []
    for interaction in interactions:
        period = periods[interaction.period]
        for coding_id in interaction.evidence:
            date = dates.get(source_of.get(coding_id))
            if outside(date, period):
                found.append(OffPeriodEvidence(interaction.id, coding_id, date, period))
    return found
