"""Pieces shared by the interactions panel and the interaction dialog: the interactions table
model (rows without evidence flagged), the evidence table (quotes that can be clicked), element
combos with colour swatches, and the small "New type" dialog."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QFormLayout, QHeaderView, QLineEdit, QTableWidget,
                               QTableWidgetItem, QWidget)

from ..core import Coding, Element, Interaction, Period, Project, WorkbenchError
from ..i18n import tr
from .panel_models import SORT_ROLE, compact_rows, swatch_icon
from .panel_tables import quote_of
from .row_model import RowTableModel
from .region_thumbnails import ROW_HEIGHT, RegionThumbnails

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2
NO_EVIDENCE_BACKGROUND = QColor("#FFF4D6")  # pale amber: visible, yet the text stays readable
LINE_STYLES = (("solid", "Solid"), ("dashed", "Dashed"), ("dotted", "Dotted"),
               ("dashdot", "Dash-dot"))


def sign_text(sign: int) -> str:
    return "+" if sign >= 0 else "−"  # a real minus sign: the thesis prints it this way


def no_evidence_text() -> str:
    return tr("No evidence yet: add the coded segments that show this")


def off_period_text(period: str) -> str:
    return tr("This quote's source is dated outside the period {period}; check the date or the "
              "period of the interaction.", period=period)


_warning: QIcon | None = None


def warning_icon() -> QIcon:
    """An amber triangle with "!", drawn once: no icon files, same look on every platform."""
    global _warning
    if _warning is None:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor("#9A6700"))
        painter.setBrush(QColor("#F2C12E"))
        painter.drawPolygon(QPolygonF([QPointF(8, 1.5), QPointF(15, 14.5), QPointF(1, 14.5)]))
        font = QFont()
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#3A2A00"))
        painter.drawText(pixmap.rect().adjusted(0, 3, 0, 0), Qt.AlignmentFlag.AlignCenter, "!")
        painter.end()
        _warning = QIcon(pixmap)
    return _warning


def fill_element_combo(combo: QComboBox, elements: list[Element], keep: int | None) -> None:
    """Element paths with their colour; ``keep`` stays selected when it still exists."""
    combo.blockSignals(True)
    combo.clear()
    for element in elements:
        combo.addItem(swatch_icon(element.color), element.path or element.name, element.id)
    index = combo.findData(keep) if keep is not None else -1
    combo.setCurrentIndex(index if index >= 0 else (0 if elements else -1))
    combo.blockSignals(False)


def load_codings(project: Project, ids: list[int]) -> tuple[list[Coding], dict[int, str | None]]:
    """The codings still present (an undo may have removed some) and their sources' dates."""
    codings = []
    for coding_id in ids:
        try:
            codings.append(project.codings.get(coding_id))
        except WorkbenchError:
            continue
    dates = {s.id: s.date for s in project.sources.list()} if codings else {}
    return codings, dates


class InteractionsModel(RowTableModel[Interaction]):
    """Interactions in rows; rows without evidence carry a warning icon, colour and tooltip."""

    COLUMNS = ("From", "To", "Type", "Sign", "Period", "Evidence", "Note")
    EVIDENCE = 5

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._colors: dict[int, str] = {}
        self._off_period: dict[int, int] = {}  # interaction id -> quotes dated outside its period

    def set_rows(self, rows: list[Interaction], colors: dict[int, str],
                 off_period: dict[int, int] | None = None) -> None:
        self._colors = colors
        self._off_period = off_period or {}
        self.replace_rows(rows)

    def interaction_at(self, row: int) -> Interaction:
        return self.row_value(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, column = self._rows[index.row()], index.column()
        bare = not item.evidence
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            values = (item.from_name, item.to_name, item.type_name, sign_text(item.sign),
                      item.period or "", len(item.evidence), " ".join(item.note.split()))
            return values[column]
        if role == Qt.ItemDataRole.DecorationRole:
            if column in (0, 1):
                element = item.from_element_id if column == 0 else item.to_element_id
                return swatch_icon(self._colors.get(element, "#CCCCCC"))
            if column == self.EVIDENCE and (bare or self._off_period.get(item.id)):
                return warning_icon()
        if role == Qt.ItemDataRole.BackgroundRole and bare:
            return NO_EVIDENCE_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole:
            if bare:
                return no_evidence_text()
            if column == self.EVIDENCE and self._off_period.get(item.id):
                return tr("{count} of these quotes come from sources dated outside the period "
                          "{period}.", count=self._off_period[item.id], period=item.period)
            return item.note or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, self.EVIDENCE):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == ID_ROLE:
            return item.id
        return None


class EvidenceTable(QTableWidget):
    """The coded segments behind one interaction; clicking a quote emits its coding id."""

    codingActivated = Signal(int)
    COLUMNS = ("Quote", "Source", "Date", "Element")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        compact_rows(self)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 150), (2, 90), (3, 120)):  # room even before the first quote
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.cellClicked.connect(lambda row, _column: self._activate(row))
        self.cellActivated.connect(lambda row, _column: self._activate(row))
        self.thumbnails = RegionThumbnails()  # the owner hands it the project
        self.setIconSize(self.thumbnails.size)

    def set_evidence(self, codings: list[Coding], dates: dict[int, str | None],
                     period: Period | None = None) -> None:
        """The quotes; those whose source is dated outside ``period`` carry a warning."""
        from ..analysis.period_checks import outside

        self.setRowCount(0)
        for coding in codings:
            row = self.rowCount()
            self.insertRow(row)
            quote = QTableWidgetItem(quote_of(coding))
            quote.setData(ID_ROLE, coding.id)
            quote.setToolTip(coding.snippet or quote.text())  # the whole passage on hover
            if coding.rect is not None:  # a coded region: show what was coded
                picture = self.thumbnails.pixmap(coding.source_id, coding.rect, coding.page)
                if picture is not None:
                    quote.setIcon(QIcon(picture))
                    self.setRowHeight(row, ROW_HEIGHT)
            self.setItem(row, 0, quote)
            date = dates.get(coding.source_id) or ""
            for column, text in ((1, coding.source_title), (2, date), (3, coding.element_name)):
                self.setItem(row, column, QTableWidgetItem(text))
            if outside(date, period):
                cell = self.item(row, 2)
                cell.setIcon(warning_icon())
                cell.setBackground(NO_EVIDENCE_BACKGROUND)
                cell.setToolTip(off_period_text(period.name))

    def coding_ids(self) -> list[int]:
        return [int(self.item(row, 0).data(ID_ROLE)) for row in range(self.rowCount())]

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectedIndexes()})
        return [int(self.item(row, 0).data(ID_ROLE)) for row in rows]

    def _activate(self, row: int) -> None:
        item = self.item(row, 0)
        if item is not None:
            self.codingActivated.emit(int(item.data(ID_ROLE)))


class NewTypeDialog(QDialog):
    """Name, sign and line style of a new interaction type (its arrows in the path diagram)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New interaction type"))
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("e.g. substitutes, legitimises"))
        self.sign = QComboBox()
        self.sign.addItem(tr("+ (positive)"), 1)
        self.sign.addItem(tr("− (negative)"), -1)
        self.line_style = QComboBox()
        for key, label in LINE_STYLES:
            self.line_style.addItem(tr(label), key)
        form.addRow(tr("Name:"), self.name)
        form.addRow(tr("Sign:"), self.sign)
        form.addRow(tr("Line style:"), self.line_style)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, int, str]:
        return (self.name.text().strip(), int(self.sign.currentData()),
                str(self.line_style.currentData()))
