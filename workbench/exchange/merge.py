"""Merge two or more project files (e.g. each coder's copy) into a new one, losing nothing.

    report = merge_projects(["ann.cwb", "bo.cwb"], "merged.cwb")

Matching, in the order the files are given (the first file wins a conflict, the others' values
are listed in ``report.conflicts``):

* sources by GUID, else by the sha256 of the original bytes. A source whose text differs
  between files is not merged silently: it is reported and kept as a second source (when its
  original bytes differ too; the project refuses two sources with the same bytes, so a source
  with the same bytes and another text is reported and its codings go to no source);
* elements by GUID, else by path; a differing name, colour, definition, inclusion, exclusion or
  example is a conflict; cases by GUID, else name; periods by name; coders by name;
* codings are unioned with their coder kept (same GUID or same range, element and coder = one);
  interactions are unioned (same GUID, or same elements, type and period = one, evidence
  unioned); memos are unioned (same GUID or same target, title and body = one).
"""
from __future__ import annotations

import os
import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..core import Project, ProjectFileError, WorkbenchError
from ..core.backup_lineage import same_file
from ..core.durable import flush_folder
from ..core.errors import DiskFullError
from ..core.leftovers import sweep
from ..i18n import tr

_FIELDS = ("name", "color", "definition", "inclusion", "exclusion", "example")


@dataclass
class Conflict:
    kind: str  # "element", "source", "case", "coding"
    name: str
    field: str
    values: dict[str, str]  # file name → its value
    kept: str  # the value in the merged project ("" when the item was kept twice)


@dataclass
class MergeReport:
    inputs: list[str]
    output: str
    added: dict[str, int] = field(default_factory=dict)  # new rows per kind in the merged file
    matched: dict[str, int] = field(default_factory=dict)  # rows found again in a later file
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def tally(self, table: dict[str, int], kind: str) -> None:
        table[kind] = table.get(kind, 0) + 1

    def as_dict(self) -> dict:
        return asdict(self)


def merge_projects(paths: list[str | os.PathLike], out: str | os.PathLike) -> MergeReport:
    """Merge ``paths`` into the new file ``out``. The merged file is built under a name that
    says it is unfinished ("merged.incomplete-….cwb") and renamed to ``out`` only when complete,
    so a crash or a kill never leaves a partial file under the name the user chose; what a killed
    merge into ``out`` left is deleted first. The inputs are opened read-only and never changed.
    Errors name ``out``, never the unfinished file."""
    paths, out = [Path(p) for p in paths], Path(out)
    if len(paths) < 2:
        raise WorkbenchError(tr("Merging needs at least two project files."))
    _refuse_self_references(paths, out)
    if out.exists():
        raise ProjectFileError(
            tr("{path} already exists; choose another name or open it.", path=out))
    _remove_abandoned(out)
    inputs = [Project.open(p, read_only=True) for p in paths]
    try:
        first = inputs[0].info()
        building = out.with_name(f"{out.stem}.incomplete-{uuid.uuid4().hex[:8]}{out.suffix}")
        try:
            merged = Project.create(building, title=first.title, language=first.language,
                                    coder=first.current_coder or None)
        except WorkbenchError as exc:
            raise _about_out(exc, building, out) from None
        try:
            report = MergeReport([str(p) for p in paths], str(out))
            with merged.grouped("Merge projects"):
                for path, source in zip(paths, inputs):
                    _Merger(merged, source, path.name, report).run()
            merged.clear_history()
            merged.close()
            _publish(building, out)
        except BaseException as exc:
            merged.close()
            building.unlink(missing_ok=True)
            if isinstance(exc, WorkbenchError):
                raise _about_out(exc, building, out) from None
            raise
        return report
    finally:
        for project in inputs:
            project.close()


def _refuse_self_references(paths: list[Path], out: Path) -> None:
    """The merged file named as one of the files merged (merging a file with itself is allowed:
    it changes nothing)."""
    for path in paths:
        if same_file(path, out):
            raise ProjectFileError(tr(
                "{name} is one of the files being merged, so it cannot also be the merged "
                "file; give --out a new name.", name=out.name))


def _about_out(exc: WorkbenchError, building: Path, out: Path) -> WorkbenchError:
    """The error as the researcher should read it: about ``out``, not the unfinished file."""
    if isinstance(exc, DiskFullError):
        return DiskFullError(tr(
            "There was not enough room on the disk (or it failed) to write {name}, so it was not "
            "made; the files being merged were not changed. Free some space and try again.",
            name=out.name))
    message = str(exc).replace(str(building), str(out)).replace(building.name, out.name)
    return type(exc)(message)


def _remove_abandoned(out: Path) -> None:
    """Delete unfinished files an interrupted merge into ``out`` left behind (a killed process
    cannot clean up), with their journals; one still being built by a running merge is locked,
    and is kept."""
    pattern = re.compile(rf"^{re.escape(out.stem)}\.incomplete-[0-9a-f]{{8}}"
                         rf"{re.escape(out.suffix)}(-journal)?$")
    try:
        found = [p for p in out.parent.iterdir() if pattern.match(p.name)]
    except OSError:
        return
    sweep(found)


