"""Commands about backups: back up now, list a project's backups, restore one.

Backups live in the user's data folder (see workbench/core/backups.py), so ``workbench backups``
finds them again after the project file was renamed or moved.
"""
from __future__ import annotations

import sys

from ..core import Project, ProjectLockedError
from ..core.backups import BackupInfo, OtherCopyError
from ..i18n import tr
from .common import opened, project_arg
from .output import CliError, emit, emit_json, human_size, table

COMMANDS = ("backup", "backups", "restore")


def register(commands) -> None:
    p = commands.add_parser("backup", help=tr("back up a project now"),
                            description=tr("Make a consistent copy of the project in the user's "
                                           "backups folder (it works while the window has the "
                                           "project open)."))
    project_arg(p)
    p.add_argument("--reason", metavar="TEXT", default="manual",
                   help=tr("why the backup is made, shown in the list (default “manual”)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_backup)

    p = commands.add_parser("backups", help=tr("list a project's backups"),
                            description=tr("List the project's backups, newest first, with the "
                                           "file each was made from; backups of other copies "
                                           "of the project (same project, another file) are "
                                           "marked."))
    project_arg(p)
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_backups)

    p = commands.add_parser("restore", help=tr("put a project back to a backup's state"),
                            description=tr("Put the project back to the state of one of its "
                                           "backups. The current state is backed up first, so "
                                           "the restore can itself be undone."))
    project_arg(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("backup", metavar="BACKUP_PATH", nargs="?",
                       help=tr("the backup file to restore"))
    which.add_argument("--latest", action="store_true",
                       help=tr("restore the newest backup of this file"))
    which.add_argument("--index", metavar="N", type=int,
                       help=tr("restore backup number N of “workbench backups” (1 = newest)"))
    p.add_argument("--yes", action="store_true", help=tr("restore without asking"))
    p.add_argument("--other-copy", action="store_true",
                   help=tr("allow restoring a backup made from another copy of the project "
                           "(it replaces this file's work with that copy's)"))
    p.set_defaults(func=cmd_restore)


def backup_row(info: BackupInfo, own: bool = True) -> dict:
    return {"created": info.created.isoformat(), "local_time": _when(info), "reason": info.reason,
            "size": info.size, "sources": info.sources, "codings": info.codings,
            "path": str(info.path), "original_path": info.original_path,
            "original_name": info.original_name, "lineage": info.lineage, "own": own}


def _when(info: BackupInfo) -> str:
    return info.local_time.strftime("%Y-%m-%d %H:%M:%S")


def cmd_backup(args) -> int:
    try:
        project = Project.open(args.project)
    except ProjectLockedError:  # the window has it: back up through a read-only connection
        project = Project.open(args.project, read_only=True)
    try:
        info = project.backups.create(reason=args.reason)
    finally:
        project.close()
    if args.json:
        emit_json(backup_row(info))
    else:
        emit(tr("Backed up to {path} ({size}).", path=info.path, size=human_size(info.size)))
    return 0


def cmd_backups(args) -> int:
    with opened(args.project, read_only=True, damaged_ok=True) as project:
        backups = project.backups.list_all()
        own = [project.backups.is_own(b) for b in backups]
        folder = project.backups.folder
        name = project.path.name
    if args.json:
        emit_json([backup_row(b, mine) for b, mine in zip(backups, own)])
        return 0
    if not backups:
        emit(tr("No backups yet; they will be kept in {folder}.", folder=folder))
        return 0
    rows = [(n, _when(b), b.reason, _made_from(b, mine), human_size(b.size), _count(b.sources),
             _count(b.codings), b.path) for n, (b, mine) in enumerate(zip(backups, own), 1)]
    emit(table(["#", tr("Time"), tr("Reason"), tr("Made from"), tr("Size"), tr("Sources"),
                tr("Codings"), tr("Path")], rows, numeric=(0, 4, 5, 6)))
    if not all(own):
        emit(tr("Backups marked “other copy” were made from another file of the same project "
                "(a copy, or a co-coder's file), not from {name}; restoring one needs "
                "--other-copy.", name=name))
    return 0


def _made_from(info: BackupInfo, own: bool) -> str:
    name = info.original_name or "—"
    return name if own else tr("{name} (other copy)", name=name)


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def cmd_restore(args) -> int:
    with opened(args.project) as project:
        name = project.path.name
        if args.backup:
            chosen: BackupInfo | str = args.backup
            label = args.backup
        else:
            backups = project.backups.list() if args.latest else project.backups.list_all()
            if not backups:
                if args.latest and project.backups.list_all():
                    raise CliError(tr(
                        "{name} has no backups of its own yet (those listed by “workbench "
                        "backups” were made from other copies of the project); restore one by "
                        "its number with --other-copy.", name=name))
                raise CliError(tr("{name} has no backups yet; make one with “workbench backup”.",
                                  name=name))
            number = 1 if args.latest else args.index
            if not 1 <= number <= len(backups):
                raise CliError(tr("There is no backup number {number}; “workbench backups” "
                                  "lists {count}.", number=number, count=len(backups)))
            chosen = backups[number - 1]
            label = tr("the backup of {time}", time=_when(chosen))
            if not args.other_copy and not project.backups.is_own(chosen):
                raise CliError(tr(
                    "Backup number {number} was made from {file}, another copy of this project, "
                    "not from {name}; add --other-copy to restore it into {name} anyway.",
                    number=number, file=chosen.original_name or "—", name=name))
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError(tr("Nothing was restored; add --yes to restore {backup}.",
                                  backup=label))
            answer = input(tr("Put {name} back to {backup}? The current state is backed up "
                              "first. [y/N] ", name=name, backup=label))
            if answer.strip().lower() not in ("y", "yes", "是"):
                emit(tr("Nothing was restored."))
                return 0
        try:
            before = project.backups.restore(chosen, other_copy=args.other_copy)
        except OtherCopyError as exc:
            raise CliError(tr("{reason} Add --other-copy to restore it anyway.",
                              reason=str(exc))) from None
        counts = project.counts()
    emit(tr("Restored {backup}: {sources} sources, {codings} codings.", backup=label,
            sources=counts["sources"], codings=counts["codings"]))
    emit(tr("The state before the restore was backed up to {path}.", path=before.path))
    return 0
