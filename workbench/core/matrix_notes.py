"""The researcher's summary of one cell of the case × element matrix ("A市 × 技术赋能: 以一网通办
平台为抓手…"), kept in the project and undoable like any other change."""
from __future__ import annotations

from .part import Part
from .store import utc_now


class MatrixNotes(Part):
    def all(self) -> dict[tuple[int, int], str]:
        """Every non-empty note by (case id, element id)."""
        return {(r["case_id"], r["element_id"]): r["note"] for r in self._db.query(
            "SELECT case_id, element_id, note FROM matrix_notes WHERE note != ''")}

    def get(self, case_id: int, element_id: int) -> str:
        return self._db.scalar(
            "SELECT note FROM matrix_notes WHERE case_id = ? AND element_id = ?",
            (case_id, element_id)) or ""

    def set(self, case_id: int, element_id: int, note: str) -> None:
        """Write (or, with "", clear) the summary of one cell; one undo step."""
        note = (note or "").strip()
        with self._operation("Edit matrix note"):
            self._require("cases", case_id, "case")
            self._require("elements", element_id, "element")
            row_id = self._db.scalar(
                "SELECT id FROM matrix_notes WHERE case_id = ? AND element_id = ?",
                (case_id, element_id))
            if row_id is None:
                if note:
                    self._db.insert("matrix_notes", {"case_id": case_id, "element_id": element_id,
                                                     "note": note, "modified": utc_now()})
            elif note:
                if self.get(case_id, element_id) != note:
                    self._db.update("matrix_notes", row_id, {"note": note, "modified": utc_now()})
            else:
                self._db.delete("matrix_notes", row_id)
