"""Cases (a city, a province, a programme): sources belong to zero or more of them, and each
case carries typed attributes (text, number, date) for comparison tables."""
from __future__ import annotations

from ..i18n import tr
from .errors import InvalidInputError, NotFoundError
from .model import Case, CaseAttribute
from .part import Part, check_date, check_name, new_guid, not_found
from .store import utc_now

ATTRIBUTE_KINDS = ("text", "number", "date")


class Cases(Part):
    def list(self) -> list[Case]:
        values: dict[int, dict[str, str]] = {}
        for r in self._db.query(
                "SELECT v.case_id, a.name, v.value FROM case_values v "
                "JOIN case_attributes a ON a.id = v.attribute_id ORDER BY a.position, a.id"):
            values.setdefault(r["case_id"], {})[r["name"]] = r["value"]
        members: dict[int, list[int]] = {}
        for r in self._db.query("SELECT case_id, source_id FROM case_sources ORDER BY source_id"):
            members.setdefault(r["case_id"], []).append(r["source_id"])
        return [Case(r["id"], r["guid"], r["name"], r["description"], values.get(r["id"], {}),
                     tuple(members.get(r["id"], ())))
                for r in self._db.query("SELECT * FROM cases ORDER BY name")]

    def get(self, case_id: int) -> Case:
        for case in self.list():
            if case.id == case_id:
                return case
        raise not_found("case", case_id)

    def find(self, name: str) -> Case:
        for case in self.list():
            if case.name == name.strip():
                return case
        raise NotFoundError(tr("There is no case called “{name}” in this project.", name=name))

    def add(self, name: str, description: str = "", *, guid: str | None = None) -> Case:
        """A new case (or the existing one of that name, when no ``guid`` is given)."""
        with self._operation("Add case"):
            if guid is not None and self._db.scalar("SELECT id FROM cases WHERE name = ?",
                                                    (check_name(name, "case"),)):
                raise InvalidInputError(tr("There is already a case called “{name}”.",
                                           name=name.strip()))
            case_id = self._resolve(name, create=True, guid=guid)
            if description:
                self._db.update("cases", case_id, {"description": description})
        return self.get(case_id)

    def update(self, case_id: int, *, name: str | None = None,
               description: str | None = None) -> Case:
        values = {}
        if name is not None:
            values["name"] = check_name(name, "case")
        if description is not None:
            values["description"] = description
        with self._operation("Edit case"):
            self._require("cases", case_id, "case")
            if "name" in values and self._db.scalar(
                    "SELECT id FROM cases WHERE name = ? AND id != ?", (values["name"], case_id)):
                raise InvalidInputError(
                    tr("There is already a case called “{name}”.", name=values["name"]))
            self._db.update("cases", case_id, values)
        return self.get(case_id)

    def delete(self, case_id: int) -> None:
        """Delete a case; its sources stay in the project."""
        with self._operation("Delete case"):
            self._require("cases", case_id, "case")
            for table in ("case_sources", "case_values"):
                for (row_id,) in self._db.query(f"SELECT id FROM {table} WHERE case_id = ?",
                                                (case_id,)):
                    self._db.delete(table, row_id)
            self._project.memos._delete_for("case", case_id)
            self._db.delete("cases", case_id)

    def add_source(self, case: str | int, source_id: int) -> None:
        """Put a source in a case (a case named but not yet known is created)."""
        with self._operation("Assign source to case"):
            self._require("sources", source_id, "source")
            case_id = self._resolve(case, create=True)
            if self._db.scalar("SELECT id FROM case_sources WHERE case_id = ? AND source_id = ?",
                               (case_id, source_id)) is None:
                self._db.insert("case_sources", {"case_id": case_id, "source_id": source_id})

    def remove_source(self, case: str | int, source_id: int) -> None:
        with self._operation("Remove source from case"):
            case_id = self._resolve(case, create=False)
            link = self._db.scalar("SELECT id FROM case_sources WHERE case_id = ? AND source_id = ?",
                                   (case_id, source_id))
            if link is not None:
                self._db.delete("case_sources", link)

    # ----- attributes ----------------------------------------------------------------------
    def attributes(self) -> list[CaseAttribute]:
        return [CaseAttribute(r["id"], r["guid"], r["name"], r["kind"], r["position"])
                for r in self._db.query("SELECT * FROM case_attributes ORDER BY position, id")]

    def add_attribute(self, name: str, kind: str = "text") -> CaseAttribute:
        if kind not in ATTRIBUTE_KINDS:
            raise InvalidInputError(tr("A case attribute is of type text, number or date."))
        name = check_name(name, "attribute")
        with self._operation("Add case attribute"):
            if self._db.scalar("SELECT id FROM case_attributes WHERE name = ?", (name,)):
                raise InvalidInputError(
                    tr("There is already an attribute called “{name}”.", name=name))
            position = self._db.scalar("SELECT ifnull(max(position) + 1, 0) FROM case_attributes")
            new_id = self._db.insert("case_attributes", {
                "guid": new_guid(), "name": name, "kind": kind, "position": position})
        return next(a for a in self.attributes() if a.id == new_id)

    def set_value(self, case: str | int, attribute: str, value: str | float | None) -> None:
        """Set (or clear, with None or "") one attribute of one case, checked against its type."""
        with self._operation("Set case attribute"):
            case_id = self._resolve(case, create=False)
            attr = self._db.one("SELECT * FROM case_attributes WHERE name = ?", (attribute,))
            if attr is None:
                raise NotFoundError(
                    tr("There is no case attribute called “{name}”.", name=attribute))
            existing = self._db.scalar(
                "SELECT id FROM case_values WHERE case_id = ? AND attribute_id = ?",
                (case_id, attr["id"]))
            text = "" if value is None else str(value).strip()
            if not text:
                if existing is not None:
                    self._db.delete("case_values", existing)
                return
            text = _checked(text, attr["kind"], attribute)
            if existing is None:
                self._db.insert("case_values", {"case_id": case_id, "attribute_id": attr["id"],
                                                "value": text})
            else:
                self._db.update("case_values", existing, {"value": text})

    def _resolve(self, case: str | int, *, create: bool, guid: str | None = None) -> int:
        if isinstance(case, int):
            self._require("cases", case, "case")
            return case
        name = check_name(case, "case")
        found = self._db.scalar("SELECT id FROM cases WHERE name = ?", (name,))
        if found is not None:
            return found
        if not create:
            raise NotFoundError(tr("There is no case called “{name}” in this project.", name=name))
        return self._db.insert("cases", {"guid": self._guid("cases", guid), "name": name,
                                         "description": "", "created": utc_now()})


def _checked(text: str, kind: str, attribute: str) -> str:
    if kind == "number":
        try:
            float(text)
        except ValueError:
            raise InvalidInputError(tr("“{value}” is not a number, but {attribute} holds numbers.",
                                       value=text, attribute=attribute)) from None
    elif kind == "date":
        check_date(text, attribute)
    return text
