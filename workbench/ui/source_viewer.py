"""``SourceViewer``: the document being read and coded — a text view, an image view, an image
with its recognised text (image_text_view.py), a PDF as pages or text (pdf_pane.py) or a hint.

The viewer owns the coding actions of its views (it is their ``ViewerHost``). An action it runs
itself knows what changed (the core hands back the new or changed Coding), so it updates the
highlights from that and ignores the refresh the main window sends in the middle of the action:
adding a coding to a 1,000,000-character source with 5,000 codings costs milliseconds. Other
changes are found by comparing the source's codings by id, then only the affected blocks are
redrawn. Undoing a "Code passage" is recognised without listing all codings (see _quick_sync).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from ..core import Change, Coding, Element, NotFoundError, Project, WorkbenchError
from ..core.pdf_pages import PdfPages
from ..core.pdf_regions import is_pdf
from ..i18n import tr
from . import coding_actions as actions
from .panel_models import added_codings
from .viewer_host import ViewerHostImpl
from .image_text_view import ImageTextView
from .image_view import ImageSourceView
from .pdf_page_view import PdfPageView
from .pdf_pane import PdfPane
from .text_view import TextSourceView

WATCHED = frozenset({"codings", "elements", "sources"})
SINGLE_INSERT_LABELS = ("Code passage", "Code region")  # operations that insert one coding


class SourceViewer(QStackedWidget):
    codingActivated = Signal(int)
    selectionChanged = Signal()
    inVivoRequested = Signal(str)
    recogniseTextRequested = Signal(list)  # [source id]: "Recognise text (OCR)" on an image
    hint = Signal(str)  # a short sentence for the status bar (a key pressed with nothing to do)
    guideRequested = Signal()  # "Read the guide" on the empty page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._source_id: int | None = None
        self._quick: list[int] = []
        self._element_list: list[Element] = []
        self._element_looks: dict[int, tuple[str, str]] = {}  # id -> (name, colour)
        self._codings: dict[int, Coding] = {}
        self._own = 0  # depth of the viewer's own actions in progress
        self._noted: list[Change] = []
        self._text_length = 0  # of the source shown: an image's changes when text is recognised
        self._host = ViewerHostImpl(self)
        self._empty = EmptyPage()
        self._empty.guide.clicked.connect(self.guideRequested)
        self._text = TextSourceView(self._host)
        self._image = ImageSourceView(self._host)
        self._layered = ImageTextView(self._host)
        self._pdf = PdfPane(self._host)
        for page in (self._empty, self._text, self._image, self._layered, self._pdf):
            self.addWidget(page)
        self._image.recogniseRequested.connect(
            lambda: self.recogniseTextRequested.emit([self._source_id]))
        for view in (self._text, self._image, self._layered, self._pdf):
            view.quickKeyPressed.connect(self._quick_key)
            view.codingClicked.connect(self.codingActivated)
            view.selectionChanged.connect(self.selectionChanged)
        self.retranslate()

    def retranslate(self) -> None:
        self._empty.show_state(self._project is not None)
        self._pdf.retranslate()

    # ----- the parts' interface --------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self._project = project
        self._source_id = None
        self._codings = {}
        self._load_elements()
        self._empty.show_state(project is not None)
        self.setCurrentWidget(self._empty)

    def refresh(self, change: Change | None) -> None:
        if self._project is None:
            return
        if self._own:  # our own action is running: it applies what it did when it returns
            self._noted.append(change if change is not None else Change("", WATCHED))
            return
        tables = WATCHED if change is None else change.tables & WATCHED
        if not tables:
            return
        looks_changed = self._load_elements() if "elements" in tables else False
        if self._source_id is None:
            return
        if "sources" in tables and not self._source_exists():
            self.show_source(None)
            return
        if "sources" in tables and (self._text_changed() or (  # text recognised in the image,
                change is not None and change.label == "Re-extract text")):  # or read again
            self._show(self._source_id)
            return
        if looks_changed:
            colors = self._colors()
            self.currentWidget().set_colors(colors)  # type: ignore[union-attr]
        if "codings" in tables or looks_changed:  # names are carried by the codings
            added = added_codings(change)
            if added is not None and not looks_changed and self.currentWidget() is self._text:
                mine = [c for c in added if c.source_id == self._source_id]
                if mine:  # codings made elsewhere (dropped on an element): drawn as they are
                    self._apply([], mine)
            elif change is None or not self._quick_sync(change):
                self._full_sync()

    def show_source(self, source_id: int | None) -> None:
        if self._project is None or source_id is None:
            self._source_id, self._codings = None, {}
            self.setCurrentWidget(self._empty)
            self.selectionChanged.emit()
            return
        if source_id == self._source_id:
            return
        self._show(source_id)

    def _show(self, source_id: int) -> None:
        project = self._project
        assert project is not None
        source = project.sources.get(source_id)  # NotFoundError: the caller reports it
        codings = project.codings.list(source_id=source_id)
        self._codings = {c.id: c for c in codings}
        self._source_id = source_id
        self._text_length = source.text_length
        if source.kind == "image":
            data = project.sources.original(source_id)
            size = (source.width or 1, source.height or 1)
            if source.text_length:
                self._layered.load(source_id, data, size, project.sources.text(source_id),
                                   project.sources.recognised_lines(source_id), codings,
                                   self._colors())
                self.setCurrentWidget(self._layered)
            else:
                self._image.has_text = False
                self._image.load(source_id, data, *size, codings, self._colors())
                self.setCurrentWidget(self._image)
        elif is_pdf(project, source_id):
            self._show_pdf(source_id, source.title, codings)
        else:
            self._text.load(source_id, self._project.sources.text(source_id), codings,
                            self._colors())
            self.setCurrentWidget(self._text)
        self.selectionChanged.emit()

    def _show_pdf(self, source_id: int, title: str, codings: list[Coding]) -> None:
        """A PDF: its pages and its text (the text alone when pdfium cannot open it)."""
        project = self._project
        assert project is not None
        pdf, message = None, ""
        try:
            pdf = PdfPages(project.sources.original(source_id), title)
        except WorkbenchError as exc:
            message = str(exc)
        self._pdf.load(source_id, pdf, project.sources.text(source_id),
                       project.sources.blocks(source_id), codings, self._colors(), message)
        self.setCurrentWidget(self._pdf)

    def current_source_id(self) -> int | None:
        return self._source_id

    def has_selection(self) -> bool:
        if self._source_id is None:
            return False
        view = self._active()
        if isinstance(view, (TextSourceView, PdfPageView)) and view.selection_range():
            return True
        return not isinstance(view, TextSourceView) and view.selection_rect() is not None

    def _active(self):
        """The view whose selection is coded (in the image-with-text page, the pane used last)."""
        page = self.currentWidget()
        return page.active_view() if page in (self._layered, self._pdf) else page

    def code_selection(self, element_id: int) -> bool:
        """Code the selected text or drawn rectangle to an element; False when nothing is
        selected (or the core refused, which the user has been told)."""
        project, source_id = self._project, self._source_id
        if project is None or source_id is None:
            return False
        view = self._active()
        if isinstance(view, TextSourceView) or (isinstance(view, PdfPageView)
                                                and view.selection_range() is not None):
            found = view.selection_range()
            if found is None:
                return False
            start, end = found
            done = self._perform(lambda: actions.code_text(self, project, source_id, start, end,
                                                           element_id))
            if done is not None and self.currentWidget() is self._layered:
                self._full_sync()  # the core coded the region around the lines too
        else:
            rect = view.selection_rect()
            if rect is None:
                return False
            page = view.selection_page() if isinstance(view, PdfPageView) else None
            done = self._perform(lambda: actions.code_region(self, project, source_id, rect,
                                                             element_id, page=page))
        return done is not None

    def selected_text(self) -> str:
        view = self._active() if self._source_id is not None else None
        return view.selected_text() if isinstance(view, (TextSourceView, PdfPageView)) else ""

    def jump_to_coding(self, coding_id: int) -> None:
        if self._project is None:
            return
        coding = self._project.codings.get(coding_id)
        self.show_source(coding.source_id)
        if self.currentWidget() is self._text:
            self._text.show_coding(coding_id)
        elif self.currentWidget() is self._layered:
            self._layered.show_coding(coding)
        elif self.currentWidget() is self._pdf:
            self._pdf.show_coding(coding)
        else:
            self._image.show_coding(coding_id)

    def show_range(self, source_id: int, start: int, end: int) -> None:
        """Show a source with text[start:end] (code points) selected, e.g. a search hit."""
        self.show_source(source_id)
        if self.currentWidget() is self._text:
            self._text.select_range(start, end)
        elif self.currentWidget() is self._layered:
            self._layered.text.select_range(start, end)
        elif self.currentWidget() is self._pdf:
            self._pdf.select_range(start, end)

    def set_quick_elements(self, ids: list[int | None]) -> None:
        """Key n codes to ids[n-1]; None where the key is free."""
        self._quick = list(ids)

    # ----- keeping up with the project -------------------------------------------------------
    def _quick_key(self, number: int) -> None:
        element_id = self._quick[number - 1] if number <= len(self._quick) else None
        if element_id is None:
            self.hint.emit(tr("No element has the key {key}; give it one with a right-click on "
                              "an element ▸ Number key.", key=number))
        elif not self.has_selection():
            self.hint.emit(tr("Select text or draw a region first, then press {key} to code it "
                              "to {name}.", key=number, name=self._element_looks.get(
                                  element_id, ("", ""))[0]))
        else:
            self.code_selection(element_id)

    def _perform(self, action: Callable[[], object],
                 delta: Callable[[object], tuple[list[int], list[Coding]]] | None = None):
        """Run one of our coding actions and apply what it did; refreshes that arrive while it
        runs are noted and only replayed for what the action itself does not account for."""
        self._own += 1
        try:
            result = action()
        finally:
            self._own -= 1
        noted, self._noted = self._noted, []
        if result is not None and result is not False and self._source_id is not None:
            removed, upserted = delta(result) if delta else ([], [result])
            upserted = [c for c in upserted if c.source_id == self._source_id]
            self._apply(removed, upserted)
            if len(noted) > 1:  # something else changed meanwhile (a modal dialog was open)
                self._full_sync()
            noted = [Change(c.label, c.tables - {"codings", "coders"}, c.kind) for c in noted]
        for change in noted:
            self.refresh(change)
        return result if result is not False else None

    def _apply(self, removed: list[int], upserted: list[Coding]) -> None:
        for coding_id in removed:
            self._codings.pop(coding_id, None)
        for coding in upserted:
            self._codings[coding.id] = coding
        self.currentWidget().apply_delta(removed, upserted)  # type: ignore[union-attr]

    def _full_sync(self) -> None:
        """Compare the source's codings with what is shown, by id; redraw only the differences."""
        assert self._project is not None and self._source_id is not None
        new = {c.id: c for c in self._project.codings.list(source_id=self._source_id)}
        removed = [cid for cid in self._codings if cid not in new]
        upserted = [c for cid, c in new.items() if self._codings.get(cid) != c]
        if removed or upserted:
            self._apply(removed, upserted)

    def _quick_sync(self, change: Change) -> bool:
        """Undoing a one-coding insert removes the newest coding (ids grow and undo is a stack):
        a count and one lookup replace listing every coding. False: do the full comparison."""
        if change.kind != "undo" or change.label not in SINGLE_INSERT_LABELS:
            return False
        assert self._project is not None and self._source_id is not None
        count = self._project.sources.get(self._source_id).coding_count
        if count == len(self._codings):
            return True  # it was in another source
        if count != len(self._codings) - 1 or not self._codings:
            return False
        newest = max(self._codings)
        try:
            self._project.codings.get(newest)
        except NotFoundError:
            self._apply([newest], [])
            return True
        return False

    def _text_changed(self) -> bool:
        source = self._project.sources.get(self._source_id)  # type: ignore[union-attr,arg-type]
        return source.kind == "image" and source.text_length != self._text_length

    def _source_exists(self) -> bool:
        try:
            self._project.sources.get(self._source_id)  # type: ignore[union-attr,arg-type]
        except NotFoundError:
            return False
        return True

    def _load_elements(self) -> bool:
        """Reread the elements; True when a name or colour changed (not merely one added)."""
        if self._project is None:
            self._element_list, self._element_looks = [], {}
            return False
        self._element_list = self._project.elements.list()
        looks = {e.id: (e.name, e.color) for e in self._element_list}
        changed = any(looks.get(eid) != old for eid, old in self._element_looks.items())
        self._element_looks = looks
        return changed

    def _colors(self) -> dict[int, str]:
        return {eid: color for eid, (_, color) in self._element_looks.items()}


class EmptyPage(QWidget):
    """What the middle of the window says when nothing is being read: how to begin, and the
    guide one click away (a new user's first screen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setEnabled(False)  # drawn in the palette's quiet colour
        self.guide = QPushButton()
        self.guide.setObjectName("openGuide")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.guide, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.show_state(False)

    def show_state(self, project_open: bool) -> None:
        self.label.setText(
            tr("Choose a source on the left to read and code it.") if project_open else
            tr("No project is open. Open one or create a new one in the File menu (or drop "
               "a project file on the window)."))
        self.guide.setText(tr("Read the guide (F1)"))
