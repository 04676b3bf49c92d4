"""Text recognition (OCR) of screenshots and scans, offline, Chinese and English.

rapidocr-onnxruntime carries its detection and recognition models inside its wheel, so nothing is
downloaded; it is the optional 'ocr' extra and loads only when text is recognised. The engine is
built once per process (0.3 s) and reused; calls are serialised, one job at a time.

Very tall full-page screenshots (1280×20000) are cut into horizontal tiles of TILE_HEIGHT pixels
overlapping by TILE_OVERLAP, so the detector never shrinks the page (it scales any side above
2000 px down); boxes are shifted back into the image's own pixels and a line seen in two tiles
is kept once. Limits: an image up to MAX_FILE_BYTES and to the importer's pixel limit (the same
as for importing an image, so any image that imports can be recognised); wider than 2000 px the
detector scales the tile down, which small print may not survive.

Reading order (:func:`reading_order`): a recursive XY-cut. A region is cut at its horizontal
gaps into bands (read top to bottom), but consecutive bands that share a vertical gutter are
kept together as one multi-column region; a region that is one band is cut at its gutters into
columns (read left to right). So an article beside a sidebar, or a dialog beside chart labels, are
read one after the other instead of line by line across the image; a title above both columns
comes first. Lines side by side with no such structure (one row) are read left to right.
"""
from __future__ import annotations

import io
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import messages as msg
from .document import ImportRefused

if TYPE_CHECKING:
    from ..core.progress import Progress

TILE_HEIGHT = 1600
TILE_OVERLAP = 100  # taller than any line of text on a screen, so every line is whole in a tile
MAX_FILE_BYTES = 200 * 1024 * 1024
_engine_lock = threading.Lock()
_engine: Any = None


@dataclass(frozen=True)
class OcrLine:
    """One recognised line; coordinates are the image's own pixels."""

    text: str
    box: tuple[int, int, int, int]  # x, y, width, height
    polygon: tuple[tuple[int, int], ...]  # the detector's corners, clockwise from top left
    confidence: float  # 0..1


@dataclass(frozen=True)
class OcrPage:
    """The lines recognised on one image (or one page of a scanned PDF) and where each sits in
    the source's text: ``ranges[i]`` is the code-point range of ``lines[i]``."""

    page: int  # 1-based; 1 for a single image
    width: int
    height: int
    lines: tuple[OcrLine, ...]
    ranges: tuple[tuple[int, int], ...]
    dpi: float = 0.0  # a rendered PDF page: box pixels × 72 / dpi = PDF points; 0 for an image


class OcrUnavailable(ImportRefused):
    """rapidocr-onnxruntime is not installed."""


class OcrCancelled(Exception):
    """The user cancelled the recognition; nothing was produced."""


def pixel_limit() -> int:
    from .images import _pixel_limit

    return _pixel_limit()


