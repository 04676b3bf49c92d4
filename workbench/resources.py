"""The one place that knows where the files under ``resources/`` are.

Run from a source checkout, resources sit beside the package; in an installed app they may be
shipped as ``workbench/_resources``; in the one-folder app PyInstaller builds
(packaging/case-workbench.spec) they are ``resources/`` in the bundle's folder (``sys._MEIPASS``),
with the demo project's files in ``resources/demo``. Everything that reads a framework template,
stopword list, translation, icon or font asks here, so moving them means one change.
"""
from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


def bundle_dir() -> Path | None:
    """The folder of a PyInstaller app's files, or None when running from Python sources."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else None


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [here / "_resources", here.parent / "resources"]
    bundle = bundle_dir()
    if bundle is not None:
        candidates.insert(0, bundle / "resources")
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
    """The source checkout's top folder (holds ``projects/``); in a bundled app, the bundle's
    folder, which has no ``projects/`` (the demo is in ``resources/demo`` there)."""
    bundle = bundle_dir()
    if bundle is not None:
        return bundle
    return Path(__file__).resolve().parent.parent