def _publish(building: Path, out: Path) -> None:
    """Give the finished file its name, and make the rename itself durable."""
    if out.exists():  # made by someone else while we merged: never overwrite it
        raise ProjectFileError(
            tr("{path} already exists; choose another name or open it.", path=out))
    os.replace(building, out)
    flush_folder(out.parent)


class _Merger:
    """Brings one input project into the merged one; maps its ids to the merged ids."""

    def __init__(self, into: Project, source: Project, name: str, report: MergeReport):
        self.into, self.src, self.name, self.report = into, source, name, report
        self.elements: dict[int, int] = {}
        self.sources: dict[int, int | None] = {}
        self.codings: dict[int, int] = {}
        self.cases: dict[int, int] = {}
        self.periods: dict[str | None, int | None] = {None: None}

    def _guid(self, part, guid: str) -> str | None:
        return None if any(x.guid == guid for x in part.list()) else guid

    def run(self) -> None:
        for coder in self.src.coders.list():
            if coder.name not in {c.name for c in self.into.coders.list()}:
                self.into.coders.add(coder.name, guid=self._guid(self.into.coders, coder.guid))
        self._elements()
        self._sources()
        self._cases()
        self._codings()
        self._interactions()
        self._memos()
        positions = self.into.diagrams.positions()
        extra = {self.elements[e]: xy for e, xy in self.src.diagrams.positions().items()
                 if self.elements.get(e) not in positions}
        if extra:
            self.into.diagrams.save_positions(extra)

    def _conflicts(self, kind: str, name: str, mine, theirs, fields) -> None:
        for f in fields:
            a, b = getattr(theirs, f), getattr(mine, f)
            if a != b and not (f != "name" and not b):
                self.report.conflicts.append(Conflict(kind, name, f, {"merged": str(a),
                                                                      self.name: str(b)}, str(a)))

    def _elements(self) -> None:
        by_guid = {e.guid: e for e in self.into.elements.list()}
        for element in self.src.elements.list():  # parents first
            found = by_guid.get(element.guid) or next(
                (e for e in self.into.elements.list() if e.path == element.path), None)
            if found is not None:
                self.elements[element.id] = found.id
                self._conflicts("element", found.path, element, found, _FIELDS)
                self.report.tally(self.report.matched, "elements")
                continue
            made = self.into.elements.add(
                _free_name(self.into, element.name, self.elements.get(element.parent_id)),
                parent_id=self.elements.get(element.parent_id), color=element.color,
                definition=element.definition, inclusion=element.inclusion,
                exclusion=element.exclusion, example=element.example, guid=element.guid)
            self.elements[element.id] = made.id
            by_guid[made.guid] = made
            self.report.tally(self.report.added, "elements")

    def _sources(self) -> None:
        for source in self.src.sources.list():
            text = self.src.sources.text(source.id)
            data = self.src.sources.original(source.id)
            found = next((s for s in self.into.sources.list() if s.guid == source.guid), None) \
                or self.into.sources.find_by_sha256(source.sha256)
            if found is not None and self.into.sources.text(found.id) == text:
                self.sources[source.id] = found.id
                self.report.tally(self.report.matched, "sources")
                continue
            if found is not None:
                self.report.conflicts.append(Conflict(
                    "source", source.title, "text", {"merged": found.title, self.name:
                                                     source.title}, ""))
                if found.sha256 == source.sha256:
                    self.sources[source.id] = None
                    self.report.notes.append(tr("“{title}” of {file} has the same file as a "
                                                "source already merged but another text; its "
                                                "codings were not merged.", title=source.title,
                                                file=self.name))
                    continue
            title = source.title if found is None else f"{source.title} ({self.name})"
            made = self.into.sources.add(
                kind=source.kind, title=title, data=data, file_name=source.file_name,
                media_type=source.media_type,
                text=text if source.kind == "text" or text else None,
                blocks=self.src.sources.blocks(source.id), encoding=source.encoding,
                metadata=source.metadata, date=source.date, source_type=source.source_type,
                origin_url=source.origin_url, agency=source.agency,
                document_number=source.document_number, capture_time=source.capture_time,
                notes=source.notes, width=source.width, height=source.height,
                guid=self._guid(self.into.sources, source.guid))
            self.sources[source.id] = made.id
            self.report.tally(self.report.added, "sources")

    def _cases(self) -> None:
        existing = {a.name for a in self.into.cases.attributes()}
        for attribute in self.src.cases.attributes():
            if attribute.name not in existing:
                self.into.cases.add_attribute(attribute.name, attribute.kind)
        for case in self.src.cases.list():
            found = next((c for c in self.into.cases.list()
                          if c.guid == case.guid or c.name == case.name), None)
            if found is None:
                found = self.into.cases.add(case.name, case.description,
                                            guid=self._guid(self.into.cases, case.guid))
                self.report.tally(self.report.added, "cases")
            else:
                self._conflicts("case", found.name, case, found, ("name", "description"))
                self.report.tally(self.report.matched, "cases")
            self.cases[case.id] = found.id
            for name, value in case.attributes.items():
                old = found.attributes.get(name, "")
                if not old:
                    self.into.cases.set_value(found.id, name, value)
                elif str(old) != str(value):
                    self.report.conflicts.append(Conflict("case", found.name, name, {
                        "merged": str(old), self.name: str(value)}, str(old)))
            for source_id in case.source_ids:
                if self.sources.get(source_id) is not None:
                    self.into.cases.add_source(found.id, self.sources[source_id])

    def _codings(self) -> None:
        by_guid = {c.guid: c for c in self.into.codings.list()}
        for c in self.src.codings.list():
            target = self.sources.get(c.source_id)
            if target is None:
                continue
            same = by_guid.get(c.guid)
            if same is not None and (same.start, same.end, same.rect, same.page) == \
                    (c.start, c.end, c.rect, c.page):
                self.codings[c.id] = same.id
                self.report.tally(self.report.matched, "codings")
                continue
            if same is not None:
                self.report.notes.append(tr("A coding of “{title}” was changed in {file}; both "
                                            "versions are kept.", title=c.source_title,
                                            file=self.name))
            guid = None if same is not None else c.guid
            element = self.elements[c.element_id]
            if c.start is None or c.page is not None:  # a region (a PDF page's with its text);
                # a screenshot's passage brings its region through code_text
                made = self.into.codings.code_region(target, c.rect, element, coder=c.coder,
                                                     memo=c.memo, guid=guid, page=c.page)
            else:
                made = self.into.codings.code_text(target, c.start, c.end, element,
                                                   coder=c.coder, memo=c.memo, guid=guid)
            self.codings[c.id] = made.id
            by_guid[made.guid] = made
            self.report.tally(self.report.added, "codings")

    def _period(self, name: str | None) -> int | None:
        if name not in self.periods:
            mine = next(p for p in self.src.periods.list() if p.name == name)
            found = next((p for p in self.into.periods.list() if p.name == name), None)
            self.periods[name] = found.id if found else self.into.periods.add(
                name, mine.start_date, mine.end_date).id
        return self.periods[name]

    def _interactions(self) -> None:
        styles = {t.name: t for t in self.src.interactions.types()}
        for i in self.src.interactions.list():
            if i.type_name not in {t.name for t in self.into.interactions.types()}:
                kind = styles[i.type_name]
                self.into.interactions.add_type(kind.name, kind.sign, kind.line_style)
            a, b, period = self.elements[i.from_element_id], self.elements[i.to_element_id], \
                self._period(i.period)
            evidence = [self.codings[e] for e in i.evidence if e in self.codings]
            found = next((x for x in self.into.interactions.list() if x.guid == i.guid or (
                (x.from_element_id, x.to_element_id, x.type_name, x.period) ==
                (a, b, i.type_name, i.period))), None)
            if found is not None:
                self.into.interactions.add_evidence(found.id, [e for e in evidence
                                                               if e not in found.evidence])
                self.report.tally(self.report.matched, "interactions")
                continue
            self.into.interactions.add(a, b, i.type_name, sign=i.sign, period_id=period,
                                       note=i.note, evidence=evidence, coder=i.coder or None,
                                       guid=self._guid(self.into.interactions, i.guid))
            self.report.tally(self.report.added, "interactions")

    def _memos(self) -> None:
        ids = {"element": self.elements, "source": self.sources, "coding": self.codings,
               "case": self.cases}
        existing = self.into.memos.list()
        for memo in self.src.memos.list():
            if memo.target_kind == "interaction":
                target = self._interaction_of(memo.target_id)
            else:
                target = ids[memo.target_kind].get(memo.target_id) \
                    if memo.target_kind in ids else None
            kind = memo.target_kind if target is not None else "project"
            if any(m.guid == memo.guid or (m.target_kind, m.target_id, m.title, m.body) ==
                   (kind, target, memo.title, memo.body) for m in existing):
                self.report.tally(self.report.matched, "memos")
                continue
            self.into.memos.add(kind, target, title=memo.title, body=memo.body,
                                coder=memo.coder, guid=self._guid(self.into.memos, memo.guid))
            self.report.tally(self.report.added, "memos")

    def _interaction_of(self, interaction_id: int | None) -> int | None:
        mine = next((i for i in self.src.interactions.list() if i.id == interaction_id), None)
        if mine is None:
            return None
        a, b = self.elements[mine.from_element_id], self.elements[mine.to_element_id]
        return next((x.id for x in self.into.interactions.list() if x.guid == mine.guid or (
            (x.from_element_id, x.to_element_id, x.type_name, x.period) ==
            (a, b, mine.type_name, mine.period))), None)


def _free_name(project: Project, name: str, parent_id: int | None) -> str:
    taken = {e.name for e in project.elements.children(parent_id)}
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    return candidate
