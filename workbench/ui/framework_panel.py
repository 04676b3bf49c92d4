"""The framework panel: the element tree (colour, name, codings, 1–9 key), where elements are
added, renamed, recoloured, deleted and re-parented by drag and drop, and where a passage dragged
from the viewer is dropped to code it. Above the tree, "Code to…" finds an element by its name or
pinyin initials and codes the selection to it on Enter."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (QAbstractItemView, QColorDialog, QDialog, QHeaderView,
                               QInputDialog, QMenu, QToolBar, QTreeView, QVBoxLayout, QWidget)

from ..core import Change, Element, Project
from ..i18n import tr
from .errors import reported
from .code_to_box import CodeToBox
from .panel_element_model import ElementTreeModel
from .panel_models import added_codings, touches
from .panel_widgets import DeleteElementDialog
from .quick_keys import QUICK_KEYS, QuickKeyChoices
from .settings import Settings


RECOUNT_AFTER_MS = 400


class FrameworkPanel(QWidget):
    elementSelected = Signal(int)
    elementActivated = Signal(int)
    selectionDropped = Signal(int, dict)
    quickElementsChanged = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._elements: list[Element] = []
        self._quick: list[int | None] = []
        self._choices = QuickKeyChoices(None, None)
        self._loading = False
        # Parents' rolled-up totals (analysis.rollup's rule) cost a pass over all codings, a few
        # hundred ms at 60,000: recounted once coding pauses, never on the keystroke itself.
        self._rolled: dict[int, int] = {}
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(RECOUNT_AFTER_MS)
        self._recount.timeout.connect(self._update_rolled)
        self.model = ElementTreeModel(self)
        # Queued: the core's refresh rebuilds the tree, which must wait until the inline editor
        # has handed over its text (commitData) or the view has finished its dropEvent.
        queued = Qt.ConnectionType.QueuedConnection
        self.model.renameRequested.connect(self._rename, queued)
        self.model.moveRequested.connect(self._move, queued)
        self.model.selectionDropped.connect(self.selectionDropped, queued)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)  # F2
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self._setup_header()
        self.actions_ = self._make_actions()
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.actions_.values():
            toolbar.addAction(action)
        self.code_to = CodeToBox(self)
        self.code_to.elementChosen.connect(self.elementActivated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addWidget(self.code_to)
        layout.addWidget(self.view)
        self._update_actions()

    def _setup_header(self) -> None:
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def _make_actions(self) -> dict[str, QAction]:
        specs = (("code", "Code", self.code_to_selected),
                 ("add", "Add element", self.add_element),
                 ("child", "Add child element", self.add_child_element),
                 ("rename", "Rename", self.rename_selected),  # F2 in the tree does it too
                 ("color", "Colour…", self.recolour_selected),
                 ("delete", "Delete…", self.delete_selected))
        actions: dict[str, QAction] = {}
        for key, text, slot in specs:
            actions[key] = QAction(tr(text), self)
            actions[key].triggered.connect(slot)
        actions["code"].setToolTip(tr("Code the selected text or region to this element (or "
                                      "double-click the element, drag the selection onto it, or "
                                      "press its number key)"))
        return actions

    # ----- the part interface --------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project = project
        self._elements = []
        self._recount.stop()
        guid = None
        if project is not None:
            try:
                guid = project.info().guid
            except Exception:  # a damaged file still opens; keys then stay the defaults
                guid = None
        self._choices = QuickKeyChoices(Settings(), guid)
        self.model.load([])  # a new project starts unfolded: forget the old one's folds
        self.refresh(None)

    def refresh(self, change: Change | None) -> None:
        if change is not None and not touches(change, "elements", "codings"):
            return
        added = added_codings(change)
        if added is not None and self._count_added(added):
            self._recount.start()  # the parents' totals follow when coding pauses
            return
        collapsed = self._collapsed_ids()
        selected = self.selected_element_id()
        self._elements = self._project.elements.list() if self._project else []
        quick = self._choices.keys(self._elements) if self._elements else []
        if change is None or touches(change, "elements"):
            self._rolled = self._project.elements.rolled_up_counts() if self._project else {}
        else:  # a coding: the parents' totals follow when coding pauses (RECOUNT_AFTER_MS)
            self._recount.start()
        rolled = self._rolled
        self.code_to.set_elements(self._elements)
        self._loading = True  # rebuilding is not the user choosing an element
        try:
            self.model.load(self._elements,
                            {eid: n for n, eid in enumerate(quick, 1) if eid is not None}, rolled)
            self.view.expandAll()
            for element_id in collapsed:
                self.view.collapse(self.model.index_of(element_id))
            if selected is not None:
                self._select(selected)
        finally:
            self._loading = False
        self._update_actions()
        if quick != self._quick:
            self._quick = quick
            self.quickElementsChanged.emit(list(quick))

    def _count_added(self, added) -> bool:
        """Codings were added: each adds one to its element's own count, written into that
        row in place (no listing of the elements, no rebuilt tree). False: rebuild."""
        for element_id, more in Counter(c.element_id for c in added).items():
            at = next((i for i, e in enumerate(self._elements) if e.id == element_id), None)
            if at is None:
                return False
            element = self._elements[at] = replace(
                self._elements[at], coding_count=self._elements[at].coding_count + more)
            self.model.set_count(element, self._rolled.get(element_id))
        return True

    def _update_rolled(self) -> None:
        if self._project is None or self._project.closed:
            return
        rolled = self._project.elements.rolled_up_counts()
        if rolled != self._rolled:
            self._rolled = rolled
            self.model.set_rolled(self._elements, rolled)

    def quick_elements(self) -> list[int | None]:
        """Key n → element id (index n-1); None where a key is free."""
        return list(self._quick)

    def assign_key(self, element_id: int, number: int | None) -> None:
        """Give number key ``number`` to an element (None: take its key away)."""
        self._choices.assign(self._elements, number, element_id)
        self.refresh(None)

    def reset_keys(self) -> None:
        self._choices.reset()
        self.refresh(None)

    def selected_element_id(self) -> int | None:
        return self.model.element_id(self.view.currentIndex())

    def select_element(self, element_id: int) -> None:
        self._select(element_id)

    # ----- actions -------------------------------------------------------------------------
    def code_to_selected(self) -> None:
        """The toolbar's Code button: the same as double-clicking the selected element."""
        element_id = self.selected_element_id()
        if element_id is not None:
            self.elementActivated.emit(element_id)

    def add_element(self) -> None:
        current = self._element(self.selected_element_id())
        self._add(current.parent_id if current else None)

    def add_child_element(self) -> None:
        if self.selected_element_id() is not None:
            self._add(self.selected_element_id())

    def _add(self, parent_id: int | None) -> None:
        if self._project is None:
            return
        name, ok = QInputDialog.getText(self, tr("Add element"), tr("Name of the new element:"))
        if not ok or not name.strip():
            return
        with reported(self):
            element = self._project.elements.add(name, parent_id=parent_id)
            self._select(element.id)  # the refresh has rebuilt the tree by now

    def rename_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index.siblingAtColumn(0))

    def recolour_selected(self) -> None:
        element = self._element(self.selected_element_id())
        if element is None or self._project is None:
            return
        color = QColorDialog.getColor(QColor(element.color), self, tr("Colour of {name}",
                                                                      name=element.name))
        if color.isValid():
            with reported(self):
                self._project.elements.update(element.id, color=color.name().upper())

    def delete_selected(self) -> None:
        element = self._element(self.selected_element_id())
        if element is None or self._project is None:
            return
        others = [e for e in self._elements if e.id != element.id]
        dialog = DeleteElementDialog(element, others, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        with reported(self):
            self._project.elements.delete(element.id, move_codings_to=dialog.move_to())

    def _rename(self, element_id: int, name: str) -> None:
        if self._project is not None:
            with reported(self):
                self._project.elements.update(element_id, name=name)

    def _move(self, element_id: int, parent_id: int | None, position: int | None) -> None:
        if self._project is not None:
            with reported(self):
                self._project.elements.move(element_id, parent_id, position)

    # ----- view events ---------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        element_id = self.model.element_id(current)
        if element_id is not None and not self._loading:
            self.elementSelected.emit(element_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        element_id = self.model.element_id(index)
        if element_id is not None:
            self.elementActivated.emit(element_id)

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for action in self.actions_.values():
            menu.addAction(action)
        element_id = self.selected_element_id()
        if element_id is not None:
            menu.addSeparator()
            self._key_menu(menu.addMenu(tr("Number key")), element_id)
        menu.exec(self.view.viewport().mapToGlobal(position))

    def _key_menu(self, menu: QMenu, element_id: int) -> None:
        """1–9 (showing which element has each now), none, and back to the defaults."""
        names = {e.id: e.name for e in self._elements}
        for number in range(1, QUICK_KEYS + 1):
            holder = self._quick[number - 1] if number <= len(self._quick) else None
            text = str(number) if holder is None else f"{number}  ({names.get(holder, '')})"
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(holder == element_id)
            action.triggered.connect(
                lambda checked=False, n=number: self.assign_key(element_id, n))
        menu.addSeparator()
        menu.addAction(tr("No key"), lambda: self.assign_key(element_id, None))
        menu.addAction(tr("Default keys for all elements"), self.reset_keys)

    def _update_actions(self) -> None:
        has_project = self._project is not None and not self._project.read_only
        has_element = self.selected_element_id() is not None
        self.actions_["add"].setEnabled(has_project)
        for key in ("code", "child", "rename", "color", "delete"):
            self.actions_[key].setEnabled(has_project and has_element)

    # ----- helpers -------------------------------------------------------------------------
    def _element(self, element_id: int | None) -> Element | None:
        return next((e for e in self._elements if e.id == element_id), None)

    def _select(self, element_id: int) -> None:
        index = self.model.index_of(element_id)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _collapsed_ids(self) -> set[int]:
        """Elements with children that the user folded away (all others are shown open)."""
        return {self.model.element_id(index) for index in self.model.walk()  # type: ignore[misc]
                if self.model.hasChildren(index) and not self.view.isExpanded(index)}
