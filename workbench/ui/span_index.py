"""Which codings overlap a range of the document, without ever scanning all codings.

Spans are kept in length classes (class k holds spans of length 2^(k-1) … 2^k - 1), each sorted by
start. In one class every span is shorter than 2^k, so a span overlapping [lo, hi) must start in
[lo - 2^k + 1, hi): two bisections bound the candidates, and the few that start early but end
before ``lo`` are skipped. This is the "max-length" trick of PITFALLS.md made safe against one very
long coding: a whole-document coding lives alone in its own class instead of widening the search
window of every other class. Cost per query: O(classes · log n + candidates). Adding or removing a
span is one bisection and a list insert (memmove), microseconds for thousands of codings.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A text coding in UTF-16 units of the document (what the highlighter and margin use)."""

    start: int
    end: int
    coding_id: int
    element_id: int

    @property
    def length(self) -> int:
        return self.end - self.start


class _Class:
    __slots__ = ("starts", "spans", "reach")

    def __init__(self, reach: int) -> None:
        self.starts: list[int] = []  # sorted; plain ints bisect fastest
        self.spans: list[Span] = []
        self.reach = reach  # every span here is shorter than this


class SpanIndex:
    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._classes: dict[int, _Class] = {}
        self._by_id: dict[int, Span] = {}
        for span in sorted(spans, key=lambda s: s.start):
            self._append(span)
        # element id → its spans (the margin asks which elements are used after every coding)
        self._per_element: dict[int, int] = dict(Counter(
            s.element_id for s in self._by_id.values()))

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, coding_id: int) -> bool:
        return coding_id in self._by_id

    def get(self, coding_id: int) -> Span | None:
        return self._by_id.get(coding_id)

    def spans(self) -> Iterator[Span]:
        return iter(self._by_id.values())

    def element_ids(self) -> set[int]:
        return set(self._per_element)

    def _count(self, element_id: int, more: int) -> None:
        left = self._per_element.get(element_id, 0) + more
        if left:
            self._per_element[element_id] = left
        else:
            del self._per_element[element_id]

    def _class_of(self, span: Span) -> _Class:
        k = max(span.length, 1).bit_length()
        found = self._classes.get(k)
        if found is None:
            found = self._classes[k] = _Class(1 << k)
        return found

    def _append(self, span: Span) -> None:
        # Spans arrive sorted: appending keeps each class sorted (the bulk load of a source).
        bucket = self._class_of(span)
        bucket.starts.append(span.start)
        bucket.spans.append(span)
        self._by_id[span.coding_id] = span

    def add(self, span: Span) -> None:
        self.remove(span.coding_id)
        bucket = self._class_of(span)
        i = bisect_right(bucket.starts, span.start)
        bucket.starts.insert(i, span.start)
        bucket.spans.insert(i, span)
        self._by_id[span.coding_id] = span
        self._count(span.element_id, 1)

    def remove(self, coding_id: int) -> Span | None:
        span = self._by_id.pop(coding_id, None)
        if span is None:
            return None
        bucket = self._class_of(span)
        i = bisect_left(bucket.starts, span.start)
        while bucket.spans[i].coding_id != coding_id:  # several spans may share a start
            i += 1
        del bucket.starts[i]
        del bucket.spans[i]
        self._count(span.element_id, -1)
        return span

    def overlapping(self, lo: int, hi: int) -> list[Span]:
        """Spans with start < hi and end > lo (for an empty range lo == hi: spans covering lo)."""
        if hi <= lo:
            hi = lo + 1
        found: list[Span] = []
        for bucket in self._classes.values():
            starts = bucket.starts
            if not starts:
                continue
            i = bisect_left(starts, lo - bucket.reach + 1)
            j = bisect_left(starts, hi)
            spans = bucket.spans
            for n in range(i, j):
                span = spans[n]
                if span.end > lo:
                    found.append(span)
        return found

