"""The entries of a .qdpx archive, deflated on a second thread and never twice or for nothing (used
by ``writing`` and ``writing_sources``).

* An original the project keeps compressed (``core.compact``) goes in as the deflate stream it
  already is: a zip entry of method 8 holds exactly such a stream, and the CRC and size come
  from the original's bytes, which are at hand anyway.
* A file of a compressed kind (images, Word, zip), or one that a trial on its first 64 kB shows
  will not shrink by a tenth (a PDF of scans, say), is stored as it is.
* Everything else (the plain texts, ``project.qde``) is deflated at level 1, like the bare zip
  the export is measured against, on one worker thread while the caller reads the project and
  writes XML: zlib lets go of Python's lock while it deflates, so on two cores the deflating costs
  almost no time of its own. Files go to the worker in batches of a few MB (a thread handing work
  back and forth per small file would spend its time waiting for the lock); at most a few batches
  are in flight, so memory stays bounded whatever the project's size. Entries are written in
  the order given, by the calling thread only.

zipfile has no public way to write bytes that are deflated already. Its entry writer deflates
through ``_compressor`` while it counts the CRC and size over the bytes given to ``write``; the
stand-ins below take that place. Were that ever to change, the entry is deflated by zipfile
itself (slower, same archive; the tests read every entry back).
"""
from __future__ import annotations

import time
import zipfile
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import IO, Iterator

# Already compressed: deflating them again costs time and saves nothing.
STORED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".docx", ".xlsx", ".pptx", ".zip", ".mp3",
          ".mp4", ".m4a", ".odt"}
_LEVEL = 1  # text deflates nearly as well as at the default level, three times faster
_TRIAL = 1 << 16  # bytes deflated to see whether a file of unknown kind shrinks
_WORTH = 0.9  # deflated only when that saves at least a tenth (as core.compact decides)
_BATCH = 4 << 20  # bytes of files sent to the worker at once
_AHEAD = 2  # batches (or chunks of a stream) in flight before the caller waits for the worker
_COMPRESSOR = type(zlib.compressobj())
_DEFLATE, _STORE, _TRY = "deflate", "store", "try"


class Entries:
    """Write entries into ``archive`` in order; use as a context manager inside the archive's
    (what waits is written at its end, and the worker thread ends with it)."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qdpx-deflate")
        self._batch: list[tuple[str, bytes, memoryview | None, str]] = []
        self._size = 0
        self._pending: deque[tuple[list, Future]] = deque()

    def __enter__(self) -> "Entries":
        return self

    def __exit__(self, failed, *_) -> None:
        try:
            if failed is None:
                self.finish()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def text(self, name: str, data: bytes) -> None:
        """A plain text (always worth deflating)."""
        self._add(name, data, None, _DEFLATE)

    def file(self, name: str, data: bytes, deflated: memoryview | None = None) -> None:
        """A source's original file; ``deflated``: its raw deflate stream when the project keeps
        it compressed (``StoredFile.deflated``). A file of a compressed kind is stored as it is
        even then: tools take an image or a Word file from the archive as it is."""
        if PurePosixPath(name).suffix.lower() in STORED:
            self._add(name, data, None, _STORE)
        elif deflated is not None:
            self._add(name, data, deflated, _STORE)
        else:
            self._add(name, data, None, _TRY)

    def finish(self) -> None:
        """Write every entry still waiting for the worker."""
        self._send()
        while self._pending:
            self._write(*self._pending.popleft())

    @contextmanager
    def stream(self, name: str, *, force_zip64: bool = False) -> Iterator[IO[bytes]]:
        """One entry written piece by piece (``project.qde``), each piece deflated by the worker
        while the caller makes the next."""
        self.finish()
        with self.archive.open(name, "w", force_zip64=force_zip64) as entry:
            if isinstance(getattr(entry, "_compressor", None), _COMPRESSOR):
                entry._compressor = _Pipelined(self._pool)  # noqa: SLF001
            yield entry

    def _add(self, name: str, data: bytes, ready: memoryview | None, how: str) -> None:
        self._batch.append((name, data, ready, how))
        self._size += len(data)
        if self._size >= _BATCH:
            self._send()

    def _send(self) -> None:
        if not self._batch:
            return
        batch, self._batch, self._size = self._batch, [], 0
        self._pending.append((batch, self._pool.submit(
            _deflate_all, [(data, how) for _name, data, _ready, how in batch])))
        while len(self._pending) > _AHEAD:
            self._write(*self._pending.popleft())

    def _write(self, batch: list, future: Future) -> None:
        for (name, data, ready, _how), made in zip(batch, future.result()):
            stream = ready if ready is not None else made
            if stream is None:
                self.archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
            else:
                _put_deflated(self.archive, name, data, stream)


def _deflate_all(items: list[tuple[bytes, str]]) -> list[bytes | None]:
    """On the worker: each file's raw deflate stream, or None for one to store as it is."""
    made: list[bytes | None] = []
    for data, how in items:
        if how == _STORE or (how == _TRY and not _shrinks(data)):
            made.append(None)
        else:
            deflater = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
            made.append(deflater.compress(data) + deflater.flush())
    return made


def _shrinks(data: bytes) -> bool:
    trial = data[:_TRIAL]
    return len(zlib.compress(trial, _LEVEL)) <= len(trial) * _WORTH


class _Ready:
    """Stands in for an entry's compressor: the data is deflated already."""

    def __init__(self, stream: memoryview | bytes):
        self._stream = stream

    def compress(self, _data) -> memoryview | bytes:
        stream, self._stream = self._stream, b""
        return stream

    def flush(self) -> bytes:
        return b""


class _Pipelined:
    """Stands in for an entry's compressor: one deflate stream made on the worker, piece after
    piece, handing back what is done (at most ``_AHEAD`` pieces wait)."""

    def __init__(self, pool: ThreadPoolExecutor):
        self._pool = pool
        self._deflater = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
        self._pending: deque[Future] = deque()

    def compress(self, data) -> bytes:
        self._pending.append(self._pool.submit(self._deflater.compress, bytes(data)))
        done = []
        while self._pending and (len(self._pending) > _AHEAD or self._pending[0].done()):
            done.append(self._pending.popleft().result())
        return b"".join(done)

    def flush(self) -> bytes:
        done = [future.result() for future in self._pending]
        self._pending.clear()
        return b"".join(done) + self._deflater.flush()


def _put_deflated(archive: zipfile.ZipFile, name: str, data: bytes,
                  stream: memoryview | bytes) -> None:
    """Write ``stream`` (the raw deflate stream of ``data``) as the entry ``name``."""
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16  # as writestr sets it
    info.file_size = len(data)  # zipfile decides on Zip64 from this before writing
    with archive.open(info, "w") as entry:
        if isinstance(getattr(entry, "_compressor", None), _COMPRESSOR):
            entry._compressor = _Ready(stream)  # noqa: SLF001
        entry.write(data)
