"""The project doctor: find what is wrong with a project file and repair what can be repaired
safely, after a backup, saying what was done.

    findings = project.diagnose()          # [] = healthy; see store.findings.Finding
    report = project.repair()              # backup first, then every safe repair in one go
    print(*report.lines(), sep="\\n")       # what was done, and where the backup is

The checks are ``store/health.py`` and ``store/health_rows.py``, the repairs ``store/doctor.py``,
salvage of damaged pages ``store/salvage.py``. This module orders them: check, back up, repair,
salvage, check again, tell the window.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import tr
from .errors import ReadOnlyError
from .model import Change
from . import store
from .store import doctor as store_doctor
from .store import health, safety
from .store import salvage as store_salvage
from .store.findings import Finding

if TYPE_CHECKING:
    from .project import Project

__all__ = ["Finding", "RepairAction", "RepairReport", "Salvaged", "check_count", "diagnose",
           "open_for_repair", "repair", "repair_file"]

REPAIR_LABEL = "Repair project"  # the Change label the window sees (not an undo step)


@dataclass
class RepairAction:
    """What happened to one finding: ``done`` is one translated sentence; ``ok`` False when it
    could not be repaired (``done`` then says what the user can do)."""

    code: str
    message: str
    done: str
    ok: bool = True


@dataclass
class Salvaged:
    path: Path
    tables: list[tuple[str, int, int | None]]  # (table, rows saved, rows lost or None)


@dataclass
class RepairReport:
    backup: Path | None
    actions: list[RepairAction] = field(default_factory=list)
    history: str = ""  # what became of the undo history, and why
    remaining: list[Finding] = field(default_factory=list)
    salvaged: Salvaged | None = None

    @property
    def healthy(self) -> bool:
        return not self.remaining

    def lines(self) -> list[str]:
        """The report as sentences, for the command line and the dialog."""
        out = [a.done for a in self.actions]
        if self.history:
            out.append(self.history)
        if self.salvaged is not None:
            out += salvage_lines(self.salvaged)
        if self.backup is not None:
            out.append(tr("The project as it was before the repair is saved in {path}.",
                          path=self.backup))
        if self.remaining:
            out.append(tr("{count} problem(s) remain; they cannot be repaired safely.",
                          count=len(self.remaining)))
        return out

    def as_dict(self) -> dict:
        return {"backup": None if self.backup is None else str(self.backup),
                "actions": [vars(a) for a in self.actions], "history": self.history,
                "salvaged": None if self.salvaged is None else {
                    "path": str(self.salvaged.path),
                    "tables": [{"table": t, "saved": s, "lost": lost}
                               for t, s, lost in self.salvaged.tables]},
                "remaining": [f.as_dict() for f in self.remaining]}


def open_for_repair(path: str | os.PathLike) -> "Project":
    """Open ``path`` for writing even when it failed SQLite's quick check (which makes
    ``Project.open`` fall back to read-only), so the doctor can mend it after a backup. Files
    carrying foreign database code are still refused (``store.safety``)."""
    from .project import Project

    from .store.locking import unwritable_reason

    path = Path(path)
    if path.is_file() and unwritable_reason(path):
        raise ReadOnlyError(tr(
            "{name} cannot be written, so it cannot be repaired; copy it somewhere you can "
            "write and repair the copy.", name=path.name))
    db = store.Database.connect(path)
    try:
        safety.refuse_foreign_code(db)
        backup = store.check_and_upgrade(db)
    except BaseException:
        db.close()
        raise
    return Project(db, backup)


def repair_file(path: str | os.PathLike) -> RepairReport:
    """Repair the project file at ``path`` (not open elsewhere) and close it again. A file that
    only needs salvage is never opened for writing; one still damaged afterwards is closed
    without ``PRAGMA optimize`` (which writes) and without being remembered as sound, so the
    next ``Project.open`` checks it again."""
    from .project import Project

    with Project.open(path, read_only=True) as looking:
        if not any(f.repairable for f in looking.diagnose()):
            return looking.repair()  # salvage (or nothing): reading is enough
    project = open_for_repair(path)
    try:
        report = project.repair()
    except BaseException:
        _close_untouched(project)
        raise
    if report.healthy:
        project.close()
    else:
        _close_untouched(project)
    return report


def _close_untouched(project: "Project") -> None:
    project._db.close(optimize=False)  # not Project.close: a damaged file is not "known sound"


def check_count() -> int:
    """How many checks ``diagnose`` runs (the window says "No problems found (N checks)")."""
    return len(health.CHECKS)


def diagnose(project: "Project") -> list[Finding]:
    return health.diagnose(project._db)


def repair(project: "Project", findings: Iterable[Finding] | None = None) -> RepairReport:
    """Back up, then repair the repairable ``findings`` (default: all found now) in one
    transaction; damaged pages are salvaged into a new file beside the project. Raises
    ReadOnlyError for a read-only project and BackupError when no backup can be made."""
    found = diagnose(project) if findings is None else list(findings)
    repairable = [f for f in found if f.repairable]
    damaged = any(f.detail.get("salvage") for f in found)
    if project.read_only and repairable:  # salvage only reads: it needs no writing
        raise ReadOnlyError(tr(
            "{name} is open read-only, so it cannot be repaired; close it and run the repair "
            "again (workbench check --repair, or File → Project Doctor…).",
            name=project.path.name))
    if not repairable and not damaged:
        return RepairReport(None, _unrepaired(found), remaining=found)
    report = RepairReport(None)
    if repairable:
        report.backup = Path(project.backups.create(reason="before-repair").path)
        outcome = store_doctor.repair(project._db, {f.code for f in repairable},
                                      title=project.path.stem)
        report.actions += [RepairAction(f.code, f.message, done) for f, done in outcome.done]
        report.actions += [RepairAction(f.code, f.message, why, False)
                           for f, why in outcome.failed]
        report.history = (tr("The undo history was cleared: it named rows the repair changed, "
                             "and undoing them would have brought the damage back.")
                          if outcome.history_cleared else
                          tr("The undo history was kept: it names none of the repaired rows."))
        tables = outcome.tables
    else:
        tables = set()
    if damaged:
        target = store_salvage.recovered_path(project.path)
        report.salvaged = Salvaged(target, store_salvage.salvage(project._db, target))
    report.actions += _unrepaired([f for f in found if not f.repairable
                                   and not f.detail.get("salvage")])
    report.remaining = diagnose(project)
    if tables:
        project._notify(Change(REPAIR_LABEL, frozenset(tables), "do"))
    return report


def _unrepaired(findings: list[Finding]) -> list[RepairAction]:
    return [RepairAction(f.code, f.message, tr("Not repaired: {advice}", advice=f.advice), False)
            for f in findings]


def salvage_lines(salvaged: Salvaged) -> list[str]:
    lines = [tr("The readable rows were copied into {path} (this file was left as it is):",
                path=salvaged.path)]
    for table, saved, lost in salvaged.tables:
        if lost is None:
            lines.append(tr("{table}: {saved} row(s) saved; how many were lost is unknown.",
                            table=table, saved=saved))
        elif saved or lost:
            lines.append(tr("{table}: {saved} row(s) saved, {lost} lost.",
                            table=table, saved=saved, lost=lost))
    return lines
