"""Charts of analysis tables for the thesis: bars, a heatmap and lines, with Chinese labels.

    fig = heatmap(frequency(project, by="case"), title="图2 各案例要素编码频次")
    save_figure(fig, "heatmap.svg")          # from exporters.diagram: .png / .svg / .pdf

Each takes an ``analysis.tables.Table`` and returns a matplotlib ``Figure`` (not pyplot: no global
state, safe in the window's thread) whose every text uses the CJK font of ``exporters.fonts``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .diagram import save_figure
from .fonts import font_properties

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..analysis.tables import Table

PALETTE = ("#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1",
           "#FF9DA7", "#9C755F", "#BAB0AC")


def _figure(width: float, height: float, title: str | None):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    fig.patch.set_facecolor("white")
    ax = fig.add_subplot(1, 1, 1)
    if title:
        ax.set_title(title, fontproperties=font_properties(12))
    return fig, ax


def _label_axes(ax, size: float = 9) -> None:
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(font_properties(size))


def bar(table: "Table", *, column: int | None = None, title: str | None = None,
        horizontal: bool = True) -> "Figure":
    """One bar per row: the row totals, or one column's values."""
    values = table.row_totals if column is None else [row[column] for row in table.cells]
    labels = table.row_labels
    fig, ax = _figure(6.4, max(2.5, 0.35 * len(labels) + 1.0), title)
    positions = list(range(len(labels)))
    if horizontal:
        ax.barh(positions, values, color=PALETTE[0])
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
    else:
        ax.bar(positions, values, color=PALETTE[0])
        ax.set_xticks(positions, labels, rotation=45, ha="right")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _label_axes(ax)
    fig.tight_layout()
    return fig


def heatmap(table: "Table", *, title: str | None = None, annotate: bool = True) -> "Figure":
    """Rows × columns coloured by value, each cell with its number."""
    rows, cols = len(table.row_labels), len(table.column_labels)
    fig, ax = _figure(max(4.0, 0.7 * cols + 2.5), max(2.5, 0.4 * rows + 1.5), title)
    data = table.cells if table.cells else [[0]]
    image = ax.imshow(data, cmap="Blues", aspect="auto")
    ax.set_xticks(range(cols), table.column_labels, rotation=45, ha="right")
    ax.set_yticks(range(rows), table.row_labels)
    if annotate:
        top = max((max(r) for r in data if r), default=0) or 1
        for r, row in enumerate(table.cells):
            for c, value in enumerate(row):
                ax.text(c, r, str(value), ha="center", va="center",
                        color="white" if value > top * 0.6 else "black",
                        fontproperties=font_properties(8))
    fig.colorbar(image, ax=ax, shrink=0.8)
    _label_axes(ax)
    fig.tight_layout()
    return fig


def line(table: "Table", *, title: str | None = None, rows: list[int] | None = None) -> "Figure":
    """One line per row across the columns (a timeline: element × period)."""
    fig, ax = _figure(6.4, 4.0, title)
    x = list(range(len(table.column_labels)))
    for n, r in enumerate(rows if rows is not None else range(len(table.row_labels))):
        ax.plot(x, table.cells[r], marker="o", color=PALETTE[n % len(PALETTE)],
                label=table.row_labels[r])
    ax.set_xticks(x, table.column_labels)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if table.row_labels:
        ax.legend(prop=font_properties(8), frameon=False)
    _label_axes(ax)
    fig.tight_layout()
    return fig


__all__ = ["bar", "heatmap", "line", "save_figure"]
