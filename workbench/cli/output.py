"""How the command line prints: aligned tables, JSON, one-sentence errors and a progress bar.

Everything goes through here so that output is UTF-8 whatever the locale, CJK text lines up in a
terminal (a Chinese character takes two columns), and no error ever shows a traceback.
"""
from __future__ import annotations

import json
import shutil
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from ..i18n import tr


class CliError(Exception):
    """A problem found by the command line itself; ``str()`` is one sentence for the user."""


def use_utf8() -> None:
    """Write UTF-8 to stdout and stderr even under the C locale or a legacy Windows code page."""
    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            try:
                reconfigure(encoding="utf-8", errors=errors)
            except (ValueError, OSError):  # a stream that cannot change (already written to)
                pass


def emit(text: str = "") -> None:
    print(text, file=sys.stdout)


def warn(text: str) -> None:
    print(text, file=sys.stderr)


def emit_json(value: Any) -> None:
    # One write of the whole text: json.dump writes each of its pieces separately (1.4 million
    # writes for 21,000 retrieved segments, most of the command's time).
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


# ----- widths and tables ---------------------------------------------------------------------
@lru_cache(maxsize=8192)  # a table asks again for the same few thousand characters
def char_width(char: str) -> int:
    """Columns a character takes in a terminal: 2 for wide/full-width, 0 for combining marks."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    if text.isascii():  # every ASCII character takes one column
        return len(text)
    return sum(map(char_width, text))


def one_line(value: Any) -> str:
    """A table cell: None as empty, whitespace runs (newlines, tabs) as one space; leading
    spaces (tree indentation) are kept."""
    if value is None:
        return ""
    text = str(value)
    indent = len(text) - len(text.lstrip(" "))
    return " " * indent + " ".join(text.split())


def clip(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` columns, ending with … when something was cut."""
    if text_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - text_width(text))
    return gap + text if right else text + gap


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
          limits: dict[int, int] | None = None, numeric: Iterable[int] = ()) -> str:
    """Rows under headers, columns two spaces apart. ``limits`` caps some columns' widths;
    ``numeric`` columns are right-aligned."""
    limits = limits or {}
    numeric = set(numeric)
    measured = [[(h, text_width(h)) for h in headers]]  # each cell measured once
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            text = one_line(value)
            width = text_width(text)
            if i in limits and width > limits[i]:
                text = clip(text, limits[i])
                width = text_width(text)
            cells.append((text, width))
        measured.append(cells)
    widths = [0] * len(headers)
    for cells in measured:
        for i, (_text, width) in enumerate(cells):
            widths[i] = max(widths[i], width)
    measured.insert(1, [("-" * w, w) for w in widths])
    lines = []
    for cells in measured:
        parts = [" " * (widths[i] - width) + text if i in numeric else
                 text + " " * (widths[i] - width) for i, (text, width) in enumerate(cells)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


# ----- progress ------------------------------------------------------------------------------
class ProgressBar:
    """A one-line bar on stderr, redrawn in place: ``[#####-----]  3/10  file name``."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.drawn = False

    def update(self, done: int, total: int, message: str) -> None:
        columns = shutil.get_terminal_size((80, 20)).columns
        count = f"{done}/{total}"
        bar_width = max(10, min(30, columns // 3))
        filled = bar_width if total <= 0 else round(bar_width * min(done, total) / total)
        head = f"[{'#' * filled}{'-' * (bar_width - filled)}] {count} "
        room = max(0, columns - 1 - len(head))
        line = head + clip(one_line(message), room) if room > 1 else head
        self.stream.write("\r" + pad(line, columns - 1))
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            columns = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (columns - 1) + "\r")
            self.stream.flush()
            self.drawn = False


def sign_text(sign: int | None) -> str:
    return "" if sign is None else ("+" if sign > 0 else "-")


def describe_os_error(exc: OSError) -> str:
    where = exc.filename or ""
    reason = exc.strerror or str(exc)
    if where:
        return tr("{path} cannot be used ({reason}).", path=where, reason=reason)
    return tr("A file could not be used ({reason}).", reason=reason)
