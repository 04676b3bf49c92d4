"""Commands that exchange whole projects: import-qdpx (REFI-QDA), merge, agreement.

``workbench export PROJECT --format qdpx`` belongs to export_cmds and calls
``workbench.exchange.refi.export_qdpx``; ``workbench new PROJECT --from FILE.qdpx`` is an alias
of ``import-qdpx`` made in project_cmds.
"""
from __future__ import annotations

from pathlib import Path

from ..core import PROJECT_SUFFIX
from ..i18n import tr
from .common import opened, project_arg
from .output import CliError, emit, emit_json, table

COMMANDS = ("import-qdpx", "merge", "agreement")


def register(commands) -> None:
    p = commands.add_parser("import-qdpx", help=tr("make a project from a REFI-QDA file"),
                            description=tr("Make a new project from a REFI-QDA project (.qdpx) or "
                                           "codebook (.qdc) written by NVivo, ATLAS.ti, MAXQDA, "
                                           "QualCoder or Taguette, and list what was left out."))
    p.add_argument("file", metavar="FILE.qdpx", help=tr("the .qdpx, .qde or .qdc file"))
    p.add_argument("--out", metavar="PROJECT.cwb", required=True,
                   help=tr("the new project file to create"))
    p.add_argument("--coder", metavar="NAME", help=tr("your name as a coder"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_import)

    p = commands.add_parser("merge", help=tr("merge coders' copies of a project"),
                            description=tr("Merge two or more project files into a new one: "
                                           "shared sources and elements are matched, codings "
                                           "are combined with their coders, conflicts are "
                                           "listed."))
    p.add_argument("projects", metavar="PROJECT", nargs="+", help=tr("the project files to merge"))
    p.add_argument("--out", metavar="MERGED.cwb", required=True,
                   help=tr("the new project file to create"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_merge)

    p = commands.add_parser("agreement", help=tr("intercoder agreement"),
                            description=tr("Percent agreement, Cohen's kappa and Krippendorff's "
                                           "alpha between coders, per element and overall."))
    project_arg(p)
    p.add_argument("--coders", metavar="A,B", help=tr("the coders to compare (default: all)"))
    p.add_argument("--unit", choices=("char", "segment"), default="char",
                   help=tr("compare characters or coded segments (default char)"))
    p.add_argument("--overlap", type=float, default=0.5, metavar="F",
                   help=tr("segments agree when they overlap by this share of their union "
                           "(default 0.5)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_agreement)


def _out(path: str) -> Path:
    out = Path(path)
    return out if out.suffix else out.with_suffix(PROJECT_SUFFIX)


def cmd_import(args) -> int:
    from ..exchange.refi import import_qdpx
    source = Path(args.file)
    if not source.is_file():
        raise CliError(tr("There is no file at {path}.", path=source))
    report = import_qdpx(source, _out(args.out), coder=args.coder)
    if args.json:
        emit_json(report.as_dict())
        return 0
    done = report.done
    emit(tr("Created {path} from {name}: {codes} codes, {sources} sources, {codings} codings, "
            "{notes} memos.", path=_out(args.out), name=source.name, codes=done.get("codes", 0),
            sources=done.get("sources", 0), codings=done.get("codings", 0),
            notes=done.get("notes", 0)))
    for note in report.notes:
        emit(f"  {note}")
    if report.skipped:
        emit(tr("Left out ({count}):", count=len(report.skipped)))
        emit(table((tr("kind"), tr("item"), tr("reason")),
                   [(s.kind, s.name, s.reason) for s in report.skipped], limits={1: 40}))
    return 0


def cmd_merge(args) -> int:
    from ..exchange.merge import merge_projects
    if len(args.projects) < 2:
        raise CliError(tr("Merging needs at least two project files."))
    report = merge_projects(args.projects, _out(args.out))
    if args.json:
        emit_json(report.as_dict())
        return 0
    added = ", ".join(f"{n} {kind}" for kind, n in sorted(report.added.items())) or "0"
    emit(tr("Merged {count} files into {path} ({added}).", count=len(args.projects),
            path=_out(args.out), added=added))
    if report.conflicts:
        emit(tr("Conflicts ({count}); the merged file keeps the first value:",
                count=len(report.conflicts)))
        emit(table((tr("kind"), tr("item"), tr("field"), tr("values")),
                   [(c.kind, c.name, c.field, "; ".join(f"{k}: {v}" for k, v in c.values.items()))
                    for c in report.conflicts], limits={3: 60}))
    for note in report.notes:
        emit(f"  {note}")
    return 0


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def cmd_agreement(args) -> int:
    from ..analysis.agreement import agreement
    coders = [c.strip() for c in args.coders.split(",") if c.strip()] if args.coders else None
    with opened(args.project, read_only=True) as project:
        report = agreement(project, coders, unit=args.unit, overlap=args.overlap)
    if args.json:
        emit_json(report.as_dict())
        return 0
    emit(tr("Coders {coders}; unit {unit}; {count} sources.", coders=", ".join(report.coders),
            unit=report.unit, count=len(report.sources)))
    rows = [(r.path, r.units, _figure(r.percent), _figure(r.kappa), _figure(r.alpha))
            for r in [*report.elements, report.overall]]
    emit(table((tr("element"), tr("units"), tr("agreement"), "kappa", "alpha"), rows,
               numeric=(1, 2, 3, 4)))
    emit(tr("— = undefined (every rating the same)."))
    return 0
