"""A full disk while the researcher works in the window: one sentence in a message box, never a
traceback, and the window goes on working once there is room again."""
import random
import errno
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QWidget

from workbench.core import Project
from workbench.ui.errors import reported

pytestmark = pytest.mark.usefixtures("isolated")

FULL = ("The disk holding 满盘.cwb is full; the last change was not saved, everything before it "
        "is safe. Free some space and try again.")


def test_undo_on_a_full_disk_shows_one_sentence_and_the_window_goes_on(window, isolated,
                                                                        tmp_path):
    path = tmp_path / "满盘.cwb"
    big = "江临市政务数据共享平台正式启动。" * 10000
    with Project.create(path, title="满盘", coder="alice") as p:
        p.elements.add("数据共享")
        # An original that does not compress (the project stores originals compressed when it
        # helps): undoing must write it back out as the redo step, so it needs new pages.
        original = random.Random(7).randbytes(len(big.encode()))
        p.sources.add(kind="text", title="新闻", data=original, text=big)
    assert window.open_project(path)
    project = window.project
    conn = project._db.conn  # the file may not grow past its present pages: SQLITE_FULL
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    undo = window.menus["undo"]
    assert undo.text() == "Undo Import source"

    undo.trigger()  # undoing keeps the 480 kB source as the redo step: it needs new pages

    assert [(kind, args[2]) for kind, args in isolated] == [("warning", FULL)]
    isolated.clear()
    assert project.sources.text(project.sources.list()[0].id) == big and project.check() == []
    assert undo.text() == "Undo Import source"
    conn.execute("PRAGMA max_page_count = 1073741823")  # space was freed
    undo.trigger()
    assert project.sources.list() == [] and not isolated
    assert window.menus["redo"].text() == "Redo Import source"


def test_an_export_that_finds_no_room_is_one_sentence(qtbot, isolated):
    parent = QWidget()
    qtbot.addWidget(parent)
    with reported(parent):  # what an export job's failure goes through
        raise OSError(errno.ENOSPC, "No space left on device", "/data/.codings-x1y2.csv")
    with reported(parent):
        raise OSError(errno.ENOSPC, "No space left on device", "/data/报告.docx")
    assert [args[2] for _kind, args in isolated] == [
        "The disk is full, so the file was not written; nothing else was changed. Free some "
        "space and try again.",
        "The disk is full, so 报告.docx was not written; nothing else was changed. Free some "
        "space and try again."]
    isolated.clear()
