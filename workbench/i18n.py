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
    import tomllib  # here: English needs no catalogue, and a command starts faster without it

    folder = resource_path("translations", language)
    merged: dict[str, str] = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            with open(path, "rb") as handle:
                merged.update(tomllib.load(handle))
    return merged


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
