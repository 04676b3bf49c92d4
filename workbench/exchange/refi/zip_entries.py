"""Source files into a .qdpx archive without deflating anything twice or for nothing (used by
``writing_sources``).

* An original the project stores compressed (``core.compact``) goes in as the deflate stream it
  already is: a zip entry of method 8 holds exactly such a stream, and the CRC and size come
  from the original's bytes, which are at hand anyway.
* A file of a compressed kind (images, Word, zip), or one that a trial on its first 64 kB shows
  will not shrink by a tenth (a PDF of scans, say), is stored as it is.
* Everything else (the plain texts) is deflated at level 1, like the bare zip it is measured
  against.
"""
from __future__ import annotations

import time
import zipfile
import zlib
from pathlib import PurePosixPath

# Already compressed: deflating them again costs time and saves nothing.
STORED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".docx", ".xlsx", ".pptx", ".zip", ".mp3",
          ".mp4", ".m4a", ".odt"}
_TRIAL = 1 << 16  # bytes deflated to see whether a file of unknown kind shrinks
_WORTH = 0.9  # deflated only when that saves at least a tenth (as core.compact decides)
_COMPRESSOR = type(zlib.compressobj())


def put_text(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """A plain text (always worth deflating)."""
    archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


def put_file(archive: zipfile.ZipFile, name: str, data: bytes,
             deflated: memoryview | None = None) -> None:
    """A source's original file; ``deflated``: its raw deflate stream when the project keeps it
    compressed (``StoredFile.deflated``). A file of a compressed kind is stored as it is even
    then: tools take an image or a Word file from the archive as it is."""
    if PurePosixPath(name).suffix.lower() in STORED:
        archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    elif deflated is not None:
        _put_deflated(archive, name, data, deflated)
    else:
        archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED
                         if _shrinks(data) else zipfile.ZIP_STORED)


def _shrinks(data: bytes) -> bool:
    trial = data[:_TRIAL]
    return len(zlib.compress(trial, 1)) <= len(trial) * _WORTH


class _Ready:
    """Stands in for the entry's compressor: the data is compressed already."""

    def __init__(self, stream: memoryview):
        self._stream = stream

    def compress(self, _data) -> memoryview | bytes:
        stream, self._stream = self._stream, b""
        return stream

    def flush(self) -> bytes:
        return b""


def _put_deflated(archive: zipfile.ZipFile, name: str, data: bytes,
                  stream: memoryview) -> None:
    """Write ``stream`` (the raw deflate stream of ``data``) as the entry ``name``."""
    info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16  # as writestr sets it
    info.file_size = len(data)  # zipfile decides on Zip64 from this before writing
    # zipfile has no public way to write compressed bytes; its entry writer deflates through
    # ``_compressor`` while it counts the CRC and size over the bytes given to ``write``. Were
    # that ever to change, the entry is deflated again (the tests read every entry back).
    with archive.open(info, "w") as entry:
        if isinstance(getattr(entry, "_compressor", None), _COMPRESSOR):
            entry._compressor = _Ready(stream)  # noqa: SLF001
        entry.write(data)
