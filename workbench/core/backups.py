"""Rolling backups of a project: ``project.backups``.

Backups live in the user's data folder, ``<data>/backups/<project guid>/``, not beside the
project: the project may sit in a cloud-sync folder or be mailed around, and a folder named by
the project's guid finds them again after the file is renamed or moved. Each backup is a
complete project file ``YYYYMMDD-HHMMSS-<reason>.cwb`` (UTC time) with a JSON sidecar saying
when, why, from which file and file lineage, how big, and the project file's (size, mtime,
change counter) at that moment, so "changed since the last backup" is decided without opening
anything. Copies of a project share its guid, so the folder may hold several copies' backups:
each copy lists, prunes and restores its own (``backup_lineage.py``), and restoring another
copy's backup must be asked for (``other_copy=True``).

    info = project.backups.create("manual")
    project.backups.auto()          # only when the file changed and the newest is > 1 h old
    project.backups.prune()         # the keep rule, see keep_rule()
    project.backups.restore(info)   # backs up the current state first ("before-restore")
    project.backups.list_all()      # also the other copies' backups (``is_own`` tells them apart)

Creating a backup is split in two (``prepare`` then ``PendingBackup.run``) so the window can
read the project in its own thread and run only the page copy on a worker thread.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import tr
from . import backup_lineage
from .backup_lineage import Lineage
from .errors import BackupError, ReadOnlyError, is_disk_full
from .leftovers import claimed, sweep
from .model import Change
from .part import Part
from .store import backup as store_backup

if TYPE_CHECKING:
    from .project import Project

SUFFIX = ".cwb"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(\d{8}-\d{6})-(.+?)(?:-\d+)?\.cwb$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime  # UTC, timezone-aware
    reason: str
    size: int
    original_path: str = ""
    original_name: str = ""
    sources: int | None = None
    codings: int | None = None
    file_state: tuple[int, int, int] | None = None  # the project's (size, mtime_ns, counter)
    lineage: str | None = None  # the file lineage it was made from (None: made before lineages)

    @property
    def local_time(self) -> datetime:
        return self.created.astimezone()


def backups_root() -> Path:
    from ..data_folder import data_dir

    return data_dir() / "backups"


def is_backup_copy(path: str | os.PathLike) -> bool:
    """Whether ``path`` lies in the backups folder (a copy to look at, not to work in)."""
    try:
        return Path(path).resolve().is_relative_to(backups_root().resolve())
    except OSError:
        return False


def keep_rule(times: Sequence[datetime], now: datetime) -> set[int]:
    """Which backups to keep (indexes into ``times``): every backup of the last 24 hours (up to
    24), then the newest of each day for 14 days, then the newest of each ISO week for 8 weeks,
    and always the newest 3. Days and weeks are those of the datetimes given (pass local time)."""
    order = sorted(range(len(times)), key=lambda i: times[i], reverse=True)
    keep = set(order[:3])
    recent = [i for i in order if now - times[i] <= timedelta(hours=24)]
    keep.update(recent[:24])
    days: set = set()
    weeks: set = set()
    for i in order:
        age = now - times[i]
        day, week = times[i].date(), times[i].isocalendar()[:2]
        if age <= timedelta(days=14) and day not in days:
            days.add(day)
            keep.add(i)
        if age <= timedelta(weeks=8) and week not in weeks:
            weeks.add(week)
            keep.add(i)
    return keep


class PendingBackup:
    """A backup decided and named in the caller's thread; ``run`` only copies pages, so it may
    run on a worker thread while the window keeps using the project."""

    def __init__(self, project: "Project", target: Path, info: BackupInfo, lineage: Lineage):
        self._db = project._db
        self.target = target
        self._info = info
        self._lineage = lineage

    def prune(self, now: datetime | None = None) -> list[BackupInfo]:
        """The keep rule on this file's own backups (files only: safe on a worker thread)."""
        return prune_folder(self.target.parent, now,
                            own=lambda b: backup_lineage.is_own(b, self._lineage))

    def run(self, should_stop: Callable[[], bool] | None = None) -> BackupInfo:
        try:
            store_backup.copy_consistent(self._db, self.target, should_stop=should_stop)
            # Read-only on disk: a backup opened to look at cannot be edited by mistake.
            os.chmod(self.target, 0o444)
            info = _with_size(self._info, self.target.stat().st_size)
            _write_sidecar(info)
        except store_backup.BackupStopped:
            raise
        except store_backup.COPY_ERRORS as exc:
            try:
                if self.target.exists():
                    os.chmod(self.target, 0o644)
                self.target.unlink(missing_ok=True)
            except OSError:
                pass
            raise _failure(self.target.parent, exc) from None
        return info


