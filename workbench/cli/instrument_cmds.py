"""``workbench instruments``: the two-dimensional policy-instrument table (tools × a second
dimension, in clauses) and the structure of instrument use by tool type."""
from __future__ import annotations

from pathlib import Path

from ..i18n import tr
from .common import opened, project_arg
from .output import CliError, emit, emit_json, table

COMMANDS = ("instruments",)
_OUT = (".xlsx", ".csv", ".png", ".svg", ".pdf")


def register(commands) -> None:
    p = commands.add_parser(
        "instruments", help=tr("policy instruments × a second dimension, counted in clauses"),
        description=tr("The table of policy-instrument studies: the sub-tools of the "
                       "supply-, environment- and demand-side tools (from the policy-instruments "
                       "framework, or the children of --tools) against a second dimension — "
                       "the children of an element (--by-element), or year, period, type or a "
                       "source attribute such as 效力级别 (--by) — in clauses, with totals and "
                       "percentages."))
    project_arg(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--by-element", metavar="ELEMENT",
                       help=tr("the element whose children are the columns"))
    which.add_argument("--by", metavar="FACT",
                       help=tr("year, period, type or a source attribute (e.g. 效力级别)"))
    p.add_argument("--tools", metavar="ELEMENT",
                   help=tr("the element whose children are the tool types (default: the "
                           "policy-instruments framework's three)"))
    p.add_argument("--out", metavar="FILE",
                   help=tr("write the table (.xlsx, .csv) or a chart of it (.png, .svg, .pdf)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_instruments)


def cmd_instruments(args) -> int:
    from ..analysis.instrument_table import instrument_table, table_rows

    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in _OUT:
        raise CliError(tr("{name} is not a kind of file the table can be written as; use one "
                          "of {kinds}.", name=out.name, kinds=", ".join(_OUT)))
    with opened(args.project, read_only=True) as project:
        x = project.elements.find(args.tools).id if args.tools else None
        y_root = project.elements.find(args.by_element).id if args.by_element else None
        result = instrument_table(project, x, y_root=y_root, y_attribute=args.by)
    if not result.row_labels:
        raise CliError(tr("The project has no policy instruments to count; add the "
                          "policy-instruments framework (Framework ▸ Add framework from "
                          "template… in the window) or name the tool types with --tools."))
    headers, rows = table_rows(result)
    if out is not None:
        _write(result, headers, rows, out)
    if args.json:
        emit_json({**result.as_dict(), "groups": result.groups,
                   "structure": [{"type": g, "clauses": n, "percent": p}
                                 for g, n, p in result.structure()]})
        return 0
    emit(table(headers, rows, limits={0: 16, 1: 16}))
    emit("")
    emit(table([tr("Tool type"), tr("Clauses"), "%"], result.structure()))
    if out is not None:
        emit(tr("Wrote {name}.", name=out.name))
    return 0


def _write(result, headers, rows, out: Path) -> None:
    try:
        if out.suffix.lower() in (".png", ".svg", ".pdf"):
            from ..exporters.charts import heatmap
            from ..exporters.diagram import save_figure

            save_figure(heatmap(result, title=result.title), out)
        elif out.suffix.lower() == ".xlsx":
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            sheet.append(headers)
            for row in rows:
                sheet.append(row)
            book.save(out)
        else:
            import csv

            with open(out, "w", encoding="utf-8-sig", newline="") as handle:
                csv.writer(handle).writerows([headers, *rows])
    except OSError as exc:
        raise CliError(tr("{name} could not be written ({error}); check the folder and the "
                          "free space.", name=out.name, error=exc.strerror or exc)) from None
