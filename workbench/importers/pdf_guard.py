"""Refusing a PDF whose compressed streams unpack without bound (a "Flate bomb"), before
pdfminer inflates them in memory and parses them at Python speed.

pdfminer inflates a stream completely (``zlib.decompress``) when it reads it: a page's drawing
instructions, an object stream, a font's character map. One megabyte of deflated zeros is a
gigabyte of instructions, which would take a long time and a lot of memory to refuse. So every
stream of the file is inflated here first, its output counted and dropped: a stream over
``STREAM_LIMIT`` or all of them together over ``TOTAL_LIMIT`` refuses the file. A stream whose
dictionary names more than one FlateDecode is inflated stage by stage (each stage bounded).

Streams marked ``/Subtype /Image`` are skipped: text extraction never decodes images, and a
scanned PDF with Flate pages would otherwise be inflated here for nothing. Encrypted streams
are not zlib data before decryption and are skipped too; pdfminer then inflates them as usual.
"""
from __future__ import annotations

import re
import zlib

STREAM_LIMIT = 128 * 1024 * 1024  # one stream inflated; a real page or font is far smaller
TOTAL_LIMIT = 1024 * 1024 * 1024  # all non-image streams of the file together
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_CHUNK = 64 * 1024


class PdfBomb(Exception):
    """A stream (or all streams together) would inflate beyond ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def check_streams(data: bytes, stream_limit: int = STREAM_LIMIT,
                  total_limit: int = TOTAL_LIMIT) -> None:
    """Raise PdfBomb if a non-image stream of the PDF inflates beyond the limits."""
    total = 0
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 4096):match.start()]
        dictionary = head[head.rfind(b"obj") + 1:]  # the stream's own dictionary
        if _IMAGE.search(dictionary):
            continue
        stages = max(1, len(_FLATE.findall(dictionary)))
        total += _inflated_size(data, match.end(), stages, stream_limit)
        if total > total_limit:
            raise PdfBomb(total_limit)


def _inflated_size(data: bytes, start: int, stages: int, limit: int) -> int:
    """How many bytes the zlib stream at ``start`` inflates to (0 if it is not zlib data);
    PdfBomb past ``limit``. Only a stage that feeds another is kept in memory (bounded)."""
    source: bytes | memoryview = memoryview(data)[start:]
    size = 0
    for stage in range(stages):
        keep = stage < stages - 1
        kept: list[bytes] = []
        size = 0
        inflater = zlib.decompressobj()
        pos = 0
        try:
            while pos < len(source) and not inflater.eof:
                piece = inflater.decompress(source[pos:pos + _CHUNK], _CHUNK * 16)
                pos += _CHUNK
                while True:
                    size += len(piece)
                    if size > limit:
                        raise PdfBomb(limit)
                    if keep:
                        kept.append(piece)
                    if not inflater.unconsumed_tail or inflater.eof:
                        break  # at the end the tail is the file after the stream: it would
                        # be handed back unconsumed forever (a hang on a 16 KB file)
                    piece = inflater.decompress(inflater.unconsumed_tail, _CHUNK * 16)
        except zlib.error:
            pass  # not (or no longer) zlib data: what inflated so far is what pdfminer gets
        if not keep:
            break
        source = b"".join(kept)
    return size
