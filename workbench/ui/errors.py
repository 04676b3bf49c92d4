"""Turning failures into a readable message box: the window never shows a traceback."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QMessageBox, QWidget

from ..core import WorkbenchError
from ..core.errors import disk_full, is_disk_full
from ..i18n import tr

log = logging.getLogger("workbench.ui")


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or tr("Case Workbench"), message)


@contextmanager
def reported(parent: QWidget | None) -> Iterator[None]:
    """Run a user action; a WorkbenchError becomes its one sentence in a message box, anything
    unexpected is logged and shown as a short apology (the change was rolled back by the core)."""
    try:
        yield
    except WorkbenchError as exc:
        show_error(parent, str(exc))
    except Exception as exc:  # a bug: keep the window alive, say so plainly, log the detail
        if is_disk_full(exc):  # an export ran out of room: written under a temporary name
            # first, so the target is untouched and the project was not changed
            name = _shown_name(getattr(exc, "filename", None))
            show_error(parent, str(disk_full(name, project=False)))
            return
        log.exception("unexpected error in a user action")
        show_error(parent, tr("Something went wrong and the action was not carried out; "
                              "nothing you did before was lost."))


def _shown_name(filename: object) -> str | None:
    # a temporary ".name-x1y2.docx" is not what the user chose: name no file rather than that
    if not filename:
        return None
    name = str(filename).replace("\\", "/").rsplit("/", 1)[-1]
    return None if name.startswith(".") or name.endswith((".part", ".partial")) else name
