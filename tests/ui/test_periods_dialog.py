"""The periods dialog: periods in chronological order with their source and interaction counts;
add, edit in place and delete, with bad dates refused and the old value kept."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from panels_support import make_study  # noqa: E402
from workbench.ui.periods_dialog import PeriodsDialog  # noqa: E402

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def study(tmp_path):
    study = make_study(tmp_path)
    p = study.project
    study.late = p.periods.add("推广阶段", "2019").id
    study.early = p.periods.add("试点阶段", "2015", "2018-12").id
    study.relation = p.interactions.add(study.tech, study.cooperation, "促进",
                                        period_id=study.early).id
    yield study
    p.close()


@pytest.fixture
def dialog(qtbot, study):
    dialog = PeriodsDialog(study.project)
    qtbot.addWidget(dialog)
    study.project.subscribe(dialog.refresh)
    dialog.show()
    return dialog


@pytest.fixture
def errors(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    return said


def rows(dialog):
    table = dialog.table
    return [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]


def test_chronological_rows_with_counts(dialog):
    # the screenshot (2015-06) falls in the pilot stage; the plan (2019) and the news (2021) later
    assert rows(dialog) == [["试点阶段", "2015", "2018-12", "1", "1"],
                            ["推广阶段", "2019", "", "2", "0"]]


def test_add_and_a_bad_date_refused(dialog, study, errors):
    dialog.name.setText("深化阶段")
    dialog.start.setText("2023年")
    assert not dialog.add_period()
    assert errors and "2023年" in errors[0]
    assert dialog.name.text() == "深化阶段"  # kept, to be corrected
    dialog.start.setText("2023-01")
    assert dialog.add_period()
    assert dialog.name.text() == ""
    assert [r[:3] for r in rows(dialog)][-1] == ["深化阶段", "2023-01", ""]
    assert study.project.undo_label() == "Add period"


def test_edit_in_place_keeps_the_old_value_when_refused(qtbot, dialog, study, errors):
    dialog.table.item(0, 2).setText("2018-13")  # as the cell editor would
    qtbot.waitUntil(lambda: bool(errors))
    assert "2018-13" in errors[0]
    qtbot.waitUntil(lambda: rows(dialog)[0][2] == "2018-12")
    assert study.project.periods.get(study.early).end_date == "2018-12"
    dialog.table.item(0, 0).setText("起步阶段")
    qtbot.waitUntil(lambda: study.project.periods.get(study.early).name == "起步阶段")
    dialog.table.item(1, 1).setText("2012")  # now the earliest: the order follows
    qtbot.waitUntil(lambda: rows(dialog)[0][0] == "推广阶段")
    assert len(errors) == 1


def test_delete_says_interactions_become_undated(dialog, study, monkeypatch):
    asked: list[str] = []

    def yes(_parent, _title, text):
        asked.append(text)
        return QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", yes)
    dialog.table.selectRow(0)
    dialog.delete_selected()
    assert "1 interaction(s) dated to it become undated" in asked[0] and "Ctrl+Z" in asked[0]
    assert [r[0] for r in rows(dialog)] == ["推广阶段"]
    assert study.project.interactions.get(study.relation).period is None
    study.project.undo()  # refresh after undo
    assert [r[0] for r in rows(dialog)] == ["试点阶段", "推广阶段"]
