"""The message bar under the toolbar: read-only reasons, failed checks and risky places."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QPushButton  # noqa: E402

from helpers import unwritable  # noqa: E402
from workbench.core import Project  # noqa: E402
from workbench.ui.banner import save_a_copy  # noqa: E402
from workbench.ui.main_window import MainWindow  # noqa: E402
from workbench.ui.settings import Settings  # noqa: E402
from workbench.ui.translations import apply_language  # noqa: E402

pytestmark = pytest.mark.usefixtures("isolated")


def _study(path: Path) -> Path:
    with Project.create(path, title="智慧政府研究") as project:
        project.elements.add("数据共享")
    return path


def _buttons(window) -> list[str]:
    return [b.text() for row in window.messages.rows for b in row.findChildren(QPushButton)]


def test_a_project_in_a_dropbox_folder_shows_the_warning_until_silenced(window, tmp_path,
                                                                         qtbot):
    folder = tmp_path / "Dropbox" / "论文"
    folder.mkdir(parents=True)
    path = _study(folder / "city.cwb")
    assert window.open_project(path)
    assert window.messages.area.isVisible()
    [text] = window.messages.texts()
    assert "Dropbox" in text and "File → Export/backup" in text
    assert not window.project.read_only  # a warning, not a restriction
    row = window.messages.rows[0]
    [quiet] = [b for b in row.findChildren(QPushButton)
               if b.text() == "Don't warn again for this file"]
    quiet.click()
    assert window.messages.texts() == [] and not window.messages.area.isVisible()
    window.set_project(None)
    window.settings.sync()

    again = MainWindow(Settings())  # a new session reads the same settings
    qtbot.addWidget(again)
    assert again.open_project(path)
    assert again.messages.texts() == []
    other = _study(folder / "other.cwb")  # silenced for that file only
    assert again.open_project(other)
    assert len(again.messages.texts()) == 1
    again.close()


def test_the_close_button_hides_a_message_for_this_opening_only(window, tmp_path):
    folder = tmp_path / "OneDrive - Acme"
    folder.mkdir()
    path = _study(folder / "city.cwb")
    assert window.open_project(path)
    window.messages.rows[0].close_button.click()
    assert window.messages.texts() == []
    window.set_project(None)
    assert window.open_project(path)
    assert len(window.messages.texts()) == 1  # not remembered: only "don't warn again" is


def test_a_read_only_file_opens_read_only_with_save_a_copy(window, tmp_path):
    path = _study(tmp_path / "received.cwb")
    with unwritable(path):
        assert window.open_project(path)
        project = window.project
        assert project.read_only
        [text] = window.messages.texts()
        assert "received.cwb" in text and "cannot be written" in text
        assert _buttons(window) == ["Save a Copy…"]
        # only the specific reason: the generic "you chose read-only" row would say the wrong why
        assert "[read-only]" in window.windowTitle()
        assert not window.menus.actions["import_files"].isEnabled()
        assert not window.menus["undo"].isEnabled()
        copy = save_a_copy(window, tmp_path / "editable.cwb")
    assert copy == tmp_path / "editable.cwb"
    assert window.project.path == copy and not window.project.read_only
    assert window.messages.texts() == [] and window.menus.actions["import_files"].isEnabled()


def test_a_damaged_file_shows_an_error_naming_the_doctor(window, tmp_path):
    path = _study(tmp_path / "damaged.cwb")
    conn = sqlite3.connect(path)
    index = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                         "ORDER BY name LIMIT 1").fetchone()[0]
    conn.execute(f"DROP INDEX {index}")
    conn.close()
    assert window.open_project(path)
    assert window.project.read_only and window.project.check_failed
    [text] = window.messages.texts()
    assert "Project Doctor" in text
    has_doctor = "project_doctor" in window.menus.actions  # File → Project Doctor… (its helper)
    assert _buttons(window) == (["Project Doctor…"] if has_doctor else [])
    window.set_project(None)
    assert window.messages.texts() == [] and not window.messages.area.isVisible()


def test_the_messages_follow_the_language(window, tmp_path, qapp):
    folder = tmp_path / "Dropbox"
    folder.mkdir()
    path = _study(folder / "city.cwb")
    with unwritable(path):
        assert window.open_project(path)
        apply_language(qapp, "zh_CN")
        window.retranslate()
        texts = window.messages.texts()
        assert len(texts) == 2 and "同步" in texts[1]
        assert _buttons(window) == ["保存副本…", "此文件不再提醒"]
        apply_language(qapp, "en")
        window.retranslate()
        window.set_project(None)
