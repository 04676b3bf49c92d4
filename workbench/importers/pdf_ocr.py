"""Scanned PDFs read by text recognition (OCR) of each *rendered* page.

Why render the page instead of picking its images: a scanner or a converter often cuts a page
into many images (40 strips of 1634×39 px, tiles, a mask and a picture), so "the largest image"
holds a sliver of the page, or nothing legible. pypdfium2 (PDFium, the renderer of Chrome, with
its binary inside the wheel) draws the page as a reader shows it, strips, rotation and text
included, and OCR reads that. It replaced pypdf.

Each page is rendered at :data:`DPI` (lower for a page too large, so that it stays under
:data:`MAX_PAGE_PIXELS`; a page that would need less than :data:`MIN_DPI` is skipped), one page
at a time, so memory is that of one page whatever the file's length. Time: a page's recognition
stops after :data:`PAGE_SECONDS` (checked between tiles), the file's after :data:`FILE_SECONDS`.
A page PDFium cannot load or render is skipped. Each skip is a warning naming the page; the
other pages are read. The recognised lines keep their boxes in the pixels of the rendered page
(``OcrPage.dpi`` gives the scale: points = pixels × 72 / dpi) and their page number.
"""
from __future__ import annotations

import math
import time
from pathlib import PurePath
from typing import Any

from . import messages as msg
from . import pdf_messages as pdf_msg
from .dates import add_date_guess
from .policy_meta import add_policy_guess
from .document import PDF_MEDIA_TYPE, Block, ImportedDocument, ImportRefused
from .ocr import OcrPage, OcrUnavailable
from .quiet import quiet

DPI = 200  # print-size text is 30–40 px high: what the recogniser reads best
MIN_DPI = 50  # below this, body text is a few pixels high: nothing to recognise
MAX_PAGE_PIXELS = 30_000_000  # one page rendered: ~90 MB as RGB (A0 fits at ~120 dpi)
PAGE_SECONDS = 300
FILE_SECONDS = 3 * 3600  # a 1,000-page scan at ~5 s a page fits



def page_dpi(width_pt: float, height_pt: float) -> float:
    """The resolution a page of this size (in points) is rendered at: DPI, or less so that it
    stays under MAX_PAGE_PIXELS; 0 when even MIN_DPI would not."""
    inches = max(width_pt, 1.0) / 72 * max(height_pt, 1.0) / 72
    dpi = min(float(DPI), math.sqrt(MAX_PAGE_PIXELS / inches))
    return dpi if dpi >= MIN_DPI else 0.0


def read_pdf_with_ocr(data: bytes, file_name: str, *, progress: Any = None) -> ImportedDocument:
    """A PDF read by OCR: the recognised text page by page, with the same "page" and
    "paragraph" blocks as :func:`.pdf.read_pdf` (one paragraph per recognised line), the lines'
    boxes in ``ocr_pages``, and a warning for each page skipped or without text. ``progress``
    (workbench.core.progress.Progress) counts image tiles; cancelling raises
    :class:`workbench.importers.ocr.OcrCancelled`."""
    from . import ocr

    try:
        import pypdfium2 as pdfium  # part of the 'ocr' extra: only scans need it
    except ImportError as exc:
        raise OcrUnavailable(file_name, msg.OCR_NOT_INSTALLED) from exc
    with quiet():
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            reason = msg.PDF_PASSWORD if "password" in str(exc).lower() else msg.PDF_DAMAGED
            raise ImportRefused(file_name, reason) from exc
        try:
            return _read(document, pdfium, ocr, data, file_name, progress)
        finally:
            document.close()


