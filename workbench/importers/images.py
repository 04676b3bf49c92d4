"""Images (screenshots, scans): checked with Pillow and stored as they are.

An image coding is a rectangle in the image's own pixels, so the size must be right and the
file must decode completely; the original bytes are kept untouched (an animated GIF stays
animated; its size is the GIF's logical screen, which every frame shares).
"""
from __future__ import annotations

import datetime as dt
import io
import warnings
from pathlib import PurePath
from typing import Any

from . import messages as msg
from .document import ImportedDocument, ImportRefused
from .sniff import IMAGE_KINDS, sniff

# Pillow format -> (media type, name for the user, extension to suggest)
_FORMATS = {
    "PNG": ("image/png", "PNG", ".png"),
    "JPEG": ("image/jpeg", "JPEG", ".jpg"),
    "MPO": ("image/jpeg", "JPEG", ".jpg"),  # a phone camera's multi-picture JPEG
    "GIF": ("image/gif", "GIF", ".gif"),
    "BMP": ("image/bmp", "BMP", ".bmp"),
    "WEBP": ("image/webp", "WebP", ".webp"),
}
_PILLOW_FORMATS = ["PNG", "JPEG", "GIF", "BMP", "WEBP"]  # JPEG's opener also yields MPO
EXTENSION_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF",
                     ".bmp": "BMP", ".webp": "WEBP"}
MAX_PIXELS = 200_000_000  # a decompression-bomb guard far above any screenshot or scan
# (Pillow's own guard, twice Image.MAX_IMAGE_PIXELS = about 179 megapixels, may be lower.)
_FULL_DECODE_PIXELS = 50_000_000  # above this only verify() runs, to spare memory
_EXIF_DATETIME_ORIGINAL, _EXIF_DATETIME, _EXIF_IFD = 0x9003, 0x0132, 0x8769


def read_image(data: bytes, file_name: str) -> ImportedDocument:
    """Check an image file and read its size; its format must match its extension."""
    with warnings.catch_warnings():
        return _read_image(data, file_name)


def _read_image(data: bytes, file_name: str) -> ImportedDocument:
    from PIL import Image, UnidentifiedImageError

    ext = PurePath(file_name).suffix.lower()
    try:
        # Pillow warns between its limit and twice it; our own limit decides (_check_size), so
        # its warning would only be a stray line on the console (or an exception under -W error).
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS) as image:
            fmt = image.format or ""
            width, height = image.size
            note = _format_note(fmt, ext)
            _check_size(width, height, file_name)
            image.verify()  # structure and checksums (PNG chunk CRCs); must come first
        with Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS) as image:
            info = _image_info(image)
            if width * height <= _FULL_DECODE_PIXELS:
                if fmt in ("JPEG", "MPO"):
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))  # cheap
                image.load()  # decoding every pixel is what finds a truncated GIF/BMP/JPEG
    except Image.DecompressionBombError as exc:  # raised by open() above Pillow's own limit
        raise ImportRefused(file_name, _too_large(None)) from exc
    except UnidentifiedImageError as exc:
        raise ImportRefused(file_name, _unidentified(data)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise ImportRefused(file_name, msg.IMAGE_DAMAGED) from exc
    media_type = _FORMATS[fmt][0]
    return ImportedDocument(
        kind="image",
        title=PurePath(file_name).stem,
        file_name=file_name,
        media_type=media_type,
        data=data,
        text=None,
        date=info.pop("date", None),
        width=width,
        height=height,
        metadata=info,
        warnings=[note] if note else [],
    )


def _format_note(fmt: str, ext: str) -> str:
    """A JPEG named .png is read as the JPEG it is (by its content, as browsers do), with a
    note saying so; "" when the extension fits."""
    expected = EXTENSION_FORMATS.get(ext)
    if expected is None or _FORMATS[fmt][1] == _FORMATS[expected][1]:
        return ""
    return msg.READ_BY_CONTENT.format(actual=msg.IMAGE_KIND.format(kind=_FORMATS[fmt][1]))


def _check_size(width: int, height: int, file_name: str) -> None:
    if width <= 0 or height <= 0:
        raise ImportRefused(file_name, msg.IMAGE_DAMAGED)
    if width * height > _pixel_limit():
        raise ImportRefused(file_name, _too_large(width * height))


def _pixel_limit() -> int:
    from PIL import Image

    pillow = Image.MAX_IMAGE_PIXELS
    return min(MAX_PIXELS, 2 * pillow) if pillow else MAX_PIXELS


def _too_large(pixels: int | None) -> str:
    limit = _pixel_limit() // 1_000_000
    if pixels is None:  # Pillow refused to open it: more than its own limit, size unknown
        return msg.IMAGE_TOO_LARGE_OVER.format(limit=limit)
    return msg.IMAGE_TOO_LARGE.format(megapixels=pixels // 1_000_000, limit=limit)


def _unidentified(data: bytes) -> str:
    kind = sniff(data)
    if kind == "tiff":
        return msg.IMAGE_NOT_SUPPORTED.format(actual="TIFF")
    if kind in IMAGE_KINDS:  # the signature is there but Pillow cannot parse the header
        return msg.IMAGE_DAMAGED
    return msg.IMAGE_UNKNOWN.format(supported=msg.listing(["PNG", "JPEG", "WebP", "BMP", "GIF"]))


def _image_info(image: Any) -> dict[str, Any]:
    """Animation and the EXIF capture date, when the file states them."""
    info: dict[str, Any] = {}
    frames = getattr(image, "n_frames", 1)
    if frames > 1:
        info["animated"] = "yes"
        info["frames"] = str(frames)
    try:
        exif = image.getexif()
        raw = exif.get_ifd(_EXIF_IFD).get(_EXIF_DATETIME_ORIGINAL) or exif.get(_EXIF_DATETIME)
    except Exception:  # noqa: BLE001 - EXIF is optional garnish; a broken block is not fatal
        raw = None
    if isinstance(raw, str):
        try:
            stamp = dt.datetime.strptime(raw.strip()[:19], "%Y:%m:%d %H:%M:%S")
            info["date"] = stamp.date().isoformat()
        except ValueError:
            pass
    return info
