"""PDF documents: the text page by page in reading order, Chinese (CID fonts) included.

Why pdfminer.six for everything that is read: its layout analysis groups characters into lines
and boxes in reading order (columns included), it maps CID fonts through their ToUnicode maps or
Adobe's predefined CMaps, it opens documents with an empty user password (most "protected"
government PDFs only forbid copying) and it exposes the info dictionary. One parser decides
whether a file is readable, so two libraries cannot disagree about a damaged file. pypdf (part
of the 'ocr' extra) only hands the page images of a scan to OCR (:func:`scan_page_images`),
which pdfminer cannot do. Both load lazily.

What the text is: paragraphs joined by "\n", pages joined by "\n"; blocks of kind "page"
(level = page number) give the page of every character (:func:`page_of`), blocks of kind
"paragraph" the paragraphs. How a page's layout becomes that text (paragraphs, Chinese spacing,
vertical punctuation, page numbers left out) is :mod:`.pdf_text`. A PDF without a text layer on
any page (a scan) raises :class:`NeedsOcr`; :func:`read_pdf_with_ocr` reads it through OCR.
"""
from __future__ import annotations

import io
import re
from pathlib import PurePath
from typing import Any

from . import messages as msg
from .dates import add_date_guess
from .policy_meta import add_policy_guess
from .document import Block, ImportedDocument, ImportRefused, NeedsOcr, page_of
from .ocr import OcrPage
from .pdf_guard import PdfBomb, check_streams
from .pdf_text import PageWalker, clean_text, resource_manager, text_margins

__all__ = ["read_pdf", "read_pdf_with_ocr", "scan_page_images", "page_of", "NeedsOcr"]

PDF_MEDIA_TYPE = "application/pdf"

# Pages read from one file: a statistical yearbook has a few thousand; pdfminer needs about a
# millisecond even for an empty page, so a file listing millions would run for hours.
MAX_PAGES = 10_000
_UNMAPPED_LIMIT = 0.2  # more glyphs without a character than this: the text layer is unusable


def read_pdf(data: bytes, file_name: str) -> ImportedDocument:
    """Read a PDF's text; raise NeedsOcr for a scan, ImportRefused for what cannot be read."""
    pages, info, empty = _extract(data, file_name)
    if not any(pages):
        if info.get("unmapped"):
            raise NeedsOcr(file_name, msg.PDF_NO_TEXT_MAP, pages=len(pages))
        raise NeedsOcr(file_name, msg.PDF_NEEDS_OCR.format(pages=len(pages)), pages=len(pages))
    text, blocks = _assemble(pages)
    metadata = {"pages": str(len(pages))}
    if info.get("unmapped_glyphs"):  # shown as U+FFFD: the font does not say what they are
        metadata["unmapped_glyphs"] = str(info["unmapped_glyphs"])
    if empty:
        metadata["pages_without_text"] = ", ".join(map(str, empty))
    return ImportedDocument(
        kind="text", title=info.get("title") or PurePath(file_name).stem, file_name=file_name,
        media_type=PDF_MEDIA_TYPE, data=data, text=text, blocks=blocks, date=info.get("date"),
        metadata=metadata)


def _assemble(pages: list[list[str]]) -> tuple[str, list[Block]]:
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for number, paragraphs in enumerate(pages, start=1):
        if number > 1:
            parts.append("\n")
            pos += 1
        page_start = pos
        for i, paragraph in enumerate(paragraphs):
            if i:
                parts.append("\n")
                pos += 1
            blocks.append(Block("paragraph", pos, pos + len(paragraph)))
            parts.append(paragraph)
            pos += len(paragraph)
        blocks.append(Block("page", page_start, pos, number))
    return "".join(parts), blocks


