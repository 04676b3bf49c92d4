"""What an import did, one row per file: imported, imported with warnings (one sentence per
problem of its text: see workbench/importers/quality.py), duplicate (of which source), refused
(why). Imported files show their text's figures (characters, share of Chinese and Latin).

Scanned PDFs (no text layer) are listed in a group of their own with a button that imports them
again with text recognition (the window does that after the dialog closes: ``ocr_requested``);
the metadata sheet's problems (rows skipped, dates left empty) are listed below the table."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QGroupBox,
                               QHeaderView, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QStyle, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ..core.model import ImportReport
from ..i18n import tr

IMPORTED, WARNING, DUPLICATE, REFUSED = "imported", "warning", "duplicate", "refused"
_COLORS = {IMPORTED: "#1B7F3B", WARNING: "#B25E00", DUPLICATE: "#8A6D00", REFUSED: "#B3261E"}
_ICONS = {IMPORTED: QStyle.StandardPixmap.SP_DialogApplyButton,
          WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
          DUPLICATE: QStyle.StandardPixmap.SP_MessageBoxInformation,
          REFUSED: QStyle.StandardPixmap.SP_MessageBoxCritical}


def report_rows(report: ImportReport) -> list[tuple[str, str, str, str]]:
    """(status, file name, result text, detail) for every file: refused ones first, then those
    imported with warnings (detail: one sentence per problem, a line each)."""
    from ..importers.quality import figures_line, sentences

    rows: list[tuple[str, str, str, str]] = []
    for file, reason in report.refused:
        rows.append((REFUSED, Path(file).name, tr("Not imported"), reason))
    warned, fine = [], []
    for source in report.imported:
        quality = source.metadata.get("quality")
        said = sentences(quality)
        name = source.file_name or source.title
        lines = ([source.title] if source.title != source.file_name else []) + \
            [figures_line(quality)]
        if said:
            warned.append((WARNING, name, tr("Imported with warnings"),
                           "\n".join(said + [line for line in lines if line])))
        else:
            fine.append((IMPORTED, name, tr("Imported"), " — ".join(l for l in lines if l)))
    rows += warned
    for file, existing in report.duplicates:
        rows.append((DUPLICATE, Path(file).name, tr("Already in the project"),
                     tr("Same content as “{title}”", title=existing)))
    return rows + fine


def summary_text(report: ImportReport) -> str:
    text = tr("{imported} imported, {duplicates} already in the project, {refused} not imported.",
              imported=len(report.imported), duplicates=len(report.duplicates),
              refused=len(report.refused))
    warned = len(report.with_warnings())
    if warned:
        text += " " + tr("{count} imported with warnings: check their text.", count=warned)
    if report.needs_ocr:
        text += " " + tr("{count} scanned files need text recognition (OCR).",
                         count=len(report.needs_ocr))
    if report.cancelled:
        text += " " + tr("The import was cancelled; the files not listed were not imported.")
    return text


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.ocr_requested = False  # the user asked to import the scanned files with OCR
        self.setWindowTitle(tr("Import report"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary_text(report))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self._rows = report_rows(report)
        self.table = QTableWidget(len(self._rows), 3)
        self.table.setHorizontalHeaderLabels([tr("File"), tr("Result"), tr("Details")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, (status, name, result, detail) in enumerate(self._rows):
            items = [QTableWidgetItem(name), QTableWidgetItem(result), QTableWidgetItem(detail)]
            items[1].setForeground(QBrush(QColor(_COLORS[status])))
            items[1].setIcon(self.style().standardIcon(_ICONS[status]))
            items[0].setToolTip(name)
            items[2].setToolTip(detail)
            for column, item in enumerate(items):
                item.setData(Qt.ItemDataRole.UserRole, status)
                self.table.setItem(row, column, item)
        self.table.setColumnWidth(0, 240)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        self.ocr_group = self._scans_group(report) if report.needs_ocr else None
        if self.ocr_group is not None:
            layout.addWidget(self.ocr_group)
        self.notes = None
        if report.notes:
            layout.addWidget(QLabel(tr("Notes on the metadata sheet:")))
            self.notes = QPlainTextEdit("\n".join(report.notes))
            self.notes.setReadOnly(True)
            self.notes.setMaximumHeight(110)
            layout.addWidget(self.notes)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def _scans_group(self, report: ImportReport) -> QGroupBox:
        group = QGroupBox(tr("Scanned files without text ({count})", count=len(report.needs_ocr)))
        box = QVBoxLayout(group)
        self.scans = QListWidget()
        for file, sentence in report.needs_ocr:
            item = QListWidgetItem(Path(file).name)
            item.setToolTip(sentence)
            item.setData(Qt.ItemDataRole.UserRole, file)
            self.scans.addItem(item)
        self.scans.setMaximumHeight(min(110, 24 * len(report.needs_ocr) + 8))
        box.addWidget(self.scans)
        hint = QLabel(tr("Their pages are pictures. Text recognition reads them offline; it "
                         "takes a few seconds per page."))
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.ocr_button = QPushButton(tr("Recognise their text (OCR)"))
        self.ocr_button.setObjectName("recogniseScans")
        self.ocr_button.clicked.connect(self.request_ocr)
        box.addWidget(self.ocr_button, 0, Qt.AlignmentFlag.AlignLeft)
        return group

    def request_ocr(self) -> None:
        self.ocr_requested = True
        self.accept()

    def scanned_files(self) -> list[str]:
        return [file for file, _sentence in self.report.needs_ocr]

    def rows(self) -> list[tuple[str, str, str, str]]:
        """What the table shows: (status, file, result, detail) per file."""
        return list(self._rows)