def check_limits(file_size: int, width: int, height: int, file_name: str = "image") -> None:
    """Refuse, with one sentence, an image too large to recognise; an image at a limit passes."""
    if file_size > MAX_FILE_BYTES:
        raise ImportRefused(file_name, msg.OCR_FILE_TOO_LARGE.format(
            size=file_size // 1_000_000, limit=MAX_FILE_BYTES // 1_000_000))
    limit = pixel_limit()
    if width * height > limit:
        raise ImportRefused(file_name, msg.OCR_TOO_LARGE.format(
            megapixels=width * height // 1_000_000, limit=limit // 1_000_000))


def tile_spans(height: int, tile: int = TILE_HEIGHT, overlap: int = TILE_OVERLAP
               ) -> list[tuple[int, int]]:
    """(top, bottom) of the horizontal tiles covering an image ``height`` pixels tall."""
    if height <= tile:
        return [(0, height)]
    spans, top = [], 0
    while True:
        bottom = min(top + tile, height)
        spans.append((top, bottom))
        if bottom == height:
            return spans
        top = bottom - overlap


def recognise(image_bytes: bytes, *, progress: Progress | None = None,
              file_name: str = "image") -> list[OcrLine]:
    """The lines of text in an image, in reading order. ``progress`` is started with the number
    of tiles and stepped after each; cancelling it raises OcrCancelled between tiles."""
    return recognise_many([image_bytes], progress=progress, file_name=file_name)[0][0]


def recognise_many(images: Sequence[bytes], *, progress: Progress | None = None,
                   file_name: str = "image"
                   ) -> list[tuple[list[OcrLine], tuple[int, int]]]:
    """Several images (the pages of a scan) under one progress: (lines, (width, height)) each.
    Every image is checked first (a refusal comes before any work); each is decoded only when
    its turn comes, so a long scan does not sit in memory all at once."""
    sizes = [_probe(data, file_name) for data in images]
    engine = _get_engine(file_name)
    if progress is not None:
        progress.start(sum(len(tile_spans(height)) for _, height in sizes), file_name)
    return [(recognise_page(engine, _decode(data, file_name), progress)[0], size)
            for data, size in zip(images, sizes)]


def engine(file_name: str = "image") -> Any:
    """The OCR engine (built once per process); OcrUnavailable when it is not installed."""
    return _get_engine(file_name)


def _probe(data: bytes, file_name: str) -> tuple[int, int]:
    """The image's size from its header, checked against the limits."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as probe:
            size = probe.size
    except Image.DecompressionBombError as exc:  # Pillow's own guard, met before ours
        limit = pixel_limit() // 1_000_000
        raise ImportRefused(file_name, msg.OCR_TOO_LARGE_OVER.format(limit=limit)) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImportRefused(file_name, msg.OCR_NOT_IMAGE) from exc
    check_limits(len(data), size[0], size[1], file_name)
    return size


def _decode(data: bytes, file_name: str) -> Any:
    """The image as RGB, transparent parts white (not black, which would hide black text)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = opened.convert("RGBA")
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImportRefused(file_name, msg.OCR_NOT_IMAGE) from exc
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, image).convert("RGB")


def _get_engine(file_name: str) -> Any:
    global _engine
    with _engine_lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise OcrUnavailable(file_name, msg.OCR_NOT_INSTALLED) from exc
            from .quiet import route_library_logs

            _engine = RapidOCR()
            route_library_logs()  # rapidocr put its own console handler on its loggers
    return _engine


def recognise_page(engine: Any, image: Any, progress: Progress | None = None,
                   deadline: float | None = None) -> tuple[list[OcrLine], bool]:
    """The lines of an RGB image (PIL) in reading order, and whether it was read completely:
    past ``deadline`` (time.monotonic()) the remaining tiles are left out (and stepped)."""
    from .quiet import quiet

    tiles: list[list[OcrLine]] = []
    spans = tile_spans(image.height)
    complete = True
    for top, bottom in spans:
        if progress is not None and progress.cancelled:
            raise OcrCancelled()
        if deadline is not None and time.monotonic() > deadline:
            complete = False
        else:
            with _engine_lock, quiet():  # one at a time: the engine keeps per-call state
                result, _ = engine(image.crop((0, top, image.width, bottom)))
            tiles.append([_line(item, top) for item in result or [] if str(item[1]).strip()])
        if progress is not None:
            progress.step()
    lines = _merge(tiles, spans[:len(tiles)])
    return [lines[i] for i in reading_order(lines)], complete


def _line(item: Sequence[Any], top: int) -> OcrLine:
    points, text, score = item[0], str(item[1]), float(item[2])
    polygon = tuple((int(round(x)), int(round(y)) + top) for x, y in points)
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    box = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    return OcrLine(text.strip(), box, polygon, score)


def _merge(tiles: list[list[OcrLine]], spans: list[tuple[int, int]]) -> list[OcrLine]:
    """All tiles' lines, each line that two overlapping tiles both saw kept once: the larger
    (uncut) reading, else the more confident one."""
    kept: list[OcrLine] = list(tiles[0]) if tiles else []
    for index in range(1, len(tiles)):
        band_top, band_bottom = spans[index][0], spans[index - 1][1]
        for line in tiles[index]:
            twin = next((k for k in kept if _same_place(k, line, band_top, band_bottom)), None)
            if twin is None:
                kept.append(line)
            elif _area(line) > _area(twin) or (
                    _area(line) == _area(twin) and line.confidence > twin.confidence):
                kept[kept.index(twin)] = line
    return kept


def _same_place(a: OcrLine, b: OcrLine, band_top: int, band_bottom: int) -> bool:
    ax, ay, aw, ah = a.box
    bx, by, bw, bh = b.box
    if ay + ah < band_top or by > band_bottom:  # not both in the overlap band
        return False
    w = min(ax + aw, bx + bw) - max(ax, bx)
    h = min(ay + ah, by + bh) - max(ay, by)
    return w > 0 and h > 0 and w * h > 0.5 * min(_area(a), _area(b))


def _area(line: OcrLine) -> int:
    return max(1, line.box[2]) * max(1, line.box[3])


def reading_order(lines: Sequence[OcrLine]) -> list[int]:
    """Indices of ``lines`` in reading order (see the module's doc: a recursive XY-cut)."""
    boxes = [(x, y, x + max(w, 1), y + max(h, 1)) for x, y, w, h in (ln.box for ln in lines)]
    if not boxes:
        return []
    gutter = 0.8 * statistics.median(b[3] - b[1] for b in boxes)  # about one character
    return _xy_order(list(range(len(boxes))), boxes, gutter)


_Box = tuple[int, int, int, int]  # x0, y0, x1, y1


def _xy_order(region: list[int], boxes: list[_Box], gutter: float) -> list[int]:
    if len(region) <= 1:
        return region
    bands = _split(region, boxes, 1, 0.5)
    groups: list[list[int]] = []
    rows: list[int] = []  # how many bands each group holds
    for band in bands:
        if groups and _continues_columns(groups[-1], rows[-1], band, boxes, gutter):
            groups[-1] = groups[-1] + band
            rows[-1] += 1
        else:
            groups.append(band)
            rows.append(1)
    if len(groups) > 1:  # top to bottom
        return [i for group in groups for i in _xy_order(group, boxes, gutter)]
    columns = _split(region, boxes, 0, gutter)
    if len(columns) > 1:  # left to right
        return [i for column in columns for i in _xy_order(column, boxes, gutter)]
    return _row_order(region, boxes)  # no structure left: rows, top to bottom


def _continues_columns(group: list[int], bands: int, band: list[int], boxes: list[_Box],
                       gutter: float) -> bool:
    """The band goes on with the columns of ``group``: the group has a gutter, the band has one
    too or fits in the group's columns after two rows of them, and together they keep one."""
    if len(_split(group, boxes, 0, gutter)) < 2:
        return False
    if bands < 2 and len(_split(band, boxes, 0, gutter)) < 2:
        return False  # a single row side by side, then a line: read as rows
    return len(_split(group + band, boxes, 0, gutter)) > 1


def _split(region: list[int], boxes: list[_Box], axis: int, min_gap: float) -> list[list[int]]:
    """``region`` cut at the gaps (at least ``min_gap`` wide) of its projection on the x
    (axis 0) or y (axis 1) axis, in order along that axis."""
    ordered = sorted(region, key=lambda i: boxes[i][axis])
    groups: list[list[int]] = []
    end = None
    for i in ordered:
        start, stop = boxes[i][axis], boxes[i][axis + 2]
        if end is None or start - end >= min_gap:
            groups.append([i])
            end = stop
        else:
            groups[-1].append(i)
            end = max(end, stop)
    return groups


def _row_order(region: list[int], boxes: list[_Box]) -> list[int]:
    """Top to bottom, and left to right within a row: a line joins a row when it shares most
    of its height with the row's first line."""
    rows: list[list[int]] = []
    for i in sorted(region, key=lambda i: (boxes[i][1], boxes[i][0])):
        _, y0, _, y1 = boxes[i]
        if rows:
            _, r0, _, r1 = boxes[rows[-1][0]]
            shared = min(y1, r1) - max(y0, r0)
            if shared > 0.5 * min(y1 - y0, r1 - r0):
                rows[-1].append(i)
                continue
        rows.append([i])
    return [i for row in rows for i in sorted(row, key=lambda i: boxes[i][0])]


def lines_to_text(lines: Sequence[OcrLine]) -> tuple[str, list[tuple[int, int]]]:
    """The page text (lines in reading order joined with "\\n") and, for each of ``lines`` in
    the order given, its (start, end) code-point range in that text."""
    ranges: list[tuple[int, int]] = [(0, 0)] * len(lines)
    parts: list[str] = []
    pos = 0
    for n, i in enumerate(reading_order(lines)):
        if n:
            parts.append("\n")
            pos += 1
        text = lines[i].text.replace("\n", " ")
        ranges[i] = (pos, pos + len(text))
        parts.append(text)
        pos += len(text)
    return "".join(parts), ranges
