"""The geometry of a path diagram, in inches: box sizes from the measured names, a scale that
keeps boxes apart, curvature that separates parallel arrows and bends arrows around third boxes,
and arrow shafts clipped to the box outlines with a head that ends on the border.

Pure arithmetic apart from measuring text (matplotlib's Agg renderer, imported when measuring),
so the drawing code only paints what is computed here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .fonts import font_properties
from .layout import Positions, layout

if TYPE_CHECKING:
    import networkx as nx

Point = tuple[float, float]
MAX_LINE_WIDTH = 1.6  # inches of text before a name wraps
# Inches between boxes (more between linked ones, whose arrows and marks need the room) and
# around the drawing.
GAP_X, GAP_Y, GAP_LINKED, GAP_PER_ARROW, MARGIN = 0.8, 0.5, 0.8, 0.2, 0.3
MAX_WIDTH = 15.0  # a wider figure would not fit a landscape page anyway
CORNER = 0.09  # rounding of the boxes
_BENDS = (0.0, 0.2, -0.2, 0.35, -0.35, 0.5, -0.5, 0.7, -0.7)


@dataclass
class Geometry:
    """Box centres and sizes, wrapped labels, arc3 curvature per interaction id, canvas size."""

    centres: dict[int, Point]
    sizes: dict[int, Point]
    labels: dict[int, str]
    rads: dict[int, float]
    width: float
    height: float
    font_size: float
    # self-loop id → (its index at the node, +1 above the box or −1 below it)
    loops: dict[int, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def measure(cls, graph: "nx.MultiDiGraph", positions: Positions, font_size: float,
                gaps: float = 1.0) -> "Geometry":
        """``gaps`` < 1 packs the boxes closer (small multiples)."""
        from matplotlib.backends.backend_agg import RendererAgg

        renderer, props = RendererAgg(1, 1, 72), font_properties(font_size)  # 72 dpi: px = pt

        def width(text: str) -> float:
            return renderer.get_text_width_height_descent(text, props, ismath=False)[0] / 72

        if any(n not in positions for n in graph.nodes):
            positions = {**layout(graph), **positions}
        labels, sizes = {}, {}
        for node, data in graph.nodes(data=True):
            lines = _wrap(str(data.get("name", node)), width)
            labels[node] = "\n".join(lines)
            sizes[node] = (max(max(map(width, lines)) + 0.3, 0.9),
                           len(lines) * font_size * 1.25 / 72 + 0.2)
        points = {n: positions[n] for n in graph.nodes}
        # Fit a page width where the gaps allow it, but never let boxes touch to do so.
        scale = max(_scale(points, sizes, _pairs(graph), gaps * 0.35, fit=False),
                    _scale(points, sizes, _pairs(graph), gaps))
        centres = {n: (x * scale, y * scale) for n, (x, y) in points.items()}
        rads = edge_curvature(graph)
        loops = _self_loops(graph, centres)
        _bend_around_boxes(graph, centres, sizes, rads)
        xs, ys = _extent(graph, centres, sizes, rads, loops)
        if not xs:
            return cls({}, {}, {}, {}, 3.0, 1.2, font_size)
        left, bottom = min(xs) - MARGIN, min(ys) - MARGIN
        centres = {n: (x - left, y - bottom) for n, (x, y) in centres.items()}
        return cls(centres, sizes, labels, rads, max(xs) + MARGIN - left,
                   max(ys) + MARGIN - bottom, font_size, loops)


def _wrap(name: str, width) -> list[str]:
    """Split a long name into balanced lines: at spaces for Latin text, anywhere for Chinese."""
    total = width(name)
    if total <= MAX_LINE_WIDTH:
        return [name]
    target = total / math.ceil(total / MAX_LINE_WIDTH)
    joiner = " " if " " in name else ""
    tokens = name.split(" ") if joiner else list(name)
    lines, current = [], ""
    for token in tokens:
        candidate = f"{current}{joiner}{token}" if current else token
        if current and width(candidate) > target * 1.08:
            lines.append(current)
            candidate = token
        current = candidate
    return lines + [current]


def _scale(points: dict[int, Point], sizes: dict[int, Point], pairs: dict, gaps: float,
           fit: bool = True) -> float:
    """The smallest scale that keeps every pair of boxes apart, horizontally or vertically."""
    nodes, needed = list(points), 0.6 * gaps
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            dx, dy = abs(points[a][0] - points[b][0]), abs(points[a][1] - points[b][1])
            if dx < 1e-9 and dy < 1e-9:
                continue  # the same spot: no scale separates them
            arrows = len(pairs.get((min(a, b), max(a, b)), ()))
            extra = GAP_LINKED + GAP_PER_ARROW * (arrows - 1) if arrows else 0.0
            gap_x, gap_y = max(GAP_X, extra) * gaps, max(GAP_Y, extra) * gaps
            apart_x = ((sizes[a][0] + sizes[b][0]) / 2 + gap_x) / dx if dx > 1e-9 else math.inf
            apart_y = ((sizes[a][1] + sizes[b][1]) / 2 + gap_y) / dy if dy > 1e-9 else math.inf
            needed = max(needed, min(apart_x, apart_y))
    xs = [p[0] for p in points.values()]
    span = max(xs, default=0) - min(xs, default=0)
    return min(needed, MAX_WIDTH / span) if fit and span > 0 else needed


def _pairs(graph: "nx.MultiDiGraph") -> dict[tuple[int, int], list[tuple[int, int, int]]]:
    groups: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for u, v, key in sorted(graph.edges(keys=True), key=lambda e: e[2]):
        if u != v:
            groups.setdefault((min(u, v), max(u, v)), []).append((u, v, key))
    return groups


def _self_loops(graph: "nx.MultiDiGraph", centres: dict[int, Point]) -> dict[int, tuple[int, int]]:
    """Each self-loop's index at its node (stacked loops grow taller) and side: above the box
    unless more arrows arrive from above than from below."""
    loops: dict[int, tuple[int, int]] = {}
    for u, v, key in sorted(graph.edges(keys=True), key=lambda e: e[2]):
        if u != v:
            continue
        y = centres[u][1]
        ends = [centres[w][1] - y for w in (*graph.predecessors(u), *graph.successors(u)) if w != u]
        side = 1 if sum(d > 0 for d in ends) <= sum(d < 0 for d in ends) else -1
        loops[key] = (sum(1 for k in loops if graph.has_edge(u, u, k)), side)
    return loops


def edge_curvature(graph: "nx.MultiDiGraph") -> dict[int, float]:
    """arc3 curvature for every edge between two elements, so parallel and opposite edges
    bend apart."""
    rads: dict[int, float] = {}
    for (a, _b), edges in _pairs(graph).items():
        edges.sort(key=lambda e: (e[0] != a, e[2]))
        step = 0.4 if len(edges) == 2 else 0.3
        for index, (u, _v, key) in enumerate(edges):
            offset = (index - (len(edges) - 1) / 2) * step
            # arc3 bends to one side of the direction of travel: flip for the reverse direction.
            rads[key] = offset if u == a else -offset
    return rads


def _bend_around_boxes(graph, centres, sizes, rads: dict[int, float]) -> None:
    """Bend arrows that would cross a third box (a link that skips a layer, say), put their sign
    mark on another arrow, their head on another head, or cross other arrows: the arrows between
    two elements shift together to the extra curvature with the fewest such faults, crossing a
    box counting most and a strong bend a little."""
    marks: list[Point] = []
    tips: list[Point] = []
    lines: list[list[Point]] = []  # the arrows placed so far, as polylines
    for (a, b), edges in _pairs(graph).items():
        others = [n for n in centres if n not in (a, b)]

        def shapes(shift: float):
            for u, v, key in edges:
                rad = rads[key] + (shift if u == a else -shift)
                curve = [bezier(centres[u], centres[v], rad, i / 40) for i in range(4, 37)]
                tip = bezier(centres[u], centres[v], rad,
                             entry(centres[u], centres[v], rad, centres[v], sizes[v]))
                yield curve, curve[len(curve) // 2], tip

        def cost(shift: float) -> float:
            hits = near = crossings = 0
            for curve, mark, tip in shapes(shift):
                hits += sum(inside(p, centres[n], sizes[n], 0.08) for p in curve for n in others)
                near += sum(math.dist(mark, m) < 0.3 for m in marks)
                near += sum(math.dist(mark, p) < 0.14 for line in lines for p in line)
                near += sum(math.dist(p, m) < 0.14 for p in curve for m in marks)
                near += sum(math.dist(tip, t) < 0.2 for t in tips)
                crossings += sum(_crosses(curve[::4], line[::4]) for line in lines)
            return hits * 10 + near * 3 + crossings + abs(shift) * 2

        best = min(_BENDS, key=cost)
        for u, v, key in edges:
            rads[key] += best if u == a else -best
        for curve, mark, tip in shapes(0.0):
            marks.append(mark)
            tips.append(tip)
            lines.append(curve)


def _crosses(first: list[Point], second: list[Point]) -> int:
    def turn(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    count = 0
    for p1, p2 in zip(first, first[1:]):
        for q1, q2 in zip(second, second[1:]):
            if turn(p1, p2, q1) * turn(p1, p2, q2) < 0 and turn(q1, q2, p1) * turn(q1, q2, p2) < 0:
                count += 1
    return count


def entry(start: Point, end: Point, rad: float, centre: Point, size: Point) -> float:
    """The curve parameter where the arc from ``start`` enters the box around ``end``."""
    low, high = 0.5, 1.0  # outside at low, inside at high
    for _ in range(30):  # bisection to well below a printer dot
        middle = (low + high) / 2
        if inside(bezier(start, end, rad, middle), centre, size, 0.01):
            high = middle
        else:
            low = middle
    return (low + high) / 2


def bezier(start: Point, end: Point, rad: float, t: float) -> Point:
    """A point of matplotlib's arc3 curve: a quadratic Bézier whose control point sits
    ``rad`` × the chord length off the chord's middle."""
    (x1, y1), (x2, y2) = start, end
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    return ((1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t ** 2 * x2,
            (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t ** 2 * y2)


def inside(point: Point, centre: Point, size: Point, pad: float = 0.0) -> bool:
    """Whether ``point`` lies in the rounded box (grown by ``pad``)."""
    dx = abs(point[0] - centre[0]) - (size[0] / 2 + pad - CORNER)
    dy = abs(point[1] - centre[1]) - (size[1] / 2 + pad - CORNER)
    if dx > CORNER or dy > CORNER:
        return False
    return dx <= 0 or dy <= 0 or math.hypot(dx, dy) <= CORNER


def loop_height(index: int) -> float:
    return 0.42 + 0.24 * index


def self_loop(centre: Point, size: Point, slot: tuple[int, int]) -> list[Point]:
    """A cubic Bézier from the top (or bottom) edge of the box back to it."""
    (x, y), (w, h), (index, side) = centre, size, slot
    top, rise, spread = y + side * h / 2, side * loop_height(index), min(w * 0.25, 0.35)
    controls = [(x - spread, top), (x - spread - 0.25, top + rise),
                (x + spread + 0.25, top + rise), (x + spread, top)]
    return [_cubic(controls, i / 40) for i in range(41)]


def _cubic(p: list[Point], t: float) -> Point:
    s = 1 - t
    return tuple(s ** 3 * a + 3 * s * s * t * b + 3 * s * t * t * c + t ** 3 * d
                 for a, b, c, d in zip(*p))  # type: ignore[return-value]


def arrow(geometry: Geometry, u: int, v: int, rad: float) -> list[Point]:
    """Points of the arc from the border of box ``u`` to the border of box ``v``."""
    start, end = geometry.centres[u], geometry.centres[v]
    # Leaving box u is entering it on the reversed arc (arc3 flips its bend with the direction).
    t0 = 1 - entry(end, start, -rad, start, geometry.sizes[u])
    t1 = entry(start, end, rad, end, geometry.sizes[v])
    if t1 - t0 < 0.05:  # overlapping boxes: draw centre to centre rather than nothing
        t0, t1 = 0.0, 1.0
    return [bezier(start, end, rad, t0 + (t1 - t0) * i / 40) for i in range(41)]


def split_head(points: list[Point], head: float) -> tuple[list[Point], Point, Point]:
    """Shorten a polyline by ``head`` inches at its end: (shaft, head base, tip)."""
    tip, walked = points[-1], 0.0
    for index in range(len(points) - 1, 0, -1):
        step = math.dist(points[index], points[index - 1])
        if walked + step >= head:
            f = (head - walked) / step if step else 0.0
            (x1, y1), (x0, y0) = points[index], points[index - 1]
            base = (x1 + (x0 - x1) * f, y1 + (y0 - y1) * f)
            return points[:index] + [base], base, tip
        walked += step
    return points[:1], points[0], tip


def _extent(graph, centres, sizes, rads, loops) -> tuple[list[float], list[float]]:
    xs, ys = [], []
    for node, (x, y) in centres.items():
        w, h = sizes[node]
        xs += [x - w / 2, x + w / 2]
        ys += [y - h / 2, y + h / 2]
    for u, v, key in graph.edges(keys=True):
        if u == v:
            index, side = loops[key]
            ys.append(centres[u][1] + side * (sizes[u][1] / 2 + loop_height(index) * 0.75 + 0.15))
        else:
            mx, my = bezier(centres[u], centres[v], rads[key], 0.5)
            xs += [mx - 0.15, mx + 0.15]
            ys += [my - 0.15, my + 0.15]
    return xs, ys
