"""Painting a path diagram onto one matplotlib axes whose data unit is one inch: rounded boxes,
arrows with solid heads (a dotted line keeps a visible head), sign marks and the legend.
The geometry is computed in ``diagram_geometry``; matplotlib is imported only while drawing.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .diagram_geometry import Geometry, arrow, bezier, self_loop, split_head
from .fonts import font_properties

if TYPE_CHECKING:
    import networkx as nx

SIGN_COLORS = {1: "#1F4E79", -1: "#B22222"}  # dark blue / dark red: distinct in print as well
LINE_STYLES = {"solid": "-", "dashed": (0, (5, 3)), "dotted": (0, (1.2, 2.2)),
               "dashdot": (0, (6, 2.5, 1.2, 2.5))}
LEGEND_ROW, TITLE_HEIGHT = 0.26, 0.5  # inches
LEGEND_PT = 8.5
_LEGEND = {"zh": ("正向作用", "负向作用", "线越粗，证据越多"),
           "en": ("positive", "negative", "thicker = more evidence")}


def text_color(background: str) -> str:
    """Black or white, whichever contrasts more with the box colour (WCAG luminance)."""
    from matplotlib.colors import to_rgb

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(background))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#FFFFFF"


def draw_nodes(ax, graph: "nx.MultiDiGraph", geometry: Geometry,
               active: set[int] | None = None) -> None:
    """Rounded boxes with the element names; nodes outside ``active`` are greyed out."""
    from matplotlib.colors import to_rgb
    from matplotlib.patches import FancyBboxPatch

    props = font_properties(geometry.font_size)
    for node, data in graph.nodes(data=True):
        (x, y), (w, h) = geometry.centres[node], geometry.sizes[node]
        face = data.get("color") or "#BAB0AC"
        shown = active is None or node in active
        ax.add_patch(FancyBboxPatch(
            (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.09", zorder=3,
            linewidth=0.9, facecolor=face if shown else "#F2F2F2",
            edgecolor=tuple(c * 0.65 for c in to_rgb(face)) if shown else "#CCCCCC"))
        ax.text(x, y, geometry.labels[node], ha="center", va="center", zorder=4,
                linespacing=1.15, fontproperties=props, parse_math=False,
                color=text_color(face) if shown else "#AAAAAA")


def draw_edges(ax, graph: "nx.MultiDiGraph", geometry: Geometry) -> None:
    """Arrows styled by type (line style), coloured and marked by sign, as thick as their
    evidence; the shaft stops where the solid head begins, the tip touches the box border."""
    from matplotlib.patches import PathPatch, Polygon
    from matplotlib.path import Path as CurvePath

    mark_props = font_properties(max(geometry.font_size - 1, 7))
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        sign = 1 if data.get("sign", 1) >= 0 else -1
        color = SIGN_COLORS[sign]
        width = 1.0 + 0.45 * min(int(data.get("evidence", 0) or 0), 8)  # points
        head_length, head_width = (8 + 1.8 * width) / 72, (5.5 + 1.6 * width) / 72  # inches
        if u == v:
            points = self_loop(geometry.centres[u], geometry.sizes[u], geometry.loops[key])
            mark = points[len(points) // 2]
        else:
            points = arrow(geometry, u, v, geometry.rads[key])
            mark = bezier(geometry.centres[u], geometry.centres[v], geometry.rads[key], 0.5)
        shaft, base, tip = split_head(points, head_length * 0.9)
        ax.add_patch(PathPatch(CurvePath(shaft), fill=False, edgecolor=color, linewidth=width,
                               linestyle=LINE_STYLES.get(data.get("line_style"), "-"),
                               capstyle="butt", joinstyle="round", zorder=2))
        ax.add_patch(Polygon(_head(base, tip, head_length, head_width), closed=True,
                             facecolor=color, edgecolor=color, linewidth=0.5, zorder=2))
        ax.text(*mark, "+" if sign > 0 else "−", ha="center", va="center", color=color,
                zorder=5, fontproperties=mark_props,
                bbox=dict(boxstyle="circle,pad=0.12", facecolor="white", edgecolor=color,
                          linewidth=0.8))


def _head(base, tip, length: float, width: float) -> list[tuple[float, float]]:
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    bx, by = tip[0] - ux * length, tip[1] - uy * length
    return [tip, (bx - uy * width / 2, by + ux * width / 2), (bx + ux * length * 0.2,
            by + uy * length * 0.2), (bx + uy * width / 2, by - ux * width / 2)]


def draw_legend(fig, graph: "nx.MultiDiGraph", language: str, width: float,
                size: float = LEGEND_PT) -> int:
    """The line style of each type used (types sharing a style share an entry), the sign colours
    and the meaning of thickness, in centred rows as wide as the figure. Returns the number of
    rows; with ``fig`` None only counts them, so the figure can be sized first."""
    styles: dict[str, list[str]] = {}
    signs = set()
    for _u, _v, data in sorted(graph.edges(data=True), key=lambda e: e[2].get("type_id", 0)):
        names = styles.setdefault(data.get("line_style") or "solid", [])
        if data.get("type", "") not in names:
            names.append(data.get("type", ""))
        signs.add(1 if data.get("sign", 1) >= 0 else -1)
    if not styles:
        return 0
    positive, negative, thickness = _LEGEND.get(language, _LEGEND["en"])
    joiner = "、" if language.startswith("zh") else ", "
    kinds = [(joiner.join(names), "#444444", style, 1.4) for style, names in styles.items()]
    marks = [(f"+ {positive}", SIGN_COLORS[1], "solid", 1.8)] if 1 in signs else []
    marks += [(f"− {negative}", SIGN_COLORS[-1], "solid", 1.8)] if -1 in signs else []
    marks.append((thickness, "#888888", "solid", 3.6))
    rows = _pack([*kinds, *marks], width - 0.4, size)
    row_height = LEGEND_ROW * size / LEGEND_PT
    if fig is not None:
        from matplotlib.lines import Line2D

        height = fig.get_figheight()
        for index, entries in enumerate(reversed(rows)):
            handles = [Line2D([], [], color=color, linewidth=lw, label=label,
                              linestyle=LINE_STYLES.get(style, "-"))
                       for label, color, style, lw in entries]
            fig.legend(handles=handles, loc="lower center", ncol=len(entries), frameon=False,
                       bbox_to_anchor=(0.5, (0.05 + index * row_height) / height),
                       prop=font_properties(size), handlelength=3.0,
                       handletextpad=0.8, columnspacing=2.0, borderpad=0, borderaxespad=0)
    return len(rows)


def _pack(entries: list[tuple], width: float, size: float = LEGEND_PT) -> list[list[tuple]]:
    """Legend entries into as few centred rows as fit the figure's width (in inches)."""
    from matplotlib.backends.backend_agg import RendererAgg

    renderer, props = RendererAgg(1, 1, 72), font_properties(size)
    rows: list[list[tuple]] = [[]]
    used = 0.0
    for entry in entries:
        text = renderer.get_text_width_height_descent(entry[0], props, ismath=False)[0]
        room = (text + (3.0 + 0.8 + 2.0) * size) / 72  # handle, padding, spacing
        if rows[-1] and used + room > width:
            rows.append([])
            used = 0.0
        rows[-1].append(entry)
        used += room
    return rows
