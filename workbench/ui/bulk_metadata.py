"""Setting the type, a case and the date of many sources at once (the sources table's context
menu), as one undo step.

Only the fields whose box is ticked change; a field is ticked as soon as it is edited. A ticked
type or date left empty clears it; the case is added to (a source may belong to several cases).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QLabel,
                               QLineEdit, QVBoxLayout, QWidget)

from ..core import Project
from ..i18n import tr
from .import_options import DATE, editable_combo

UNDO_LABEL = "Edit source details"  # the core's label for source edits: one name in the menu


class BulkMetadataDialog(QDialog):
    def __init__(self, project: Project, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Set details of {count} sources", count=count))
        self.setMinimumWidth(440)
        self.source_type = editable_combo([t.name for t in project.sources.types()],
                                          tr("(none)"))
        self.case = editable_combo([c.name for c in project.cases.list()], "")
        self.date = QLineEdit()
        self.date.setPlaceholderText(tr("YYYY, YYYY-MM or YYYY-MM-DD"))
        self.checks = {key: QCheckBox(label) for key, label in (
            ("source_type", tr("Type:")), ("case", tr("Add to case:")), ("date", tr("Date:")))}
        self.source_type.currentTextChanged.connect(lambda _t: self._tick("source_type"))
        self.case.currentTextChanged.connect(lambda _t: self._tick("case"))
        self.date.textEdited.connect(lambda _t: self._tick("date"))
        for box in self.checks.values():
            box.toggled.connect(lambda _on: self._update())
        self.date_hint = QLabel()
        self.date_hint.setStyleSheet("color: #B00020")
        self.date_hint.hide()
        grid = QGridLayout()
        for row, (key, widget) in enumerate((("source_type", self.source_type),
                                             ("case", self.case), ("date", self.date))):
            grid.addWidget(self.checks[key], row, 0)
            grid.addWidget(widget, row, 1)
        grid.addWidget(self.date_hint, 3, 1)
        grid.setColumnStretch(1, 1)
        intro = QLabel(tr("Tick what to change in all {count} selected sources; the rest stays "
                          "as it is. You can undo this in one step.", count=count))
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Apply"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)
        self._update()

    def _tick(self, key: str) -> None:
        self.checks[key].setChecked(True)
        self._update()

    def _date_ok(self) -> bool:
        text = self.date.text().strip()
        return not self.checks["date"].isChecked() or not text or bool(DATE.match(text))

    def _update(self) -> None:
        ok = self._date_ok()
        self.date_hint.setText("" if ok else tr("Write the date as YYYY, YYYY-MM or YYYY-MM-DD."))
        self.date_hint.setVisible(not ok)
        case_ok = not self.checks["case"].isChecked() or bool(self.case.currentText().strip())
        anything = any(box.isChecked() for box in self.checks.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            ok and case_ok and anything)

    def values(self) -> dict[str, Any]:
        """The ticked fields: source_type / date (None clears) and case (a name)."""
        found: dict[str, Any] = {}
        if self.checks["source_type"].isChecked():
            found["source_type"] = self.source_type.currentText().strip() or None
        if self.checks["date"].isChecked():
            found["date"] = self.date.text().strip() or None
        if self.checks["case"].isChecked() and self.case.currentText().strip():
            found["case"] = self.case.currentText().strip()
        return found


def apply_to_sources(project: Project, source_ids: list[int], values: dict[str, Any]) -> None:
    """Set ``values`` (BulkMetadataDialog.values) on every source, as one undo step."""
    fields = {key: values[key] for key in ("source_type", "date") if key in values}
    with project.grouped(UNDO_LABEL):
        for source_id in source_ids:
            if fields:
                project.sources.update(source_id, **fields)
            if values.get("case"):
                project.cases.add_source(values["case"], source_id)
