"""Commands about sources: import files and folders, list what was imported."""
from __future__ import annotations

import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from ..core.progress import Progress
from ..i18n import tr
from .common import date_arg, opened, project_arg, source_row
from .output import ProgressBar, emit, emit_json, table, warn

COMMANDS = ("import", "sources")


def register(commands) -> None:
    p = commands.add_parser(
        "import", help=tr("import files and folders as sources"),
        description=tr("Import documents (.docx, .txt, .md …) and screenshots (.png, .jpg …); "
                       "folders are searched for files. Each file is reported: imported, "
                       "a duplicate of a source already there, or refused with the reason."))
    project_arg(p)
    p.add_argument("paths", metavar="FILE_OR_DIR", nargs="+",
                   help=tr("files or folders to import"))
    p.add_argument("--case", metavar="NAME", help=tr("put every imported source in this case"))
    p.add_argument("--type", metavar="TYPE", dest="source_type",
                   help=tr("the source type, e.g. news, policy, interview, screenshot"))
    p.add_argument("--date", metavar="YYYY-MM-DD", type=date_arg,
                   help=tr("the date of every imported source (instead of the documents' own)"))
    p.add_argument("--manifest", metavar="FILE",
                   help=tr("a CSV or XLSX sheet: file name → title, date, type, case, URL, "
                           "agency, document number"))
    p.add_argument("--ocr", action="store_true",
                   help=tr("recognise the text of screenshots and scanned PDFs (offline OCR)"))
    p.add_argument("--coder", metavar="NAME",
                   help=tr("accepted for uniformity; sources have no coder"))
    p.add_argument("--json", action="store_true", help=tr("print the report as JSON"))
    p.set_defaults(func=cmd_import)

    p = commands.add_parser("sources", help=tr("list the sources"),
                            description=tr("List the project's sources with their type, date, "
                                           "cases and number of codings."))
    project_arg(p)
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_sources)


@contextmanager
def _ctrl_c_cancels(progress: Progress):
    """The first Ctrl-C stops the import between files (what is imported stays); a second one
    interrupts at once."""
    def handler(signum, frame):
        if progress.cancelled:
            raise KeyboardInterrupt
        progress.cancel()
    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_import(args) -> int:
    bar = ProgressBar() if sys.stderr.isatty() else None
    progress = Progress(on_update=bar.update if bar else None)
    with opened(args.project) as project, _ctrl_c_cancels(progress):
        try:
            report = project.import_files(args.paths, case=args.case,
                                          source_type=args.source_type, date=args.date,
                                          manifest=args.manifest, ocr=args.ocr,
                                          progress=progress)
        finally:
            if bar:
                bar.finish()
    imported = [_imported_row(s) for s in report.imported]
    duplicates = [{"file": f, "existing_title": t, "status": "duplicate"}
                  for f, t in report.duplicates]
    refused = [{"file": f, "reason": r, "status": "refused"} for f, r in report.refused]
    scans = [{"file": f, "reason": r, "status": "needs_ocr"} for f, r in report.needs_ocr]
    if args.json:
        emit_json({"imported": imported, "duplicates": duplicates, "refused": refused,
                   "needs_ocr": scans, "notes": report.notes, "cancelled": report.cancelled,
                   "files": _files(imported, duplicates, refused + scans)})
    else:
        _print_report(imported, duplicates, refused + scans)
        if scans:
            warn(tr("{count} scanned PDF(s) have no text layer; import them again with --ocr "
                    "to recognise their text.", count=len(scans)))
        for note in report.notes:
            warn(note)
    if report.cancelled:
        warn(tr("The import was stopped; the files imported before that are kept."))
        return 130
    refused += scans
    if not (imported or duplicates or refused):
        warn(tr("No files to import were found in {paths}.", paths=", ".join(args.paths)))
        return 1
    return 1 if refused and not imported else 0


def _files(imported: list[dict], duplicates: list[dict], others: list[dict]) -> list[dict]:
    """Every file of the import with its status, in one list (imported files by file name)."""
    rows = [{"file": s["file_name"], "status": s["status"], "source_id": s["id"],
             "warnings": s["warnings"]} for s in imported]
    rows += [{"file": d["file"], "status": d["status"], "existing_title": d["existing_title"]}
             for d in duplicates]
    return rows + [{"file": r["file"], "status": r["status"], "reason": r["reason"]}
                   for r in others]


def _imported_row(source) -> dict:
    """An imported file in the report: imported, or imported with warnings, and its figures."""
    from ..importers.quality import sentences, status

    quality = source.metadata.get("quality")
    return {"id": source.id, "title": source.title, "file_name": source.file_name,
            "status": "warning" if status(quality) == "warning" else "imported",
            "warnings": sentences(quality), "quality": quality}


def _print_report(imported: list[dict], duplicates: list[dict], refused: list[dict]) -> None:
    if imported:
        emit(tr("Imported:"))
        marks = {"warning": tr("warning"), "imported": tr("ok")}
        emit(table([tr("ID"), tr("Title"), tr("File"), tr("Text")],
                   [(s["id"], s["title"], s["file_name"], marks[s["status"]]) for s in imported],
                   limits={1: 50}, numeric=(0,)))
    warned = [s for s in imported if s["warnings"]]
    if warned:
        emit(tr("Imported with warnings (check their text with “workbench text”):"))
        for s in warned:
            for sentence in s["warnings"]:
                emit(f"  {s['file_name']} (ID {s['id']}): {sentence}")
    if duplicates:
        emit(tr("Already in the project (not imported again):"))
        for d in duplicates:
            emit(f"  {d['file']} → “{d['existing_title']}”")
    if refused:
        emit(tr("Refused:"))
        for r in refused:
            emit(f"  {r['reason']}" if Path(r["file"]).name in r["reason"]
                 else f"  {r['file']}: {r['reason']}")
    if warned:
        emit(tr("Imported {imported} ({warned} with warnings), duplicates {duplicates}, "
                "refused {refused}.", imported=len(imported), warned=len(warned),
                duplicates=len(duplicates), refused=len(refused)))
    else:
        emit(tr("Imported {imported}, duplicates {duplicates}, refused {refused}.",
                imported=len(imported), duplicates=len(duplicates), refused=len(refused)))


def cmd_sources(args) -> int:
    with opened(args.project, read_only=True) as project:
        sources = project.sources.list()
    rows = [source_row(s) for s in sources]
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        emit(tr("The project has no sources yet; add some with “workbench import”."))
        return 0
    kinds = {"text": tr("text"), "image": tr("image")}
    emit(table(
        [tr("ID"), tr("Title"), tr("Kind"), tr("Type"), tr("Date"), tr("Cases"), tr("Size"),
         tr("Codings")],
        [(r["id"], r["title"], kinds.get(r["kind"], r["kind"]), r["source_type"], r["date"],
          ", ".join(r["cases"]),
          tr("{count} chars", count=r["text_length"]) if r["kind"] == "text"
          else f"{r['width']}×{r['height']}",
          r["coding_count"]) for r in rows],
        limits={1: 40, 5: 20}, numeric=(0, 7)))
    return 0
