"""Interactions: directed, typed links between elements (promotes, constrains, feedback …) with a
sign, an optional period, a note and the evidence — the codings that justify them."""
from __future__ import annotations

from collections.abc import Iterable

from ..i18n import tr
from .errors import InvalidInputError, NotFoundError
from .model import Interaction, InteractionType
from .part import Part, check_name, new_guid, not_found
from .store import INTERACTION_TYPES, utc_now

LINE_STYLES = ("solid", "dashed", "dotted", "dashdot")

_SELECT = """
SELECT i.*, f.name AS from_name, t.name AS to_name, y.name AS type_name, p.name AS period_name,
       k.name AS coder_name,
       (SELECT group_concat(coding_id) FROM interaction_evidence v WHERE v.interaction_id = i.id)
         AS evidence
FROM interactions i JOIN elements f ON f.id = i.from_element_id
JOIN elements t ON t.id = i.to_element_id JOIN interaction_types y ON y.id = i.type_id
LEFT JOIN periods p ON p.id = i.period_id JOIN coders k ON k.id = i.coder_id
"""


def parse_sign(sign: str | int | None) -> int | None:
    if sign is None or sign == "":
        return None
    if sign in (1, "+", "1", "+1", "positive"):
        return 1
    if sign in (-1, "-", "−", "-1", "negative"):
        return -1
    raise InvalidInputError(tr("The sign “{sign}” is neither + nor −.", sign=sign))


