"""The project API (no Qt): open or create a project file, change it, ask it, undo.

Everything the window, the command line and a researcher's script do goes through ``Project``.
"""
from .errors import (InvalidInputError, NewerSchemaError, NotFoundError, NothingToUndoError,
                     ProjectFileError, ProjectLockedError, ReadOnlyError, WorkbenchError)
from .model import (Case, CaseAttribute, Change, Coder, Coding, Element, ImportReport,
                    Interaction, InteractionType, Memo, Period, ProjectInfo, Rect, Source,
                    SourceType, TextBlock)
from .project import PROJECT_SUFFIX, Project

__all__ = [
    "Case", "CaseAttribute", "Change", "Coder", "Coding", "Element", "ImportReport",
    "Interaction", "InteractionType", "InvalidInputError", "Memo", "NewerSchemaError",
    "NotFoundError", "NothingToUndoError", "PROJECT_SUFFIX", "Period", "Project",
    "ProjectFileError", "ProjectInfo", "ProjectLockedError", "ReadOnlyError", "Rect", "Source",
    "SourceType", "TextBlock", "WorkbenchError",
]
