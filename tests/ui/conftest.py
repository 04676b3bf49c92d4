"""Widgets run without a display. ``viewer_project``: elements, a text with Chinese, 𠮷 and
English, and an image (named apart from tests/conftest.py's ``project``, which it must not hide)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))  # viewer_support, as panels_support is found

import pytest  # noqa: E402

from helpers import png_bytes  # noqa: E402
from viewer_support import ELEMENTS, IMAGE_SIZE, TEXT  # noqa: E402
from workbench.core import Project  # noqa: E402


@pytest.fixture
def viewer_project(tmp_path):
    p = Project.create(tmp_path / "viewer.cwb", title="阅读测试", coder="tester")
    for name, color in ELEMENTS:
        p.elements.add(name, color=color)
    p.sources.add(kind="text", title="文本", data=TEXT.encode("utf-8"), text=TEXT,
                  file_name="a.txt")
    p.sources.add(kind="image", title="截图", data=png_bytes(*IMAGE_SIZE), file_name="b.png",
                  media_type="image/png", width=IMAGE_SIZE[0], height=IMAGE_SIZE[1])
    yield p
    p.close()


@pytest.fixture
def english():
    """The interface in English for the test (tests match English texts), then as it was."""
    from workbench import i18n

    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture
def study(tmp_path):
    """The panels' small study (panels_support.make_study), closed afterwards."""
    from panels_support import make_study

    made = make_study(tmp_path)
    yield made
    made.project.close()


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Never touch the real user's settings or data folder; English; message boxes recorded
    (a box nobody answers would hang the run). A test that expects one clears the list."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from workbench.ui.translations import apply_language

    monkeypatch.setenv("CASE_WORKBENCH_SETTINGS_DIR", str(tmp_path / "settings"))
    monkeypatch.setenv("CASE_WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    boxes: list = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, _n=name: boxes.append((_n, args))
                            or QMessageBox.StandardButton.Ok)
    apply_language(QApplication.instance(), "en")
    yield boxes
    apply_language(QApplication.instance(), "en")
    assert not boxes, boxes


@pytest.fixture
def analysis_panel(qtbot, study, monkeypatch):
    """The Analysis tab on the test file's own ``study`` project; an error box fails the test."""
    from PySide6.QtWidgets import QMessageBox

    from workbench.ui.analysis_panel import AnalysisPanel

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"error box: {a}"))
    widget = AnalysisPanel()
    qtbot.addWidget(widget)
    widget.set_project(study)
    study.subscribe(widget.refresh)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def window(qtbot, isolated):
    """The main window, shown, with its own settings and data folder; a job still running at the
    end is waited for before the window closes."""
    from workbench.ui.main_window import MainWindow
    from workbench.ui.settings import Settings

    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.show()
    yield win
    if win.job is not None:
        win.job.wait()
    win.close()
