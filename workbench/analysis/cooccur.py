"""Co-occurrence of elements: element × element counts of coding pairs that overlap, share a
paragraph, or lie within N characters of each other in the same source.

    t = cooccurrence(project, by="paragraph")
    t.cells[i][j]            # number of coding pairs of elements i and j
    t.details[(i, j)]        # [(coding id, coding id), …]: the evidence behind the cell

The table is symmetric; the diagonal is 0 (an element with itself is not a co-occurrence). Image
regions co-occur when their rectangles overlap (``overlap``) or lie in the same image (otherwise).
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from typing import TYPE_CHECKING

from .corpus import Corpus, load
from .tables import Table

if TYPE_CHECKING:
    from ..core import Project

MODES = ("overlap", "paragraph", "distance")
_PARAGRAPH_KINDS = ("paragraph", "heading")


def cooccurrence(project: "Project", by: str = "overlap", distance: int = 0, *,
                 corpus: Corpus | None = None) -> Table:
    if by not in MODES:
        raise ValueError(f"by must be one of {MODES}")
    data = corpus or load(project)
    per_source: dict[int, list] = defaultdict(list)
    for coding in data.codings:
        per_source[coding.source_id].append(coding)
    rows = data.elements
    index = {e.id: i for i, e in enumerate(rows)}
    found: dict[tuple[int, int], list] = defaultdict(list)
    for source_id, codings in per_source.items():
        if len({c.element_id for c in codings}) < 2:
            continue
        texts = [c for c in codings if c.start is not None]
        images = [c for c in codings if c.start is None]
        if by == "paragraph":
            pairs = _same_paragraph(project, source_id, texts)
        else:
            pairs = _near(texts, 0 if by == "overlap" else max(0, distance), by == "overlap")
        pairs.extend(_images(images, by == "overlap"))
        for a, b in pairs:
            i, j = index.get(a.element_id), index.get(b.element_id)
            if i is None or j is None or i == j:
                continue
            if i > j:
                i, j, a, b = j, i, b, a
            found[(i, j)].append((a.id, b.id))
    n = len(rows)
    cells = [[0] * n for _ in range(n)]
    details: dict[tuple[int, int], list] = {}
    for (i, j), pairs in found.items():
        pairs.sort()
        cells[i][j] = cells[j][i] = len(pairs)
        details[(i, j)] = details[(j, i)] = pairs  # one list: (row-i coding, row-j coding)
    totals = [sum(row) for row in cells]
    label = by if by != "distance" else f"distance {distance}"
    return Table([e.path for e in rows], [e.path for e in rows], cells, totals, totals,
                 sum(totals) // 2, [e.id for e in rows], [e.id for e in rows], details,
                 title=f"co-occurrence ({label})")




def _near(codings: list, gap: int, strict: bool) -> list:
    """Pairs of codings of two elements whose ranges overlap (strict) or are at most ``gap``
    characters apart; each pair once."""
    codings = sorted(codings, key=lambda c: (c.start, c.end, c.id))
    found = []
    for i, a in enumerate(codings):
        reach = a.end + gap
        for k in range(i + 1, len(codings)):
            b = codings[k]
            if b.start > reach or (strict and b.start >= a.end):
                break
            if a.element_id != b.element_id:
                found.append((a, b))
    # A long coding reaches past shorter ones that start later: the sweep above checks every
    # later start up to a's own end, so each overlapping pair is seen from its earlier member.
    return found


def _same_paragraph(project: "Project", source_id: int, codings: list) -> list:
    blocks = [b for b in project.sources.blocks(source_id) if b.kind in _PARAGRAPH_KINDS]
    if not blocks:  # no structure recorded: paragraphs are the lines of the text
        text, start, blocks = project.sources.text(source_id), 0, []
        for line in text.split("\n"):
            blocks.append((start, start + len(line)))
            start += len(line) + 1
    else:
        blocks = sorted((b.start, b.end) for b in blocks)
    starts = [s for s, _ in blocks]
    groups: dict[int, list] = defaultdict(list)
    for coding in codings:
        first = max(0, bisect.bisect_right(starts, coding.start) - 1)
        k = first
        while k < len(blocks) and blocks[k][0] < coding.end:
            if blocks[k][1] > coding.start:
                groups[k].append(coding)
            k += 1
    found, seen = [], set()
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.element_id != b.element_id and (a.id, b.id) not in seen:
                    seen.add((a.id, b.id))  # a coding spanning two paragraphs: count once
                    found.append((a, b))
    return found


def _images(codings: list, strict: bool) -> list:
    found = []
    for i, a in enumerate(codings):
        for b in codings[i + 1:]:
            ra, rb = a.rect, b.rect
            if strict and not (ra.x < rb.x + rb.width and rb.x < ra.x + ra.width and
                               ra.y < rb.y + rb.height and rb.y < ra.y + ra.height):
                continue
            if a.element_id != b.element_id:
                found.append((a, b))
    return found
