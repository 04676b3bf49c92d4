"""Shared plumbing of the project's sub-APIs (``project.elements``, ``project.codings`` …)."""
from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..i18n import tr
from .errors import InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from .project import Project

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?Z?)?$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def new_guid() -> str:
    import uuid  # loaded when first used: the listing commands start without it

    return str(uuid.uuid4())


def check_date(value: str | None, what: str = "date") -> str | None:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD (archives and old reports often give no day).
    ``what`` is "date", "start date", "end date" or the name of a case attribute."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.match(value) or not _real_day(value):
        if what == "date":
            message = tr("The date “{value}” is not a date; write it as YYYY-MM-DD.", value=value)
        elif what == "start date":
            message = tr("The start date “{value}” is not a date; write it as YYYY-MM-DD.",
                         value=value)
        elif what == "end date":
            message = tr("The end date “{value}” is not a date; write it as YYYY-MM-DD.",
                         value=value)
        else:  # a case attribute, named by the researcher
            message = tr("The {attribute} “{value}” is not a date; write it as YYYY-MM-DD.",
                         attribute=what, value=value)
        raise InvalidInputError(message)
    return value


def _real_day(value: str) -> bool:
    """2016-02-30 has the right shape but is no day."""
    if len(value) < 10:
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_datetime(value: str | None) -> str | None:
    """A capture time: YYYY-MM-DD, optionally with HH:MM or HH:MM:SS."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATETIME.match(value):
        raise InvalidInputError(tr(
            "The capture time “{value}” is not a date and time; write it as YYYY-MM-DD HH:MM:SS.",
            value=value))
    return value


def check_color(value: str) -> str:
    if not _COLOR.match(value or ""):
        raise InvalidInputError(
            tr("The colour “{value}” is not a colour; write it as #RRGGBB.", value=value))
    return value.upper()


def check_name(value: str, what: str) -> str:
    """``value`` stripped; refused when empty. ``what`` names the thing (a key of the sentences
    below, so each is one whole sentence for the translator)."""
    # Control characters (other than tabs and line breaks) have no place in a name: a NUL even
    # cuts it short inside SQLite, and XML (REFI-QDA, Word) cannot carry them.
    name = _CONTROL.sub("", value or "").strip()
    if not name:
        raise InvalidInputError(_NEEDS_NAME[what]())
    return name


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_NEEDS_NAME = {
    "case": lambda: tr("The case needs a name."),
    "attribute": lambda: tr("The attribute needs a name."),
    "coder": lambda: tr("The coder needs a name."),
    "element": lambda: tr("The element needs a name."),
    "interaction type": lambda: tr("The interaction type needs a name."),
    "period": lambda: tr("The period needs a name."),
    "source": lambda: tr("The source needs a name."),
    "agency": lambda: tr("The agency needs a name."),
}

# "There is no <what> with id N in this project." for every ``what`` given to ``_require``.
_NOT_FOUND = {
    "case": lambda n: tr("There is no case with id {id} in this project.", id=n),
    "coding": lambda n: tr("There is no coding with id {id} in this project.", id=n),
    "element": lambda n: tr("There is no element with id {id} in this project.", id=n),
    "interaction": lambda n: tr("There is no interaction with id {id} in this project.", id=n),
    "memo": lambda n: tr("There is no memo with id {id} in this project.", id=n),
    "period": lambda n: tr("There is no period with id {id} in this project.", id=n),
    "source": lambda n: tr("There is no source with id {id} in this project.", id=n),
}


def not_found(what: str, row_id: int) -> NotFoundError:
    """The error for a missing case, coding, element, interaction, memo, period or source."""
    return NotFoundError(_NOT_FOUND[what](row_id))


class Part:
    """A slice of the project API; holds no state besides the project it belongs to (and
    caches that ``_forget_cached`` drops)."""

    def _guid(self, table: str, guid: str | None) -> str:
        """A new GUID, or the one given (REFI-QDA import, merging coders' files keep identities):
        checked for form and for being new in ``table``."""
        if guid is None:
            return new_guid()
        import uuid

        try:
            value = str(uuid.UUID(str(guid).strip().strip("{}")))
        except ValueError:
            raise InvalidInputError(tr("“{guid}” is not a GUID.", guid=guid)) from None
        if self._db.scalar(f"SELECT 1 FROM {table} WHERE guid = ?", (value,)):
            raise InvalidInputError(tr("The GUID {guid} is used in this project already.",
                                       guid=value))
        return value

    def __init__(self, project: "Project"):
        self._project = project

    @property
    def _db(self):
        return self._project._db

    def _operation(self, label: str, batch: str | None = None):
        return self._project._operation(label, batch)

    def _forget_cached(self) -> None:
        """The file's content was replaced underneath (a restore): drop what was remembered."""

    def _require(self, table: str, row_id: int, what: str) -> dict:
        row = self._db.row(table, row_id)
        if row is None:
            raise not_found(what, row_id)
        return row
