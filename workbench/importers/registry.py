"""Which reader handles which file, and the checks every file gets before its reader runs.

Readers are registered per extension with the content kinds (see :mod:`.sniff`) such a file may
really hold; adding a format is one ``register(...)`` line; the dispatcher does not change.
"""
from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, KeysView
from dataclasses import dataclass, replace
from pathlib import Path

from . import messages as msg
from .dates import add_date_guess
from .policy_meta import add_policy_guess
from .document import ImportedDocument, ImportRefused
from .docx import read_docx
from .html import read_html, read_mhtml
from .images import EXTENSION_FORMATS, read_image
from .legacy_doc import LEGACY_EXTENSIONS, is_encrypted_ole, read_legacy_doc
from .pdf import read_pdf
from .sniff import DESCRIPTIONS, EXTENSION_FOR, IMAGE_KINDS, pdf_start, sniff
from .text import read_markdown, read_plain_text

_log = logging.getLogger(__name__)
Reader = Callable[[bytes, str], ImportedDocument]  # (original bytes, file name) -> document
MAX_FILE_BYTES = 512 * 1024 * 1024  # far above any interview or screenshot; keeps memory sane


@dataclass(frozen=True)
class _Registration:
    reader: Reader
    accepts: frozenset[str | None]  # sniffed kinds allowed; None = no signature (plain text)


_READERS: dict[str, _Registration] = {}
#: The extensions read_file handles (lower case, with the dot); a live view of the registry.
SUPPORTED_EXTENSIONS: KeysView[str] = _READERS.keys()


def register(extensions: Iterable[str], reader: Reader, accepts: Iterable[str | None]) -> None:
    """Let ``reader`` handle files with these extensions whose content sniffs as ``accepts``."""
    for ext in extensions:
        _READERS[ext.lower()] = _Registration(reader, frozenset(accepts))


def _read_pdf(data: bytes, file_name: str) -> ImportedDocument:
    """A PDF, read from its header on: readers accept junk (a server's HTTP header, a BOM)
    within the first KB, and the offsets inside the file count from the header. The project
    keeps the original bytes."""
    start = pdf_start(data)
    if start <= 0:
        return read_pdf(data, file_name)
    return replace(read_pdf(data[start:], file_name), data=data)


register([".txt"], read_plain_text, accepts={None, "html"})  # HTML source saved as .txt is text
register([".md", ".markdown"], read_markdown, accepts={None, "html"})
register([".docx"], read_docx, accepts={"docx", None})  # None: damaged, the reader says so
# The image reader reads each by its content (a JPEG named .png, with a note); None: no
# signature, it says "not an image".
register(EXTENSION_FORMATS, read_image, accepts=IMAGE_KINDS | {None})
# None: the header may sit after some junk (within 1 KB), or the reader says "not a PDF".
register([".pdf"], _read_pdf, accepts={"pdf", None})
# None: pages saved without a doctype (a fragment, a "saved from url" comment first).
register([".html", ".htm", ".xhtml"], read_html, accepts={"html", None})
register([".mhtml", ".mht"], read_mhtml, accepts={"mhtml", "html", None})
# Through LibreOffice when installed, else refused with what to do; "docx": a .docx misnamed.
register(LEGACY_EXTENSIONS, read_legacy_doc, accepts={"ole2", "rtf", "docx", "odt"})


def read_file(path: str | Path, data: bytes | None = None) -> ImportedDocument:
    """Read one file into an ImportedDocument, or raise ImportRefused with one sentence.
    ``data``: its bytes when the caller has read them already (a batch import hashes them
    first), so a large file is not held twice."""
    path = Path(path)
    name = path.name or str(path)
    ext = path.suffix.lower()
    if data is None:
        data = _read_bytes(path, name, ext)
    elif ext not in _READERS:
        raise ImportRefused(name, _unsupported(ext))
    elif not data:
        raise ImportRefused(name, msg.EMPTY)
    registration = _READERS[ext]
    kind = sniff(data)
    if kind not in registration.accepts:
        if kind == "ole2" and is_encrypted_ole(data):  # an encrypted .docx/.xlsx is OLE too
            raise ImportRefused(name, msg.OFFICE_PASSWORD)
        raise ImportRefused(name, _wrong_content(ext, kind))
    try:
        document = registration.reader(data, name)
    except ImportRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - one odd file must not abort a batch import
        # The user gets a sentence; the traceback goes to the log and stays on the exception.
        _log.exception("importer failed on %s", name)
        raise ImportRefused(name, msg.UNEXPECTED.format(detail=type(exc).__name__)) from exc
    # A date from the file name or the text's first/last lines, for the user to confirm; kept
    # apart from the document's own date (a PDF's creation date is often only its conversion).
    add_date_guess(document.metadata, name, document.text)
    add_policy_guess(document.metadata, document.text)  # 文号, agencies, dates: to confirm
    if document.title_guess_from in ("text", "heading"):  # a guess the window should show
        document.metadata.setdefault("title_guess_from", document.title_guess_from)
    return document


