"""Export a project as a REFI-QDA project (.qdpx) that NVivo, ATLAS.ti, MAXQDA and QualCoder read.

    report = export_qdpx(project, "study.qdpx")      # report.valid: project.qde passed Project.xsd

What goes where (namespace ``urn:QDA-XML:project:1.0``):

* coders → Users; elements → CodeBook (colour; definition/inclusion/exclusion/example as the
  labelled Description of ``refi_codebook.describe``); case attributes → Variables; cases →
  Cases with VariableValue and SourceRef;
* text sources → TextSource with ``plainTextPath="internal://GUID.txt"`` (UTF-8); the original
  file is kept too: as ``richTextPath`` when it is a .docx (what the tools expect there), else as
  ``sources/GUID.ext`` named in the source's Description; images → PictureSource;
* text codings → PlainTextSelection (code points, exclusive end, as REFI-QDA 1.5 says) with one
  Coding; region codings → PictureSelection; memos → Notes with NoteRef from what they belong to;
* interactions → Links (name = type, direction OneWay); sign, line style, period and evidence go
  in a Note the Link refers to (``links_in.META``), which ``import_qdpx`` reads back;
* source types → Sets of sources; the path diagram's saved positions → a Graph whose vertices
  stand for elements and whose edges stand for the Links.
"""
from __future__ import annotations

import re
import mimetypes
import os
import uuid
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from ... import __version__
from ...core.errors import InvalidInputError
from ...i18n import tr
from ..refi_codebook import describe
from .report import RefiReport
from .writing_links import links_and_notes, path_graph, source_type_sets
from .xmlutil import PROJECT_NS, out_guid

if TYPE_CHECKING:
    from ...core import Project

_Q = f"{{{PROJECT_NS}}}"
_NUMBER_KIND = {"text": "Text", "number": "Float", "date": "Date"}
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def schema_file(schema: str | Path | None = None) -> Path | None:
    """Project.xsd: the one given, else ``resources/refi/Project.xsd``; None when not shipped."""
    if schema is not None:
        return Path(schema)
    from ...resources import resource_path
    shipped = resource_path("refi", "Project.xsd")
    return shipped if shipped.is_file() else None


