"""``ImageSourceView``: a screenshot or scan, its coded regions and a rectangle to code.

Scene coordinates are the image's pixels (the pixmap is scaled to the size the core knows, in
case the decoder disagrees), so a rectangle drawn on screen maps through the view's transform
straight to what ``codings.code_region`` expects. Left-drag draws the selection (clipped to the
image); pressing inside the selection and moving drags it onto the element tree; the middle
button or space+drag pans; Ctrl+wheel and +/- zoom, 0 fits the image to the window (the default;
a tall full-page screenshot fills the window's width instead and starts at the top, see
image_tiles.py). When the image has recognised text, its line boxes are drawn faintly
(``set_line_boxes``) and a click on one says which (``lineClicked``).
"""
from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QKeyEvent, QPen
from PySide6.QtWidgets import QApplication, QGraphicsView, QMenu, QWidget

from ..core import Coding, Rect
from ..i18n import tr
from .coding_menu import ViewerHost, build_menu
from .image_regions import LineBoxesItem, RegionItem, SelectionItem
from .image_tiles import add_picture, fit_view, set_up_picture_view
from .text_view import DIGITS, SELECTION_MIME

ZOOM_STEP = 1.25


class ImageSourceView(QGraphicsView):
    quickKeyPressed = Signal(int)
    codingClicked = Signal(int)
    selectionChanged = Signal()
    lineClicked = Signal(int)  # index of the recognised line clicked (set_line_boxes order)
    recogniseRequested = Signal()  # "Recognise text (OCR)" from the context menu

    def __init__(self, host: ViewerHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self.has_text = False  # the image has recognised text (no "Recognise text" then)
        self.line_boxes: LineBoxesItem | None = None
        self.source_id: int | None = None
        self._size = (0, 0)
        self._codings: dict[int, Coding] = {}
        self._items: dict[int, RegionItem] = {}
        self._colors: dict[int, str] = {}
        self._selection: Rect | None = None
        self._mode: str | None = None  # "select" | "pan" | "maybe-drag" while a button is down
        self._origin = QPointF()
        self._last = QPoint()
        self._space = False
        self._fit = True
        self._emphasis: int | None = None
        set_up_picture_view(self)
        self._selection_item = SelectionItem()

    # ----- content ---------------------------------------------------------------------------
    def load(self, source_id: int, data: bytes, width: int, height: int,
             codings: list[Coding], colors: dict[int, str]) -> None:
        scene = self.scene()
        scene.clear()  # deletes the old items, the selection item included
        self._items.clear()
        self.source_id, self._size, self._colors = source_id, (width, height), dict(colors)
        self._emphasis = None
        self.line_boxes = None
        if not add_picture(scene, data, width, height):
            # undecodable bytes: still let the existing regions be read and edited
            scene.addRect(QRectF(0, 0, width, height), QPen(Qt.PenStyle.NoPen),
                          QColor("#cccccc"))
            scene.addSimpleText(tr("This image cannot be displayed.")).setPos(8, 8)
        scene.setSceneRect(QRectF(0, 0, width, height))
        self._selection_item = SelectionItem()
        scene.addItem(self._selection_item)
        self._codings = {}
        self.apply_delta([], [c for c in codings if c.rect is not None])
        self.set_selection(None)
        self.fit()
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def set_line_boxes(self, boxes: list[tuple[int, int, int, int]]) -> None:
        """Draw the recognised lines' boxes (image pixels); an empty list removes them."""
        if self.line_boxes is None and boxes:
            self.line_boxes = LineBoxesItem(*self._size)
            self.scene().addItem(self.line_boxes)
        if self.line_boxes is not None:
            self.line_boxes.set_boxes(boxes)
            self.line_boxes.setVisible(bool(boxes))

    def apply_delta(self, removed: list[int], upserted: list[Coding]) -> None:
        for coding_id in removed:
            self._codings.pop(coding_id, None)
            item = self._items.pop(coding_id, None)
            if item is not None:
                self.scene().removeItem(item)
        for coding in upserted:
            if coding.rect is None:
                continue
            self._codings[coding.id] = coding
            item = self._items.get(coding.id)
            if item is None:
                item = self._items[coding.id] = RegionItem(coding.id)
                self.scene().addItem(item)
            item.show_coding(coding, self._colors.get(coding.element_id, "#999999"),
                             coding.id == self._emphasis)

    def set_colors(self, colors: dict[int, str]) -> None:
        self._colors = dict(colors)
        self.apply_delta([], list(self._codings.values()))

    # ----- selection -------------------------------------------------------------------------
    def selection_rect(self) -> Rect | None:
        return self._selection

    def set_selection(self, rect: Rect | None) -> None:
        changed = rect != self._selection
        self._selection = rect
        self._selection_item.set_rect(rect)
        if changed:
            self.selectionChanged.emit()

    def _clip_rect(self, a: QPointF, b: QPointF) -> Rect | None:
        width, height = self._size
        # Pixel edges nearest to the pointer, clipped to the image.
        x0 = max(0, min(width, round(min(a.x(), b.x()))))
        y0 = max(0, min(height, round(min(a.y(), b.y()))))
        x1 = max(0, min(width, round(max(a.x(), b.x()))))
        y1 = max(0, min(height, round(max(a.y(), b.y()))))
        return Rect(x0, y0, x1 - x0, y1 - y0) if x1 - x0 >= 2 and y1 - y0 >= 2 else None

    def codings_at(self, view_point: QPoint) -> list[Coding]:
        """Codings whose region contains the point, smallest first."""
        p = self.mapToScene(view_point)
        found = [c for c in self._codings.values()
                 if c.rect.x <= p.x() <= c.rect.x + c.rect.width
                 and c.rect.y <= p.y() <= c.rect.y + c.rect.height]
        return sorted(found, key=lambda c: (c.rect.width * c.rect.height, -c.id))

    def tooltip_at(self, view_point: QPoint) -> str:
        found = self.codings_at(view_point)
        return "<br/>".join(self._items[c.id].toolTip() for c in found if c.id in self._items)

    def show_coding(self, coding_id: int) -> None:
        """Select, emphasise and centre a region (a jump from elsewhere)."""
        coding = self._codings.get(coding_id)
        if coding is None:
            return
        self._emphasise(coding_id)
        self.set_selection(coding.rect)
        self.centerOn(self._items[coding_id])

    def _emphasise(self, coding_id: int | None) -> None:
        self._emphasis = coding_id
        for cid, item in self._items.items():
            item.set_emphasis(cid == coding_id)

    def selection_mime(self) -> QMimeData | None:
        """What dragging the selection carries to the element tree (image pixels)."""
        if self._selection is None or self.source_id is None:
            return None
        r = self._selection
        data = QMimeData()
        body = {"source_id": self.source_id, "rect": [r.x, r.y, r.width, r.height]}
        data.setData(SELECTION_MIME, json.dumps(body).encode("utf-8"))
        return data

    # ----- zoom ------------------------------------------------------------------------------
    def fit(self) -> None:
        """The whole image in the window, or for a tall page its full width (kept on resize)."""
        self._fit = True
        if self._size[0] and self._size[1]:
            fit_view(self, self._size)

    def zoom(self, factor: float) -> None:
        self._fit = False
        scale = self.transform().m11() * factor
        if 0.02 <= scale <= 40:
            self.scale(factor, factor)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._fit:
            self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP ** (event.angleDelta().y() / 120))
            event.accept()
        else:
            super().wheelEvent(event)

    # ----- keys and mouse --------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = Qt.Key(event.key())
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in DIGITS and plain == Qt.KeyboardModifier.NoModifier:
            self.quickKeyPressed.emit(DIGITS[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key == Qt.Key.Key_Escape:
            self.set_selection(None)
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().unsetCursor()
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        point = event.position().toPoint()
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (
                button == Qt.MouseButton.LeftButton and self._space):
            self._mode, self._last = "pan", point
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        elif button == Qt.MouseButton.LeftButton:
            scene_point = self.mapToScene(point)
            r = self._selection
            inside = r is not None and QRectF(r.x, r.y, r.width, r.height).contains(scene_point)
            self._mode = "maybe-drag" if inside else "select"
            self._origin, self._last = scene_point, point
        else:
            super().mousePressEvent(event)
            return
        event.accept()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        point = event.position().toPoint()
        if self._mode == "pan":
            delta = point - self._last
            self._last = point
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
        elif self._mode == "select":
            self._selection_item.set_rect(self._clip_rect(self._origin, self.mapToScene(point)))
        elif self._mode == "maybe-drag":
            if (point - self._last).manhattanLength() >= QApplication.startDragDistance():
                self._mode = None
                data = self.selection_mime()
                if data is not None:
                    drag = QDrag(self)
                    drag.setMimeData(data)
                    drag.exec(Qt.DropAction.CopyAction)
        else:
            super().mouseMoveEvent(event)
            return
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        mode, self._mode = self._mode, None
        point = event.position().toPoint()
        if mode == "pan":
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space
                                      else Qt.CursorShape.ArrowCursor)
        elif mode == "select":
            rect = self._clip_rect(self._origin, self.mapToScene(point))
            self.set_selection(rect)
            if rect is None:  # a click: pick the region under it
                found = self.codings_at(point)
                self._emphasise(found[0].id if found else None)
                if found:
                    self.codingClicked.emit(found[0].id)
                if self.line_boxes is not None and self.line_boxes.isVisible():
                    where = self.mapToScene(point)
                    line = self.line_boxes.index_at(where.x(), where.y())
                    if line is not None:
                        self.lineClicked.emit(line)
        elif mode is None:
            super().mouseReleaseEvent(event)
            return
        event.accept()

    def build_context_menu(self, view_point: QPoint) -> QMenu:
        menu = build_menu(self, self._host, self.codings_at(view_point),
                          self._selection is not None, None, in_vivo=False)
        if not self.has_text and self._host.writable():
            menu.addSeparator()
            action = menu.addAction(tr("Recognise text (OCR)"))
            action.setObjectName("recognise-text")
            action.triggered.connect(self.recogniseRequested)
        menu.addSeparator()
        for label, name, slot in ((tr("Zoom in"), "zoom-in", lambda: self.zoom(ZOOM_STEP)),
                                  (tr("Zoom out"), "zoom-out", lambda: self.zoom(1 / ZOOM_STEP)),
                                  (tr("Fit to window"), "fit", self.fit)):
            action = menu.addAction(label)
            action.setObjectName(name)
            action.triggered.connect(slot)
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        menu = self.build_context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()
