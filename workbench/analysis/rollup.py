"""Framework levels counted the way a thesis reports them (一级维度 / 二级维度).

    counts = rollup(project.elements.list(), project.codings.rows())
    counts[element_id].direct, counts[element_id].total, counts[element_id].level

``direct``: the codings of the element itself. ``total``: the coded segments of the element and
all its descendants, each segment once — a passage (or region) that one coder coded to two
children of a dimension is one piece of evidence for the dimension, not two. For an element
without children ``total == direct`` (unless one coder coded the very same segment to it twice,
which ``code_text`` refuses). The report, ``workbench stats`` and the window's tree share this
one rule.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rolled:
    direct: int
    total: int
    level: int  # 1 = a top-level dimension (一级维度), 2 = its child (二级维度) …
    has_children: bool


def segment_key(coding: Any) -> tuple:
    """What makes two codings the same piece of evidence: source, coder and the same passage
    or region (the element is left out on purpose)."""
    rect = getattr(coding, "rect", None)
    region = (rect.x, rect.y, rect.width, rect.height) if rect is not None else None
    return (coding.source_id, coding.coder, coding.start, coding.end, region)


def ancestors(elements: Iterable[Any]) -> dict[int, list[int]]:
    """Each element's id with the ids of itself and its ancestors (nearest first)."""
    parent = {e.id: e.parent_id for e in elements}
    chains = {}
    for element_id in parent:
        chain, seen, current = [], set(), element_id
        while current is not None and current in parent and current not in seen:
            chain.append(current)
            seen.add(current)
            current = parent[current]
        chains[element_id] = chain
    return chains


def rollup(elements: Iterable[Any], codings: Iterable[Any], *,
           keep: Callable[[Any], bool] | None = None) -> dict[int, Rolled]:
    """Direct and rolled-up counts of every element (``keep`` filters the codings, e.g. one
    case or period)."""
    elements = list(elements)
    chains = ancestors(elements)
    direct: dict[int, int] = defaultdict(int)
    segments: dict[int, set] = defaultdict(set)
    for coding in codings:
        if coding.element_id not in chains or (keep is not None and not keep(coding)):
            continue
        direct[coding.element_id] += 1
        key = segment_key(coding)
        for element_id in chains[coding.element_id]:
            segments[element_id].add(key)
    parents = {e.parent_id for e in elements if e.parent_id is not None}
    return {e.id: Rolled(direct[e.id], len(segments[e.id]), len(chains[e.id]), e.id in parents)
            for e in elements}


def tree_order(elements: Iterable[Any]) -> list[Any]:
    """Elements parent first, children after it (by position), as the codebook prints them."""
    elements = list(elements)
    children: dict[int | None, list] = defaultdict(list)
    known = {e.id for e in elements}
    for e in elements:
        children[e.parent_id if e.parent_id in known else None].append(e)
    ordered: list[Any] = []

    def walk(parent_id):
        for child in sorted(children.get(parent_id, ()),
                            key=lambda e: (getattr(e, "position", 0), e.id)):
            ordered.append(child)
            walk(child.id)
    walk(None)
    return ordered