def derived_guid(guid: str, what: str) -> str:
    """A stable GUID for a thing the workbench has no row for (a selection, a vertex)."""
    return out_guid(str(uuid.uuid5(uuid.UUID(guid), what)))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def when(value: str | None) -> str | None:
    """A timestamp if it is a valid xsd:dateTime, else None (the attribute is left out)."""
    return value if value and _DATETIME.match(value) else None


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot carry (a vertical tab from a
    .docx, say), so one odd character never stops an export."""
    return _NOT_XML.sub("", text)


def _sub(parent, tag: str, text: str | None = None, **attributes):
    from lxml import etree
    element = etree.SubElement(parent, _Q + tag, {k: xml_safe(str(v))
                                                  for k, v in attributes.items()
                                                  if v is not None and v != ""})
    if text is not None:
        element.text = xml_safe(text)
    return element


def export_qdpx(project: "Project", path: str | os.PathLike, *,
                schema: str | Path | None = None) -> RefiReport:
    """Write ``project`` to ``path`` (.qdpx). The file is written whole or not at all."""
    from lxml import etree

    target = Path(path)
    if not target.parent.is_dir():
        raise InvalidInputError(tr("The folder {folder} does not exist.", folder=target.parent))
    report = RefiReport(target, f"Case Workbench {__version__}")
    writer = _Writer(project, report)
    root = writer.build()
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    xsd = schema_file(schema)
    if xsd is not None:
        validator = etree.XMLSchema(etree.parse(str(xsd)))
        report.valid = validator.validate(etree.fromstring(data))
        if not report.valid:
            report.notes.append(str(validator.error_log.last_error))
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", data)
            for name, content in writer.files:
                archive.writestr(f"sources/{name}", content)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return report


class _Writer:
    def __init__(self, project: "Project", report: RefiReport):
        self.p, self.report = project, report
        self.files: list[tuple[str, bytes]] = []
        self.coders = {c.name: out_guid(c.guid) for c in project.coders.list()}
        self.elements = {e.id: e for e in project.elements.list()}
        self.memos: dict[tuple[str, int | None], list[str]] = {}
        for memo in project.memos.list():
            self.memos.setdefault((memo.target_kind, memo.target_id), []).append(
                out_guid(memo.guid))

    def _note_refs(self, parent, kind: str, row_id: int | None) -> None:
        for guid in self.memos.get((kind, row_id), []):
            _sub(parent, "NoteRef", targetGUID=guid)

    def build(self):
        from lxml import etree
        info = self.p.info()
        current = self.p.coders.current()
        root = etree.Element(_Q + "Project", nsmap={None: PROJECT_NS}, name=xml_safe(info.title),
                             origin=self.report.origin, creatingUserGUID=out_guid(current.guid),
                             creationDateTime=when(info.created) or "")
        if not root.get("creationDateTime"):
            del root.attrib["creationDateTime"]
        users = _sub(root, "Users")
        for coder in self.p.coders.list():
            _sub(users, "User", guid=out_guid(coder.guid), name=coder.name)
        self._codebook(root)
        self._cases(root)
        self._sources(root)
        link_notes = links_and_notes(self, root)
        source_type_sets(self, root)
        path_graph(self, root)
        if info.description:
            _sub(root, "Description", info.description)
        self._note_refs(root, "project", None)
        self.report.count("notes", link_notes)
        return root

    def _codebook(self, root) -> None:
        if not self.elements:
            return
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        made = {None: codes}
        language = self.p.language
        for element in self.elements.values():  # parents come first
            code = _sub(made[element.parent_id], "Code", guid=out_guid(element.guid),
                        name=element.name, isCodable="true", color=element.color)
            text = describe(element, language)
            if text:
                _sub(code, "Description", text)
            self._note_refs(code, "element", element.id)
            made[element.id] = code
            self.report.count("codes")

    def _cases(self, root) -> None:
        attributes = self.p.cases.attributes()
        if attributes:
            variables = _sub(root, "Variables")
            for a in attributes:
                _sub(variables, "Variable", guid=out_guid(a.guid), name=a.name,
                     typeOfVariable=_NUMBER_KIND.get(a.kind, "Text"))
        cases = self.p.cases.list()
        if not cases:
            return
        parent = _sub(root, "Cases")
        source_guids = {s.id: out_guid(s.guid) for s in self.p.sources.list()}
        for case in cases:
            element = _sub(parent, "Case", guid=out_guid(case.guid), name=case.name)
            if case.description:
                _sub(element, "Description", case.description)
            for a in attributes:
                if case.attributes.get(a.name, "") != "":
                    value = _sub(element, "VariableValue")
                    _sub(value, "VariableRef", targetGUID=out_guid(a.guid))
                    _value(value, a.kind, str(case.attributes[a.name]))
            for source_id in case.source_ids:
                _sub(element, "SourceRef", targetGUID=source_guids[source_id])
            self.report.count("cases")

    def _sources(self, root) -> None:
        sources = self.p.sources.list()
        if not sources:
            return
        parent = _sub(root, "Sources")
        for source in sources:
            guid = out_guid(source.guid)
            original = self.p.sources.original(source.id)
            suffix = Path(source.file_name).suffix.lower() or (
                mimetypes.guess_extension(source.media_type or "") or ".bin")
            description = source.notes
            if source.kind == "image":
                self.files.append((f"{guid}{suffix}", original))
                element = _sub(parent, "PictureSource", guid=guid, name=source.title,
                               path=f"internal://{guid}{suffix}")
            else:
                text = self.p.sources.text(source.id)
                self.files.append((f"{guid}.txt", text.encode("utf-8")))
                rich = None
                if original != text.encode("utf-8"):
                    # A .txt original (GB18030, CRLF …) must not take the plain text's name.
                    kept = f"{guid}.original{suffix}" if suffix == ".txt" else f"{guid}{suffix}"
                    self.files.append((kept, original))
                    if suffix == ".docx":
                        rich = f"internal://{kept}"
                    else:
                        line = ORIGINAL_LINE + f"internal://{kept}"
                        description = f"{description}\n{line}" if description else line
                element = _sub(parent, "TextSource", guid=guid, name=source.title,
                               plainTextPath=f"internal://{guid}.txt", richTextPath=rich)
            if description:
                element.insert(0, _make("Description", description))
            for coding in self.p.codings.list(source_id=source.id):
                self._selection(element, coding)
            self._note_refs(element, "source", source.id)
            self.report.count("sources")

    def _selection(self, parent, coding) -> None:
        element = self.elements[coding.element_id]
        common = dict(guid=derived_guid(coding.guid, "selection"),
                      creatingUser=self.coders.get(coding.coder),
                      creationDateTime=when(coding.created))
        if coding.rect is not None:
            r = coding.rect
            selection = _sub(parent, "PictureSelection", name=element.name, firstX=r.x,
                             firstY=r.y, secondX=r.x + r.width, secondY=r.y + r.height,
                             **common)
        else:
            selection = _sub(parent, "PlainTextSelection", name=(coding.snippet or "")[:100],
                             startPosition=coding.start, endPosition=coding.end, **common)
        if coding.memo:
            _sub(selection, "Description", coding.memo)
        made = _sub(selection, "Coding", guid=out_guid(coding.guid),
                    creatingUser=self.coders.get(coding.coder),
                    creationDateTime=when(coding.created))
        _sub(made, "CodeRef", targetGUID=out_guid(element.guid))
        self._note_refs(made, "coding", coding.id)
        self.report.count("codings")


ORIGINAL_LINE = "Original file: "


def _make(tag: str, text: str):
    from lxml import etree
    element = etree.Element(_Q + tag)
    element.text = xml_safe(text)
    return element


def _value(parent, kind: str, text: str) -> None:
    if kind == "number" and _DECIMAL.match(text):
        _sub(parent, "FloatValue", text)
    elif kind == "date" and _DATE.match(text):
        _sub(parent, "DateValue", text)
    else:
        _sub(parent, "TextValue", text)
