"""Intercoder agreement between two or more coders who coded the same text sources.

    report = agreement(project, coders=["Ann", "Bo"], unit="char")      # or unit="segment"
    report.overall.kappa, [(row.path, row.kappa) for row in report.elements]

Every figure is computed per element from binary ratings ("did coder c apply element e to
unit u?") and, for ``overall``, from the same ratings pooled over all elements (each
(element, unit) pair is one rating unit). docs/AGREEMENT.md explains the choices.

Units
  ``char``    every character of every compared source is a unit; a coder rates it 1 for e when
              one of the coder's codings of e covers it.
  ``segment`` the units are passages: all codings of the compared coders in a source (any
              element) are grouped, two codings falling in the same passage when their overlap
              is at least ``overlap`` of their union (|a∩b| / |a∪b|, "intersection over union");
              a coder rates a passage 1 for e when one of the coder's codings of e is in it.

Figures (m coders, N units, for one element or pooled)
  percent agreement  share of units on which a pair of coders gave the same rating, averaged over
                     all pairs (for two coders: (both + neither) / N).
  Cohen's kappa      (p_o − p_e) / (1 − p_e) for a pair, p_e from each coder's own share of 1s;
                     for three or more coders the mean over pairs (Light's kappa). Undefined (None,
                     JSON null) when p_e = 1, i.e. both coders gave one constant rating.
  Krippendorff's α   nominal α over all coders: 1 − (n − 1)·D / (2·n₀·n₁), n = N·m pairable
                     values, n₀/n₁ the 0s and 1s, D = Σ_u 2·k_u·(m − k_u)/(m − 1) the disagreeing
                     ordered pairs (k_u = coders rating unit u 1). Undefined when every value is
                     the same (n₀ = 0 or n₁ = 0). Same result as the ``krippendorff`` package
                     (checked in the tests), computed from counts so millions of units are cheap.
Sources compared: the text sources in which every selected coder has at least one coding.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

from ..core.errors import InvalidInputError
from ..i18n import tr

if TYPE_CHECKING:
    from ..core import Project

UNITS = ("char", "segment")


@dataclass
class Counts:
    """Additive tallies: per coder pair [both 1, only first, only second, both 0], and how many
    units k coders rated 1 (k = 0..m)."""

    m: int
    pairs: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    ones: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.pairs = self.pairs or {p: [0, 0, 0, 0] for p in combinations(range(self.m), 2)}
        self.ones = self.ones or [0] * (self.m + 1)

    def add(self, ratings) -> None:
        """``ratings``: a (m, N) boolean numpy array."""
        import numpy as np
        for (i, j), cell in self.pairs.items():
            a, b = ratings[i], ratings[j]
            both = int(np.count_nonzero(a & b))
            cell[0] += both
            cell[1] += int(np.count_nonzero(a)) - both
            cell[2] += int(np.count_nonzero(b)) - both
            cell[3] += int(np.count_nonzero(~(a | b)))
        hist = np.bincount(ratings.sum(axis=0), minlength=self.m + 1)
        for k in range(self.m + 1):
            self.ones[k] += int(hist[k])

    def merge(self, other: "Counts") -> None:
        for key, cell in other.pairs.items():
            self.pairs[key] = [x + y for x, y in zip(self.pairs[key], cell)]
        self.ones = [x + y for x, y in zip(self.ones, other.ones)]

    @property
    def units(self) -> int:
        return sum(self.ones)


def percent(counts: Counts) -> float | None:
    values = [(c[0] + c[3]) / sum(c) for c in counts.pairs.values() if sum(c)]
    return sum(values) / len(values) if values else None


def cohen_kappa(cell: list[int]) -> float | None:
    """Kappa of one pair from [both, only first, only second, neither]; None if undefined."""
    both, first, second, neither = cell
    n = both + first + second + neither
    if n == 0:
        return None
    p_o = (both + neither) / n
    p1, p2 = (both + first) / n, (both + second) / n
    p_e = p1 * p2 + (1 - p1) * (1 - p2)
    if p_e >= 1 - 1e-12:
        return None
    return (p_o - p_e) / (1 - p_e)


def kappa(counts: Counts) -> float | None:
    values = [k for k in map(cohen_kappa, counts.pairs.values()) if k is not None]
    return sum(values) / len(values) if values else None


def krippendorff_alpha(counts: Counts) -> float | None:
    m = counts.m
    n = counts.units * m
    n1 = sum(k * units for k, units in enumerate(counts.ones))
    n0 = n - n1
    if n0 == 0 or n1 == 0 or m < 2:
        return None
    disagreeing = sum(units * 2 * k * (m - k) / (m - 1) for k, units in enumerate(counts.ones))
    return 1 - (n - 1) * disagreeing / (2 * n0 * n1)


@dataclass
class Row:
    element_id: int | None
    path: str
    units: int
    percent: float | None
    kappa: float | None
    alpha: float | None
    counts: dict[str, int]  # two coders: both, only_<A>, only_<B>, neither

    @classmethod
    def of(cls, element_id, path, counts: Counts, coders: list[str]) -> "Row":
        tally = {"units": counts.units}
        if counts.m == 2:
            both, first, second, neither = counts.pairs[(0, 1)]
            tally = {"both": both, f"only {coders[0]}": first, f"only {coders[1]}": second,
                     "neither": neither}
        return cls(element_id, path, counts.units, percent(counts), kappa(counts),
                   krippendorff_alpha(counts), tally)


@dataclass
class AgreementReport:
    coders: list[str]
    unit: str
    overlap: float
    sources: list[int]
    elements: list[Row]
    overall: Row
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Plain data for JSON: undefined figures are None (null), never NaN."""
        return asdict(self)


def agreement(project: "Project", coders: list[str] | None = None, *, unit: str = "char",
              overlap: float = 0.5, source_ids: list[int] | None = None) -> AgreementReport:
    """Agreement of ``coders`` (default: every coder with codings) on their common sources."""
    from .agreement_units import char_counts, segment_counts

    if unit not in UNITS:
        raise InvalidInputError(tr("The unit of agreement is “char” or “segment”."))
    if not 0 < overlap <= 1:
        raise InvalidInputError(tr("The overlap must be more than 0 and at most 1."))
    codings = [c for c in project.codings.list() if c.start is not None]
    coders = list(coders or sorted({c.coder for c in codings}))
    if len(coders) < 2:
        raise InvalidInputError(tr("Agreement needs at least two coders with codings."))
    known = {c.name for c in project.coders.list()}
    missing = [name for name in coders if name not in known]
    if missing:
        raise InvalidInputError(tr("There is no coder called “{name}” in this project.",
                                   name=missing[0]))
    by_coder = {name: {c.source_id for c in codings if c.coder == name} for name in coders}
    common = set.intersection(*by_coder.values())
    sources = sorted(common if source_ids is None else common & set(source_ids))
    if not sources:
        raise InvalidInputError(tr("The coders have no text source that all of them coded."))
    codings = [c for c in codings if c.coder in coders and c.source_id in sources]
    elements = project.elements.list()
    if unit == "char":
        lengths = {s: len(project.sources.text(s)) for s in sources}
        per_element = char_counts(codings, coders, lengths, [e.id for e in elements])
    else:
        per_element = segment_counts(codings, coders, sources, [e.id for e in elements], overlap)
    overall = Counts(len(coders))
    rows = []
    for element in elements:
        counts = per_element[element.id]
        overall.merge(counts)
        rows.append(Row.of(element.id, element.path, counts, coders))
    return AgreementReport(coders, unit, overlap, sources, rows,
                           Row.of(None, tr("All elements"), overall, coders))
