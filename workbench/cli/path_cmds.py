"""Commands about the paths of a case: periods, diagram, loops.

matplotlib and networkx are imported inside the commands, so ``workbench --help`` stays fast.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..exporters.layout import METHODS
from ..i18n import tr
from .common import date_arg, opened, project_arg
from .output import CliError, emit, emit_json, table, warn

COMMANDS = ("periods", "diagram", "loops")

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")
GRAPH_SUFFIXES = (".graphml", ".gexf")
SAVED = "saved"
# Characters no file system (Windows being the strictest) takes in a file name.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def register(commands) -> None:
    p = commands.add_parser(
        "periods", help=tr("list, add or remove the periods (stages) of the case"),
        description=tr("List the periods (stages) of the case with their dates, number of "
                       "interactions and number of sources dated in them; or add or remove "
                       "one."))
    project_arg(p)
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_periods)
    actions = p.add_subparsers(dest="action", metavar="ACTION", prog="workbench periods PROJECT",
                               title=tr("actions"))
    a = actions.add_parser("add", help=tr("add a period"),
                           description=tr("Add a period; sources dated between its start and "
                                          "end fall in it."))
    a.add_argument("name", metavar="NAME", help=tr("the period's name, e.g. 2015–2018"))
    a.add_argument("--start", metavar="YYYY-MM-DD", type=date_arg,
                   help=tr("the first day of the period (YYYY or YYYY-MM also work)"))
    a.add_argument("--end", metavar="YYYY-MM-DD", type=date_arg,
                   help=tr("the last day of the period (YYYY or YYYY-MM also work)"))
    a.add_argument("--coder", metavar="NAME",
                   help=tr("accepted for uniformity; periods have no coder"))
    a.add_argument("--json", action="store_true", help=tr("print the new period as JSON"))
    a.set_defaults(func=cmd_period_add)
    a = actions.add_parser("remove", help=tr("remove a period"),
                           description=tr("Remove a period; its interactions are kept and "
                                          "become undated."))
    a.add_argument("name", metavar="NAME", help=tr("the period's name"))
    a.add_argument("--coder", metavar="NAME",
                   help=tr("accepted for uniformity; periods have no coder"))
    a.set_defaults(func=cmd_period_remove)

    p = commands.add_parser(
        "diagram", help=tr("draw the path diagram to a figure or a graph file"),
        description=tr("Draw the elements and their interactions as a path diagram: a figure "
                       "(.png at 300 dpi, .svg, .pdf) for the thesis, or a graph file (.graphml, "
                       ".gexf) for Gephi, yEd or R. The whole case by default."))
    project_arg(p)
    p.add_argument("--out", metavar="FILE", required=True,
                   help=tr("the file to write: .png, .svg, .pdf, .graphml or .gexf"))
    which = p.add_mutually_exclusive_group()
    which.add_argument("--period", metavar="NAME",
                       help=tr("only the interactions of this period"))
    which.add_argument("--by-period", action="store_true",
                       help=tr("one panel per period: for .png/.svg/.pdf one sheet of small "
                               "multiples in FILE (every element in the same place, the whole "
                               "case last); for .graphml/.gexf one file per period beside FILE, "
                               "named FILE-PERIOD.graphml"))
    p.add_argument("--layout", choices=(*METHODS, SAVED),
                   help=tr("where the boxes go: layered (drivers left, outcomes right), circular, "
                           "force, or saved = as arranged in the window (default: saved when "
                           "the project has a saved layout, else layered); elements without a "
                           "saved place are laid out automatically"))
    p.add_argument("--title", metavar="TEXT", help=tr("a title above the figure"))
    p.add_argument("--json", action="store_true",
                   help=tr("print the written files as JSON"))
    p.set_defaults(func=cmd_diagram)

    p = commands.add_parser(
        "loops", help=tr("list the feedback loops"),
        description=tr("List the feedback loops among the interactions: R (reinforcing, an even "
                       "number of negative links) or B (balancing, an odd number), each with "
                       "its elements in order and the interaction types between them."))
    project_arg(p)
    p.add_argument("--period", metavar="NAME", help=tr("only the interactions of this period"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_loops)


# ----- periods -------------------------------------------------------------------------------
def period_row(period, interactions: int, sources: int, overlaps: list[str] = ()) -> dict:
    return {"id": period.id, "guid": period.guid, "name": period.name,
            "start": period.start_date, "end": period.end_date,
            "interactions": interactions, "sources": sources, "overlaps": list(overlaps)}


def _overlaps(periods) -> dict[int, list[str]]:
    """Period id → names of the periods whose dates it shares."""
    from ..analysis.period_checks import overlapping_periods

    found: dict[int, list[str]] = {}
    for first, second in overlapping_periods(periods):
        found.setdefault(first.id, []).append(second.name)
        found.setdefault(second.id, []).append(first.name)
    return found


def _warn_overlaps(period, overlaps: dict[int, list[str]]) -> None:
    if overlaps.get(period.id):
        warn(tr("Warning: {name} overlaps {others}, so sources dated in the shared days fall "
                "in the earlier period; check the dates with “workbench periods PROJECT”.",
                name=period.name, others="、".join(overlaps[period.id])))


def cmd_periods(args) -> int:
    with opened(args.project, read_only=True) as project:
        periods = project.periods.list()
        interactions = [i.period for i in project.interactions.list()]
        dated = {}
        for source in project.sources.list():
            period = project.periods.period_of(source.date)
            if period is not None:
                dated[period.id] = dated.get(period.id, 0) + 1
    overlaps = _overlaps(periods)
    rows = [period_row(p, interactions.count(p.name), dated.get(p.id, 0), overlaps.get(p.id, []))
            for p in periods]
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        emit(tr("The case has no periods yet; add one with “workbench periods PROJECT add "
                "NAME --start YYYY-MM-DD --end YYYY-MM-DD”."))
        return 0
    emit(table([tr("Period"), tr("Start"), tr("End"), tr("Interactions"), tr("Sources"),
                tr("Overlaps")],
               [(r["name"], r["start"], r["end"], r["interactions"], r["sources"],
                 "、".join(r["overlaps"])) for r in rows], limits={0: 30, 5: 30},
               numeric=(3, 4)))
    return 0


def cmd_period_add(args) -> int:
    with opened(args.project) as project:
        period = project.periods.add(args.name, args.start, args.end)
        overlaps = _overlaps(project.periods.list())
    _warn_overlaps(period, overlaps)
    if args.json:
        emit_json(period_row(period, 0, 0, overlaps.get(period.id, [])))
    else:
        emit(tr("Added the period {name} ({start} – {end}).", name=period.name,
                start=period.start_date or "…", end=period.end_date or "…"))
    return 0


def cmd_period_remove(args) -> int:
    with opened(args.project) as project:
        period = project.periods.find(args.name)
        undated = len(project.interactions.list(period_id=period.id))
        project.periods.delete(period.id)
    if undated:
        emit(tr("Removed the period {name}; its {count} interaction(s) are kept, now undated.",
                name=period.name, count=undated))
    else:
        emit(tr("Removed the period {name}.", name=period.name))
    return 0


# ----- diagram -------------------------------------------------------------------------------
def safe_file_part(name: str) -> str:
    """A period name as part of a file name: characters no file system takes become “_”,
    Chinese and other letters stay."""
    cleaned = _UNSAFE.sub("_", name).strip().rstrip(". ")
    return cleaned or "_"


def period_files(out: Path, names: list[str]) -> list[Path]:
    """FILE-stem + "-" + period + suffix beside FILE, one per period, never two alike."""
    files: list[Path] = []
    taken: set[str] = set()
    for name in names:
        stem = f"{out.stem}-{safe_file_part(name)}"
        candidate, number = stem, 2
        while candidate.casefold() in taken:  # two names that clean up alike (“a/b”, “a:b”)
            candidate, number = f"{stem}-{number}", number + 1
        taken.add(candidate.casefold())
        files.append(out.with_name(candidate + out.suffix))
    return files


def _layout_choice(project, requested: str | None) -> tuple[str, dict]:
    """(automatic method, saved positions to keep) for the --layout asked for."""
    if requested is not None and requested != SAVED:
        return requested, {}
    saved = project.diagrams.positions()
    if requested == SAVED and not saved:
        warn(tr("The project has no saved diagram layout yet, so the diagram is laid out "
                "automatically (layered)."))
    return "layered", saved


def cmd_diagram(args) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in FIGURE_SUFFIXES + GRAPH_SUFFIXES:
        raise CliError(tr("{name} cannot be written: a diagram is saved as .png, .svg, .pdf, "
                          ".graphml or .gexf.", name=out.name))
    if not out.parent.is_dir():
        raise CliError(tr("The folder {folder} does not exist.", folder=out.parent))
    from ..analysis.paths import path_graph
    from ..exchange.graphs import export_graph
    from ..exporters.diagram import draw_path_diagram, draw_small_multiples, layout, save_figure

    with opened(args.project, read_only=True) as project:
        language = "zh" if project.language.startswith("zh") else "en"
        method, saved = _layout_choice(project, args.layout)
        periods = [p.name for p in project.periods.list()]
        if args.by_period and not periods:
            raise CliError(tr("The case has no periods to draw one by one; add them with "
                              "“workbench periods PROJECT add NAME”."))
        written: list[Path] = []
        if args.by_period and suffix in FIGURE_SUFFIXES:
            figure = draw_small_multiples(project, periods, method=method, positions=saved,
                                          title=args.title, language=language)
            written.append(save_figure(figure, out))
        elif args.by_period:
            # Every period's file puts each element where the whole-case diagram has it.
            placed = layout(path_graph(project), method, saved)
            for name, target in zip(periods, period_files(out, periods)):
                graph = path_graph(project, name)
                if args.title:
                    graph.graph["title"] = args.title
                written.append(export_graph(graph, target, positions={
                    node: placed[node] for node in graph.nodes if node in placed}))
        else:
            graph = path_graph(project, args.period)
            placed = layout(graph, method, saved)
            if suffix in FIGURE_SUFFIXES:
                figure = draw_path_diagram(graph, placed, title=args.title, language=language)
                written.append(save_figure(figure, out))
            else:
                if args.title:
                    graph.graph["title"] = args.title
                written.append(export_graph(graph, out, positions=placed))
    if args.json:
        emit_json({"written": [str(path) for path in written]})
    else:
        for path in written:
            emit(str(path))
    return 0


# ----- loops ---------------------------------------------------------------------------------
def cmd_loops(args) -> int:
    from ..analysis.paths import feedback_loops, path_graph

    with opened(args.project, read_only=True) as project:
        graph = path_graph(project, args.period)
    loops = feedback_loops(graph)
    rows = []
    for loop in loops:
        names = [graph.nodes[node]["name"] for node in loop.nodes]
        steps = zip(loop.nodes, loop.nodes[1:] + loop.nodes[:1], loop.edges)
        types = [graph.get_edge_data(u, v, key)["type"] for u, v, key in steps]
        rows.append({"kind": loop.kind, "sign": "+" if loop.sign > 0 else "-", "nodes": names,
                     "edges": list(loop.edges), "types": types})
    if args.json:
        emit_json([{k: row[k] for k in ("kind", "sign", "nodes", "edges")} for row in rows])
        return 0
    if not rows:
        emit(tr("No feedback loops: no chain of interactions leads back to where it started."))
        return 0
    for row in rows:
        chain = row["nodes"][0]
        for name_, type_ in zip(row["nodes"][1:] + row["nodes"][:1], row["types"]):
            chain += f" —{type_}→ {name_}"
        emit(f"{row['kind']}  {chain}")
    reinforcing = sum(1 for row in rows if row["kind"] == "R")
    emit(tr("{count} loop(s): {reinforcing} reinforcing (R), {balancing} balancing (B).",
            count=len(rows), reinforcing=reinforcing, balancing=len(rows) - reinforcing))
    return 0
