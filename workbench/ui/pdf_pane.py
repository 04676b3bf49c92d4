"""``PdfPane``: a PDF source read as pages (pdf_page_view.py) or as its text (text_view.py),
one click apart, with the zoom and the page number above them.

Both views hold the source's codings and are kept in step: switching shows the same place (the
page of the text's cursor, or the start of the page at the top), and a coding jumped to is shown
in the view in use (a region without text switches to the pages). Which view a PDF opens in is
remembered while the window is open.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QHBoxLayout, QLabel, QSpinBox,
                               QStackedWidget, QToolButton, QVBoxLayout, QWidget)

from ..core import Coding
from ..core.pdf_pages import PdfPages
from ..i18n import tr
from .coding_menu import ViewerHost
from .pdf_page_view import PdfPageView
from .pdf_thumbnails import PageThumbnails
from .text_view import TextSourceView

PERCENTS = (50, 75, 100, 125, 150, 200, 300, 400)


class PdfPane(QWidget):
    quickKeyPressed = Signal(int)
    codingClicked = Signal(int)
    selectionChanged = Signal()

    def __init__(self, host: ViewerHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = PdfPageView(host)
        self.text = TextSourceView(host)
        self.pages.setObjectName("pdfPages")
        self.text.setObjectName("pdfText")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pages)
        self.stack.addWidget(self.text)
        self.page_button = QToolButton()
        self.text_button = QToolButton()
        group = QButtonGroup(self)
        for button, name in ((self.page_button, "pageViewButton"),
                             (self.text_button, "textViewButton")):
            button.setCheckable(True)
            button.setObjectName(name)
            group.addButton(button)
        self.page_button.setChecked(True)
        self.text_mode = QToolButton()  # on the page: select text, or draw a region
        self.region_mode = QToolButton()
        modes = QButtonGroup(self)
        for button, name, mode in ((self.text_mode, "selectTextButton", "text"),
                                   (self.region_mode, "selectRegionButton", "region")):
            button.setCheckable(True)
            button.setObjectName(name)
            modes.addButton(button)
            button.clicked.connect(lambda _=False, m=mode: self.set_select_mode(m))
        self.region_mode.setChecked(True)
        self.page_button.clicked.connect(lambda: self.set_mode("pages"))
        self.text_button.clicked.connect(lambda: self.set_mode("text"))
        self.zoom_box = QComboBox()
        self.zoom_box.setObjectName("pdfZoom")
        self.zoom_box.setEditable(True)
        self.zoom_box.setMinimumContentsLength(8)
        self.zoom_box.activated.connect(self._zoom_chosen)
        self.zoom_box.lineEdit().returnPressed.connect(self._zoom_typed)
        self.page_box = QSpinBox()
        self.page_box.setObjectName("pdfPageNumber")
        self.page_box.setMinimum(1)
        self.page_box.valueChanged.connect(self._page_typed)
        self.of_pages = QLabel()
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        for widget in (self.page_button, self.text_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        self.thumbs_button = QToolButton()
        self.thumbs_button.setObjectName("thumbnailsButton")
        self.thumbs_button.setCheckable(True)
        self.thumbs_button.toggled.connect(self._show_thumbnails)
        for widget in (self.text_mode, self.region_mode, self.thumbs_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.page_label = QLabel()
        for widget in (self.page_label, self.page_box, self.of_pages, self.zoom_box):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        self.thumbnails = PageThumbnails()
        self.thumbnails.hide()
        self.thumbnails.pageChosen.connect(lambda page: self.pages.go_to_page(page))
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.thumbnails)
        body.addWidget(self.stack, 1)
        layout.addLayout(body, 1)
        self.mode = "pages"
        self._last_view: QWidget = self.pages
        for view in (self.pages, self.text):
            view.quickKeyPressed.connect(self.quickKeyPressed)
            view.codingClicked.connect(self.codingClicked)
            view.selectionChanged.connect(self.selectionChanged)
        self.pages.pageChanged.connect(self._show_page_number)
        self.pages.zoomChanged.connect(self._show_zoom)
        self.retranslate()

    def retranslate(self) -> None:
        self.page_button.setText(tr("Page view"))
        self.text_button.setText(tr("Text view"))
        self.page_label.setText(tr("Page"))
        self.text_mode.setText(tr("Select text"))
        self.region_mode.setText(tr("Select region"))
        self.thumbs_button.setText(tr("Thumbnails"))
        self.text_mode.setToolTip(tr("Drag over the page's text to select a passage"))
        self.region_mode.setToolTip(tr("Drag a rectangle round a table, figure or stamp"))
        self.zoom_box.blockSignals(True)
        self.zoom_box.clear()
        self.zoom_box.addItem(tr("Fit width"), "width")
        self.zoom_box.addItem(tr("Fit page"), "page")
        for percent in PERCENTS:
            self.zoom_box.addItem(f"{percent}%", percent)
        self.zoom_box.blockSignals(False)
        self._show_zoom()

    # ----- content ---------------------------------------------------------------------------
    def load(self, source_id: int, pdf: PdfPages | None, text: str, blocks: list,
             codings: list[Coding], colors: dict[int, str], message: str = "") -> None:
        self.text.load(source_id, text, codings, colors)
        self.pages.load(source_id, pdf, text, blocks, codings, colors, message)
        self.thumbnails.load(pdf)
        count = self.pages.page_count()
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, count))
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.of_pages.setText(tr("of {pages}", pages=count))
        self.page_button.setEnabled(count > 0)
        self.set_mode(self.mode if count else "text", follow=False)

    def apply_delta(self, removed: list[int], upserted: list[Coding]) -> None:
        self.text.apply_delta(removed, upserted)
        self.pages.apply_delta(removed, upserted)

    def set_colors(self, colors: dict[int, str]) -> None:
        self.text.set_colors(colors)
        self.pages.set_colors(colors)

    def active_view(self) -> QWidget:
        return self.stack.currentWidget()

    # ----- the two views in step -------------------------------------------------------------
    def set_mode(self, mode: str, follow: bool = True) -> None:
        """Show the pages or the text; ``follow``: at the place the other view showed."""
        if mode == "pages" and not self.pages.page_count():
            mode = "text"
        previous, self.mode = self.stack.currentWidget(), mode
        view = self.pages if mode == "pages" else self.text
        (self.page_button if mode == "pages" else self.text_button).setChecked(True)
        for widget in (self.page_box, self.of_pages, self.page_label, self.zoom_box,
                       self.text_mode, self.region_mode, self.thumbs_button):
            widget.setEnabled(mode == "pages")
        self.thumbnails.setVisible(mode == "pages" and self.thumbs_button.isChecked())
        if follow and previous is not view:
            if mode == "pages":
                offset = self.text.cursorForPosition(self.text.viewport().rect().topLeft())
                start = self.text.selection_range()
                position = start[0] if start else self.text._offsets.to_code_point(
                    offset.position())
                page = self.pages.page_of_offset(position)
                if page:
                    self.pages.go_to_page(page)
            else:
                found = self.pages.selection_range()
                first = self.pages.first_offset(self.pages.current_page())
                if found is not None:
                    self.text.select_range(*found)  # the passage selected on the page
                elif first is not None:
                    self.text.select_range(first, first)
        self.stack.setCurrentWidget(view)
        self.selectionChanged.emit()

    def show_coding(self, coding: Coding) -> None:
        if coding.start is None and self.mode == "text":
            self.set_mode("pages", follow=False)  # a region without text: only pages show it
        if self.mode == "pages":
            self.pages.show_coding(coding)
        else:
            self.text.show_coding(coding.id)

    def select_range(self, start: int, end: int) -> None:
        """A search hit or KWIC jump: selected in the text, its page brought into view."""
        self.text.select_range(start, end)
        self.pages.show_range(start, end)

    def set_select_mode(self, mode: str) -> None:
        """What dragging on the page does: "text" selects a passage, "region" a rectangle."""
        self.pages.select_mode = mode
        (self.text_mode if mode == "text" else self.region_mode).setChecked(True)

    # ----- zoom and page box -----------------------------------------------------------------
    def _zoom_chosen(self, index: int) -> None:
        value = self.zoom_box.itemData(index)
        if isinstance(value, str):
            self.pages.set_fit(value)
        elif value:
            self.pages.set_zoom(value)

    def _zoom_typed(self) -> None:
        digits = "".join(ch for ch in self.zoom_box.currentText() if ch.isdigit())
        if digits:
            self.pages.set_zoom(int(digits))

    def _show_zoom(self) -> None:
        self.zoom_box.setEditText(f"{self.pages.zoom_percent()}%")

    def _page_typed(self, page: int) -> None:
        self.pages.go_to_page(page)

    def _show_thumbnails(self, shown: bool) -> None:
        self.thumbnails.setVisible(shown and self.mode == "pages")
        self.thumbnails.set_current(self.pages.current_page())

    def _show_page_number(self, page: int) -> None:
        self.thumbnails.set_current(page)
        self.page_box.blockSignals(True)
        self.page_box.setValue(page)
        self.page_box.blockSignals(False)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_F6:  # F6: the other view, as a reader's shortcut
            self.set_mode("text" if self.mode == "pages" else "pages")
            event.accept()
            return
        super().keyPressEvent(event)
