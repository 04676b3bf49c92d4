"""Who made a row and when, and whether an element takes codings: the details another tool's file
carries that the everyday API sets by itself (the current coder, the time of the call).

    times = provenance.times(project, "codings")            # {id: (created, modified)}
    provenance.keep_times(project, "memos", memo_id, created, modified)
    provenance.adopt_current_coder(project, "Ana", guid)    # the file's user, not the importer
    provenance.set_codable(project, element_id, False)      # REFI-QDA isCodable="false"

Used by the REFI-QDA exchange (exchange/refi) so that export → import keeps each coding's,
memo's and interaction's coder and times. Changes go through the project's current operation.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..i18n import tr
from .errors import InvalidInputError

if TYPE_CHECKING:
    from .project import Project

# Which tables have which time columns (codings.modified is NULL until first changed).
_COLUMNS = {"codings": ("created", "modified"), "memos": ("created", "modified"),
            "interactions": ("created", None)}
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")


def times(project: "Project", table: str) -> dict[int, tuple[str, str | None]]:
    created, modified = _COLUMNS[table]
    rows = project._db.query(f"SELECT id, {created}, {modified or 'NULL'} FROM {table}")
    return {r[0]: (r[1], r[2]) for r in rows}


def keep_times(project: "Project", table: str, row_id: int, created: str | None,
               modified: str | None = None) -> None:
    """Set a row's times from a file; a value that is not a timestamp is left as it is."""
    created_col, modified_col = _COLUMNS[table]
    values = {}
    if created and _STAMP.match(created):
        values[created_col] = created
    if modified_col and modified and _STAMP.match(modified):
        values[modified_col] = modified
    if values:
        with project._operation("Keep times from a file"):
            project._db.update(table, row_id, values)


def adopt_current_coder(project: "Project", name: str, guid: str | None) -> None:
    """Make the project's first (seeded) coder the file's user ``name`` with ``guid``, so the
    importing user is not added to a project that came from someone else."""
    current = project.coders.current()
    values: dict[str, str] = {"name": name}
    if guid:
        values["guid"] = guid
    with project._operation("Change coder"):
        project._db.update("coders", current.id, values)


def non_codable(project: "Project") -> set[int]:
    """Ids of elements that are never coded (folders of a codebook)."""
    return {r[0] for r in project._db.query("SELECT id FROM elements WHERE codable = 0")}


def set_codable(project: "Project", element_id: int, codable: bool) -> None:
    with project._operation("Edit element"):
        project._db.update("elements", element_id, {"codable": 1 if codable else 0})


def check_codable(project: "Project", element_id: int) -> None:
    """Refuse, in one sentence, to code to an element that is not codable."""
    row = project._db.one("SELECT name, codable FROM elements WHERE id = ?", (element_id,))
    if row is not None and not row["codable"]:
        raise InvalidInputError(tr("“{name}” is a folder of the codebook, not an element to code "
                                   "to; code to one of the elements inside it.",
                                   name=row["name"]))
