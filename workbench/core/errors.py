"""Errors the core raises. Each carries one plain sentence a researcher can act on."""
from __future__ import annotations


class WorkbenchError(Exception):
    """Base class: ``str(error)`` is a complete sentence for the user, never a traceback."""


class ProjectFileError(WorkbenchError):
    """The file is missing, is not a workbench project, or is damaged."""


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
