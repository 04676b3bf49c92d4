"""Figures of the report: the path diagram (whole case and per period) and a bar chart of the
elements' frequencies, embedded as 300 dpi PNG fitted to the text column, caption below.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING

from .styles import text_width_cm

if TYPE_CHECKING:
    from docx.document import Document
    from matplotlib.figure import Figure

    from ...core import Project
    from .counts import Facts
    from .styles import Numbering

DPI = 300
MAX_HEIGHT_CM = 20.0  # leaves room for the caption on an A4 page with thesis margins
MIN_PRINTED_PT = 9.0  # no text of a figure smaller than this on paper
LEGEND_PT = 8.5  # the path diagram's legend beside 11 pt labels (diagram_drawing.LEGEND_PT)


def png_bytes(figure: "Figure") -> bytes:
    import matplotlib

    from ..fonts import rc_overrides

    buffer = io.BytesIO()
    with matplotlib.rc_context(rc_overrides()):
        # zlib level 3: a third of the time of the default for a few per cent more bytes
        figure.savefig(buffer, format="png", dpi=DPI, facecolor="white",
                       pil_kwargs={"compress_level": 3})
    return buffer.getvalue()


def add_figure(doc: "Document", numbering: "Numbering", figure: "Figure", caption: str) -> None:
    """The picture in its own centred paragraph, as wide as the text column (or as tall as the
    page allows), then the numbered caption below it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    width_in, height_in = figure.get_size_inches()
    width_cm = text_width_cm()
    if height_in / width_in * width_cm > MAX_HEIGHT_CM:
        width_cm = MAX_HEIGHT_CM * width_in / height_in
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.line_spacing = 1.0
    paragraph.add_run().add_picture(io.BytesIO(png_bytes(figure)), width=Cm(width_cm))
    numbering.caption(doc, "figure", caption)


def path_figures(project: "Project", language: str):
    """(whole-case figure or None, small-multiples figure or None): the researcher's saved
    layout when there is one, the layered layout for the rest; None without interactions."""
    from ...analysis.paths import path_graph
    from ..diagram import draw_path_diagram, draw_small_multiples, layout

    saved = project.diagrams.positions()
    graph = path_graph(project)
    if not graph.number_of_edges():
        return None, None
    placed = layout(graph, "layered", saved)
    whole = readable(lambda size: draw_path_diagram(graph, placed, language=language,
                                                    font_size=size), 11.0)
    periods = [p.name for p in project.periods.list()]
    multiples = None
    if periods:
        multiples = readable(lambda size: draw_small_multiples(
            project, periods, method="layered", positions=saved, language=language,
            font_size=size), 9.0)
    return whole, multiples


def printed_pt(figure: "Figure", size: float) -> float:
    """What ``size`` points of the figure become once it is fitted to the text column."""
    width_in, height_in = figure.get_size_inches()
    width_cm = min(text_width_cm(), MAX_HEIGHT_CM * width_in / height_in)
    return size * min(1.0, width_cm / 2.54 / width_in)


def readable(draw, size: float, *, least: float = MIN_PRINTED_PT, tries: int = 4):
    """Draw a figure with its text made larger until it prints at ``least`` points or more when
    shrunk to the column (a wide diagram would otherwise print its labels at 6 pt)."""
    figure = draw(size)
    for _ in range(tries):
        printed = printed_pt(figure, min(size, LEGEND_PT * size / 11.0))
        if printed >= least:
            break
        size *= least / printed * 1.04
        figure = draw(size)
    return figure


def frequency_bars(facts: "Facts", axis_label: str) -> "Figure":
    """Horizontal bars, one per element with codings, most coded on top, counts at the ends."""
    from matplotlib.figure import Figure

    from ..fonts import font_properties

    counts: dict[int, int] = {}
    for coding in facts.codings:
        counts[coding.element_id] = counts.get(coding.element_id, 0) + 1
    labels = dict(zip((e.id for e in facts.ordered), facts.element_labels()))
    colors = {e.id: e.color or "#4E79A7" for e in facts.elements}
    items = sorted(counts.items(), key=lambda kv: kv[1])
    height = max(1.6, 0.32 * len(items) + 0.8)
    figure = Figure(figsize=(6.0, height))
    ax = figure.add_axes((0.3, 0.8 / height / 1.6, 0.62, 1 - 1.1 / height / 1.6))
    positions = range(len(items))
    ax.barh(list(positions), [n for _id, n in items],
            color=[colors.get(i, "#4E79A7") for i, _n in items], height=0.6)
    ax.set_yticks(list(positions))
    ax.set_yticklabels([labels.get(i, str(i)) for i, _n in items],
                       fontproperties=font_properties(10))
    top = max((n for _i, n in items), default=1)
    for y, (_id, n) in enumerate(items):
        ax.text(n + top * 0.01, y, str(n), va="center", fontproperties=font_properties(10))
    ax.set_xlim(0, top * 1.12)
    ax.set_xlabel(axis_label, fontproperties=font_properties(10))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", labelsize=10)  # 6 in wide, printed 5.8 in: ≥ 9 pt on paper
    return figure
