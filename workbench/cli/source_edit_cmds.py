"""``workbench source PROJECT N``: show or edit one source's details from the command line.

A script or a researcher without the window can set the title, date, type, agency, document
number (文号), URL and cases, and confirm or reject the date the importer guessed — guessed dates
stay unconfirmed, so until then every coding of the source counts as "(no period)".
"""
from __future__ import annotations

from ..i18n import tr
from .common import opened, project_arg, source_row
from .output import CliError, emit, emit_json

COMMANDS = ("source",)
_FIELDS = (("title", "--title", "TEXT", "the title"),
           ("source_type", "--type", "TYPE", "the source type, e.g. news, policy, interview"),
           ("agency", "--agency", "NAME", "the issuing agency (发文机关)"),
           ("document_number", "--number", "TEXT", "the document number (文号), e.g. 国发〔2016〕55号"),
           ("origin_url", "--url", "URL", "where the source came from"),
           ("notes", "--notes", "TEXT", "your notes on the source"))


def register(commands) -> None:
    p = commands.add_parser(
        "source", help=tr("show or edit one source's details"),
        description=tr("Show a source's details, or change its title, date, type, agency, "
                       "document number, URL and cases; confirm (--accept-guess) or reject "
                       "(--reject-guess) the date the importer guessed. With --all-guessed, "
                       "every source with a guessed date."))
    project_arg(p)
    p.add_argument("source", metavar="N", nargs="?", type=_source_id,
                   help=tr("the source's ID (see “workbench sources”)"))
    for _field, flag, metavar, text in _FIELDS:
        p.add_argument(flag, metavar=metavar, help=tr(text))
    p.add_argument("--date", metavar="YYYY[-MM[-DD]]",
                   help=tr("the date; an empty value clears it"))
    p.add_argument("--case", metavar="NAME", action="append", default=[],
                   help=tr("put the source in this case (repeat for several)"))
    p.add_argument("--remove-case", metavar="NAME", action="append", default=[],
                   help=tr("take the source out of this case"))
    p.add_argument("--attribute", metavar="NAME=VALUE", action="append", default=[],
                   help=tr("set one of the source's attributes, e.g. 效力级别=地方规范性文件 "
                           "(an empty value clears it; repeat for several)"))
    guess = p.add_mutually_exclusive_group()
    guess.add_argument("--accept-guess", action="store_true",
                       help=tr("make the guessed date the source's date"))
    guess.add_argument("--reject-guess", action="store_true",
                       help=tr("forget the guessed date"))
    p.add_argument("--accept-policy", action="store_true",
                   help=tr("take the title, 文号, agencies, dates and 效力级别 recognised in a "
                           "policy document"))
    p.add_argument("--all-guessed", action="store_true",
                   help=tr("with --accept-guess, --reject-guess or --accept-policy: every source "
                           "with such a guess"))
    p.add_argument("--json", action="store_true", help=tr("print the source as JSON"))
    p.set_defaults(func=cmd_source)


def _source_id(text: str) -> int:
    from argparse import ArgumentTypeError

    if not text.strip().isdigit() or len(text.strip()) > 12:
        raise ArgumentTypeError(tr("“{value}” is not a source ID; see “workbench sources”.",
                                   value=text))
    return int(text)


def _details(source) -> dict:
    row = source_row(source)
    row.update(agency=source.agency, document_number=source.document_number,
               notes=source.notes, date_guess=None if source.date else
               (source.metadata.get("date_guess") or None),
               policy=source.metadata.get("policy") or None,
               attributes=dict(source.metadata.get("attributes", {})))
    return row


