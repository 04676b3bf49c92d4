"""Checks an Office package (.docx, .xlsx: a zip of XML parts) before any library unpacks it.

A hostile package can make a library inflate gigabytes (a zip bomb) or make its XML parser
expand entities (billion laughs) or read local files (external entities such as
file:///etc/passwd). Everything here is decided from the zip's central directory before a byte
is inflated, and the XML parts are then read with their size capped:

* all parts together at most ``max_total`` bytes inflated, and no part over 1 MiB compressed
  more than ``MAX_RATIO`` : 1 (text compresses 3-10:1, repetitive spreadsheet XML up to ~50:1);
* no XML part may declare a DTD or an entity, which Word, WPS and Excel never write.

A header that lies about a part's size is caught by zipfile itself: it never inflates more than
the declared size and then reports the CRC mismatch, which the readers refuse as damage.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

MAX_RATIO = 200
_SMALL = 1 << 20  # below this, a part's ratio is not checked (tiny parts compress oddly)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# As written in UTF-8 and in the UTF-16/32 an XML parser also accepts (bytes.lower() lowers the
# ASCII bytes of any of them).
_DECLARATIONS = tuple(mark.encode(codec) for mark in ("<!doctype", "<!entity")
                      for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))


class PackageProblem(Exception):
    """Why a package is not opened: ``kind`` is "damaged", "too-large", "packed" or "dtd"."""

    def __init__(self, kind: str, part: str = "") -> None:
        super().__init__(kind)
        self.kind = kind
        self.part = part


def check_package(source: bytes | Path, max_total: int) -> None:
    """Raise PackageProblem if the package is damaged, inflates beyond ``max_total`` bytes,
    holds a part compressed like a zip bomb, or declares a DTD in an XML part."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            infos = zf.infolist()
            if sum(info.file_size for info in infos) > max_total:
                raise PackageProblem("too-large")
            for info in infos:
                if info.file_size > _SMALL and info.file_size > MAX_RATIO * max(
                        info.compress_size, 1):
                    raise PackageProblem("packed", info.filename)
            for info in infos:
                if info.filename.lower().endswith(_XML_SUFFIXES) and _declares_dtd(zf, info):
                    raise PackageProblem("dtd", info.filename)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:  # a damaged directory or part, an unknown method, encryption
        raise PackageProblem("damaged") from exc


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part declares a DTD or an entity. A DTD can only stand in the prolog, before
    the root element, so the start of the part is enough for the parts real programs write (this
    kept the import of 1,000 Word files near its bare-parsing baseline); a prolog that does not
    end within that start (a huge comment or processing instruction) is scanned whole."""
    with zf.open(info) as handle:
        start = handle.read(_PROLOG_READ)
    verdict = _prolog_verdict(start)
    if verdict is not None:
        return verdict
    return _scan_whole(zf, info)


_PROLOG_READ = 1 << 16


def _prolog_verdict(start: bytes) -> bool | None:
    """True: the prolog declares a DTD; False: the root element begins without one; None: not
    decided within ``start`` (an unusual encoding, or a prolog longer than what was read)."""
    if start[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in start[:4]:
        return None  # UTF-16/32: the byte-level scan below knows those encodings
    text = start[3:] if start.startswith(b"\xef\xbb\xbf") else start
    at = 0
    while True:
        while at < len(text) and text[at:at + 1].isspace():
            at += 1
        rest = text[at:at + 9].lower()
        if at >= len(text):
            return None if len(start) >= _PROLOG_READ else False
        if rest.startswith((b"<!doctype", b"<!entity")):
            return True
        if rest.startswith(b"<?") or rest.startswith(b"<!--"):
            closing = b"?>" if rest.startswith(b"<?") else b"-->"
            end = text.find(closing, at + 2)
            if end < 0:
                return None  # the prolog goes on past what was read
            at = end + len(closing)
            continue
        # The root element (or something no parser accepts before it): no DTD can follow.
        return False


def _scan_whole(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part holds "<!DOCTYPE" or "<!ENTITY" anywhere (streamed: chunks overlap by a
    few bytes so a declaration split between two chunks is still seen)."""
    tail = b""
    with zf.open(info) as handle:
        while chunk := handle.read(1 << 20):
            window = (tail + chunk).lower()
            if any(mark in window for mark in _DECLARATIONS):
                return True
            tail = window[-64:]
    return False
