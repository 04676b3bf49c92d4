"""Export a project as a REFI-QDA project (.qdpx) that NVivo, ATLAS.ti, MAXQDA and QualCoder read.

    report = export_qdpx(project, "study.qdpx")
    report = export_qdpx(project, "study.qdpx", validate=True)  # report.valid: passed Project.xsd

What goes where (namespace ``urn:QDA-XML:project:1.0``):

* coders → Users; elements → CodeBook (colour; definition/inclusion/exclusion/example as the
  labelled Description of ``refi_codebook.describe``); case attributes → Variables; cases →
  Cases with VariableValue and SourceRef; source details and attributes → Variables with each
  source's VariableValues (``variables``);
* text sources → TextSource with ``plainTextPath="internal://GUID.txt"`` (UTF-8); the original
  file is kept too: as ``richTextPath`` when it is a .docx (what the tools expect there), else as
  ``sources/GUID.ext`` named in the source's Description; images → PictureSource;
* text codings → PlainTextSelection (exclusive end) with one Coding, counted the way the
  target tool reads them (``target``: UTF-16 units for NVivo, ATLAS.ti and MAXQDA, code points
  for QualCoder and the standard; see ``positions.TARGETS``), the count named in ``origin``; region codings → PictureSelection; memos → Notes with NoteRef from what they belong to;
* interactions → Links (name = type, direction OneWay); sign, line style, period and evidence go
  in a Note the Link refers to (``links_in.META``), which ``import_qdpx`` reads back;
* source types → Sets of sources; the path diagram's saved positions → a Graph whose vertices
  stand for elements and whose edges stand for the Links.
"""
from __future__ import annotations

import gc
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ... import __version__
from ...core import provenance
from ...core.errors import InvalidInputError
from ...i18n import tr
from ..refi_codebook import describe
from .pdf_sources import PagePlaces, from_top_left, pdf_mark
from .positions import DEFAULT_TARGET, ORIGIN_MARK, TARGETS, UTF16
from .report import RefiReport
from .variables import SourceVariables
from .writing_links import links_and_notes, path_graph, source_type_sets
from .writing_sources import (ORIGINAL_LINE, derived_guid, guid_out, open_tag, read_codings,
                              when, write_files, write_sources, xml_safe)
from .xmlutil import PROJECT_NS
from .zip_entries import Entries

if TYPE_CHECKING:
    from ...core import Project
    from ...core.coding_batches import SourceBatches

__all__ = ["ORIGINAL_LINE", "derived_guid", "export_qdpx", "schema_file", "when", "xml_safe"]

_Q = f"{{{PROJECT_NS}}}"
_DECLARATION = f' xmlns="{PROJECT_NS}"'
_NUMBER_KIND = {"text": "Text", "number": "Float", "date": "Date"}
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FLUSH = 1 << 20  # characters of XML gathered before they are encoded into the archive


def schema_file(schema: str | Path | None = None) -> Path | None:
    """Project.xsd: the one given, else ``resources/refi/Project.xsd``; None when not shipped."""
    if schema is not None:
        return Path(schema)
    from ...resources import resource_path
    shipped = resource_path("refi", "Project.xsd")
    return shipped if shipped.is_file() else None


def _sub(parent, tag: str, text: str | None = None, **attributes):
    from lxml import etree
    element = etree.SubElement(parent, _Q + tag, {k: xml_safe(str(v))
                                                  for k, v in attributes.items()
                                                  if v is not None and v != ""})
    if text is not None:
        element.text = xml_safe(text)
    return element


def export_qdpx(project: "Project", path: str | os.PathLike, *,
                schema: str | Path | None = None, validate: bool | None = None,
                target: str = DEFAULT_TARGET) -> RefiReport:
    """Write ``project`` to ``path`` (.qdpx). The file is written whole or not at all.

    ``project.qde`` is checked against Project.xsd (``report.valid``) when ``validate`` is true,
    or when it is None and a ``schema`` is given: the tests check every export shape that way,
    and a user's export does not pay for a second read of a large file."""
    if target not in TARGETS:
        raise InvalidInputError(tr("“{target}” is not a tool the export knows; use one of "
                                   "{known}.", target=target, known=", ".join(TARGETS)))
    scheme, target_tool = TARGETS[target], target
    target = Path(path)
    if not target.parent.is_dir():
        raise InvalidInputError(tr("The folder {folder} does not exist.", folder=target.parent))
    report = RefiReport(target, f"Case Workbench {__version__}{pdf_mark(target_tool)}"
                                f"{ORIGIN_MARK}{scheme}")
    report.notes.append(tr("Text positions are counted in UTF-16 units.") if scheme == UTF16
                        else tr("Text positions are counted in code points."))
    from ...exporters.writing import atomic_target  # one sentence naming target; no leftovers

    with atomic_target(target) as partial:
        # Level 1: text deflates nearly as well as at the default level, three times faster.
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive, \
                Entries(archive) as entries, _collector_paused():
            writer = _Writer(project, report, entries)
            try:
                writer.write()
            finally:
                writer.pdf_places.close()
        if validate or (validate is None and schema is not None):
            _validate(partial, schema_file(schema), report)
    return report


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the export makes millions of short-lived strings
    and rows (none of them in cycles): its passes over them cost 3–4 % of the export."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _validate(path: Path, xsd: Path | None, report: RefiReport) -> None:
    if xsd is None:
        return
    from lxml import etree
    validator = etree.XMLSchema(etree.parse(str(xsd)))
    with zipfile.ZipFile(path) as archive, archive.open("project.qde") as stream:
        report.valid = validator.validate(etree.parse(stream))
    if not report.valid:
        report.notes.append(str(validator.error_log.last_error))


