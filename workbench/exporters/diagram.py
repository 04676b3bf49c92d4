"""Path diagrams as thesis figures: elements as rounded boxes, interactions as arrows.

    graph = path_graph(project)
    fig = draw_path_diagram(graph, layout(graph), title="图1 江临市智慧政府的动态路径")
    save_figure(fig, "path.svg")        # .png (300 dpi), .svg (text stays text) or .pdf

Drawing happens in a coordinate system measured in inches (the axes fill the figure at a 1:1
scale), so box sizes follow the measured width of the names and arrows can be clipped to the
box outlines: they end visibly at the edge of the box they point to. Line style shows the
interaction type, colour and a “+”/“−” mark the sign, thickness the amount of evidence; parallel
interactions between the same two elements are drawn as arcs of different curvature.
"""
from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import InvalidInputError
from ..i18n import tr
from .diagram_drawing import (LEGEND_PT, LEGEND_ROW, TITLE_HEIGHT, draw_edges, draw_legend,
                              draw_nodes)
from .diagram_geometry import Geometry
from .fonts import font_properties as text_props
from .layout import METHODS, Positions, layout

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

    from ..core import Project

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
PNG_DPI = 300
_WHOLE = {"zh": "整体", "en": "Whole case"}
_EMPTY = {"zh": "（尚无互动关系）", "en": "(no interactions yet)"}


def draw_path_diagram(graph: "nx.MultiDiGraph", positions: Positions | None = None, *,
                      title: str | None = None, language: str = "zh",
                      font_size: float = 11.0) -> "Figure":
    """One diagram of ``graph`` (see ``analysis.paths.path_graph``) at ``positions`` (from
    :func:`layout`; computed when None)."""
    from matplotlib.figure import Figure

    positions = positions if positions is not None else layout(graph)
    geometry = Geometry.measure(graph, positions, font_size)
    legend_pt = legend_size(font_size, 11.0)
    legend_rows = draw_legend(None, graph, language, geometry.width, legend_pt)
    top = TITLE_HEIGHT if title else 0.0
    bottom = legend_rows * LEGEND_ROW * legend_pt / LEGEND_PT + (0.1 if legend_rows else 0.0)
    fig = Figure(figsize=(geometry.width, geometry.height + top + bottom))
    fig.patch.set_facecolor("white")
    height = geometry.height + top + bottom
    ax = fig.add_axes((0, bottom / height, 1, geometry.height / height))
    _frame(ax, geometry, border=False)
    if graph.number_of_nodes() == 0:
        ax.text(geometry.width / 2, geometry.height / 2, _EMPTY.get(language, _EMPTY["en"]),
                ha="center", va="center", color="#666666", fontproperties=text_props(font_size))
    draw_edges(ax, graph, geometry)
    draw_nodes(ax, graph, geometry)
    if title:
        fig.text(0.5, 1 - (top / 2) / height, title, ha="center", va="center",
                 fontproperties=text_props(font_size + 2))
    draw_legend(fig, graph, language, geometry.width, legend_pt)
    return fig


