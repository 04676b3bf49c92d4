"""``PageThumbnails``: a strip of small pictures of a PDF's pages beside the page view; a click
goes to that page, and the page in view is the one marked.

Thumbnails are drawn like the pages (pdf_render.py: one worker, only the rows in view asked
for) at a small scale, and kept in their own bounded cache; a row without one shows its number.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from ..core.pdf_pages import PdfPages
from .pdf_render import PageCache, PageRenderer, RenderResult

THUMB_WIDTH = 96  # pixels
THUMB_BYTES = 24 * 1024 * 1024  # about 600 A4 thumbnails


class PageThumbnails(QListWidget):
    pageChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfThumbnails")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setIconSize(QSize(THUMB_WIDTH, round(THUMB_WIDTH * 1.42)))
        self.setFixedWidth(THUMB_WIDTH + 40)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cache = PageCache(THUMB_BYTES, pages=10_000)
        self.renderer = PageRenderer(self, self._rendered)
        self._scales: list[float] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self._update)
        self.verticalScrollBar().valueChanged.connect(self._timer.start)
        self.itemClicked.connect(lambda item: self.pageChosen.emit(self.row(item) + 1))

    def load(self, pdf: PdfPages | None) -> None:
        self.renderer.load(pdf, "", [])
        self.cache.clear()
        self.clear()
        count = pdf.pages if pdf is not None else 0
        self._scales = [THUMB_WIDTH / max(pdf.size(n)[0], 1.0) for n in range(1, count + 1)]
        blank = QPixmap(self.iconSize())
        blank.fill(Qt.GlobalColor.white)
        self._blank = QIcon(blank)
        for number in range(1, count + 1):
            self.addItem(QListWidgetItem(self._blank, str(number)))
        self._timer.start()

    def set_current(self, page: int) -> None:
        """Mark the page in view (without going anywhere)."""
        if 1 <= page <= self.count() and self.currentRow() != page - 1:
            self.blockSignals(True)
            self.setCurrentRow(page - 1)
            self.blockSignals(False)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._timer.start()

    def _update(self) -> None:
        if not self.isVisible() or not self.count():
            return
        top = self.indexAt(self.viewport().rect().topLeft()).row()
        bottom = self.indexAt(self.viewport().rect().bottomLeft()).row()
        first = max(0, top)
        last = bottom if bottom >= 0 else min(self.count() - 1, first + 12)
        wanted = set(range(first + 1, last + 2))
        self.renderer.want(wanted)
        for page in sorted(wanted):
            if self.cache.get(page) is None:
                self.renderer.request(page, self._scales[page - 1], False)

    def _rendered(self, result: RenderResult) -> None:
        if not self.renderer.finished(result) or result.image is None \
                or not 1 <= result.page <= self.count():
            return
        pixmap = QPixmap.fromImage(result.image)
        for dropped in self.cache.put(result.page, pixmap, result.scale,
                                      self.renderer.wanted()):
            self.item(dropped - 1).setIcon(self._blank)
        self.item(result.page - 1).setIcon(QIcon(pixmap))
