"""Libraries that talk on stderr, made quiet: their log records and warnings go to our log at
debug level, never to the console (issue 15: one PDF printed 54 pdfminer warnings).

pdfminer logs a warning for each odd operator or font, and Python prints a library's warnings on
stderr when the application configured no logging; rapidocr attaches its own console handler.
:func:`quiet` routes the loggers below to ``workbench.importers.libraries`` at DEBUG and records
``warnings.warn`` calls made while it is active. Call it again after importing a library that
adds its handler on import (rapidocr): it is cheap and idempotent.
"""
from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_LIBRARIES = ("pdfminer", "pypdf", "pypdfium2", "PIL", "RapidOCR", "OrtInferSession",
              "onnxruntime", "fontTools")
_log = logging.getLogger("workbench.importers.libraries")


class _ToDebug(logging.Handler):
    """Re-logs a library's record under our logger at DEBUG."""

    def emit(self, record: logging.LogRecord) -> None:
        if _log.isEnabledFor(logging.DEBUG):
            _log.debug("%s: %s", record.name, record.getMessage())


def route_library_logs() -> None:
    """Send the libraries' log records to our log at DEBUG, and nowhere else."""
    for name in _LIBRARIES:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if not isinstance(handler, _ToDebug):
                logger.removeHandler(handler)  # rapidocr's own StreamHandler on stderr
        if not any(isinstance(h, _ToDebug) for h in logger.handlers):
            logger.addHandler(_ToDebug())
        logger.propagate = False


@contextmanager
def quiet() -> Iterator[None]:
    """Within: library logs and warnings go to our debug log instead of the console."""
    route_library_logs()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for warning in caught:
        _log.debug("%s: %s", warning.category.__name__, warning.message)
