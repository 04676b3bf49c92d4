"""The project API (no Qt): open or create a project file, change it, ask it, undo.

Everything the window, the command line and a researcher's script do goes through ``Project``.

The names below load on first use (PEP 562), so ``workbench --version`` or a command that only
needs the errors does not pay for the whole project API at start-up.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from .errors import (InvalidInputError, NewerSchemaError, NotFoundError, NothingToUndoError,
                         ProjectFileError, ProjectLockedError, ReadOnlyError, WorkbenchError)
    from .model import (Case, CaseAttribute, Change, Coder, Coding, Element, ImportReport,
                        Interaction, InteractionType, Memo, Period, ProjectInfo, Rect, Source,
                        SourceType, TextBlock)
    from .project import PROJECT_SUFFIX, Project

_WHERE = {
    **dict.fromkeys(("InvalidInputError", "NewerSchemaError", "NotFoundError",
                     "NothingToUndoError", "ProjectFileError", "ProjectLockedError",
                     "ReadOnlyError", "WorkbenchError"), "errors"),
    **dict.fromkeys(("Case", "CaseAttribute", "Change", "Coder", "Coding", "Element",
                     "ImportReport", "Interaction", "InteractionType", "Memo", "Period",
                     "ProjectInfo", "Rect", "Source", "SourceType", "TextBlock"), "model"),
    "PROJECT_SUFFIX": "project", "Project": "project",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next use is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
