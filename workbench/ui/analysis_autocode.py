"""The Auto-code view of the analysis panel: keywords, a regular expression or the chosen
element's own keyword dictionary (``project.element_keywords``, filled by hand or from a topic),
a unit (hit, sentence, paragraph) and an element → Propose → a checkable review list (all
checked) → Apply, which codes the checked proposals as one undo step. Double-clicking a
proposal asks the window to show it in its source."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from ..analysis import autocode
from ..core import Project, WorkbenchError
from ..i18n import tr
from .errors import reported

INDEX_ROLE = Qt.ItemDataRole.UserRole + 1


class AutocodeView(QWidget):
    sourcePositionActivated = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.proposals: list[autocode.Proposal] = []
        self.keywords_radio = QRadioButton(tr("Keywords"))
        self.regex_radio = QRadioButton(tr("Regular expression"))
        self.element_keywords_radio = QRadioButton(tr("The element's keywords"))
        self.element_keywords_radio.setToolTip(tr(
            "Propose a coding for every keyword in the keyword dictionary of the element chosen "
            "below (add keywords by mapping a topic onto the element)."))
        self.keywords_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.keywords_radio)
        group.addButton(self.regex_radio)
        group.addButton(self.element_keywords_radio)
        self._typed = ""  # the query typed before the element's keywords were shown
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("Keywords separated by spaces or commas"))
        self.unit = QComboBox()
        for key, label in (("hit", tr("The hit")), ("sentence", tr("Its sentence")),
                           ("paragraph", tr("Its paragraph")),
                           ("clause", tr("Its clause (article, item)"))):
            self.unit.addItem(label, key)
        self.element = QComboBox()
        self.propose_button = QPushButton(tr("Propose"))
        self.check_all_button = QPushButton(tr("Check all"))
        self.uncheck_all_button = QPushButton(tr("Uncheck all"))
        self.apply_button = QPushButton(tr("Apply"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        first = QHBoxLayout()
        for widget in (self.keywords_radio, self.regex_radio, self.element_keywords_radio):
            first.addWidget(widget)
        first.addWidget(self.query, 1)
        second = QHBoxLayout()
        second.addWidget(QLabel(tr("Code:")))
        second.addWidget(self.unit)
        second.addWidget(QLabel(tr("To element:")))
        second.addWidget(self.element, 1)
        second.addWidget(self.propose_button)
        third = QHBoxLayout()
        for widget in (self.check_all_button, self.uncheck_all_button):
            third.addWidget(widget)
        third.addStretch(1)
        third.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.list, 1)
        layout.addLayout(third)
        layout.addWidget(self.message)
        self.propose_button.clicked.connect(self.propose)
        self.query.returnPressed.connect(self.propose)
        self.apply_button.clicked.connect(self.apply)
        self.list.itemDoubleClicked.connect(self._activate)
        self.element_keywords_radio.toggled.connect(self._source_changed)
        self.element.currentIndexChanged.connect(lambda _i: self._show_element_keywords())
        self.check_all_button.clicked.connect(lambda: self.set_all_checked(True))
        self.uncheck_all_button.clicked.connect(lambda: self.set_all_checked(False))
        self._update_buttons()

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.proposals = []
        self.list.clear()
        self.message.clear()
        self.reload()

    def reload(self) -> None:
        """Elements changed: refill the element list, keeping the chosen one."""
        chosen = self.element.currentData()
        self.element.clear()
        if self._project is not None:
            for element in self._project.elements.list():
                self.element.addItem(element.path, element.id)
        index = self.element.findData(chosen)
        if index >= 0:
            self.element.setCurrentIndex(index)
        self._show_element_keywords()
        self._update_buttons()

    def _source_changed(self, element_keywords: bool) -> None:
        if element_keywords:
            self._typed = self.query.text()
            self._show_element_keywords()
        else:
            self.query.setReadOnly(False)
            self.query.setText(self._typed)

    def _show_element_keywords(self) -> None:
        """With "The element's keywords" chosen, the query line shows them (read-only)."""
        if not self.element_keywords_radio.isChecked():
            return
        self.query.setReadOnly(True)
        element_id = self.element.currentData()
        terms = (self._project.element_keywords.terms(element_id)
                 if self._project is not None and element_id is not None else [])
        self.query.setText(" ".join(terms))
        self.query.setPlaceholderText(tr("This element has no keywords yet.") if not terms else
                                      tr("Keywords separated by spaces or commas"))

    def select_element(self, element_id: int) -> None:
        index = self.element.findData(element_id)
        if index >= 0:
            self.element.setCurrentIndex(index)

    def propose(self) -> None:
        if self._project is None:
            return
        with reported(self):
            text = self.query.text()
            if self.element_keywords_radio.isChecked():
                self._show_element_keywords()  # they may have changed (a topic mapped onto it)
                element_id = self.element.currentData()
                if element_id is None:
                    raise WorkbenchError(tr("Choose the element to code to."))
                found = autocode.propose(self._project, element_keywords=element_id,
                                         unit=self.unit.currentData())
            elif self.regex_radio.isChecked():
                found = autocode.propose(self._project, regex=text,
                                         unit=self.unit.currentData())
            else:
                words = [w for w in text.replace("，", " ").replace(",", " ").split() if w]
                found = autocode.propose(self._project, keywords=words,
                                         unit=self.unit.currentData())
            self._show(found)
            self.message.setText(tr("{count} proposals; uncheck those that should not be "
                                    "coded.", count=len(found)))
        self._update_buttons()

    def _show(self, proposals: list[autocode.Proposal]) -> None:
        self.proposals = list(proposals)
        self.list.clear()
        for n, proposal in enumerate(self.proposals):
            text = " ".join(proposal.text.split())
            item = QListWidgetItem(f"{text}\n— {proposal.source_title}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(INDEX_ROLE, n)
            self.list.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        proposal = self.proposals[item.data(INDEX_ROLE)]
        self.sourcePositionActivated.emit(proposal.source_id, proposal.start, proposal.end)

    def set_all_checked(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)

    def checked_proposals(self) -> list[autocode.Proposal]:
        return [self.proposals[self.list.item(i).data(INDEX_ROLE)]
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def apply(self) -> None:
        if self._project is None:
            return
        with reported(self):
            element_id = self.element.currentData()
            if element_id is None:
                raise WorkbenchError(tr("Choose the element to code to."))
            chosen = self.checked_proposals()
            if not chosen:
                raise WorkbenchError(tr("No proposal is checked."))
            project = self._project
            codings = autocode.apply(project, chosen, element_id)
            self.proposals = []
            self.list.clear()
            self.message.setText(tr("{count} passages coded to “{element}” (one undo step).",
                                    count=len(codings), element=self.element.currentText()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = bool(self.proposals)
        for button in (self.apply_button, self.check_all_button, self.uncheck_all_button):
            button.setEnabled(has)
        self.propose_button.setEnabled(self._project is not None)
