"""Putting a picture into the image view's scene, in horizontal tiles when it is tall.

A full-page screenshot of a government portal is often 1280×20000 pixels. One QPixmap that tall
is 100 MB that every repaint would have to clip and scale from, and some graphics back ends
refuse pixmaps taller than 16384 or 32767 pixels. Cut into tiles of TILE_ROWS rows, the scene's
index draws only the two or three tiles on screen, each a normal-sized pixmap.

How the image view should fit a picture: :func:`fits_by_width` says when fitting the whole
picture would make it too narrow to read (a tall page), so the view fills its width instead and
starts at the top.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QBuffer, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView

TILE_ROWS = 2048
READABLE_SHARE = 0.5  # fit the width when fitting the whole would show it at under half that


def _decode(data: bytes) -> QImage:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # a phone photo's EXIF rotation, as the importer reads it
    reader.setAllocationLimit(0)  # the importer has already checked the pixel limit
    return reader.read()


def add_picture(scene: QGraphicsScene, data: bytes, width: int, height: int) -> bool:
    """Add the picture ``data`` to ``scene`` scaled to width × height scene units (the size the
    core knows); False when it cannot be decoded (nothing is added then)."""
    image = _decode(data) if data else QImage()
    if image.isNull():
        return False
    scale = width / image.width() if image.width() != width else 1.0
    rows = image.height()
    if rows <= TILE_ROWS:
        pieces = [(0, QPixmap.fromImage(image))]
    else:
        # One row of overlap: scaled tiles meet at fractional positions, and without it a
        # hairline of background could show between them.
        pieces = [(top, QPixmap.fromImage(image.copy(0, top, image.width(),
                                                     min(TILE_ROWS + 1, rows - top))))
                  for top in range(0, rows, TILE_ROWS)]
    del image
    for top, pixmap in pieces:
        item = QGraphicsPixmapItem(pixmap)
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        item.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)  # no mask to compute
        item.setScale(scale)
        item.setPos(0, top * scale)
        item.setZValue(-1)
        scene.addItem(item)
    return True


def fits_by_width(image_size: tuple[int, int], viewport: tuple[int, int]) -> bool:
    """True when the picture should fill the view's width (and scroll) rather than fit whole."""
    width, height = image_size
    view_width, view_height = viewport
    if width <= 0 or height <= 0 or view_width <= 0 or view_height <= 0:
        return False
    whole = min(view_width / width, view_height / height)
    return whole < READABLE_SHARE * (view_width / width)


def fit_view(view: QGraphicsView, image_size: tuple[int, int]) -> None:
    """Fit the whole picture into ``view``, or, for a tall page, its width (the row at the top
    of the view stays at the top, so resizing the window does not lose the reader's place)."""
    width, height = image_size
    port = view.viewport()
    if not fits_by_width(image_size, (port.width(), port.height())):
        view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        view.fitInView(view.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        return
    # The page is taller than the view, so the vertical scroll bar is (or is about to be) shown.
    # Left-aligned: centring a scene just narrower than the view, Qt forgets the scroll bar's
    # width and pushes the page's right edge under it.
    view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    room = view.maximumViewportSize().width() - view.verticalScrollBar().sizeHint().width()
    scale = max(room - 1, 16) / width
    top = max(0.0, view.mapToScene(0, 0).y())
    view.setTransform(QTransform.fromScale(scale, scale))
    view.centerOn(width / 2, top + (port.height() / 2) / scale)


def set_up_picture_view(view: QGraphicsView) -> None:
    """What the image view and the PDF page view share: a scene, smooth scaling, zoom about the
    pointer, keys, and a dark surround that sets the picture or page apart."""
    view.setScene(QGraphicsScene(view))
    view.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform
                        | QPainter.RenderHint.Antialiasing)
    view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
    view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    view.setBackgroundBrush(view.palette().dark())
