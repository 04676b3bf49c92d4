"""Commands about a source's stored text: print it (``text``) and read it again from the stored
original with today's importers (``reextract``)."""
from __future__ import annotations

from ..core import InvalidInputError
from ..i18n import tr
from .common import opened, project_arg
from .output import emit, emit_json, warn

COMMANDS = ("text", "reextract")


def register(commands) -> None:
    p = commands.add_parser(
        "text", help=tr("print a source's stored text"),
        description=tr("Print the text stored for a source, exactly as coding sees it; with "
                       "--json also its pages, the encoding detected, the quality figures and "
                       "where its title and date were guessed from."))
    project_arg(p)
    p.add_argument("--source", metavar="ID", type=int, required=True,
                   help=tr("the source's id (see “workbench sources”)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_text)

    p = commands.add_parser(
        "reextract", help=tr("read sources' text again from their stored originals"),
        description=tr("Read a source's text again from the original file kept in the project, "
                       "with the importers as they are now. Codings keep their passages; a "
                       "source whose coded passages would move or vanish is left unchanged. "
                       "One undoable step."))
    project_arg(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--source", metavar="ID", type=int, action="append", dest="sources",
                       help=tr("the source's id (may be given several times)"))
    which.add_argument("--all", action="store_true", help=tr("every text source"))
    p.add_argument("--dry-run", action="store_true",
                   help=tr("only say what would change; change nothing"))
    p.add_argument("--ocr", action="store_true",
                   help=tr("also recognise the text of PDF pages that have none (scanned pages); "
                           "what was read by text recognition at import is read so again anyway"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_reextract)


def cmd_text(args) -> int:
    from ..importers.quality import of_source, sentences

    with opened(args.project, read_only=True) as project:
        source = project.sources.get(args.source)  # NotFoundError: one sentence
        text = project.sources.text(source.id)
        if not args.json:
            emit(text)
            return 0
        quality = of_source(project, source.id)
        pages = [{"page": b.level, "start": b.start, "end": b.end}
                 for b in project.sources.blocks(source.id) if b.kind == "page"]
    meta = source.metadata
    emit_json({
        "id": source.id, "title": source.title, "file_name": source.file_name,
        "kind": source.kind, "media_type": source.media_type, "encoding": source.encoding,
        "characters": len(text), "text": text, "pages": pages,
        "quality": quality, "warnings": sentences(quality),
        "title_guess_from": meta.get("title_guess_from") or quality.get("title_from"),
        "date": source.date, "date_guess": meta.get("date_guess"),
        "date_guess_from": meta.get("date_guess_from") or quality.get("date_from")})
    return 0


def cmd_reextract(args) -> int:
    from ..importers.reextract import CHANGED, REFUSED, reextract

    with opened(args.project, read_only=args.dry_run) as project:
        if args.all:
            ids = [s.id for s in project.sources.list(kind="text")]
        else:
            ids = list(dict.fromkeys(args.sources))
        for source_id in ids:
            project.sources.get(source_id)  # a wrong id: one sentence before anything is read
        if not ids:
            raise InvalidInputError(tr("The project has no text sources to re-extract."))
        results = reextract(project, ids, dry_run=args.dry_run, ocr=args.ocr)
    if args.json:
        emit_json({"dry_run": args.dry_run, "sources": [
            {"id": r.source_id, "title": r.title, "status": r.status, "sentence": r.sentence,
             "old_characters": r.old_characters, "new_characters": r.new_characters,
             "codings": r.codings, "quality": r.quality} for r in results]})
    else:
        for r in results:
            (warn if r.status == REFUSED else emit)(r.sentence)
        if args.dry_run:
            emit(tr("Dry run: nothing was changed; {count} source(s) would get a new text.",
                    count=sum(r.status == CHANGED for r in results)))
    return 1 if results and all(r.status == REFUSED for r in results) else 0
