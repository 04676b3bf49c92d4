"""Small pictures of coded image regions, so a list of evidence shows what was coded instead of
"[region 575,0,1060×1094]".

A region's thumbnail is cropped from the source's original image (the project keeps its bytes) and
scaled to the list's row height. Decoding a full-page screenshot is the expensive part (a
1,280 × 20,000 capture is 100 MB as pixels), so the last few decoded images and a few hundred
thumbnails are kept, and the lists ask only for the rows on screen.
"""
from __future__ import annotations

import logging
from collections import OrderedDict

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPixmap

from ..core import Project, Rect

log = logging.getLogger("workbench.ui")

THUMBNAIL = QSize(160, 36)  # the picture beside a quote in a list row
ROW_HEIGHT = THUMBNAIL.height() + 6
READABLE = 18  # pixels: a long thin region (a recognised line) shows its start at this height
_IMAGES, _PIXMAPS = 3, 400


class RegionThumbnails:
    def __init__(self, size: QSize = THUMBNAIL) -> None:
        self.size = size
        self._project: Project | None = None
        self._images: OrderedDict[int, QImage | None] = OrderedDict()
        self._pixmaps: OrderedDict[tuple, QPixmap | None] = OrderedDict()

    def set_project(self, project: Project | None) -> None:
        if project is not self._project:
            self._project = project
            self._images.clear()
            self._pixmaps.clear()

    def pixmap(self, source_id: int, rect: Rect, page: int | None = None) -> QPixmap | None:
        """The region scaled to fit ``size`` (aspect kept); None when the image cannot be read.
        ``page``: a region of that page of a PDF (points), drawn from the page."""
        key = (source_id, page, rect.x, rect.y, rect.width, rect.height)
        if key in self._pixmaps:
            self._pixmaps.move_to_end(key)
            return self._pixmaps[key]
        if page is not None:
            return self._keep(key, self._page_region(source_id, rect, page))
        image = self._image(source_id)
        picture = None
        if image is not None:
            width = rect.width
            if rect.width * READABLE > rect.height * self.size.width():
                # Fitting the whole of a long line would make it a hairline: show its start.
                width = max(1, rect.height * self.size.width() // READABLE)
            crop = image.copy(QRect(rect.x, rect.y, width, rect.height))
            if not crop.isNull():
                picture = QPixmap.fromImage(crop.scaled(
                    self.size, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))
        return self._keep(key, picture)

    def _keep(self, key: tuple, picture: QPixmap | None) -> QPixmap | None:
        self._pixmaps[key] = picture
        if len(self._pixmaps) > _PIXMAPS:
            self._pixmaps.popitem(last=False)
        return picture

    def _page_region(self, source_id: int, rect: Rect, page: int) -> QPixmap | None:
        from types import SimpleNamespace

        from ..core.pdf_regions import region_png

        if self._project is None:
            return None
        scale = max(0.2, min(2.0, self.size.height() * 2 / max(rect.height, 1)))
        data = region_png(self._project, SimpleNamespace(source_id=source_id, rect=rect,
                                                         page=page), scale)
        if data is None:
            return None
        picture = QPixmap()
        if not picture.loadFromData(data):
            return None
        return picture.scaled(self.size, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)

    def _image(self, source_id: int) -> QImage | None:
        if source_id in self._images:
            self._images.move_to_end(source_id)
            return self._images[source_id]
        image = None
        if self._project is not None:
            try:
                data = self._project.sources.original(source_id)
                loaded = QImage.fromData(data)
                image = None if loaded.isNull() else loaded
            except Exception:  # a missing or damaged original: the row keeps its text
                log.warning("no thumbnail for source %s", source_id, exc_info=True)
        self._images[source_id] = image
        if len(self._images) > _IMAGES:
            self._images.popitem(last=False)
        return image
