"""The coding actions of the document views, each one small function around one core call.

Every function runs inside ``reported(parent)``: a WorkbenchError (a read-only project, a range
that is not in the text, a deleted element) becomes its one sentence in a message box, never a
traceback. Each returns what changed (the new or updated Coding, True for a removal) or None when
nothing was done, so the viewer can update its highlights without asking the core again.
"""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from ..core import Coding, Project, Rect
from ..core.provenance import check_codable
from ..i18n import tr
from .errors import reported


def code_text(parent: QWidget | None, project: Project, source_id: int, start: int, end: int,
              element_id: int) -> Coding | None:
    """Code text[start:end] (code points) to an element."""
    with reported(parent):
        check_codable(project, element_id)
        return project.codings.code_text(source_id, start, end, element_id)
    return None


def code_region(parent: QWidget | None, project: Project, source_id: int, rect: Rect,
                element_id: int, page: int | None = None) -> Coding | None:
    """Code a rectangle of an image (image pixels) or of a PDF's page (points) to an element."""
    with reported(parent):
        check_codable(project, element_id)
        return project.codings.code_region(source_id, rect, element_id, page=page)
    return None


def remove_coding(parent: QWidget | None, project: Project, coding_id: int) -> bool:
    with reported(parent):
        project.codings.delete(coding_id)
        return True
    return False


def change_element(parent: QWidget | None, project: Project, coding_id: int,
                   element_id: int) -> Coding | None:
    with reported(parent):
        return project.codings.set_element(coding_id, element_id)
    return None


def edit_memo(parent: QWidget | None, project: Project, coding_id: int) -> Coding | None:
    """Ask for the coding's memo in a multi-line dialog and store it when it changed."""
    with reported(parent):
        coding = project.codings.get(coding_id)
        text, ok = QInputDialog.getMultiLineText(
            parent, tr("Coding memo"),
            tr("Memo on this coding ({element}):", element=coding.element_name), coding.memo)
        if not ok or text == coding.memo:
            return None
        return project.codings.set_memo(coding_id, text)
    return None


def resize_to_selection(parent: QWidget | None, project: Project, coding_id: int,
                        selection: tuple[int, int] | Rect) -> Coding | None:
    """Widen or shrink a coding to the current selection: a (start, end) code-point range for a
    passage, a Rect for an image region."""
    with reported(parent):
        if isinstance(selection, Rect):
            return project.codings.set_rect(coding_id, selection)
        start, end = selection
        return project.codings.set_range(coding_id, start, end)
    return None
