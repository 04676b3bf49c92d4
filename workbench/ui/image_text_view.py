"""``ImageTextView``: a screenshot together with the text recognised in it (OCR).

The picture (an :class:`ImageSourceView`) and its text (a :class:`TextSourceView`, so highlights,
keys 1–9, the right-click menu and dragging work as for any text) share a splitter: side by side
for a tall page, one above the other for a wide banner. The recognised lines' boxes are drawn
faintly on the picture; the line under the pointer in the text is outlined, and the lines of the
text selection are marked clearly (and scrolled into view). Clicking a line on the picture
selects its text. Coding a passage of the text also codes the region around its lines (the core
does that); the viewer then shows both.

Which pane's selection is coded: the one used last, unless only the other has a selection.
"""
from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QSplitter, QWidget

from ..core import Coding, TextBlock
from .coding_menu import ViewerHost
from .image_view import ImageSourceView
from .text_view import TextSourceView


def _has_selection(view: QWidget) -> bool:
    if isinstance(view, TextSourceView):
        return view.selection_range() is not None
    return view.selection_rect() is not None  # type: ignore[attr-defined]


class ImageTextView(QSplitter):
    quickKeyPressed = Signal(int)
    codingClicked = Signal(int)
    selectionChanged = Signal()

    def __init__(self, host: ViewerHost, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.image = ImageSourceView(host)
        self.text = TextSourceView(host)
        self.image.setObjectName("layerImage")
        self.text.setObjectName("layerText")
        self.addWidget(self.image)
        self.addWidget(self.text)
        self.setChildrenCollapsible(False)
        self.setHandleWidth(6)
        self._lines: list[TextBlock] = []  # the recognised lines with a box, in text order
        self._starts: list[int] = []
        self._last: QWidget = self.text
        for view in (self.image, self.text):
            view.quickKeyPressed.connect(lambda number, v=view: self._quick(v, number))
            view.codingClicked.connect(self.codingClicked)
            view.selectionChanged.connect(lambda v=view: self._selection_changed(v))
            view.installEventFilter(self)
        self.text.viewport().setMouseTracking(True)
        self.text.viewport().installEventFilter(self)
        self.image.lineClicked.connect(self._line_clicked)

    # ----- content ---------------------------------------------------------------------------
    def load(self, source_id: int, data: bytes, size: tuple[int, int], text: str,
             lines: list[TextBlock], codings: list[Coding], colors: dict[int, str]) -> None:
        width, height = size
        side_by_side = height > width  # a tall page beside its text; a banner above it
        self.setOrientation(Qt.Orientation.Horizontal if side_by_side
                            else Qt.Orientation.Vertical)
        # A page never shown has not been laid out yet: the viewer's size is the one it gets.
        area = self.size() if self.isVisible() or self.parentWidget() is None \
            else self.parentWidget().size()
        if side_by_side:
            total = area.width()
            first = int(total * 0.55)
        else:  # the banner at the pane's full width, with no empty band above and below it
            total = area.height()
            fitted = area.width() * height / max(width, 1) + 24
            first = int(min(total * 0.6, max(fitted, total * 0.25)))
        self.setSizes([first, total - first])
        self._lines = sorted((line for line in lines if line.box), key=lambda b: b.start)
        self._starts = [line.start for line in self._lines]
        self._last = self.text
        self.image.has_text = True
        self.image.load(source_id, data, width, height, codings, colors)
        self.image.set_line_boxes([line.box for line in self._lines])  # type: ignore[misc]
        self.text.load(source_id, text, codings, colors)

    def apply_delta(self, removed: list[int], upserted: list[Coding]) -> None:
        self.image.apply_delta(removed, upserted)  # each view keeps only its kind of coding
        self.text.apply_delta(removed, upserted)

    def set_colors(self, colors: dict[int, str]) -> None:
        self.image.set_colors(colors)
        self.text.set_colors(colors)

    def show_coding(self, coding: Coding) -> None:
        if coding.start is not None:
            self._last = self.text
            self.text.show_coding(coding.id)
        else:
            self._last = self.image
            self.image.show_coding(coding.id)

    # ----- which lines ---------------------------------------------------------------------
    def lines_in(self, start: int, end: int) -> set[int]:
        """Indices of the lines (text order) that text[start:end] touches."""
        last = bisect_right(self._starts, max(start, end - 1))
        return {i for i in range(last) if self._lines[i].end > start}

    def line_at(self, position: int | None) -> int | None:
        if position is None:
            return None
        i = bisect_right(self._starts, position) - 1
        return i if i >= 0 and position < self._lines[i].end else None

    def marked_lines(self) -> set[int]:
        boxes = self.image.line_boxes
        return boxes.marked() if boxes is not None else set()

    def active_view(self) -> QWidget:
        """The pane whose selection is coded: the one used last, unless only the other has one."""
        other = self.image if self._last is self.text else self.text
        if not _has_selection(self._last) and _has_selection(other):
            return other
        return self._last

    # ----- reacting ------------------------------------------------------------------------
    def _quick(self, view: QWidget, number: int) -> None:
        self._last = view
        self.quickKeyPressed.emit(number)

    def _selection_changed(self, view: QWidget) -> None:
        if view is self.text:
            found = self.text.selection_range()
            marked = self.lines_in(*found) if found else set()
            if self.image.line_boxes is not None:
                self.image.line_boxes.set_marked(marked)
            if marked:
                self._reveal(self.image.line_boxes.box(min(marked)))  # type: ignore[union-attr]
            if found:
                self._last = self.text
        elif self.image.selection_rect() is not None:
            self._last = self.image
        self.selectionChanged.emit()

    def _reveal(self, box) -> None:
        """Scroll the picture so that a line's box is on screen, if it is not already."""
        shown = self.image.mapToScene(self.image.viewport().rect()).boundingRect()
        if not shown.contains(box):
            self.image.ensureVisible(box, 40, 40)

    def _line_clicked(self, index: int) -> None:
        if 0 <= index < len(self._lines):
            line = self._lines[index]
            self.text.select_range(line.start, line.end)
            self._last = self.text

    def _hover(self, index: int | None) -> None:
        if self.image.line_boxes is not None:
            self.image.line_boxes.set_hovered(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.FocusIn and watched in (self.image, self.text):
            self._last = watched  # type: ignore[assignment]
        elif watched is self.text.viewport():
            if kind == QEvent.Type.MouseMove:
                self._hover(self.line_at(self.text.code_point_at(event.position().toPoint())))
            elif kind == QEvent.Type.Leave:
                self._hover(None)
        return False
