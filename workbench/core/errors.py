"""Errors the core raises. Each carries one plain sentence a researcher can act on."""
from __future__ import annotations


class WorkbenchError(Exception):
    """Base class: ``str(error)`` is a complete sentence for the user, never a traceback."""


class ProjectFileError(WorkbenchError):
    """The file is missing, is not a workbench project, or is damaged."""


class ProjectNotWritableError(ProjectFileError):
    """The file or its folder cannot be written; ``Project.open`` falls back to read-only."""


class ProjectLockedError(WorkbenchError):
    """Another window or process has the project open for writing."""


class NewerSchemaError(WorkbenchError):
    """The file was written by a newer version of the workbench."""


class ReadOnlyError(WorkbenchError):
    """A change was asked of a project opened read-only."""


class NotFoundError(WorkbenchError):
    """An element, source, coding … that the caller named does not exist."""


class InvalidInputError(WorkbenchError):
    """A value the caller gave cannot be used (empty name, offsets outside the text …)."""


class NothingToUndoError(WorkbenchError):
    """Undo or redo was asked for with an empty history."""


class UndoHistoryError(WorkbenchError):
    """An undo or redo step read from the file does not fit the project's tables (damaged, or
    crafted); nothing was changed and the step stays, for the Project Doctor to clear."""


class DiskFullError(ProjectFileError):
    """The disk filled up (or the file reached the largest size the disk allows) while a change
    was written. The change was rolled back; everything saved before it is intact."""


def is_disk_full(exc: BaseException) -> bool:
    """True for an error that says there is no room left to write: a full disk, a full quota,
    or a file-size limit (FAT32's 4 GB, or a process limit such as RLIMIT_FSIZE). Also when it
    was caused by one, and for lxml's ``SerialisationError("IO_ENOSPC")`` (openpyxl writes XLSX
    sheets through lxml, which reports the write's errno by name)."""
    import errno

    codes = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
    names = {f"IO_{errno.errorcode[code]}" for code in codes}
    seen: BaseException | None = exc
    for _depth in range(5):  # the error itself, then what it was raised from or during
        if seen is None:
            return False
        if isinstance(seen, OSError) and seen.errno in codes or str(seen) in names:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def disk_full(name: str | None, *, project: bool = True) -> DiskFullError:
    """The one sentence for a write that found no room. ``project``: a change to the project
    file (rolled back) rather than a file being written out (not written)."""
    from ..i18n import tr

    if name is None:
        return DiskFullError(tr("The disk is full, so the file was not written; nothing else "
                                "was changed. Free some space and try again."))
    if project:
        return DiskFullError(tr(
            "The disk holding {name} is full; the last change was not saved, everything before "
            "it is safe. Free some space and try again.", name=name))
    return DiskFullError(tr(
        "The disk is full, so {name} was not written; nothing else was changed. Free some space "
        "and try again.", name=name))


class Cancelled(WorkbenchError):
    """The researcher pressed Cancel; what was finished before is kept (the message says what)."""


class BackupError(WorkbenchError):
    """A backup could not be made or restored (folder not writable, disk full, wrong file)."""
