"""What an importer hands back: the original bytes, the fixed text and its structure.

Offsets in :class:`Block` count Unicode code points of ``ImportedDocument.text`` (the data rule:
a coding is (source, start, end) in code points), so a character outside the BMP such as 𠮷
counts as one.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..i18n import tr
from .messages import text as _translated

# "page": a PDF page, level = its 1-based number, so the page of every character is known.
BLOCK_KINDS = ("heading", "paragraph", "table", "list-item", "page")
PDF_MEDIA_TYPE = "application/pdf"  # what the PDF readers give, and what asks for PDF handling


@dataclass(frozen=True)
class Block:
    """A structural span of the extracted text."""

    kind: str  # one of BLOCK_KINDS
    start: int  # inclusive, code points into ImportedDocument.text
    end: int  # exclusive
    level: int = 0  # heading level (1..9) for headings, else 0


@dataclass
class ImportedDocument:
    """One file read and checked, ready for the core to store as a source."""

    kind: str  # "text" or "image"
    title: str
    file_name: str  # the original file name, no directory
    media_type: str
    data: bytes  # the original bytes, untouched
    text: str | None  # text kind: the extracted plain text; image kind: None
    blocks: list[Block] = field(default_factory=list)
    date: str | None = None  # ISO "YYYY-MM-DD" when the document itself states it
    encoding: str | None = None  # txt/md: the Python codec the text was decoded with
    width: int | None = None  # images: pixel size
    height: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    # Text recognised by OCR (see workbench.importers.ocr.OcrPage): per page/image, the lines with
    # their boxes in image pixels and their code-point ranges in ``text``. Empty otherwise.
    ocr_pages: list[Any] = field(default_factory=list)
    # What the reader noticed and the user should know although the file was read (translated
    # sentences): a fallback taken, a byte replaced, a file read by its content, not its name.
    warnings: list[str] = field(default_factory=list)
    # (issue 15) ``repairs``: what was put right (mojibake decoded, compatibility characters
    # folded); ``pages_without_text``: pages that gave no text; ``ocr_confidence``: the mean
    # confidence (0..1) of recognised lines, None when nothing was recognised;
    # ``ocr_advised_pages``: pages whose text layer is unusable and should be read by OCR.
    repairs: list[str] = field(default_factory=list)
    pages_without_text: int = 0
    ocr_confidence: float | None = None
    ocr_advised_pages: list[int] = field(default_factory=list)
    # Where ``title`` came from when the reader had to choose: "heading" (the first heading or
    # title paragraph), "text" (a title-like line of the text), "properties" (the file's own
    # metadata), "file name"; "" when the format states its title plainly.
    title_guess_from: str = ""


class ImportRefused(Exception):
    """One plain sentence for the user: names the file, the reason, and what to do.

    ``reason`` is written to follow the file name and a colon; ``str(exc)`` is the whole
    sentence, in the interface language current when the refusal is raised. The reasons live in
    :mod:`workbench.importers.messages`: one given unformatted (``msg.EMPTY``) is translated
    here, one formatted (``msg.TOO_LARGE.format(…)``) already is; any other string (a core
    error, already translated) is used as it is.
    """

    def __init__(self, file_name: str, reason: str) -> None:
        self.file_name = file_name
        self.reason = _translated(reason)
        super().__init__(tr("{file_name}: {reason}", file_name=file_name, reason=self.reason))


class NeedsOcr(ImportRefused):
    """The file has no text layer (a scanned PDF): its text can only come from OCR.

    A refusal, so a caller that knows nothing of OCR (a batch import) reports it like any other
    file it could not read; the window catches this subclass and offers text recognition
    (``workbench.importers.pdf.read_pdf_with_ocr``). ``pages`` is the number of pages.
    """

    def __init__(self, file_name: str, reason: str, pages: int) -> None:
        super().__init__(file_name, reason)
        self.pages = pages


def page_of(blocks: list[Block], offset: int) -> int | None:
    """The page number (1-based) holding the character at ``offset``, from the "page" blocks.

    The newline that joins two pages counts to the page before it, and the end of the text
    (``offset == len(text)``) to the last page, so the end of a coding maps too. None when the
    document has no pages or ``offset`` is outside them.
    """
    pages = sorted((b for b in blocks if b.kind == "page"), key=lambda b: (b.start, b.level))
    if not pages or offset < pages[0].start or offset > pages[-1].end:
        return None
    i = bisect_right([p.start for p in pages], offset) - 1
    return pages[i].level


def normalise_text(s: str) -> str:
    """The one text normalisation every text importer applies before offsets are counted.

    Drops a leading BOM character, turns CRLF and lone CR into LF, and maps U+2028/U+2029 to LF
    because Qt's text widgets treat them as paragraph breaks (which would shift offsets).
    Nothing else changes: no NFC, no trimming, so the stored text is what the file says.
    """
    if s.startswith("\ufeff"):
        s = s[1:]
    return (
        s.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )


def paragraph_blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Paragraph blocks for runs of non-blank lines separated by blank lines."""
    end = len(text) if end is None else end
    blocks: list[Block] = []
    pos = start
    para_start: int | None = None
    para_end = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        if text[pos:line_end].strip():
            if para_start is None:
                para_start = pos
            para_end = line_end
        elif para_start is not None:
            blocks.append(Block("paragraph", para_start, para_end))
            para_start = None
        if nl == -1:
            break
        pos = nl + 1
    if para_start is not None:
        blocks.append(Block("paragraph", para_start, para_end))
    return blocks