def original_bytes(path: Path) -> bytes:
    """A file's bytes for a batch import, after the checks that need no reading (a folder, a
    device or pipe that would never end, a file over the size limit): ImportRefused."""
    name = path.name or str(path)
    try:
        info = path.stat()
        _check_kind(info.st_mode, name)
        _check_size(info.st_size, name)
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(name, exc) from None


def _check_kind(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise ImportRefused(name, msg.IS_FOLDER)
    if not stat.S_ISREG(mode):  # /dev/zero, a FIFO, a socket: reading would never end
        raise ImportRefused(name, msg.NOT_REGULAR)


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise ImportRefused(name, msg.TOO_LARGE.format(
            size=size // 1_000_000, limit=MAX_FILE_BYTES // 1_000_000))


def _read_bytes(path: Path, name: str, ext: str) -> bytes:
    try:
        info = path.stat()
        _check_kind(info.st_mode, name)
        if ext not in _READERS:
            raise ImportRefused(name, _unsupported(ext))
        _check_size(info.st_size, name)
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(name, exc) from None
    if not data:
        raise ImportRefused(name, msg.EMPTY)
    return data


def unreadable(name: str, exc: OSError) -> ImportRefused:
    """The refusal for a file the operating system would not let us read."""
    if isinstance(exc, FileNotFoundError):
        return ImportRefused(name, msg.NOT_FOUND)
    if isinstance(exc, IsADirectoryError):
        return ImportRefused(name, msg.IS_FOLDER)
    if isinstance(exc, PermissionError):
        return ImportRefused(name, msg.NO_PERMISSION)
    return ImportRefused(name, msg.UNREADABLE.format(detail=exc.strerror or exc))


def _unsupported(ext: str) -> str:
    supported = msg.listing(sorted(_READERS))
    if not ext:
        return msg.NO_EXTENSION.format(supported=supported)
    return msg.UNSUPPORTED.format(ext=ext, supported=supported)


def _wrong_content(ext: str, kind: str | None) -> str:
    if kind in EXTENSION_FOR:
        advice = msg.ADVICE["rename"].format(suggested=EXTENSION_FOR[kind])
    else:
        advice = msg.ADVICE.get(kind or "", msg.ADVICE["unknown"]).format()
    actual = DESCRIPTIONS.get(kind or "", msg.OTHER_KIND)
    return msg.WRONG_CONTENT.format(ext=ext, actual=actual, advice=advice)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to import from what the user chose: folders are expanded recursively (sorted,
    supported types only, hidden files and Office lock files skipped); files named explicitly
    are kept even when unsupported or missing, so read_file can report them. No duplicates."""
    found: list[Path] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        for candidate in _walk(path) if path.is_dir() else [path]:
            key = os.path.normcase(os.path.realpath(candidate))
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        dirs[:] = sorted((d for d in dirs if not _skipped(base / d)), key=_natural_key)
        for name in sorted(files, key=_natural_key):
            file = base / name
            if not _skipped(file) and file.suffix.lower() in _READERS:
                yield file


def _skipped(path: Path) -> bool:
    """Hidden files and folders, Office lock files (~$x.docx), macOS zip debris."""
    name = path.name
    if name.startswith((".", "~$")) or name == "__MACOSX":
        return True
    try:  # Windows marks hidden files with an attribute rather than a dot
        return bool(getattr(path.lstat(), "st_file_attributes", 0) & 0x2)
    except OSError:
        return True


def _natural_key(name: str) -> list[int | str]:
    """访谈2 before 访谈10: digit runs compare as numbers."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]
