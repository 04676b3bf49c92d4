"""The source form: the metadata of one source (title, date, type, cases, origin …) that dynamic
and comparative analyses depend on, plus read-only facts about the imported file. An undated
source whose date the importer guessed (from the file name or the text) shows the guess with a
button that makes it the source's date."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QInputDialog, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from ..core import Change, Project, Source, WorkbenchError
from ..i18n import tr
from .errors import reported
from .panel_models import date_guess, local_time, touches
from .panel_widgets import IdleSaver
from .source_quality import SourceQuality

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")  # as the core checks
LINE_FIELDS = (("title", "Title:", ""), ("date", "Date:", "YYYY, YYYY-MM or YYYY-MM-DD"),
               ("origin_url", "Origin URL:", "https://…"), ("agency", "Agency:", ""),
               ("document_number", "Document number:", ""),
               ("capture_time", "Capture time:", "YYYY-MM-DD HH:MM:SS"))


class SourceForm(QWidget):
    reextractRequested = Signal(list)  # [source id]: read its text again from the original

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._source: Source | None = None
        self.lines: dict[str, QLineEdit] = {}
        self.savers: dict[str, IdleSaver] = {}
        self.body = QWidget()
        form = QFormLayout(self.body)
        for field, label, hint in LINE_FIELDS:
            line = QLineEdit()
            line.setPlaceholderText(tr(hint) if hint else "")
            self.lines[field] = line
            self.savers[field] = IdleSaver(line, lambda text, f=field: self._save(f, text), 0)
            form.addRow(tr(label), line)
            if field == "date":
                self.date_hint = QLabel()
                self.date_hint.setStyleSheet("color: #B00020")
                form.addRow("", self.date_hint)
                line.textEdited.connect(self._check_date)
                form.addRow("", self._guess_row())
                form.addRow("", self._policy_row())
        self.type_combo = QComboBox()
        self.type_combo.setEditable(True)
        self.type_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.type_combo.setToolTip(tr("Pick a type or write a new one"))
        self.type_combo.textActivated.connect(self._save_type)
        self.type_combo.lineEdit().editingFinished.connect(
            lambda: self._save_type(self.type_combo.currentText()))
        form.insertRow(4, tr("Type:"), self.type_combo)
        self.cases = QListWidget()
        self.cases.setMaximumHeight(110)
        self.cases.itemChanged.connect(self._case_toggled)
        add_case = QPushButton(tr("Add case…"))
        add_case.clicked.connect(self.add_case)
        cases_box = QVBoxLayout()
        cases_box.addWidget(self.cases)
        cases_box.addWidget(add_case, 0, Qt.AlignmentFlag.AlignLeft)
        form.insertRow(5, tr("Cases:"), cases_box)
        self.notes = QPlainTextEdit()
        self.notes.setMinimumHeight(60)
        self.savers["notes"] = IdleSaver(self.notes, lambda text: self._save("notes", text))
        form.addRow(tr("Notes:"), self.notes)
        self.info: dict[str, QLabel] = {}
        for key, label in (("file_name", "File name:"), ("media_type", "Media type:"),
                           ("size", "Size:"), ("imported", "Imported on:"),
                           ("attributes", "Attributes:")):
            self.info[key] = QLabel()
            self.info[key].setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(tr(label), self.info[key])
        self.quality = SourceQuality()
        self.quality.reextractRequested.connect(self.reextractRequested)
        form.addRow(self.quality)
        self.empty = QLabel(tr("Select a source to see its details."))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(scroll)
        self._scroll = scroll
        self._show(None)

    def _guess_row(self) -> QWidget:
        self.guess = QWidget()
        row = QHBoxLayout(self.guess)
        row.setContentsMargins(0, 0, 0, 0)
        self.guess_label = QLabel()
        self.guess_label.setWordWrap(True)
        self.guess_label.setStyleSheet("color: #6B6B6B; font-style: italic")
        self.guess_button = QPushButton(tr("Use this date"))
        self.guess_button.setObjectName("useGuessedDate")
        self.guess_button.clicked.connect(self.use_guessed_date)
        row.addWidget(self.guess_label, 1)
        row.addWidget(self.guess_button)
        self.guess.hide()
        return self.guess

    def _policy_row(self) -> QWidget:
        """What a policy document says about itself (文号, 发文机关, dates, 效力级别), recognised
        on import and shown for the researcher to accept."""
        self.policy = QWidget()
        row = QHBoxLayout(self.policy)
        row.setContentsMargins(0, 0, 0, 0)
        self.policy_label = QLabel()
        self.policy_label.setWordWrap(True)
        self.policy_label.setStyleSheet("color: #6B6B6B; font-style: italic")
        self.policy_button = QPushButton(tr("Use these"))
        self.policy_button.setObjectName("acceptPolicy")
        self.policy_button.clicked.connect(self.accept_policy)
        row.addWidget(self.policy_label, 1)
        row.addWidget(self.policy_button)
        self.policy.hide()
        return self.policy

    def _show_policy(self, source: Source) -> None:
        facts = source.metadata.get("policy")
        shown = isinstance(facts, dict) and bool(facts) and not facts.get("accepted")
        self.policy.setVisible(shown)
        if shown:
            self.policy_label.setText(policy_sentence(facts))
            self.policy_button.setEnabled(not self._project.read_only)

    def accept_policy(self) -> None:
        """Make the recognised title, 文号, agencies, dates and 效力级别 the source's own."""
        if self._source is None or self._project is None:
            return
        with reported(self):
            self._project.sources.accept_policy(self._source.id)

    # ----- the part interface --------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project = project
        self._show(None)

    def refresh(self, change: Change | None) -> None:
        if self._source is not None and touches(change, "sources", "source_types", "cases",
                                                "case_sources"):
            self._load(self._source.id, force=False)

    def show_source(self, source_id: int | None) -> None:
        for saver in self.savers.values():
            saver.flush()  # a pending edit belongs to the source shown until now
        if source_id is None or self._project is None:
            self._show(None)
        else:
            self._load(source_id, force=True)

    def current_source_id(self) -> int | None:
        return self._source.id if self._source else None

    # ----- loading -------------------------------------------------------------------------
    def _load(self, source_id: int, force: bool) -> None:
        try:
            source = self._project.sources.get(source_id) if self._project else None
        except WorkbenchError:  # deleted, or its import undone
            source = None
        self._show(source, force)

    def _show(self, source: Source | None, force: bool = True) -> None:
        self._source = source
        self.empty.setVisible(source is None)
        self._scroll.setVisible(source is not None)
        if source is None:
            return
        self.body.setEnabled(self._project is not None and not self._project.read_only)
        for field, saver in self.savers.items():
            saver.set_text(getattr(source, field) or "", force=force)
        self.date_hint.clear()
        self.date_hint.hide()
        self._show_guess(source)
        self._show_policy(source)
        typing = self.type_combo.lineEdit().hasFocus() and self.type_combo.lineEdit().isModified()
        if force or not typing:  # a refresh must not wipe a type being written
            self.type_combo.blockSignals(True)
            self.type_combo.clear()
            self.type_combo.addItems([t.name for t in self._project.sources.types()])
            self.type_combo.setCurrentText(source.source_type or "")
            self.type_combo.blockSignals(False)
        self.cases.blockSignals(True)
        self.cases.clear()
        for case in self._project.cases.list():
            item = QListWidgetItem(case.name, self.cases)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if source.id in case.source_ids
                               else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, case.id)
        self.cases.blockSignals(False)
        size = (tr("{width} × {height} pixels", width=source.width, height=source.height)
                if source.kind == "image" else
                tr("{count} characters", count=source.text_length))
        attributes = "; ".join(f"{name}: {value}" for name, value
                               in source.metadata.get("attributes", {}).items())
        for key, value in (("file_name", source.file_name), ("media_type", source.media_type),
                           ("size", size), ("imported", local_time(source.imported)),
                           ("attributes", attributes)):
            self.info[key].setText(value)
        self.info["attributes"].setWordWrap(True)
        self.quality.show_source(source, not self._project.read_only)

    def _show_guess(self, source: Source) -> None:
        guess = date_guess(source)
        self.guess.setVisible(guess is not None)
        if guess is not None:
            self.guess_label.setText(guess_sentence(source))

    # ----- saving --------------------------------------------------------------------------
    def _check_date(self, text: str) -> None:
        """Say at once when the date is not (yet) valid; saving waits for the edit to end."""
        ok = not text.strip() or _DATE.match(text.strip())
        self.date_hint.setText("" if ok else tr("Write the date as YYYY, YYYY-MM or YYYY-MM-DD."))
        self.date_hint.setVisible(not ok)

    def _save(self, field: str, text: str) -> None:
        source = self._source
        if source is None or self._project is None or text == (getattr(source, field) or ""):
            return
        done = False
        with reported(self):
            value = text.strip() or (None if field in ("date", "capture_time") else "")
            self._source = self._project.sources.update(source.id, **{field: value})
            done = True
        if not done:  # refused: the stored value stays, and the field shows it again
            self.savers[field].set_text(getattr(source, field) or "", force=True)
            if field == "date":
                self.date_hint.clear()
                self.date_hint.hide()

    def use_guessed_date(self) -> None:
        """Make the importer's guess the source's date."""
        source = self._source
        guess = date_guess(source) if source is not None else None
        if source is None or guess is None or self._project is None:
            return
        self.savers["date"].flush()
        with reported(self):
            self._source = self._project.sources.update(source.id, date=guess)
            self._show(self._source, force=True)

    def _save_type(self, text: str) -> None:
        source = self._source
        if source is None or self._project is None or text.strip() == (source.source_type or ""):
            return
        with reported(self):  # a new name becomes a new source type
            self._source = self._project.sources.update(source.id,
                                                        source_type=text.strip() or None)

    def _case_toggled(self, item: QListWidgetItem) -> None:
        if self._source is None or self._project is None:
            return
        case_id = int(item.data(Qt.ItemDataRole.UserRole))
        with reported(self):
            if item.checkState() == Qt.CheckState.Checked:
                self._project.cases.add_source(case_id, self._source.id)
            else:
                self._project.cases.remove_source(case_id, self._source.id)

    def add_case(self) -> None:
        if self._source is None or self._project is None:
            return
        name, ok = QInputDialog.getText(self, tr("Add case"), tr("Name of the case:"))
        if ok and name.strip():
            with reported(self):
                self._project.cases.add_source(name.strip(), self._source.id)


def guess_sentence(source: Source) -> str:
    guess = date_guess(source) or ""
    if source.metadata.get("date_guess_from") == "text":
        return tr("Guessed from the text: {date}", date=guess)
    return tr("Guessed from the file name: {date}", date=guess)


_POLICY_FIELDS = (("document_number", "文号"), ("agencies", "发文机关"), ("published", "发布日期"),
                  ("written", "成文日期"), ("effective", "实施日期"), ("level", "效力级别"),
                  ("validity", "时效性"))


def policy_sentence(facts: dict) -> str:
    """"Recognised as a policy document: 文号 …; 发文机关 …" (the field names are the ones
    Chinese policy studies print, in either language)."""
    parts = []
    for key, name in _POLICY_FIELDS:
        value = facts.get(key)
        if value:
            parts.append(f"{name} {'、'.join(value) if isinstance(value, list) else value}")
    return tr("Recognised as a policy document: {facts}", facts="；".join(parts))
