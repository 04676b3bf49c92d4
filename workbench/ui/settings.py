"""The window's preferences between runs: recent projects, layout, language, coder name.

A thin wrapper over QSettings (organisation "case-workbench", application "workbench"). Tests and
screenshots must never touch the real user's preferences: when the environment variable
``CASE_WORKBENCH_SETTINGS_DIR`` is set, an INI file in that folder is used instead, and a
``Settings(writable=False)`` reads but never writes (used by ``--screenshot``).

Lists are stored as JSON text: QSettings' INI format gives a one-item list back as a plain string.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "case-workbench"
APPLICATION = "workbench"
SETTINGS_DIR_VARIABLE = "CASE_WORKBENCH_SETTINGS_DIR"
MAX_RECENT = 10


class Settings:
    def __init__(self, *, writable: bool = True, scope: str = APPLICATION):
        folder = os.environ.get(SETTINGS_DIR_VARIABLE)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self._qsettings = QSettings(str(Path(folder) / f"{scope}.ini"),
                                        QSettings.Format.IniFormat)
        else:
            self._qsettings = QSettings(ORGANISATION, scope)
        self.writable = writable

    # ----- plumbing ------------------------------------------------------------------------
    def _get(self, key: str, default=None):
        value = self._qsettings.value(key, default)
        return default if value is None else value

    def _set(self, key: str, value) -> None:
        if self.writable:
            self._qsettings.setValue(key, value)

    def _remove(self, key: str) -> None:
        if self.writable:
            self._qsettings.remove(key)

    def get_value(self, key: str, default=None):
        """A plain preference of a part that keeps its own format (e.g. JSON text)."""
        return self._get(key, default)

    def set_value(self, key: str, value) -> None:
        self._set(key, value)

    def sync(self) -> None:
        if self.writable:
            self._qsettings.sync()

    @property
    def file_name(self) -> str:
        return self._qsettings.fileName()

    # ----- projects ------------------------------------------------------------------------
    def recent_projects(self) -> list[Path]:
        """Most recent first; only files that still exist."""
        try:
            stored = json.loads(str(self._get("projects/recent", "[]")))
        except ValueError:
            stored = []
        out: list[Path] = []
        for item in stored if isinstance(stored, list) else []:
            if isinstance(item, str) and item and Path(item).is_file() and Path(item) not in out:
                out.append(Path(item))
        return out[:MAX_RECENT]

    def add_recent_project(self, path: str | os.PathLike) -> None:
        path = Path(path).resolve()
        recent = [p for p in self.recent_projects() if p.resolve() != path]
        recent.insert(0, path)
        self._set("projects/recent", json.dumps([str(p) for p in recent[:MAX_RECENT]]))

    def clear_recent_projects(self) -> None:
        self._set("projects/recent", "[]")

    def last_project(self) -> Path | None:
        """The project open when the window last closed, if that file still exists."""
        value = str(self._get("projects/last", "") or "")
        return Path(value) if value and Path(value).is_file() else None

    def set_last_project(self, path: str | os.PathLike | None) -> None:
        self._set("projects/last", str(Path(path).resolve()) if path else "")

    # ----- window --------------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self._get("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        value = self._get("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_layout(self, geometry: QByteArray, state: QByteArray) -> None:
        self._set("window/geometry", geometry)
        self._set("window/state", state)

    # ----- preferences ---------------------------------------------------------------------
    def language(self) -> str | None:
        value = str(self._get("preferences/language", "") or "")
        return value or None

    def set_language(self, language: str) -> None:
        self._set("preferences/language", language)

    def coder_name(self) -> str | None:
        value = str(self._get("preferences/coder", "") or "").strip()
        return value or None

    def set_coder_name(self, name: str) -> None:
        self._set("preferences/coder", name.strip())
