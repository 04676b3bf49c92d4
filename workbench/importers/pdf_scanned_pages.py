"""Scanned pages inside a PDF that has text elsewhere, read by OCR when the user asked for it.

A government file often has its body as text and an attachment as scanned pages (a signed form,
a stamped table). Its text layer is read as usual, and only the pages that gave no text are
rendered and recognised (as :mod:`.pdf_ocr` does for a whole scan); their lines go into the text
at their page's place, with their boxes, so those pages get a text layer in the page view too.
Offsets of everything after an inserted page move by what was inserted; the other pages' text,
paragraphs and page blocks are otherwise untouched.
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from . import pdf_messages as pdf_msg
from .document import PDF_MEDIA_TYPE, Block, ImportedDocument
from .messages import _
from .pdf_ocr import FILE_SECONDS, PAGE_SECONDS, page_dpi, render_page
from .quiet import quiet

READ_BY_OCR = _(
    "page(s) {pages} had no text of their own (scanned pages) and were read by text recognition "
    "(OCR); check the recognised text."
)


def empty_pages(document: ImportedDocument) -> list[int]:
    """The pages of a read PDF that gave no text (their page block is empty)."""
    return sorted(b.level for b in document.blocks
                  if b.kind == "page" and not (document.text or "")[b.start:b.end].strip())


def read_empty_pages(document: ImportedDocument, *, progress: Any = None) -> ImportedDocument:
    """``document`` with the text recognised on its pages without text (not a PDF, or none
    recognised: the document as it was). OcrUnavailable/OcrCancelled pass through, as for a
    whole scan."""
    if document.media_type != PDF_MEDIA_TYPE or not document.pages_without_text:
        return document
    numbers = empty_pages(document)
    if not numbers:
        return document
    recognised = _recognise(document, numbers, progress)
    if not any(text.strip() for text, *_ in recognised.values()):
        return document
    return _merged(document, recognised)


def _recognise(document: ImportedDocument, numbers: list[int],
               progress: Any) -> dict[int, tuple[str, list[tuple[int, int]], Any]]:
    """Page number -> (its recognised text, each line's range in it, the OcrPage)."""
    import pypdfium2 as pdfium

    from . import ocr

    engine = ocr.engine(document.file_name)
    found: dict[int, tuple[str, list[tuple[int, int]], Any]] = {}
    deadline_file = time.monotonic() + FILE_SECONDS
    with quiet():
        pdf = pdfium.PdfDocument(document.data)
        try:
            sizes = {n: _size(pdf, pdfium, n) for n in numbers}
            if progress is not None:
                progress.start(sum(len(ocr.tile_spans(int(size[1] * page_dpi(*size) / 72)))
                                   for size in sizes.values() if size), document.file_name)
            for number in numbers:
                if time.monotonic() > deadline_file:
                    break
                try:
                    dpi = page_dpi(*sizes[number]) if sizes[number] else 0.0
                    image = render_page(pdf, number - 1, dpi) if dpi else None
                except pdfium.PdfiumError:
                    image = None  # a page pdfium cannot draw stays without text, as it was
                if image is None:
                    continue
                lines, _complete = ocr.recognise_page(
                    engine, image, progress=progress,
                    deadline=min(deadline_file, time.monotonic() + PAGE_SECONDS))
                text, ranges = ocr.lines_to_text(lines)
                page = ocr.OcrPage(number, image.width, image.height, tuple(lines), (), dpi)
                found[number] = (text, list(ranges), page)
        finally:
            pdf.close()
    return found


def _size(pdf: Any, pdfium: Any, number: int) -> tuple[float, float] | None:
    try:
        return pdf.get_page_size(number - 1)
    except pdfium.PdfiumError:
        return None  # a page pdfium cannot load stays without text, as it was


def _merged(document: ImportedDocument,
            recognised: dict[int, tuple[str, list[tuple[int, int]], Any]]) -> ImportedDocument:
    text = document.text or ""
    # Where each recognised page's text goes: its empty page block's place.
    places = sorted((b.start, b.level) for b in document.blocks
                    if b.kind == "page" and recognised.get(b.level, ("",))[0].strip())
    pieces, blocks, ocr_pages, taken, shift = [], [], list(document.ocr_pages), 0, 0
    inserted: dict[int, int] = {}  # page -> its start in the new text
    for place, number in places:
        pieces.append(text[taken:place])
        page_text, ranges, page = recognised[number]
        start = place + shift
        inserted[number] = start
        pieces.append(page_text)
        lines = [(s + start, e + start) for s, e in ranges]
        blocks += [Block("paragraph", s, e) for s, e in sorted(lines)]
        ocr_pages.append(replace(page, ranges=tuple(lines)))
        taken, shift = place, shift + len(page_text)
    pieces.append(text[taken:])

    def moved(offset: int) -> int:
        return offset + sum(len(recognised[n][0]) for p, n in places if p < offset)

    for b in document.blocks:
        if b.kind == "page" and b.level in inserted:
            blocks.append(Block("page", inserted[b.level],
                                inserted[b.level] + len(recognised[b.level][0]), b.level))
        else:
            blocks.append(replace(b, start=moved(b.start), end=moved(b.end)))
    read = sorted(inserted)
    metadata = dict(document.metadata, ocr_pages=pdf_msg.page_list(read))
    left = [n for n in empty_pages(document) if n not in inserted]
    # Empty, not left out: a re-extraction merges this into the source's earlier metadata.
    metadata["pages_without_text"] = pdf_msg.page_list(left) if left else ""
    confidences = [line.confidence for page in ocr_pages for line in page.lines]
    return replace(
        document, text="".join(pieces), blocks=sorted(blocks, key=lambda b: (b.start, b.end)),
        ocr_pages=ocr_pages, metadata=metadata, pages_without_text=len(left),
        warnings=[*document.warnings, READ_BY_OCR.format(pages=pdf_msg.page_list(read))],
        ocr_confidence=sum(confidences) / len(confidences) if confidences else None)