class Backups:
    def __init__(self, project: "Project"):
        self._project = project
        self._lineage: Lineage | None = None

    @property
    def folder(self) -> Path:
        try:
            return backups_root() / self._project.info().guid
        except Exception:  # a damaged file without its details row: still back it up (doctor)
            stem = "".join(c if c.isalnum() else "-" for c in self._project.path.stem)
            return backups_root() / f"unidentified-{stem}"

    @property
    def lineage(self) -> Lineage:
        """This file's line of copies (decided once per opening; see backup_lineage.py)."""
        if self._lineage is None:
            folder = self.folder
            try:
                self._lineage = backup_lineage.resolve(self._project, folder,
                                                       list_folder(folder))
            except Exception:  # a damaged file: its backups are still made (the Doctor's)
                key = backup_lineage.path_key(self._project.path)
                self._lineage = Lineage(backup_lineage.derived("unidentified", key), {key},
                                        None, None, key)
        return self._lineage

    def note_opened(self) -> None:
        """On opening for writing (Project.open): a copy opened beside its original gets its
        own line now, before either is edited further. A file with no line of its own yet (never
        backed up) cannot be a copy of one, so it is not looked into (which every command that
        opens it for writing would pay for)."""
        if store_backup.read_lineage(self._project._db) is None:
            return
        if self.lineage.renewed_from is not None:
            backup_lineage.keep(self._project, self.folder, self.lineage)

    def is_own(self, info: BackupInfo) -> bool:
        """Whether ``info`` was made from this file (not from another copy of the project)."""
        return backup_lineage.is_own(info, self.lineage)

    # ----- making --------------------------------------------------------------------------
    def prepare(self, reason: str = "manual", now: datetime | None = None) -> PendingBackup:
        """Check the folder and the free space, name the file, note the counts (this thread)."""
        project = self._project
        if is_backup_copy(project.path):  # it would be filed beside itself as a new backup
            raise BackupError(tr(
                "{name} is itself a backup, kept in the backups folder; back up the project "
                "file it was made from instead.", name=project.path.name))
        folder = self.folder
        size = project.file_size()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            free = shutil.disk_usage(folder).free
        except OSError as exc:
            raise _failure(folder, exc) from None
        if not os.access(folder, os.W_OK):
            raise _failure(folder, PermissionError(13, "Permission denied"))
        sweep_folder(folder)  # what a killed backup or restore left behind
        if free < size + 1_000_000:
            raise BackupError(tr(
                "There is not enough free disk space for a backup in {folder} ({size} needed); "
                "free some space and try again. The project was not changed.",
                folder=folder, size=_mb(size)))
        # Microseconds kept (the sidecar has them): two backups in one second still list in order.
        created = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
        slug = re.sub(r"[^\w-]+", "-", reason.strip().lower()).strip("-")[:40] or "manual"
        target = folder / f"{created.strftime(_STAMP)}-{slug}{SUFFIX}"
        n = 1
        while target.exists() or target.with_name(target.name + ".part").exists():
            n += 1  # (a .part: another process is making a backup of that name right now)
            target = folder / f"{created.strftime(_STAMP)}-{slug}-{n}{SUFFIX}"
        counts = project.counts()
        lineage = self.lineage
        backup_lineage.keep(project, folder, lineage)  # in the file (and the copy) from now on
        info = BackupInfo(target, created, reason.strip() or "manual", 0,
                          str(project.path.resolve()), project.path.name,
                          counts.get("sources"), counts.get("codings"),
                          store_backup.file_state(project.path), lineage.id)
        return PendingBackup(project, target, info, lineage)

    def create(self, reason: str = "manual") -> BackupInfo:
        """Back up the project now; raises BackupError (one sentence) and leaves the project
        untouched when the copy cannot be made."""
        return self.prepare(reason).run()

    def needs_backup(self, now: datetime | None = None,
                     min_interval: timedelta = timedelta(hours=1)) -> bool:
        """True when this file has no backup yet, or it changed since its newest one and that
        one is older than ``min_interval``."""
        newest = next(iter(self.list()), None)
        if newest is None:
            return True
        now = now or datetime.now(timezone.utc)
        changed = newest.file_state != store_backup.file_state(self._project.path)
        return changed and now - newest.created >= min_interval

    def prepare_auto(self, now: datetime | None = None,
                     min_interval: timedelta = timedelta(hours=1),
                     reason: str = "auto") -> PendingBackup | None:
        if not self.needs_backup(now, min_interval):
            return None
        return self.prepare(reason, now)

    def auto(self, now: datetime | None = None,
             min_interval: timedelta = timedelta(hours=1)) -> BackupInfo | None:
        """The automatic backup: made only when needed (see ``needs_backup``)."""
        pending = self.prepare_auto(now, min_interval)
        return None if pending is None else pending.run()

    # ----- the list and the keep rule ------------------------------------------------------
    def list(self) -> list[BackupInfo]:
        """This file's own backups, newest first."""
        return [b for b in self.list_all() if self.is_own(b)]

    def list_all(self) -> list[BackupInfo]:
        """The backups of every copy of this project on this machine, newest first; ``is_own``
        tells this file's from the others' (``original_name`` says which file each came from)."""
        return list_folder(self.folder)

    def prune(self, now: datetime | None = None) -> list[BackupInfo]:
        """Delete this file's backups the keep rule no longer keeps (never another copy's);
        returns what was deleted."""
        return prune_folder(self.folder, now, own=self.is_own)

    # ----- restoring -----------------------------------------------------------------------
    def restore(self, backup: BackupInfo | str | os.PathLike, *,
                other_copy: bool = False) -> BackupInfo:
        """Put the project back to the backup's state. The backup is first copied aside and
        checked as a file from someone else is on opening (no foreign database code, SQLite's
        quick_check, our format); then the current state is backed up ("before-restore"), so a
        restore can be undone by restoring that one. The undo history becomes the backup's (it
        is inside the file); the file keeps its own lineage. A backup made from another copy of
        the project is refused unless ``other_copy``. Returns the before-restore backup."""
        project = self._project
        path = backup.path if isinstance(backup, BackupInfo) else Path(backup)
        if project.read_only:
            raise ReadOnlyError(tr(
                "{name} is open read-only, so a backup cannot be restored into it; open it "
                "normally first.", name=project.path.name))
        if backup_lineage.same_file(path, project.path):
            raise BackupError(tr(
                "{backup} is the project file itself, so there is nothing to restore from; "
                "choose one of its backups (“workbench backups” lists them).",
                backup=path.name))
        found = store_backup.inspect(path)
        if found["guid"] != project.info().guid:
            raise BackupError(tr(
                "{backup} is a backup of another project, not of {name}; choose one of this "
                "project's backups.", backup=path.name, name=project.path.name))
        info = backup if isinstance(backup, BackupInfo) else _described(path, found)
        if not other_copy and not self.is_own(info):
            if info.original_name:
                raise OtherCopyError(tr(
                    "{backup} was made from {file}, another copy of this project, not from "
                    "{name}; restoring it would replace {name}'s work with that copy's, so it "
                    "needs your explicit choice.", backup=path.name, name=project.path.name,
                    file=info.original_name))
            raise OtherCopyError(tr(
                "{backup} is another copy of this project, not one of {name}'s backups; "
                "restoring it would replace {name}'s work with that copy's, so it needs your "
                "explicit choice.", backup=path.name, name=project.path.name))
        folder = self.folder
        lineage = self.lineage.id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            sweep_folder(folder)
            with store_backup.CheckedCopy(path, folder, lineage) as ready:
                before = self.create("before-restore")
                ready.put_into(project._db)
        except store_backup.COPY_ERRORS as exc:
            raise BackupError(tr(
                "The backup {backup} could not be restored ({error}); the project is as it was.",
                backup=path.name, error=getattr(exc, "strerror", None) or exc)) from None
        _forget_cached(project)
        project._notify(Change("Restore from backup", store_backup.table_names(project._db)))
        return before


