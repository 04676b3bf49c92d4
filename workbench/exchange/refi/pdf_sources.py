"""PDF sources in a .qdpx: a PDF is written as a ``PDFSource`` (the PDF itself at ``path``) with
its coded page regions as ``PDFSelection`` elements and its text as the ``Representation`` (a
TextSource, whose PlainTextSelections are the passages); reading does the reverse.

Positions of a PDFSelection (REFI-QDA 1.5, sect. 10.3 and its example): ``page`` counted from 0,
the rectangle in PDF points "starting from the bottom-left of the PDF media box", y upwards,
``firstX``/``firstY`` the lower-left and ``secondX``/``secondY`` the upper-right corner.
QualCoder reads and writes them otherwise — points from the top-left of the page as shown — so an
export for QualCoder uses its convention, and a file from QualCoder is read with it. Our own
export names its convention in the project's ``origin`` (``PDF_MARK``); our files written before
the mark existed used the top-left. The workbench stores the page from 1 and the rectangle as x,
y, width, height in points from the shown page's top-left (core/pdf_pages.py converts).
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


PDF_MARK = "; PDF regions: "  # in the origin, before positions.ORIGIN_MARK
TOP_LEFT = "points from the page's top-left"
MEDIA_BOX = "points from the media box's bottom-left"
TOP_LEFT_TOOLS = ("qualcoder",)  # export targets (and producers) that place regions from the top


def pdf_mark(target: str) -> str:
    """What our export's origin says about its PDF regions, for an export ``target``."""
    return PDF_MARK + (TOP_LEFT if target in TOP_LEFT_TOOLS else MEDIA_BOX)


def from_top_left(origin: str) -> bool:
    """Whether a .qdpx from ``origin`` places PDF regions from the shown page's top-left."""
    origin = origin or ""
    if origin.startswith("Case Workbench"):
        return MEDIA_BOX not in origin  # written before the mark: the top-left
    return any(tool in origin.casefold() for tool in TOP_LEFT_TOOLS)


class PagePlaces:
    """The PDF of the source being written or read, open for converting its regions' places;
    one PDF at a time (the sources come one after another)."""

    def __init__(self, project: Any, top_left: bool) -> None:
        self.project, self.top_left = project, top_left
        self._open: tuple[int, Any] | None = None

    def corners(self, c: Any) -> tuple[int, int, int, int]:
        """A region coding's (CodingRow) firstX, firstY, secondX, secondY."""
        pdf = None if self.top_left else self._pdf(c.source_id)
        if pdf is not None:
            try:
                return pdf.to_media_box(c.page, (c.x, c.y, c.width, c.height))
            except Exception:  # noqa: BLE001 - a page pdfium cannot load: see below
                pass
        # The top-left convention, or a page that cannot be read (a region on it could not
        # have been drawn either): the stored points as they are.
        return (round(c.x), round(c.y), round(c.x + c.width), round(c.y + c.height))

    def rect(self, source_id: int, page: int, corners: tuple[int, int, int, int]) -> Rect:
        """A PDFSelection's corners as the workbench's rectangle on the shown page."""
        x1, y1, x2, y2 = corners
        pdf = None if self.top_left else self._pdf(source_id)
        if pdf is not None:
            try:
                x, y, width, height = pdf.from_media_box(page, (x1, y1, x2, y2))
                return Rect(round(x), round(y), round(width), round(height))
            except Exception:  # noqa: BLE001 - the page is not there: the coding says why
                pass
        return Rect(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))

    def close(self) -> None:
        if self._open is not None:
            self._open[1].close()
            self._open = None

    def _pdf(self, source_id: int) -> Any:
        from ...core.pdf_pages import PdfPages

        if self._open is None or self._open[0] != source_id:
            self.close()
            try:
                self._open = (source_id, PdfPages(self.project.sources.original(source_id)))
            except Exception:  # noqa: BLE001 - not a PDF pdfium opens: places kept as stored
                return None
        return self._open[1]


def selection_tag(c: Any, places: PagePlaces) -> str:
    """The opening tag's name and position attributes of a PDF region coding (CodingRow)."""
    x1, y1, x2, y2 = places.corners(c)
    return (f'<PDFSelection page="{c.page - 1}" firstX="{x1}" firstY="{y1}" '
            f'secondX="{x2}" secondY="{y2}"')


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
        rect = ctx.pdf_places.rect(source_id, page + 1, (x1, y1, x2, y2))
        memo = text_of(selection, "Description")
        for coding in codings:
            ctx.code(coding, source_id, memo, region=rect, page=page + 1)


def _int(value: str | None) -> int | None:
    try:
        return round(float(str(value).strip()))  # some tools write points with decimals
    except (TypeError, ValueError):
        return None
