"""The joint-issuance network as a figure with Chinese labels (PNG/SVG/PDF through
``save_figure``): nodes sized by documents issued, edges as wide as the documents co-issued, a
fixed seed so the same network is drawn the same way every time."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .fonts import font_properties

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..analysis.issuance_network import IssuanceNetwork

NODE, EDGE = "#4E79A7", "#9DB4CF"


def network_figure(network: "IssuanceNetwork", title: str | None = None) -> "Figure":
    import networkx as nx
    from matplotlib.figure import Figure

    graph = network.graph()
    size = max(5.0, min(10.0, 3.0 + 0.35 * len(graph)))
    fig = Figure(figsize=(size, size * 0.8))
    fig.patch.set_facecolor("white")
    ax = fig.add_subplot(1, 1, 1)
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontproperties=font_properties(12))
    if len(graph) == 0:
        return fig
    positions = nx.spring_layout(graph, seed=7, weight="weight")
    widest = max((d["weight"] for *_e, d in graph.edges(data=True)), default=1)
    for a, b, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = positions[a], positions[b]
        ax.plot([x1, x2], [y1, y2], color=EDGE, linewidth=0.8 + 3.2 * data["weight"] / widest,
                zorder=1)
    most = max(nx.get_node_attributes(graph, "documents").values())
    for node, data in graph.nodes(data=True):
        x, y = positions[node]
        ax.scatter([x], [y], s=120 + 680 * data["documents"] / most, color=NODE, zorder=2,
                   edgecolors="white", linewidths=1.0)
        ax.annotate(node, (x, y), xytext=(0, 11), textcoords="offset points", ha="center",
                    fontproperties=font_properties(9), zorder=3)
    ax.margins(0.15)
    fig.tight_layout()
    return fig
