"""The segments panel: the coded passages and regions of one element (optionally with its
sub-elements) or of one source — the quotations a thesis cites, with their source and date (and
the page, "p. 7", for a passage of a PDF)."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMenu, QTableView, QVBoxLayout, QWidget)

from ..core import Change, Coding, Project, WorkbenchError
from ..i18n import tr
from .errors import reported
from .panel_models import added_codings, compact_rows, touches
from .elided_label import ElidedLabel
from .panel_tables import PAGE, SegmentsModel, quote_of
from .region_thumbnails import ROW_HEIGHT, RegionThumbnails


class PagedSegmentsModel(SegmentsModel):
    """The segments table, with the page after the source's title for passages of PDFs, and a
    picture of each coded image region beside its quote."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pages: dict[int, int] = {}  # coding id -> page
        self.thumbnails = RegionThumbnails()
        self.clauses = None  # an analysis.clauses.ClauseIndex of the project, set with it
        # Reads the rest of the rows into the list the model holds, when only the first page
        # was read (a source's thousands of codings): asked when the view scrolls past them.
        self.more: Callable[[], None] | None = None

    def canFetchMore(self, parent) -> bool:
        return super().canFetchMore(parent) or (not parent.isValid() and self.more is not None)

    def fetchMore(self, parent) -> None:
        if self.more is not None and not parent.isValid() and not super().canFetchMore(parent):
            more, self.more = self.more, None
            more()
        super().fetchMore(parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == 0:
            coding = self.coding_at(index.row())
            return (self.thumbnails.pixmap(coding.source_id, coding.rect, coding.page)
                    if coding.rect is not None else None)
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() == 1:
            coding = self.coding_at(index.row())
            page = self.pages.get(coding.id)
            if page is not None:
                value = tr("{title}, p. {page}", title=value, page=page)
            clause = (self.clauses.cite(coding.source_id, coding.start, coding.end)
                      if self.clauses is not None else "")
            if clause:  # asked for the rows on screen only; each source parsed once
                value = f"{value}, {clause}"
        return value

    def has_regions(self) -> bool:
        return any(c.rect is not None for c in self._codings)


def page_starts(blocks) -> tuple[list[int], list[int]]:
    """(start offsets, page numbers) of a text's "page" blocks, in text order."""
    pages = sorted((b.start, b.level) for b in blocks if b.kind == "page")
    return [start for start, _ in pages], [number for _, number in pages]


class SegmentsPanel(QWidget):
    codingActivated = Signal(int)
    exampleRequested = Signal(int)  # "Use as example": the quote becomes its element's example
    _partial = False  # a source's first page of codings is listed, the rest not read yet
    _total = 0  # the source's codings, when only the first page is read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._element_id: int | None = None
        self._source_id: int | None = None
        self._all: list[Coding] = []
        self._element_ids: set[int] = set()  # the listed element (and sub-elements)
        self._dates: dict[int, str | None] = {}  # source id → date, for the date column
        self._page_maps: dict[int, tuple[list[int], list[int]]] = {}  # source id → page starts
        self.title = ElidedLabel()  # a long title must never widen the panel
        self.descendants = QCheckBox(tr("Include sub-elements"))
        self.descendants.toggled.connect(lambda _on: self._reload())
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Filter quotes, sources, memos"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._show_filtered())
        self.model = PagedSegmentsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        compact_rows(self.view)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((260, 150, 90, 120, 70)):
            header.resizeSection(column, width)
        self.view.clicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.view.installEventFilter(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.descendants)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        self._reload()

    # ----- the part interface --------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project = project
        self._element_id = self._source_id = None
        self._page_maps = {}
        self.model.thumbnails.set_project(project)
        from ..analysis.clauses import ClauseIndex

        self.model.clauses = ClauseIndex(project) if project is not None else None
        self._reload()

    def refresh(self, change: Change | None) -> None:
        if touches(change, "sources"):
            self._page_maps = {}  # a source deleted (or its import undone) may lend its id
            if self._project is not None:
                from ..analysis.clauses import ClauseIndex

                self.model.clauses = ClauseIndex(self._project)
        if touches(change, "codings", "elements", "sources", "coders") and \
                not self._took_in_added(change):
            self._reload(keep_rows=True)

    def _took_in_added(self, change: Change | None) -> bool:
        """A passage or region just coded (the commonest change while coding): the codings
        the window read for it are put in their places, instead of listing the source's (or
        element's) codings again. False: reload."""
        added = added_codings(change)
        if added is None or self._project is None:
            return False
        if self._source_id is not None:
            mine = [c for c in added if c.source_id == self._source_id]
        elif self._element_id is not None:
            mine = [c for c in added if c.element_id in self._element_ids]
        else:
            return True  # nothing listed
        if not mine:
            return True
        if any(c.source_id not in self._dates for c in mine):
            return False  # the list was empty: no dates were read
        words = self.search.text().strip()
        if not words and not self.model.lists(self._all):
            return False
        last = _reading_order(self._all[-1]) if self._partial and self._all else None
        shown_before = self.model.shown()
        for coding in mine:
            self._total += 1
            if last is not None and _reading_order(coding) > last:
                continue  # past the first page: read with the rest
            at = bisect_right(self._all, _reading_order(coding), key=_reading_order)
            if words:
                self._all.insert(at, coding)
            else:  # the model lists self._all itself: tell its view where the row went
                self.model.insert_coding(at, coding)
        self.model.pages.update(self._pages(mine))
        if words:
            self._show_filtered(shown_before + len(mine))
        else:
            self._fit_rows()
            self._show_count()
        return True

    def show_element(self, element_id: int | None) -> None:
        self._element_id, self._source_id = element_id, None
        self._reload()

    def show_source(self, source_id: int | None) -> None:
        self._element_id, self._source_id = None, source_id
        self._reload()

    def current_coding_ids(self) -> list[int]:
        return [self.model.coding_at(i.row()).id
                for i in self.view.selectionModel().selectedRows()]

    # ----- loading -------------------------------------------------------------------------
    def _reload(self, keep_rows: bool = False) -> None:
        self._all, self._partial, self._total = [], False, 0
        heading = tr("Select an element or a source to see its coded segments.")
        self.descendants.setEnabled(self._element_id is not None)
        at_least = self.model.shown() if keep_rows else 0
        self._dates = {}
        try:
            if self._project is not None and self._element_id is not None:
                heading = self._load_element(self._element_id)
                self._dates = {s.id: s.date for s in self._project.sources.list()} \
                    if self._all else {}
            elif self._project is not None and self._source_id is not None:
                source = self._project.sources.get(self._source_id)
                # The first page only when the source has many: the rest when scrolled to or
                # searched (opening a source with 8,000 codings read them all).
                first = max(PAGE, at_least)
                self._all = self._project.codings.list(source_id=source.id, limit=first + 1)
                self._partial = len(self._all) > first
                if self._partial:
                    del self._all[first:]
                self._total = source.coding_count
                self._dates = {source.id: source.date}
                heading = tr("Source “{title}”", title=source.title)
        except WorkbenchError:  # what we showed was deleted (or undone): show nothing
            self._element_id = self._source_id = None
            heading = tr("Select an element or a source to see its coded segments.")
        self.title.setText(heading)
        self._show_filtered(at_least)

    def _read_the_rest(self) -> None:
        """The source's codings after the first page, into the same list (and their pages)."""
        if not self._partial or self._project is None or self._source_id is None:
            return
        self._partial = False
        try:
            everything = self._project.codings.list(source_id=self._source_id)
        except WorkbenchError:
            return
        listed = {c.id for c in self._all}  # codings made since may sit among the first page
        self._all[:] = everything  # the same list the model holds, now whole
        self.model.pages.update(self._pages([c for c in everything if c.id not in listed]))

    def _load_element(self, element_id: int) -> str:
        assert self._project is not None
        elements = self._project.elements.list()
        element = next((e for e in elements if e.id == element_id), None) \
            or self._project.elements.get(element_id)  # raises NotFoundError when gone
        ids = [element_id]
        if self.descendants.isChecked():  # the tree lists parents first, so one pass finds all
            for other in elements:
                if other.parent_id in ids:
                    ids.append(other.id)
        self._element_ids = set(ids)
        for one in ids:
            self._all.extend(self._project.codings.list(element_id=one))
        if len(ids) > 1:  # reading order across elements, as codings.list gives it for one
            self._all.sort(key=_reading_order)
        return tr("Element “{name}”", name=element.path)

    def _show_filtered(self, at_least: int = 0, added: list[Coding] | None = None) -> None:
        """Show the codings the search words match; with ``added`` (just put into the list)
        only their pages are looked up."""
        words = self.search.text().strip().casefold()
        if words:
            self._read_the_rest()  # the words may be in any of them
        rows = self._all
        if words:
            rows = [c for c in rows if words in "\n".join(
                (quote_of(c), c.source_title, c.element_name, c.coder, c.memo)).casefold()]
        self.model.pages = {**self.model.pages, **self._pages(added)} if added is not None \
            else self._pages(rows)
        self.model.more = self._read_the_rest if self._partial else None
        self.model.set_codings(rows, self._dates, at_least)
        self._fit_rows()
        self._show_count(len(rows) if words else None)

    def _show_count(self, matching: int | None = None) -> None:
        total = self._total if self._partial else len(self._all)
        self.view.setToolTip(tr("{shown} of {total} codings",
                                shown=total if matching is None else matching, total=total))

    def _fit_rows(self) -> None:
        """Rows tall enough for region pictures when the list has any, else one text line."""
        if self.model.has_regions():
            self.view.setIconSize(self.model.thumbnails.size)
            self.view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        else:
            compact_rows(self.view)

    def _pages(self, codings: list[Coding]) -> dict[int, int]:
        """coding id -> page, for passages of sources with pages (a text never changes, so each
        source's page starts are read once)."""
        pages: dict[int, int] = {}
        if self._project is None:
            return pages
        unread = {c.source_id for c in codings
                  if c.start is not None and c.source_id not in self._page_maps}
        if unread:  # texts without pages: no blocks to read (one query for all of them)
            paged = self._project.codings.sources_with_pages(unread)
            self._page_maps.update((i, ([], [])) for i in unread - paged)
        for coding in codings:
            if coding.start is None:
                continue
            if coding.source_id not in self._page_maps:
                try:
                    blocks = self._project.sources.blocks(coding.source_id)
                except WorkbenchError:
                    blocks = []
                self._page_maps[coding.source_id] = page_starts(blocks)
            starts, numbers = self._page_maps[coding.source_id]
            at = bisect_right(starts, coding.start) - 1
            if at >= 0:
                pages[coding.id] = numbers[at]
        return pages

    # ----- user actions --------------------------------------------------------------------
    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.codingActivated.emit(self.model.coding_at(index.row()).id)

    def context_menu(self) -> QMenu:
        """The right-click menu of the selected segments (built here so tests can use it)."""
        menu = QMenu(self)
        ids = self.current_coding_ids()
        example = menu.addAction(tr("Use as example"))
        example.setObjectName("use_as_example")
        example.setToolTip(tr("Make this quote the example of its element in the codebook"))
        example.setEnabled(len(ids) == 1 and self._project is not None
                           and not self._project.read_only)
        example.triggered.connect(lambda: self.exampleRequested.emit(ids[0]))
        remove = menu.addAction(tr("Remove coding"))
        remove.setEnabled(bool(ids) and self._project is not None and not self._project.read_only)
        remove.triggered.connect(self.delete_selected)
        return menu

    def _context_menu(self, point) -> None:
        if self.current_coding_ids():
            self.context_menu().exec(self.view.viewport().mapToGlobal(point))

    def delete_selected(self) -> None:
        ids = self.current_coding_ids()
        if self._project is None or not ids:
            return
        with reported(self), self._project.grouped("Remove coding"):
            for coding_id in ids:
                self._project.codings.delete(coding_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete):
            self.delete_selected()
            return True
        return False


def _reading_order(c: Coding) -> tuple:
    """The order of ``codings.list``: source, position (regions first, top to bottom), id."""
    return (c.source_id, -1 if c.start is None else c.start, c.rect.y if c.rect else 0,
            c.rect.x if c.rect else 0, c.id)

