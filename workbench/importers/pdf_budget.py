"""How much drawing work one page, and one file, may cost pdfminer (issue 17, item 7).

A PDF of 66 KB can hold a million and a half text operations (a deflated stream of "(a) Tj"
repeated); pdfminer parses each at Python speed and keeps an object of about a kilobyte for every
character drawn, so such a file took 51 s and 1.4 GB and ended in a traceback. Two measures are
bounded, each per page and per file:

- instructions: tokens of the page's content streams (operators and operands; a string counts
  once), counted with one regular expression *before* pdfminer parses them; a form drawn twice
  is counted twice, as pdfminer runs it twice;
- drawn objects: characters, shapes and images pdfminer lays out (its memory), counted as they
  are made.

A page over its limit is skipped (its number goes into a warning; the other pages are read);
once the file's limit is reached the remaining pages are skipped. That loses least: a report with
one absurd page keeps its other pages, and the user is told which page is missing.

The device also marks each character drawn in a simple (one-byte) font without a ToUnicode map
with its byte (``char.code``), so that text in a Chinese font that is neither embedded nor mapped
(GBK bytes read as Latin-1) can be decoded again (:mod:`.pdf_repair`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

# Per page: a dense page of small print has ~20,000 tokens and ~8,000 characters; a detailed
# map a few hundred thousand tokens. pdfminer needs ~25 µs a token and ~100 µs (and ~1 KB) a
# character, so a page at both limits costs about 25 s and 100 MB.
PAGE_TOKENS = 600_000
PAGE_OBJECTS = 100_000
# Per file: a 1,000-page book of dense text is ~20 M tokens and ~8 M characters.
FILE_TOKENS = 30_000_000
FILE_OBJECTS = 10_000_000

# One token of a content stream: a literal string (one level of nested brackets), a hex string,
# a name, or any other run of regular characters (a number or an operator).
_TOKEN = re.compile(rb"\((?:\\.|\([^()]*\)|[^\\()])*\)|<[^<>]*>|/?[^\s()<>\[\]{}/%]+|[\[\]]")


class PageTooBusy(Exception):
    """This page needs more work than a page may; it is skipped."""


class FileTooBusy(Exception):
    """The file's pages together reached the file's limit; the rest are skipped."""


@dataclass
class Budget:
    page_tokens: int = 0
    page_objects: int = 0
    file_tokens: int = 0
    file_objects: int = 0
    _counted: dict[int, int] = field(default_factory=dict)  # stream id -> tokens (per page)

    def start_page(self) -> None:
        self.page_tokens = self.page_objects = 0
        self._counted.clear()

    def charge(self, tokens: int = 0, objects: int = 0) -> None:
        self.page_tokens += tokens
        self.page_objects += objects
        self.file_tokens += tokens
        self.file_objects += objects
        if self.file_tokens > FILE_TOKENS or self.file_objects > FILE_OBJECTS:
            raise FileTooBusy()
        if self.page_tokens > PAGE_TOKENS or self.page_objects > PAGE_OBJECTS:
            raise PageTooBusy()

    def charge_stream(self, stream: Any) -> None:
        """Charge the tokens of one content stream (decoded once; pdfminer keeps the data)."""
        key = id(stream)
        if key not in self._counted:
            room = min(PAGE_TOKENS - self.page_tokens, FILE_TOKENS - self.file_tokens)
            self._counted[key] = count_tokens(stream.get_data(), stop=max(room, 0) + 1)
        self.charge(tokens=self._counted[key])


def count_tokens(data: bytes, stop: int | None = None) -> int:
    """The tokens of ``data``; counting ends at ``stop`` (enough to know a limit is passed)."""
    return sum(1 for _ in islice(_TOKEN.finditer(data), stop))


def bounded_reader(manager: Any, laparams: Any, budget: Budget) -> tuple[Any, Any]:
    """A (device, interpreter) pair for one page that charges ``budget`` as it goes. Make a new
    pair after a page was given up (pdfminer's device is left half-way through a figure)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdffont import PDFSimpleFont
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import stream_value

    class _Device(PDFPageAggregator):
        def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float,
                        rise: float, cid: int, ncs: Any, graphicstate: Any) -> float:
            budget.charge(objects=1)
            advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs,
                                          graphicstate)
            if isinstance(font, PDFSimpleFont) and font.unicode_map is None:
                # The byte itself, for text whose font only names a legacy encoding.
                char = self.cur_item._objs[-1]  # the LTChar just added (pdfminer has no API)
                char.code = cid
            return advance

        def paint_path(self, *args: Any, **kwargs: Any) -> None:
            budget.charge(objects=1)
            super().paint_path(*args, **kwargs)

        def render_image(self, *args: Any, **kwargs: Any) -> None:
            budget.charge(objects=1)
            super().render_image(*args, **kwargs)

    class _Interpreter(PDFPageInterpreter):
        def execute(self, streams: Any) -> None:
            for stream in streams:
                try:
                    budget.charge_stream(stream_value(stream))
                except (PageTooBusy, FileTooBusy):
                    raise
                except Exception:  # noqa: BLE001 - pdfminer itself meets a bad stream below
                    continue
            super().execute(streams)

    device = _Device(manager, laparams=laparams)
    return device, _Interpreter(manager, device)
