"""``PdfPageView``: a PDF's pages as they look, one below the other, with its codings drawn on
them and a rectangle to code.

Scene coordinates are PDF points (each page's top-left corner at its place in the column), so
a rectangle drawn on a page is what ``codings.code_region(..., page=N)`` expects. Pages are
placeholders until drawn: the pages in view (and one either side) are asked of the worker
(pdf_render.py) at the zoom shown; drawn pages are kept in a bounded cache, and a page dropped
from it becomes a placeholder again. A page that cannot be drawn says why on the page.

Codings: a region is its rectangle on its page; a passage is drawn over the boxes of its
characters (the page's text layer, read with the drawing). Left-drag draws the selection on
one page; keys 1–9 code it; a click names the coding under it; Ctrl+wheel and +/- zoom.
"""
from __future__ import annotations

import json
from bisect import bisect_right

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QDrag, QKeyEvent, QPen, QPixmap
from PySide6.QtWidgets import (QApplication, QGraphicsItem, QGraphicsPathItem,
                               QGraphicsPixmapItem, QGraphicsRectItem, QGraphicsSimpleTextItem,
                               QGraphicsView, QMenu, QWidget)

from ..core import Coding, Rect
from ..core.pdf_pages import PageChar, PdfPages
from ..i18n import tr
from .coding_menu import ViewerHost, build_menu
from .image_regions import FILL_ALPHA, RegionItem, SelectionItem
from .image_tiles import set_up_picture_view
from .pdf_render import MAX_SCALE, PageCache, PageRenderer, RenderResult
from .pdf_text_selection import TextSelectionItem, boxes_path, nearest_offset
from .text_view import DIGITS, SELECTION_MIME

GAP = 12.0  # points between pages
SCREEN_DPI_SCALE = 96 / 72  # 100% shows a point as 1⅓ screen pixels, as PDF readers do
ZOOM_STEP = 1.25
LAYER_PAGES = 40  # text layers kept (a dense page's is a few hundred kilobytes)


class _PageItem(QGraphicsRectItem):
    """One page: white paper, its picture once drawn, or a line saying it is on its way."""

    def __init__(self, number: int, width: float, height: float) -> None:
        super().__init__(0, 0, width, height)
        self.number = number
        self.setBrush(QBrush(QColor("white")))
        pen = QPen(QColor("#9a9a9a"), 1)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.picture = QGraphicsPixmapItem(self)
        self.picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.label = QGraphicsSimpleTextItem(tr("Page {page}", page=number), self)
        self.label.setBrush(QBrush(QColor("#888888")))
        self.label.setPos(12, 12)
        self.scale_drawn = 0.0

    def show_picture(self, pixmap: QPixmap | None, scale: float) -> None:
        self.picture.setPixmap(pixmap if pixmap is not None else QPixmap())
        self.picture.setScale(1 / scale if scale else 1)
        self.scale_drawn = scale if pixmap is not None else 0.0
        self.label.setVisible(pixmap is None)

    def show_error(self, message: str) -> None:
        self.show_picture(None, 0)
        self.label.setText(message)


