"""Case Workbench: code case-study material to a framework and report it."""
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("case-workbench")
except _metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
