"""Which line of copies a project file belongs to, so each copy keeps its own backups.

Backups are kept per project (``backups/<project guid>/``), but a copy of a project file keeps
the project's guid — so does every co-coder's file. Each backup therefore also records the file
*lineage* it was made from: an id stored in the file (``project_info.lineage``). The rule:

* A file keeps its lineage where it was seen before (the paths each lineage was seen at are
  recorded in ``lineages.json`` in the project's backups folder, and in every backup's sidecar).
* A file found at a **new path** keeps its lineage when it was moved or renamed: no file of that
  lineage is left at a place the lineage was seen at.
* A file found at a new path while the file it came from is still at its old place is a copy:
  from here on their histories diverge, so the one at the new place gets a new lineage (the first
  time it is opened there for writing) and starts a backup list of its own. Two co-coders' files
  are two such copies: they never share a list.
* A file from before lineages (none stored) starts one at its path; the older backups it made
  there (their sidecar names that path) are its own.

A new lineage is derived from the old one and the path (a name-based UUID), so a read-only look
at a copy (``workbench backups`` while the window has it) already sees the lineage it will get.
It is written into the file when a copy is found (on opening it for writing) and before the
file's first backup.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .leftovers import claimed
from .store import backup as store_backup

if TYPE_CHECKING:
    from .backups import BackupInfo
    from .project import Project

REGISTRY = "lineages.json"
_NAMESPACE = "5f1b3c52-9f8e-4d0a-8a7e-2c6b1d9e4a10"  # ours, for name-based ids


def path_key(path: str | os.PathLike) -> str:
    """A path as recorded: absolute, symlinks resolved, case folded where the system does."""
    try:
        return os.path.normcase(str(Path(path).resolve()))
    except OSError:
        return os.path.normcase(os.path.abspath(path))


def derived(base: str, path_key_: str) -> str:
    """The lineage a file gets at ``path_key_`` when it leaves the line ``base``."""
    import uuid  # loaded when first used: the listing commands start without it

    return str(uuid.uuid5(uuid.UUID(_NAMESPACE), f"{base}|{path_key_}"))


@dataclass
class Lineage:
    id: str
    paths: set[str]           # where this line was seen (path keys)
    renewed_from: str | None  # the lineage the file had before it was found to be a copy
    stored: str | None = None  # what the file says (None: nothing yet, or not yet written)
    key: str = ""              # the file's path key


def _read_registry(folder: Path) -> dict[str, dict]:
    try:
        data = json.loads((folder / REGISTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record(folder: Path, lineage: str, key: str, renewed_from: str | None = None) -> None:
    """Note that ``lineage`` was seen at ``key`` (best effort: a lost note costs little)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = _read_registry(folder)
        entry = data.setdefault(lineage, {})
        if not isinstance(entry, dict):
            entry = data[lineage] = {}
        listed = entry.get("paths")
        paths = [p for p in listed if isinstance(p, str)] if isinstance(listed, list) else []
        if key in paths and (renewed_from is None or entry.get("renewed_from")):
            return
        entry["paths"] = [*paths, key] if key not in paths else paths
        if renewed_from and not entry.get("renewed_from"):
            entry["renewed_from"] = renewed_from
        part = folder / f"{REGISTRY}.{os.getpid()}.{os.urandom(3).hex()}.part"
        with claimed(part):  # a sweep of the folder by another process leaves it alone
            part.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(part, folder / REGISTRY)
    except OSError:
        pass


def known_paths(folder: Path, lineage: str, backups: list["BackupInfo"]) -> set[str]:
    """Every path ``lineage`` was seen at: the registry's, and those of its backups."""
    entry = _read_registry(folder).get(lineage)
    listed = entry.get("paths") if isinstance(entry, dict) else None
    paths = {p for p in listed if isinstance(p, str)} if isinstance(listed, list) else set()
    paths |= {path_key(b.original_path) for b in backups
              if b.lineage == lineage and b.original_path}
    return paths


def resolve(project: "Project", folder: Path, backups: list["BackupInfo"]) -> Lineage:
    """The lineage of the open project by the rule above (nothing is written: see ``keep``)."""
    here = path_key(project.path)
    stored = store_backup.read_lineage(project._db)
    renewed_from = None
    if stored is None:
        lineage = derived(project.info().guid, here)
    else:
        lineage = stored
        seen = known_paths(folder, stored, backups)
        if seen and here not in seen and not any(same_file(p, project.path) for p in seen):
            guid = project.info().guid
            if any(_holds(p, guid, stored, project.path) for p in seen):
                lineage, renewed_from = derived(stored, here), stored  # a copy: its own line
    paths = known_paths(folder, lineage, backups) | {here}
    return Lineage(lineage, paths, renewed_from, stored, here)


def keep(project: "Project", folder: Path, lineage: Lineage) -> None:
    """Write the lineage into a project open for writing, and note where it was seen. Done when
    a copy is first opened at its new place, and before a backup is made (a file that never had
    one is not written to just for being opened: upgrading an old file stays the same bytes
    wherever it lies)."""
    if project.read_only:
        return
    if lineage.id != lineage.stored and store_backup.write_lineage(project._db, lineage.id):
        lineage.stored = lineage.id
    record(folder, lineage.id, lineage.key, lineage.renewed_from)


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name one file (also through links); False when either is missing."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _holds(key: str, guid: str, lineage: str, here: Path) -> bool:
    """Whether another file of the project's ``lineage`` is still at ``key``."""
    if same_file(key, here) or not os.path.isfile(key):
        return False
    found = store_backup.identity(Path(key))
    return found is not None and found == (guid, lineage)


def is_own(info: "BackupInfo", lineage: Lineage) -> bool:
    """Whether a backup was made from this line of the file. A backup from before lineages is
    its own when it was made at one of the places this line was seen at."""
    if info.lineage is not None:
        return info.lineage == lineage.id
    return bool(info.original_path) and path_key(info.original_path) in lineage.paths
