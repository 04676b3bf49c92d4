"""Where the boxes of a path diagram go: layered (drivers left, outcomes right), circular, force.

Coordinates are abstract, with y pointing up (mathematical orientation; a window that stores
scene coordinates with y down flips them). The drawing code scales them so boxes never overlap,
so only the proportions matter. Every method is deterministic: the same graph gives the same
picture, which a student re-exporting a figure for the final thesis version relies on.
``diagram.layout`` is the public entry point; this module holds the algorithms.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..core.errors import InvalidInputError
from ..i18n import tr

if TYPE_CHECKING:
    import networkx as nx

Positions = dict[int, tuple[float, float]]
METHODS = ("layered", "circular", "force")
# Boxes are wider than tall, so layers sit further apart than the boxes inside one layer.
LAYER_STEP, ROW_STEP = 2.6, 1.0
FORCE_SEED = 7


def layout(graph: "nx.MultiDiGraph", method: str = "layered",
           positions: Positions | None = None) -> Positions:
    """Positions for every node of ``graph``; entries of ``positions`` win for the nodes they name
    (a layout the researcher arranged by hand), the method places the rest."""
    nodes = list(graph.nodes)  # element order (framework order), already deterministic
    if method == "layered":
        placed = _layered(graph, nodes)
    elif method == "circular":
        placed = _circular(nodes)
    elif method == "force":
        placed = _force(graph, nodes)
    else:
        raise InvalidInputError(tr("The layout “{method}” is unknown; choose {methods}.",
                                   method=method, methods=", ".join(METHODS)))
    saved = {node: (float(x), float(y)) for node, (x, y) in (positions or {}).items()
             if node in placed}
    return _clear_of_saved(placed, saved) if saved else placed


def _clear_of_saved(placed: Positions, saved: Positions) -> Positions:
    """The saved boxes stay where the researcher put them; a box the method placed on top of
    one (an element added after the diagram was arranged) moves down its column until free."""
    taken = list(saved.values())
    result: Positions = {}
    for node, (x, y) in placed.items():
        if node in saved:
            result[node] = saved[node]
            continue
        while any(abs(x - tx) < LAYER_STEP * 0.8 and abs(y - ty) < ROW_STEP * 0.8
                  for tx, ty in taken):
            y -= ROW_STEP
        taken.append((x, y))
        result[node] = (x, y)
    return result


def _layered(graph: "nx.MultiDiGraph", nodes: list[int]) -> Positions:
    import networkx as nx

    links = sorted({(u, v) for u, v in graph.edges() if u != v},
                   key=lambda e: (nodes.index(e[0]), nodes.index(e[1])))
    dag = nx.DiGraph()
    dag.add_nodes_from(nodes)
    dag.add_edges_from(_without_back_edges(nodes, links))
    rank = {node: index for index, node in enumerate(nodes)}
    layer: dict[int, int] = {}
    for node in nx.lexicographical_topological_sort(dag, key=rank.__getitem__):
        layer[node] = max((layer[p] + 1 for p in dag.predecessors(node)), default=0)
    layers: list[list[int]] = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for node in nodes:
        layers[layer[node]].append(node)
    _order_by_barycentre(layers, links)
    positions: Positions = {}
    for index, members in enumerate(layers):
        for row, node in enumerate(members):
            positions[node] = (index * LAYER_STEP, ((len(members) - 1) / 2 - row) * ROW_STEP)
    return positions


def _without_back_edges(nodes: list[int], links: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop the edges that close a cycle in a depth-first walk started from the elements nothing
    acts on (the drivers), so feedback arrows point back instead of pushing drivers rightwards."""
    successors: dict[int, list[int]] = {node: [] for node in nodes}
    has_parent = set()
    for u, v in links:
        successors[u].append(v)
        has_parent.add(v)
    roots = [n for n in nodes if n not in has_parent] + [n for n in nodes if n in has_parent]
    state: dict[int, int] = {}  # 1 = on the current walk, 2 = finished
    back: set[tuple[int, int]] = set()
    for root in roots:
        if root in state:
            continue
        stack = [(root, iter(successors[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(successors[child])))
    return [link for link in links if link not in back]


def _order_by_barycentre(layers: list[list[int]], links: list[tuple[int, int]]) -> None:
    """A few down-and-up sweeps that sort each layer by the mean row of its neighbours in the
    layer beside it: the usual heuristic against crossing arrows (Sugiyama)."""
    neighbours: dict[int, set[int]] = {}
    for u, v in links:
        neighbours.setdefault(u, set()).add(v)
        neighbours.setdefault(v, set()).add(u)
    for sweep in range(4):
        indices = range(1, len(layers)) if sweep % 2 == 0 else range(len(layers) - 2, -1, -1)
        for index in indices:
            beside = layers[index - 1] if sweep % 2 == 0 else layers[index + 1]
            row = {node: r - (len(beside) - 1) / 2 for r, node in enumerate(beside)}
            current = layers[index]

            def centre(node: int, own: int) -> tuple[float, int]:
                rows = [row[n] for n in neighbours.get(node, ()) if n in row]
                mean = sum(rows) / len(rows) if rows else own - (len(current) - 1) / 2
                return mean, own

            layers[index] = [node for _c, node in sorted(
                ((centre(node, own), node) for own, node in enumerate(current)))]


def _circular(nodes: list[int]) -> Positions:
    count = max(len(nodes), 1)
    radius = max(1.0, count / 4)
    # The first element at the top, the rest clockwise; stretched sideways like the boxes.
    return {node: (1.8 * radius * math.cos(math.pi / 2 - 2 * math.pi * i / count),
                   radius * math.sin(math.pi / 2 - 2 * math.pi * i / count))
            for i, node in enumerate(nodes)}


def _force(graph: "nx.MultiDiGraph", nodes: list[int]) -> Positions:
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in graph.edges() if u != v}))
    if not nodes:
        return {}
    placed = nx.spring_layout(simple, seed=FORCE_SEED, scale=max(1.0, len(nodes) / 4))
    return {node: (1.8 * float(placed[node][0]), float(placed[node][1])) for node in nodes}
