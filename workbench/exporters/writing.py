"""Writing an exported file so the target is either the old file or the complete new one.

``atomic_target`` hands the writer a temporary file beside the target, ``.<stem>.incomplete-
<8 hex><suffix>``, held locked while it is written (core/leftovers.py) and renamed onto the target
when complete. A failure says one sentence naming the researcher's file (never the temporary's),
and leaves nothing behind — also not the "Exception ignored …" that zipfile and openpyxl print
when the objects of a failed write are collected later. A temporary file left by a killed
export is deleted at the next export to the same name. An existing project file is never
written over.
"""
from __future__ import annotations

import gc
import logging
import os
import re
import sys
import traceback
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import InvalidInputError, WorkbenchError, disk_full, is_disk_full
from ..core.leftovers import claimed, sweep
from ..core.store.schema import APPLICATION_ID
from ..i18n import tr

log = logging.getLogger("workbench.exporters")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def is_project_file(path: Path) -> bool:
    """Whether ``path`` is a Case Workbench project (read from its header: nothing is run)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(72)
    except OSError:
        return False
    return head[:16] == _SQLITE_MAGIC and int.from_bytes(head[68:72], "big") == APPLICATION_ID


def refuse_project_file(target: Path) -> None:
    if target.is_file() and is_project_file(target):
        raise InvalidInputError(tr(
            "{name} is a Case Workbench project file, so nothing was written over it; choose "
            "another name for the exported file.", name=target.name))


def temporary_names(target: Path) -> re.Pattern:
    return re.compile(rf"^\.{re.escape(target.stem)}\.incomplete-[0-9a-f]{{8}}"
                      rf"{re.escape(target.suffix)}$")


def sweep_abandoned(target: Path) -> list[Path]:
    """Delete temporary files killed exports to ``target`` left (none a running one holds)."""
    ours = temporary_names(target)
    try:
        found = [p for p in target.parent.iterdir() if ours.match(p.name)]
    except OSError:
        return []
    return sweep(found)


@contextmanager
def atomic_target(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``path``, moved onto it when the block ends without an error and
    removed when it fails: the target is either the old file or the complete new one."""
    target = Path(path)
    if not target.parent.is_dir():
        raise InvalidInputError(tr("The folder {folder} does not exist.", folder=target.parent))
    refuse_project_file(target)
    sweep_abandoned(target)
    temporary = target.with_name(f".{target.stem}.incomplete-{uuid.uuid4().hex[:8]}"
                                 f"{target.suffix}")
    try:
        with claimed(temporary):
            try:
                yield temporary
                os.chmod(temporary, _file_mode(target))
                os.replace(temporary, target)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
    except BaseException as exc:
        _collect_quietly(exc)
        if isinstance(exc, WorkbenchError):
            raise
        if is_disk_full(exc):  # the same sentence in the window and on the command line
            raise disk_full(target.name, project=False) from None
        if isinstance(exc, OSError):
            raise InvalidInputError(tr(
                "{name} could not be written ({reason}); nothing else was changed. Check that "
                "the folder can be written, and try again.", name=target.name,
                reason=exc.strerror or exc)) from None
        raise


def _collect_quietly(exc: BaseException) -> None:
    """Close what the failed writer left open (a zip file, an XML stream) now, while their
    complaints about the failed file are silenced: collected later, each would print
    "Exception ignored …" with a traceback to stderr."""
    hook = sys.unraisablehook

    def quiet(unraisable) -> None:
        log.debug("after a failed export: %s", unraisable.exc_value)

    sys.unraisablehook = quiet
    try:
        seen: BaseException | None = exc
        for _depth in range(5):  # the error, and what it was raised from or during
            if seen is None:
                break
            traceback.clear_frames(seen.__traceback__)
            seen = seen.__cause__ or seen.__context__
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _file_mode(target: Path) -> int:
    """The old file's permissions, else what a new file gets (a temporary file is 0644)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
