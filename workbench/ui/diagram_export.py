"""Exports of the path-diagram panel: the figure (PNG 300 dpi, SVG, PDF) drawn by
``exporters.diagram`` with the positions on screen, the stage-by-stage panels, and the graph as
GraphML/GEXF. A mixin of ``DiagramPanel``, which provides ``_project``, ``_graph``,
``shown_positions()`` and ``current_period()``.

The exporter is called through its module (``figures.draw_path_diagram``), so a test can wrap it
and check the positions it was given are the ones on screen.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from ..exchange import graphs as graph_files
from ..exporters import diagram as figures
from ..i18n import tr
from .errors import reported


def figure_files() -> list[tuple[str, str]]:
    return [(tr("SVG vector figure (*.svg)"), ".svg"), (tr("PNG image, 300 dpi (*.png)"), ".png"),
            (tr("PDF (*.pdf)"), ".pdf")]


def graph_files_kinds() -> list[tuple[str, str]]:
    return [(tr("GraphML (*.graphml)"), ".graphml"), (tr("GEXF for Gephi (*.gexf)"), ".gexf")]


def ask_save_path(parent: QWidget, title: str, kinds: list[tuple[str, str]],
                  folder: Path | None, name: str) -> str | None:
    """A file name from the save dialog, given the chosen filter's suffix when none was typed."""
    start = str(folder / f"{name}{kinds[0][1]}") if folder else f"{name}{kinds[0][1]}"
    path, chosen = QFileDialog.getSaveFileName(parent, title, start,
                                               ";;".join(label for label, _ in kinds))
    if not path:
        return None
    if not Path(path).suffix:
        path += next((suffix for label, suffix in kinds if label == chosen), kinds[0][1])
    return path


class DiagramExports:
    """Export actions for ``DiagramPanel``."""

    def _export_menu(self) -> QMenu:
        menu = QMenu(self)  # type: ignore[arg-type]
        self.export_action = menu.addAction(tr("Figure (PNG, SVG, PDF)…"), self._ask_figure)
        self.stages_action = menu.addAction(tr("Export stage by stage…"), self._ask_stages)
        self.graph_action = menu.addAction(tr("Graph for Gephi (GraphML, GEXF)…"),
                                           self._ask_graph)
        return menu

    def export_figure(self, path: str) -> None:
        """The diagram shown (this period) as PNG/SVG/PDF, each box where it is on screen."""
        self.ensure_current()
        if self._project is None or self._graph is None:
            return
        on_screen = self.shown_positions()
        positions = {n: on_screen[n] for n in self._graph.nodes if n in on_screen}
        fig = figures.draw_path_diagram(self._graph, positions, language=self._project.language)
        figures.save_figure(fig, path)

    def export_stages(self, path: str) -> None:
        """One panel per period plus the whole case, all on the positions on screen."""
        if self._project is not None:
            fig = figures.draw_small_multiples(self._project, positions=self.shown_positions(),
                                               language=self._project.language)
            figures.save_figure(fig, path)

    def export_graph(self, path: str) -> None:
        self.ensure_current()
        if self._graph is not None:
            graph_files.export_graph(self._graph, path, positions=self.shown_positions())

    def _ask_figure(self) -> None:
        self._ask(tr("Export path diagram"), figure_files(), self.export_figure)

    def _ask_stages(self) -> None:
        self._ask(tr("Export stage by stage"), figure_files(), self.export_stages)

    def _ask_graph(self) -> None:
        self._ask(tr("Export graph"), graph_files_kinds(), self.export_graph)

    def _ask(self, title: str, kinds: list[tuple[str, str]], action: Callable[[str], None]) -> None:
        period = self.current_period()
        name = "path-diagram" if period is None else f"path-diagram-{period}"
        folder = self._project.path.parent if self._project is not None else None
        path = ask_save_path(self, title, kinds, folder, name)  # type: ignore[arg-type]
        if path:
            with reported(self):  # type: ignore[arg-type]
                action(path)