class OtherCopyError(BackupError):
    """The backup chosen was made from another copy of the project (see backup_lineage.py)."""


def _described(path: Path, found: dict) -> BackupInfo:
    """A file named by its path: its sidecar when it is one of our backups, else what it says."""
    info = read_info(path)
    if info is not None and (info.lineage or info.original_path):
        return info
    stat_size = path.stat().st_size
    return BackupInfo(path, datetime.now(timezone.utc), "", stat_size,
                      lineage=found.get("lineage"))


def sweep_folder(folder: Path) -> list[Path]:
    """Remove what killed backups and restores left in a backups folder: ``*.part`` copies,
    sidecars and restore scratch files, upgrade copies (``*.partial``) and their journals —
    only those no running process holds."""
    if not folder.is_dir():
        return []
    found = [p for pattern in ("*.part", "*.partial", "*.part-journal", "*.partial-journal")
             for p in folder.glob(pattern)]
    return sweep(found)


def list_folder(folder: Path) -> list[BackupInfo]:
    """The backups in one project's folder, newest first (reads no project: thread-safe)."""
    if not folder.is_dir():
        return []
    found = [info for path in folder.glob(f"*{SUFFIX}") if (info := read_info(path))]
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def prune_folder(folder: Path, now: datetime | None = None, *,
                 own: Callable[[BackupInfo], bool]) -> list[BackupInfo]:
    """Apply :func:`keep_rule` to the backups of one file (``own``) in a project's folder;
    returns the backups deleted. Other copies' backups are neither counted nor deleted."""
    backups = [b for b in list_folder(folder) if own(b)]
    now = (now or datetime.now(timezone.utc)).astimezone()
    keep = keep_rule([b.local_time for b in backups], now)
    removed = []
    for index, info in enumerate(backups):
        if index in keep:
            continue
        try:
            if info.path.exists():
                os.chmod(info.path, 0o644)  # Windows refuses to delete a read-only file
            info.path.unlink(missing_ok=True)
            info.path.with_suffix(".json").unlink(missing_ok=True)
            removed.append(info)
        except OSError:
            pass  # tried again at the next prune
    return removed


