"""The memos panel: the project journal and every memo on a source, element, coding, interaction
or case — listed, searchable, and edited in place (saved when typing pauses)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
                               QPlainTextEdit, QPushButton, QSplitter, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from ..core import Change, Memo, Project, WorkbenchError
from ..i18n import tr
from .errors import reported
from .panel_models import local_time, touches
from .panel_widgets import IdleSaver

KINDS = {"project": "Journal", "source": "Source", "element": "Element", "coding": "Coding",
         "interaction": "Interaction", "case": "Case"}


class MemosPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._memo: Memo | None = None
        self._target: tuple[str, int] | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search memos"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._reload())
        self.new_journal = QPushButton(tr("New journal entry"))
        self.new_journal.clicked.connect(self.add_journal_entry)
        self.new_memo = QPushButton(tr("New memo"))
        self.new_memo.clicked.connect(self.add_target_memo)
        self.delete = QPushButton(tr("Delete"))
        self.delete.clicked.connect(self.delete_current)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([tr("Title"), tr("Attached to"), tr("Modified")])
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.list.header().setStretchLastSection(False)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.list.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(lambda item, _old: self._open(item))
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("Title"))
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText(tr("Write the memo here; it is saved as you pause."))
        self.savers = {"title": IdleSaver(self.title, lambda t: self._save(title=t)),
                       "body": IdleSaver(self.body, lambda t: self._save(body=t))}
        self.attached = QLabel()
        buttons = QHBoxLayout()
        for button in (self.new_journal, self.new_memo, self.delete):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top, bottom = QWidget(), QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.search)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.list)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.attached, self.title, self.body):
            bottom_layout.addWidget(widget)
        self._editor = bottom
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._names: dict[str, dict[int, str]] = {}
        self._reload()

    # ----- the part interface --------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project, self._memo, self._target = project, None, None
        self._reload()

    def refresh(self, change: Change | None) -> None:
        if touches(change, "memos", "sources", "elements", "cases", "interactions"):
            self._reload()

    def show_target(self, kind: str | None, target_id: int | None) -> None:
        """Which source/element/coding/interaction/case "New memo" attaches to (None: none)."""
        self._target = (kind, target_id) if kind and kind != "project" and target_id else None
        self._update_buttons()

    def current_memo_id(self) -> int | None:
        return self._memo.id if self._memo else None

    # ----- loading -------------------------------------------------------------------------
    def _reload(self) -> None:
        memos: list[Memo] = []
        if self._project is not None:
            words = self.search.text().strip()
            memos = self._project.memos.search(words) if words else self._project.memos.list()
        self._names = self._lookup_names({m.target_kind for m in memos})
        keep = self._memo.id if self._memo else None
        self.list.blockSignals(True)  # rebuilding is not the user choosing a memo
        self.list.setSortingEnabled(False)
        self.list.clear()
        for memo in memos:
            item = QTreeWidgetItem([memo.title or tr("(untitled)"),
                                    self.describe(memo.target_kind, memo.target_id),
                                    local_time(memo.modified)])
            item.setData(0, Qt.ItemDataRole.UserRole, memo.id)
            self.list.addTopLevelItem(item)
            if memo.id == keep:
                self.list.setCurrentItem(item)
        self.list.setSortingEnabled(True)
        self.list.blockSignals(False)
        self._show_memo(self._fetch(keep))
        self._update_buttons()

    def _lookup_names(self, kinds: set[str]) -> dict[str, dict[int, str]]:
        """Display names of memo targets, one query per kind that occurs."""
        project, names = self._project, {}
        if project is None:
            return {}
        if "source" in kinds:
            names["source"] = {s.id: s.title for s in project.sources.list()}
        if "element" in kinds:
            names["element"] = {e.id: e.path for e in project.elements.list()}
        if "case" in kinds:
            names["case"] = {c.id: c.name for c in project.cases.list()}
        if "interaction" in kinds:
            names["interaction"] = {i.id: f"{i.from_name} → {i.to_name}"
                                    for i in project.interactions.list()}
        return names

    def describe(self, kind: str, target_id: int | None) -> str:
        label = tr(KINDS.get(kind, kind))
        if kind == "project" or target_id is None:
            return label
        name = self._names.get(kind, {}).get(target_id) or self._name_of(kind, target_id)
        return tr("{kind}: {name}", kind=label, name=name) if name else f"{label} #{target_id}"

    def _name_of(self, kind: str, target_id: int) -> str | None:
        """One target's name, for targets not among the listed memos' (the current target)."""
        project = self._project
        if project is None:
            return None
        try:
            if kind == "source":
                return project.sources.get(target_id).title
            if kind == "element":
                return project.elements.get(target_id).path
            if kind == "case":
                return project.cases.get(target_id).name
            if kind == "coding":
                coding = project.codings.get(target_id)
                quote = " ".join((coding.snippet or "").split())
                return f"“{quote[:30]}”" if quote else coding.element_name
            if kind == "interaction":
                found = next(i for i in project.interactions.list() if i.id == target_id)
                return f"{found.from_name} → {found.to_name}"
        except (WorkbenchError, StopIteration):  # deleted meanwhile
            return None
        return None

    def _fetch(self, memo_id: int | None) -> Memo | None:
        if memo_id is None or self._project is None:
            return None
        try:
            return self._project.memos.get(memo_id)
        except WorkbenchError:  # deleted, or its creation undone
            return None

    def _open(self, item: QTreeWidgetItem | None) -> None:
        for saver in self.savers.values():
            saver.flush()  # finish the memo being left before showing another
        memo_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        self._show_memo(self._fetch(memo_id), force=True)
        self._update_buttons()

    def _show_memo(self, memo: Memo | None, force: bool = False) -> None:
        force = force or memo is None or self._memo is None or memo.id != self._memo.id
        self._memo = memo
        self._editor.setEnabled(memo is not None and not self._read_only())
        self.savers["title"].set_text(memo.title if memo else "", force=force)
        self.savers["body"].set_text(memo.body if memo else "", force=force)
        self.attached.setText(tr("Attached to: {target}", target=self.describe(
            memo.target_kind, memo.target_id)) if memo else "")

    def _update_buttons(self) -> None:
        writable = self._project is not None and not self._read_only()
        self.new_journal.setEnabled(writable)
        self.new_memo.setEnabled(writable and self._target is not None)
        self.new_memo.setToolTip(tr("New memo on {target}", target=self.describe(*self._target))
                                 if self._target else tr("Select something to write a memo on"))
        self.delete.setEnabled(writable and self._memo is not None)

    def _read_only(self) -> bool:
        return self._project is None or self._project.read_only

    # ----- user actions --------------------------------------------------------------------
    def _save(self, **fields: str) -> None:
        if self._memo is not None and self._project is not None:
            with reported(self):
                self._memo = self._project.memos.update(self._memo.id, **fields)

    def add_journal_entry(self) -> None:
        title = tr("Journal {date}", date=dt.date.today().isoformat())
        self._add("project", None, title)

    def add_target_memo(self) -> None:
        if self._target is not None:
            self._add(self._target[0], self._target[1],
                      tr("Memo on {target}", target=self.describe(*self._target)))

    def _add(self, kind: str, target_id: int | None, title: str) -> None:
        if self._project is None:
            return
        for saver in self.savers.values():
            saver.flush()  # the memo being edited keeps its last words
        with reported(self):
            memo = self._project.memos.add(kind, target_id, title=title)
            self._memo = memo
            self.search.clear()  # the new memo would not match a search: show all
            self._reload()
            self.body.setFocus()

    def delete_current(self) -> None:
        memo = self._memo
        if memo is None or self._project is None:
            return
        question = tr("Delete the memo “{title}”?", title=memo.title or tr("(untitled)")) \
            + "\n" + tr("You can undo this (Ctrl+Z).")
        if QMessageBox.question(self, tr("Delete memo"), question) \
                == QMessageBox.StandardButton.Yes:
            with reported(self):
                self._project.memos.delete(memo.id)
