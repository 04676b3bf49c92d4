"""What a PDF import says beside "imported": pages skipped, text put right, text that could not
be read. Each is the rest of a sentence after "<file name>: " (like the refusals in
:mod:`.messages`, and translated the same way: English marked with ``_()``, zh_CN in
resources/translations/zh_CN/importers-pdf.toml)."""
from __future__ import annotations

from collections.abc import Iterable

from .messages import _

PAGE_TOO_BUSY = _(
    "page(s) {pages} were not read because each draws more than the importer reads from one page "
    "(over {tokens} drawing instructions or {objects} characters and shapes); the other pages "
    "were imported; export those pages as images and import them with text recognition (OCR)."
)
FILE_TOO_BUSY = _(
    "page(s) {pages} were not read because the file draws more than the importer reads from one "
    "file (over {tokens} drawing instructions or {objects} characters and shapes); split the PDF "
    "and import the rest as another file."
)
ALL_TOO_BUSY = _(
    "the PDF draws more than the importer reads (over {tokens} drawing instructions or "
    "{objects} characters and shapes on a page), which no ordinary document does; print it to a "
    "new PDF from a PDF reader and import that."
)
REPLACEMENT = _(
    "{count} character(s) on page(s) {pages} could not be read (their font does not say which "
    "characters they are) and are stored as \ufffd; check those places against the PDF."
)
GARBLED = _(
    "the text of page(s) {pages} looks garbled (a Chinese font whose encoding could not be "
    "decoded); import the file again with text recognition (OCR) to read those pages from "
    "their image."
)
REPAIRED = _(
    "{count} Chinese character(s) written in a legacy encoding ({codec}) were decoded."
)
FOLDED = _(
    "{count} compatibility character(s) (Kangxi radicals such as ⽅, ligatures such as ﬁ) were "
    "replaced by the ordinary characters."
)
PAGE_DAMAGED = _(
    "page {page} could not be rendered for text recognition (it is damaged) and was skipped; the "
    "other pages were read."
)
PAGE_TOO_LARGE = _(
    "page {page} is too large to render for text recognition ({megapixels} megapixels even at "
    "{dpi} dpi, the limit is {limit}) and was skipped; the other pages were read."
)
PAGE_TIME = _(
    "text recognition of page {page} stopped after {seconds} seconds (the limit for one page); "
    "the lower part of the page was not read."
)
FILE_TIME = _(
    "text recognition stopped after {minutes} minutes (the limit for one file); page(s) {pages} "
    "were not read; split the PDF and import the rest as another file."
)
NOTHING_RECOGNISED = _(
    "text recognition found no text on any of its {pages} page(s); check that the scan is "
    "legible (not blank or too faint), scan it again if not, and import the new file."
)
NO_TEXT_RECOGNISED = _("no text was recognised on page(s) {pages}.")


def page_list(pages: Iterable[int]) -> str:
    """"3, 5–9, 12": page numbers with runs shortened."""
    numbers = sorted(set(pages))
    parts: list[str] = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        parts.append(str(numbers[i]) if i == j else f"{numbers[i]}–{numbers[j]}")
        i = j + 1
    return ", ".join(parts)
