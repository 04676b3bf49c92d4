"""Commands about how elements act on each other: relate, interactions."""
from __future__ import annotations

from ..i18n import tr
from .common import interaction_row, opened, project_arg, sign_arg
from .output import emit, emit_json, sign_text, table

COMMANDS = ("relate", "interactions")


def register(commands) -> None:
    p = commands.add_parser(
        "relate", help=tr("record that one element acts on another"),
        description=tr("Record an interaction: element FROM acts on element TO in the way TYPE "
                       "(e.g. promotes, constrains), with the codings that show it."))
    project_arg(p)
    p.add_argument("--from", dest="source", metavar="NAME", required=True,
                   help=tr("the element that acts: a path “Parent/Child”, a name or an id"))
    p.add_argument("--to", dest="target", metavar="NAME", required=True,
                   help=tr("the element acted on"))
    p.add_argument("--type", metavar="TYPE", required=True,
                   help=tr("the kind of interaction; a new name becomes a new type"))
    p.add_argument("--sign", metavar="+|-", type=sign_arg,
                   help=tr("positive or negative (default: the type's own)"))
    p.add_argument("--period", metavar="NAME", help=tr("the period it belongs to"))
    p.add_argument("--note", metavar="TEXT", default="", help=tr("a note"))
    p.add_argument("--evidence", metavar="CODING_ID", type=int, nargs="+", default=[],
                   help=tr("ids of the codings that show it (see “workbench codings”)"))
    p.add_argument("--coder", metavar="NAME", help=tr("who records it (default: the current "
                                                       "coder)"))
    p.add_argument("--json", action="store_true", help=tr("print the interaction as JSON"))
    p.set_defaults(func=cmd_relate)

    p = commands.add_parser("interactions", help=tr("list the interactions"),
                            description=tr("List the recorded interactions between elements."))
    project_arg(p)
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_interactions)


def cmd_relate(args) -> int:
    with opened(args.project) as project:
        source = project.elements.find(args.source)
        target = project.elements.find(args.target)
        period = project.periods.find(args.period).id if args.period else None
        known = {t.name for t in project.interactions.types()}
        interaction = project.interactions.add(
            source.id, target.id, args.type, sign=args.sign, period_id=period, note=args.note,
            evidence=args.evidence, coder=args.coder)
    if args.json:
        emit_json(interaction_row(interaction))
        return 0
    if interaction.type_name not in known:
        emit(tr("“{type}” is a new interaction type in this project.", type=interaction.type_name))
    emit(tr("Recorded interaction {id}: {source} {type} ({sign}) {target}.",
            id=interaction.id, source=source.path, type=interaction.type_name,
            sign=sign_text(interaction.sign), target=target.path))
    return 0


def cmd_interactions(args) -> int:
    from ..analysis.period_checks import evidence_outside_period

    with opened(args.project, read_only=True) as project:
        interactions = project.interactions.list()
        off = evidence_outside_period(project)
    rows = [interaction_row(i) for i in interactions]
    for row in rows:  # quotes whose source's date misses the interaction's period
        row["evidence_outside_period"] = [o.coding_id for o in off
                                          if o.interaction_id == row["id"]]
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        emit(tr("No interactions have been recorded yet; add one with “workbench relate”."))
        return 0
    emit(table([tr("ID"), tr("From"), tr("Type"), tr("Sign"), tr("To"), tr("Period"),
                tr("Evidence"), tr("Note")],
               [(r["id"], r["from"], r["type"], r["sign"], r["to"], r["period"],
                 ", ".join(f"{e}!" if e in r["evidence_outside_period"] else str(e)
                           for e in r["evidence"]), r["note"]) for r in rows],
               limits={1: 24, 4: 24, 7: 40}, numeric=(0,)))
    if off:
        emit(tr("! {count} evidence quote(s) come from sources dated outside their "
                "interaction's period.", count=len(off)))
    return 0
