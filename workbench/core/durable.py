"""Making a written file, and a rename, reach the disk before we report them done."""
from __future__ import annotations

import os
from pathlib import Path


def flush_file(path: Path) -> None:
    """fsync a file's content (opened for writing: Windows flushes only such a handle)."""
    handle = os.open(path, os.O_RDWR)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def flush_folder(folder: Path) -> None:
    """fsync a folder's list of names, so a rename inside it survives a power cut. Windows
    cannot open a folder to flush it (NTFS journals renames), and some filesystems refuse a
    folder fsync: both are left as they are."""
    if os.name == "nt":  # pragma: no cover
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
