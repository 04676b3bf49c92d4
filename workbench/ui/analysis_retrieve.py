"""The Retrieve view of the analysis panel: the passages coded to the checked elements, filtered by
case, source type, period, date range and coder (``workbench.analysis.retrieval``), in a table
whose passage column shows the quote in bold between muted context. Double-clicking a row shows
the coding in its source; the rows can be exported as a coded dataset (CSV / XLSX / JSON).

Tens of thousands of passages stay quick: the table is a model that hands rows to the view a page
at a time as it scrolls (``fetchMore``), and a row's context is cut from its source's text only
when the row is first shown (``retrieved_model``)."""
from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QRectF, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QRegularExpressionValidator, QTextDocument
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QSpinBox, QSplitter, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from ..analysis.retrieval import Retrieved, retrieve
from ..core import Project, WorkbenchError
from ..exporters.dataset import export_dataset
from ..i18n import tr
from .analysis_common import project_folder
from .diagram_export import ask_save_path
from .errors import reported
from .retrieved_model import HTML_ROLE, ID_ROLE, RetrievedModel, passage_html

DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"
__all__ = ["HTML_ROLE", "ID_ROLE", "RetrieveView", "passage_html"]


class RichTextDelegate(QStyledItemDelegate):
    """Paints a cell's HTML (``HTML_ROLE``) with QTextDocument, wrapped to the column's width."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(50, option.rect.width()))
        return doc

    def paint(self, painter, option, index) -> None:
        if index.data(HTML_ROLE) is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        doc.drawContents(painter, QRectF(0, 0, option.rect.width(), option.rect.height()))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        if index.data(HTML_ROLE) is None:
            return super().sizeHint(option, index)
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


class CheckList(QListWidget):
    """Names with check boxes; nothing checked means no filter."""

    def set_names(self, names: list[str]) -> None:
        checked = set(self.checked())
        self.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in checked
                               else Qt.CheckState.Unchecked)
            self.addItem(item)

    def checked(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, names) -> None:
        names = set(names)
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names
                               else Qt.CheckState.Unchecked)

    def filter_value(self) -> list[str] | None:
        chosen = self.checked()
        return chosen or None


class RetrieveView(QWidget):
    codingActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.rows: list[Retrieved] = []
        # --- what to retrieve
        self.elements = QTreeWidget()
        self.elements.setHeaderHidden(True)
        self.descendants = QCheckBox(tr("Include sub-elements"))
        self.descendants.setChecked(True)
        self.cases, self.types, self.periods, self.coders = (CheckList(), CheckList(),
                                                             CheckList(), CheckList())
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        validator = QRegularExpressionValidator(QRegularExpression(DATE_PATTERN), self)
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText(tr("YYYY, YYYY-MM or YYYY-MM-DD"))
            edit.setValidator(validator)
        self.context = QSpinBox()
        self.context.setRange(0, 500)
        self.context.setValue(40)
        self.run_button = QPushButton(tr("Retrieve"))
        self.export_button = QPushButton(tr("Export as coded dataset…"))
        self.count = QLabel()
        filters = QHBoxLayout()
        element_box = QGroupBox(tr("Elements (none checked: all)"))
        box_layout = QVBoxLayout(element_box)
        box_layout.addWidget(self.elements, 1)
        box_layout.addWidget(self.descendants)
        filters.addWidget(element_box, 2)
        for title, widget in ((tr("Cases"), self.cases), (tr("Source types"), self.types),
                              (tr("Periods"), self.periods), (tr("Coders"), self.coders)):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.addWidget(widget)
            filters.addWidget(box, 1)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Dated from:")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(tr("to:")))
        bar.addWidget(self.date_to)
        bar.addWidget(QLabel(tr("Context:")))
        bar.addWidget(self.context)
        bar.addWidget(self.run_button)
        bar.addWidget(self.count, 1)
        bar.addWidget(self.export_button)
        self.model = RetrievedModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setIconSize(self.model.thumbnails.size)  # coded regions as pictures
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setItemDelegateForColumn(3, RichTextDelegate(self.table))
        self.table.horizontalHeader().setStretchLastSection(True)
        # Each row's height is measured once, when its page arrives (never all rows at once).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.model.rowsInserted.connect(self._fit_rows)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters, 1)
        top_layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.table)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.run_button.clicked.connect(self.run)
        self.export_button.clicked.connect(self._ask_export)
        self.table.doubleClicked.connect(self._activate)
        self._show([])

    # ----- part interface ----------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.model.set_project(project)
        self.rows = []
        self._show([])
        self.reload()

    def reload(self) -> None:
        """Refill the choices (elements, cases, types, periods, coders), keeping what is checked;
        results already shown are retrieved again."""
        project = self._project
        checked = set(self.checked_elements())
        self.elements.clear()
        if project is None:
            for lst in (self.cases, self.types, self.periods, self.coders):
                lst.set_names([])
            return
        elements = project.elements.list()
        items: dict[int, QTreeWidgetItem] = {}
        for element in elements:
            item = QTreeWidgetItem([element.name])
            item.setToolTip(0, element.path)
            item.setData(0, ID_ROLE, element.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if element.id in checked
                               else Qt.CheckState.Unchecked)
            items[element.id] = item
        for element in elements:
            parent = items.get(element.parent_id)
            if parent is not None:
                parent.addChild(items[element.id])
            else:
                self.elements.addTopLevelItem(items[element.id])
        self.elements.expandAll()
        self.cases.set_names([c.name for c in project.cases.list()])
        self.types.set_names([t.name for t in project.sources.types()])
        self.periods.set_names([p.name for p in project.periods.list()])
        self.coders.set_names([c.name for c in project.coders.list()])
        if self.rows:
            self.run()

    # ----- choices -------------------------------------------------------------------------
    def _element_items(self) -> list[QTreeWidgetItem]:
        out, stack = [], [self.elements.topLevelItem(i)
                          for i in range(self.elements.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            out.append(item)
            stack.extend(item.child(i) for i in range(item.childCount()))
        return out

    def checked_elements(self) -> list[int]:
        return [int(item.data(0, ID_ROLE)) for item in self._element_items()
                if item.checkState(0) == Qt.CheckState.Checked]

    def set_checked_elements(self, element_ids) -> None:
        wanted = set(element_ids)
        for item in self._element_items():
            item.setCheckState(0, Qt.CheckState.Checked if item.data(0, ID_ROLE) in wanted
                               else Qt.CheckState.Unchecked)

    def _date(self, edit: QLineEdit) -> str | None:
        text = edit.text().strip()
        if text and not re.fullmatch(DATE_PATTERN, text):
            raise WorkbenchError(tr("Write dates as YYYY, YYYY-MM or YYYY-MM-DD, not “{date}”.",
                                    date=text))
        return text or None

    # ----- retrieving ----------------------------------------------------------------------
    def run(self) -> None:
        if self._project is None:
            return
        with reported(self):
            rows = retrieve(self._project, element_ids=self.checked_elements() or None,
                            include_descendants=self.descendants.isChecked(),
                            cases=self.cases.filter_value(), source_types=self.types.filter_value(),
                            periods=self.periods.filter_value(),
                            date_from=self._date(self.date_from),
                            date_to=self._date(self.date_to), coders=self.coders.filter_value(),
                            context=0)  # the model cuts each shown row's context itself
            self._show(rows)

    def _show(self, rows: list[Retrieved]) -> None:
        self.rows = rows
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.model.set_rows(rows, context=self.context.value(), muted=muted)
        self.table.resizeColumnsToContents()  # from the first page's rows only
        self.table.setColumnWidth(3, max(300, self.table.columnWidth(3) // 3))
        self._fit_rows(QModelIndex(), 0, self.model.rowCount() - 1)
        self.count.setText(tr("{count} coded passages", count=len(rows)))
        self.export_button.setEnabled(bool(rows))

    def _fit_rows(self, _parent: QModelIndex, first: int, last: int) -> None:
        for row in range(first, last + 1):
            self.table.resizeRowToContents(row)

    def coding_ids(self) -> list[int]:
        return [row.coding_id for row in self.rows]

    def _activate(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.rows):
            self.codingActivated.emit(self.rows[index.row()].coding_id)

    # ----- export --------------------------------------------------------------------------
    def export(self, path: str):
        """Exactly the codings shown, as a coded dataset (format by the file's suffix)."""
        return export_dataset(self._project, path, codings=self.coding_ids())

    def _ask_export(self) -> None:
        with reported(self):
            if self._project is None or not self.rows:
                raise WorkbenchError(tr("Retrieve some coded passages first."))
            kinds = [(tr("CSV, UTF-8 (*.csv)"), ".csv"), (tr("Excel workbook (*.xlsx)"), ".xlsx"),
                     (tr("JSON (*.json)"), ".json")]
            path = ask_save_path(self, tr("Export as coded dataset"), kinds,
                                 project_folder(self._project), tr("codings"))
            if path:
                self.export(path)
