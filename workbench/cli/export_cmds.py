"""Commands that write the study out for the thesis: the coded dataset (CSV, XLSX, JSON for
SPSS, R and Excel) and the Word report.

openpyxl, python-docx and matplotlib are imported inside the commands, so ``workbench --help``
stays fast. Both commands write to a temporary file beside the target and move it into place,
so a failed export never leaves half a file.
"""
from __future__ import annotations

from pathlib import Path

from ..analysis.clauses import UNIT_KINDS
from ..exporters.dataset import FORMATS, WHAT  # light: openpyxl is imported when writing
from ..exporters.report import check_sections  # light: python-docx is imported when writing
from ..i18n import tr
REFI_TARGETS = ("nvivo", "atlasti", "maxqda", "qualcoder", "standard")  # exchange.refi.positions
from .common import opened, project_arg
from .output import CliError, emit, emit_json

COMMANDS = ("export", "report")


def register(commands) -> None:
    p = commands.add_parser(
        "export", help=tr("export the coded data as CSV, XLSX or JSON"),
        description=tr("Export the coded data for SPSS, R or Excel: one row per coding, a case × "
                       "element or source × element matrix, or the interactions with their "
                       "evidence. Column headers are in the project's language unless --keys "
                       "is given; CSV is UTF-8 with a byte-order mark so Excel shows Chinese."))
    project_arg(p)
    p.add_argument("--out", metavar="FILE", required=True, help=tr("the file to write"))
    p.add_argument("--format", choices=(*FORMATS, "qdpx"),
                   help=tr("csv, xlsx, json, or qdpx for the whole project as REFI-QDA (NVivo, "
                           "ATLAS.ti, MAXQDA, QualCoder) (default: from the suffix of FILE)"))
    p.add_argument("--for", dest="target", choices=REFI_TARGETS, default=None,
                   help=tr("with qdpx: the tool that will read the file, so text positions are "
                           "counted as it counts them: nvivo, atlasti, maxqda and qualcoder "
                           "count UTF-16 units, standard counts characters; PDF page regions "
                           "are placed from the media box's bottom-left as the standard says, for "
                           "qualcoder from the page's top-left (default: nvivo)"))
    p.add_argument("--what", choices=WHAT, default="codings",
                   help=tr("which table: codings (default), case-matrix, source-matrix or "
                           "interactions"))
    p.add_argument("--presence", action="store_true",
                   help=tr("in a matrix, 1 when the element is coded at all and 0 when not, "
                           "instead of counts"))
    p.add_argument("--keys", action="store_true",
                   help=tr("ASCII column names SPSS and R accept (element_path, source_title, "
                           "elements as their key or e12, cases as case_3) instead of headers "
                           "in the project's language"))
    p.add_argument("--attributes", action="store_true",
                   help=tr("in a matrix, the case attributes (or the source's type, date, "
                           "agency …) as columns before the elements"))
    p.add_argument("--clause-levels", metavar="LIST", type=_clause_levels, default=(),
                   help=tr("which levels make a clause code, e.g. chapter,article for 12-3-2 "
                           "(default: every level; kinds: {kinds})",
                           kinds=", ".join(UNIT_KINDS)))
    p.add_argument("--json", action="store_true", help=tr("print the written file as JSON"))
    p.set_defaults(func=cmd_export)

    p = commands.add_parser(
        "report", help=tr("write a Word report for the thesis"),
        description=tr("Write a Word (.docx) report: the study, the codebook, frequency tables, "
                       "the coded quotations per element, the interactions with their evidence "
                       "and the path diagrams, formatted as a Chinese thesis prints them "
                       "(three-line tables, numbered captions)."))
    project_arg(p)
    p.add_argument("--out", metavar="FILE.docx", required=True, help=tr("the .docx file to write"))
    p.add_argument("--lang", choices=("zh", "en"),
                   help=tr("the report's language (default: the project's language)"))
    p.add_argument("--sections", metavar="LIST",
                   help=tr("the sections to write, separated by commas, from: study, codebook, "
                           "frequencies, quotes, interactions, diagrams, agreement, references, "
                           "memos (default: all but references and memos)"))
    p.add_argument("--chapter", type=int, metavar="N",
                   help=tr("number the captions and headings of chapter N (表4-1, 4.1, 4.1.1)"))
    p.add_argument("--heading-offset", type=int, default=0, choices=(0, 1, 2), metavar="K",
                   help=tr("put the report's sections K heading levels lower (1: its sections "
                           "become Heading 2, under the chapter's own heading)"))
    p.add_argument("--no-title-page", action="store_true",
                   help=tr("leave out the title page (for pasting into a thesis)"))
    p.add_argument("--toc", action="store_true",
                   help=tr("begin with a table of contents (Word fills it in)"))
    p.add_argument("--page-numbers", action="store_true",
                   help=tr("put the page number in the footer"))
    p.add_argument("--json", action="store_true", help=tr("print the written file as JSON"))
    p.set_defaults(func=cmd_report)


