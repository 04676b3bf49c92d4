"""PDF sources in a .qdpx: a PDF is written as a ``PDFSource`` (the PDF itself at ``path``) with
its coded page regions as ``PDFSelection`` elements and its text as the ``Representation`` (a
TextSource, whose PlainTextSelections are the passages); reading does the reverse.

Positions of a PDFSelection: ``page`` counted from 0, ``firstX``/``firstY`` the top-left and
``secondX``/``secondY`` the bottom-right corner, in PDF points from the page's top-left corner
as it is shown — the convention QualCoder reads and writes (the workbench stores the page from
1 and the rectangle as x, y, width, height in the same points).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core import Rect
from ...core.pdf_regions import PDF_MEDIA_TYPE
from ...i18n import tr
from .xmlutil import kids, norm_guid, text_of

if TYPE_CHECKING:
    from .reading import Importer


def is_pdf(source: Any) -> bool:
    """A text source whose original is a PDF: written as a PDFSource."""
    return source.kind == "text" and source.media_type == PDF_MEDIA_TYPE


def selection_tag(c: Any) -> str:
    """The opening tag's name and position attributes of a PDF region coding (CodingRow)."""
    return (f'<PDFSelection page="{c.page - 1}" firstX="{c.x}" firstY="{c.y}" '
            f'secondX="{c.x + c.width}" secondY="{c.y + c.height}"')


def read_pdf_selections(ctx: "Importer", source) -> None:
    """The PDFSelections of a PDFSource already read (its text and file), coded as regions of
    their pages; one that is not on a page of the PDF is reported, the others still come in."""
    source_id = ctx.sources.get(norm_guid(source.get("guid")))
    for selection in kids(source, "PDFSelection"):
        codings = list(kids(selection, "Coding"))
        values = [_int(selection.get(k)) for k in ("page", "firstX", "firstY", "secondX",
                                                    "secondY")]
        if source_id is None or None in values:
            reason = tr("Its source was not imported.") if source_id is None else tr(
                "The PDF region has no page or corners.")
            for coding in codings:
                ctx.report.skip("coding", coding.get("guid") or "?", reason)
            continue
        page, x1, y1, x2, y2 = values
        rect = Rect(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
        memo = text_of(selection, "Description")
        for coding in codings:
            ctx.code(coding, source_id, memo, region=rect, page=page + 1)


def _int(value: str | None) -> int | None:
    try:
        return round(float(str(value).strip()))  # some tools write points with decimals
    except (TypeError, ValueError):
        return None
