"""The relational parts of a .qdpx export: notes, links, sets and the path diagram as a Graph
(used by ``writing``; ``self`` is its writer, holding the project and the GUID maps)."""
from __future__ import annotations

import json
import uuid

from ...i18n import tr
from .links_in import META, PROJECT_META
from .writing_sources import guid_out  # out_guid without parsing a canonical GUID


def _sub(*args, **kwargs):
    from .writing import _sub as sub
    return sub(*args, **kwargs)


def when(value):
    from .writing import when as valid
    return valid(value)


def derived_guid(guid: str, what: str) -> str:
    from .writing import derived_guid as derive
    return derive(guid, what)


def links_and_notes(self, root) -> int:
    """Memos → Notes; interactions → Links, each with a Note carrying sign, period, evidence,
    coder and time; a case's memo → a Link from its Note to the case (a Case has no NoteRef);
    the project's periods, interaction types and original file names → one Note
    (``links_in.PROJECT_META``) that our import reads and other tools show as a note."""
    interactions = self.p.interactions.list()
    periods = {p.name: p for p in self.p.periods.list()}
    styles = {t.name: t.line_style for t in self.p.interactions.types()}
    # Only the GUIDs of codings that are evidence (a few hundred), not of all 50,000.
    evidence = {e for i in interactions for e in i.evidence}
    codings = {c.id: c.guid for c in self.p.codings.rows() if c.id in evidence} \
        if len(evidence) > 500 else {e: self.p.codings.get(e).guid for e in evidence}
    memos = self.p.memos.list()
    notes = _sub(root, "Notes")
    for memo in memos:
        user = self.coders.get(memo.coder or "")
        note = _sub(notes, "Note", guid=guid_out(memo.guid), name=memo.title,
                    creatingUser=user, creationDateTime=when(memo.created),
                    modifyingUser=user if memo.modified != memo.created else None,
                    modifiedDateTime=when(memo.modified) if memo.modified != memo.created
                    else None)
        _sub(note, "PlainTextContent", memo.body)
    project_meta = {
        "periods": [{"name": p.name, "start": p.start_date, "end": p.end_date}
                    for p in self.p.periods.list()],
        "types": [{"name": t.name, "sign": t.sign, "line_style": t.line_style}
                  for t in self.p.interactions.types()],
        "files": {guid_out(s.guid): [s.file_name, s.media_type] for s in self.sources
                  if s.file_name}}
    note = _sub(notes, "Note", guid=derived_guid(self.p.info().guid, "project meta"),
                name=tr("Case Workbench details"))
    _sub(note, "Description", PROJECT_META + json.dumps(project_meta, ensure_ascii=False))
    _sub(note, "PlainTextContent", tr("Periods, interaction types and original file names, "
                                      "for Case Workbench."))
    for i in interactions:
        period = periods.get(i.period) if i.period else None
        meta = {"sign": i.sign, "line_style": styles.get(i.type_name, "solid"),
                "period": {"name": period.name, "start": period.start_date,
                           "end": period.end_date} if period else None,
                "evidence": [guid_out(codings[e]) for e in i.evidence if e in codings],
                "coder": self.coders.get(i.coder), "created": i.created}
        note = _sub(notes, "Note", guid=derived_guid(i.guid, "meta"),
                    name=tr("Interaction details"))
        _sub(note, "Description", META + json.dumps(meta, ensure_ascii=False))
        _sub(note, "PlainTextContent", i.note)
    case_memos = [m for m in memos if m.target_kind == "case"]
    if interactions or case_memos:
        links = _sub(root, "Links")
        cases = {c.id: c.guid for c in self.p.cases.list()} if case_memos else {}
        for memo in case_memos:
            _sub(links, "Link", guid=derived_guid(memo.guid, "case link"), name=tr("Memo"),
                 direction="OneWay", originGUID=guid_out(memo.guid),
                 targetGUID=guid_out(cases[memo.target_id]))
        for i in interactions:
            link = _sub(links, "Link", guid=guid_out(i.guid), name=i.type_name,
                        direction="OneWay",
                        originGUID=guid_out(self.elements[i.from_element_id].guid),
                        targetGUID=guid_out(self.elements[i.to_element_id].guid))
            _sub(link, "NoteRef", targetGUID=derived_guid(i.guid, "meta"))
            self._note_refs(link, "interaction", i.id)
            self.report.count("links")
    return len(memos)

def source_type_sets(self, root) -> None:
    """Source types → Sets of sources."""
    by_type: dict[str, list[str]] = {}
    for source in self.sources:
        if source.source_type:
            by_type.setdefault(source.source_type, []).append(guid_out(source.guid))
    if not by_type:
        return
    sets = _sub(root, "Sets")
    for name, members in by_type.items():
        guid = str(uuid.uuid5(uuid.NAMESPACE_URL, "workbench-source-type:" + name))
        element = _sub(sets, "Set", guid=guid, name=name)
        for member in members:
            _sub(element, "MemberSource", targetGUID=member)
        self.report.count("sets")

def path_graph(self, root) -> None:
    """The path diagram's saved positions → a Graph of elements and interactions."""
    positions = self.p.diagrams.positions()
    if not positions:
        return
    graph = _sub(_sub(root, "Graphs"), "Graph", guid=derived_guid(self.p.info().guid,
                                                                   "graph"),
                 name=tr("Path diagram"))
    vertices = {}
    for element_id, (x, y) in positions.items():
        element = self.elements.get(element_id)
        if element is None:
            continue
        vertices[element_id] = derived_guid(element.guid, "vertex")
        _sub(graph, "Vertex", guid=vertices[element_id], representedGUID=guid_out(
            element.guid), name=element.name, firstX=round(x), firstY=round(-y),
            secondX=round(x) + 120, secondY=round(-y) + 40, shape="RoundedRectangle",
            color=element.color)
    styles = {t.name: t.line_style for t in self.p.interactions.types()}
    for i in self.p.interactions.list():
        if i.from_element_id in vertices and i.to_element_id in vertices:
            style = styles.get(i.type_name, "solid")
            _sub(graph, "Edge", guid=derived_guid(i.guid, "edge"),
                 representedGUID=guid_out(i.guid), name=i.type_name,
                 sourceVertex=vertices[i.from_element_id],
                 targetVertex=vertices[i.to_element_id], direction="OneWay",
                 lineStyle=style if style in ("solid", "dashed", "dotted") else "solid")

