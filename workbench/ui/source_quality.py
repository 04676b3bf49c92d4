"""How good a source's stored text is, in its details: the figures measured at import (characters,
share of Chinese and Latin, unreadable and garbled characters, pages without text, OCR
confidence), one sentence per problem, where the title and date were guessed from, and a button
to re-extract the text from the stored original (workbench/importers/reextract.py)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

from ..core import Source
from ..i18n import tr



class SourceQuality(QGroupBox):
    """The "Text quality" box of the source details."""

    reextractRequested = Signal(list)  # [source id]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Text quality"), parent)
        self._source_id: int | None = None
        form = QFormLayout(self)
        self.verdict = QLabel()
        self.figures = QLabel()
        self.warnings = QLabel()
        self.warnings.setStyleSheet("color: #B25E00")
        self.guesses = QLabel()
        for label in (self.verdict, self.figures, self.warnings, self.guesses):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("Result:"), self.verdict)
        form.addRow(tr("Figures:"), self.figures)
        form.addRow(tr("Warnings:"), self.warnings)
        form.addRow(tr("Guessed:"), self.guesses)
        self.reextract = QPushButton(tr("Re-extract text…"))
        self.reextract.setObjectName("reextractText")
        self.reextract.setToolTip(tr("Read the text again from the original kept in the "
                                     "project, with the importers as they are now; codings keep "
                                     "their passages."))
        self.reextract.clicked.connect(
            lambda: self._source_id is not None and self.reextractRequested.emit(
                [self._source_id]))
        form.addRow("", self.reextract)

    def show_source(self, source: Source, writable: bool) -> None:
        from ..importers.quality import figures_line, sentences, status

        self._source_id = source.id
        quality = source.metadata.get("quality")
        verdict = status(quality)
        self.verdict.setText({
            "ok": tr("Imported"), "warning": tr("Imported with warnings"),
            "unknown": tr("Not measured (imported before text quality was measured; re-extract "
                          "the text to measure it)")}[verdict])
        self.verdict.setStyleSheet("color: #B25E00; font-weight: bold" if verdict == "warning"
                                   else "")
        self.figures.setText(figures_line(quality))
        said = sentences(quality)
        self.warnings.setText("\n".join(said))
        self.warnings.setVisible(bool(said))
        self.layout().labelForField(self.warnings).setVisible(bool(said))
        self.guesses.setText(guess_text(source, quality or {}))
        self.reextract.setVisible(source.kind == "text")
        self.reextract.setEnabled(writable)

    def warning_text(self) -> str:
        return self.warnings.text() if self.warnings.isVisibleTo(self) else ""


def guess_text(source: Source, quality: dict) -> str:
    """"Title: from the first heading; date: from the file name", or "—"."""
    meta = source.metadata
    parts = []
    title_from = meta.get("title_guess_from") or quality.get("title_from")
    date_from = meta.get("date_guess_from") or quality.get("date_from")
    if title_from:
        parts.append(tr("title from {where}", where=_where(title_from)))
    if date_from:
        parts.append(tr("date from {where}", where=_where(date_from)))
    return tr("; ").join(parts) if parts else "—"


def _where(key: str) -> str:
    """Where an importer says a title or date came from (metadata "…_guess_from"), in the
    user's words; a place not known here is shown as the importer named it."""
    known = {"file name": tr("the file name"), "text": tr("the text"),
             "first heading": tr("the first heading"),
             "title paragraph": tr("the title paragraph"),
             "core properties": tr("the document properties"),
             "metadata": tr("the document properties"), "page title": tr("the page title")}
    return known.get(str(key), str(key))