class _PassageItem(QGraphicsPathItem):
    """A coded passage on one page: its characters' boxes, joined line by line."""

    def __init__(self, coding: Coding, boxes: list[tuple[float, float, float, float]],
                 color: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.coding_id = coding.id
        self.setPath(boxes_path(boxes))
        fill = QColor(color)
        fill.setAlphaF(FILL_ALPHA)
        self.setBrush(QBrush(fill))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setToolTip(f"{coding.element_name} · {coding.coder}")
        self.setZValue(0.8)


class PdfPageView(QGraphicsView):
    quickKeyPressed = Signal(int)
    codingClicked = Signal(int)
    selectionChanged = Signal()
    pageChanged = Signal(int)  # the page at the top of the view
    zoomChanged = Signal()

    def __init__(self, host: ViewerHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self.source_id: int | None = None
        self.pdf: PdfPages | None = None
        self._pages: list[_PageItem] = []
        self._tops: list[float] = []
        self._layers: dict[int, list[PageChar]] = {}
        self._page_spans: list[tuple[int, int, int]] = []  # (start, end, page) of the text
        self._codings: dict[int, Coding] = {}
        self._items: dict[int, list[QGraphicsItem]] = {}
        self._colors: dict[int, str] = {}
        self._selection: tuple[int, Rect] | None = None
        self._drag: tuple[int, QPointF] | None = None
        self._drag_out: QPoint | None = None
        self.select_mode = "region"  # "region": drag a rectangle; "text": drag over characters
        self._text_range: tuple[int, int] | None = None
        self._text_anchor: int | None = None
        self._wanted_range: tuple[int, int] | None = None  # shown once its page's text is read
        self._emphasis: int | None = None
        self.fit_mode: str | None = "width"  # "width" | "page" | None (a percentage)
        self.cache = PageCache()
        self.renderer = PageRenderer(self, self._rendered)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._update_pages)
        set_up_picture_view(self)
        self._selection_item = SelectionItem()
        self._text_item = TextSelectionItem()
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # ----- content ---------------------------------------------------------------------------
    def load(self, source_id: int, pdf: PdfPages | None, text: str, blocks: list,
             codings: list[Coding], colors: dict[int, str], message: str = "") -> None:
        """Show a PDF's pages (placeholders at once, pictures as they are drawn)."""
        scene = self.scene()
        scene.clear()
        self.cache.clear()
        self.source_id, self.pdf, self._colors = source_id, pdf, dict(colors)
        self._pages, self._tops, self._layers, self._items, self._codings = [], [], {}, {}, {}
        self._selection, self._emphasis, self._text_range = None, None, None
        old = self.renderer.pdf
        self.renderer.load(pdf, text, blocks)
        if old is not None and old is not pdf:
            old.close()  # under pdfium's lock: a page being drawn for it finishes first
        self._page_spans = sorted((b.start, b.end, b.level) for b in blocks if b.kind == "page")
        sizes = [pdf.size(n) for n in range(1, pdf.pages + 1)] if pdf is not None else []
        widest = max((w for w, _ in sizes), default=595.0)
        top = 0.0
        for number, (width, height) in enumerate(sizes, start=1):
            item = _PageItem(number, width, height)
            item.setPos((widest - width) / 2, top)
            scene.addItem(item)
            self._pages.append(item)
            self._tops.append(top)
            top += height + GAP
        if not sizes:
            scene.addSimpleText(message or tr("This PDF cannot be shown as pages."))
        scene.setSceneRect(QRectF(-GAP, -GAP, widest + 2 * GAP, max(top, 100.0) + GAP))
        self._selection_item = SelectionItem()
        scene.addItem(self._selection_item)
        self._text_item = TextSelectionItem()
        scene.addItem(self._text_item)
        self.apply_delta([], codings)
        self.selectionChanged.emit()
        self.apply_fit()
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        self._update_pages()

    def page_count(self) -> int:
        return len(self._pages)

    def apply_delta(self, removed: list[int], upserted: list[Coding]) -> None:
        for coding_id in removed:
            self._codings.pop(coding_id, None)
            self._remove_items(coding_id)
        for coding in upserted:
            if coding.start is None and coding.page is None:
                continue  # a region of an image: not of this document
            self._codings[coding.id] = coding
            self._draw(coding)

    def set_colors(self, colors: dict[int, str]) -> None:
        self._colors = dict(colors)
        for coding in list(self._codings.values()):
            self._draw(coding)

    def _remove_items(self, coding_id: int) -> None:
        for item in self._items.pop(coding_id, []):
            self.scene().removeItem(item)

    def _draw(self, coding: Coding) -> None:
        """(Re)draw a coding: its region, and its passage on the pages whose layer is read."""
        self._remove_items(coding.id)
        color = self._colors.get(coding.element_id, "#999999")
        items: list[QGraphicsItem] = []
        if coding.page is not None and coding.rect is not None \
                and 1 <= coding.page <= len(self._pages):
            item = RegionItem(coding.id)
            item.setParentItem(self._pages[coding.page - 1])
            item.show_coding(coding, color, coding.id == self._emphasis)
            items.append(item)
        elif coding.start is not None:
            for page in self.pages_of(coding.start, coding.end):
                boxes = [c.box for c in self._layers.get(page, [])
                         if c.offset is not None and coding.start <= c.offset < coding.end]
                if boxes:
                    items.append(_PassageItem(coding, boxes, color, self._pages[page - 1]))
        self._items[coding.id] = items

    def pages_of(self, start: int, end: int) -> list[int]:
        """The pages a passage (code points) lies on."""
        return [page for a, b, page in self._page_spans if a < end and start <= b
                and 1 <= page <= len(self._pages)]

    def page_of_offset(self, offset: int) -> int | None:
        found = self.pages_of(offset, offset + 1)
        return found[0] if found else None

    def first_offset(self, page: int) -> int | None:
        return next((a for a, _, p in self._page_spans if p == page), None)

    # ----- drawing pages ---------------------------------------------------------------------
    def _scrolled(self) -> None:
        self._timer.start()
        page = self.current_page()
        if page:
            self.pageChanged.emit(page)

    def visible_pages(self) -> list[int]:
        if not self._pages:
            return []
        area = self.mapToScene(self.viewport().rect()).boundingRect()
        first = max(1, bisect_right(self._tops, area.top()))
        last = max(first, bisect_right(self._tops, area.bottom()))
        return list(range(first, min(last, len(self._pages)) + 1))

    def current_page(self) -> int:
        """The page at the top of the view (the one the page box shows)."""
        if not self._pages:
            return 0
        area = self.mapToScene(self.viewport().rect()).boundingRect()
        return min(len(self._pages), max(1, bisect_right(self._tops, area.top() + GAP)))

    def _wanted_scale(self) -> float:
        return min(MAX_SCALE, self.transform().m11() * self.devicePixelRatioF())

    def _update_pages(self) -> None:
        """Ask for the pages in view (and one either side) at the zoom shown."""
        visible = self.visible_pages()
        if not visible or self.pdf is None:
            return
        wanted = set(range(max(1, visible[0] - 1), min(len(self._pages), visible[-1] + 1) + 1))
        self.renderer.want(wanted)
        scale = self._wanted_scale()
        for page in sorted(wanted, key=lambda p: (p not in visible, p)):
            item = self._pages[page - 1]
            cached = self.cache.get(page)
            if cached is not None and item.scale_drawn != cached[1]:
                item.show_picture(*cached)
            if abs(item.scale_drawn - scale) > 0.15 * scale or page not in self._layers:
                self.renderer.request(page, scale, page not in self._layers)

    def _rendered(self, result: RenderResult) -> None:
        if not self.renderer.finished(result) or not 1 <= result.page <= len(self._pages):
            return
        item = self._pages[result.page - 1]
        if result.layer is not None:
            self._layers[result.page] = result.layer
            wanted = self._wanted_range
            if wanted is not None and self.page_of_offset(wanted[0]) == result.page:
                self._wanted_range = None
                self.set_text_selection(result.page, wanted)
            while len(self._layers) > LAYER_PAGES:  # the oldest read is read again when needed
                del self._layers[next(iter(self._layers))]
            for coding in self._codings.values():
                if coding.start is not None and coding.page is None \
                        and result.page in self.pages_of(coding.start, coding.end):
                    self._draw(coding)
        if result.image is not None:
            pixmap = QPixmap.fromImage(result.image)
            for dropped in self.cache.put(result.page, pixmap, result.scale,
                                          self.renderer.wanted()):
                self._pages[dropped - 1].show_picture(None, 0)
            item.show_picture(pixmap, result.scale)
        elif result.error:
            item.show_error(result.error)
        if abs(item.scale_drawn - self._wanted_scale()) > 0.15 * self._wanted_scale():
            self._timer.start()  # the zoom changed while it was drawn

    # ----- zoom and pages --------------------------------------------------------------------
    def zoom_percent(self) -> int:
        return round(self.transform().m11() / SCREEN_DPI_SCALE * 100)

    def set_zoom(self, percent: float) -> None:
        self.fit_mode = None
        self._set_scale(max(10.0, min(800.0, percent)) / 100 * SCREEN_DPI_SCALE)

    def set_fit(self, mode: str) -> None:
        self.fit_mode = mode
        self.apply_fit()

    def apply_fit(self) -> None:
        if not self._pages or self.fit_mode is None:
            return
        page = self._pages[max(0, self.current_page() - 1)].rect()
        port = self.viewport().size()
        width = max(port.width() - 4, 50) / max(self.sceneRect().width(), 1)
        if self.fit_mode == "page":
            width = min(width, max(port.height() - 4, 50) / max(page.height() + GAP, 1))
        self._set_scale(width)

    def _set_scale(self, scale: float) -> None:
        keep = self.current_page()
        factor = scale / self.transform().m11()
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(factor, factor)
        self.setTransformationAnchor(anchor)
        if keep:
            self.go_to_page(keep)
        self.zoomChanged.emit()
        self._timer.start()

    def zoom(self, factor: float) -> None:
        self.set_zoom(self.zoom_percent() * factor)

    def go_to_page(self, page: int, y: float = 0.0) -> None:
        """Scroll so that ``y`` points down page ``page`` is at the top of the view."""
        if not 1 <= page <= len(self._pages):
            return
        top = self.mapFromScene(QPointF(0, self._tops[page - 1] + y - GAP / 2)).y()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top)
        self._timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.fit_mode is not None:
            self.apply_fit()

    def wheelEvent(self, event) -> None:  # noqa: N802
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        self.zoom(ZOOM_STEP ** (event.angleDelta().y() / 120))  # Ctrl+wheel, as in images
        event.accept()

    # ----- selection and codings -------------------------------------------------------------
    def selection_rect(self) -> Rect | None:
        return self._selection[1] if self._selection else None

    def selection_page(self) -> int | None:
        return self._selection[0] if self._selection else None

    def selection_range(self) -> tuple[int, int] | None:
        """The passage selected on the page ("Select text"), in code points."""
        return self._text_range

    def selected_text(self) -> str:
        found = self._text_range
        return self.renderer.text[found[0]:found[1]] if found else ""

    def set_text_selection(self, page: int | None, found: tuple[int, int] | None) -> None:
        changed = found != self._text_range or self._selection is not None
        self._text_range = found if page is not None else None
        if self._text_range is not None:
            self._selection = None
            self._selection_item.set_rect(None)
        self._text_item.show_range(self._pages[page - 1] if page else None,
                                   self._layers.get(page or 0, []), self._text_range)
        if changed:
            self.selectionChanged.emit()

    def set_selection(self, page: int | None, rect: Rect | None) -> None:
        new = (page, rect) if page is not None and rect is not None else None
        changed = new != self._selection or self._text_range is not None
        if new is not None and self._text_range is not None:
            self._text_range = None
            self._text_item.hide()
        self._selection = new
        self._selection_item.setParentItem(self._pages[page - 1] if new else None)
        self._selection_item.set_rect(rect if new else None)
        if changed:
            self.selectionChanged.emit()

    def show_range(self, start: int, end: int) -> None:
        """A passage (a search hit, a KWIC line) selected on its page and brought into view;
        when the page's text is not read yet, it is selected as soon as it is."""
        page = self.page_of_offset(start)
        if not page:
            return
        self.go_to_page(page, self._top_of(page, start, end))
        if page in self._layers:
            self.set_text_selection(page, (start, end))
        else:
            self._wanted_range = (start, end)

    def _top_of(self, page: int, start: int, end: int) -> float:
        """A little above the first line of a passage on its page (points), or the page's top."""
        tops = [c.box[1] for c in self._layers.get(page, [])
                if c.offset is not None and start <= c.offset < end]
        return max(0.0, min(tops, default=24.0) - 24)

    def _in_selection(self, page: int, point: QPointF) -> bool:
        """Whether a scene point lies on the selection (the rectangle or a selected line)."""
        where = self._pages[page - 1].mapFromScene(point)
        if self._selection is not None and self._selection[0] == page:
            r = self._selection[1]
            return QRectF(r.x, r.y, r.width, r.height).contains(where)
        item = self._text_item
        return self._text_range is not None and item.isVisible() \
            and item.parentItem() is self._pages[page - 1] and item.path().contains(where)

    def selection_mime(self) -> QMimeData | None:
        """What dragging the selection onto the element tree carries: the passage, or the
        rectangle (points) with its page."""
        if self.source_id is None or (self._selection is None and self._text_range is None):
            return None
        if self._text_range is not None:
            body = {"source_id": self.source_id, "start": self._text_range[0],
                    "end": self._text_range[1]}
        else:
            page, r = self._selection
            body = {"source_id": self.source_id, "rect": [r.x, r.y, r.width, r.height],
                    "page": page}
        data = QMimeData()
        data.setData(SELECTION_MIME, json.dumps(body).encode("utf-8"))
        return data

    def _clear_selections(self) -> None:
        self.set_selection(None, None)
        self.set_text_selection(None, None)

    def page_at(self, scene_point: QPointF) -> int | None:
        for item in self._pages[max(0, bisect_right(self._tops, scene_point.y()) - 1):][:1]:
            if item.sceneBoundingRect().contains(scene_point):
                return item.number
        return None

    def _clip(self, page: int, a: QPointF, b: QPointF) -> Rect | None:
        item = self._pages[page - 1]
        box = item.rect()
        p, q = item.mapFromScene(a), item.mapFromScene(b)
        x0, x1 = (max(0, min(box.width(), round(v))) for v in sorted((p.x(), q.x())))
        y0, y1 = (max(0, min(box.height(), round(v))) for v in sorted((p.y(), q.y())))
        return Rect(int(x0), int(y0), int(x1 - x0), int(y1 - y0)) \
            if x1 - x0 >= 2 and y1 - y0 >= 2 else None

    def codings_at(self, view_point: QPoint) -> list[Coding]:
        """Codings drawn under a point, smallest region first."""
        point = self.mapToScene(view_point)
        found = {item.coding_id for item in self.scene().items(point)
                 if isinstance(item, (RegionItem, _PassageItem))}
        codings = [self._codings[i] for i in found if i in self._codings]
        return sorted(codings, key=lambda c: (c.rect.width * c.rect.height if c.rect else 0,
                                              -c.id))

    def show_coding(self, coding: Coding) -> None:
        """Emphasise a coding and bring its page (and the place on it) into view."""
        self._emphasis = coding.id
        for other in list(self._codings.values()):
            if other.page is not None:
                self._draw(other)
        if coding.page is not None and coding.rect is not None:
            self.set_selection(coding.page, coding.rect)
            self.go_to_page(coding.page, max(0.0, coding.rect.y - 24))
        elif coding.start is not None:
            page = self.page_of_offset(coding.start)
            if page:
                self.go_to_page(page, self._top_of(page, coding.start, coding.end))

    # ----- keys and mouse --------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = Qt.Key(event.key())
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        actions = {Qt.Key.Key_Plus: lambda: self.zoom(ZOOM_STEP),
                   Qt.Key.Key_Equal: lambda: self.zoom(ZOOM_STEP),
                   Qt.Key.Key_Minus: lambda: self.zoom(1 / ZOOM_STEP),
                   Qt.Key.Key_Escape: self._clear_selections}
        if key in DIGITS and plain == Qt.KeyboardModifier.NoModifier:
            self.quickKeyPressed.emit(DIGITS[key])
        elif key in actions:
            actions[key]()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        point = self.mapToScene(event.position().toPoint())
        page = self.page_at(point)
        if page is not None and self._in_selection(page, point):
            self._drag_out = event.position().toPoint()  # may become a drag onto an element
            event.accept()
            return
        self._drag = (page, point) if page is not None else None
        self._text_anchor = None
        if page is not None and self.select_mode == "text":
            where = self._pages[page - 1].mapFromScene(point)
            self._text_anchor = nearest_offset(self._layers.get(page, []), where)
        event.accept()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._drag_out is not None:
            if (event.position().toPoint() - self._drag_out).manhattanLength() \
                    >= QApplication.startDragDistance():
                self._drag_out = None
                data = self.selection_mime()
                if data is not None:
                    drag = QDrag(self)
                    drag.setMimeData(data)
                    drag.exec(Qt.DropAction.CopyAction)
            event.accept()
            return
        if self._drag is None:
            super().mouseMoveEvent(event)
            return
        page, origin = self._drag
        point = self.mapToScene(event.position().toPoint())
        if self._text_anchor is not None:
            self.set_text_selection(page, self._text_span(page, point))
        else:
            rect = self._clip(page, origin, point)
            self._selection_item.setParentItem(self._pages[page - 1])
            self._selection_item.set_rect(rect)
        event.accept()

    def _text_span(self, page: int, point: QPointF) -> tuple[int, int] | None:
        where = self._pages[page - 1].mapFromScene(point)
        other = nearest_offset(self._layers.get(page, []), where)
        if other is None or self._text_anchor is None:
            return None
        return min(self._text_anchor, other), max(self._text_anchor, other) + 1

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._drag_out is not None:  # a click in the selection: keep it
            self._drag_out = None
            event.accept()
            return
        if self._drag is None:
            super().mouseReleaseEvent(event)
            return
        (page, origin), self._drag = self._drag, None
        point = event.position().toPoint()
        moved = (self.mapToScene(point) - origin).manhattanLength() * self.transform().m11() > 3
        if self._text_anchor is not None and moved:
            self.set_text_selection(page, self._text_span(page, self.mapToScene(point)))
            event.accept()
            return
        self.set_text_selection(None, None)
        rect = self._clip(page, origin, self.mapToScene(point))
        self.set_selection(page if rect else None, rect)
        if rect is None:  # a click: name the coding under it
            found = self.codings_at(point)
            if found:
                self.codingClicked.emit(found[0].id)
        event.accept()

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        has_selection = self._selection is not None or self._text_range is not None
        menu: QMenu = build_menu(self, self._host, self.codings_at(event.pos()), has_selection,
                                 None, in_vivo=self._text_range is not None)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.renderer.stop()
        super().closeEvent(event)

