"""Where the researcher placed each element in the path diagram, kept in the project so the
diagram, its per-period panels and every exported figure share one layout."""
from __future__ import annotations

from collections.abc import Mapping

from ..i18n import tr
from .errors import InvalidInputError
from .part import Part

WHOLE_CASE = "whole"


class Diagrams(Part):
    def positions(self, layout: str = WHOLE_CASE) -> dict[int, tuple[float, float]]:
        """Saved positions by element id (diagram units, y pointing up); {} before any is saved."""
        return {r["element_id"]: (r["x"], r["y"]) for r in self._db.query(
            "SELECT element_id, x, y FROM diagram_positions WHERE layout = ?", (layout,))}

    def save_positions(self, positions: Mapping[int, tuple[float, float]],
                       layout: str = WHOLE_CASE) -> None:
        """Remember where elements stand (one undo step, e.g. after dragging nodes or applying
        an automatic layout). Elements not named keep their saved place."""
        with self._operation("Move diagram nodes"):
            saved = {r["element_id"]: r["id"] for r in self._db.query(
                "SELECT id, element_id FROM diagram_positions WHERE layout = ?", (layout,))}
            for element_id, (x, y) in positions.items():
                self._require("elements", element_id, "element")
                try:
                    point = {"x": float(x), "y": float(y)}
                except (TypeError, ValueError):
                    raise InvalidInputError(tr(
                        "The position of element {id} is not a pair of numbers.",
                        id=element_id)) from None
                if element_id in saved:
                    self._db.update("diagram_positions", saved[element_id], point)
                else:
                    self._db.insert("diagram_positions", {"layout": layout,
                                                          "element_id": element_id, **point})

    def forget(self, layout: str = WHOLE_CASE) -> None:
        """Drop a saved layout so the diagram is laid out automatically again."""
        with self._operation("Reset diagram layout"):
            for (row_id,) in self._db.query(
                    "SELECT id FROM diagram_positions WHERE layout = ?", (layout,)):
                self._db.delete("diagram_positions", row_id)

    def _delete_for(self, element_id: int) -> None:
        for (row_id,) in self._db.query(
                "SELECT id FROM diagram_positions WHERE element_id = ?", (element_id,)):
            self._db.delete("diagram_positions", row_id)
