"""What the project doctor found: one :class:`Finding` per kind of problem (plain data)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Finding:
    """One kind of problem in a project file.

    ``code`` is a stable identifier ("snippet-mismatch", "orphan-rows" …) that scripts and tests
    can rely on; ``message`` is one translated sentence; ``repair`` says what a repair would do,
    or is ``None`` when nothing can be repaired safely (``advice`` then says what the user can do).
    ``ids`` are the row ids concerned (of ``table``); ``detail`` is what the repair needs."""

    code: str
    message: str
    repair: str | None
    advice: str = ""
    table: str = ""
    ids: tuple[int, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def repairable(self) -> bool:
        return self.repair is not None

    @property
    def count(self) -> int:
        return len(self.ids) or 1

    def as_dict(self) -> dict[str, Any]:
        """The finding as plain JSON data (``workbench check --json``)."""
        return {"code": self.code, "message": self.message, "repair": self.repair,
                "advice": self.advice, "table": self.table, "count": self.count,
                "ids": list(self.ids)}
