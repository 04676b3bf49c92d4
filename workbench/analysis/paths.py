"""The path graph of a study: elements as nodes, interactions as directed, signed edges.

    graph = path_graph(project)                  # the whole case, undated interactions included
    graph = path_graph(project, period="2015–2018")  # one stage only
    loops = feedback_loops(graph)                # reinforcing (R) and balancing (B) loops
    rows = period_comparison(project)            # how each link changes from stage to stage

The graph is a ``networkx.MultiDiGraph`` keyed by interaction id, because two interactions may
join the same pair of elements (a "promotes" and a "constrains", or the same link seen by two
coders); each is its own edge and takes part in its own loops.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from ..core import Project

# Statuses of a link in one period compared with the period before it.
APPEARS, STRENGTHENS, WEAKENS, FADES, STEADY, ABSENT = (
    "appears", "strengthens", "weakens", "fades", "steady", "absent")


@dataclass(frozen=True)
class Loop:
    """A feedback loop: ``nodes[i]`` acts on ``nodes[i+1]`` (and the last on the first) through
    interaction ``edges[i]``. Rotated so the smallest element id comes first."""

    nodes: tuple[int, ...]
    edges: tuple[int, ...]  # interaction ids in loop order
    sign: int  # product of the edge signs
    kind: str  # "R" reinforcing (sign +1) or "B" balancing (sign −1)


def path_graph(project: "Project", period: str | None = None, *,
               include_isolated: bool = False) -> "nx.MultiDiGraph":
    """The project's interactions as a graph.

    ``period`` (a period name) keeps only that period's interactions; undated interactions belong
    to the whole-case graph only. Nodes carry ``name``, ``color`` and ``path``; edges (keyed by
    interaction id) carry ``id``, ``type``, ``type_id``, ``sign``, ``line_style``, ``period``,
    ``evidence`` (number of codings) and ``note``. Elements without interactions are left out
    unless ``include_isolated``.
    """
    import networkx as nx

    if period is not None:
        project.periods.find(period)  # an unknown name is an error, not an empty graph
    styles = {kind.id: kind.line_style for kind in project.interactions.types()}
    interactions = [i for i in project.interactions.list()
                    if period is None or i.period == period]
    elements = {e.id: e for e in project.elements.list()}
    used = {i.from_element_id for i in interactions} | {i.to_element_id for i in interactions}

    graph = nx.MultiDiGraph(period=period)
    for element in elements.values():  # parents before children: a stable node order
        if include_isolated or element.id in used:
            graph.add_node(element.id, name=element.name, color=element.color, path=element.path)
    for item in interactions:
        graph.add_edge(item.from_element_id, item.to_element_id, key=item.id, id=item.id,
                       type=item.type_name, type_id=item.type_id, sign=item.sign,
                       line_style=styles.get(item.type_id, "solid"), period=item.period,
                       evidence=len(item.evidence), note=item.note)
    return graph


def feedback_loops(graph: "nx.MultiDiGraph", *, max_length: int | None = None) -> list[Loop]:
    """Every feedback loop of the graph, self-loops included.

    networkx's ``simple_cycles`` walks nodes and so folds parallel edges together; each choice of
    one edge per step is a different loop here (two "promotes" links from A to B give two loops
    through B→A), so loops that share an edge are all found.
    """
    import networkx as nx

    loops: set[Loop] = set()
    for cycle in nx.simple_cycles(graph, length_bound=max_length):
        nodes = _rotate(list(cycle))
        steps = [sorted(graph.get_edge_data(a, b).items())
                 for a, b in zip(nodes, nodes[1:] + nodes[:1])]
        for choice in product(*steps):
            sign = 1
            for _key, data in choice:
                sign *= 1 if data.get("sign", 1) >= 0 else -1
            loops.add(Loop(tuple(nodes), tuple(key for key, _data in choice), sign,
                           "R" if sign > 0 else "B"))
    return sorted(loops, key=lambda loop: (len(loop.nodes), loop.nodes, loop.edges))


def _rotate(nodes: list[int]) -> list[int]:
    start = nodes.index(min(nodes))
    return nodes[start:] + nodes[:start]


def period_comparison(project: "Project") -> list[dict[str, Any]]:
    """How each link (from, to, type) fares from period to period: one row per link and period.

    Rows hold ``from_id``, ``from_name``, ``to_id``, ``to_name``, ``type``, ``period``,
    ``present``, ``interactions`` (how many recorded), ``evidence`` (distinct codings), ``sign``
    (the link's sign there, 0 if mixed, None if absent) and ``status`` against the period before:
    "appears", "strengthens" (more evidence), "weakens" (less), "steady", "fades" (gone) or
    "absent". Undated interactions belong to no period and are left out. Links are ordered by the
    period they first appear in, then by element path and type.
    """
    periods = [p.name for p in project.periods.list()]
    if not periods:
        return []
    paths = {e.id: e.path for e in project.elements.list()}
    seen: dict[tuple[int, int, str], dict[str, list]] = {}
    names: dict[tuple[int, int, str], tuple[str, str]] = {}
    for item in project.interactions.list():
        if item.period is None:
            continue
        key = (item.from_element_id, item.to_element_id, item.type_name)
        names[key] = (item.from_name, item.to_name)
        seen.setdefault(key, {}).setdefault(item.period, []).append(item)

    def order(key: tuple[int, int, str]) -> tuple:
        first = min(periods.index(name) for name in seen[key])
        return first, paths.get(key[0], ""), paths.get(key[1], ""), key[2]

    rows: list[dict[str, Any]] = []
    for key in sorted(seen, key=order):
        before: int | None = None  # evidence in the previous period, None when absent there
        for period in periods:
            items = seen[key].get(period, [])
            evidence = len({c for item in items for c in item.evidence}) if items else None
            signs = {item.sign for item in items}
            rows.append({
                "from_id": key[0], "from_name": names[key][0], "to_id": key[1],
                "to_name": names[key][1], "type": key[2], "period": period,
                "present": bool(items), "interactions": len(items), "evidence": evidence or 0,
                "sign": (signs.pop() if len(signs) == 1 else 0) if items else None,
                "status": _status(before, evidence)})
            before = evidence
    return rows


def _status(before: int | None, now: int | None) -> str:
    if now is None:
        return FADES if before is not None else ABSENT
    if before is None:
        return APPEARS
    if now > before:
        return STRENGTHENS
    if now < before:
        return WEAKENS
    return STEADY


def period_names(project: "Project") -> list[str]:
    """Period names in chronological order, for callers that draw one panel per period."""
    return [p.name for p in project.periods.list()]


__all__ = ["ABSENT", "APPEARS", "FADES", "Loop", "STEADY", "STRENGTHENS", "WEAKENS",
           "feedback_loops", "path_graph", "period_comparison", "period_names"]
