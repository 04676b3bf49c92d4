"""Memos: a project journal and notes on sources, elements, codings, interactions and cases."""
from __future__ import annotations

from ..i18n import tr
from .errors import InvalidInputError
from .model import Memo
from .part import Part, not_found
from .store import utc_now

TARGETS = {"project": None, "source": "sources", "element": "elements", "coding": "codings",
           "interaction": "interactions", "case": "cases"}

_SELECT = "SELECT m.*, k.name AS coder_name FROM memos m LEFT JOIN coders k ON k.id = m.coder_id"


class Memos(Part):
    def list(self, target_kind: str | None = None, target_id: int | None = None) -> list[Memo]:
        clauses, params = [], []
        if target_kind is not None:
            clauses.append("m.target_kind = ?")
            params.append(target_kind)
        if target_id is not None:
            clauses.append("m.target_id = ?")
            params.append(target_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return [_memo(r) for r in self._db.query(f"{_SELECT} {where} ORDER BY m.created, m.id",
                                                 tuple(params))]

    def get(self, memo_id: int) -> Memo:
        row = self._db.one(f"{_SELECT} WHERE m.id = ?", (memo_id,))
        if row is None:
            raise not_found("memo", memo_id)
        return _memo(row)

    def search(self, words: str) -> list[Memo]:
        """Memos whose title or text contains ``words`` (case-insensitive for Latin letters)."""
        pattern = f"%{words.strip()}%"
        return [_memo(r) for r in self._db.query(
            f"{_SELECT} WHERE m.title LIKE ? OR m.body LIKE ? ORDER BY m.created", (pattern, pattern))]

    def add(self, target_kind: str = "project", target_id: int | None = None, *, title: str = "",
            body: str = "", coder: str | None = None, guid: str | None = None) -> Memo:
        if target_kind not in TARGETS:
            raise InvalidInputError(
                tr("A memo cannot be attached to “{target}”.", target=target_kind))
        with self._operation("Add memo"):
            table = TARGETS[target_kind]
            if table is not None:
                if target_id is None:
                    raise InvalidInputError(_SAY_WHICH[target_kind]())
                self._require(table, target_id, target_kind)
            now = utc_now()
            new_id = self._db.insert("memos", {
                "guid": self._guid("memos", guid), "target_kind": target_kind,
                "target_id": None if table is None else target_id, "title": title, "body": body,
                "coder_id": self._project.coders.resolve(coder), "created": now, "modified": now})
        return self.get(new_id)

    def update(self, memo_id: int, *, title: str | None = None, body: str | None = None) -> Memo:
        values = {k: v for k, v in (("title", title), ("body", body)) if v is not None}
        with self._operation("Edit memo"):
            self._require("memos", memo_id, "memo")
            if values:
                values["modified"] = utc_now()
                self._db.update("memos", memo_id, values)
        return self.get(memo_id)

    def delete(self, memo_id: int) -> None:
        with self._operation("Delete memo"):
            self._require("memos", memo_id, "memo")
            self._db.delete("memos", memo_id)

    def _delete_for(self, target_kind: str, target_id: int) -> None:
        for (memo_id,) in self._db.query(
                "SELECT id FROM memos WHERE target_kind = ? AND target_id = ?",
                (target_kind, target_id)):
            self._db.delete("memos", memo_id)


# One whole sentence per kind of thing a memo can belong to (for the translator).
_SAY_WHICH = {
    "source": lambda: tr("Say which source the memo belongs to."),
    "element": lambda: tr("Say which element the memo belongs to."),
    "coding": lambda: tr("Say which coding the memo belongs to."),
    "interaction": lambda: tr("Say which interaction the memo belongs to."),
    "case": lambda: tr("Say which case the memo belongs to."),
}


def _memo(r) -> Memo:
    return Memo(r["id"], r["guid"], r["target_kind"], r["target_id"], r["title"], r["body"],
                r["coder_name"], r["created"], r["modified"])
