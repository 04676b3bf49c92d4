"""PDF documents: the text page by page in reading order, Chinese (CID fonts) included.

Why pdfminer.six for everything that is read: its layout analysis groups characters into lines
and boxes in reading order (columns included), it maps CID fonts through their ToUnicode maps or
Adobe's predefined CMaps, it opens documents with an empty user password (most "protected"
government PDFs only forbid copying) and it exposes the info dictionary. One parser decides
whether a file is readable, so two libraries cannot disagree about a damaged file. pypdfium2
(part of the 'ocr' extra) only renders pages for OCR (:mod:`.pdf_ocr`), which pdfminer cannot
do. Both load lazily. How much work one page and one file may cost is bounded
(:mod:`.pdf_budget`); a page over its limit is skipped with a warning naming it.

What the text is: paragraphs joined by "\n", pages joined by "\n"; blocks of kind "page"
(level = page number) give the page of every character (:func:`page_of`), blocks of kind
"paragraph" the paragraphs. How a page's layout becomes that text (paragraphs, Chinese spacing,
vertical punctuation, page numbers left out) is :mod:`.pdf_text`. A PDF without a text layer on
any page (a scan) raises :class:`NeedsOcr`; :func:`read_pdf_with_ocr` reads it through OCR.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from . import messages as msg
from . import pdf_budget as budget_limits
from . import pdf_messages as pdf_msg
from .document import PDF_MEDIA_TYPE, Block, ImportedDocument, ImportRefused, NeedsOcr, page_of
from .pdf_budget import Budget, FileTooBusy, PageTooBusy, bounded_reader
from .pdf_guard import PdfBomb, check_streams
from .pdf_repair import choose_codecs
from .pdf_text import PageWalker, clean_text, resource_manager, text_margins
from .quiet import quiet

__all__ = ["read_pdf", "read_pdf_with_ocr", "page_of", "NeedsOcr"]


# Pages read from one file: a statistical yearbook has a few thousand; pdfminer needs about a
# millisecond even for an empty page, so a file listing millions would run for hours.
MAX_PAGES = 10_000
_UNMAPPED_LIMIT = 0.2  # more glyphs without a character than this: the text layer is unusable


def read_pdf(data: bytes, file_name: str) -> ImportedDocument:
    """Read a PDF's text; raise NeedsOcr for a scan, ImportRefused for what cannot be read.
    What was skipped, repaired or could not be read is in the document's ``warnings``,
    ``repairs``, ``pages_without_text`` and ``ocr_advised_pages``."""
    found = _extract(data, file_name)
    pages, info = found.pages, found.info
    if not any(pages):
        if found.skipped:  # the pages with content were the ones too costly to read
            raise ImportRefused(file_name, pdf_msg.ALL_TOO_BUSY.format(**_limits()))
        if info.get("unmapped"):
            raise NeedsOcr(file_name, msg.PDF_NO_TEXT_MAP, pages=len(pages))
        raise NeedsOcr(file_name, msg.PDF_NEEDS_OCR.format(pages=len(pages)), pages=len(pages))
    text, blocks = _assemble(pages)
    metadata = {"pages": str(len(pages))}
    if info.get("unmapped_glyphs"):  # shown as U+FFFD: the font does not say what they are
        metadata["unmapped_glyphs"] = str(info["unmapped_glyphs"])
    empty = [n for n, paragraphs in enumerate(pages, start=1) if not paragraphs]
    if empty:
        metadata["pages_without_text"] = pdf_msg.page_list(empty)
    return ImportedDocument(
        kind="text", title=info.get("title") or PurePath(file_name).stem, file_name=file_name,
        media_type=PDF_MEDIA_TYPE, data=data, text=text, blocks=blocks, date=info.get("date"),
        metadata=metadata, warnings=found.warnings, repairs=found.repairs,
        pages_without_text=len(empty), ocr_advised_pages=found.advised)


def read_pdf_with_ocr(data: bytes, file_name: str, *, progress: Any = None) -> ImportedDocument:
    """A PDF read by OCR of its rendered pages (see :mod:`.pdf_ocr`)."""
    from .pdf_ocr import read_pdf_with_ocr as read

    return read(data, file_name, progress=progress)


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


@dataclass
class _Extracted:
    pages: list[list[str]]  # paragraphs of every page
    info: dict[str, Any]  # title, date, unmapped
    warnings: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    advised: list[int] = field(default_factory=list)  # pages to read by OCR instead
    skipped: list[int] = field(default_factory=list)  # pages over the work limits


def _limits() -> dict[str, str]:
    return {"tokens": f"{budget_limits.PAGE_TOKENS:,}", "objects": f"{budget_limits.PAGE_OBJECTS:,}"}


def _extract(data: bytes, file_name: str) -> _Extracted:
    """Paragraphs of every page, the info (title, date) and what the reader noticed."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSException

    header = data[:1024].find(b"%PDF-")
    if header < 0:
        raise ImportRefused(file_name, msg.PDF_NOT_PDF)
    try:  # a Flate bomb is refused before pdfminer inflates it in memory
        check_streams(data)
    except PdfBomb as bomb:
        raise ImportRefused(file_name, msg.PDF_BOMB.format(limit=bomb.limit // 2 ** 20)) from bomb
    try:
        with quiet():  # pdfminer's warnings about odd operators go to the debug log
            walkers, info, busy, file_busy = _walk_pages(data, file_name)
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
    codecs = choose_codecs([run for walker in walkers for run in walker.high_runs()])
    for walker in walkers:
        walker.finish(codecs)
    edges = text_margins(walkers)
    found = _Extracted([walker.paragraphs(edges) for walker in walkers], info,
                       skipped=busy + file_busy)
    glyphs, unmapped = sum(w.glyphs for w in walkers), sum(w.unmapped for w in walkers)
    if glyphs and unmapped / glyphs > _UNMAPPED_LIMIT:
        found.pages, found.info = [[] for _ in walkers], {**info, "unmapped": True}
        return found
    info["unmapped_glyphs"] = unmapped
    _notice(found, walkers, codecs, busy, file_busy)
    return found


def _walk_pages(data: bytes, file_name: str
                ) -> tuple[list[PageWalker], dict[str, Any], list[int], list[int]]:
    """Lay out every page within the work limits: the page walkers (an empty one for a page
    skipped), the info, the pages over a page's limit and those after the file's limit."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    if _truncated(data, document):
        raise ImportRefused(file_name, msg.PDF_TRUNCATED)
    info = _info(document)
    manager = resource_manager()
    laparams = LAParams(all_texts=True)
    budget = Budget()
    device, interpreter = bounded_reader(manager, laparams, budget)
    walkers: list[PageWalker] = []
    busy: list[int] = []
    file_busy: list[int] = []
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        if len(walkers) >= MAX_PAGES:  # a page tree listing millions of pages is a hang
            raise ImportRefused(file_name, msg.PDF_TOO_MANY_PAGES.format(limit=MAX_PAGES))
        walkers.append(PageWalker())
        if file_busy:  # the file's limit is reached: the rest only keep their numbers
            file_busy.append(number)
            continue
        budget.start_page()
        try:
            interpreter.process_page(page)
            walkers[-1].walk(device.get_result())
        except (PageTooBusy, FileTooBusy) as exc:
            (busy if isinstance(exc, PageTooBusy) else file_busy).append(number)
            walkers[-1] = PageWalker()  # nothing of the page half-read
            device, interpreter = bounded_reader(manager, laparams, budget)
    return walkers, info, busy, file_busy


def _notice(found: _Extracted, walkers: list[PageWalker], codecs: dict[str, str],
            busy: list[int], file_busy: list[int]) -> None:
    """The warnings and repairs of a PDF read from its text layer."""
    limits = _limits()
    if busy:
        found.warnings.append(pdf_msg.PAGE_TOO_BUSY.format(pages=pdf_msg.page_list(busy),
                                                           **limits))
    if file_busy:
        found.warnings.append(pdf_msg.FILE_TOO_BUSY.format(
            pages=pdf_msg.page_list(file_busy), tokens=f"{budget_limits.FILE_TOKENS:,}",
            objects=f"{budget_limits.FILE_OBJECTS:,}"))
    unreadable = [n for n, w in enumerate(walkers, start=1) if w.unmapped]
    if unreadable:
        found.warnings.append(pdf_msg.REPLACEMENT.format(
            count=sum(w.unmapped for w in walkers), pages=pdf_msg.page_list(unreadable)))
    found.advised = [n for n, w in enumerate(walkers, start=1) if w.garbled]
    if found.advised:
        found.warnings.append(pdf_msg.GARBLED.format(pages=pdf_msg.page_list(found.advised)))
    repaired = sum(w.repaired for w in walkers)
    if repaired:
        names = sorted({codec.upper() for codec in codecs.values()})
        found.repairs.append(pdf_msg.REPAIRED.format(count=repaired, codec=", ".join(names)))
    folded = sum(w.folded for w in walkers)
    if folded:
        found.repairs.append(pdf_msg.FOLDED.format(count=folded))


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


def _extract_info_only(data: bytes) -> dict[str, Any]:
    """Title and date alone (for a scan read by OCR)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    with quiet():
        return _info(PDFDocument(PDFParser(io.BytesIO(data)), password=""))
