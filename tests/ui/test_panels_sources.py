"""The sources panel: filter, sort, activate, drag out, delete and assign to a case."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QInputDialog, QMessageBox  # noqa: E402

from workbench.ui.panel_models import MIME_SOURCES  # noqa: E402
from workbench.ui.sources_panel import SourcesPanel  # noqa: E402

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def panel(qtbot, study):
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.set_project(study.project)
    study.project.subscribe(panel.refresh)
    panel.resize(700, 300)
    panel.show()
    return panel


def titles(panel: SourcesPanel) -> list[str]:
    proxy = panel.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def test_columns_show_type_date_cases_and_codings(panel, study):
    model = panel.model
    row = model.row_of(study.news)
    assert [model.index(row, c).data() for c in range(5)] == [
        "智慧城市新闻", "新闻报道", "2021-03-05", "A市", 2]
    shot = model.row_of(study.shot)
    assert not model.index(shot, 0).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(shot, 0).data(Qt.ItemDataRole.ToolTipRole) == "Image"
    assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == "Text"


def test_typing_in_the_filter_narrows_the_rows(qtbot, panel):
    assert len(titles(panel)) == 3
    panel.search.insert("规划")  # QTest cannot type non-ASCII keys; insert() is what an IME does
    assert titles(panel) == ["政务数据共享规划"]
    panel.search.clear()
    qtbot.keyClicks(panel.search, "gov.example")  # origin URL
    assert titles(panel) == ["政务数据共享规划"]
    panel.search.clear()
    qtbot.keyClicks(panel.search, "NEWS.TXT")  # file name, any case
    assert titles(panel) == ["智慧城市新闻"]
    panel.search.clear()
    assert len(titles(panel)) == 3


def test_type_and_case_filters(panel):
    panel.type_filter.setCurrentIndex(panel.type_filter.findText("政策文件"))
    assert titles(panel) == ["政务数据共享规划"]
    panel.type_filter.setCurrentIndex(0)
    panel.case_filter.setCurrentIndex(panel.case_filter.findText("A市"))
    assert titles(panel) == ["智慧城市新闻"]
    panel.case_filter.setCurrentIndex(panel.case_filter.findText("In no case"))
    assert sorted(titles(panel)) == ["政务数据共享规划", "门户网站截图"]


def test_sort_by_date_and_by_codings(panel):
    panel.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert titles(panel) == ["门户网站截图", "政务数据共享规划", "智慧城市新闻"]
    panel.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert titles(panel) == ["智慧城市新闻", "政务数据共享规划", "门户网站截图"]
    panel.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert titles(panel)[0] == "智慧城市新闻"


def test_the_selection_stays_on_its_source_through_a_resort_and_new_rows_sort_in(panel, study):
    panel.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    panel.select_source(study.news)
    panel.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert panel.selected_source_id() == study.news and titles(panel)[0] == "智慧城市新闻"
    study.project.sources.add(kind="text", title="更早的通知", data=b"x", text="通知",
                              date="2001-01-01")
    assert titles(panel)[-1] == "更早的通知"  # the sort still holds after the reload
    panel.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert titles(panel) == sorted(titles(panel), key=str.casefold)


def test_selecting_and_double_clicking_activate_a_source(qtbot, panel, study):
    panel.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignal(panel.sourceActivated) as blocker:
        panel.view.selectRow(1)
    assert blocker.args == [study.plan]
    assert panel.selected_source_id() == study.plan
    rect = panel.view.visualRect(panel.proxy.index(2, 0))
    with qtbot.waitSignal(panel.sourceActivated) as blocker:
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [study.news]
    with qtbot.assertNotEmitted(panel.sourceActivated):
        panel.select_source(study.shot)
    assert panel.selected_source_id() == study.shot


def test_rows_drag_out_as_source_ids(panel, study):
    model = panel.model
    indexes = [model.index(model.row_of(study.news), c) for c in range(5)]
    indexes.append(model.index(model.row_of(study.plan), 0))
    mime = model.mimeData(indexes)
    assert json.loads(bytes(mime.data(MIME_SOURCES).data())) == {
        "source_ids": [study.news, study.plan]}


def test_assign_to_new_case_and_delete_with_undo(monkeypatch, panel, study):
    project = study.project
    panel.select_source(study.plan)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("B省", True))
    panel._assign_to_new_case()
    assert project.sources.get(study.plan).cases == ("B省",)
    assert panel.model.index(panel.model.row_of(study.plan), 3).data() == "B省"
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    panel.select_source(study.plan)
    panel.delete_selected()
    assert "undo" in asked[0]
    assert panel.model.row_of(study.plan) is None
    project.undo()
    assert panel.model.row_of(study.plan) is not None
    assert project.sources.get(study.plan).coding_count == 1
