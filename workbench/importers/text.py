"""Plain text (.txt) and Markdown (.md, .markdown) files.

Markdown is kept as written, not rendered: the researcher codes what is in the file, and the
offsets of a coding must point into exactly that text. Its structure (headings, list items,
pipe tables) is only reported as blocks.
"""
from __future__ import annotations

import re
from .document import Block, ImportedDocument, normalise_text, paragraph_blocks
from .encoding import decode_text
from .titles import title_from_text

_ATX_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_TABLE_DELIMITER = re.compile(r" {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def read_plain_text(data: bytes, file_name: str) -> ImportedDocument:
    """A .txt file: paragraphs are runs of lines separated by blank lines."""
    warnings: list[str] = []
    text, encoding = decode_text(data, file_name, warnings)
    text = normalise_text(text)
    title, title_from = title_from_text(file_name, text)
    return ImportedDocument(
        kind="text",
        title=title,
        file_name=file_name,
        media_type="text/plain",
        data=data,
        text=text,
        blocks=paragraph_blocks(text),
        encoding=encoding,
        title_guess_from=title_from,
        warnings=warnings,
    )


def read_markdown(data: bytes, file_name: str) -> ImportedDocument:
    """A Markdown file, kept verbatim; title = the first level-1 heading, else the file stem."""
    warnings: list[str] = []
    text, encoding = decode_text(data, file_name, warnings)
    text = normalise_text(text)
    blocks, title = markdown_blocks(text)
    title_from = "heading" if title else ""
    if not title:
        title, title_from = title_from_text(file_name, text)
    return ImportedDocument(
        kind="text",
        title=title,
        file_name=file_name,
        media_type="text/markdown",
        data=data,
        text=text,
        blocks=blocks,
        encoding=encoding,
        title_guess_from=title_from,
        warnings=warnings,
    )


def markdown_blocks(text: str) -> tuple[list[Block], str | None]:
    """Blocks of a Markdown text and its first level-1 heading (ATX headings only).

    Each heading or list-item block spans its whole line(s), '#' and bullet included, so
    ``text[b.start:b.end]`` is exactly what the file shows. Lines inside fenced code are never
    headings or list items; a fenced block is reported as one paragraph.
    """
    lines = _lines(text)
    blocks: list[Block] = []
    title: str | None = None
    run: list = [None, 0, "paragraph"]  # start, end, kind of the running paragraph/list item
    fence: str | None = None

    def flush() -> None:
        if run[0] is not None:
            blocks.append(Block(run[2], run[0], run[1]))
            run[0] = None

    def extend(start: int, end: int, kind: str) -> None:
        if run[0] is None:
            run[0], run[2] = start, kind
        run[1] = end

    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        if fence is not None:
            extend(start, end, "paragraph")
            if _closes_fence(line, fence):
                fence = None
                flush()
        elif opening := _FENCE.match(line):
            flush()
            fence = opening.group(1)
            extend(start, end, "paragraph")
        elif heading := _ATX_HEADING.match(line):
            flush()
            level = len(heading.group(1))
            blocks.append(Block("heading", start, end, level))
            heading_text = (heading.group(2) or "").strip()
            if level == 1 and title is None and heading_text:
                title = heading_text
        elif not line.strip():
            flush()
        elif _LIST_ITEM.match(line):
            flush()
            extend(start, end, "list-item")
        elif _starts_table(text, lines, i):
            flush()
            i = _table(text, lines, i, blocks)
            continue
        else:  # a paragraph line, or the continuation of the running list item
            extend(start, end, "paragraph")
        i += 1
    flush()
    return blocks, title


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _closes_fence(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def _starts_table(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """A pipe-table header: a line with '|' followed by a delimiter row like |---|:--:|."""
    if "|" not in text[lines[i][0]:lines[i][1]] or i + 1 >= len(lines):
        return False
    below = text[lines[i + 1][0]:lines[i + 1][1]]
    return "|" in below and "-" in below and bool(_TABLE_DELIMITER.match(below))


def _table(text: str, lines: list[tuple[int, int]], i: int, blocks: list[Block]) -> int:
    """Add the pipe table starting at line i (header, delimiter, rows); return the next line."""
    j = i + 2
    while j < len(lines):
        row = text[lines[j][0]:lines[j][1]]
        if "|" not in row or not row.strip():
            break
        j += 1
    blocks.append(Block("table", lines[i][0], lines[j - 1][1]))
    return j
