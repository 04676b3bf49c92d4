"""Reading REFI-QDA notes, links, sets and graphs into a project (used by ``reading``).

* Note → memo, attached to what the first NoteRef to it sits in (code → element, source,
  coding, case, link → interaction, project); a note nobody refers to is a project memo.
* Link between two codes → interaction: name = interaction type, OneWay = origin → target,
  Bidirectional = both ways, Associative = origin → target (reported). The sign, period and
  evidence the workbench writes travel in a Note the Link refers to, whose Description is
  ``workbench:interaction {json}`` (see ``writing.interaction_note``); that note is not a memo.
* Set of sources → their source type (the workbench exports source types as sets).
* Graph vertices that stand for codes → the diagram's positions.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ...core import WorkbenchError, provenance
from ...i18n import tr
from .xmlutil import kid, kids, local, norm_guid, text_of

if TYPE_CHECKING:
    from .reading import Importer

META = "workbench:interaction "
PROJECT_META = "workbench:project "  # periods, interaction types, original file names
_TARGET_KINDS = {"Code": "element", "TextSource": "source", "PictureSource": "source",
                 "PDFSource": "source", "Coding": "coding", "Case": "case",
                 "Project": "project", "Link": "interaction", "PlainTextSelection": "selection",
                 "PictureSelection": "selection", "PDFSelection": "selection"}


def scan_note_refs(root) -> dict[str | None, tuple[str, str | None]]:
    """Note GUID → (kind of the thing it belongs to, that thing's GUID), first wins: the thing
    whose NoteRef names it, else what a Link from or to the note joins it with (ATLAS.ti relates
    memos to quotations that way, and our export a case's memo: a Case has no NoteRef)."""
    targets: dict[str | None, tuple[str, str | None]] = {}
    for ref in root.iter("{*}NoteRef"):
        owner = ref.getparent()
        kind = _TARGET_KINDS.get(local(owner))
        note = norm_guid(ref.get("targetGUID"))
        if kind and note not in targets:
            targets[note] = (kind, norm_guid(owner.get("guid")))
    notes = {norm_guid(n.get("guid")) for n in root.iter("{*}Note")}
    placing = note_links(root, notes)
    kinds = {norm_guid(e.get("guid")): _TARGET_KINDS[local(e)] for e in root.iter()
             if local(e) in _TARGET_KINDS and local(e) not in ("Project", "Link")} \
        if placing else {}  # a walk over every element, only when some link places a note
    for link in placing:
        ends = [norm_guid(link.get("originGUID")), norm_guid(link.get("targetGUID"))]
        note, other = ends if ends[0] in notes else ends[::-1]
        if note not in targets and other in kinds:
            targets[note] = (kinds[other], other)
    return targets


def note_links(root, notes: set) -> list:
    """The Links with a Note at one end (they place the note; they are not interactions)."""
    links = kid(root, "Links")
    return [link for link in (kids(links, "Link") if links is not None else ())
            if norm_guid(link.get("originGUID")) in notes
            or norm_guid(link.get("targetGUID")) in notes]


def _meta(root, mark: str = META) -> dict[str | None, dict]:
    found = {}
    notes = kid(root, "Notes")
    for note in kids(notes, "Note") if notes is not None else ():
        description = text_of(note, "Description")
        if description.startswith(mark):
            try:
                data = json.loads(description[len(mark):])
            except ValueError:
                continue
            if isinstance(data, dict):
                data["note"] = text_of(note, "PlainTextContent", strip=False)
                found[norm_guid(note.get("guid"))] = data
    return found


def read_project_meta(ctx: "Importer", root) -> None:
    """Our export's project details: every period and interaction type (also those no
    interaction uses yet) and the original file names (read before the sources)."""
    found = _meta(root, PROJECT_META)
    ctx.meta_notes |= set(found)
    for data in found.values():
        for period in data.get("periods") or ():
            try:
                _period(ctx, period)
            except (WorkbenchError, TypeError, ValueError) as exc:
                ctx.report.skip("period", str(period), str(exc))
        known = {t.name for t in ctx.project.interactions.types()}
        for kind in data.get("types") or ():
            if isinstance(kind, dict) and kind.get("name") and kind["name"] not in known:
                try:
                    ctx.project.interactions.add_type(kind["name"], kind.get("sign") or 1,
                                                      kind.get("line_style") or "solid")
                except (WorkbenchError, TypeError, ValueError) as exc:
                    ctx.report.skip("interaction type", str(kind.get("name")), str(exc))
        files = data.get("files")
        if isinstance(files, dict):
            ctx.file_names.update({norm_guid(k): list(v) for k, v in files.items()
                                   if isinstance(v, list) and len(v) == 2})


def read_links(ctx: "Importer", root) -> None:
    links = kid(root, "Links")
    meta = _meta(root)
    ctx.meta_notes |= set(meta)
    # lxml makes a new proxy per access: links are known by their place in the file
    placing = {link.getparent().index(link) for link in note_links(
        root, {norm_guid(n.get("guid")) for n in root.iter("{*}Note")})}
    if placing:
        ctx.report.notes.append(tr("{n} links between a note and what it is about placed those "
                                   "notes; they are not interactions.", n=len(placing)))
    for link in kids(links, "Link") if links is not None else ():
        if link.getparent().index(link) in placing:
            continue
        ctx.report.count("links", found=True)
        name = (link.get("name") or "").strip() or tr("linked to")
        origin = ctx.elements.get(norm_guid(link.get("originGUID")))
        target = ctx.elements.get(norm_guid(link.get("targetGUID")))
        if origin is None or target is None:
            ctx.report.skip("link", name, tr("Only links between two codes become "
                                             "interactions."))
            continue
        data = next((meta[g] for g in (norm_guid(r.get("targetGUID"))
                                       for r in kids(link, "NoteRef")) if g in meta), {})
        try:
            period_id = _period(ctx, data.get("period"))
            if data.get("line_style") and name not in {t.name for t in
                                                       ctx.project.interactions.types()}:
                ctx.project.interactions.add_type(name, data.get("sign") or 1,
                                                  data["line_style"])
            evidence = [ctx.codings[g] for g in map(norm_guid, data.get("evidence", []))
                        if g in ctx.codings]
            made = ctx.project.interactions.add(
                origin, target, name, sign=data.get("sign"), period_id=period_id,
                note=str(data.get("note", "")), evidence=evidence,
                coder=ctx.users.get(norm_guid(data.get("coder"))),
                guid=ctx.free_guid("interactions", norm_guid(link.get("guid"))))
            provenance.keep_times(ctx.project, "interactions", made.id, data.get("created"))
            ctx.interactions[norm_guid(link.get("guid"))] = made.id
            ctx.report.count("links")
            direction = link.get("direction") or "Associative"
            if direction == "Bidirectional":
                ctx.project.interactions.add(target, origin, name, sign=data.get("sign"),
                                             period_id=period_id)
                ctx.report.notes.append(tr("The two-way link “{name}” became two interactions.",
                                           name=name))
            elif direction == "Associative" and not data:
                ctx.report.notes.append(tr("The undirected link “{name}” was read as going from "
                                           "its origin to its target.", name=name))
        except (WorkbenchError, TypeError, ValueError) as exc:
            ctx.report.skip("link", name, str(exc))


def _period(ctx: "Importer", period) -> int | None:
    if not isinstance(period, dict) or not period.get("name"):
        return None
    for existing in ctx.project.periods.list():
        if existing.name == period["name"]:
            return existing.id
    return ctx.project.periods.add(period["name"], period.get("start") or None,
                                   period.get("end") or None).id


def read_notes(ctx: "Importer", root) -> None:
    notes = kid(root, "Notes")
    ids = {"element": ctx.elements, "source": ctx.sources, "coding": ctx.codings,
           "case": ctx.cases, "interaction": ctx.interactions, "selection": ctx.selections}
    for note in kids(notes, "Note") if notes is not None else ():
        guid = norm_guid(note.get("guid"))
        if guid in getattr(ctx, "meta_notes", ()):
            continue
        ctx.report.count("notes", found=True)
        body = text_of(note, "PlainTextContent", strip=False)
        if not body and note.get("plainTextPath"):
            from .sources_in import _member
            from .positions import decode_text
            data, _ = _member(ctx, note.get("plainTextPath"))
            body = decode_text(data).strip() if data is not None else ""
        description = text_of(note, "Description")
        if description:
            body = f"{description}\n\n{body}" if body else description
        kind, target = ctx.note_targets.get(guid, ("project", None))
        target_id = ids[kind].get(target) if kind in ids else None
        if kind == "selection":  # a note on a passage or region: on its (first) coding
            kind = "coding"
        if kind != "project" and target_id is None:
            ctx.report.notes.append(tr("The note “{name}” belongs to something that was not "
                                       "imported; it is kept as a project memo.",
                                       name=note.get("name") or guid))
            kind = "project"
        try:
            memo = ctx.project.memos.add(
                kind, target_id if kind != "project" else None, title=note.get("name") or "",
                body=body, coder=ctx.users.get(norm_guid(note.get("creatingUser"))),
                guid=ctx.free_guid("memos", guid))
            created = note.get("creationDateTime")
            provenance.keep_times(ctx.project, "memos", memo.id, created,
                                  note.get("modifiedDateTime") or created)
            ctx.report.count("notes")
        except WorkbenchError as exc:
            ctx.report.skip("note", note.get("name") or "?", str(exc))


def read_sets(ctx: "Importer", sets) -> None:
    for set_ in kids(sets, "Set") if sets is not None else ():
        name = (set_.get("name") or "").strip()
        members = [ctx.sources.get(norm_guid(m.get("targetGUID")))
                   for m in kids(set_, "MemberSource")]
        ctx.report.count("sets", found=True)
        if list(kids(set_, "MemberCode", "MemberNote")) or not name:
            ctx.report.skip("set", name or "?", tr("Sets of codes or notes have no place in the "
                                                   "workbench."))
            continue
        if not any(m is not None for m in members):
            ctx.report.skip("set", name, tr("None of the sources in it was imported."))
            continue
        for source_id in (m for m in members if m is not None):
            current = ctx.project.sources.get(source_id).source_type
            if current == name:  # its Source type variable said so already
                continue
            if current:
                ctx.report.notes.append(tr("A source is in more than one set; it keeps the type "
                                           "of the first."))
                continue
            ctx.project.sources.update(source_id, source_type=name)
        ctx.report.count("sets")


def read_graphs(ctx: "Importer", graphs) -> None:
    positions = {}
    for graph in kids(graphs, "Graph") if graphs is not None else ():
        ctx.report.count("graphs", found=True)
        before = len(positions)
        for vertex in kids(graph, "Vertex"):
            element_id = ctx.elements.get(norm_guid(vertex.get("representedGUID")))
            try:
                point = (float(vertex.get("firstX")), -float(vertex.get("firstY")))
            except (TypeError, ValueError):
                continue
            if element_id is not None and element_id not in positions:
                positions[element_id] = point
        if len(positions) == before:
            ctx.report.skip("graph", graph.get("name") or "?", tr(
                "None of the codes it shows was imported (or they stand in an earlier graph)."))
            continue
        ctx.report.count("graphs")
        ctx.report.notes.append(tr("Of the graph “{name}”, only where its codes stand was "
                                   "kept.", name=graph.get("name") or "?"))
    if positions:
        ctx.project.diagrams.save_positions(positions)
