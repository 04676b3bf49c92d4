"""Case Workbench: code case-study material to a framework and report it."""
from __future__ import annotations

import sys


def _version() -> str:
    """The installed package's version, from its metadata: first the ``Version:`` line of the
    ``METADATA`` file found on the path (a few file reads), else importlib.metadata, whose import
    alone costs a noticeable share of a command's start-up."""
    import os

    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith("case_workbench-") and name.endswith(".dist-info"):
                try:
                    with open(os.path.join(folder or ".", name, "METADATA"),
                              encoding="utf-8") as handle:
                        for line in handle:
                            if line.startswith("Version:"):
                                return line.split(":", 1)[1].strip()
                            if not line.strip():
                                break
                except OSError:
                    pass
    from importlib import metadata

    try:
        return metadata.version("case-workbench")
    except metadata.PackageNotFoundError:  # running from a source tree that was not installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    # Read on first use: most commands never ask for the version.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    version = _version()
    globals()["__version__"] = version
    return version
