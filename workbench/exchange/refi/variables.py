"""A source's details (date, source type, URL, agency, document number, capture time) and its own
attributes as REFI-QDA source Variables, both ways.

Export: one project-level ``<Variable>`` per detail that some source has, named in the project's
language (a Chinese project's supervisor opens it in NVivo and reads 日期, 网址 …, as the
codebook is written in that language too), plus one per source attribute the researcher set
(``sources.set_attribute``). The date is typed Date when every source's date is a full
YYYY-MM-DD, else Text (YYYY or YYYY-MM are not an xsd:date; Text keeps them exactly); the capture
time is typed DateTime only when every value is already an xsd:dateTime, so the value read back
is the value written. Notes stay in the source's Description, REFI-QDA's own place for them.
GUIDs are derived from the project's GUID and the detail, so the same project always exports the
same variables.

Import: a source variable whose name is one of ours in either language, or an alias other tools
use ("Publication date", "Link" …), case-insensitively, fills that detail after the app's own
checks (``check_date``, then ``importers.dates.parse_date`` for "2016/9/29" and the like);
any other variable, and a value that fails its check, is kept as a source attribute under the
variable's name: nothing is dropped, and what was kept is said in the report.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...core.errors import WorkbenchError
from ...core.part import check_date, check_datetime
from ...i18n import tr
from .writing_sources import attr, derived_guid, text_node
from .xmlutil import kid, kids, local, norm_guid

if TYPE_CHECKING:
    from .reading import Importer

# detail → (English name, Chinese name, other names tools and people use); all matched casefolded
DETAILS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "date": ("Date", "日期", ("publication date", "date published", "published", "pub date",
                              "发布日期", "发布时间", "成文日期", "出版日期")),
    "source_type": ("Source type", "来源类型", ("type", "document type", "source kind",
                                              "资料类型", "文件类型", "类型")),
    "origin_url": ("URL", "网址", ("link", "web address", "source url", "origin url", "链接",
                                   "来源网址", "原文链接")),
    "agency": ("Agency", "发布机构", ("issuing agency", "publisher", "issuer", "organisation",
                                     "organization", "发文机关", "发布单位", "机构")),
    "document_number": ("Document number", "文号", ("doc number", "document no", "document no.",
                                                   "reference number", "发文字号", "文件编号")),
    "capture_time": ("Capture time", "采集时间", ("captured", "capture date", "archived",
                                                "retrieved", "accessed", "访问时间", "截图时间")),
    "notes": ("Notes", "备注", ("note", "comment", "comments", "说明")),
}
EXPORTED = ("date", "source_type", "origin_url", "agency", "document_number", "capture_time")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FULL_DATE_ZONE = re.compile(r"^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})$")
_ZONE = re.compile(r"(Z|[+-]\d{2}:\d{2})$")
_XSD_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z?$")
_BY_NAME = {n.casefold(): detail for detail, (en, zh, more) in DETAILS.items()
            for n in (en, zh, *more)}


# ----- export ----------------------------------------------------------------------------------
class SourceVariables:
    """The source variables of one export: declared with the case attributes, and each source's
    values as ready-escaped XML text (the sources are streamed, see ``writing_sources``)."""

    def __init__(self, project, sources) -> None:
        zh = project.language == "zh"
        base = project.info().guid
        # (key, name, typeOfVariable, guid); key is a detail or ("attribute", name)
        self.declared: list[tuple[object, str, str, str]] = []
        for detail in EXPORTED:
            values = [getattr(s, detail) for s in sources if getattr(s, detail)]
            if not values:
                continue
            kind = "Text"
            if detail == "date" and all(_FULL_DATE.match(v) for v in values):
                kind = "Date"
            elif detail == "capture_time" and all(_XSD_DATETIME.match(v) for v in values):
                kind = "DateTime"
            en, zh_name, _ = DETAILS[detail]
            self.declared.append((detail, zh_name if zh else en, kind,
                                  derived_guid(base, f"source variable:{detail}")))
        names: dict[str, None] = {}
        for source in sources:
            names.update(dict.fromkeys(source.metadata.get("attributes", {}) or {}))
        for name in names:
            self.declared.append((("attribute", name), name, "Text",
                                  derived_guid(base, f"source attribute:{name}")))
        self._element = {"Text": "TextValue", "Date": "DateValue", "DateTime": "DateTimeValue"}

    def declare(self, sub, variables) -> None:
        """``<Variable>`` elements under ``variables`` (``sub`` is the writer's SubElement)."""
        for _key, name, kind, guid in self.declared:
            sub(variables, "Variable", guid=guid, name=name, typeOfVariable=kind)

    def values_xml(self, source) -> str:
        """The ``<VariableValue>`` elements of one source (last in a source element)."""
        if not self.declared:
            return ""
        attributes = source.metadata.get("attributes", {}) or {}
        parts = []
        for key, _name, kind, guid in self.declared:
            value = attributes.get(key[1]) if isinstance(key, tuple) else getattr(source, key)
            if value is None or str(value) == "":
                continue
            tag = self._element[kind]
            parts.append(f'<VariableValue><VariableRef targetGUID="{attr(guid)}"/>'
                         f"<{tag}>{text_node(str(value))}</{tag}></VariableValue>\n")
        return "".join(parts)


# ----- import ----------------------------------------------------------------------------------
def source_variable_guids(root) -> tuple[set, set]:
    """GUIDs of variables that sources give values to, and those cases do."""
    sources, cases = kid(root, "Sources"), kid(root, "Cases")

    def refs(part) -> set:
        return set() if part is None else {norm_guid(r.get("targetGUID"))
                                           for r in part.iter("{*}VariableRef", "VariableRef")}
    return refs(sources), refs(cases)


def details_language(root) -> str | None:
    """"zh" or "en" when the file's Variables use our Chinese or English detail names (our own
    export), else None."""
    names = {(v.get("name") or "").strip() for v in root.iter("{*}Variable", "Variable")}
    for detail in EXPORTED:
        en, zh, _ = DETAILS[detail]
        if zh in names:
            return "zh"
        if en in names:
            return "en"
    return None


def read_source_values(ctx: "Importer", source, name: str, notes: str = "") -> dict:
    """The ``sources.add`` keyword arguments that ``source``'s VariableValues give: details, and
    ``metadata={"attributes": …}`` for the rest. Bad values are kept and reported, never fatal.
    A Notes variable fills the notes only when the Description (``notes``) gave none."""
    fields: dict = {}
    attributes: dict[str, str] = {}
    for value in kids(source, "VariableValue"):
        ref = kid(value, "VariableRef")
        variable = ctx.source_variables.get(norm_guid(ref.get("targetGUID"))
                                            if ref is not None else None)
        ctx.report.count("source values", found=True)
        if variable is None:
            ctx.report.skip("source value", name, tr("It refers to a variable that is not in "
                                                     "the file."))
            continue
        data = next(((v.text or "").strip() for v in kids(value) if local(v) != "VariableRef"),
                    "")
        ctx.report.count("source values")
        if not data:
            continue
        detail = _BY_NAME.get(variable.casefold())
        if detail == "notes" and notes and notes != data:
            detail = None  # the Description is the notes; this one stays an attribute
        checked = _checked(detail, data) if detail and detail not in fields else None
        if checked is not None:
            fields[detail] = checked
            continue
        if detail and detail not in fields:
            ctx.report.notes.append(tr("The {variable} “{value}” of the source “{source}” is "
                                       "not a valid date or time; it was kept as a source "
                                       "attribute.", variable=variable, value=data,
                                       source=name))
        else:
            ctx.kept_variables.setdefault(variable, None)
        attributes[variable] = data
    if attributes:
        fields["metadata"] = {"attributes": attributes}
    return fields


def _checked(detail: str, value: str) -> str | None:
    """``value`` as the detail stores it, or None when the app would refuse it."""
    try:
        if detail == "date":
            try:
                # An xsd:date may carry a time zone ("2021-03-04Z"); a publication date has none.
                return check_date(_ZONE.sub("", value) if _FULL_DATE_ZONE.match(value) else value)
            except WorkbenchError:
                from ...importers.dates import parse_date
                return parse_date(value)
        if detail == "capture_time":
            return check_datetime(value)
    except WorkbenchError:
        return None
    return value