def _target(text: str) -> Path:
    out = Path(text)
    if not out.parent.is_dir():
        raise CliError(tr("The folder {folder} does not exist.", folder=out.parent))
    if out.is_dir():
        raise CliError(tr("{path} is a folder; give a file name.", path=out))
    from ..exporters.writing import refuse_project_file

    refuse_project_file(out)  # e.g. --out given the project itself: never written over
    return out


def _clause_levels(text: str) -> tuple[str, ...]:
    from argparse import ArgumentTypeError

    levels = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [level for level in levels if level not in UNIT_KINDS]
    if unknown:
        raise ArgumentTypeError(tr("“{level}” is not a clause level; use {kinds}.",
                                   level=unknown[0], kinds=", ".join(UNIT_KINDS)))
    return levels


def cmd_export(args) -> int:
    out = _target(args.out)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt == "qdpx":
        return _export_qdpx(args, out)
    if args.target:
        raise CliError(tr("--for applies only to a .qdpx export."))
    if fmt not in FORMATS:
        raise CliError(tr("{name} cannot be written: the data is exported as .csv, .xlsx or "
                          ".json.", name=out.name))
    if args.presence and args.what not in ("case-matrix", "source-matrix"):
        raise CliError(tr("--presence applies only to --what case-matrix or source-matrix."))
    if args.attributes and args.what not in ("case-matrix", "source-matrix"):
        raise CliError(tr("--attributes applies only to --what case-matrix or source-matrix."))
    from ..exporters.dataset import export_dataset

    with opened(args.project, read_only=True) as project:
        written = export_dataset(project, out, fmt=fmt, what=args.what, presence=args.presence,
                                 keys=args.keys, attributes=args.attributes,
                                 clause_levels=args.clause_levels)
    _print(written, args.json)
    return 0


def _export_qdpx(args, out: Path) -> int:
    """The whole project in the exchange format other QDA programs open."""
    from ..exchange.refi import export_qdpx

    with opened(args.project, read_only=True) as project:
        export_qdpx(project, out, target=args.target or "nvivo")
    _print(out, args.json)
    return 0


def cmd_report(args) -> int:
    out = _target(args.out)
    if out.suffix.lower() != ".docx":
        raise CliError(tr("{name} cannot be written: the report is a Word file (.docx).",
                          name=out.name))
    sections = None
    if args.sections is not None:  # checked before the project is opened
        sections = check_sections(args.sections.replace("，", ",").split(","))
    if args.chapter is not None and not 1 <= args.chapter <= 99:
        raise CliError(tr("--chapter takes a chapter number from 1 to 99."))
    from ..exporters.report import write_report
    from ..exporters.report.thesis import ReportOptions

    options = ReportOptions(chapter=args.chapter, heading_offset=args.heading_offset,
                            title_page=not args.no_title_page, toc=args.toc,
                            page_numbers=args.page_numbers)
    with opened(args.project, read_only=True) as project:
        written = write_report(project, out, language=args.lang, sections=sections,
                               options=options)
    _print(written, args.json)
    return 0


def _print(path: Path, as_json: bool) -> None:
    if as_json:
        emit_json({"written": [str(path)]})
    else:
        emit(str(path))
