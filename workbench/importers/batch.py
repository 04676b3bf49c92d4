"""Import many files into a project, file by file, reporting each one.

Each file is committed on its own (a crash keeps every file already imported), but all steps of one
batch share a batch key, so a single Undo takes the whole import back. A file that cannot be read
is refused with its reason while the others go on; the same bytes twice are found by sha256.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import WorkbenchError
from ..core.model import ImportReport
from ..core.progress import Progress
from .document import ImportRefused
from .registry import collect_files, read_file

if TYPE_CHECKING:
    from ..core.project import Project


def import_files(project: "Project", paths: Iterable[str | os.PathLike], *,
                 case: str | None = None, source_type: str | None = None,
                 date: str | None = None, origin_url: str = "",
                 progress: Progress | None = None) -> ImportReport:
    """Import files and folders (recursively). ``date`` overrides the documents' own dates;
    ``case`` and ``source_type`` apply to every file of the batch."""
    report = ImportReport()
    files = collect_files(paths)
    progress = progress or Progress()
    progress.start(len(files), files[0].name if files else "")
    batch = uuid.uuid4().hex
    for path in files:
        if progress.cancelled:
            report.cancelled = True
            break
        _import_one(project, Path(path), report, batch, case=case, source_type=source_type,
                    date=date, origin_url=origin_url)
        progress.step(path.name)
    return report


def _import_one(project: "Project", path: Path, report: ImportReport, batch: str, **fields) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.refused.append((str(path), f"{path.name} cannot be read ({exc.strerror})."))
        return
    existing = project.sources.find_by_sha256(hashlib.sha256(data).hexdigest())
    if existing is not None:
        report.duplicates.append((str(path), existing.title))
        return
    try:
        document = read_file(path)
    except ImportRefused as exc:
        report.refused.append((str(path), str(exc)))
        return
    try:
        source = project.sources.add(
            kind=document.kind, title=document.title, data=document.data,
            file_name=document.file_name, media_type=document.media_type, text=document.text,
            blocks=document.blocks, encoding=document.encoding, metadata=document.metadata,
            date=fields["date"] or document.date, source_type=fields["source_type"],
            cases=[fields["case"]] if fields["case"] else [], origin_url=fields["origin_url"],
            width=document.width, height=document.height, batch=batch)
    except WorkbenchError as exc:
        report.refused.append((str(path), f"{path.name}: {exc}"))
        return
    report.imported.append(source)