def _read(document: Any, pdfium: Any, ocr: Any, data: bytes, file_name: str,
          progress: Any) -> ImportedDocument:
    count = len(document)
    if count == 0:
        raise ImportRefused(file_name, msg.PDF_NO_PAGES)
    sizes = [_page_size(document, pdfium, i) for i in range(count)]
    engine = ocr.engine(file_name)
    if progress is not None:
        progress.start(sum(len(ocr.tile_spans(int(h * dpi / 72))) for w, h, dpi in sizes
                           if dpi), file_name)
    warnings: list[str] = []
    pages: list[tuple[list[Any], int, int, float] | None] = []
    damaged, unread = [], []
    file_deadline = time.monotonic() + FILE_SECONDS
    for index, (width_pt, height_pt, dpi) in enumerate(sizes):
        number = index + 1
        if time.monotonic() > file_deadline:
            unread.append(number)
            pages.append(None)
            continue
        if not dpi:
            if width_pt < 0:  # PDFium could not even load it
                damaged.append(number)
            else:
                warnings.append(pdf_msg.PAGE_TOO_LARGE.format(
                    page=number, dpi=MIN_DPI, limit=MAX_PAGE_PIXELS // 1_000_000,
                    megapixels=int(width_pt * height_pt * (MIN_DPI / 72) ** 2) // 1_000_000))
            pages.append(None)
            continue
        try:
            image = render_page(document, index, dpi)
        except pdfium.PdfiumError:
            damaged.append(number)
            pages.append(None)
            continue
        deadline = min(file_deadline, time.monotonic() + PAGE_SECONDS)
        lines, complete = ocr.recognise_page(engine, image, progress=progress,
                                             deadline=deadline)
        if not complete:
            warnings.append(pdf_msg.PAGE_TIME.format(page=number, seconds=PAGE_SECONDS))
        pages.append((lines, image.width, image.height, dpi))
        del image
    warnings += [pdf_msg.PAGE_DAMAGED.format(page=n) for n in damaged]
    if unread:
        warnings.append(pdf_msg.FILE_TIME.format(minutes=FILE_SECONDS // 60,
                                                 pages=pdf_msg.page_list(unread)))
    return _document(pages, warnings, data, file_name)


def _page_size(document: Any, pdfium: Any, index: int) -> tuple[float, float, float]:
    """(width, height) in points as the page is shown (its /Rotate applied) and the dpi to
    render it at; (-1, -1, 0) for a page PDFium cannot load."""
    try:
        page = document[index]
        try:
            width, height = page.get_size()  # PDFium gives it as shown (/Rotate applied)
        finally:
            page.close()
    except pdfium.PdfiumError:
        return -1.0, -1.0, 0.0
    return width, height, page_dpi(width, height)


def render_page(document: Any, index: int, dpi: float) -> Any:
    """The page as an RGB image, as a reader shows it (PDFium applies the page's /Rotate)."""
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / 72)
        try:
            return bitmap.to_pil().convert("RGB")
        finally:
            bitmap.close()
    finally:
        page.close()


def _document(pages: list[tuple[list[Any], int, int, float] | None], warnings: list[str],
              data: bytes, file_name: str) -> ImportedDocument:
    from . import ocr

    parts: list[str] = []
    blocks: list[Block] = []
    ocr_pages: list[OcrPage] = []
    confidences: list[float] = []
    empty: list[int] = []
    pos = 0
    for number, page in enumerate(pages, start=1):
        if number > 1:
            parts.append("\n")
            pos += 1
        lines, width, height, dpi = page or ([], 0, 0, 0.0)
        text, ranges = ocr.lines_to_text(lines)
        shifted = tuple((start + pos, end + pos) for start, end in ranges)
        blocks.extend(Block("paragraph", s, e) for s, e in sorted(shifted))
        blocks.append(Block("page", pos, pos + len(text), number))
        if page is not None:
            ocr_pages.append(OcrPage(number, width, height, tuple(lines), shifted, dpi))
            confidences += [line.confidence for line in lines]
        if not text.strip():
            empty.append(number)
        parts.append(text)
        pos += len(text)
    text = "".join(parts)
    recognised_empty = [n for n in empty if pages[n - 1] is not None]
    warnings += recognised_warning(recognised_empty)
    if not text.strip():  # nothing to import: say why (a limit, a damaged page) if one did it
        skipped = [w for w in warnings if w not in recognised_warning(recognised_empty)]
        raise ImportRefused(file_name, skipped[0] if skipped else
                            pdf_msg.NOTHING_RECOGNISED.format(pages=len(pages)))
    try:
        from .pdf import _extract_info_only
        info = _extract_info_only(data)
    except Exception:  # noqa: BLE001 - the title and date are garnish here; the scan is read
        info = {}
    metadata = {"pages": str(len(pages)), "ocr": "yes"}
    add_date_guess(metadata, file_name, text)  # as read_file does for every other document
    add_policy_guess(metadata, text)
    return ImportedDocument(
        kind="text", title=info.get("title") or PurePath(file_name).stem, file_name=file_name,
        media_type=PDF_MEDIA_TYPE, data=data, text=text, blocks=blocks, date=info.get("date"),
        metadata=metadata, ocr_pages=ocr_pages, warnings=warnings, pages_without_text=len(empty),
        ocr_confidence=sum(confidences) / len(confidences) if confidences else None)



def recognised_warning(pages: list[int]) -> list[str]:
    """The warning for pages that were recognised but gave no text (none when there are none)."""
    return [pdf_msg.NO_TEXT_RECOGNISED.format(pages=pdf_msg.page_list(pages))] if pages else []
