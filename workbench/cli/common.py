"""What the command modules share: opening a project, and turning core objects into JSON rows."""
from __future__ import annotations

import re
from argparse import ArgumentTypeError
from collections.abc import Iterator
from contextlib import contextmanager

from ..core import (Coding, Element, Interaction, Project, ProjectFileError, ReadOnlyError,
                    Source)
from ..i18n import tr
from .output import warn

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


@contextmanager
def opened(path: str, *, read_only: bool = False, damaged_ok: bool = False) -> Iterator[Project]:
    """Open a project for one command. Listing commands open read-only, so they also work while
    the window has the project open. A file that failed the checks of opening (damage the
    Project Doctor reports) is refused in its one sentence, since what it lists could be wrong,
    unless ``damaged_ok``: the Doctor itself, ``info`` and the backups, which are the way out."""
    project = Project.open(path, read_only=read_only)
    try:
        if not read_only and project.read_only_reason:  # a write command on a read-only file
            raise ReadOnlyError(project.read_only_reason)
        if project.check_failed and not damaged_ok:
            raise ProjectFileError(project.read_only_reason)
        if project.location_warning:  # stderr only: --json output on stdout stays clean
            warn(project.location_warning)
        if project.backup_made is not None:
            warn(tr("Upgraded the project file; a copy of the old one is at {path}.",
                    path=project.backup_made))
        yield project
    finally:
        project.close()


# ----- argument types (argparse turns ArgumentTypeError into a usage error, exit 2) ----------
def date_arg(text: str) -> str:
    if not _DATE.match(text.strip()):
        raise ArgumentTypeError(tr("“{value}” is not a date; write it as YYYY-MM-DD.", value=text))
    return text.strip()


def rect_arg(text: str) -> tuple[int, int, int, int]:
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    if len(parts) != 4 or not all(p.lstrip("-").isdigit() for p in parts):
        raise ArgumentTypeError(
            tr("“{value}” is not a region; write it as X,Y,WIDTH,HEIGHT in pixels.", value=text))
    x, y, w, h = (int(p) for p in parts)
    return x, y, w, h


def sign_arg(text: str) -> str:
    if text not in ("+", "-", "−"):
        raise ArgumentTypeError(tr("The sign must be + or -, not “{value}”.", value=text))
    return "-" if text in ("-", "−") else "+"


# ----- JSON rows -----------------------------------------------------------------------------
def source_row(s: Source) -> dict:
    text = s.kind == "text"
    return {
        "id": s.id, "guid": s.guid, "title": s.title, "file_name": s.file_name, "kind": s.kind,
        "media_type": s.media_type, "source_type": s.source_type, "date": s.date,
        "cases": list(s.cases), "origin_url": s.origin_url, "capture_time": s.capture_time,
        "text_length": s.text_length if text else None,
        "width": None if text else s.width, "height": None if text else s.height,
        "coding_count": s.coding_count,
    }


def element_row(e: Element) -> dict:
    return {
        "id": e.id, "guid": e.guid, "path": e.path, "name": e.name, "parent_id": e.parent_id,
        "color": e.color, "definition": e.definition, "inclusion": e.inclusion,
        "exclusion": e.exclusion, "example": e.example, "coding_count": e.coding_count,
    }


def coding_row(c: Coding, paths: dict[int, str]) -> dict:
    rect = None if c.rect is None else {
        "x": c.rect.x, "y": c.rect.y, "width": c.rect.width, "height": c.rect.height}
    return {
        "id": c.id, "guid": c.guid, "source_id": c.source_id, "source_title": c.source_title,
        "element": c.element_name, "element_path": paths.get(c.element_id, c.element_name),
        "start": c.start, "end": c.end, "rect": rect, "snippet": c.snippet, "coder": c.coder,
        "memo": c.memo, "created": c.created, "page": c.page,
    }


def interaction_row(i: Interaction) -> dict:
    return {
        "id": i.id, "guid": i.guid, "from": i.from_name, "to": i.to_name,
        "from_id": i.from_element_id, "to_id": i.to_element_id, "type": i.type_name,
        "sign": "+" if i.sign > 0 else "-", "period": i.period, "note": i.note,
        "evidence": list(i.evidence), "coder": i.coder,
    }


def element_paths(project: Project) -> dict[int, str]:
    return {e.id: e.path for e in project.elements.list()}


def project_arg(parser) -> None:
    """The PROJECT positional argument every command but ``frameworks`` takes."""
    parser.add_argument("project", metavar="PROJECT", help=tr("the project file (.cwb)"))
