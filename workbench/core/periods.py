"""Periods (stages) of a case: named, dated, ordered. Sources fall into periods by date."""
from __future__ import annotations

from ..i18n import tr
from .errors import InvalidInputError, NotFoundError
from .model import Period
from .part import Part, check_date, check_name, not_found


class Periods(Part):
    def list(self) -> list[Period]:
        return [Period(r["id"], r["guid"], r["name"], r["start_date"], r["end_date"], r["position"])
                for r in self._db.query(
                    "SELECT * FROM periods ORDER BY position, ifnull(start_date, ''), id")]

    def get(self, period_id: int) -> Period:
        for period in self.list():
            if period.id == period_id:
                return period
        raise not_found("period", period_id)

    def find(self, name: str) -> Period:
        for period in self.list():
            if period.name == name.strip():
                return period
        raise NotFoundError(tr("There is no period called “{name}” in this project.", name=name))

    def add(self, name: str, start_date: str | None = None, end_date: str | None = None, *,
            guid: str | None = None) -> Period:
        name = check_name(name, "period")
        start, end = check_date(start_date, "start date"), check_date(end_date, "end date")
        _check_order(start, end)
        with self._operation("Add period"):
            if self._db.scalar("SELECT id FROM periods WHERE name = ?", (name,)):
                raise InvalidInputError(
                    tr("There is already a period called “{name}”.", name=name))
            new_id = self._db.insert("periods", {
                "guid": self._guid("periods", guid), "name": name, "start_date": start,
                "end_date": end,
                "position": 0})
            self._renumber()
        return self.get(new_id)

    def update(self, period_id: int, *, name: str | None = None, start_date: str | None = "",
               end_date: str | None = "") -> Period:
        """Pass only what changes; "" (the default) leaves a date alone, None clears it."""
        with self._operation("Edit period"):
            row = self._require("periods", period_id, "period")
            values = {}
            if name is not None:
                values["name"] = check_name(name, "period")
                if self._db.scalar("SELECT id FROM periods WHERE name = ? AND id != ?",
                                   (values["name"], period_id)):
                    raise InvalidInputError(
                        tr("There is already a period called “{name}”.", name=values["name"]))
            if start_date != "":
                values["start_date"] = check_date(start_date, "start date")
            if end_date != "":
                values["end_date"] = check_date(end_date, "end date")
            _check_order(values.get("start_date", row["start_date"]),
                         values.get("end_date", row["end_date"]))
            self._db.update("periods", period_id, values)
            self._renumber()
        return self.get(period_id)

    def delete(self, period_id: int) -> None:
        """Delete a period; interactions dated to it become undated."""
        with self._operation("Delete period"):
            self._require("periods", period_id, "period")
            for (interaction_id,) in self._db.query(
                    "SELECT id FROM interactions WHERE period_id = ?", (period_id,)):
                self._db.update("interactions", interaction_id, {"period_id": None})
            self._db.delete("periods", period_id)

    def period_of(self, date: str | None) -> Period | None:
        """The period a dated source falls in (comparing ISO dates as text works for Y, Y-M, Y-M-D)."""
        if not date:
            return None
        for period in self.list():
            if (period.start_date is None or date >= period.start_date) and \
                    (period.end_date is None or date[:len(period.end_date)] <= period.end_date):
                return period
        return None

    def _renumber(self) -> None:
        # Periods are kept in chronological order; undated ones go last, by name.
        rows = self._db.query(
            "SELECT id FROM periods ORDER BY start_date IS NULL, start_date, name")
        for index, row in enumerate(rows):
            self._db.update("periods", row["id"], {"position": index})


def _check_order(start: str | None, end: str | None) -> None:
    if start and end and start > end:
        raise InvalidInputError(
            tr("A period cannot end ({end}) before it starts ({start}).", end=end, start=start))
