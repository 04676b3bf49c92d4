"""“Save a copy to send”: a compact copy of the project for a co-coder or a supervisor.

    result = pack_project(project, "copy.cwb", originals=False)
    result.size, result.project_size      # bytes, to tell the user

The copy is a normal project file (it opens like any other); see store/pack.py for what it
leaves out. Its search index is up to date, so the receiver's first search is as fast as the
sender's. The project itself is only read (the window may have it open).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import tr
from .errors import InvalidInputError
from .store import pack as store_pack

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class PackResult:
    path: Path
    size: int  # bytes of the copy
    project_size: int  # bytes of the project file it was made from
    originals: bool
    history: bool


def pack_project(project: "Project", out: str | os.PathLike, *, originals: bool = True,
                 history: bool = False) -> PackResult:
    target = Path(out)
    if not target.parent.is_dir():
        raise InvalidInputError(tr("The folder {folder} does not exist.", folder=target.parent))
    if target.exists() and target.resolve() == Path(project.path).resolve():
        raise InvalidInputError(tr("The copy cannot replace the project itself; choose another "
                                   "file name."))
    if target.is_dir():
        raise InvalidInputError(tr("{path} is a folder; give a file name.", path=target))
    from .search import INDEX
    size = store_pack.write_copy(project._db, target, index_sql=INDEX, originals=originals,
                                 history=history)
    # The project's size on disk includes what its write-ahead log holds for it.
    here = Path(project.path)
    wal = here.with_name(here.name + "-wal")
    project_size = here.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return PackResult(target, size, project_size, originals, history)
