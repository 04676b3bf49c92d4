"""Case Workbench: code case-study material to a framework and report it."""
from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is read from the package metadata on first use: importlib.metadata costs a
    # noticeable share of a command's start-up, and most commands never ask.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version("case-workbench")
    except metadata.PackageNotFoundError:  # running from a source tree that was not installed
        version = "0.0.0+source"
    globals()["__version__"] = version
    return version
