"""Double-clicking a project: on Linux and Windows its path is the program's first argument; on
macOS Finder sends a QFileOpenEvent, which FileOpenListener (workbench/ui/app.py) turns into
opening the project — kept for later when it arrives before the window has opened anything.
Also: the window icon, and Help ▸ About showing the package version."""
from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtGui import QFileOpenEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.cli.main import build_window_parser, first_positional  # noqa: E402
from workbench.core import Project  # noqa: E402
from workbench.ui.app import FileOpenListener, _window_icon  # noqa: E402


@pytest.fixture
def isolated_window(qtbot, tmp_path, monkeypatch):
    """A real main window that reads and writes preferences and data only under tmp_path."""
    monkeypatch.setenv("CASE_WORKBENCH_SETTINGS_DIR", str(tmp_path / "settings"))
    monkeypatch.setenv("CASE_WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    from workbench.ui.main_window import MainWindow
    from workbench.ui.settings import Settings

    window = MainWindow(Settings())
    qtbot.addWidget(window)
    yield window
    window.set_project(None)
    window.close()


def make_project(path):
    Project.create(path, title="双击打开", language="zh").close()
    return path


def test_a_double_clicked_project_is_the_first_argument(tmp_path):
    path = str(tmp_path / "我的 研究.cwb")  # file managers pass one argument, spaces and all
    assert first_positional([path]) == (path, None)
    assert build_window_parser().parse_args([path]).project == path


def test_finder_open_events_open_the_project(isolated_window, tmp_path):
    app = QApplication.instance()
    listener = FileOpenListener(app)
    app.installEventFilter(listener)
    try:
        early, later = make_project(tmp_path / "early.cwb"), make_project(tmp_path / "later.cwb")
        # Before the window has opened its first project the path is only remembered …
        QApplication.sendEvent(app, QFileOpenEvent(str(early)))
        assert isolated_window.project is None
        assert listener.take() == str(early) and listener.take() is None
        # … afterwards every event opens its project in the window.
        listener.window = isolated_window
        QApplication.sendEvent(app, QFileOpenEvent(str(later)))
        assert isolated_window.project is not None
        assert isolated_window.project.path == later
    finally:
        app.removeEventFilter(listener)
        listener.deleteLater()


def test_a_project_clicked_while_the_demo_is_built_opens_afterwards(isolated_window, qtbot,
                                                                    tmp_path):
    app = QApplication.instance()
    listener = FileOpenListener(app)
    listener.window = isolated_window
    app.installEventFilter(listener)
    release = threading.Event()
    try:
        clicked = make_project(tmp_path / "clicked.cwb")
        isolated_window._start_job("working", lambda progress: release.wait(30), lambda _: None,
                                   cancellable=False)
        QApplication.sendEvent(app, QFileOpenEvent(str(clicked)))
        assert isolated_window.project is None  # the window refuses to open during a job …
        release.set()
        qtbot.waitUntil(lambda: isolated_window.project is not None, timeout=10000)
        assert isolated_window.project.path == clicked  # … so it was opened once it ended
    finally:
        release.set()
        app.removeEventFilter(listener)
        listener.deleteLater()


def test_the_window_has_the_app_icon(qapp):
    icon = _window_icon()
    assert icon is not None and not icon.isNull()
    assert icon.pixmap(64, 64).width() == 64


def test_help_about_shows_the_package_version(isolated_window, monkeypatch):
    import workbench
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    isolated_window.about()
    assert shown and workbench.__version__ in shown[0]
    assert workbench.__version__ != "0.0.0+source"  # read from the installed package metadata
