"""The framework's codebook out to and in from a spreadsheet or a REFI-QDA file: framework."""
from __future__ import annotations

from pathlib import Path

from ..i18n import tr
from .common import opened, project_arg
from .output import CliError, emit, emit_json

COMMANDS = ("framework",)

SUFFIXES = (".xlsx", ".csv", ".qdc")


def register(commands) -> None:
    p = commands.add_parser(
        "framework", help=tr("export or import the codebook (.xlsx, .csv, .qdc)"),
        description=tr("Export the framework's codebook (every element with its definition, "
                       "inclusion and exclusion criteria, example and colour) as an Excel "
                       "workbook, a CSV file (UTF-8, opens in Excel) or a REFI-QDA codebook "
                       "(.qdc, for NVivo, ATLAS.ti, MAXQDA …); or import one: missing elements "
                       "are added, existing ones updated, empty cells change nothing, and the "
                       "whole import is one step to undo."))
    project_arg(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--export", metavar="FILE", help=tr("write the codebook to FILE"))
    which.add_argument("--import", dest="import_", metavar="FILE",
                       help=tr("read the codebook in FILE into the project"))
    p.add_argument("--coder", metavar="NAME",
                   help=tr("accepted for uniformity; the codebook has no coder"))
    p.add_argument("--json", action="store_true", help=tr("print the result as JSON"))
    p.set_defaults(func=cmd_framework)


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() not in SUFFIXES:
        raise CliError(tr("{name} is not a codebook file: use .xlsx, .csv or .qdc.",
                          name=path.name))


def cmd_framework(args) -> int:
    from ..exchange.codebook import export_codebook, import_codebook

    if args.export is not None:
        target = Path(args.export)
        _check_suffix(target)
        with opened(args.project, read_only=True) as project:
            written = export_codebook(project, target)
            count = len(project.elements.list())
        if args.json:
            emit_json({"written": [str(written)]})
        else:
            emit(tr("Wrote the codebook of {count} elements to {path}.", count=count,
                    path=written))
        return 0

    source = Path(args.import_)
    _check_suffix(source)
    with opened(args.project) as project:
        report = import_codebook(project, source)
    # Like “workbench import”: a file of which nothing could be used is a failure.
    status = 1 if report.skipped and not (report.added or report.updated or report.unchanged) \
        else 0
    if args.json:
        emit_json({"added": report.added, "updated": report.updated,
                   "unchanged": report.unchanged, "skipped": list(report.skipped)})
        return status
    emit(tr("Added {added}, updated {updated}, unchanged {unchanged}, skipped {skipped}.",
            added=report.added, updated=report.updated, unchanged=report.unchanged,
            skipped=len(report.skipped)))
    if report.skipped:
        emit(tr("Skipped:"))
        for reason in report.skipped:
            emit(f"  {reason}")
    return status
