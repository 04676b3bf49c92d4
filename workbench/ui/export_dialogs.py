"""The questions asked before exporting: which coded data in which format, and which sections of
the Word report in which language (export_actions.py runs the export itself).

    dialog = ExportDataDialog(parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        choice = dialog.choice()        # DataChoice(what, fmt, presence, keys)
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGroupBox, QLabel, QSpinBox, QVBoxLayout, QWidget)

from ..exporters.report import OPTIONAL, SECTIONS
from ..exporters.report.thesis import ReportOptions
from ..i18n import tr

QDPX = "qdpx"
MATRICES = ("case-matrix", "source-matrix")


def what_labels() -> dict[str, str]:
    return {"codings": tr("Codings (one row per coding)"),
            "case-matrix": tr("Case × element matrix"),
            "source-matrix": tr("Source × element matrix"),
            "interactions": tr("Interactions with their evidence")}


def format_labels() -> dict[str, str]:
    return {"csv": tr("CSV for Excel (.csv, UTF-8)"), "xlsx": tr("Excel workbook (.xlsx)"),
            "json": tr("JSON (.json)"),
            QDPX: tr("REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder")}


def tool_labels() -> dict[str, str]:
    """The tool a .qdpx is for: it decides how text positions are counted."""
    return {"nvivo": tr("NVivo"), "atlasti": tr("ATLAS.ti"), "maxqda": tr("MAXQDA"),
            "qualcoder": tr("QualCoder"), "standard": tr("Another tool (REFI-QDA standard)")}


def section_labels() -> dict[str, str]:
    return {"study": tr("The study (title, research question, sources)"),
            "codebook": tr("Codebook"), "frequencies": tr("Frequency tables"),
            "policy": tr("Policy instruments and joint issuance (policy documents)"),
            "quotes": tr("Coded quotations per element"),
            "interactions": tr("Interactions with their evidence"),
            "diagrams": tr("Path diagrams"), "agreement": tr("Intercoder agreement"),
            "references": tr("Reference list of the sources (GB/T 7714)"),
            "memos": tr("The project's memos")}


@dataclass
class DataChoice:
    what: str = "codings"
    fmt: str = "xlsx"
    presence: bool = False
    keys: bool = False
    attributes: bool = False  # a matrix carries the case/source attributes as columns
    tool: str = "nvivo"  # .qdpx only: exchange.refi.positions.TARGETS

    @property
    def suffix(self) -> str:
        return f".{self.fmt}"

    def file_filter(self) -> str:
        return f"{format_labels()[self.fmt]} (*{self.suffix})"


@dataclass
class ReportChoice:
    language: str | None = None  # None: the project's language
    sections: list[str] | None = None
    options: ReportOptions | None = None  # chapter numbering, title page, contents, pages


class ExportDataDialog(QDialog):
    """What to export (codings, a matrix, interactions) and how (CSV, XLSX, JSON or .qdpx)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Export coded data"))
        form = QFormLayout()
        self.what = QComboBox()
        for key, label in what_labels().items():
            self.what.addItem(label, key)
        self.format = QComboBox()
        for key, label in format_labels().items():
            self.format.addItem(label, key)
        self.format.setCurrentIndex(list(format_labels()).index("xlsx"))
        form.addRow(tr("Export:"), self.what)
        form.addRow(tr("Format:"), self.format)
        self.tool = QComboBox()
        for key, label in tool_labels().items():
            self.tool.addItem(label, key)
        form.addRow(tr("For:"), self.tool)
        self.presence = QCheckBox(tr("In a matrix, 1 when the element is coded and 0 when not "
                                     "(instead of counts)"))
        self.keys = QCheckBox(tr("Column names SPSS and R accept (element_path, e12, case_3 …)"))
        self.attributes = QCheckBox(tr("In a matrix, the case or source attributes as columns"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.presence)
        layout.addWidget(self.keys)
        layout.addWidget(self.attributes)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.what.currentIndexChanged.connect(self._update)
        self.format.currentIndexChanged.connect(self._update)
        self._update()

    def set_choice(self, choice: DataChoice) -> None:
        self.what.setCurrentIndex(self.what.findData(choice.what))
        self.format.setCurrentIndex(self.format.findData(choice.fmt))
        self.presence.setChecked(choice.presence)
        self.keys.setChecked(choice.keys)
        self.attributes.setChecked(choice.attributes)
        self.tool.setCurrentIndex(self.tool.findData(choice.tool))

    def choice(self) -> DataChoice:
        fmt, what = self.format.currentData(), self.what.currentData()
        return DataChoice(what, fmt, self.presence.isEnabled() and self.presence.isChecked(),
                          self.keys.isEnabled() and self.keys.isChecked(),
                          self.attributes.isEnabled() and self.attributes.isChecked(),
                          self.tool.currentData())

    def _update(self) -> None:
        fmt, what = self.format.currentData(), self.what.currentData()
        whole = fmt == QDPX
        self.what.setEnabled(not whole)
        self.tool.setEnabled(whole)
        self.presence.setEnabled(not whole and what in MATRICES)
        self.attributes.setEnabled(not whole and what in MATRICES)
        self.keys.setEnabled(fmt in ("csv", "xlsx"))
        if whole:
            self.hint.setText(tr("The whole project (sources, codebook, codings, cases and "
                                 "memos) as one file that other QDA programs open. Text "
                                 "positions are counted, and PDF page regions placed, the way "
                                 "the chosen tool reads them."))
        elif fmt == "json":
            self.hint.setText(tr("JSON always uses the English column names."))
        else:
            self.hint.setText(tr("Column headers are in the project's language; CSV opens in "
                                 "Excel with Chinese shown correctly."))


class ReportDialog(QDialog):
    """The report's language and sections; agreement only with two coders or more."""

    def __init__(self, coders: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Word report"))
        self.language = QComboBox()
        self.language.addItem(tr("The project's language"), None)
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        form = QFormLayout()
        form.addRow(tr("Language:"), self.language)
        box = QGroupBox(tr("Sections"))
        box_layout = QVBoxLayout(box)
        self.boxes: dict[str, QCheckBox] = {}
        for key, label in section_labels().items():
            check = QCheckBox(label)
            check.setChecked(key not in OPTIONAL)
            if key == "agreement" and coders < 2:
                check.setChecked(False)
                check.setEnabled(False)
                check.setToolTip(tr("Needs codings by at least two coders (merge the coders' "
                                    "copies of the project first)."))
            check.toggled.connect(self._update)
            box_layout.addWidget(check)
            self.boxes[key] = check
        thesis = QGroupBox(tr("Fit into a thesis chapter"))
        thesis_form = QFormLayout(thesis)
        self.chapter = QSpinBox()
        self.chapter.setRange(0, 99)
        self.chapter.setSpecialValueText(tr("none"))
        self.chapter.setToolTip(tr("Captions 表4-1, 图4-2 and headings 4.1, 4.1.1 for chapter 4"))
        thesis_form.addRow(tr("Chapter number:"), self.chapter)
        self.offset = QSpinBox()
        self.offset.setRange(0, 2)
        self.offset.setToolTip(tr("1: the report's sections become Heading 2, under the "
                                  "chapter's own heading"))
        thesis_form.addRow(tr("Heading levels lower by:"), self.offset)
        self.title_page = QCheckBox(tr("Title page"))
        self.title_page.setChecked(True)
        self.toc = QCheckBox(tr("Table of contents"))
        self.page_numbers = QCheckBox(tr("Page numbers in the footer"))
        for check in (self.title_page, self.toc, self.page_numbers):
            thesis_form.addRow(check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Write report…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(thesis)
        layout.addWidget(self.buttons)
        self._update()

    def set_sections(self, sections: list[str]) -> None:
        for key, check in self.boxes.items():
            check.setChecked(check.isEnabled() and key in sections)

    def choice(self) -> ReportChoice:
        chosen = [key for key in SECTIONS
                  if self.boxes[key].isEnabled() and self.boxes[key].isChecked()]
        options = ReportOptions(chapter=self.chapter.value() or None,
                                heading_offset=self.offset.value(),
                                title_page=self.title_page.isChecked(), toc=self.toc.isChecked(),
                                page_numbers=self.page_numbers.isChecked())
        return ReportChoice(self.language.currentData(), chosen, options)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.choice().sections))

