"""Which side panels each central view shows, so the path diagram and the analysis get the room.

The document, the diagram and the analysis share the middle of the window. Reading wants the
sources, the framework and the coded segments beside the text; the path diagram shows
its own evidence and loops beside it and wants the rest; an analysis table wants the whole width. So each view
keeps its own set of open side panels (as IDEs keep "perspectives"): switching views closes the
panels the new view does not use and reopens those it does, and a panel the researcher opens or
closes while in a view is remembered for that view, also across restarts.

"Focus" (View ▸ Focus on the view, Ctrl+Shift+F) hides every side panel of the current view; the
same action brings them back.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QTabWidget

    from .settings import Settings

# What a new user sees in each view. "viewer" = the document.
DEFAULT_DOCKS: dict[str, tuple[str, ...]] = {
    "viewer": ("sources", "framework", "segments", "details", "cases", "memos", "interactions",
               "outline"),
    "diagram": (),  # the diagram has its own evidence and loops beside it
    "analysis": (),
}
SETTINGS_KEY = "window/view_docks"


class ViewLayouts(QObject):
    """Keeps the open side panels of each central view (see the module's docstring)."""

    def __init__(self, tabs: "QTabWidget", views: dict[str, object],
                 docks: dict[str, "QDockWidget"], settings: "Settings | None" = None):
        super().__init__(tabs)
        self._tabs = tabs
        self._views = views          # view name -> the central widget shown for it
        self._docks = docks
        self._settings = settings
        self._open: dict[str, set[str]] = {v: set(d) for v, d in DEFAULT_DOCKS.items()}
        self._focused: dict[str, set[str]] = {}  # view -> panels to bring back after focus
        self._applying = False
        self._current = self.current_view()
        self._load()
        tabs.currentChanged.connect(self._view_changed)
        for name, dock in docks.items():
            dock.toggleViewAction().toggled.connect(
                lambda shown, name=name: self._dock_toggled(name, shown))

    # ----- reading the state ---------------------------------------------------------------
    def current_view(self) -> str:
        widget = self._tabs.currentWidget()
        return next((name for name, w in self._views.items() if w is widget), "viewer")

    def open_docks(self, view: str) -> set[str]:
        return set(self._open.get(view, ()))

    def is_focused(self) -> bool:
        return self._current in self._focused

    # ----- changing it ---------------------------------------------------------------------
    def apply(self, view: str | None = None) -> None:
        """Show exactly the panels of ``view`` (default: the current one)."""
        view = view or self.current_view()
        wanted = set() if view in self._focused else self._open.get(view, set())
        self._applying = True
        try:
            for name, dock in self._docks.items():
                if dock.isFloating():
                    continue  # a floating panel was put somewhere on purpose: leave it
                dock.setVisible(name in wanted)
        finally:
            self._applying = False

    def toggle_focus(self) -> bool:
        """Hide every side panel of the current view, or bring them back; True when focused."""
        view = self._current
        if view in self._focused:
            del self._focused[view]
        else:
            self._focused[view] = set(self._open.get(view, ()))
        self.apply(view)
        return view in self._focused

    def reset(self) -> None:
        """Back to what a new user sees (View ▸ Reset Layout)."""
        self._open = {v: set(d) for v, d in DEFAULT_DOCKS.items()}
        self._focused.clear()
        self._save()
        self.apply()

    def _view_changed(self, _index: int) -> None:
        self._current = self.current_view()
        self.apply(self._current)

    def _dock_toggled(self, name: str, shown: bool) -> None:
        if self._applying or self._current in self._focused:
            return  # our own switching, or the temporary focus: not the researcher's choice
        panels = self._open.setdefault(self._current, set())
        if shown:
            panels.add(name)
        else:
            panels.discard(name)
        self._save()

    # ----- remembering it ------------------------------------------------------------------
    def _load(self) -> None:
        if self._settings is None:
            return
        try:
            stored = json.loads(str(self._settings.get_value(SETTINGS_KEY, "{}")))
        except ValueError:
            return
        if not isinstance(stored, dict):
            return
        for view, names in stored.items():
            if view in DEFAULT_DOCKS and isinstance(names, list):
                self._open[view] = {n for n in names if n in self._docks}

    def _save(self) -> None:
        if self._settings is not None:
            self._settings.set_value(SETTINGS_KEY, json.dumps(
                {view: sorted(names) for view, names in self._open.items()}))
