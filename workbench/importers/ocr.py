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
"""
from __future__ import annotations

import io
import threading
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
    return [(_recognise_image(engine, _decode(data, file_name), progress), size)
            for data, size in zip(images, sizes)]


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
            _engine = RapidOCR()
    return _engine


def _recognise_image(engine: Any, image: Any, progress: Progress | None) -> list[OcrLine]:
    tiles: list[list[OcrLine]] = []
    spans = tile_spans(image.height)
    for top, bottom in spans:
        if progress is not None and progress.cancelled:
            raise OcrCancelled()
        with _engine_lock:  # one recognition at a time: the engine keeps per-call state
            result, _ = engine(image.crop((0, top, image.width, bottom)))
        tiles.append([_line(item, top) for item in result or [] if str(item[1]).strip()])
        if progress is not None:
            progress.step()
    lines = _merge(tiles, spans)
    text_order = _reading_order(lines)
    return [lines[i] for i in text_order]


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


def _reading_order(lines: Sequence[OcrLine]) -> list[int]:
    """Indices of ``lines`` top to bottom, and left to right within a row: a line joins a row
    when it shares most of its height with the row's first line."""
    rows: list[list[int]] = []
    for i in sorted(range(len(lines)), key=lambda i: (lines[i].box[1], lines[i].box[0])):
        _, y, _, h = lines[i].box
        if rows:
            _, ry, _, rh = lines[rows[-1][0]].box
            shared = min(y + h, ry + rh) - max(y, ry)
            if shared > 0.5 * min(max(h, 1), max(rh, 1)):
                rows[-1].append(i)
                continue
        rows.append([i])
    return [i for row in rows for i in sorted(row, key=lambda i: lines[i].box[0])]


def lines_to_text(lines: Sequence[OcrLine]) -> tuple[str, list[tuple[int, int]]]:
    """The page text (lines in reading order joined with "\\n") and, for each of ``lines`` in
    the order given, its (start, end) code-point range in that text."""
    ranges: list[tuple[int, int]] = [(0, 0)] * len(lines)
    parts: list[str] = []
    pos = 0
    for n, i in enumerate(_reading_order(lines)):
        if n:
            parts.append("\n")
            pos += 1
        text = lines[i].text.replace("\n", " ")
        ranges[i] = (pos, pos + len(text))
        parts.append(text)
        pos += len(text)
    return "".join(parts), ranges