def cmd_source(args) -> int:
    fields = {field: getattr(args, flag[2:].replace("-", "_"))
              for field, flag, *_ in _FIELDS if getattr(args, flag[2:].replace("-", "_"))
              is not None}
    if args.date is not None:
        fields["date"] = args.date.strip() or None
    attributes = {}
    for text in args.attribute:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise CliError(tr("Write an attribute as NAME=VALUE, e.g. 效力级别=地方规范性文件."))
        attributes[name.strip()] = value.strip()
    changes = bool(fields or args.case or args.remove_case or args.accept_guess
                   or args.reject_guess or args.accept_policy or attributes)
    if args.all_guessed and not (args.accept_guess or args.reject_guess or args.accept_policy):
        raise CliError(tr("--all-guessed goes with --accept-guess, --reject-guess or "
                          "--accept-policy."))
    if args.source is None and not args.all_guessed:
        raise CliError(tr("Name a source by its ID (see “workbench sources”), or use "
                          "--all-guessed with --accept-guess or --reject-guess."))
    with opened(args.project, read_only=not changes) as project:
        if args.all_guessed:
            chosen = [s.id for s in project.sources.list() if _has_guess(s, args)]
        else:
            chosen = [project.sources.get(args.source).id]
        if changes:
            with project.grouped("Edit source details"):  # one undo step for the command
                for source_id in chosen:
                    _apply(project, source_id, args, fields)
                    for name, value in attributes.items():
                        project.sources.set_attribute(name, {source_id: value or None})
        shown = [project.sources.get(i) for i in chosen]
    if args.json:
        emit_json([_details(s) for s in shown] if args.all_guessed else _details(shown[0]))
        return 0
    if args.all_guessed:
        emit(tr("{count} source(s) with a guessed date: {action}.", count=len(shown),
                action=tr("dates confirmed") if args.accept_guess else tr("guesses forgotten")))
        return 0
    _print(_details(shown[0]))
    return 0


def _has_guess(source, args) -> bool:
    policy = source.metadata.get("policy")
    return bool((args.accept_policy and isinstance(policy, dict) and policy
                 and not policy.get("accepted"))
                or ((args.accept_guess or args.reject_guess) and not source.date
                    and source.metadata.get("date_guess")))


def _apply(project, source_id: int, args, fields: dict) -> None:
    sources = project.sources
    if args.accept_policy:  # first, so a date or title given on the command line wins
        sources.accept_policy(source_id)
    if fields:
        sources.update(source_id, **fields)
    for name in args.case:
        project.cases.add_source(name, source_id)
    for name in args.remove_case:
        project.cases.remove_source(name, source_id)
    if args.accept_guess or args.reject_guess:
        source = sources.get(source_id)
        if args.accept_policy and source.date:
            return  # the policy document's own date was taken
        guess = None if source.date else source.metadata.get("date_guess")
        if not guess:
            if not args.all_guessed:
                raise CliError(tr("Source {id} has no guessed date to confirm or reject.",
                                  id=source_id))
            return
        if args.accept_guess:
            sources.update(source_id, date=str(guess))
        else:
            sources.forget_date_guess(source_id)


def _print(row: dict) -> None:
    labels = (("id", tr("ID")), ("title", tr("Title")), ("source_type", tr("Type")),
              ("date", tr("Date")), ("date_guess", tr("Guessed date")),
              ("agency", tr("Agency")), ("document_number", tr("Document number")),
              ("origin_url", tr("URL")), ("cases", tr("Cases")), ("coding_count", tr("Codings")))
    width = max(len(label) for _key, label in labels)
    for key, label in labels:
        value = row.get(key)
        if isinstance(value, list):
            value = ", ".join(value)
        if value not in (None, ""):
            emit(f"{label.ljust(width)}  {value}")
    for name, value in (row.get("attributes") or {}).items():
        emit(f"{name}  {value}")
    policy = row.get("policy") or {}
    if policy and not policy.get("accepted"):
        found = "; ".join(f"{k}: {'、'.join(v) if isinstance(v, list) else v}"
                          for k, v in policy.items() if k not in ("found", "accepted"))
        emit(tr("Recognised as a policy document (not yet accepted; use --accept-policy): "
                "{facts}", facts=found))
