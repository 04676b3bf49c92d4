"""Drawing a PDF's pages off the GUI thread, and keeping a bounded number of them.

One worker thread (a private QThreadPool of one: pdfium takes one call at a time anyway) draws
the pages asked for, newest request first, and skips those scrolled out of view before their
turn. It also reads the page's text layer (core/pdf_pages.py) the first time, which ties the
characters to the stored text. Results come back through a queued signal as a QImage (made in
the worker; a QPixmap may only be made in the GUI thread).

``PageCache`` keeps the drawn pages least-recently-used first within a byte budget and a number
of pages, so memory stays bounded whatever the number of pages and the zoom.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap

from ..core.pdf_pages import PageUnreadable, PdfPages, text_layer

CACHE_BYTES = 150 * 1024 * 1024  # drawn pages kept; with the text and the app, under 300 MB
CACHE_PAGES = 12  # and never more pages than this, however small they are
MAX_SCALE = 4.0  # pixels per point: 400% on a normal screen, 200% on a 2× one


class RenderResult:
    """What a render job hands back: the picture or the sentence why not, and the text layer
    when it was asked for."""

    def __init__(self, generation: int, page: int, scale: float) -> None:
        self.generation, self.page, self.scale = generation, page, scale
        self.image: QImage | None = None
        self.error = ""
        self.layer: list | None = None


class _Signals(QObject):
    done = Signal(object)  # RenderResult


class _RenderJob(QRunnable):
    def __init__(self, renderer: "PageRenderer", result: RenderResult, want_layer: bool) -> None:
        super().__init__()
        self._renderer, self._result, self._want_layer = renderer, result, want_layer

    def run(self) -> None:
        renderer, result = self._renderer, self._result
        if not renderer.still_wanted(result.generation, result.page):
            renderer.forget(result.page)
            return
        pdf = renderer.pdf
        try:
            shot = pdf.render(result.page, result.scale)
            result.image = QImage(shot.data, shot.width, shot.height, shot.stride,
                                  QImage.Format.Format_RGB32).copy()
            result.scale = shot.scale
        except PageUnreadable as exc:
            result.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - never lost in the worker: shown on the page
            result.error = str(exc) or type(exc).__name__
        if self._want_layer:
            try:
                result.layer = text_layer(pdf, result.page, renderer.text, renderer.blocks)
            except Exception:  # noqa: BLE001 - a page without a text layer still shows
                result.layer = []
        try:
            renderer.signals.done.emit(result)
        except RuntimeError:  # the view was closed meanwhile
            pass


class PageRenderer:
    """Asks for pages to be drawn; ``on_done(RenderResult)`` is called in the GUI thread."""

    def __init__(self, parent: QObject, on_done) -> None:
        self.pool = QThreadPool(parent)
        self.pool.setMaxThreadCount(1)
        self.signals = _Signals(parent)
        self.signals.done.connect(on_done)
        self.pdf: PdfPages | None = None
        self.text, self.blocks = "", []
        self._lock = threading.Lock()
        self._generation = 0
        self._wanted: set[int] = set()
        self._pending: set[int] = set()

    def load(self, pdf: PdfPages | None, text: str, blocks: list[Any]) -> int:
        """A new document: requests for the old one are dropped. Returns its generation."""
        self.pool.clear()
        with self._lock:
            self._generation += 1
            self._wanted, self._pending = set(), set()
        self.pdf, self.text, self.blocks = pdf, text, blocks
        return self._generation

    def want(self, pages: set[int]) -> None:
        """The pages in view (or about to be): others still queued are skipped."""
        with self._lock:
            self._wanted = set(pages)

    def request(self, page: int, scale: float, want_layer: bool) -> None:
        if self.pdf is None:
            return
        with self._lock:
            if page in self._pending:
                return
            self._pending.add(page)
            generation = self._generation
        job = _RenderJob(self, RenderResult(generation, page, scale), want_layer)
        self.pool.start(job, priority=1)

    def wanted(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._wanted)

    def still_wanted(self, generation: int, page: int) -> bool:
        with self._lock:
            return generation == self._generation and page in self._wanted

    def forget(self, page: int) -> None:
        with self._lock:
            self._pending.discard(page)

    def finished(self, result: RenderResult) -> bool:
        """Called in the GUI thread with a result: False when it belongs to an old document."""
        with self._lock:
            self._pending.discard(result.page)
            return result.generation == self._generation

    def stop(self) -> None:
        self.pool.clear()
        self.pool.waitForDone()


class PageCache:
    """Drawn pages (page -> (pixmap, scale)), least recently used dropped past the budget."""

    def __init__(self, budget: int = CACHE_BYTES, pages: int = CACHE_PAGES) -> None:
        self.budget, self.max_pages = budget, pages
        self._pages: OrderedDict[int, tuple[QPixmap, float]] = OrderedDict()
        self.bytes = 0

    def get(self, page: int) -> tuple[QPixmap, float] | None:
        found = self._pages.get(page)
        if found is not None:
            self._pages.move_to_end(page)
        return found

    def put(self, page: int, pixmap: QPixmap, scale: float,
            keep: frozenset[int] = frozenset()) -> list[int]:
        """Keep a page; returns the pages dropped to stay within the budget, least recently
        used first. Pages in ``keep`` (those in view) are never dropped, or a budget smaller
        than the view would drop a page as soon as it is drawn and never show it."""
        self.drop(page)
        self._pages[page] = (pixmap, scale)
        self.bytes += _size(pixmap)
        dropped = []
        for old in list(self._pages):
            if self.bytes <= self.budget and len(self._pages) <= self.max_pages:
                break
            if old == page or old in keep:
                continue
            self.bytes -= _size(self._pages.pop(old)[0])
            dropped.append(old)
        return dropped

    def drop(self, page: int) -> None:
        found = self._pages.pop(page, None)
        if found is not None:
            self.bytes -= _size(found[0])

    def clear(self) -> None:
        self._pages.clear()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._pages)


def _size(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4
