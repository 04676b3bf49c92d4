"""Cutting the parts an .mhtml page does not need (images, fonts, style sheets) out of its bytes
before the standard library's email parser sees them.

The email parser holds a message several times over in memory as it decodes it, at a few MB a
second: an 80 MB page with one large image took 8 s and 750 MB. Only the text/html parts are
read, so every other part keeps its headers (the structure stays the same) and loses its body;
the boundaries are found with ``bytes.find``, so this costs about one pass over the file.
"""
from __future__ import annotations

import email
import email.policy
import re

_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_CONTENT_TYPE = re.compile(rb"(?im)^content-type:\s*([a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+)")
_HEADER_PEEK = 16 * 1024  # a part's headers are a few hundred bytes


def html_parts_only(data: bytes) -> tuple[bytes, int]:
    """``data`` (a multipart MIME message) with the bodies of its non-HTML parts removed, and
    the size of its largest kept part (encoded); the message unchanged, and its whole size,
    when it has no boundary or is not multipart."""
    top = _BLANK_LINE.search(data, 0, _HEADER_PEEK)
    if top is None:
        return data, len(data)
    boundary = email.message_from_bytes(data[:top.end()], policy=email.policy.compat32) \
        .get_boundary()
    if not boundary:
        return data, len(data)
    delimiter = b"\n--" + boundary.encode("latin-1", "replace")
    first = data.find(delimiter)
    if first < 0:
        return data, len(data)
    kept = [data[:first]]
    start = first
    while start >= 0:
        following = data.find(delimiter, start + len(delimiter))
        end = following if following >= 0 else len(data)
        kept.append(_kept(data, start + len(delimiter), end))
        start = following
    return delimiter.join(kept), max(len(part) for part in kept)


def _kept(data: bytes, start: int, end: int) -> bytes:
    """One part (after its delimiter): whole if it is HTML or holds parts, else its headers."""
    if data.startswith(b"--", start):  # the closing delimiter and the epilogue
        return data[start:end]
    line_end = data.find(b"\n", start, end)
    if line_end < 0:
        return data[start:end]
    blank = _BLANK_LINE.search(data, line_end - 1 if data[line_end - 1:line_end] == b"\r"
                               else line_end, min(end, line_end + _HEADER_PEEK))
    if blank is None:
        return data[start:end]  # headers too long to judge: leave the part to the parser
    match = _CONTENT_TYPE.search(data, line_end, blank.start())
    kind = match.group(1).lower() if match else b"text/plain"
    if kind == b"text/html" or kind.startswith(b"multipart/"):
        return data[start:end]
    return data[start:blank.end()]