class _Writer:
    def __init__(self, project: "Project", report: RefiReport, entries: Entries):
        self.p, self.report, self.entries = project, report, entries
        self.utf16 = report.origin.endswith(UTF16)  # positions as NVivo counts them
        self.pdf_places = PagePlaces(project, from_top_left(report.origin))
        self.coders = {c.name: guid_out(c.guid) for c in project.coders.list()}
        self.elements = {e.id: e for e in project.elements.list()}
        self.folders = provenance.non_codable(project)  # isCodable="false"
        self.sources = project.sources.list()
        self.variables = SourceVariables(project, self.sources)
        self.memos: dict[tuple[str, int | None], list[str]] = {}
        for memo in project.memos.list():
            self.memos.setdefault((memo.target_kind, memo.target_id), []).append(
                guid_out(memo.guid))

    def _note_refs(self, parent, kind: str, row_id: int | None) -> None:
        for guid in self.memos.get((kind, row_id), []):
            _sub(parent, "NoteRef", targetGUID=guid)

    def write(self) -> None:
        """The source files, then ``project.qde`` streamed: the small parts as lxml trees, the
        sources with their selections as text (``writing_sources``)."""
        with read_codings(self) as codings:  # read on a second thread while the files go in
            kept = write_files(self)
            self._write_project(kept, codings)

    def _write_project(self, kept: dict, codings: "SourceBatches") -> None:
        from lxml import etree
        info = self.p.info()
        current = self.p.coders.current()
        head = etree.Element(_Q + "Project", nsmap={None: PROJECT_NS})
        users = _sub(head, "Users")
        for coder in self.p.coders.list():
            _sub(users, "User", guid=guid_out(coder.guid), name=coder.name)
        self._codebook(head)
        self._cases(head)
        tail = etree.Element(_Q + "Project", nsmap={None: PROJECT_NS})
        link_notes = links_and_notes(self, tail)
        source_type_sets(self, tail)
        path_graph(self, tail)
        if info.description:
            _sub(tail, "Description", info.description)
        self._note_refs(tail, "project", None)
        self.report.count("notes", link_notes)
        # Zip64 only when the XML might pass 2 GB (a selection is under 1 kB): some tools'
        # readers trip over a Zip64 entry they do not need.
        large = self.p.counts()["codings"] * 1500 > 1 << 30
        with self.entries.stream("project.qde", force_zip64=large) as stream:
            pieces: list[str] = ["<?xml version='1.0' encoding='utf-8'?>\n"]
            size = 0

            def emit(piece: str) -> None:
                nonlocal size
                if len(piece) >= _FLUSH:  # a large run of selections: not copied again
                    if pieces:
                        stream.write("".join(pieces).encode("utf-8"))
                        pieces.clear()
                        size = 0
                    stream.write(piece.encode("utf-8"))
                    return
                pieces.append(piece)
                size += len(piece)
                if size >= _FLUSH:
                    stream.write("".join(pieces).encode("utf-8"))
                    pieces.clear()
                    size = 0

            emit(open_tag("Project", {
                "xmlns": PROJECT_NS, "name": info.title, "origin": self.report.origin,
                "creatingUserGUID": guid_out(current.guid),
                "creationDateTime": when(info.created)}) + "\n")
            for part in head:
                emit(_fragment(part))
            write_sources(self, emit, kept, codings)
            for part in tail:
                emit(_fragment(part))
            emit("</Project>\n")
            stream.write("".join(pieces).encode("utf-8"))

    def _codebook(self, root) -> None:
        if not self.elements:
            return
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        made = {None: codes}
        language = self.p.language
        for element in self.elements.values():  # parents come first
            code = _sub(made[element.parent_id], "Code", guid=guid_out(element.guid),
                        name=element.name, color=element.color,
                        isCodable="false" if element.id in self.folders else "true")
            text = describe(element, language)
            if text:
                _sub(code, "Description", text)
            self._note_refs(code, "element", element.id)
            made[element.id] = code
            self.report.count("codes")

    def _cases(self, root) -> None:
        attributes = self.p.cases.attributes()
        if attributes or self.variables.declared:
            variables = _sub(root, "Variables")
            for a in attributes:
                _sub(variables, "Variable", guid=guid_out(a.guid), name=a.name,
                     typeOfVariable=_NUMBER_KIND.get(a.kind, "Text"))
            self.variables.declare(_sub, variables)
        cases = self.p.cases.list()
        if not cases:
            return
        parent = _sub(root, "Cases")
        source_guids = {s.id: guid_out(s.guid) for s in self.sources}
        for case in cases:
            element = _sub(parent, "Case", guid=guid_out(case.guid), name=case.name)
            if case.description:
                _sub(element, "Description", case.description)
            for a in attributes:
                if case.attributes.get(a.name, "") != "":
                    value = _sub(element, "VariableValue")
                    _sub(value, "VariableRef", targetGUID=guid_out(a.guid))
                    _value(value, a.kind, str(case.attributes[a.name]))
            for source_id in case.source_ids:
                _sub(element, "SourceRef", targetGUID=source_guids[source_id])
            self.report.count("cases")


def _fragment(element) -> str:
    """One child of the project as text, without repeating the project's namespace on it."""
    from lxml import etree
    return etree.tostring(element, encoding="unicode", pretty_print=True).replace(
        _DECLARATION, "", 1)


def _value(parent, kind: str, text: str) -> None:
    if kind == "number" and _DECIMAL.match(text):
        _sub(parent, "FloatValue", text)
    elif kind == "date" and _DATE.match(text):
        _sub(parent, "DateValue", text)
    else:
        _sub(parent, "TextValue", text)
