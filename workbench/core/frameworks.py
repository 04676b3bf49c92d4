"""Framework templates: the codebooks a study can start from, as hand-editable TOML files.

A template is read-only input to a project: creating a project from one copies its elements into
the project file, so editing or deleting a template never changes an existing study. The bundled
templates live in ``resources/frameworks/<id>.toml``; users may load and save their own anywhere.
The file format is documented by the bundled files themselves; ``save_template`` writes that same
layout (inline ``{ zh = …, en = … }`` pairs, nested ``[[elements.children]]``) so that a saved
file still reads like the bundled ones when a student opens it in a text editor.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from workbench.core.errors import WorkbenchError
from workbench.i18n import tr
from workbench.resources import resource_path

FORMAT_VERSION = 1
# Bundled order: the model most theses here start from first, the empty one for inductive work last.
_FIRST, _LAST = "joined-up-government", "blank"
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_TEXT_FIELDS = ("definition", "inclusion", "exclusion", "example")
_ELEMENT_FIELDS = {"key", "color", "name", "children", *_TEXT_FIELDS}
_TOP_FIELDS = {"id", "version", "name", "description", "references", "interaction_types",
               "elements"}
# Used when a hand-written file leaves out a colour (Okabe–Ito, minus black and yellow, which
# make poor highlights on white).
_DEFAULT_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")


@dataclass(frozen=True)
class Localized:
    """A text in Chinese and English; the interface language picks one."""

    zh: str = ""
    en: str = ""

    def get(self, language: str) -> str:
        """``zh``, ``zh_CN``, ``zh-Hans``… give Chinese, anything else English; an empty text
        falls back to the other language so a half-translated user template still shows names."""
        first, second = (self.zh, self.en) if language.lower().startswith("zh") else (self.en, self.zh)
        return first or second


@dataclass(frozen=True)
class TemplateElement:
    key: str
    name: Localized
    color: str
    definition: Localized = Localized()
    inclusion: Localized = Localized()
    exclusion: Localized = Localized()
    example: Localized = Localized()
    children: tuple[TemplateElement, ...] = ()


@dataclass(frozen=True)
class InteractionTypeTemplate:
    key: str
    name: Localized
    sign: int  # +1 or -1: multiplied along a loop to tell reinforcing from balancing feedback


@dataclass(frozen=True)
class FrameworkTemplate:
    id: str
    name: Localized
    description: Localized = Localized()
    references: tuple[str, ...] = ()
    elements: tuple[TemplateElement, ...] = ()
    interaction_types: tuple[InteractionTypeTemplate, ...] = ()
    # Where it was read from; not part of equality, so a save→load round trip compares equal.
    path: Path | None = field(default=None, compare=False)

    def walk(self) -> Iterator[tuple[TemplateElement, TemplateElement | None]]:
        """Every element with its parent (None at the top), depth-first in file order."""
        stack: list[tuple[TemplateElement, TemplateElement | None]] = [
            (e, None) for e in reversed(self.elements)]
        while stack:
            element, parent = stack.pop()
            yield element, parent
            stack.extend((child, element) for child in reversed(element.children))


class FrameworkError(WorkbenchError):  # so the window and CLI report it like any core error
    """A template is missing or malformed; the message is one sentence naming the file."""


# ----------------------------------------------------------------------------------- reading

def list_templates() -> list[FrameworkTemplate]:
    """The bundled templates, joined-up government first and the blank one last."""
    templates = [_read(p) for p in resource_path("frameworks").glob("*.toml")]
    return sorted(templates, key=lambda t: (t.id != _FIRST, t.id == _LAST, t.id))


def load_template(id_or_path: str | Path) -> FrameworkTemplate:
    """A bundled template by id (``"toe"``), or a user's file by path."""
    text = str(id_or_path)
    if isinstance(id_or_path, Path) or text.endswith(".toml") or os.sep in text or "/" in text:
        return _read(Path(id_or_path))
    path = resource_path("frameworks", f"{text}.toml")
    if not path.is_file():
        raise FrameworkError(tr("There is no bundled framework named {name}; "
                                "`workbench frameworks` lists them.", name=repr(text)))
    return _read(path)


def _read(path: Path) -> FrameworkTemplate:
    import tomllib  # loaded when first used: the listing commands start without it

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(tr("The framework file {path} cannot be read ({reason}).",
                                path=path, reason=exc.strerror)) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))  # tolerate the BOM Windows editors add
    except UnicodeDecodeError as exc:
        raise FrameworkError(tr("The framework file {path} is not UTF-8 text; "
                                "save it again with UTF-8 encoding.", path=path)) from exc
    except tomllib.TOMLDecodeError as exc:  # its message already says "(at line L, column C)"
        raise FrameworkError(tr("The framework file {path} is not valid TOML: {error}.",
                                path=path, error=exc)) from exc
    return _Parser(path).template(data)


