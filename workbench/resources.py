"""The one place that knows where the files under ``resources/`` are.

Run from a source checkout, resources sit beside the package; in an installed or bundled app they
are shipped as ``workbench/_resources`` (see packaging/). Everything that reads a framework
template, stopword list, translation, icon or font asks here, so moving them means one change.
"""
from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [here / "_resources", here.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller one-folder app
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "The workbench cannot find its resources folder; reinstall the application."
    )


def resource_path(*parts: str) -> Path:
    """Path of a file or folder under resources/, e.g. ``resource_path("frameworks")``."""
    return resources_dir().joinpath(*parts)


def project_root() -> Path:
    """The source checkout's top folder (holds ``projects/``); only meaningful in a checkout."""
    return Path(__file__).resolve().parent.parent
