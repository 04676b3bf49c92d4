"""Commands about a project as a whole: new, info, check, undo, redo, frameworks."""
from __future__ import annotations

from pathlib import Path

from ..core import PROJECT_SUFFIX, Project
from ..i18n import current_language, tr
from .common import opened, project_arg
from .output import emit, emit_json, human_size, pad, table, text_width

COMMANDS = ("new", "frameworks", "info", "check", "undo", "redo")


def register(commands) -> None:
    p = commands.add_parser("new", help=tr("create a new project file"),
                            description=tr("Create a new project file, optionally starting from "
                                           "a framework template."))
    p.add_argument("project", metavar="PROJECT", help=tr("the project file to create (.cwb)"))
    p.add_argument("--title", metavar="T", default="", help=tr("the study's title"))
    p.add_argument("--framework", metavar="ID",
                   help=tr("a bundled framework id (see “workbench frameworks”) or a .toml file"))
    p.add_argument("--language", choices=("zh", "en"), default="zh",
                   help=tr("the language of the project's element names (default zh)"))
    p.add_argument("--coder", metavar="NAME", help=tr("your name as a coder"))
    p.add_argument("--from", metavar="FILE.qdpx", dest="from_file",
                   help=tr("build the project from a REFI-QDA file exported by NVivo, ATLAS.ti, "
                           "MAXQDA or QualCoder (prints what was left out and why)"))
    p.add_argument("--json", action="store_true", help=tr("with --from: print the report as JSON"))
    p.set_defaults(func=cmd_new)

    p = commands.add_parser("frameworks", help=tr("list the bundled framework templates"),
                            description=tr("List the framework templates a new project can "
                                           "start from."))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_frameworks)

    p = commands.add_parser("info", help=tr("show what a project holds"),
                            description=tr("Show the project's title, file format, size and how "
                                           "many sources, elements, codings … it holds."))
    project_arg(p)
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_info)

    p = commands.add_parser("check", help=tr("check a project file for damage"),
                            description=tr("Check the project file's integrity; exits with "
                                           "status 1 and lists the problems if there are any."))
    project_arg(p)
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.add_argument("--repair", action="store_true",
                   help=tr("repair what can be repaired safely, after a backup, and say what "
                           "was done"))
    p.set_defaults(func=cmd_check)

    for name, helptext in (("undo", tr("undo the last change")),
                           ("redo", tr("redo the last undone change"))):
        p = commands.add_parser(name, help=helptext, description=helptext)
        project_arg(p)
        p.set_defaults(func=cmd_undo_redo, which=name)


def cmd_new(args) -> int:
    if args.from_file:  # the same as `workbench import-qdpx FILE --out PROJECT`
        from .exchange_cmds import cmd_import

        args.file, args.out = args.from_file, args.project
        return cmd_import(args)
    path = Path(args.project)
    if not path.suffix:
        path = path.with_suffix(PROJECT_SUFFIX)
    project = Project.create(path, title=args.title, language=args.language,
                             framework=args.framework, coder=args.coder)
    try:
        info = project.info()
        count = len(project.elements.list())
    finally:
        project.close()
    emit(tr("Created {path} (“{title}”).", path=path, title=info.title))
    if args.framework:
        emit(tr("It starts with {count} elements from the framework {framework}.",
                count=count, framework=info.framework))
    return 0


def cmd_frameworks(args) -> int:
    from ..core.frameworks import list_templates
    templates = list_templates()
    if args.json:
        emit_json([{
            "id": t.id, "name_zh": t.name.zh, "name_en": t.name.en,
            "element_count": sum(1 for _ in t.walk()),
            "description": {"zh": t.description.zh, "en": t.description.en},
        } for t in templates])
        return 0
    language = current_language()
    rows = [(t.id, t.name.get(language), sum(1 for _ in t.walk()), t.description.get(language))
            for t in templates]
    emit(table([tr("ID"), tr("Name"), tr("Elements"), tr("Description")], rows,
               limits={1: 40, 3: 50}, numeric=(2,)))
    return 0


def cmd_info(args) -> int:
    with opened(args.project, read_only=True) as project:
        info = project.info()
        counts = project.counts()
        data = {
            "title": info.title, "language": info.language, "framework": info.framework,
            "schema_version": project.schema_version(), "file_size": project.file_size(),
            "counts": counts, "path": str(project.path.resolve()),
            "space": project.space_usage(),
        }
        undo = project.undo_label()
    if args.json:
        emit_json(data)
        return 0
    labels = {
        "sources": tr("Sources"), "elements": tr("Elements"), "codings": tr("Codings"),
        "interactions": tr("Interactions"), "cases": tr("Cases"), "periods": tr("Periods"),
        "memos": tr("Memos"), "coders": tr("Coders"),
    }
    rows = [
        (tr("Title"), info.title), (tr("File"), data["path"]),
        (tr("Language"), info.language), (tr("Framework"), info.framework or "—"),
        (tr("Current coder"), info.current_coder),
        (tr("File format"), data["schema_version"]),
        (tr("File size"), human_size(data["file_size"])),
    ]
    rows += [(labels.get(k, k), v) for k, v in counts.items()]
    rows.append((tr("Last change"), tr(undo) if undo else "—"))
    space = data["space"]
    space_labels = {
        "original_files": tr("Original files"), "texts": tr("Texts"),
        "search_index": tr("Search index"), "caches": tr("Caches"),
        "undo_history": tr("Undo history"), "other": tr("Everything else"),
        "free": tr("Free space"),
    }
    space_rows = [(space_labels[k], human_size(space[k])) for k in space_labels]
    width = max(text_width(r[0]) for r in rows + space_rows)
    for label, value in rows:
        emit(f"{pad(label + ':', width + 1)} {value}")
    emit(tr("Space used (measured by SQLite):") if space["method"] == "dbstat"
         else tr("Space used (estimated from the stored data):"))
    for label, value in space_rows:
        emit(f"  {pad(label + ':', width + 1)} {value}")
    return 0


def cmd_check(args) -> int:
    from .doctor_cmd import cmd_check as check  # the project doctor: workbench/core/doctor.py
    return check(args)


def cmd_undo_redo(args) -> int:
    with opened(args.project) as project:
        if args.which == "undo":
            change = project.undo()
            emit(tr("Undone: {label}", label=tr(change.label)))
        else:
            change = project.redo()
            emit(tr("Redone: {label}", label=tr(change.label)))
    return 0