# The place of a codebook field, e.g. "the definition of element 'a'" (one phrase per field, so
# the translator sees each whole).
_FIELD_PLACES = {
    "definition": lambda key: tr("the definition of element {key}", key=key),
    "inclusion": lambda key: tr("the inclusion of element {key}", key=key),
    "exclusion": lambda key: tr("the exclusion of element {key}", key=key),
    "example": lambda key: tr("the example of element {key}", key=key),
}


class _Parser:
    """Turns parsed TOML into dataclasses, failing with a sentence that names file and place.

    Every failure is one whole translatable sentence beginning "In the framework file {path}, …";
    the place in the file ("element 'a'", "the name of element 'a'" …) is a translated phrase
    given as its ``{label}``. Keys and values are shown as Python literals (``repr``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys: set[str] = set()

    def template(self, data: dict[str, Any]) -> FrameworkTemplate:
        self.check_fields(data, _TOP_FIELDS, tr("the top level"))
        version = data.get("version", FORMAT_VERSION)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise FrameworkError(tr("In the framework file {path}, version must be a whole number "
                                    "such as 1, not {value}.", path=self.path, value=repr(version)))
        if version > FORMAT_VERSION:
            raise FrameworkError(tr(
                "In the framework file {path}, version {version} is newer than this workbench "
                "understands ({supported}); update the workbench.",
                path=self.path, version=version, supported=FORMAT_VERSION))
        template_id = data.get("id", self.path.stem)
        if not isinstance(template_id, str) or not _KEY.fullmatch(template_id):
            raise FrameworkError(tr(
                "In the framework file {path}, id must be a short ASCII name such as "
                "\"my-framework\", not {value}.", path=self.path, value=repr(template_id)))
        if "name" not in data:
            raise FrameworkError(tr("In the framework file {path}, the framework has no name; "
                                    "add a [name] table with zh and en.", path=self.path))
        name = self.localized(data["name"], tr("the framework name"), required=True)
        description = data.get("description", {})
        if isinstance(description, dict) and "references" in description:
            # `references = […]` written under [description] lands inside that table in TOML;
            # accept it there too rather than punish a natural way of writing the file.
            if "references" in data:
                raise FrameworkError(tr("In the framework file {path}, references is given twice, "
                                        "at the top and under [description].", path=self.path))
            description = dict(description)
            data = {**data, "references": description.pop("references")}
        references = data.get("references", [])
        if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
            raise FrameworkError(tr("In the framework file {path}, references must be a list of "
                                    "strings.", path=self.path))
        elements = self.elements(data.get("elements", []), None)
        self.keys = set()  # interaction types have their own key space
        interactions = tuple(self.interaction(item, n)
                             for n, item in enumerate(self.table_list(
                                 data.get("interaction_types", []), "interaction_types"), 1))
        return FrameworkTemplate(
            id=template_id, name=name,
            description=self.localized(description, tr("the description")),
            references=tuple(references), elements=elements,
            interaction_types=interactions, path=self.path)

    def elements(self, value: Any, parent: str | None) -> tuple[TemplateElement, ...]:
        """The elements at the top level (``parent`` None) or under the element keyed ``parent``."""
        place = (tr("the elements at the top level") if parent is None
                 else tr("the elements at element {key}", key=repr(parent)))
        items = self.table_list(value, place)
        return tuple(self.element(item, n, parent) for n, item in enumerate(items, 1))

    def element(self, item: dict[str, Any], number: int, parent: str | None) -> TemplateElement:
        label = (tr("element {number} at the top level", number=number) if parent is None
                 else tr("element {number} at element {key}", number=number, key=repr(parent)))
        key = self.unique_key(item.get("key"), label)
        label = tr("element {key}", key=repr(key))
        self.check_fields(item, _ELEMENT_FIELDS, label)
        if "name" not in item:
            raise FrameworkError(tr("In the framework file {path}, {label} has no name.",
                                    path=self.path, label=label))
        color = item.get("color", _DEFAULT_COLORS[(number - 1) % len(_DEFAULT_COLORS)])
        if not isinstance(color, str) or not _COLOR.fullmatch(color.strip()):
            raise FrameworkError(tr(
                "In the framework file {path}, {label} has colour {value}, which is not of the "
                "form #RRGGBB.", path=self.path, label=label, value=repr(color)))
        color = color.strip().upper()
        if len(color) == 4:  # "#abc" → "#AABBCC"
            color = "#" + "".join(c * 2 for c in color[1:])
        texts = {f: self.localized(item.get(f, {}), _FIELD_PLACES[f](repr(key)))
                 for f in _TEXT_FIELDS}
        return TemplateElement(
            key=key, name=self.localized(item["name"], tr("the name of element {key}",
                                                          key=repr(key)), required=True),
            color=color, **texts,
            children=self.elements(item.get("children", []), key))

    def interaction(self, item: dict[str, Any], number: int) -> InteractionTypeTemplate:
        key = self.unique_key(item.get("key"), tr("interaction type {number}", number=number))
        self.check_fields(item, {"key", "zh", "en", "sign"},
                          tr("interaction type {key}", key=repr(key)))
        signs = {"+": 1, "-": -1, 1: 1, -1: -1}
        sign = item.get("sign", "+")
        if not isinstance(sign, (str, int)) or isinstance(sign, bool) or sign not in signs:
            raise FrameworkError(tr(
                "In the framework file {path}, interaction type {key} has sign {value}; "
                "use \"+\" or \"-\".", path=self.path, key=repr(key), value=repr(sign)))
        name = self.localized({k: item[k] for k in ("zh", "en") if k in item},
                              tr("the name of interaction type {key}", key=repr(key)),
                              required=True)
        return InteractionTypeTemplate(key=key, name=name, sign=signs[sign])

    def unique_key(self, key: Any, label: str) -> str:
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise FrameworkError(tr(
                "In the framework file {path}, {label} needs a key of ASCII letters, digits, "
                "'_', '-' or '.', not {value}.", path=self.path, label=label, value=repr(key)))
        if key in self.keys:
            raise FrameworkError(tr("In the framework file {path}, the key {key} is used twice; "
                                    "every key must be unique.", path=self.path, key=repr(key)))
        self.keys.add(key)
        return key

    def localized(self, value: Any, label: str, required: bool = False) -> Localized:
        if isinstance(value, str):  # one text for both languages is allowed in hand-made files
            value = {"zh": value, "en": value}
        if not isinstance(value, dict):
            raise FrameworkError(tr(
                "In the framework file {path}, {label} must be a table such as "
                "{{ zh = \"…\", en = \"…\" }}.", path=self.path, label=label))
        self.check_fields(value, {"zh", "en"}, label)
        if not all(isinstance(v, str) for v in value.values()):
            raise FrameworkError(tr("In the framework file {path}, {label} must contain text only.",
                                    path=self.path, label=label))
        text = Localized(zh=value.get("zh", "").strip(), en=value.get("en", "").strip())
        if required and not (text.zh or text.en):
            raise FrameworkError(tr("In the framework file {path}, {label} is empty.",
                                    path=self.path, label=label))
        return text

    def table_list(self, value: Any, label: str) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise FrameworkError(tr(
                "In the framework file {path}, {label} must be a list of tables ([[…]] sections).",
                path=self.path, label=label))
        return value

    def check_fields(self, table: dict[str, Any], allowed: set[str], label: str) -> None:
        # Strict on purpose: a misspelt "defintion" would otherwise vanish without a word.
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise FrameworkError(tr(
                "In the framework file {path}, {label} has unknown field(s) {fields} "
                "(allowed: {allowed}).", path=self.path, label=label,
                fields=", ".join(unknown), allowed=", ".join(sorted(allowed))))


# ----------------------------------------------------------------------------------- writing

def save_template(template: FrameworkTemplate, path: Path) -> None:
    """Write ``template`` in the bundled layout; ``load_template(path)`` gives it back equal."""
    lines = [f"id = {_lit(template.id)}", f"version = {FORMAT_VERSION}"]
    lines += ["references = ["] + [f"    {_lit(r)}," for r in template.references] + ["]"]
    for table, text in (("name", template.name), ("description", template.description)):
        lines += ["", f"[{table}]", f"zh = {_lit(text.zh)}", f"en = {_lit(text.en)}"]
    for kind in template.interaction_types:
        lines += ["", "[[interaction_types]]", f"key = {_lit(kind.key)}",
                  f"zh = {_lit(kind.name.zh)}", f"en = {_lit(kind.name.en)}",
                  f"sign = {_lit('+' if kind.sign > 0 else '-')}"]
    for element in template.elements:
        _write_element(element, "elements", 0, lines)
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    temporary.replace(path)  # a crash mid-write must not leave half a codebook behind


def _write_element(element: TemplateElement, table: str, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    lines += ["", f"{pad}[[{table}]]", f"{pad}key = {_lit(element.key)}",
              f"{pad}color = {_lit(element.color)}"]
    for name in ("name", *_TEXT_FIELDS):
        text: Localized = getattr(element, name)
        lines.append(f"{pad}{name} = {{ zh = {_lit(text.zh)}, en = {_lit(text.en)} }}")
    for child in element.children:
        _write_element(child, f"{table}.children", depth + 1, lines)


def _lit(value: str) -> str:
    """One TOML string literal, escaped by tomli_w (quotes, backslashes, control characters)."""
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")
