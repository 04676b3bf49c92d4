"""Commands about the framework and coding: elements, element add, code, codings."""
from __future__ import annotations

from ..core import Rect
from ..core.provenance import check_codable
from ..i18n import tr
from .common import (coding_row, element_paths, element_row, opened, project_arg,
                     rect_arg)
from .output import emit, emit_json, table

COMMANDS = ("elements", "element", "code", "codings")


def register(commands) -> None:
    p = commands.add_parser("elements", help=tr("list the framework's elements"),
                            description=tr("List the elements (codes) of the framework as a tree "
                                           "with their number of codings."))
    project_arg(p)
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_elements)

    p = commands.add_parser("element", help=tr("change the framework (element PROJECT add …)"),
                            description=tr("Change the framework's elements."))
    project_arg(p)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True,
                               prog="workbench element PROJECT", title=tr("actions"))
    a = actions.add_parser("add", help=tr("add an element"),
                           description=tr("Add an element to the framework."))
    a.add_argument("name", metavar="NAME", help=tr("the new element's name"))
    a.add_argument("--parent", metavar="NAME",
                   help=tr("the element to put it under: a path “Parent/Child”, a name or an id"))
    a.add_argument("--color", metavar="#RRGGBB", help=tr("its colour"))
    a.add_argument("--definition", metavar="TEXT", default="",
                   help=tr("its definition for the codebook"))
    a.add_argument("--coder", metavar="NAME", help=tr("who makes the change"))
    a.add_argument("--json", action="store_true", help=tr("print the new element as JSON"))
    a.set_defaults(func=cmd_element_add)

    p = commands.add_parser(
        "code", help=tr("code a passage or an image region to an element"),
        description=tr("Code a passage of a text source (--start/--end in characters) or a "
                       "region of an image (--rect X,Y,W,H in pixels) to an element."))
    project_arg(p)
    p.add_argument("--source", metavar="ID", type=int, required=True,
                   help=tr("the source's id (see “workbench sources”)"))
    p.add_argument("--start", metavar="N", type=int,
                   help=tr("where the passage starts (characters from the beginning, from 0)"))
    p.add_argument("--end", metavar="N", type=int, help=tr("where the passage ends (exclusive)"))
    p.add_argument("--rect", metavar="X,Y,W,H", type=rect_arg,
                   help=tr("an image region (pixels), or with --page a region of a PDF's page "
                           "(points from its top-left corner)"))
    p.add_argument("--page", metavar="N", type=int,
                   help=tr("the page of a PDF the --rect region is on (1 = the first)"))
    p.add_argument("--element", metavar="NAME", required=True,
                   help=tr("the element: a path “Parent/Child”, a name or an id"))
    p.add_argument("--coder", metavar="NAME", help=tr("who codes (default: the current coder)"))
    p.add_argument("--memo", metavar="TEXT", default="", help=tr("a memo on the coding"))
    p.add_argument("--json", action="store_true", help=tr("print the coding as JSON"))
    p.set_defaults(func=cmd_code, parser=p)

    p = commands.add_parser("codings", help=tr("list codings"),
                            description=tr("List codings in reading order, optionally only those "
                                           "of one element or one source."))
    project_arg(p)
    p.add_argument("--element", metavar="NAME", help=tr("only codings of this element"))
    p.add_argument("--source", metavar="ID", type=int, help=tr("only codings of this source"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_codings)


def cmd_elements(args) -> int:
    with opened(args.project, read_only=True) as project:
        elements = project.elements.list()
    if args.json:
        emit_json([element_row(e) for e in elements])
        return 0
    if not elements:
        emit(tr("The framework has no elements yet; add one with “workbench element PROJECT "
                "add NAME”."))
        return 0
    depth = {}
    for e in elements:  # parents come before their children
        depth[e.id] = 0 if e.parent_id is None else depth.get(e.parent_id, 0) + 1
    emit(table([tr("ID"), tr("Element"), tr("Colour"), tr("Codings"), tr("Definition")],
               [(e.id, "  " * depth[e.id] + e.name, e.color, e.coding_count, e.definition)
                for e in elements], limits={1: 40, 4: 40}, numeric=(0, 3)))
    return 0


def cmd_element_add(args) -> int:
    with opened(args.project) as project:
        parent = project.elements.find(args.parent).id if args.parent else None
        element = project.elements.add(args.name, parent_id=parent, color=args.color,
                                       definition=args.definition)
    if args.json:
        emit_json(element_row(element))
    else:
        emit(tr("Added the element {path} (id {id}).", path=element.path, id=element.id))
    return 0


def cmd_code(args) -> int:
    parser = args.parser
    passage = args.start is not None or args.end is not None
    if args.rect is not None and passage:
        parser.error(tr("give either --start and --end (a passage) or --rect (a region), "
                        "not both"))
    if args.rect is None and (args.start is None or args.end is None):
        parser.error(tr("give --start and --end (a passage) or --rect (a region)"))
    if args.page is not None and args.rect is None:
        parser.error(tr("--page goes with --rect (a region of that page)"))
    with opened(args.project) as project:
        element = project.elements.find(args.element)
        check_codable(project, element.id)  # a folder of an imported codebook
        before = {c.id for c in project.codings.list(source_id=args.source)} \
            if args.rect is None else set()
        if args.rect is None:
            coding = project.codings.code_text(args.source, args.start, args.end, element.id,
                                               coder=args.coder, memo=args.memo)
        else:
            coding = project.codings.code_region(args.source, Rect(*args.rect), element.id,
                                                 coder=args.coder, memo=args.memo,
                                                 page=args.page)
        paths = element_paths(project)
    if args.json:
        emit_json(coding_row(coding, paths))
    elif coding.id in before:
        emit(tr("That passage was already coded to {element} (coding {id}); nothing changed.",
                element=element.path, id=coding.id))
    elif coding.rect is None:
        emit(tr("Coded {count} characters of “{title}” to {element} (coding {id}).",
                count=coding.end - coding.start, title=coding.source_title,
                element=element.path, id=coding.id))
    else:
        emit(tr("Coded a region of “{title}” to {element} (coding {id}).",
                title=coding.source_title, element=element.path, id=coding.id))
    return 0


def cmd_codings(args) -> int:
    with opened(args.project, read_only=True) as project:
        element_id = project.elements.find(args.element).id if args.element else None
        if args.source is not None:
            project.sources.get(args.source)  # an unknown id is an error, not an empty list
        codings = project.codings.list(element_id=element_id, source_id=args.source)
        paths = element_paths(project)
        from ..analysis.clauses import ClauseIndex

        clauses = ClauseIndex(project)  # "第五条第二款" where the source has clauses
        rows = [{**coding_row(c, paths), "clause": clauses.cite(c.source_id, c.start, c.end)}
                for c in codings]
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        emit(tr("No codings."))
        return 0
    emit(table([tr("ID"), tr("Source"), tr("Element"), tr("Where"), tr("Coder"), tr("Quote")],
               [(r["id"], r["source_title"], r["element_path"], _where(r), r["coder"],
                 r["snippet"] if r["rect"] is None else r["memo"]) for r in rows],
               limits={1: 24, 2: 24, 5: 40}, numeric=(0,)))
    return 0


def _where(row: dict) -> str:
    if row["rect"] is None:
        return f"{row['start']}–{row['end']}"
    r = row["rect"]
    return f"{r['x']},{r['y']} {r['width']}×{r['height']}"
