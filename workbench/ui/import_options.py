"""The options of an import, asked before it starts: text recognition (OCR), a metadata sheet
(manifest: one row per file, CSV or XLSX) and the case, type and date of every file.

What is stated here wins over the sheet, and the sheet over what a file says about itself
(workbench/importers/batch.py). The sheet is read when the user presses Import, so a sheet that
cannot be used is reported here, where another one can be chosen, not after a long import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from ..core import Project
from ..i18n import tr
from .errors import show_error

DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")  # as the core checks


@dataclass
class ImportOptions:
    ocr: bool = False
    manifest: Any = None  # a path, or the sheet already read (importers.manifest.Manifest)
    case: str | None = None
    source_type: str | None = None
    date: str | None = None

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``project.import_files`` these options stand for."""
        values = {"ocr": self.ocr, "manifest": self.manifest, "case": self.case,
                  "source_type": self.source_type, "date": self.date}
        return {key: value for key, value in values.items() if value}


def editable_combo(names: list[str], placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems([""] + names)
    combo.lineEdit().setPlaceholderText(placeholder)
    return combo


class ImportOptionsDialog(QDialog):
    def __init__(self, project: Project, paths: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Import options"))
        self.setMinimumWidth(560)
        self._options: ImportOptions | None = None
        names = [Path(p).name for p in paths]
        shown = "、".join(names[:3]) + ("…" if len(names) > 3 else "")
        what = QLabel(tr("Importing {count} files or folders: {names}", count=len(paths),
                         names=shown))
        what.setWordWrap(True)
        self.ocr = QCheckBox(tr("Recognise text in screenshots and scanned PDFs (OCR, offline; "
                                "slower)"))
        self.ocr.setToolTip(tr("Without it, screenshots are imported as pictures (you can code "
                               "regions of them) and scanned PDFs are listed in the report."))
        self.sheet = QLineEdit()
        self.sheet.setPlaceholderText(tr("None (optional)"))
        self.sheet.setClearButtonEnabled(True)
        choose = QPushButton(tr("Metadata sheet (CSV/XLSX)…"))
        choose.clicked.connect(self.choose_sheet)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet, 1)
        sheet_row.addWidget(choose)
        sheet_hint = QLabel(tr("One row per file: file name (文件名), title, date, type, case, "
                               "URL, agency, document number."))
        sheet_hint.setWordWrap(True)
        sheet_hint.setEnabled(False)  # drawn in the palette's quiet colour
        self.case = editable_combo([c.name for c in project.cases.list()], tr("(none)"))
        self.source_type = editable_combo([t.name for t in project.sources.types()], tr("(none)"))
        self.date = QLineEdit()
        self.date.setPlaceholderText(tr("YYYY, YYYY-MM or YYYY-MM-DD"))
        self.date_hint = QLabel()
        self.date_hint.setStyleSheet("color: #B00020")
        self.date_hint.hide()
        self.date.textEdited.connect(self._check_date)
        form = QFormLayout()
        form.addRow(tr("Metadata sheet:"), sheet_row)
        form.addRow("", sheet_hint)
        form.addRow(tr("Case:"), self.case)
        form.addRow(tr("Type:"), self.source_type)
        form.addRow(tr("Date:"), self.date)
        form.addRow("", self.date_hint)
        every = QLabel(tr("For every file (optional; what you state here wins over the sheet "
                          "and over what a file says about itself):"))
        every.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(self.ocr)
        layout.addSpacing(6)
        layout.addWidget(every)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def choose_sheet(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Metadata sheet"), self.sheet.text() or "",
            tr("Spreadsheets (*.xlsx *.csv)") + ";;" + tr("All files (*)"))
        if path:
            self.sheet.setText(path)

    def _check_date(self, text: str) -> bool:
        ok = not text.strip() or bool(DATE.match(text.strip()))
        self.date_hint.setText("" if ok else tr("Write the date as YYYY, YYYY-MM or YYYY-MM-DD."))
        self.date_hint.setVisible(not ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def accept(self) -> None:
        if not self._check_date(self.date.text()):
            return
        manifest: Any = None
        sheet = self.sheet.text().strip()
        if sheet:
            from ..importers.document import ImportRefused
            from ..importers.manifest import read_manifest
            try:
                manifest = read_manifest(sheet)
            except ImportRefused as exc:  # say why here, where another sheet can be chosen
                show_error(self, str(exc))
                return
        self._options = ImportOptions(
            ocr=self.ocr.isChecked(), manifest=manifest,
            case=self.case.currentText().strip() or None,
            source_type=self.source_type.currentText().strip() or None,
            date=self.date.text().strip() or None)
        super().accept()

    def options(self) -> ImportOptions | None:
        """What was chosen (None until Import was pressed)."""
        return self._options
