"""What a REFI-QDA import or export did: counts, and every item left out with its reason."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Skipped:
    kind: str  # "code", "source", "coding", "selection", "case", "note", "link", "set", "file"
    name: str  # the item's name or GUID as the file gives it
    reason: str  # one sentence


@dataclass
class RefiReport:
    """The result of :func:`import_qdpx` or :func:`export_qdpx`.

    ``found`` counts what the XML holds (codes, sources, codings, …); ``done`` what went into the
    project (import) or the file (export). For every kind, found == done + the number of
    ``skipped`` entries of that kind, unless ``merged`` explains the difference.
    """

    path: Path
    origin: str = ""
    found: dict[str, int] = field(default_factory=dict)
    done: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "positions read as UTF-16 units"
    schemes: dict[str, str] = field(default_factory=dict)  # source name -> counting scheme
    valid: bool | None = None  # export: project.qde validated against Project.xsd

    def count(self, what: str, n: int = 1, *, found: bool = False) -> None:
        target = self.found if found else self.done
        target[what] = target.get(what, 0) + n

    def skip(self, kind: str, name: str, reason: str) -> None:
        self.skipped.append(Skipped(kind, name, reason))

    def skipped_count(self, kind: str) -> int:
        return sum(1 for s in self.skipped if s.kind == kind)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["path"] = str(self.path)
        return data