def read_info(path: Path) -> BackupInfo | None:
    """A backup's details from its sidecar, or from its name when the sidecar is missing."""
    sidecar = path.with_suffix(".json")
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        state = data.get("file_state")
        return BackupInfo(path, datetime.fromisoformat(data["created"]), data.get("reason", ""),
                          path.stat().st_size, data.get("original_path", ""),
                          data.get("original_name", ""), data.get("sources"),
                          data.get("codings"), tuple(state) if state else None,
                          data.get("lineage") if isinstance(data.get("lineage"), str) else None)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        created = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=timezone.utc)
        return BackupInfo(path, created, match.group(2), path.stat().st_size)
    except (OSError, ValueError):
        return None


def _write_sidecar(info: BackupInfo) -> None:
    data = {"created": info.created.isoformat(), "reason": info.reason, "size": info.size,
            "original_path": info.original_path, "original_name": info.original_name,
            "sources": info.sources, "codings": info.codings,
            "file_state": list(info.file_state) if info.file_state else None,
            "lineage": info.lineage}
    sidecar = info.path.with_suffix(".json")
    part = sidecar.with_name(sidecar.name + ".part")
    with claimed(part):  # a sweep by another process leaves it alone while it is written
        part.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(part, sidecar)


def _with_size(info: BackupInfo, size: int) -> BackupInfo:
    from dataclasses import replace

    return replace(info, size=size)


def _forget_cached(project: "Project") -> None:
    for part in vars(project).values():
        if isinstance(part, Part):
            part._forget_cached()


def _failure(folder: Path, exc: BaseException) -> BackupError:
    if is_disk_full(exc) or "full" in str(exc).lower():
        return BackupError(tr(
            "The disk holding the backups folder {folder} is full, so no backup was made; free "
            "some space and try again. The project was not changed.", folder=folder))
    reason = getattr(exc, "strerror", None) or str(exc)
    return BackupError(tr(
        "No backup could be made in {folder} ({reason}); check that the folder can be written. "
        "The project was not changed.", folder=folder, reason=reason))


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
