"""The rating units of ``agreement``: characters, or passages grouped from overlapping codings."""
from __future__ import annotations

from collections import defaultdict

from .agreement import Counts


def char_counts(codings, coders: list[str], lengths: dict[int, int],
                element_ids: list[int]) -> dict[int, Counts]:
    """Per element, tallies over every character of the compared sources."""
    import numpy as np

    index = {name: i for i, name in enumerate(coders)}
    spans = defaultdict(list)  # (element, source) -> [(coder index, start, end)]
    for c in codings:
        spans[(c.element_id, c.source_id)].append((index[c.coder], c.start, c.end))
    result = {}
    for element_id in element_ids:
        counts = Counts(len(coders))
        untouched = 0
        for source_id, length in lengths.items():
            marks = spans.get((element_id, source_id))
            if not marks:
                untouched += length  # nobody used the element here: every character is 0, 0
                continue
            ratings = np.zeros((len(coders), length + 1), dtype=np.int32)
            for coder, start, end in marks:  # difference arrays: +1 at start, −1 at end
                ratings[coder, start] += 1
                ratings[coder, end] -= 1
            counts.add(np.cumsum(ratings, axis=1)[:, :length] > 0)
        if untouched:
            for cell in counts.pairs.values():
                cell[3] += untouched
            counts.ones[0] += untouched
        result[element_id] = counts
    return result


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return max(inter, 0) / union if union > 0 else 0.0


def passages(spans: list[tuple[int, int]], overlap: float) -> list[int]:
    """Group spans into passages (single link: spans whose overlap/union ≥ ``overlap`` share
    a passage); the passage number of each span."""
    parent = list(range(len(spans)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(spans)), key=lambda i: spans[i])
    for pos, i in enumerate(order):
        for j in order[pos + 1:]:
            if spans[j][0] >= spans[i][1]:
                break
            if _iou(spans[i], spans[j]) >= overlap:
                parent[find(j)] = find(i)
    roots = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(spans))]


def segment_counts(codings, coders: list[str], sources: list[int], element_ids: list[int],
                   overlap: float) -> dict[int, Counts]:
    """Per element, tallies over the passages of the compared sources."""
    import numpy as np

    index = {name: i for i, name in enumerate(coders)}
    result = {e: Counts(len(coders)) for e in element_ids}
    for source_id in sources:
        mine = [c for c in codings if c.source_id == source_id]
        if not mine:
            continue
        groups = passages([(c.start, c.end) for c in mine], overlap)
        count = max(groups) + 1
        for element_id in element_ids:
            ratings = np.zeros((len(coders), count), dtype=bool)
            for c, group in zip(mine, groups):
                if c.element_id == element_id:
                    ratings[index[c.coder], group] = True
            result[element_id].add(ratings)
    return result
