"""Translation of the workbench's own strings (English source text → Simplified Chinese).

The catalogue is plain TOML under ``resources/translations/<language>/`` (several files, merged),
so translators edit text, not binaries, and the command line can use it without Qt. Qt's own
dialogs are translated by the ``.qm`` files that ship with Qt (loaded in ``workbench.ui``).
A test scans the code for every ``tr("…")`` and checks the catalogue has it.
"""
from __future__ import annotations

import locale
import os
from functools import cache

from .resources import resource_path

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_current = "en"


@cache
def catalogue(language: str) -> dict[str, str]:
    folder = resource_path("translations", language)
    merged: dict[str, str] = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            merged.update(read_catalogue(path))
    return merged


def read_catalogue(path) -> dict[str, str]:
    """One catalogue file. Its lines of ``"English" = "中文"`` are read by one pattern and one
    JSON decoding (a third of tomllib's time: the catalogue is read at every Chinese start-up);
    a file with anything else (a multi-line string, a table, a repeated key) is left to tomllib,
    which also gives the error a broken file has always given."""
    with open(path, "rb") as handle:
        text = handle.read().decode("utf-8")  # strict, as tomllib reads
    found = _simple_lines(text)
    if found is not None:
        return found
    import tomllib  # here: English needs no catalogue, and a command starts faster without it

    return tomllib.loads(text)


@cache
def _line_patterns():
    import re

    plain = r'[^"\\\x00-\x1f\x7f]*'
    # \uXXXX but not a surrogate (JSON would pair two of them; TOML refuses them)
    escape = r'\\(?:["\\bfnrt]|u(?:[0-9A-Ca-cE-Fe-f][0-9A-Fa-f]{3}|[Dd][0-7][0-9A-Fa-f]{2}))'
    quoted = f'"{plain}(?:{escape}{plain})*"'
    entry = re.compile(rf'[ \t]*(?:({quoted})|([A-Za-z0-9_-]+))[ \t]*=[ \t]*({quoted})[ \t]*')
    return entry, re.compile(r'[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?')  # and blank/comment


def _simple_lines(text: str) -> dict[str, str] | None:
    """The entries of ``text`` when every line is blank, a comment or ``KEY = "VALUE"`` with a
    quoted (escapes JSON and TOML read alike) or bare key, each key once; else None."""
    import json

    entry, blank = _line_patterns()
    pairs = []
    for line in text.replace("\r\n", "\n").split("\n"):  # CRLF, as TOML allows
        match = entry.fullmatch(line)
        if match is not None:
            pairs.append(f"{match[1] or chr(34) + match[2] + chr(34)}:{match[3]}")
        elif blank.fullmatch(line) is None:
            return None
    found = json.loads("{" + ",".join(pairs) + "}")
    return found if len(found) == len(pairs) else None  # a key twice: tomllib says so


def system_language() -> str:
    """zh_CN when the environment asks for Chinese, else English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh_CN" if code.lower().startswith("zh") else "en"


def set_language(language: str) -> None:
    global _current
    _current = language if language in LANGUAGES else "en"


def current_language() -> str:
    return _current


def tr(text: str, /, **values: object) -> str:
    """Translate ``text`` into the current language, then fill ``{name}`` fields from ``values``."""
    if _current != "en":
        text = catalogue(_current).get(text, text)
    return text.format(**values) if values else text
