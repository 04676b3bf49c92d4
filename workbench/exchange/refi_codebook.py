"""REFI-QDA codebooks (.qdc, namespace ``urn:QDA-XML:codebook:1.0``), the codebook format that
NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette exchange.

A Code carries only guid, name, colour and one free-text Description, so the codebook entry is
written into the description as labelled paragraphs that a person can read in any of those tools
and that :func:`parse_description` splits again:

    定义：……
    纳入标准：……

Labels are recognised in English and Chinese; a description with no labels (another tool's) is
taken as the definition.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import InvalidInputError
from ..i18n import tr
from .codebook import TEXT_FIELDS, CodebookRow

if TYPE_CHECKING:
    from ..core import Element

NAMESPACE = "urn:QDA-XML:codebook:1.0"
_Q = f"{{{NAMESPACE}}}"
LABELS = {"en": ("Definition", "Inclusion", "Exclusion", "Example"),
          "zh": ("定义", "纳入标准", "排除标准", "示例")}
_EXTRA_LABELS = {"inclusion criteria": "inclusion", "exclusion criteria": "exclusion",
                 "纳入": "inclusion", "排除": "exclusion", "例子": "example", "范例": "example"}
_LABEL_OF = {**{label.casefold(): name for language in LABELS.values()
                for name, label in zip(TEXT_FIELDS, language)}, **_EXTRA_LABELS}
_LABEL_LINE = re.compile(
    r"^\s*(" + "|".join(re.escape(k) for k in sorted(_LABEL_OF, key=len, reverse=True))
    + r")\s*[:：]\s?(.*)$", re.IGNORECASE)


def schema_file(schema: str | Path | None = None) -> Path | None:
    """The Codebook.xsd to validate against: the one given, else the one shipped in
    ``resources/refi/``; None when neither exists (then only the structure is checked)."""
    if schema is not None:
        return Path(schema)
    try:
        from ..resources import resource_path
        shipped = resource_path("refi", "Codebook.xsd")
    except FileNotFoundError:
        return None
    return shipped if shipped.is_file() else None


def write_qdc(target: Path, elements: list["Element"], language: str) -> None:
    from lxml import etree

    if not elements:  # the schema needs at least one Code; an empty project has none to offer
        raise InvalidInputError(
            tr("The project has no elements, so there is no codebook to write."))
    root = etree.Element(_Q + "CodeBook", nsmap={None: NAMESPACE}, origin="Case Workbench")
    codes = etree.SubElement(root, _Q + "Codes")
    parents = {None: codes}
    for element in elements:  # parents come before their children
        code = etree.SubElement(parents[element.parent_id], _Q + "Code", guid=element.guid,
                                name=element.name, isCodable="true", color=element.color)
        description = describe(element, language)
        if description:
            # Written before the children are appended: the schema wants Description first.
            etree.SubElement(code, _Q + "Description").text = description
        parents[element.id] = code
    etree.ElementTree(root).write(str(target), xml_declaration=True, encoding="utf-8",
                                  pretty_print=True)


def describe(element: "Element", language: str) -> str:
    labels = LABELS.get(language, LABELS["en"])
    colon = "：" if language == "zh" else ": "
    return "\n".join(f"{label}{colon}{getattr(element, name)}"
                     for name, label in zip(TEXT_FIELDS, labels) if getattr(element, name))


def parse_description(text: str) -> dict[str, str]:
    """Labelled paragraphs back into fields; text before the first label is the definition."""
    fields: dict[str, list[str]] = {}
    current = "definition"
    for line in (text or "").strip().splitlines():
        match = _LABEL_LINE.match(line)
        if match:
            current = _LABEL_OF[match.group(1).casefold()]
            fields.setdefault(current, []).append(match.group(2))
        else:
            fields.setdefault(current, []).append(line)
    return {name: "\n".join(lines).strip() for name, lines in fields.items()}


def read_qdc(source: Path, schema: str | Path | None = None) -> list[CodebookRow]:
    from lxml import etree

    from .refi.safety import MAX_XML, first_line, parse_xml

    try:
        if source.stat().st_size > MAX_XML:
            raise InvalidInputError(tr("{name} is larger than {size} MB; it is not read.",
                                       name=source.name, size=MAX_XML // 2 ** 20))
        data = source.read_bytes()
    except OSError as exc:
        raise InvalidInputError(tr("{name} is not a readable XML file ({error}).",
                                   name=source.name, error=first_line(exc))) from None
    # The untrusted-XML parser of .qdpx import: a DTD (entity expansion, external entities
    # such as file:///etc/passwd) is refused before lxml sees it, nothing is fetched.
    root = parse_xml(data, source.name)
    tree = root.getroottree()
    if root.tag != _Q + "CodeBook":
        raise InvalidInputError(tr("{name} is not a REFI-QDA codebook (no CodeBook in the "
                                   "namespace {namespace}).", name=source.name,
                                   namespace=NAMESPACE))
    # Taguette 1.4 writes an empty <Sets/>, which the schema forbids (a Set is required inside);
    # it carries nothing, so drop it rather than refuse a real tool's everyday export.
    for sets in root.findall(_Q + "Sets"):
        if len(sets) == 0:
            root.remove(sets)
    xsd = schema_file(schema)
    if xsd is not None:
        validator = etree.XMLSchema(etree.parse(str(xsd)))
        if not validator.validate(tree):
            error = validator.error_log.last_error
            raise InvalidInputError(tr(
                "{name} is not a valid REFI-QDA codebook (line {line}: {error}).",
                name=source.name, line=error.line, error=" ".join(error.message.split())))
    rows: list[CodebookRow] = []

    def walk(code, parts: tuple[str, ...]) -> None:
        name = (code.get("name") or "").strip()
        if not name:
            raise InvalidInputError(tr("{name} has a Code without a name.", name=source.name))
        here = (*parts, name)
        description = code.find(_Q + "Description")
        fields = parse_description(description.text if description is not None else "")
        fields["color"] = code.get("color") or ""
        rows.append(CodebookRow(tr("Code “{path}”", path="/".join(here)), here, fields,
                                code.get("guid")))
        for child in code.findall(_Q + "Code"):
            walk(child, here)

    codes = root.find(_Q + "Codes")
    for code in codes.findall(_Q + "Code") if codes is not None else ():
        walk(code, ())
    return rows
