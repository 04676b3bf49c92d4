"""Backups in the window: made in the background after opening, listed, restored."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from workbench.core import Project  # noqa: E402
from workbench.ui import backup_dialog  # noqa: E402
from workbench.ui.backup_dialog import BackupDialog  # noqa: E402

pytestmark = pytest.mark.usefixtures("isolated")

TEXT = "江临市政务数据共享平台正式启动，首批接入公安、民政等十八个部门。"


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "备份研究.cwb"
    with Project.create(path, title="备份研究", language="zh") as project:
        source = project.sources.add(kind="text", title="新闻", data=TEXT.encode(), text=TEXT)
        element = project.elements.add("数据共享")
        project.codings.code_text(source.id, 0, 3, element.id)
    return path


def _code_more(project, count):
    source = project.sources.list()[0]
    element = project.elements.list()[0]
    for n in range(count):
        project.codings.code_text(source.id, 4 + 2 * n, 5 + 2 * n, element.id)


def test_opening_backs_up_in_the_background_and_restore_brings_back_old_codings(
        window, project_file, qtbot, monkeypatch):
    assert window.open_project(project_file)
    project = window.project
    # open_project returned before any copy began: the backup comes after the first paint
    assert project.backups.list() == [] and not window.auto_backup.busy
    qtbot.waitUntil(lambda: len(project.backups.list()) == 1 and not window.auto_backup.busy,
                    timeout=15000)
    assert window.statusBar().currentMessage().startswith("Backed up at")
    first = project.backups.list()[0]
    assert first.reason == "auto" and first.codings == 1
    _code_more(project, 2)
    assert "3 codings" in window.counts_label.text()

    dialog = BackupDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (1, 2, 4, 5)] == [
        "Automatic", "备份研究.cwb", "1", "1"]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2])
                        or QMessageBox.StandardButton.Yes)
    dialog.restore_selected()
    qtbot.waitUntil(lambda: window.job is None, timeout=15000)
    assert first.local_time.strftime("%Y-%m-%d %H:%M") in asked[0]
    assert window.project is project and len(project.codings.list()) == 1
    assert "1 codings" in window.counts_label.text()
    assert window.statusBar().currentMessage().startswith("Restored the state of")
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["Before a restore",
                                                                 "Automatic"]
    assert dialog.backups[0].codings == 3
    # Back Up Now adds a third, newest first
    dialog.back_up_now()
    qtbot.waitUntil(lambda: window.job is None, timeout=15000)
    assert dialog.table.rowCount() == 3 and dialog.table.item(0, 1).text() == "Made by you"


def test_no_automatic_backup_of_a_read_only_project(window, project_file, qtbot):
    assert window.open_project(project_file, read_only=True)
    assert not window.auto_backup.timer.isActive()
    qtbot.wait(backup_dialog.OPEN_DELAY_MS + 300)
    assert window.project.backups.list() == [] and not window.auto_backup.busy
    dialog = BackupDialog(window)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled() and dialog.back_up_button.isEnabled()


def test_the_menu_item_exists_and_is_enabled_only_with_a_project(window, project_file):
    action = window.menus["restore_backup"]
    assert action.text() == "Restore from Backup…" and not action.isEnabled()
    assert window.open_project(project_file)
    assert action.isEnabled()


def test_a_backup_opened_to_look_at_is_read_only_and_not_a_recent_project(
        window, project_file, qtbot):
    assert window.open_project(project_file)
    qtbot.waitUntil(lambda: len(window.project.backups.list()) == 1
                    and not window.auto_backup.busy, timeout=15000)
    dialog = BackupDialog(window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    dialog.open_selected()
    assert window.project.read_only and window.project.path.parent.parent.name == "backups"
    assert window.settings.recent_projects()[0] == project_file.resolve()
    assert window.settings.last_project() == project_file.resolve()
    [row] = window.messages.rows  # no "Open for editing" for a backup: Restore brings it back
    assert row.buttons == [] and "Restore from Backup" in row.label.text()


def test_another_copys_backup_is_marked_and_restoring_it_asks_plainly(
        window, project_file, qtbot, monkeypatch, tmp_path):
    import shutil

    copy = tmp_path / "co-coder.cwb"
    shutil.copy(project_file, copy)
    with Project.open(project_file) as original:
        original.backups.create("manual")
    with Project.open(copy) as theirs:
        _code_more(theirs, 3)
        their_backup = theirs.backups.create("manual")
    assert window.open_project(project_file)
    window.auto_backup.stop()
    dialog = BackupDialog(window)
    qtbot.addWidget(dialog)
    made_from = [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())]
    assert made_from == ["co-coder.cwb (other copy)", "备份研究.cwb"]
    assert dialog.selected().path != their_backup.path  # its own newest is preselected
    assert "another copy of this project" in dialog.note.text()
    dialog.table.selectRow(0)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2])
                        or QMessageBox.StandardButton.No)
    dialog.restore_selected()
    assert "made from " + str(copy.resolve()) in asked[0] and "another copy" in asked[0]
    assert window.job is None and len(window.project.codings.list()) == 1  # No: nothing done
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.restore_selected()
    qtbot.waitUntil(lambda: window.job is None, timeout=15000)
    assert len(window.project.codings.list()) == 4  # the explicit choice was honoured
