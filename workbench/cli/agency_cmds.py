"""``workbench agencies``: the joint-issuance network of a policy corpus, and the list of agency
spellings that count as one agency."""
from __future__ import annotations

from pathlib import Path

from ..i18n import tr
from .common import opened, project_arg
from .output import CliError, emit, emit_json, table

COMMANDS = ("agencies",)
_OUT = (".gexf", ".graphml", ".xlsx", ".png", ".svg", ".pdf")


def register(commands) -> None:
    p = commands.add_parser(
        "agencies", help=tr("the joint-issuance network of the issuing agencies"),
        description=tr("Count the documents each agency issued and with whom (联合发文): a table "
                       "of documents, partners, weighted degree and betweenness; write the "
                       "network for Gephi (.gexf, .graphml), as an adjacency matrix (.xlsx) or "
                       "a figure (.png, .svg, .pdf). --alias merges spellings of one agency."))
    project_arg(p)
    p.add_argument("--period", metavar="NAME", help=tr("only the documents dated in this period"))
    p.add_argument("--out", metavar="FILE", help=tr("write the network: {kinds}", kinds=", ".join(_OUT)))
    p.add_argument("--alias", metavar="SHORT=FULL", action="append", default=[],
                   help=tr("count SHORT as FULL from now on (repeat for several)"))
    p.add_argument("--remove-alias", metavar="SHORT", action="append", default=[],
                   help=tr("forget a spelling merged earlier"))
    p.add_argument("--aliases", action="store_true", help=tr("list the merged spellings"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_agencies)


def cmd_agencies(args) -> int:
    from ..analysis.issuance_network import build_network

    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in _OUT:
        raise CliError(tr("{name} is not a kind of file the network can be written as; use "
                          "one of {kinds}.", name=out.name, kinds=", ".join(_OUT)))
    pairs = []
    for text in args.alias:
        short, sep, full = text.partition("=")
        if not sep or not short.strip() or not full.strip():
            raise CliError(tr("Write an alias as SHORT=FULL, e.g. 发改委=国家发展和改革委员会."))
        pairs.append((short.strip(), full.strip()))
    changes = bool(pairs or args.remove_alias)
    with opened(args.project, read_only=not changes) as project:
        if changes:
            with project.grouped("Merge agency names"):
                for short, full in pairs:
                    project.agencies.set_alias(short, full)
                for short in args.remove_alias:
                    project.agencies.remove_alias(short)
        if args.aliases:
            aliases = project.agencies.aliases()
            if args.json:
                emit_json(aliases)
            else:
                emit(table([tr("Spelling"), tr("Counted as")], sorted(aliases.items()))
                     if aliases else tr("No spellings have been merged yet."))
            return 0
        network = build_network(project, period=args.period)
    rows = network.table()
    if out is not None:
        _write(network, out, args.period)
    if args.json:
        emit_json([row.__dict__ for row in rows])
    elif not rows:
        emit(tr("No source names its issuing agency yet; fill in the agency (发文机关) in the "
                "source's details or with “workbench source PROJECT N --agency …”."))
    else:
        emit(table([tr("Agency"), tr("Documents"), tr("Joint documents"), tr("Partners"),
                    tr("Weighted degree"), tr("Betweenness")],
                   [(r.agency, r.documents, r.joint_documents, r.partners, r.weighted_degree,
                     f"{r.betweenness:.3f}") for r in rows], limits={0: 30},
                   numeric=(1, 2, 3, 4, 5)))
    if out is not None and not args.json:
        emit(tr("Wrote {name}.", name=out.name))
    return 0


def _write(network, out: Path, period: str | None) -> None:
    from ..analysis.issuance_network import write_network

    try:
        if out.suffix.lower() in (".png", ".svg", ".pdf"):
            from ..exporters.diagram import save_figure
            from ..exporters.network_figure import network_figure

            title = tr("Joint-issuance network of the agencies") + (f"（{period}）" if period
                                                                    else "")
            save_figure(network_figure(network, title), out)
        else:
            write_network(network, out)
    except OSError as exc:
        raise CliError(tr("{name} could not be written ({error}); check the folder and the "
                          "free space.", name=out.name, error=exc.strerror or exc)) from None
