"""Shared plumbing of the project's sub-APIs (``project.elements``, ``project.codings`` …)."""
from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from .errors import InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from .project import Project

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?Z?)?$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def new_guid() -> str:
    return str(uuid.uuid4())


def check_date(value: str | None, what: str = "date") -> str | None:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD (archives and old reports often give no day)."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise InvalidInputError(f"The {what} “{value}” is not a date; write it as YYYY-MM-DD.")
    return value


def check_datetime(value: str | None, what: str = "capture time") -> str | None:
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATETIME.match(value):
        raise InvalidInputError(
            f"The {what} “{value}” is not a date and time; write it as YYYY-MM-DD HH:MM:SS."
        )
    return value


def check_color(value: str) -> str:
    if not _COLOR.match(value or ""):
        raise InvalidInputError(f"The colour “{value}” is not a colour; write it as #RRGGBB.")
    return value.upper()


def check_name(value: str, what: str) -> str:
    name = (value or "").strip()
    if not name:
        raise InvalidInputError(f"The {what} needs a name.")
    return name


class Part:
    """A slice of the project API; holds no state besides the project it belongs to."""

    def __init__(self, project: "Project"):
        self._project = project

    @property
    def _db(self):
        return self._project._db

    def _operation(self, label: str, batch: str | None = None):
        return self._project._operation(label, batch)

    def _require(self, table: str, row_id: int, what: str) -> dict:
        row = self._db.row(table, row_id)
        if row is None:
            raise NotFoundError(f"There is no {what} with id {row_id} in this project.")
        return row
