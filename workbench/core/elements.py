"""Framework elements (codes): a tree with a codebook entry per element."""
from __future__ import annotations

from typing import Any

from ..i18n import tr
from .errors import InvalidInputError, NotFoundError
from .model import Element
from .part import Part, check_color, check_name, not_found
from .store import utc_now

# Colour-blind-friendly, readable as a translucent highlight on white.
PALETTE = [
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
    "#9C755F", "#BAB0AC", "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B",
    "#E377C2", "#17BECF", "#BCBD22", "#7F7F7F",
]
_TEXT_FIELDS = ("name", "color", "definition", "inclusion", "exclusion", "example")


class Elements(Part):
    def list(self) -> list[Element]:
        """Every element, parents before children, siblings in their order."""
        rows = self._db.query(
            "SELECT e.*, (SELECT count(*) FROM codings c WHERE c.element_id = e.id) AS n "
            "FROM elements e ORDER BY position, id")
        by_parent: dict[int | None, list] = {}
        for row in rows:
            by_parent.setdefault(row["parent_id"], []).append(row)
        out: list[Element] = []

        def walk(parent: int | None, prefix: str) -> None:
            for row in by_parent.get(parent, []):
                path = f"{prefix}{row['name']}"
                out.append(_element(row, path))
                walk(row["id"], path + "/")

        walk(None, "")
        return out

    def rolled_up_counts(self) -> dict[int, int]:
        """Each element with children: the coded segments of itself and its descendants, each
        segment (source, coder, passage or region) once — ``analysis.rollup``'s rule, counted
        by SQLite so the framework tree can show it after every coding without reading all
        codings into Python."""
        rows = self._db.query("""
            WITH RECURSIVE up(element_id, ancestor_id, depth) AS (
                SELECT id, id, 0 FROM elements
                UNION ALL
                SELECT up.element_id, e.parent_id, up.depth + 1
                FROM up JOIN elements e ON e.id = up.ancestor_id
                WHERE e.parent_id IS NOT NULL AND up.depth < 64)
            SELECT ancestor_id AS id, count(*) AS n FROM (
                SELECT DISTINCT up.ancestor_id, c.source_id, c.coder_id, c.start_offset,
                       c.end_offset, c.x, c.y, c.width, c.height
                FROM up JOIN codings c ON c.element_id = up.element_id
                WHERE up.ancestor_id IN (SELECT parent_id FROM elements))
            GROUP BY ancestor_id""")
        return {row["id"]: row["n"] for row in rows}

    def get(self, element_id: int) -> Element:
        for element in self.list():
            if element.id == element_id:
                return element
        raise not_found("element", element_id)

    def children(self, element_id: int | None) -> list[Element]:
        return [e for e in self.list() if e.parent_id == element_id]

    def find(self, name: str) -> Element:
        """By path ("Parent/Child"), by unique name, or by id given as digits."""
        name = (name or "").strip()
        elements = self.list()
        for element in elements:
            if element.path == name:
                return element
        matches = [e for e in elements if e.name == name]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            paths = ", ".join(e.path for e in matches)
            raise InvalidInputError(tr(
                "Several elements are called “{name}” ({paths}); name one by its path.",
                name=name, paths=paths))
        if name.isdigit():
            return self.get(int(name))
        raise NotFoundError(tr("There is no element called “{name}” in this project.", name=name))

    def add(self, name: str, *, parent_id: int | None = None, color: str | None = None,
            definition: str = "", inclusion: str = "", exclusion: str = "", example: str = "",
            template_key: str | None = None, guid: str | None = None) -> Element:
        name = _element_name(name)
        with self._operation("Add element"):
            if parent_id is not None:
                self._require("elements", parent_id, "element")
            self._check_free(name, parent_id, None)
            position = self._db.scalar(
                "SELECT ifnull(max(position) + 1, 0) FROM elements WHERE ifnull(parent_id, 0) = ?",
                (parent_id or 0,))
            new_id = self._db.insert("elements", {
                "guid": self._guid("elements", guid), "parent_id": parent_id, "name": name,
                "color": check_color(color) if color else self._next_color(),
                "definition": definition, "inclusion": inclusion, "exclusion": exclusion,
                "example": example, "position": position, "template_key": template_key,
                "created": utc_now()})
        return self.get(new_id)

    def update(self, element_id: int, **fields: Any) -> Element:
        """Change name, color, definition, inclusion, exclusion or example."""
        unknown = set(fields) - set(_TEXT_FIELDS)
        if unknown:
            raise InvalidInputError(
                tr("An element has no field {fields}.", fields=", ".join(sorted(unknown))))
        if "name" in fields:
            fields["name"] = _element_name(fields["name"])
        if "color" in fields:
            fields["color"] = check_color(fields["color"])
        with self._operation("Edit element"):
            row = self._require("elements", element_id, "element")
            if "name" in fields:
                self._check_free(fields["name"], row["parent_id"], element_id)
            self._db.update("elements", element_id, fields)
        return self.get(element_id)

    def move(self, element_id: int, parent_id: int | None, position: int | None = None) -> Element:
        """Re-parent (None = top level) and/or reorder among the new siblings."""
        with self._operation("Move element"):
            row = self._require("elements", element_id, "element")
            ancestor = parent_id
            while ancestor is not None:
                if ancestor == element_id:
                    raise InvalidInputError(tr("An element cannot be moved inside itself."))
                ancestor = self._require("elements", ancestor, "element")["parent_id"]
            self._check_free(row["name"], parent_id, element_id)
            siblings = [e.id for e in self.children(parent_id) if e.id != element_id]
            position = len(siblings) if position is None else max(0, min(position, len(siblings)))
            siblings.insert(position, element_id)
            self._db.update("elements", element_id, {"parent_id": parent_id})
            for index, sibling in enumerate(siblings):
                self._db.update("elements", sibling, {"position": index})
        return self.get(element_id)

    def delete(self, element_id: int, *, move_codings_to: int | None = None) -> None:
        """Delete an element. Its codings go to ``move_codings_to`` or are deleted with it; its
        children move up to its parent; interactions that involve it are deleted."""
        with self._operation("Delete element"):
            row = self._require("elements", element_id, "element")
            if move_codings_to == element_id:
                raise InvalidInputError(
                    tr("Codings cannot be moved to the element being deleted."))
            if move_codings_to is not None:
                self._require("elements", move_codings_to, "element")
            codings = self._project.codings
            for coding_id in self._ids("SELECT id FROM codings WHERE element_id = ?", element_id):
                if move_codings_to is None:
                    codings._delete_row(coding_id)
                else:
                    self._db.update("codings", coding_id, {"element_id": move_codings_to})
            for interaction_id in self._ids(
                    "SELECT id FROM interactions WHERE from_element_id = ? OR to_element_id = ?",
                    element_id, element_id):
                self._project.interactions._delete_row(interaction_id)
            for child in self._ids("SELECT id FROM elements WHERE parent_id = ?", element_id):
                self._check_free(self._db.row("elements", child)["name"], row["parent_id"], child)
                self._db.update("elements", child, {"parent_id": row["parent_id"]})
            self._project.memos._delete_for("element", element_id)
            self._project.diagrams._delete_for(element_id)
            self._db.delete("elements", element_id)

    def merge(self, element_id: int, into_id: int) -> Element:
        """Merge one element into another: its codings, interactions, children and memos move
        over (a coding the target already has is not doubled), empty codebook fields of the
        target are filled from it, and it is deleted. One undo step; nothing is lost."""
        with self._operation("Merge elements"):
            if element_id == into_id:
                raise InvalidInputError(tr("An element cannot be merged into itself."))
            row = self._require("elements", element_id, "element")
            target = self._require("elements", into_id, "element")
            ancestor = target["parent_id"]
            while ancestor is not None:
                if ancestor == element_id:
                    raise InvalidInputError(tr("An element cannot be merged into one of its own "
                                               "sub-elements."))
                ancestor = self._db.row("elements", ancestor)["parent_id"]
            self._merge_codings(element_id, into_id)
            for link in self._db.query("SELECT id, from_element_id, to_element_id FROM "
                                       "interactions WHERE from_element_id = ? OR "
                                       "to_element_id = ?", (element_id, element_id)):
                self._db.update("interactions", link["id"], {
                    "from_element_id": into_id if link["from_element_id"] == element_id
                    else link["from_element_id"],
                    "to_element_id": into_id if link["to_element_id"] == element_id
                    else link["to_element_id"]})
            for child in self._ids("SELECT id FROM elements WHERE parent_id = ?", element_id):
                self._check_free(self._db.row("elements", child)["name"], into_id, child)
                self._db.update("elements", child, {"parent_id": into_id})
            for (memo_id,) in self._db.query("SELECT id FROM memos WHERE target_kind = 'element' "
                                             "AND target_id = ?", (element_id,)):
                self._db.update("memos", memo_id, {"target_id": into_id})
            filled = {f: row[f] for f in ("definition", "inclusion", "exclusion", "example")
                      if row[f] and not target[f]}
            if filled:
                self._db.update("elements", into_id, filled)
            keywords = self._project.element_keywords.terms(element_id)
            if keywords:  # the auto-code dictionary goes along with the codings
                self._project.element_keywords.add(into_id, *keywords)
            self._project.diagrams._delete_for(element_id)
            self._db.delete("elements", element_id)
        return self.get(into_id)

    def _merge_codings(self, element_id: int, into_id: int) -> None:
        for (coding_id,) in self._db.query("SELECT id FROM codings WHERE element_id = ?",
                                           (element_id,)):
            self._project.codings._move_to_element(coding_id, into_id)

    def apply_template(self, template, language: str | None = None) -> list[Element]:
        """Add a framework template's elements (skipping names that already exist) and the
        interaction types its theory speaks of."""
        language = language or self._project.language
        added: list[int] = []
        with self._operation("Add framework"):
            ids: dict[str, int] = {}
            for item, parent in template.walk():
                parent_id = ids.get(parent.key) if parent is not None else None
                name = item.name.get(language)
                existing = self._db.scalar(
                    "SELECT id FROM elements WHERE ifnull(parent_id, 0) = ? AND name = ?",
                    (parent_id or 0, name))
                if existing is not None:
                    ids[item.key] = existing
                    continue
                element = self.add(
                    name, parent_id=parent_id, color=item.color,
                    definition=item.definition.get(language),
                    inclusion=item.inclusion.get(language), exclusion=item.exclusion.get(language),
                    example=item.example.get(language), template_key=item.key)
                ids[item.key] = element.id
                added.append(element.id)
            self._project.interactions._add_template_types(template, language)
        wanted = set(added)
        return [e for e in self.list() if e.id in wanted]

    # ----- helpers -------------------------------------------------------------------------
    def _ids(self, sql: str, *params: Any) -> list[int]:
        return [r[0] for r in self._db.query(sql, params)]

    def _check_free(self, name: str, parent_id: int | None, own_id: int | None) -> None:
        clash = self._db.scalar(
            "SELECT id FROM elements WHERE ifnull(parent_id, 0) = ? AND name = ? AND id != ?",
            (parent_id or 0, name, own_id or 0))
        if clash is not None:
            raise InvalidInputError(
                tr("There is already an element called “{name}” at that place.", name=name))

    def _next_color(self) -> str:
        used = {r[0] for r in self._db.query("SELECT upper(color) FROM elements")}
        for color in PALETTE:
            if color not in used:
                return color
        return PALETTE[len(used) % len(PALETTE)]


def _element_name(value: str) -> str:
    name = check_name(value, "element")
    if "/" in name:  # "/" separates the levels of an element's path ("Parent/Child")
        raise InvalidInputError(tr("An element's name cannot contain “/” (“{name}”); use another "
                                   "character such as “／” or “-”.", name=name))
    return name


def _element(row, path: str) -> Element:
    return Element(row["id"], row["guid"], row["parent_id"], row["name"], row["color"],
                   row["definition"], row["inclusion"], row["exclusion"], row["example"],
                   row["position"], row["template_key"], row["created"], row["n"], path)
