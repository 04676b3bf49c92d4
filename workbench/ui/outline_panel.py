"""The outline of the source being read: its chapters, articles and numbered items
(``analysis.clauses``) as a tree; a click shows that clause in the document. A policy document of
forty articles is read by its structure, and the outline says where a coded passage stands.

Part interface (docs/UI.md): ``set_project``, ``refresh(change)``, ``show_source(id)``; signal
``rangeActivated(source_id, start, end)`` (code points).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..core import Change, Project
from ..i18n import tr
from .panel_models import touches

RANGE_ROLE = Qt.ItemDataRole.UserRole + 3
FIRST_WORDS = 18  # characters of a clause's own text shown after its mark


class OutlinePanel(QWidget):
    rangeActivated = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._source_id: int | None = None
        self._stale = False
        # Whether its panel is in front (the window says so): a dock behind another's tab stays
        # "visible", moved off the window, so isVisible() alone read every source's clauses.
        self._in_front = True
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.itemClicked.connect(self._clicked)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        self._show_units(None, "")

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self._source_id = None
        self._show_units(None, "")

    def refresh(self, change: Change | None) -> None:
        if touches(change, "sources", "source_texts") and self._source_id is not None:
            self.show_source(self._source_id, force=True)

    def show_source(self, source_id: int | None, *, force: bool = False) -> None:
        if source_id == self._source_id and not force:
            return
        self._source_id = source_id
        if not (self.isVisible() and self._in_front):  # closed or behind: read when shown
            self._stale = True
            return
        self._stale = False
        text = ""
        if self._project is not None and source_id is not None:
            try:
                text = self._project.sources.text(source_id) or ""
            except Exception:  # deleted meanwhile: an empty outline
                text = ""
        self._show_units(source_id, text)

    def set_in_front(self, shown: bool) -> None:
        """The panel came to the front (its tab chosen, its dock opened) or went behind."""
        self._in_front = shown
        if shown and self._stale:
            self.show_source(self._source_id, force=True)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.show_source(self._source_id, force=True)

    def unit_count(self) -> int:
        return sum(1 for _ in self._items(self.tree.invisibleRootItem()))

    def _show_units(self, source_id: int | None, text: str) -> None:
        from ..analysis.clauses import clause_tree

        self.tree.clear()
        roots = clause_tree(text) if text else []
        for unit in roots:
            self._add(self.tree.invisibleRootItem(), unit, text)
        self.tree.expandToDepth(1)
        self.empty.setText(tr("No chapters, articles or numbered items were found in this "
                              "source.") if source_id is not None and not roots else
                           tr("The outline of the source being read appears here."))
        self.empty.setVisible(not roots)
        self.tree.setVisible(bool(roots))

    def _add(self, parent: QTreeWidgetItem, unit, text: str) -> None:
        words = " ".join(text[unit.start:unit.end].split())
        own = words[len(unit.mark):].strip() if unit.mark else words
        label = unit.mark or tr("Paragraph {number}", number=unit.number)
        if own:
            label += " " + (own[:FIRST_WORDS] + "…" if len(own) > FIRST_WORDS else own)
        item = QTreeWidgetItem(parent, [label])
        item.setData(0, RANGE_ROLE, (unit.start, unit.end))
        item.setToolTip(0, words[:300])
        for child in unit.children:
            self._add(item, child, text)

    def _items(self, parent: QTreeWidgetItem):
        for index in range(parent.childCount()):
            yield parent.child(index)
            yield from self._items(parent.child(index))

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        span = item.data(0, RANGE_ROLE)
        if span is not None and self._source_id is not None:
            self.rangeActivated.emit(self._source_id, int(span[0]), int(span[1]))
