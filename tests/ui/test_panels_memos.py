"""The memos panel: journal entries, memos on a target, editing saved on pause, search."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from workbench.ui.memos_panel import MemosPanel  # noqa: E402

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def panel(qtbot, study):
    panel = MemosPanel()
    qtbot.addWidget(panel)
    panel.set_project(study.project)
    study.project.subscribe(panel.refresh)
    panel.show()
    return panel


def listed(panel):
    return [[panel.list.topLevelItem(i).text(c) for c in range(2)]
            for i in range(panel.list.topLevelItemCount())]


def test_journal_entry_edit_and_search(qtbot, panel, study):
    project = study.project
    qtbot.mouseClick(panel.new_journal, Qt.MouseButton.LeftButton)
    memo_id = panel.current_memo_id()
    assert listed(panel)[0][1] == "Journal"
    assert listed(panel)[0][0].startswith("Journal 2")
    panel.body.insertPlainText("今天发现数据共享的阻力来自考核。")
    panel.savers["body"].flush()
    assert project.memos.get(memo_id).body == "今天发现数据共享的阻力来自考核。"
    panel.title.selectAll()
    qtbot.keyClicks(panel.title, "Resistance")  # saved when typing pauses
    qtbot.waitUntil(lambda: project.memos.get(memo_id).title == "Resistance", timeout=3000)
    assert listed(panel)[0][0] == "Resistance"
    project.memos.add("project", title="另一条", body="无关")
    assert len(listed(panel)) == 2
    panel.search.insert("考核")
    assert listed(panel) == [["Resistance", "Journal"]]
    panel.search.clear()
    assert len(listed(panel)) == 2


def test_memo_on_the_current_target_and_delete_with_undo(monkeypatch, panel, study):
    project = study.project
    assert not panel.new_memo.isEnabled()
    panel.show_target("source", study.news)
    assert panel.new_memo.isEnabled()
    panel.new_memo.click()
    memo = project.memos.get(panel.current_memo_id())
    assert (memo.target_kind, memo.target_id) == ("source", study.news)
    assert memo.title == "Memo on Source: 智慧城市新闻"
    assert listed(panel) == [[memo.title, "Source: 智慧城市新闻"]]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.delete.click()
    assert listed(panel) == []
    assert not panel.title.isEnabled() or panel.current_memo_id() is None
    project.undo()
    assert len(listed(panel)) == 1