def _extract(data: bytes, file_name: str) -> tuple[list[list[str]], dict[str, Any], list[int]]:
    """Paragraphs of every page, the info (title, date) and the pages without text."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSException

    header = data[:1024].find(b"%PDF-")
    if header < 0:
        raise ImportRefused(file_name, msg.PDF_NOT_PDF)
    try:  # a Flate bomb is refused before pdfminer inflates it in memory
        check_streams(data)
    except PdfBomb as bomb:
        raise ImportRefused(file_name, msg.PDF_BOMB.format(limit=bomb.limit // 2 ** 20)) from bomb
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        if _truncated(data, document):
            raise ImportRefused(file_name, msg.PDF_TRUNCATED)
        info = _info(document)
        manager = resource_manager()
        device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(manager, device)
        walkers: list[PageWalker] = []
        for page in PDFPage.create_pages(document):
            if len(walkers) >= MAX_PAGES:  # a page tree listing millions of pages is a hang
                raise ImportRefused(file_name, msg.PDF_TOO_MANY_PAGES.format(limit=MAX_PAGES))
            interpreter.process_page(page)
            walkers.append(PageWalker())
            walkers[-1].walk(device.get_result())
    except PDFPasswordIncorrect as exc:
        raise ImportRefused(file_name, msg.PDF_PASSWORD) from exc
    except PDFEncryptionError as exc:
        raise ImportRefused(file_name, msg.PDF_ENCRYPTION_UNSUPPORTED) from exc
    except (PSException, ValueError, KeyError, TypeError, IndexError, AssertionError,
            AttributeError, EOFError, OSError,
            RecursionError) as exc:  # pdfminer's ways of meeting a bad file (and a page tree
        # nested thousands deep, which its recursive walk cannot descend)
        reason = msg.PDF_DAMAGED if _ends_properly(data) else msg.PDF_TRUNCATED
        raise ImportRefused(file_name, reason) from exc
    if not walkers:
        raise ImportRefused(file_name, msg.PDF_NO_PAGES)
    edges = text_margins(walkers)
    pages = [walker.paragraphs(edges) for walker in walkers]
    glyphs, unmapped = sum(w.glyphs for w in walkers), sum(w.unmapped for w in walkers)
    if glyphs and unmapped / glyphs > _UNMAPPED_LIMIT:
        return [[] for _ in pages], {**info, "unmapped": True}, []
    info["unmapped_glyphs"] = unmapped
    empty = [n for n, paragraphs in enumerate(pages, start=1) if not paragraphs]
    return pages, info, empty if len(empty) < len(pages) else []


def _truncated(data: bytes, document: Any) -> bool:
    """The end of the file is missing: no %%EOF at the end and pdfminer had to rebuild the
    cross-reference table by scanning (a file with a damaged table but a proper end is read)."""
    from pdfminer.pdfdocument import PDFXRefFallback

    if _ends_properly(data):
        return False
    return all(isinstance(xref, PDFXRefFallback) for xref in document.xrefs)


def _ends_properly(data: bytes) -> bool:
    return b"%%EOF" in data[-2048:]


def _info(document: Any) -> dict[str, Any]:
    """Title and creation date from the info dictionary, when they are real."""
    from pdfminer.pdftypes import resolve1

    info: dict[str, Any] = {}
    for entry in document.info:
        entry = resolve1(entry)
        if not isinstance(entry, dict):
            continue
        title = _info_text(resolve1(entry.get("Title")))
        title = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", title).strip()
        if title and not re.fullmatch(r"(?i).*\.(docx?|wps|xlsx?|pptx?|tmp)|untitled|无标题", title):
            info.setdefault("title", title)
        date = pdf_date(_info_text(resolve1(entry.get("CreationDate"))))
        if date:
            info.setdefault("date", date)
    return info


def _info_text(value: Any) -> str:
    """An info string: UTF-16 with a BOM, UTF-8, or PDFDocEncoding; GB18030 is what some Chinese
    tools write without saying so."""
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    if isinstance(value, PSLiteral):
        value = str(value.name)
    if isinstance(value, str):
        return clean_text(value).strip()
    if not isinstance(value, bytes):
        return ""
    if not value.startswith((b"\xfe\xff", b"\xff\xfe")) and any(b >= 0x80 for b in value):
        for codec in ("utf-8", "gb18030"):
            try:
                return clean_text(value.decode(codec)).strip()
            except UnicodeDecodeError:
                continue
    if value.startswith(b"\xff\xfe"):
        return clean_text(value[2:].decode("utf-16-le", "ignore")).strip()
    return clean_text(decode_text(value)).strip()


def pdf_date(value: str) -> str | None:
    """'D:20160929103000+08'00'' -> '2016-09-29' (the date as written, no time-zone shift)."""
    from .dates import iso_date

    m = re.match(r"\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?", value or "")
    if not m or m.group(2) is None:
        return None
    return iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))


# --- scans: page images for OCR -------------------------------------------------------------


def scan_page_images(data: bytes, file_name: str) -> list[bytes | None]:
    """For every page, PNG bytes of its largest image turned by the page's /Rotate (what OCR
    reads for a scanned PDF), or None for a page without an image."""
    from PIL import Image

    from .ocr import OcrUnavailable

    try:
        import pypdf  # part of the 'ocr' extra: only scans need it
    except ImportError as exc:
        raise OcrUnavailable(file_name, msg.OCR_NOT_INSTALLED) from exc
    pages: list[bytes | None] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        for page in reader.pages:
            images = [img.image for img in page.images if img.image is not None]
            if not images:
                pages.append(None)
                continue
            image: Image.Image = max(images, key=lambda im: im.width * im.height)
            if page.rotation % 360:
                image = image.rotate(-(page.rotation % 360), expand=True)
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="PNG")
            pages.append(buffer.getvalue())
    except Exception as exc:  # noqa: BLE001 - pypdf and Pillow raise many kinds on bad images
        raise ImportRefused(file_name, msg.PDF_DAMAGED) from exc
    if not any(pages):
        raise ImportRefused(file_name, msg.PDF_NO_SCAN_IMAGES)
    return pages


def read_pdf_with_ocr(data: bytes, file_name: str, *, progress: Any = None) -> ImportedDocument:
    """A scanned PDF read by OCR: the recognised text page by page, with the same "page" and
    "paragraph" blocks as :func:`read_pdf` (one paragraph per recognised line) and the lines'
    boxes in ``ocr_pages``. ``progress`` (workbench.core.progress.Progress) counts image tiles;
    cancelling raises :class:`workbench.importers.ocr.OcrCancelled`."""
    from . import ocr

    images = scan_page_images(data, file_name)
    numbered = [(n, image) for n, image in enumerate(images, start=1) if image is not None]
    recognised = ocr.recognise_many([image for _, image in numbered], progress=progress,
                                    file_name=file_name)
    by_page = {n: result for (n, _), result in zip(numbered, recognised)}
    try:
        info = _extract_info_only(data)
    except Exception:  # noqa: BLE001 - the title and date are garnish here; the scan is read
        info = {}
    parts: list[str] = []
    blocks: list[Block] = []
    ocr_pages: list[OcrPage] = []
    pos = 0
    for number in range(1, len(images) + 1):
        if number > 1:
            parts.append("\n")
            pos += 1
        lines, (width, height) = by_page.get(number, ([], (0, 0)))
        text, ranges = ocr.lines_to_text(lines)
        shifted = tuple((start + pos, end + pos) for start, end in ranges)
        blocks.extend(Block("paragraph", s, e) for s, e in sorted(shifted))
        blocks.append(Block("page", pos, pos + len(text), number))
        if number in by_page:
            ocr_pages.append(OcrPage(number, width, height, tuple(lines), shifted))
        parts.append(text)
        pos += len(text)
    text = "".join(parts)
    metadata = {"pages": str(len(images)), "ocr": "yes"}
    add_date_guess(metadata, file_name, text)  # as read_file does for every other document
    add_policy_guess(metadata, text)
    return ImportedDocument(
        kind="text", title=info.get("title") or PurePath(file_name).stem, file_name=file_name,
        media_type=PDF_MEDIA_TYPE, data=data, text=text, blocks=blocks,
        date=info.get("date"), metadata=metadata, ocr_pages=ocr_pages)


def _extract_info_only(data: bytes) -> dict[str, Any]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    return _info(PDFDocument(PDFParser(io.BytesIO(data)), password=""))