class Interactions(Part):
    # ----- types ---------------------------------------------------------------------------
    def types(self) -> list[InteractionType]:
        return [InteractionType(r["id"], r["guid"], r["key"], r["name"], r["sign"], r["line_style"])
                for r in self._db.query("SELECT * FROM interaction_types ORDER BY position, id")]

    def find_type(self, name: str) -> InteractionType:
        """By name, built-in key, or either language's built-in name ("promotes", "促进")."""
        wanted = (name or "").strip()
        for kind in self.types():
            if wanted in (kind.name, kind.key):
                return kind
        for key, (zh, en, _sign, _style) in INTERACTION_TYPES.items():
            if wanted.casefold() in (zh.casefold(), en.casefold(), key):
                for kind in self.types():
                    if kind.key == key:
                        return kind
        raise NotFoundError(
            tr("There is no interaction type called “{name}” in this project.", name=wanted))

    def add_type(self, name: str, sign: str | int = 1, line_style: str = "solid") -> InteractionType:
        name = check_name(name, "interaction type")
        value = parse_sign(sign) or 1
        if line_style not in LINE_STYLES:
            raise InvalidInputError(
                tr("The line style must be one of {styles}.", styles=", ".join(LINE_STYLES)))
        with self._operation("Add interaction type"):
            type_id = self._add_type(name, value, line_style)
        return next(t for t in self.types() if t.id == type_id)

    def _add_type(self, name: str, sign: int, line_style: str = "solid") -> int:
        if self._db.scalar("SELECT id FROM interaction_types WHERE name = ?", (name,)):
            raise InvalidInputError(
                tr("There is already an interaction type called “{name}”.", name=name))
        position = self._db.scalar("SELECT ifnull(max(position) + 1, 0) FROM interaction_types")
        return self._db.insert("interaction_types", {
            "guid": new_guid(), "name": name, "sign": sign, "line_style": line_style,
            "position": position})

    def _add_template_types(self, template, language: str) -> None:
        known = {kind.key for kind in self.types()} | {kind.name for kind in self.types()}
        for item in getattr(template, "interaction_types", ()):
            name = item.name.get(language)
            if item.key in known or name in known:
                continue
            type_id = self._add_type(name, item.sign)
            self._db.update("interaction_types", type_id, {"key": item.key})

    # ----- interactions ---------------------------------------------------------------------
    def list(self, *, period_id: int | None = None, element_id: int | None = None) -> list[Interaction]:
        clauses, params = [], []
        if period_id is not None:
            clauses.append("i.period_id = ?")
            params.append(period_id)
        if element_id is not None:
            clauses.append("(i.from_element_id = ? OR i.to_element_id = ?)")
            params += [element_id, element_id]
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return [_interaction(r) for r in self._db.query(f"{_SELECT} {where} ORDER BY i.id",
                                                        tuple(params))]

    def get(self, interaction_id: int) -> Interaction:
        row = self._db.one(f"{_SELECT} WHERE i.id = ?", (interaction_id,))
        if row is None:
            raise not_found("interaction", interaction_id)
        return _interaction(row)

    def add(self, from_element_id: int, to_element_id: int, type_name: str, *,
            sign: str | int | None = None, period_id: int | None = None, note: str = "",
            evidence: Iterable[int] = (), coder: str | None = None,
            guid: str | None = None) -> Interaction:
        """Record that one element acts on another. An unknown type name becomes a new type
        with the given sign; the sign defaults to the type's own."""
        value = parse_sign(sign)
        with self._operation("Add interaction"):
            self._require("elements", from_element_id, "element")
            self._require("elements", to_element_id, "element")
            if period_id is not None:
                self._require("periods", period_id, "period")
            try:
                kind = self.find_type(type_name)
                type_id, type_sign = kind.id, kind.sign
            except NotFoundError:
                type_id = self._add_type(check_name(type_name, "interaction type"), value or 1)
                type_sign = value or 1
            new_id = self._db.insert("interactions", {
                "guid": self._guid("interactions", guid), "from_element_id": from_element_id,
                "to_element_id": to_element_id, "type_id": type_id, "sign": value or type_sign,
                "period_id": period_id, "note": note,
                "coder_id": self._project.coders.resolve(coder), "created": utc_now()})
            self._link(new_id, evidence)
        return self.get(new_id)

    def update(self, interaction_id: int, *, type_name: str | None = None,
               sign: str | int | None = None, period_id: int | None | str = "",
               note: str | None = None) -> Interaction:
        """Pass only what changes; period_id "" leaves it, None clears it."""
        with self._operation("Edit interaction"):
            self._require("interactions", interaction_id, "interaction")
            values: dict = {}
            if type_name is not None:
                values["type_id"] = self.find_type(type_name).id
            if sign is not None:
                values["sign"] = parse_sign(sign)
            if period_id != "":
                if period_id is not None:
                    self._require("periods", period_id, "period")
                values["period_id"] = period_id
            if note is not None:
                values["note"] = note
            self._db.update("interactions", interaction_id, values)
        return self.get(interaction_id)

    def delete(self, interaction_id: int) -> None:
        with self._operation("Delete interaction"):
            self._require("interactions", interaction_id, "interaction")
            self._delete_row(interaction_id)

    def add_evidence(self, interaction_id: int, coding_ids: Iterable[int]) -> Interaction:
        with self._operation("Add evidence"):
            self._require("interactions", interaction_id, "interaction")
            self._link(interaction_id, coding_ids)
        return self.get(interaction_id)

    def remove_evidence(self, interaction_id: int, coding_ids: Iterable[int]) -> Interaction:
        with self._operation("Remove evidence"):
            for coding_id in coding_ids:
                link = self._db.scalar(
                    "SELECT id FROM interaction_evidence WHERE interaction_id = ? AND coding_id = ?",
                    (interaction_id, coding_id))
                if link is not None:
                    self._db.delete("interaction_evidence", link)
        return self.get(interaction_id)

    def _link(self, interaction_id: int, coding_ids: Iterable[int]) -> None:
        for coding_id in coding_ids:
            self._require("codings", int(coding_id), "coding")
            if self._db.scalar(
                    "SELECT id FROM interaction_evidence WHERE interaction_id = ? AND coding_id = ?",
                    (interaction_id, coding_id)) is None:
                self._db.insert("interaction_evidence", {"interaction_id": interaction_id,
                                                         "coding_id": int(coding_id)})

    def _delete_row(self, interaction_id: int) -> None:
        for (link,) in self._db.query(
                "SELECT id FROM interaction_evidence WHERE interaction_id = ?", (interaction_id,)):
            self._db.delete("interaction_evidence", link)
        self._project.memos._delete_for("interaction", interaction_id)
        self._db.delete("interactions", interaction_id)


def _interaction(r) -> Interaction:
    evidence = tuple(sorted(int(x) for x in r["evidence"].split(","))) if r["evidence"] else ()
    return Interaction(r["id"], r["guid"], r["from_element_id"], r["from_name"],
                       r["to_element_id"], r["to_name"], r["type_id"], r["type_name"], r["sign"],
                       r["period_name"], r["note"], r["coder_name"], r["created"], evidence)
