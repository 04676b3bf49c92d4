"""The interaction dialog: one element acts on another (type, sign, period, note) and — what makes
it convincing — the coded segments that show it. Non-modal, so the researcher can keep selecting
and coding text in the document while it is open."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)

from ..core import Change, InteractionType, Project, WorkbenchError
from ..i18n import tr
from .errors import reported, show_error
from .interaction_models import (EvidenceTable, NewTypeDialog, fill_element_combo,
                                 load_codings, no_evidence_text, warning_icon)
from .panel_models import touches

NEW_TYPE = "\x00new"  # the data of the type combo's last entry, "New type…"


class InteractionDialog(QDialog):
    codeSelectionRequested = Signal(int)  # element id: code the viewer's selection to it
    addSelectedRequested = Signal()       # answer with add_evidence(segments' selected ids)
    saved = Signal(int)                   # the interaction id, after OK stored it

    def __init__(self, project: Project, interaction_id: int | None = None,
                 parent: QWidget | None = None, *, period_id: int | None = None,
                 from_id: int | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setMinimumWidth(680)
        self._project = project
        self._interaction_id = interaction_id
        self._evidence_ids: list[int] = []
        self._types: dict[str, InteractionType] = {}
        self._type_name: str | None = None  # to go back to when "New type…" is cancelled
        self.from_combo, self.to_combo = QComboBox(), QComboBox()
        self.type_combo, self.sign_combo, self.period_combo = QComboBox(), QComboBox(), QComboBox()
        self.sign_combo.addItem(tr("+ (positive)"), 1)
        self.sign_combo.addItem(tr("− (negative)"), -1)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        type_row = QHBoxLayout()
        type_row.addWidget(self.type_combo, 1)
        type_row.addWidget(QLabel(tr("Sign:")))
        type_row.addWidget(self.sign_combo)
        form = QFormLayout()
        form.addRow(tr("From:"), self.from_combo)
        form.addRow(tr("To:"), self.to_combo)
        form.addRow(tr("Type:"), type_row)
        form.addRow(tr("Period:"), self.period_combo)
        form.addRow(tr("Note:"), self.note)
        self.evidence = EvidenceTable()
        self.warning = QLabel()
        self.warning.setPixmap(warning_icon().pixmap(16, 16))
        self.warning_text = QLabel(no_evidence_text())
        self.warning_text.setStyleSheet("color: #8A5A00;")
        warning_row = QHBoxLayout()
        warning_row.addWidget(self.warning)
        warning_row.addWidget(self.warning_text, 1)
        self.add_selected = QPushButton(tr("Add selected segments"))
        self.add_selected.setToolTip(tr("Add the segments selected in the coded segments panel"))
        self.remove = QPushButton(tr("Remove selected"))
        self.code_button = QPushButton(tr("Code the current text selection as evidence"))
        self.code_target = QComboBox()  # the from- or the to-element
        self.code_target.setToolTip(tr("The element the selection is coded to"))
        self.add_selected.clicked.connect(self.addSelectedRequested)
        self.remove.clicked.connect(self.remove_selected_evidence)
        self.code_button.clicked.connect(self._code_selection)
        buttons_row = QHBoxLayout()
        for widget in (self.add_selected, self.remove):
            buttons_row.addWidget(widget)
        buttons_row.addStretch(1)
        code_row = QHBoxLayout()  # its own line: the element path beside it can be long
        code_row.addWidget(self.code_button)
        code_row.addWidget(QLabel(tr("to element:")))
        code_row.addWidget(self.code_target, 1)
        group = QGroupBox(tr("Evidence"))
        box = QVBoxLayout(group)
        box.addLayout(warning_row)
        box.addWidget(self.evidence)
        box.addLayout(buttons_row)
        box.addLayout(code_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(group, 1)
        layout.addWidget(buttons)
        self.type_combo.currentIndexChanged.connect(self._type_chosen)
        self.from_combo.currentIndexChanged.connect(lambda _i: self._fill_code_target())
        self.to_combo.currentIndexChanged.connect(lambda _i: self._fill_code_target())
        self.period_combo.currentIndexChanged.connect(lambda _i: self._show_evidence())
        self._load(period_id, from_id)

    # ----- loading -------------------------------------------------------------------------
    def _load(self, period_id: int | None, from_id: int | None) -> None:
        self._fill_combos(from_id, None, None, period_id)
        if self.to_combo.count() > 1 and self.to_combo.currentIndex() == \
                self.from_combo.currentIndex():  # acting on itself is rare: not the default
            self.to_combo.setCurrentIndex(1 if self.to_combo.currentIndex() == 0 else 0)
        if self._interaction_id is not None:
            with reported(self):
                item = self._project.interactions.get(self._interaction_id)
                periods = {p.name: p.id for p in self._project.periods.list()}
                self._fill_combos(item.from_element_id, item.to_element_id, item.type_name,
                                  periods.get(item.period or ""))
                self.sign_combo.setCurrentIndex(self.sign_combo.findData(item.sign))
                self.note.setPlainText(item.note)
                self._evidence_ids = list(item.evidence)
        self._show_mode()
        self._show_evidence()

    def _fill_combos(self, from_id: int | None, to_id: int | None, type_name: str | None,
                     period_id: int | None) -> None:
        elements = self._project.elements.list()
        fill_element_combo(self.from_combo, elements, from_id)
        fill_element_combo(self.to_combo, elements, to_id)
        self._fill_types(type_name)
        self.period_combo.clear()
        self.period_combo.addItem(tr("No period"), None)
        for period in self._project.periods.list():
            self.period_combo.addItem(period.name, period.id)
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(period_id)))
        self._fill_code_target()

    def _fill_types(self, keep: str | None) -> None:
        if keep == NEW_TYPE:  # a refresh while the "New type" dialog is open
            keep = self._type_name
        self._types = {t.name: t for t in self._project.interactions.types()}
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        for name in self._types:
            self.type_combo.addItem(name, name)
        self.type_combo.insertSeparator(self.type_combo.count())
        self.type_combo.addItem(tr("New type…"), NEW_TYPE)
        index = self.type_combo.findData(keep) if keep else -1
        self.type_combo.setCurrentIndex(index if index >= 0 else 0)
        self.type_combo.blockSignals(False)
        if keep is None:
            self._type_chosen()  # a new interaction takes the first type's sign
        self._type_name = self.type_combo.currentData()

    def _fill_code_target(self) -> None:
        keep = self.code_target.currentData()
        self.code_target.clear()
        for combo in (self.from_combo, self.to_combo):
            if combo.currentIndex() >= 0 and self.code_target.findData(combo.currentData()) < 0:
                self.code_target.addItem(combo.itemIcon(combo.currentIndex()),
                                         combo.currentText(), combo.currentData())
        self.code_target.setCurrentIndex(max(0, self.code_target.findData(keep)))
        self.code_button.setEnabled(self.code_target.count() > 0)

    def _show_mode(self) -> None:
        editing = self._interaction_id is not None
        self.setWindowTitle(tr("Edit interaction") if editing else tr("New interaction"))
        # The core cannot move a recorded interaction to other elements: record a new one.
        for combo in (self.from_combo, self.to_combo):
            combo.setEnabled(not editing)
            combo.setToolTip(tr("To link other elements, record a new interaction.")
                             if editing else "")

    def _show_evidence(self) -> None:
        codings, dates = load_codings(self._project, self._evidence_ids)
        self.evidence.thumbnails.set_project(self._project)
        self._evidence_ids = [c.id for c in codings]  # forget codings deleted meanwhile
        period_id = self.period_combo.currentData()
        period = next((p for p in self._project.periods.list() if p.id == period_id), None)
        self.evidence.set_evidence(codings, dates, period)  # quotes dated outside it: flagged
        for widget in (self.warning, self.warning_text):
            widget.setVisible(not codings)

    def refresh(self, change: Change | None) -> None:
        """Follow the project while open: new elements, types, periods; deleted codings."""
        if self._interaction_id is not None and touches(change, "interactions"):
            try:
                self._project.interactions.get(self._interaction_id)
            except WorkbenchError:  # deleted or undone elsewhere: OK records it anew
                self._interaction_id = None
                self._show_mode()
        if touches(change, "elements", "interaction_types", "periods"):
            self._fill_combos(self.from_combo.currentData(), self.to_combo.currentData(),
                              self.type_combo.currentData(), self.period_combo.currentData())
        if touches(change, "codings", "sources", "elements"):
            self._show_evidence()

    # ----- evidence --------------------------------------------------------------------------
    def add_evidence(self, coding_ids: list[int]) -> None:
        """Link these coded segments (saved with OK); ids already linked are ignored."""
        self._evidence_ids += [int(i) for i in coding_ids if int(i) not in self._evidence_ids]
        self._show_evidence()

    def evidence_ids(self) -> list[int]:
        return list(self._evidence_ids)

    def remove_selected_evidence(self) -> None:
        gone = set(self.evidence.selected_ids())
        self._evidence_ids = [i for i in self._evidence_ids if i not in gone]
        self._show_evidence()

    def _code_selection(self) -> None:
        if self.code_target.currentIndex() >= 0:
            self.codeSelectionRequested.emit(int(self.code_target.currentData()))

    # ----- type and sign ---------------------------------------------------------------------
    def _type_chosen(self, _index: int = -1) -> None:
        name = self.type_combo.currentData()
        if name == NEW_TYPE:
            self._new_type()
            return
        if name in self._types:
            self.sign_combo.setCurrentIndex(self.sign_combo.findData(self._types[name].sign))
            self._type_name = name

    def _new_type(self) -> None:
        dialog = NewTypeDialog(self)
        created: InteractionType | None = None
        if dialog.exec() == QDialog.DialogCode.Accepted:
            name, sign, style = dialog.values()
            with reported(self):
                created = self._project.interactions.add_type(name, sign, style)
        self._fill_types(created.name if created else self._type_name)
        if created is not None:
            self._type_chosen()

    # ----- saving ------------------------------------------------------------------------------
    def accept(self) -> None:
        if self.save():
            super().accept()

    def save(self) -> bool:
        """Store the interaction and its evidence as one undo step; False when refused."""
        from_id, to_id = self.from_combo.currentData(), self.to_combo.currentData()
        type_name = self.type_combo.currentData()
        if from_id is None or to_id is None or type_name in (None, NEW_TYPE):
            show_error(self, tr("Choose the two elements and the type of the interaction."))
            return False
        if from_id == to_id and self._interaction_id is None and QMessageBox.question(
                self, tr("New interaction"),
                tr("“{name}” acts on itself (self-reinforcement). Record it?",
                   name=self.from_combo.currentText())) != QMessageBox.StandardButton.Yes:
            return False
        sign, period_id = int(self.sign_combo.currentData()), self.period_combo.currentData()
        note, wanted = self.note.toPlainText().strip(), list(self._evidence_ids)
        interactions, stored = self._project.interactions, False
        with reported(self):
            if self._interaction_id is None:
                with self._project.grouped("Add interaction"):
                    self._interaction_id = interactions.add(
                        int(from_id), int(to_id), type_name, sign=sign, period_id=period_id,
                        note=note, evidence=wanted).id
            else:
                self._update(type_name, sign, period_id, note, wanted)
            stored = True
        if stored:
            self.saved.emit(self._interaction_id)
        return stored

    def _update(self, type_name: str, sign: int, period_id: int | None, note: str,
                wanted: list[int]) -> None:
        assert self._interaction_id is not None
        interactions = self._project.interactions
        old = interactions.get(self._interaction_id)  # now, not when opened: others may edit
        periods = {p.name: p.id for p in self._project.periods.list()}
        removed = [i for i in old.evidence if i not in wanted]
        added = [i for i in wanted if i not in old.evidence]
        fields_same = (old.type_name, old.sign, periods.get(old.period or ""), old.note) == \
            (type_name, sign, period_id, note)
        if fields_same and not removed and not added:
            return  # nothing changed: no empty step in the Undo menu
        with self._project.grouped("Edit interaction"):
            if not fields_same:
                interactions.update(self._interaction_id, type_name=type_name, sign=sign,
                                    period_id=period_id, note=note)
            if removed:
                interactions.remove_evidence(self._interaction_id, removed)
            if added:
                interactions.add_evidence(self._interaction_id, added)

    def interaction_id(self) -> int | None:
        return self._interaction_id
