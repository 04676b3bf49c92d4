"""Opening a project file safely, and remembering which files this machine last left sound.

``open_checked`` is what ``Project.open`` does before handing out a project:

1. a file or folder we may not write → open read-only, with the reason as one sentence;
2. always (cheap): the file's schema objects must be exactly ours (``store.safety``) — extra or
   changed triggers and views are refused before anything could run them;
3. when opening for writing a file that changed since this app last closed it on this machine
   (a file from a colleague, a sync client, a restored copy): SQLite's ``quick_check``. A file
   that fails opens read-only, so nothing is written into a damaged file.

The memory is a small JSON file in the user's data folder: path → (size, mtime, SQLite's
change counter), written when this app closes a project it had open for writing.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import tr
from . import store
from .errors import ProjectFileError, ProjectNotWritableError
from .places import location_warning
from .store import safety
from .store.backup import COPY_ERRORS, copy_consistent, file_state
from .store.locking import unwritable_reason

if TYPE_CHECKING:
    from .project import Project

KNOWN_FILE = "known-projects.json"
MAX_REMEMBERED = 300  # the oldest entries go first; forgetting one only costs a quick_check


@dataclass
class Opening:
    db: store.Database
    backup: Path | None
    read_only_reason: str | None  # why a file asked for writing is open read-only
    check_failed: bool            # the reason is damage (Project Doctor), not permissions
    location_warning: str | None


def open_checked(path: Path, read_only: bool) -> Opening:
    reason = None
    if not read_only and path.is_file():
        reason = unwritable_reason(path)
    known = is_known(path)
    try:
        db = store.Database.connect(path, read_only=read_only or reason is not None)
    except ProjectNotWritableError:  # the folder check passed but the file still refused us
        reason = tr("{name} is open read-only because the file cannot be written (it is "
                    "read-only, or on a read-only disk); to make changes, save a copy somewhere "
                    "you can write and work on that.", name=path.name)
        db = store.Database.connect(path, read_only=True)
    failed = False
    try:
        missing = safety.refuse_foreign_code(db)
        damage = None
        if missing:
            damage = tr("{name} lacks parts of its structure ({objects}), so it is open "
                        "read-only; run File → Project Doctor… or restore a backup.",
                        name=path.name, objects=", ".join(missing[:3]))
        elif not known:
            problems = safety.quick_check(db, limit=3) if not db.read_only else []
            if problems:
                damage = tr("{name} failed SQLite's check of the file ({problem}), so it is open "
                            "read-only to keep the damage from spreading; run File → Project "
                            "Doctor… or restore a backup.", name=path.name, problem=problems[0])
            else:
                damage = _unfit_rows(db)
        if damage is not None:
            failed, reason = True, damage
            if not db.read_only:
                db.close()
                db = store.Database.connect(path, read_only=True)
        backup = store.check_and_upgrade(db)
    except BaseException:
        db.close()
        raise
    return Opening(db, backup, reason, failed, location_warning(path))


def _unfit_rows(db: store.Database) -> str | None:
    """The Doctor's cheap checks of the rows themselves (values of a kind our files never hold,
    references to missing rows, a looping element tree), for a file this machine did not last
    leave sound: the same functions as the Doctor's, so opening and the Doctor agree."""
    found = safety.unfit_rows(db)
    if not found:
        return None
    return tr("{name} is open read-only because the Project Doctor finds a problem in it "
              "({problem}); run File → Project Doctor… or restore a backup.",
              name=db.path.name, problem=found[0].message.rstrip("."))


# ----------------------------------------------------------------------------- the memory
def _memory_file() -> Path:
    from ..data_folder import data_dir

    return data_dir() / KNOWN_FILE


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def _load() -> dict[str, list[int]]:
    try:
        data = json.loads(_memory_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_known(path: Path) -> bool:
    """Whether ``path`` is exactly as this app left it when it last closed it here."""
    try:
        return _load().get(_key(path)) == list(file_state(path))
    except OSError:
        return False


def remember(path: Path) -> None:
    """Note the file's state after this app closed it (best effort: never fails the close)."""
    try:
        state = list(file_state(path))
        memory = _load()
        memory.pop(_key(path), None)
        memory[_key(path)] = state  # newest last: the oldest are dropped first
        while len(memory) > MAX_REMEMBERED:
            memory.pop(next(iter(memory)))
        target = _memory_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f"{target.name}.{os.getpid()}.part")
        part.write_text(json.dumps(memory, ensure_ascii=False), encoding="utf-8")
        os.replace(part, target)
    except OSError:
        pass


def forget(path: Path) -> None:
    memory = _load()
    if memory.pop(_key(path), None) is not None:
        try:
            _memory_file().write_text(json.dumps(memory, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass


# ----------------------------------------------------------------------------- save a copy
def save_copy(project: "Project", target: str | os.PathLike, *, replace: bool = False) -> Path:
    """Copy the open project (read-only ones too) to ``target`` as one consistent, checked
    file — the way out of a read-only folder. ``replace``: the user agreed to overwrite."""
    target = Path(target)
    if target.suffix.lower() != ".cwb":
        target = target.with_name(target.name + ".cwb")
    same = target.exists() and target.resolve() == project.path.resolve()
    if same or (target.exists() and not replace):
        raise ProjectFileError(tr("{path} already exists; choose another name.", path=target))
    try:
        copy_consistent(project._db, target)
    except COPY_ERRORS as exc:
        raise ProjectFileError(tr("The copy {name} could not be made ({error}); choose a folder "
                                  "you can write to.", name=target.name, error=exc)) from None
    remember(target)  # checked while copying: opening it needs no second check
    return target
