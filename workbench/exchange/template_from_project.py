"""A project's framework as a template: its element tree and interaction types, ready for
``save_template`` so that a codebook refined in one study can start the next one.

    template = template_from_project(project, "my-toe", "我的 TOE 框架", "My TOE framework")
    save_template(template, Path("my-toe.toml"))

The project's texts are written in its own language (``zh`` or ``en``); the other language is left
empty, which ``Localized.get`` fills from the one given. Element keys are the keys the elements
came with from a template, else a slug of an ASCII name, else one made from the element's guid.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..core.errors import InvalidInputError
from ..core.frameworks import (FrameworkTemplate, InteractionTypeTemplate, Localized,
                               TemplateElement)
from ..core.store import INTERACTION_TYPES
from ..i18n import tr

if TYPE_CHECKING:
    from ..core import Element, Project

TEMPLATE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")  # the rule load_template enforces
_NOT_KEY = re.compile(r"[^A-Za-z0-9_.-]+")


def template_from_project(project: "Project", template_id: str, name_zh: str, name_en: str,
                          description: str = "") -> FrameworkTemplate:
    """The project's elements (tree, colours, codebook fields) and interaction types as a
    template. Raises InvalidInputError for an id that is not a short ASCII name or no name."""
    template_id = (template_id or "").strip()
    if not TEMPLATE_ID.fullmatch(template_id):
        raise InvalidInputError(tr(
            "A framework id is a short ASCII name of letters, digits, “-”, “_” or “.” such as "
            "“my-framework”, not “{value}”.", value=template_id))
    name = Localized(zh=(name_zh or "").strip(), en=(name_en or "").strip())
    if not (name.zh or name.en):
        raise InvalidInputError(tr("Give the framework a name in Chinese or in English."))
    language = "zh" if project.language.lower().startswith("zh") else "en"
    keys = _Keys()
    elements = project.elements.list()
    children: dict[int | None, list[Element]] = {}
    for element in elements:  # list() gives parents first and siblings in order
        children.setdefault(element.parent_id, []).append(element)
    key_of = {e.id: keys.take(e.template_key, e.name, e.guid, "element") for e in elements}

    def build(parent_id: int | None) -> tuple[TemplateElement, ...]:
        return tuple(TemplateElement(
            key=key_of[e.id], name=_text(e.name, language), color=e.color.upper(),
            definition=_text(e.definition, language), inclusion=_text(e.inclusion, language),
            exclusion=_text(e.exclusion, language), example=_text(e.example, language),
            children=build(e.id)) for e in children.get(parent_id, []))

    type_keys = _Keys()
    kinds = tuple(InteractionTypeTemplate(
        key=type_keys.take(kind.key, kind.name, kind.guid, "type"),
        name=_type_name(kind.key, kind.name, language), sign=1 if kind.sign >= 0 else -1)
        for kind in project.interactions.types())
    return FrameworkTemplate(id=template_id, name=name,
                             description=_text(description, language),
                             elements=build(None), interaction_types=kinds)


def _text(value: str | None, language: str) -> Localized:
    """``value`` in the project's language; stripped as load_template strips, so that a saved
    template reads back equal."""
    text = (value or "").strip()
    return Localized(zh=text) if language == "zh" else Localized(en=text)


def _type_name(key: str | None, name: str, language: str) -> Localized:
    """A built-in type the project has not renamed keeps both languages' names."""
    builtin = INTERACTION_TYPES.get(key or "")
    if builtin is not None and name.strip() == (builtin[0] if language == "zh" else builtin[1]):
        return Localized(zh=builtin[0], en=builtin[1])
    return _text(name, language)


class _Keys:
    """Hands out unique template keys (ASCII; unique within elements, and within types)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str | None, name: str, guid: str, prefix: str) -> str:
        for candidate in (wanted or "", _slug(name)):
            if candidate and TEMPLATE_ID.fullmatch(candidate) and candidate not in self.used:
                return self._use(candidate)
        base = _slug(name) or f"{prefix}-{guid.strip('{}').replace('-', '')[:8].lower()}"
        candidate, number = base, 2
        while candidate in self.used or not TEMPLATE_ID.fullmatch(candidate):
            candidate, number = f"{base}-{number}", number + 1
        return self._use(candidate)

    def _use(self, key: str) -> str:
        self.used.add(key)
        return key


def _slug(name: str) -> str:
    """"Inter-agency Coordination" → "inter-agency-coordination"; "" for a Chinese name."""
    return _NOT_KEY.sub("-", (name or "").strip().lower()).strip("-._")
