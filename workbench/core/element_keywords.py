"""Each element's keyword dictionary: the words that signal it in the sources ("一网通办",
"数据共享" for 技术赋能). Auto-code proposes codings from them; a topic mapped onto an element
adds its top words here.

    project.element_keywords.add(element_id, "一网通办", "数据共享")   # one undo step
    project.element_keywords.terms(element_id)                         # ["一网通办", "数据共享"]
    project.element_keywords.remove(element_id, "数据共享")            # one undo step

Rows carry the element's id and guid and have no foreign key, so deleting an element is never
blocked: readers keep a row only while that element exists, so a deleted element's terms are
ignored (and return with it on undo), and a new element that reuses the id starts empty.
"""
from __future__ import annotations

from ..i18n import tr
from .errors import InvalidInputError, NotFoundError
from .part import Part
from .store import utc_now


def _clean(term: str) -> str:
    return " ".join((term or "").split())


class ElementKeywords(Part):
    def terms(self, element_id: int) -> list[str]:
        """The element's keywords, sorted; [] for an element that does not exist."""
        return [r[0] for r in self._db.query(
            "SELECT k.term FROM element_keywords k JOIN elements e "
            "ON e.id = k.element_id AND e.guid = k.element_guid "
            "WHERE k.element_id = ? ORDER BY k.term", (element_id,))]

    def all(self) -> dict[int, list[str]]:
        """Keywords by element id, for every element that has some."""
        out: dict[int, list[str]] = {}
        for r in self._db.query(
                "SELECT k.element_id, k.term FROM element_keywords k JOIN elements e "
                "ON e.id = k.element_id AND e.guid = k.element_guid "
                "ORDER BY k.element_id, k.term"):
            out.setdefault(r[0], []).append(r[1])
        return out

    def add(self, element_id: int, *terms: str) -> list[str]:
        """Add terms to the element's dictionary (one undo step); terms it has already are
        skipped. Returns the new ones."""
        clean: list[str] = []
        for term in terms:
            term = _clean(term)
            if not term:
                raise InvalidInputError(tr("A keyword cannot be empty."))
            if term not in clean:
                clean.append(term)
        added: list[str] = []
        with self._operation("Add element keywords"):
            element = self._require("elements", element_id, "element")
            # Rows left by a deleted element whose id was reused: not this element's.
            for row in self._db.query(
                    "SELECT id FROM element_keywords WHERE element_id = ? AND element_guid != ?",
                    (element_id, element["guid"])):
                self._db.delete("element_keywords", row[0])
            have = set(self.terms(element_id))
            for term in clean:
                if term in have:
                    continue
                self._db.insert("element_keywords", {
                    "element_id": element_id, "element_guid": element["guid"], "term": term,
                    "created": utc_now()})
                added.append(term)
        return added

    def remove(self, element_id: int, *terms: str) -> None:
        """Remove terms from the element's dictionary (one undo step); a term it does not have
        is an error."""
        with self._operation("Remove element keywords"):
            element = self._require("elements", element_id, "element")
            for term in terms:
                row_id = self._db.scalar(
                    "SELECT id FROM element_keywords WHERE element_id = ? AND element_guid = ? "
                    "AND term = ?", (element_id, element["guid"], _clean(term)))
                if row_id is None:
                    raise NotFoundError(tr("“{term}” is not a keyword of “{element}”.",
                                           term=term, element=element["name"]))
                self._db.delete("element_keywords", row_id)
