"""The interactions panel: rows with element swatches, rows without evidence flagged, filters by
period and element, the evidence quotes of the selected row, delete and undo, its dialogs."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from panels_support import make_study  # noqa: E402
from workbench.ui.interaction_models import NO_EVIDENCE_BACKGROUND  # noqa: E402
from workbench.ui.interactions_panel import UNDATED, InteractionsPanel  # noqa: E402

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def study(tmp_path):
    study = make_study(tmp_path)
    p = study.project
    study.early = p.periods.add("试点阶段", "2015", "2018-12").id
    tech_quote = p.codings.list(element_id=study.tech)[0].id
    coop_quote = p.codings.list(element_id=study.cooperation)[0].id
    study.quotes = (tech_quote, coop_quote)
    study.proved = p.interactions.add(study.tech, study.cooperation, "促进",
                                      period_id=study.early, evidence=[tech_quote, coop_quote]).id
    study.bare = p.interactions.add(study.service, study.cooperation, "负反馈", sign="-").id
    yield study
    p.close()


@pytest.fixture
def panel(qtbot, study):
    panel = InteractionsPanel()
    qtbot.addWidget(panel)
    panel.set_project(study.project)
    study.project.subscribe(panel.refresh)
    panel.resize(900, 500)
    panel.show()
    return panel


def row_of(panel, interaction_id):
    return panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(interaction_id), 0)).row()


def cell(panel, interaction_id, column, role=Qt.ItemDataRole.DisplayRole):
    return panel.proxy.index(row_of(panel, interaction_id), column).data(role)


def test_rows_and_the_flag_for_missing_evidence(panel, study):
    assert panel.proxy.rowCount() == 2
    assert [cell(panel, study.proved, c) for c in range(7)] == \
        ["技术驱动", "组织协同", "促进", "+", "试点阶段", 2, ""]
    assert [cell(panel, study.bare, c) for c in range(6)] == \
        ["服务供给", "组织协同", "负反馈", "−", "", 0]
    assert cell(panel, study.proved, 0, Qt.ItemDataRole.DecorationRole) is not None  # swatch
    flagged = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole)
    assert cell(panel, study.bare, 5, Qt.ItemDataRole.DecorationRole) is not None  # warning
    assert cell(panel, study.bare, 2, flagged[0]) == NO_EVIDENCE_BACKGROUND
    assert cell(panel, study.bare, 2, flagged[1]) == \
        "No evidence yet: add the coded segments that show this"
    assert cell(panel, study.proved, 2, flagged[0]) is None
    # both its quotes (2021 news, 2019 plan) are dated outside 试点阶段 (2015 – 2018-12)
    assert cell(panel, study.proved, 5, Qt.ItemDataRole.DecorationRole) is not None
    assert cell(panel, study.proved, 5, flagged[1]) == \
        "2 of these quotes come from sources dated outside the period 试点阶段."
    assert panel.summary.text() == "2 interactions, 1 without evidence"


def test_filters_by_period_and_element(panel, study):
    panel.period_filter.setCurrentIndex(panel.period_filter.findData("试点阶段"))
    assert panel.model.rowCount() == 1 and panel.model.interaction_at(0).id == study.proved
    panel.period_filter.setCurrentIndex(panel.period_filter.findData(UNDATED))
    assert [panel.model.interaction_at(r).id for r in range(panel.model.rowCount())] \
        == [study.bare]
    panel.period_filter.setCurrentIndex(0)
    panel.element_filter.setCurrentIndex(panel.element_filter.findData(study.tech))
    assert panel.model.rowCount() == 1 and panel.model.interaction_at(0).id == study.proved
    panel.element_filter.setCurrentIndex(panel.element_filter.findData(study.cooperation))
    assert panel.model.rowCount() == 2  # from or to


def test_selected_row_shows_its_quotes_and_a_click_jumps(qtbot, panel, study):
    with qtbot.waitSignal(panel.interactionSelected) as selected:
        panel.select_interaction(study.proved)
    assert selected.args == [study.proved]
    table = panel.evidence
    assert table.coding_ids() == list(study.quotes)
    assert [table.item(0, c).text() for c in range(4)] == \
        ["智慧城市", "智慧城市新闻", "2021-03-05", "技术驱动"]
    rect = table.visualItemRect(table.item(1, 0))
    with qtbot.waitSignal(panel.codingActivated) as activated:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert activated.args == [study.quotes[1]]
    panel.select_interaction(study.bare)
    assert table.rowCount() == 0 and "No evidence yet" in panel.evidence_title.text()


def test_delete_says_it_can_be_undone_and_refresh_after_undo(panel, study, monkeypatch):
    asked: list[str] = []

    def yes(_parent, _title, text):
        asked.append(text)
        return QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", yes)
    panel.select_interaction(study.bare)
    panel.delete_selected()
    assert "Ctrl+Z" in asked[0] and "服务供给" in asked[0]
    assert panel.proxy.rowCount() == 1
    study.project.undo()
    assert panel.proxy.rowCount() == 2
    study.project.interactions.add_evidence(study.bare, [study.quotes[0]])
    assert cell(panel, study.bare, 5) == 1
    study.project.undo()  # the panel follows undo as well
    assert cell(panel, study.bare, 5) == 0


def test_buttons_request_and_open_dialogs(qtbot, panel, study):
    panel.period_filter.setCurrentIndex(panel.period_filter.findData("试点阶段"))
    requests, opened = [], []
    panel.editRequested.connect(requests.append)
    panel.dialogOpened.connect(opened.append)
    panel.actions_["new"].trigger()
    dialog = panel.dialogs()[0]
    assert requests == [None] and opened == [dialog] and dialog.isVisible()
    assert dialog.period_combo.currentData() == study.early  # the filter's period
    panel.select_interaction(study.proved)
    panel.view.doubleClicked.emit(panel.view.currentIndex())
    assert [d.interaction_id() for d in panel.dialogs()] == [None, study.proved]
    assert panel.open_dialog(study.proved) is panel.dialogs()[1]  # raised, not opened twice
    study.project.elements.add("激励问责")  # dialogs are kept up to date by the panel
    assert dialog.from_combo.findText("激励问责") >= 0
    dialog.reject()
    qtbot.waitUntil(lambda: len(panel.dialogs()) == 1)
    with qtbot.waitSignal(panel.periodsRequested):
        panel.actions_["periods"].trigger()
    assert panel.open_periods() is not None
    panel.opens_dialogs = False  # the main window opens them itself
    with qtbot.waitSignal(panel.editRequested) as requested:
        panel.actions_["new"].trigger()
    assert requested.args == [None] and len(panel.dialogs()) == 1
    panel.set_project(None)
    assert panel.proxy.rowCount() == 0 and panel.dialogs() == []
    assert not panel.actions_["new"].isEnabled()
