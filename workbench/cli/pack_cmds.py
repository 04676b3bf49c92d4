"""``workbench pack PROJECT --out copy.cwb``: a compact copy of the project to send by mail or a
chat app (workbench/core/pack.py), and its size."""
from __future__ import annotations

from pathlib import Path

from ..core import Project
from ..i18n import tr
from .common import project_arg
from .output import emit, emit_json, human_size

COMMANDS = ("pack",)


def register(commands) -> None:
    p = commands.add_parser(
        "pack", help=tr("save a compact copy of a project to send"),
        description=tr("Write a compact copy of the project for a co-coder or a supervisor: "
                       "without caches and, unless --keep-history, without the undo history; "
                       "with --without-originals also without the original files of text "
                       "sources (their text and codings stay; images stay). It works while "
                       "the window has the project open."))
    project_arg(p)
    p.add_argument("--out", metavar="COPY.cwb", required=True, help=tr("the copy to write"))
    p.add_argument("--without-originals", action="store_true",
                   help=tr("leave the original files of text sources out of the copy"))
    p.add_argument("--keep-history", action="store_true",
                   help=tr("keep the undo history in the copy"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_pack)


def cmd_pack(args) -> int:
    from ..core.pack import pack_project
    project = Project.open(args.project, read_only=True)  # only read: the window may have it
    try:
        result = pack_project(project, Path(args.out), originals=not args.without_originals,
                              history=args.keep_history)
    finally:
        project.close()
    if args.json:
        emit_json({"path": str(result.path), "size": result.size,
                   "project_size": result.project_size, "originals": result.originals,
                   "history": result.history})
    else:
        emit(tr("Wrote {path}: {size} (the project file is {project_size}).", path=result.path,
                size=human_size(result.size), project_size=human_size(result.project_size)))
    return 0
