"""Coders: who made each coding. The current coder is used when a call names none."""
from __future__ import annotations

from .model import Coder
from .part import Part, check_name
from .store import utc_now

_PALETTE = ["#4E79A7", "#E15759", "#59A14F", "#B07AA1", "#F28E2B", "#76B7B2", "#EDC948"]


class Coders(Part):
    def list(self) -> list[Coder]:
        return [Coder(r["id"], r["guid"], r["name"], r["color"])
                for r in self._db.query("SELECT * FROM coders ORDER BY id")]

    def current(self) -> Coder:
        row = self._db.one(
            "SELECT c.* FROM coders c JOIN project_info p ON p.current_coder_id = c.id")
        return Coder(row["id"], row["guid"], row["name"], row["color"])

    def add(self, name: str, *, guid: str | None = None) -> Coder:
        """The coder called ``name``, created (with ``guid`` when given) if new."""
        with self._operation("Add coder"):
            coder_id = self.resolve(name, guid=guid)
        return next(c for c in self.list() if c.id == coder_id)

    def resolve(self, name: str | None, *, guid: str | None = None) -> int:
        """Id of the coder called ``name`` (created on first use); the current coder for None.
        Call inside an operation when the name may be new."""
        if name is None or not name.strip():
            return self.current().id
        name = check_name(name, "coder")
        found = self._db.scalar("SELECT id FROM coders WHERE name = ?", (name,))
        if found is not None:
            return found
        count = self._db.scalar("SELECT count(*) FROM coders")
        return self._db.insert("coders", {
            "guid": self._guid("coders", guid), "name": name,
            "color": _PALETTE[count % len(_PALETTE)],
            "created": utc_now()})

    def set_current(self, name: str) -> Coder:
        """Make ``name`` (new or existing) the coder of later work in this file."""
        with self._operation("Change coder"):
            coder_id = self.resolve(name)
            self._db.update("project_info", 1, {"current_coder_id": coder_id})
        return self.current()
