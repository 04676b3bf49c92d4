"""Number keys 1–9 for the elements a researcher codes to most, and finding an element by typing.

By default the keys go to the first nine elements that are coded to (leaves of the framework tree,
not its categories), in tree order. The researcher can give any key to any element (right-click
an element ▸ Number key); the choice is a personal preference, so it lives in the window's settings
per project (by the project's and elements' GUIDs, which survive merging and REFI-QDA), not in
the shared project file.

``element_search_keys`` gives what a typed query may match: the name, its pinyin initials
(数据共享平台 → sjgxpt) and its full pinyin, through pypinyin, loaded only when first needed.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING

from ..core import Element

if TYPE_CHECKING:
    from .settings import Settings

QUICK_KEYS = 9


def default_keys(elements: list[Element]) -> list[int | None]:
    """Key n (index n-1) → element id: the first nine elements without children."""
    parents = {e.parent_id for e in elements if e.parent_id is not None}
    leaves = [e.id for e in elements if e.id not in parents and getattr(e, "codable", True)]
    keys: list[int | None] = list(leaves[:QUICK_KEYS])
    return keys + [None] * (QUICK_KEYS - len(keys))


class QuickKeyChoices:
    """The researcher's own keys for one project, read from and written to the settings."""

    def __init__(self, settings: "Settings | None", project_guid: str | None):
        self._settings = settings
        self._key = f"quickkeys/{project_guid}" if project_guid else None

    def _stored(self) -> dict[str, str]:
        if self._settings is None or self._key is None:
            return {}
        try:
            value = json.loads(str(self._settings.get_value(self._key, "{}")))
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def keys(self, elements: list[Element]) -> list[int | None]:
        """Key n → element id: the researcher's choices where made, the defaults otherwise."""
        stored = self._stored()
        if not stored:
            return default_keys(elements)
        by_guid = {e.guid: e.id for e in elements}
        keys: list[int | None] = [None] * QUICK_KEYS
        for number, guid in stored.items():
            if number.isdigit() and 1 <= int(number) <= QUICK_KEYS:
                keys[int(number) - 1] = by_guid.get(str(guid))
        return keys

    def assign(self, elements: list[Element], number: int | None, element_id: int) -> None:
        """Give key ``number`` (1–9) to an element, or take its key away (None). The first
        change copies the defaults, so the other keys stay where the researcher saw them."""
        guids = {e.id: e.guid for e in elements}
        current = self.keys(elements)
        current = [None if k == element_id else k for k in current]
        if number is not None:
            current[number - 1] = element_id
        stored = {str(n): guids[k] for n, k in enumerate(current, 1) if k in guids}
        if self._settings is not None and self._key is not None:
            self._settings.set_value(self._key, json.dumps(stored, ensure_ascii=False))

    def reset(self) -> None:
        if self._settings is not None and self._key is not None:
            self._settings.set_value(self._key, "{}")


@lru_cache(maxsize=4096)
def _pinyin(name: str) -> tuple[str, str]:
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # without pypinyin, names and English still match
        return "", ""
    syllables = lazy_pinyin(name, errors="ignore")
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(initials).lower(), "".join(syllables).lower()


def element_search_keys(name: str) -> tuple[str, ...]:
    """Lower-case strings a query is matched against: the name, pinyin initials, full pinyin."""
    initials, full = _pinyin(name)
    return tuple(k for k in (name.lower(), initials, full) if k)


def find_elements(query: str, elements: list[Element]) -> list[Element]:
    """Elements matching what was typed, best first: exact name, name or pinyin starting with
    it, then containing it. Categories come after leaves of equal rank."""
    query = query.strip().lower()
    if not query:
        return []
    parents = {e.parent_id for e in elements if e.parent_id is not None}
    ranked = []
    for position, element in enumerate(elements):
        keys = element_search_keys(element.name)
        if keys[0] == query:
            rank = 0
        elif any(k.startswith(query) for k in keys):
            rank = 1
        elif any(query in k for k in keys):
            rank = 2
        else:
            continue
        ranked.append((rank, element.id in parents, position, element))
    return [item[-1] for item in sorted(ranked, key=lambda item: item[:3])]
