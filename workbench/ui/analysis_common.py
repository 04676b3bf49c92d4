"""Shared pieces of the analysis panel: a grid of numbers or text, the embedded matplotlib chart,
the list of segments behind a cell, and exporting a table (CSV with BOM / XLSX) or a chart
(PNG / SVG / PDF via ``exporters.diagram.save_figure``)."""
from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QLabel, QListWidget, QListWidgetItem,
                               QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ..core import Project, WorkbenchError
from ..core.errors import Cancelled
from ..exporters import diagram as figures
from ..i18n import tr
from .diagram_export import ask_save_path, figure_files
from .errors import show_error
from .panel_tables import quote_of

CODING_ROLE = Qt.ItemDataRole.UserRole + 1


def table_files() -> list[tuple[str, str]]:
    return [(tr("CSV, UTF-8 (*.csv)"), ".csv"), (tr("Excel workbook (*.xlsx)"), ".xlsx")]


def write_table(path: str | Path, headers: list[str], rows: list[list]) -> Path:
    """A table as CSV (UTF-8 with BOM, so Excel reads Chinese) or XLSX, by the file's suffix."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(headers)
        for row in rows:
            sheet.append(list(row))
        book.save(path)
    else:
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows(rows)
    return path


def fill_grid(grid: QTableWidget, headers: list[str], rows: list[list],
              vertical: list[str] | None = None) -> None:
    """Put ``rows`` (numbers right-aligned) into ``grid``; cells are read-only."""
    grid.clear()
    grid.setColumnCount(len(headers))
    grid.setRowCount(len(rows))
    grid.setHorizontalHeaderLabels(headers)
    if vertical is not None:
        grid.setVerticalHeaderLabels(vertical)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if isinstance(value, (int, float)):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.setItem(r, c, item)


def make_grid(parent: QWidget | None = None) -> QTableWidget:
    grid = QTableWidget(parent)
    grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    grid.setAlternatingRowColors(True)
    return grid


def grid_contents(grid: QTableWidget) -> tuple[list[str], list[list]]:
    """Headers and rows as shown (row labels first when the grid has them)."""
    cols = grid.columnCount()
    headers = [grid.horizontalHeaderItem(c).text() if grid.horizontalHeaderItem(c) else ""
               for c in range(cols)]
    labels = [grid.verticalHeaderItem(r).text() if grid.verticalHeaderItem(r) else None
              for r in range(grid.rowCount())]
    with_labels = any(label is not None for label in labels)
    rows = []
    for r in range(grid.rowCount()):
        values = []
        for c in range(cols):
            text = grid.item(r, c).text() if grid.item(r, c) else ""
            try:
                values.append(int(text))
            except ValueError:
                try:
                    values.append(float(text))
                except ValueError:
                    values.append(text)
        rows.append(([labels[r] or ""] if with_labels else []) + values)
    return ([""] if with_labels else []) + headers, rows


class ChartBox(QWidget):
    """A matplotlib figure embedded with FigureCanvasQTAgg; replaced whole on every new chart. The
    canvas fills the width and is never shorter than the figure was drawn for (a bar per element
    stays legible): a long chart scrolls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = None  # a FigureCanvasQTAgg once a chart is drawn
        self.figure = None
        self._make: Callable[[], object] | None = None
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._empty = QLabel(tr("No chart for this view."))
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self._empty)

    def set_chart(self, make: Callable[[], object] | None) -> None:
        """Show ``make()`` (a matplotlib Figure), laid out again whenever the canvas is resized;
        ``make`` is kept so an export is drawn afresh at the chart's own size."""
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.deleteLater()
            self.canvas = None
        self._make = make
        self.figure = make() if make is not None else None
        self._empty.setVisible(self.figure is None)
        if self.figure is not None:
            self.figure.set_layout_engine("tight")
            # matplotlib loads with the first chart, not with the window (start-up stays fast)
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

            self.canvas = FigureCanvasQTAgg(self.figure)
            height = self.figure.get_size_inches()[1] * self.figure.dpi
            self.canvas.setMinimumHeight(max(200, int(height)))
            self._layout.addWidget(self.canvas)
            self.canvas.draw_idle()

    def export(self, parent: QWidget, folder: Path | None) -> Path | None:
        if self._make is None or self.figure is None:
            raise WorkbenchError(tr("There is no chart to export."))
        path = ask_save_path(parent, tr("Export chart"), figure_files(), folder, tr("chart"))
        return figures.save_figure(self._make(), path) if path else None


def ask_table_path(parent: QWidget, folder: Path | None) -> str | None:
    return ask_save_path(parent, tr("Export table"), table_files(), folder, tr("table"))


def project_folder(project: Project | None) -> Path | None:
    path = getattr(project, "path", None)
    return Path(path).parent if path else None


class CodingList(QListWidget):
    """The segments behind a cell: quote and source; activating one emits its coding id."""

    codingActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.itemClicked.connect(self._emit)
        from .region_thumbnails import RegionThumbnails

        self.thumbnails = RegionThumbnails()  # a coded region shows as its picture
        self.setIconSize(self.thumbnails.size)

    def show_codings(self, project: Project | None, coding_ids) -> None:
        self.clear()
        self.thumbnails.set_project(project)
        if project is None:
            return
        wanted = list(dict.fromkeys(coding_ids))
        known = {c.id: c for c in project.codings.list()} if wanted else {}
        for coding_id in wanted:
            coding = known.get(coding_id)
            if coding is None:
                continue
            item = QListWidgetItem(f"{quote_of(coding)}\n— {coding.source_title} · "
                                   f"{coding.element_name}")
            item.setData(CODING_ROLE, coding.id)
            if coding.rect is not None:
                picture = self.thumbnails.pixmap(coding.source_id, coding.rect, coding.page)
                if picture is not None:
                    item.setIcon(QIcon(picture))
            self.addItem(item)

    def coding_ids(self) -> list[int]:
        return [self.item(i).data(CODING_ROLE) for i in range(self.count())]

    def _emit(self, item: QListWidgetItem) -> None:
        coding_id = item.data(CODING_ROLE)
        if coding_id is not None:
            self.codingActivated.emit(int(coding_id))


def job_failed(parent: QWidget, error: BaseException) -> None:
    """A background analysis failed: its sentence for a WorkbenchError, else a short apology.
    Cancelled by the researcher: no error box, the sentence (what was kept) in the status bar."""
    if isinstance(error, Cancelled):
        window = parent.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(str(error), 10000)
        return
    show_error(parent, str(error) if isinstance(error, WorkbenchError) else
               tr("Something went wrong and the action was not carried out; "
                  "nothing you did before was lost."))


__all__ = ["ChartBox", "CodingList", "ask_table_path", "fill_grid", "grid_contents", "job_failed",
           "make_grid", "project_folder", "write_table"]
