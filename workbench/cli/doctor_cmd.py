"""``workbench check PROJECT [--repair] [--json]``: the project doctor on the command line.

Exit status 0: healthy (after the repair, if asked); 1: problems found, or left after the repair.
"""
from __future__ import annotations

from pathlib import Path

from ..core.doctor import check_count, repair_file
from ..i18n import tr
from .common import opened
from .output import emit, emit_json


def cmd_check(args) -> int:
    if getattr(args, "repair", False):
        return _repair(args)
    with opened(args.project, read_only=True, damaged_ok=True) as project:
        findings = project.diagnose()
        name = project.path.name
    if args.json:
        emit_json({"ok": not findings, "checks": check_count(),
                   "problems": [f.message for f in findings],
                   "findings": [f.as_dict() for f in findings]})
    elif not findings:
        emit(tr("{name}: no problems found.", name=name))
    else:
        emit(tr("{name}: {count} problem(s) found:", name=name, count=len(findings)))
        for finding in findings:
            emit(f"  - {finding.message}")
            if finding.repair:
                emit("    " + tr("Repair: {what}", what=finding.repair))
            else:
                emit("    " + tr("Cannot be repaired here: {advice}", advice=finding.advice))
        if any(f.repairable for f in findings):
            emit(tr("Run “workbench check --repair {path}” to repair what can be repaired "
                    "(a backup is made first).", path=args.project))
    return 1 if findings else 0


def _repair(args) -> int:
    name = Path(args.project).name
    report = repair_file(args.project)
    if args.json:
        emit_json({"ok": report.healthy, **report.as_dict()})
        return 0 if report.healthy else 1
    if not report.actions and report.salvaged is None and report.healthy:
        emit(tr("{name}: no problems found.", name=name))
        return 0
    for line in report.lines():
        emit(line)
    if report.remaining:
        for finding in report.remaining:
            emit(f"  - {finding.message}")
    else:
        emit(tr("{name}: no problems remain.", name=name))
    return 0 if report.healthy else 1
