"""A region of a PDF's page as a coding: the rectangle checked against the page, and the text
inside it found through the page's text layer (core/pdf_pages.py). Kept apart from codings.py
so that the coding operations stay about storing; pdfium is only loaded when a page is coded."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import tr
from .errors import InvalidInputError
from .model import Rect

if TYPE_CHECKING:
    from .project import Project

PDF_MEDIA_TYPE = "application/pdf"


def is_pdf(project: "Project", source_id: int) -> bool:
    """Whether a source is a PDF that can be shown as pages (its original bytes are a PDF)."""
    source = project.sources.get(source_id)
    return source.kind == "text" and source.media_type == PDF_MEDIA_TYPE


def page_region(project: "Project", source_id: int, page: int, rect: Rect) -> dict[str, Any]:
    """The columns of a coding of ``rect`` (points) on a page of a PDF source: page, snippet and,
    when the text inside is one passage of the stored text, start_offset and end_offset.
    Raises InvalidInputError when the source is no PDF, the page or the rectangle is not there."""
    from .pdf_pages import PageUnreadable, PdfPages, text_in_rect, text_layer

    source = project.sources.get(source_id)
    if not is_pdf(project, source_id):
        raise InvalidInputError(tr("“{title}” is not a PDF; only a PDF's pages have regions "
                                   "to code on a page.", title=source.title))
    pdf = PdfPages(project.sources.original(source_id), source.title)
    try:
        width, height = pdf.size(page)
        # A rectangle drawn to the page's edge may round a point past it.
        if rect.width <= 0 or rect.height <= 0 or rect.x < 0 or rect.y < 0 \
                or rect.x + rect.width > width + 1 or rect.y + rect.height > height + 1:
            raise InvalidInputError(tr(
                "The region {x},{y},{width},{height} does not lie inside page {page} "
                "({page_width}×{page_height} points) of “{title}”.", x=rect.x, y=rect.y,
                width=rect.width, height=rect.height, page=page, page_width=round(width),
                page_height=round(height), title=source.title))
        text = project.sources.text(source_id)
        try:
            layer = text_layer(pdf, page, text, project.sources.blocks(source_id))
        except PageUnreadable:
            layer = []  # the region is still coded, without a quote
        quote, start, end = text_in_rect(layer, (rect.x, rect.y, rect.width, rect.height), text)
    finally:
        pdf.close()
    return {"page": page, "snippet": quote or None, "start_offset": start, "end_offset": end}


def region_png(project: "Project", coding: Any, scale: float = 2.0) -> bytes | None:
    """A PNG of a coded region of a PDF's page (``scale`` pixels per point: 2 is 144 dpi), for
    the Word report; None when the coding is no page region or its page cannot be drawn."""
    import io

    from PIL import Image

    from .pdf_pages import PageUnreadable, PdfPages

    if coding.page is None or coding.rect is None or not is_pdf(project, coding.source_id):
        return None
    try:
        pdf = PdfPages(project.sources.original(coding.source_id))
    except InvalidInputError:
        return None
    try:
        shot = pdf.render(coding.page, scale)
    except (PageUnreadable, InvalidInputError):
        return None
    finally:
        pdf.close()
    page = Image.frombuffer("RGB", (shot.width, shot.height), shot.data, "raw", "BGRX",
                            shot.stride, 1)
    r, s = coding.rect, shot.scale
    box = (round(r.x * s), round(r.y * s), min(shot.width, round((r.x + r.width) * s)),
           min(shot.height, round((r.y + r.height) * s)))
    buffer = io.BytesIO()
    page.crop(box).save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()
