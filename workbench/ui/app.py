"""Starting the window: QApplication, fonts, language, logging, the first project, screenshots.

    main()                                  # the last project, else the demo
    main("study.cwb")                       # that project
    main("study.cwb", screenshot="x.png", view="framework")   # render, save, exit 0

The command line (``workbench gui``) calls ``main``; so do the README's screenshot scripts, which
is why a screenshot is made by the real window on a real project, at a fixed size, and never
changes the user's preferences.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QThread, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import __version__
from ..i18n import current_language, tr
from ..core.errors import WorkbenchError
from .fonts import setup_fonts
from .settings import Settings
from .translations import apply_language, preferred_language

log = logging.getLogger("workbench.ui")

APP_NAME = "Case Workbench"
SCREENSHOT_SIZE = (1400, 900)
_LOG_HANDLER_NAME = "workbench-file-log"


# ----------------------------------------------------------------------------------- logging

def log_file_path() -> Path:
    """The log file: in CASE_WORKBENCH_DATA_DIR/logs when set (tests), else the OS's log folder."""
    override = os.environ.get("CASE_WORKBENCH_DATA_DIR")
    if override:
        folder = Path(override) / "logs"
    else:
        import platformdirs
        folder = platformdirs.user_log_path("case-workbench", appauthor=False)
    return folder / "workbench.log"


def setup_logging() -> Path | None:
    """Log the workbench's messages to a rotating file; returns its path (None if impossible)."""
    path = log_file_path()
    logger = logging.getLogger("workbench")
    logger.setLevel(logging.INFO)
    for handler in list(logger.handlers):
        if handler.get_name() == _LOG_HANDLER_NAME:
            if Path(getattr(handler, "baseFilename", "")) == path.resolve():
                return path
            logger.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                       encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.set_name(_LOG_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    return path


def make_excepthook(log_path: Path | None, interactive: bool):
    """A sys.excepthook that logs the traceback and shows a readable message instead."""
    showing = False

    def hook(exc_type, exc, tb) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        app = QApplication.instance()
        if (not interactive or showing or app is None
                or QThread.currentThread() is not app.thread()):
            sys.stderr.write("".join(traceback.format_exception_only(exc_type, exc)))
            return
        showing = True
        try:
            where = str(log_path) if log_path else tr("the log")
            if issubclass(exc_type, WorkbenchError):  # our own sentence (a full disk …) says it
                message = str(exc)
            else:
                message = tr("Something unexpected went wrong ({error}). Every change you made "
                             "before was saved, so nothing is lost; you can carry on working. "
                             "The details were written to {path}.",
                             error=exc_type.__name__, path=where)
            QMessageBox.critical(QApplication.activeWindow(), tr("Case Workbench"), message)
        except Exception:  # never let the error report itself become a new error loop
            pass
        finally:
            showing = False

    return hook


# ----------------------------------------------------------------------------------- start

def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])  # our own options were parsed by the command line
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("case-workbench")  # Wayland/X11 match the window to its menu entry
    icon = _window_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app  # type: ignore[return-value]


def _window_icon() -> QIcon | None:
    """The app icon drawn by packaging/icons/draw_icon.py (None if the file is missing)."""
    from ..resources import resource_path

    try:
        path = resource_path("icons", "case-workbench.png")
    except FileNotFoundError:
        return None
    return QIcon(str(path)) if path.is_file() else None


class FileOpenListener(QObject):
    """macOS hands a double-clicked .cwb to the running app as a QFileOpenEvent, not in argv.

    Until the window has opened its first project the path is kept (``take``) and opened instead
    of the last project or the demo; afterwards each event opens its project in the window, once
    a running job (such as building the demo at first launch) has finished."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.window = None
        self.pending: str | None = None

    def take(self) -> str | None:
        path, self.pending = self.pending, None
        return path

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.FileOpen:
            return False
        if event.file():
            self.pending = event.file()
            if self.window is not None:
                self.open_pending()
        return True

    def open_pending(self) -> None:
        """Open the kept path, once a running job (e.g. building the demo) has finished."""
        if self.window is None or self.pending is None:
            return
        if self.window.job is not None:
            QTimer.singleShot(250, self.open_pending)
            return
        self.window.open_project(self.take())


def main(project: str | None = None, screenshot: str | None = None, view: str | None = None,
         language: str | None = None) -> int:
    """Run the window (or render one screenshot); returns the process exit code."""
    log_path = setup_logging()
    app = _application()
    setup_fonts(app)
    settings = Settings(writable=screenshot is None)
    apply_language(app, language or preferred_language(settings.language()))
    previous_hook = sys.excepthook
    sys.excepthook = make_excepthook(log_path, interactive=screenshot is None)
    try:
        from .main_window import MainWindow  # after the language is set: parts read tr() early
        if screenshot:
            return _screenshot(app, MainWindow(settings, screenshot_mode=True), project,
                               Path(screenshot), view)
        window = MainWindow(settings)
        restored = window.restore_layout()
        window.show()
        if not restored:
            window.size_docks()
        listener = FileOpenListener(app)
        if sys.platform == "darwin":  # elsewhere the file manager passes the path in argv
            app.installEventFilter(listener)

        def start() -> None:
            open_initial_project(window, project or listener.take())
            listener.window = window

        QTimer.singleShot(0, start)
        try:
            return app.exec()
        finally:
            app.removeEventFilter(listener)
    finally:
        sys.excepthook = previous_hook


def open_initial_project(window, project: str | os.PathLike | None, *,
                         background: bool = True) -> bool:
    """Open ``project``, else the last one if it still exists, else the demo (building it when
    needed: on a worker thread with a progress dialog when ``background``)."""
    on_locked = "read_only" if window.screenshot_mode else "ask"
    if project:
        return window.open_project(project, on_locked=on_locked)
    last = window.settings.last_project()
    if last is not None:
        return window.open_project(last, on_locked=on_locked)
    from .. import demo
    language = "zh" if current_language().startswith("zh") else "en"
    if background and not demo.demo_path().is_file():
        def done(result) -> None:
            if isinstance(result, Path):
                window.open_project(result, on_locked=on_locked)
            else:
                _demo_failed(window, result)

        window._start_job(tr("Preparing the demo project…"),
                          lambda progress: _build_demo(language), done, cancellable=False)
        return True
    result = _build_demo(language)
    if isinstance(result, Path):
        return window.open_project(result, on_locked=on_locked)
    _demo_failed(window, result)
    return False


def _build_demo(language: str) -> Path | BaseException:
    try:
        from .. import demo
        return demo.ensure_demo(language=language)
    except Exception as exc:  # reported in the status bar; the window opens empty
        log.exception("the demo project could not be prepared")
        return exc


def _demo_failed(window, error: BaseException) -> None:
    window.statusBar().showMessage(tr(
        "The demo project could not be prepared ({reason}). Start with File ▸ New project… "
        "or File ▸ Open….", reason=str(error) or type(error).__name__))


# ----------------------------------------------------------------------------------- screenshot

def settle(milliseconds: int = 300) -> None:
    """Let the window lay out and paint: process events, wait a little, process again."""
    app = QApplication.instance()
    app.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    app.processEvents()


def _screenshot(app: QApplication, window, project: str | None, out: Path,
                view: str | None) -> int:
    try:
        # Laid out and painted like a shown window, but never put on the user's screen.
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        window.size_docks()
        settle(50)
        open_initial_project(window, project, background=False)
        window.show_view(view)
        settle(400)
        image = window.grab()
        out = out.expanduser()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out)):
            sys.stderr.write(f"The screenshot could not be written to {out}.\n")
            return 1
        return 0
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
