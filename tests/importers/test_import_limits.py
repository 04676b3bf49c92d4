"""The stated limits: one file up to 512 MiB, one image up to 200 megapixels (or Pillow's own
bomb guard where that is lower). A file exactly at a limit imports; one unit over is refused."""
import pytest

from helpers import png_bytes
from workbench.importers import ImportRefused, images, read_file, registry


def test_a_file_at_the_size_limit_imports_and_one_byte_more_is_refused(tmp_path, monkeypatch):
    text = "政务数据共享平台上线运行。".encode("utf-8")
    monkeypatch.setattr(registry, "MAX_FILE_BYTES", len(text))
    (tmp_path / "at.txt").write_bytes(text)
    assert read_file(tmp_path / "at.txt").text == text.decode()
    (tmp_path / "over.txt").write_bytes(text + b"!")
    with pytest.raises(ImportRefused, match="over.txt"):
        read_file(tmp_path / "over.txt")


def test_an_image_at_the_pixel_limit_imports_and_one_pixel_more_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 300 * 200)
    (tmp_path / "at.png").write_bytes(png_bytes(300, 200))
    assert (read_file(tmp_path / "at.png").width, read_file(tmp_path / "at.png").height) == \
        (300, 200)
    (tmp_path / "over.png").write_bytes(png_bytes(301, 200))
    with pytest.raises(ImportRefused, match="over.png"):
        read_file(tmp_path / "over.png")


def test_the_limits_are_the_stated_ones():
    assert registry.MAX_FILE_BYTES == 512 * 1024 * 1024
    assert images.MAX_PIXELS == 200_000_000
