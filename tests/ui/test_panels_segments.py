"""The segments panel: codings of an element (with sub-elements) or a source, page by page."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtCore import QModelIndex, Qt  # noqa: E402

from workbench.ui.panel_tables import PAGE  # noqa: E402
from workbench.ui.segments_panel import SegmentsPanel  # noqa: E402

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def panel(qtbot, study):
    panel = SegmentsPanel()
    qtbot.addWidget(panel)
    panel.set_project(study.project)
    study.project.subscribe(panel.refresh)
    panel.resize(800, 300)
    panel.show()
    return panel


def rows(panel):
    model = panel.model
    return [[model.index(r, c).data() for c in range(6)] for r in range(model.rowCount())]


def test_element_rows_with_source_date_coder_and_memo(panel, study):
    panel.show_element(study.cooperation)
    assert rows(panel) == [["建设推动了跨部门", "智慧城市新闻", "2021-03-05", "组织协同", "张三",
                            "协同的证据"]]
    panel.show_element(study.service)
    assert rows(panel)[0][0] == "[region 10,20,300×100]"
    assert "服务供给" in panel.title.text()


def test_sub_elements_checkbox(panel, study):
    panel.show_element(study.top)
    assert rows(panel) == []
    panel.descendants.setChecked(True)
    assert [r[3] for r in rows(panel)] == ["技术驱动", "政策驱动"]
    panel.show_source(study.news)
    assert [r[0] for r in rows(panel)] == ["智慧城市", "建设推动了跨部门"]
    assert not panel.descendants.isEnabled()


def test_filter_click_and_delete_key(qtbot, panel, study):
    panel.show_source(study.news)
    panel.search.insert("证据")  # matches the memo
    assert len(rows(panel)) == 1
    panel.search.clear()
    rect = panel.view.visualRect(panel.model.index(1, 0))
    coding_id = panel.model.coding_at(1).id
    with qtbot.waitSignal(panel.codingActivated) as blocker:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [coding_id]
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert [r[0] for r in rows(panel)] == ["智慧城市"]
    assert len(study.project.codings.list(source_id=study.news)) == 1
    study.project.undo()
    assert len(rows(panel)) == 2


def test_many_codings_arrive_in_pages(panel, study):
    project = study.project
    with project._operation("Code passage"):  # one transaction for the test data
        for i in range(2000):
            project.codings.code_text(study.news, i % 20, i % 20 + 1, study.policy,
                                      coder=f"coder{i // 20}")
    panel.show_element(study.policy)
    model = panel.model
    assert model.total() == 2001
    assert model.rowCount() == PAGE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE
    project.codings.delete(model.coding_at(0).id)  # a refresh keeps what was scrolled into view
    assert model.rowCount() == 2 * PAGE and model.total() == 2000
