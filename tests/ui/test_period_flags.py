"""The window flags time problems where the researcher looks: a quote dated outside its
interaction's period in the interactions panel, overlapping periods in the periods dialog, and the
interactions list follows the period chosen in the diagram."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from helpers import dated_study
from workbench.ui.interactions_panel import InteractionsPanel
from workbench.ui.periods_dialog import PeriodsDialog

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def dated(tmp_path):
    p = dated_study(tmp_path / "p.cwb")[0]
    yield p
    p.close()


def test_a_quote_dated_outside_the_period_is_flagged(qtbot, dated):
    panel = InteractionsPanel()
    qtbot.addWidget(panel)
    panel.set_project(dated)
    panel.select_interaction(dated.interactions.list()[0].id)
    table = panel.evidence
    dates = {table.item(r, 2).text(): table.item(r, 2) for r in range(table.rowCount())}
    assert "outside the period 起步期" in dates["2021-03-02"].toolTip()
    assert not dates["2016-05-01"].toolTip()
    index = panel.model.index(0, panel.model.EVIDENCE)
    assert "1 of these quotes" in panel.model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_overlapping_periods_are_named_in_the_dialog(qtbot, dated):
    dialog = PeriodsDialog(dated)
    qtbot.addWidget(dialog)
    assert dialog.overlap.isHidden()
    dated.periods.add("整合期", "2019-06", "2020")
    dialog.reload()
    assert not dialog.overlap.isHidden()
    assert "起步期 / 整合期" in dialog.overlap.text()


def test_the_interactions_follow_the_diagrams_period(qtbot, window, dated):
    window.set_project(dated)
    window.show_diagram()
    diagram = window.parts["diagram"]
    diagram.set_period("起步期")
    assert window.parts["interactions"].period_filter.currentData() == "起步期"
    window.set_project(None)
