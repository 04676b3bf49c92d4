"""The path graph as a GraphML or GEXF file, for Gephi, Cytoscape, yEd or R/igraph.

    export_graph(path_graph(project), "path.gexf", positions=layout(graph))

networkx's writers take only scalar attribute values and choke on None, so every attribute is
converted: names and colours as text, sign/evidence as integers, a missing period as ""; the
interaction type is ``interaction_type`` (GEXF reserves ``type``). Node
labels are the element names (what Gephi shows); GEXF also gets Gephi's own ``viz`` colour and,
when given, the diagram's positions.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import InvalidInputError
from ..i18n import tr

if TYPE_CHECKING:
    import networkx as nx

FORMATS = (".graphml", ".gexf")
_NODE_TEXT = ("name", "path", "color")
# "type" is a reserved edge attribute in GEXF (directed/undirected), hence "interaction_type",
# used in both formats so one script reads either.
_EDGE_FIELDS: dict[str, tuple[str, type]] = {
    "interaction_type": ("type", str), "sign": ("sign", int), "line_style": ("line_style", str),
    "period": ("period", str), "evidence": ("evidence", int), "note": ("note", str)}


def export_graph(graph: "nx.MultiDiGraph", path: str | os.PathLike,
                 positions: dict[int, tuple[float, float]] | None = None) -> Path:
    """Write ``graph`` (from ``analysis.paths.path_graph``) as .graphml or .gexf by suffix."""
    import networkx as nx

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInputError(tr(
            "{name} cannot be written: a graph is saved as .graphml or .gexf.", name=target.name))
    if not target.parent.is_dir():
        raise InvalidInputError(tr("The folder {folder} does not exist.", folder=target.parent))
    clean = nx.MultiDiGraph()
    clean.graph.update({k: str(v) for k, v in graph.graph.items() if _scalar(v)})
    for node, data in graph.nodes(data=True):
        attributes: dict[str, Any] = {k: str(data.get(k) or "") for k in _NODE_TEXT}
        attributes["label"] = attributes["name"] or str(node)
        if suffix == ".gexf":
            attributes["viz"] = _viz(data.get("color"), (positions or {}).get(node))
        elif positions and node in positions:
            attributes["x"], attributes["y"] = (float(c) for c in positions[node])
        clean.add_node(node, **attributes)
    for u, v, key, data in graph.edges(keys=True, data=True):
        attributes = {name: kind(data.get(field) or kind())
                      for name, (field, kind) in _EDGE_FIELDS.items()}
        attributes["label"] = attributes["interaction_type"]
        # GEXF takes the edge id from an "id" attribute; GraphML from the multigraph key.
        attributes["id"] = str(data.get("id", key))
        attributes["weight"] = float(max(1, attributes["evidence"]))
        clean.add_edge(u, v, key=key, **attributes)
    try:
        if suffix == ".gexf":
            nx.write_gexf(clean, target, encoding="utf-8", prettyprint=True)
        else:
            nx.write_graphml(clean, target, encoding="utf-8", prettyprint=True)
    except OSError as exc:
        raise InvalidInputError(tr("{name} cannot be written ({reason}).",
                                   name=target.name, reason=exc.strerror)) from None
    return target


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def _viz(color: str | None, position: tuple[float, float] | None) -> dict[str, Any]:
    viz: dict[str, Any] = {"size": 10.0}
    text = (color or "").lstrip("#")
    if len(text) == 6:
        try:
            r, g, b = (int(text[i:i + 2], 16) for i in (0, 2, 4))
            viz["color"] = {"r": r, "g": g, "b": b, "a": 1.0}
        except ValueError:
            pass
    if position is not None:
        # Gephi's y axis points up like ours; spread the inch-sized layout over its canvas.
        viz["position"] = {"x": float(position[0]) * 100, "y": float(position[1]) * 100,
                           "z": 0.0}
    return viz
