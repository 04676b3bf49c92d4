"""Images built with Pillow: size, media type, strict format/extension match, damage, bombs."""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from workbench.importers import ImportRefused, images, read_file


def _image_bytes(fmt: str, size: tuple[int, int] = (37, 23), **options: object) -> bytes:
    buffer = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    Image.new(mode, size, 1 if mode == "P" else (200, 30, 30)).save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize("ext, fmt, media_type", [
    (".png", "PNG", "image/png"),
    (".jpg", "JPEG", "image/jpeg"),
    (".jpeg", "JPEG", "image/jpeg"),
    (".webp", "WEBP", "image/webp"),
    (".bmp", "BMP", "image/bmp"),
    (".gif", "GIF", "image/gif"),
    (".PNG", "PNG", "image/png"),
])
def test_each_format_gives_size_and_media_type(
    tmp_path: Path, ext: str, fmt: str, media_type: str
) -> None:
    data = _image_bytes(fmt)
    path = tmp_path / f"截图01{ext}"
    path.write_bytes(data)
    doc = read_file(path)
    assert (doc.kind, doc.width, doc.height, doc.media_type) == ("image", 37, 23, media_type)
    assert doc.text is None and doc.blocks == []
    assert doc.title == "截图01" and doc.file_name == f"截图01{ext}"
    assert doc.data == data


def test_png_named_jpg_is_read_by_its_content_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(_image_bytes("PNG"))
    doc = read_file(path)
    assert (doc.media_type, doc.width, doc.height) == ("image/png", 37, 23)
    assert doc.warnings == [
        "the file's extension does not fit its content; it was read as a PNG image."]


@pytest.mark.parametrize("fmt, media_type", [("JPEG", "image/jpeg"), ("GIF", "image/gif"),
                                             ("BMP", "image/bmp"), ("WEBP", "image/webp")])
def test_other_images_named_png_are_read_by_their_content(tmp_path: Path, fmt: str,
                                                          media_type: str) -> None:
    path = tmp_path / "scan.png"
    data = _image_bytes(fmt)
    path.write_bytes(data)
    doc = read_file(path)
    assert doc.media_type == media_type and doc.data == data
    assert "it was read as a" in doc.warnings[0]


@pytest.mark.parametrize("fmt, ext", [("PNG", ".png"), ("GIF", ".gif"), ("JPEG", ".jpg")])
def test_truncated_image_is_refused(tmp_path: Path, fmt: str, ext: str) -> None:
    data = _image_bytes(fmt, (120, 90))
    path = tmp_path / f"cut{ext}"
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(ImportRefused, match=rf"^cut\{ext}: the image is damaged or incomplete"):
        read_file(path)


def test_png_cut_inside_its_header_is_damaged_not_unknown(tmp_path: Path) -> None:
    path = tmp_path / "cut.png"
    path.write_bytes(_image_bytes("PNG")[:20])
    with pytest.raises(ImportRefused, match="damaged or incomplete"):
        read_file(path)


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(_png_header_only(30_000, 30_000))  # 900 megapixels, a few bytes on disk
    with pytest.raises(ImportRefused, match=r"^huge\.png: the image is too large \(over 1\d\d "
                                            r"megapixels, the limit is 1\d\d\); scale it down"):
        read_file(path)


def test_image_over_the_limit_by_our_own_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "MAX_PIXELS", 10_000_000)
    path = tmp_path / "big.png"
    path.write_bytes(_png_header_only(5_000, 4_000))
    with pytest.raises(ImportRefused, match=r"too large \(20 megapixels, the limit is 10\)"):
        read_file(path)


def test_animated_gif_is_stored_as_is(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (16, 12), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    path = tmp_path / "anim.gif"
    path.write_bytes(buffer.getvalue())
    doc = read_file(path)
    assert (doc.width, doc.height) == (16, 12)
    assert doc.metadata == {"animated": "yes", "frames": "3"}
    assert doc.data == buffer.getvalue()


def test_tiff_named_png_is_not_supported(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(_image_bytes("TIFF"))
    with pytest.raises(ImportRefused, match="TIFF images are not supported; convert it to PNG"):
        read_file(path)


def test_text_named_png_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("这不是图片", encoding="utf-8")
    with pytest.raises(ImportRefused, match="not an image in a supported format"):
        read_file(path)


def test_exif_capture_date_is_the_document_date(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0132] = "2023:04:05 10:11:12"
    path = tmp_path / "photo.jpg"
    path.write_bytes(_image_bytes("JPEG", exif=exif))
    assert read_file(path).date == "2023-04-05"
