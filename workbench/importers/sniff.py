"""What a file really is, from its first bytes, whatever its extension says.

Users rename files, and mail clients and download folders mangle extensions; a file is checked
against what its extension promises so the refusal can say precisely what it is instead.
"""
from __future__ import annotations

import io
import zipfile

from . import messages as msg

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office 97-2003 (.doc, .xls, .ppt)
ZIP_MAGIC = b"PK\x03\x04"

# kind -> how a refusal names it (after "is really ..."); the phrases are translatable messages.
DESCRIPTIONS = msg.KINDS
IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "bmp", "webp", "tiff"})
# Formats the user can fix by renaming: the extension that fits them.
EXTENSION_FOR = {"png": ".png", "jpeg": ".jpg", "gif": ".gif", "bmp": ".bmp", "webp": ".webp",
                 "docx": ".docx", "pdf": ".pdf", "html": ".html", "mhtml": ".mhtml"}
PDF_HEADER_WINDOW = 1024  # PDF readers accept junk before %PDF- within the first KB


def sniff(data: bytes) -> str | None:
    """The kind of file the bytes are (a key of DESCRIPTIONS), or None for no known signature.

    None is what plain text gives: text has no signature, so it is whatever is left.
    """
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"BM") and len(data) >= 26:
        return "bmp"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if _looks_like_html(data):
        return "html"
    if _looks_like_mhtml(data):
        return "mhtml"
    return None


def pdf_start(data: bytes) -> int:
    """Where the PDF header starts within the first KB, or -1."""
    return data.find(b"%PDF-", 0, PDF_HEADER_WINDOW)


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
        return None  # a damaged zip is no known kind: the Word reader then says "damaged"
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "odt"
    if "[Content_Types].xml" in names:
        return None  # an Office package missing its main part: damaged, not an archive
    return "zip"


def _looks_like_html(data: bytes) -> bool:
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _looks_like_mhtml(data: bytes) -> bool:
    """A browser's single-file page: MIME headers (From:/Subject:/MIME-Version: …) first, then a
    multipart/related body (Chrome's "Webpage, single file", IE's .mht)."""
    head = data[:4096].decode("latin-1").lower()
    first = head.lstrip().split("\n", 1)[0]
    if ":" not in first or " " in first.split(":", 1)[0]:
        return False  # the first line is not a header line
    return "mime-version:" in head and "multipart/related" in head
