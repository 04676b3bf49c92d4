"""What an importer hands back: the original bytes, the fixed text and its structure.

Offsets in :class:`Block` count Unicode code points of ``ImportedDocument.text`` (the data rule:
a coding is (source, start, end) in code points), so a character outside the BMP such as 𠮷
counts as one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

BLOCK_KINDS = ("heading", "paragraph", "table", "list-item")


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


class ImportRefused(Exception):
    """One plain sentence for the user: names the file, the reason, and what to do.

    ``reason`` is written to follow the file name and a colon; ``str(exc)`` is the whole
    sentence. The reasons themselves live in :mod:`workbench.importers.messages`.
    """

    def __init__(self, file_name: str, reason: str) -> None:
        self.file_name = file_name
        self.reason = reason
        super().__init__(f"{file_name}: {reason}")


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
