"""The Segmentation view of the analysis panel: how jieba, with the project's dictionary, splits a
passage ("政务 | 服务 | 一网通办"). The passage is pasted or taken from a source (its first
paragraph); selecting adjacent tokens (or typing) gives a term, which "Add to dictionary" adds to
the project's dictionary — the split is shown again at once and the term is counted whole from
then on by word frequency, keywords and topics."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QListView, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ..analysis import words
from ..core import Project
from ..i18n import tr
from .errors import reported

SEPARATOR = " | "
PASSAGE_LIMIT = 600  # code points of a source's first paragraph taken as the default passage
INDEX_ROLE = Qt.ItemDataRole.UserRole + 1


def first_paragraph(project: Project, source_id: int) -> str:
    """The first non-empty paragraph of a source (by its blocks, else by lines), cut short."""
    text = project.sources.text(source_id) or ""
    for block in project.sources.blocks(source_id):
        if block.kind == "paragraph" and text[block.start:block.end].strip():
            return text[block.start:block.end].strip()[:PASSAGE_LIMIT]
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:PASSAGE_LIMIT]
    return ""


class PreviewView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self.tokens: list[str] = []
        self.source = QComboBox()
        self.passage = QPlainTextEdit()
        self.passage.setPlaceholderText(tr("Paste a passage, or choose a source above"))
        self.passage.setMaximumHeight(110)
        self.split = QListWidget()  # one item per token, flowing like text
        self.split.setViewMode(QListView.ViewMode.ListMode)
        self.split.setFlow(QListView.Flow.LeftToRight)
        self.split.setWrapping(True)
        self.split.setResizeMode(QListView.ResizeMode.Adjust)
        self.split.setSpacing(3)
        self.split.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.split.setStyleSheet("QListWidget::item { border: 1px solid palette(mid); "
                                 "border-radius: 3px; padding: 1px 4px; }")
        self.joined = QLabel()
        self.joined.setWordWrap(True)
        self.joined.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.term = QLineEdit()
        self.term.setPlaceholderText(tr("Select adjacent tokens or type a term"))
        self.add_button = QPushButton(tr("Add to dictionary"))
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Passage from:")))
        top.addWidget(self.source, 1)
        adding = QHBoxLayout()
        adding.addWidget(QLabel(tr("Term:")))
        adding.addWidget(self.term, 1)
        adding.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.passage)
        layout.addWidget(QLabel(tr("How segmentation splits it (with the project's dictionary):")))
        layout.addWidget(self.split, 1)
        layout.addWidget(self.joined)
        layout.addLayout(adding)
        layout.addWidget(self.status)
        self.source.activated.connect(lambda _i: self.set_source(self.source.currentData()))
        self.passage.textChanged.connect(self.update_split)
        self.split.itemSelectionChanged.connect(self._selection_to_term)
        self.add_button.clicked.connect(self.add_term)
        self.term.returnPressed.connect(self.add_term)

    # ----- part interface ----------------------------------------------------------------
    _split_pending = True

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.passage.blockSignals(True)
        self.passage.clear()
        self.passage.blockSignals(False)
        self.reload()
        if project is not None and self.source.count() > 1:
            self.set_source(self.source.itemData(1))
        self.update_split()

    def reload(self) -> None:
        """Sources or the dictionary changed: refill the list of sources, split again."""
        chosen = self.source.currentData()
        self.source.clear()
        self.source.addItem(tr("(pasted text)"), None)
        if self._project is not None:
            for s in self._project.sources.list():
                if s.text_length:
                    self.source.addItem(s.title, s.id)
        self.source.setCurrentIndex(max(0, self.source.findData(chosen)))
        self.setEnabled(self._project is not None)
        self.update_split()

    def set_source(self, source_id: int | None) -> None:
        """Show the first paragraph of ``source_id`` (None: keep the pasted text)."""
        if self._project is None or source_id is None:
            return
        index = self.source.findData(source_id)
        if index >= 0:
            self.source.setCurrentIndex(index)
        self.passage.setPlainText(first_paragraph(self._project, source_id))

    def follow_source(self, source_id: int) -> None:
        """The window's reader moved to another source: show its first paragraph, unless the
        researcher pasted or edited a passage here (that is theirs and stays)."""
        shown = self.source.currentData()
        if self._project is None or shown == source_id:
            return
        if shown is None and self.passage.toPlainText().strip():
            return
        if shown is not None and \
                self.passage.toPlainText() != first_paragraph(self._project, shown):
            return
        self.set_source(source_id)

    # ----- segmenting ----------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._split_pending:
            self.update_split()

    def update_split(self) -> None:
        # Loading jieba's dictionary takes half a second: split only when the preview is seen.
        self._split_pending = not self.isVisible()
        if self._split_pending:
            return
        text = self.passage.toPlainText()
        terms = tuple(self._project.dictionary.terms()) if self._project is not None else ()
        self.tokens = [t for t in words.segment(text, terms) if t.strip()] if text.strip() else []
        self.split.blockSignals(True)
        self.split.clear()
        for i, token in enumerate(self.tokens):
            item = QListWidgetItem(token)
            item.setData(INDEX_ROLE, i)
            if token in terms:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setToolTip(tr("In the project's dictionary"))
            self.split.addItem(item)
        self.split.blockSignals(False)
        self.joined.setText(self.split_text())

    def split_text(self) -> str:
        return SEPARATOR.join(self.tokens)

    def select_tokens(self, first: int, last: int) -> None:
        """Select tokens ``first``..``last`` (as a user does with shift-click)."""
        self.split.clearSelection()
        for i in range(first, last + 1):
            self.split.item(i).setSelected(True)

    def _selection_to_term(self) -> None:
        rows = sorted(self.split.row(item) for item in self.split.selectedItems())
        if rows:
            # adjacent tokens: everything from the first selected to the last
            self.term.setText("".join(self.tokens[rows[0]:rows[-1] + 1]))

    def add_term(self) -> None:
        term = self.term.text().strip()
        if self._project is None or not term:
            return
        with reported(self):
            added = self._project.dictionary.add(term)
            self.status.setText(
                tr("“{term}” was added to the dictionary.", term=term) if added
                else tr("“{term}” is already in the dictionary.", term=term))
            self.term.clear()
        self.update_split()
