"""The text layer of a scanned PDF page, made from the lines OCR recognised on it.

A scanned page has no characters of its own (or, when the file was read by OCR because its own
text was garbled, characters that are not the stored text), so the page view takes the
recognised lines instead: each line's box (pixels of the page as rendered for OCR) scaled to
points, and its characters spread along it by their width — a CJK character a full em, other
characters about half. Every character is tied to its offset in the stored text, so selecting,
coding a region, drawing codings and search hits work on a scanned page as on a born-digital one.

The scale is the resolution the page was rendered at for OCR, stored with each line (``dpi``);
for lines stored before it was, the resolution the importer chooses for a page of that size
(``importers.pdf_ocr.page_dpi``), which is the one it used.
"""
from __future__ import annotations

import unicodedata
from typing import Any, Iterable

from .pdf_pages import PageChar

_WIDE = frozenset("WF")  # East Asian wide and full-width: a full em
_NARROW_SHARE = 0.55  # a Latin letter or digit is about half a CJK character
_SPACE_SHARE = 0.3


def recognised_lines(blocks: Iterable[Any], page: int) -> list[Any]:
    """The lines OCR recognised on ``page`` (blocks of kind "ocr-line" with that page)."""
    return [b for b in blocks if b.kind == "ocr-line" and b.level == page and b.box]


def scan_layer(page_size: tuple[float, float], lines: list[Any], text: str) -> list[PageChar]:
    """The characters of the recognised ``lines`` of a page, each with its box in points
    (top-left origin) and its offset in ``text``."""
    scale = 72.0 / _dpi(page_size, lines)
    layer: list[PageChar] = []
    for line in sorted(lines, key=lambda b: b.start):
        start, end = max(0, line.start), min(len(text), line.end)
        if end <= start:
            continue
        x, y, width, height = (v * scale for v in line.box)
        shares = [_share(ch) for ch in text[start:end]]
        total = sum(shares) or 1.0
        left = x
        for offset, share in enumerate(shares, start=start):
            right = left + width * share / total
            layer.append(PageChar(text[offset], (left, y, right, y + height), offset))
            left = right
    return layer


def _share(char: str) -> float:
    if char.isspace():
        return _SPACE_SHARE
    return 1.0 if unicodedata.east_asian_width(char) in _WIDE else _NARROW_SHARE


def _dpi(page_size: tuple[float, float], lines: list[Any]) -> float:
    stored = next((getattr(line, "dpi", 0.0) for line in lines if getattr(line, "dpi", 0.0)),
                  0.0)
    if stored > 0:
        return float(stored)
    from ..importers.pdf_ocr import page_dpi

    return page_dpi(*page_size) or 72.0
