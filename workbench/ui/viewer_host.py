"""What the document views may ask of the viewer that owns them (coding_menu.ViewerHost): the
elements, whether the project can be changed, and the coding actions, which the viewer runs
(``SourceViewer._perform``) so that it can show what they did at once."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import Element
from . import coding_actions as actions
from .pdf_page_view import PdfPageView
from .text_view import TextSourceView

if TYPE_CHECKING:
    from .source_viewer import SourceViewer


class ViewerHostImpl:
    """What the views may ask of the viewer (coding_menu.ViewerHost)."""

    def __init__(self, viewer: "SourceViewer") -> None:
        self._viewer = viewer

    def elements(self) -> list[Element]:
        return self._viewer._element_list

    def writable(self) -> bool:
        project = self._viewer._project
        return project is not None and not project.read_only

    def quick_number(self, element_id: int) -> int | None:
        quick = self._viewer._quick
        return quick.index(element_id) + 1 if element_id in quick[:9] else None

    def code_selection(self, element_id: int) -> bool:
        return self._viewer.code_selection(element_id)

    def remove_coding(self, coding_id: int) -> None:
        v = self._viewer
        v._perform(lambda: actions.remove_coding(v, v._project, coding_id),
                   lambda _: ([coding_id], []))

    def change_element(self, coding_id: int, element_id: int) -> None:
        v = self._viewer
        v._perform(lambda: actions.change_element(v, v._project, coding_id, element_id))

    def edit_memo(self, coding_id: int) -> None:
        v = self._viewer
        v._perform(lambda: actions.edit_memo(v, v._project, coding_id))

    def resize_to_selection(self, coding_id: int) -> None:
        v = self._viewer
        view = v._active()
        selection = (view.selection_range() if isinstance(view, TextSourceView)
                     else view.selection_range() or view.selection_rect()
                     if isinstance(view, PdfPageView) else view.selection_rect())
        if selection is not None:
            v._perform(lambda: actions.resize_to_selection(v, v._project, coding_id, selection))

    def in_vivo(self) -> None:
        text = self._viewer.selected_text()
        if text.strip():
            self._viewer.inVivoRequested.emit(text)