def draw_small_multiples(project: "Project", periods: list[str] | None = None, *,
                         whole_case: bool = True, method: str = "layered",
                         positions: Positions | None = None, columns: int | None = None,
                         title: str | None = None, language: str = "zh",
                         font_size: float = 9.0) -> "Figure":
    """One panel per period (all periods when None), plus a last “whole case” panel.

    Every panel puts each element at the same place (the whole-case layout) and shows the
    elements that play no part in that period greyed out, so the eye sees links appear, thicken
    and fade from stage to stage.
    """
    from matplotlib.figure import Figure

    from ..analysis.paths import path_graph

    names = list(periods) if periods is not None else [p.name for p in project.periods.list()]
    whole = path_graph(project)
    panels = [(name, path_graph(project, name)) for name in names]
    if whole_case:
        panels.append((_WHOLE.get(language, _WHOLE["en"]), whole))
    if not panels:
        raise InvalidInputError(tr("The project has no periods to draw; add periods first."))
    placed = layout(whole, method, positions)
    geometry = Geometry.measure(whole, placed, font_size, gaps=0.6)
    panel_w, panel_h = geometry.width, geometry.height + TITLE_HEIGHT * 0.8
    cols = max(1, min(columns or _columns(len(panels), panel_w, panel_h), len(panels)))
    rows = math.ceil(len(panels) / cols)
    legend_pt = legend_size(font_size, 9.0)
    legend_rows = draw_legend(None, whole, language, cols * panel_w, legend_pt)
    top = TITLE_HEIGHT if title else 0.0
    bottom = legend_rows * LEGEND_ROW * legend_pt / LEGEND_PT + (0.1 if legend_rows else 0.0)
    pad = 0.06  # keeps the outer panel frames inside the figure
    width, height = cols * panel_w + 2 * pad, rows * panel_h + top + bottom + pad
    fig = Figure(figsize=(width, height))
    fig.patch.set_facecolor("white")
    for index, (name, graph) in enumerate(panels):
        row, col = divmod(index, cols)
        y0 = bottom + (rows - 1 - row) * panel_h
        ax = fig.add_axes(((pad + col * panel_w) / width, y0 / height,
                           panel_w / width, geometry.height / height))
        _frame(ax, geometry, border=True)
        draw_edges(ax, graph, geometry)
        draw_nodes(ax, whole, geometry, active=set(graph.nodes))
        fig.text((pad + (col + 0.5) * panel_w) / width,
                 (y0 + geometry.height + TITLE_HEIGHT * 0.4) / height,
                 name, ha="center", va="center", fontproperties=text_props(font_size + 1.5))
    if title:
        fig.text(0.5, 1 - (top / 2) / height, title, ha="center", va="center",
                 fontproperties=text_props(font_size + 3))
    draw_legend(fig, whole, language, width, legend_pt)
    return fig


def legend_size(font_size: float, default: float) -> float:
    """The legend grows with the labels (a report draws them larger so that they print at 9 pt
    or more once the figure is fitted to the column)."""
    return LEGEND_PT * max(1.0, font_size / default)


def _columns(count: int, width: float, height: float) -> int:
    # The grid closest to a 4:3 block, which fits a printed page either way round.
    def misfit(cols: int) -> float:
        return abs(math.log(cols * width / (math.ceil(count / cols) * height) / (4 / 3)))
    return min(range(1, min(3, count) + 1), key=misfit)


def _frame(ax, geometry: Geometry, *, border: bool) -> None:
    # One data unit = one inch on both axes, so circles stay round and arcs keep their shape.
    ax.set_xlim(0, geometry.width)
    ax.set_ylim(0, geometry.height)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_visible(border)
        spine.set_color("#BBBBBB")
        spine.set_linewidth(0.6)


def save_figure(fig: "Figure", path: str | os.PathLike) -> Path:
    """Save by suffix: PNG at 300 dpi, SVG with text kept as text (Chinese names stay searchable
    and editable), PDF with embedded TrueType fonts."""
    import matplotlib

    from .fonts import rc_overrides

    target = Path(path)
    kind = FORMATS.get(target.suffix.lower())
    if kind is None:
        raise InvalidInputError(tr(
            "{name} cannot be written: a figure is saved as .png, .svg or .pdf.", name=target.name))
    if not target.parent.is_dir():
        raise InvalidInputError(tr("The folder {folder} does not exist.", folder=target.parent))
    try:
        with matplotlib.rc_context(rc_overrides()):
            fig.savefig(target, format=kind, dpi=PNG_DPI if kind == "png" else 72,
                        facecolor="white")
    except OSError as exc:
        raise InvalidInputError(tr("{name} cannot be written ({reason}).",
                                   name=target.name, reason=exc.strerror)) from None
    return target


__all__ = ["FORMATS", "METHODS", "draw_path_diagram", "draw_small_multiples", "layout",
           "save_figure"]
