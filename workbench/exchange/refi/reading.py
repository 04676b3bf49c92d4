"""Import a REFI-QDA project (.qdpx archive, bare .qde) or codebook (.qdc) into a NEW project.

    report = import_qdpx("study.qdpx", "study.cwb")   # RefiReport: counts and what was left out

Tolerant of what real tools write (see docs and tests): ``Sources/`` or ``sources/``,
``project.qde``/``Project.qde``/``<name>.qde``, any namespace or none, ``internal://`` or
``relative:///`` or bare paths, NVivo's UTF-16 positions, codes flattened as ``A::B``, empty
``<Sets/>``. Nothing is dropped silently: every code, source, coding, note or link that is not
imported is in ``report.skipped`` with a one-sentence reason. The project is built in one step;
if the archive is refused half-way, the new file is removed again.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from ...core import Project, WorkbenchError, provenance
from ...core.part import check_name
from ...i18n import tr
from ..refi_codebook import parse_description
from .links_in import (read_graphs, read_links, read_notes, read_project_meta, read_sets,
                       scan_note_refs)
from .pdf_sources import PagePlaces, from_top_left
from .report import RefiReport
from .safety import MAX_XML, ArchiveRefused, SafeArchive, parse_xml
from .sources_in import SOURCE_TAGS, read_sources
from .variables import details_language, source_variable_guids
from .xmlutil import kid, kids, local, norm_guid, text_of

_COLOR = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_KINDS = {"Text": "text", "Boolean": "text", "Integer": "number", "Float": "number",
          "Date": "date", "DateTime": "date"}


def import_qdpx(path: str | os.PathLike, out: str | os.PathLike, *,
                coder: str | None = None) -> RefiReport:
    """Read ``path`` (.qdpx, .qde or .qdc) into the new project file ``out``."""
    path, out = Path(path), Path(out)
    archive, root = _open(path)
    try:
        kind = local(root)
        if kind not in ("Project", "CodeBook"):
            raise ArchiveRefused(tr("{name} is not a REFI-QDA project or codebook (its root is "
                                    "“{root}”).", name=path.name, root=kind))
        # The language of the names (codes, else variables, cases and sources) picks the
        # project's: it names the built-in source types a Source type variable or Set matches.
        names = " ".join(c.get("name") or "" for c in root.iter("{*}Code"))
        language = ("zh" if _CJK.search(names) else "en") if names.strip() else \
            details_language(root) or ("zh" if _CJK.search(" ".join(
                e.get("name") or "" for e in root.iter("{*}Case", *(
                    "{*}" + t for t in SOURCE_TAGS)))) else "en")
        project = Project.create(out, title=root.get("name") or path.stem, coder=coder,
                                 language=language)
        try:
            importer = Importer(project, archive, RefiReport(path, root.get("origin") or ""))
            importer.adopt = coder is None  # the file's user becomes the project's coder
            with project.grouped("Import REFI-QDA project"):
                importer.run(root)
            project.clear_history()  # a new file: there is nothing before the import to go back to
        except BaseException:
            project.close()
            out.unlink(missing_ok=True)
            raise
        project.close()
        return importer.report
    finally:
        if archive is not None:
            archive.close()


def _open(path: Path):
    if not path.is_file():
        raise ArchiveRefused(tr("There is no file at {path}.", path=path))
    if path.suffix.lower() in (".qde", ".qdc", ".xml"):
        if path.stat().st_size > MAX_XML:
            raise ArchiveRefused(tr("{name} is larger than {size} MB; it is not read.",
                                    name=path.name, size=MAX_XML // 2 ** 20))
        return None, parse_xml(path.read_bytes(), path.name)
    archive = SafeArchive(path)
    try:
        info = archive.find("project.qde")
        if info is None:  # ATLAS.ti 26 names it after the project; a re-zipped folder nests it
            tops = [n for n in archive.names() if "/" not in n and n.lower().endswith(".qde")]
            tops = tops or [n for n in archive.names() if n.lower().endswith(".qde")]
            info = archive.find(tops[0]) if len(tops) == 1 else None
        if info is None:
            raise ArchiveRefused(tr("{name} has no project.qde inside; it is not a REFI-QDA "
                                    "project.", name=path.name))
        archive.prefix = info.filename.rpartition("/")[0]  # the folder project.qde is in
        # Named after the archive the user chose, not the member inside it they never saw.
        return archive, parse_xml(archive.read(info), path.name)
    except BaseException:
        archive.close()
        raise


class Importer:
    """The state of one import: the project, the archive and GUID → id maps."""

    def __init__(self, project: Project, archive: SafeArchive | None, report: RefiReport):
        self.project, self.archive, self.report = project, archive, report
        self.adopt = False
        self.colored: list[str] = []  # codes without a colour, given one of ours
        self.origin = report.origin
        self.pdf_places = PagePlaces(project, from_top_left(report.origin))
        self.users: dict[str | None, str] = {}
        self.elements: dict[str | None, int] = {}
        self.sources: dict[str | None, int] = {}
        self.codings: dict[str | None, int] = {}
        self.cases: dict[str | None, int] = {}
        self.attributes: dict[str | None, tuple[str, str]] = {}
        self.interactions: dict[str | None, int] = {}
        self.source_variables: dict[str | None, str] = {}  # GUID → name of a source variable
        self.kept_variables: dict[str, None] = {}  # names kept as source attributes
        self._used: dict[str, set[str]] = {}
        self._seen: set[tuple] = set()
        self.note_targets: dict[str | None, tuple[str, str | None]] = {}
        self.selections: dict[str | None, int] = {}  # selection GUID → its first coding's id
        self.meta_notes: set[str | None] = set()  # our export's detail notes: not memos
        self.file_names: dict[str | None, list] = {}  # source GUID → [file name, media type]

    def free_guid(self, table: str, guid: str | None) -> str | None:
        """``guid`` unless the file used it already for another row of ``table``."""
        if guid is None:
            return None
        used = self._used.setdefault(table, set())
        if guid in used:
            self.report.notes.append(tr("The GUID {guid} is used twice in the file; the second "
                                        "item got a new one.", guid=guid))
            return None
        used.add(guid)
        return guid

    def run(self, root) -> None:
        self.note_targets = scan_note_refs(root)
        self._users(kid(root, "Users"), root.get("creatingUserGUID"))
        read_project_meta(self, root)
        description = text_of(root, "Description", strip=False).strip()
        if description:
            self.project.update_info(description=description)
        codes = kid(kid(root, "CodeBook"), "Codes") if kid(root, "CodeBook") is not None \
            else kid(root, "Codes")
        self._codes(codes)
        self._variables(kid(root, "Variables"), *source_variable_guids(root))
        cases = kid(root, "Cases")
        self._cases(cases)
        if kid(root, "Sources") is not None:
            try:
                read_sources(self, kid(root, "Sources"))
            finally:
                self.pdf_places.close()
        if self.kept_variables:
            self.report.notes.append(tr(
                "The source variables {names} are not source details; their values were kept "
                "as the sources' own attributes.", names=", ".join(self.kept_variables)))
        self._case_sources(cases)
        read_links(self, root)
        read_notes(self, root)
        read_sets(self, kid(root, "Sets"))
        read_graphs(self, kid(root, "Graphs"))

    # ----- users, codes, cases -------------------------------------------------------------
    def _users(self, users, creator: str | None) -> None:
        """Users → coders. The file's creating user (else its first) takes the place of the
        coder the new project was seeded with, so the importing user is not added."""
        listed = list(kids(users, "User")) if users is not None else []
        chosen = next((u for u in listed if norm_guid(u.get("guid")) == norm_guid(creator)),
                      listed[0] if listed else None)
        if chosen is None:
            self.report.notes.append(tr("The file names no users; its work is attributed to "
                                        "{coder}.", coder=self.project.coders.current().name))
        for user in listed:
            guid = norm_guid(user.get("guid"))
            name = (user.get("name") or user.get("id") or f"user-{(guid or '?')[:8]}").strip()
            try:
                if user is chosen and self.adopt:
                    provenance.adopt_current_coder(self.project, check_name(name, "coder"),
                                                   self.free_guid("coders", guid))
                    self.users[guid] = name
                else:
                    self.users[guid] = self.project.coders.add(
                        name, guid=self.free_guid("coders", guid)).name
                self.report.count("users")
            except WorkbenchError as exc:
                self.report.skip("user", name, str(exc))
            self.report.count("users", found=True)

    def _codes(self, codes) -> None:
        entries: list[tuple[tuple[str, ...], object]] = []

        def walk(element, parents: tuple[str, ...]) -> None:
            for code in kids(element, "Code"):
                name = (code.get("name") or "").strip() or tr("(unnamed)")
                parts = tuple(p.strip() or "-" for p in name.split("::"))
                path = parents + tuple(p.replace("/", "／") for p in parts)
                entries.append((path, code))
                walk(code, path)

        if codes is not None:
            walk(codes, ())
        self.report.count("codes", len(entries), found=True)
        pending: dict[tuple[str, ...], object] = {}
        for path, code in entries:
            while path in pending:
                self.report.notes.append(tr("Two codes are called “{path}”; the second was "
                                            "renamed.", path="/".join(path)))
                path = path[:-1] + (path[-1] + " (2)",)
            pending[path] = code
        by_path: dict[tuple[str, ...], int | None] = {}
        for path in list(pending):
            self._element_at(path, pending, by_path)
        if self.colored:
            self.report.notes.append(tr("{n} codes had no colour; they were given the "
                                        "workbench's colours.", n=len(self.colored)))

    def _element_at(self, path: tuple[str, ...], pending: dict, by_path: dict) -> int | None:
        """The element at ``path``: made from its Code when the file has one, else (a parent
        that flattened names such as ``A::B`` imply) made without a GUID. File order is kept."""
        if not path:
            return None
        if path in by_path:
            return by_path[path]
        parent = self._element_at(path[:-1], pending, by_path)
        code = pending.get(path)
        if code is None:
            try:
                by_path[path] = self.project.elements.add(path[-1], parent_id=parent).id
                self.report.notes.append(tr("The code “{path}” was made as the parent of "
                                            "flattened code names.", path="/".join(path)))
            except WorkbenchError:
                by_path[path] = parent
            return by_path[path]
        fields = parse_description(text_of(code, "Description"))
        color = code.get("color") or ""
        if _COLOR.match(color) and len(color) == 4:
            color = "#" + "".join(c * 2 for c in color[1:])
        guid = norm_guid(code.get("guid"))
        try:
            element = self.project.elements.add(
                path[-1], parent_id=parent, color=color.upper() if _COLOR.match(color) else None,
                guid=self.free_guid("elements", guid),
                **{k: v for k, v in fields.items() if k in ("definition", "inclusion",
                                                             "exclusion", "example")})
        except WorkbenchError as exc:
            self.report.skip("code", "/".join(path), str(exc))
            by_path[path] = parent
            return parent
        by_path[path] = self.elements[guid] = element.id
        if (code.get("isCodable") or "").strip().lower() in ("false", "0"):
            provenance.set_codable(self.project, element.id, False)
        if not _COLOR.match(color):
            self.colored.append(path[-1])
        self.report.count("codes")
        return element.id

    def _variables(self, variables, of_sources: set, of_cases: set) -> None:
        """Variables that sources give values to are source details or attributes
        (``variables.read_source_values``); every other one becomes a case attribute."""
        for variable in kids(variables, "Variable") if variables is not None else ():
            name = (variable.get("name") or "").strip()
            guid = norm_guid(variable.get("guid"))
            if guid is not None and guid in of_sources:
                self.source_variables[guid] = name or tr("(unnamed)")
                if guid not in of_cases:
                    continue
            kind = _KINDS.get(variable.get("typeOfVariable") or "", "text")
            try:
                self.project.cases.add_attribute(name, kind)
                self.attributes[norm_guid(variable.get("guid"))] = (name, kind)
            except WorkbenchError as exc:
                self.report.skip("variable", name, str(exc))

    def _cases(self, cases) -> None:
        for case in kids(cases, "Case") if cases is not None else ():
            self.report.count("cases", found=True)
            guid = norm_guid(case.get("guid"))
            name = (case.get("name") or "").strip() or (guid or "?")
            try:
                created = self.project.cases.add(name, text_of(case, "Description"),
                                                 guid=self.free_guid("cases", guid))
            except WorkbenchError as exc:
                self.report.skip("case", name, str(exc))
                continue
            self.cases[guid] = created.id
            self.report.count("cases")
            for value in kids(case, "VariableValue"):
                ref = kid(value, "VariableRef")
                attribute = self.attributes.get(norm_guid(ref.get("targetGUID"))
                                                if ref is not None else None)
                data = next((v.text or "" for v in kids(value) if local(v) != "VariableRef"), "")
                if attribute is None:
                    continue
                try:
                    self.project.cases.set_value(created.id, attribute[0], data.strip())
                except WorkbenchError as exc:
                    self.report.skip("value", f"{name}: {attribute[0]}", str(exc))

    def _case_sources(self, cases) -> None:
        for case in kids(cases, "Case") if cases is not None else ():
            case_id = self.cases.get(norm_guid(case.get("guid")))
            for ref in kids(case, "SourceRef"):
                source_id = self.sources.get(norm_guid(ref.get("targetGUID")))
                if case_id is not None and source_id is not None:
                    self.project.cases.add_source(case_id, source_id)

    # ----- codings (called by sources_in) ---------------------------------------------------
    def code(self, coding, source_id: int, memo: str, *, passage=None, region=None,
             selection=None, page: int | None = None) -> None:
        guid = norm_guid(coding.get("guid"))
        ref = kid(coding, "CodeRef")
        element_id = self.elements.get(norm_guid(ref.get("targetGUID")) if ref is not None
                                       else None)
        if element_id is None:
            self.report.skip("coding", guid or "?", tr("It refers to a code that is not in the "
                                                       "codebook."))
            return
        owner = selection if selection is not None else coding
        coder = self.users.get(norm_guid(coding.get("creatingUser")
                                         or owner.get("creatingUser")))
        key = (source_id, passage, region, page, element_id, coder)
        if key in self._seen:
            self.report.skip("coding", guid or "?", tr("The same passage is coded to the same "
                                                       "code by the same coder twice."))
            return
        self._seen.add(key)
        codings = self.project.codings
        try:
            if passage is not None:
                made = codings.code_text(source_id, passage[0], passage[1], element_id,
                                         coder=coder, memo=memo,
                                         guid=self.free_guid("codings", guid))
            else:
                made = codings.code_region(source_id, region, element_id, coder=coder,
                                           memo=memo, guid=self.free_guid("codings", guid),
                                           page=page)
        except WorkbenchError as exc:
            self.report.skip("coding", guid or "?", str(exc))
            return
        self.codings[guid] = made.id
        if selection is not None:
            self.selections.setdefault(norm_guid(selection.get("guid")), made.id)
        provenance.keep_times(self.project, "codings", made.id,
                              coding.get("creationDateTime") or owner.get("creationDateTime"),
                              owner.get("modifiedDateTime"))
        self.report.count("codings")
