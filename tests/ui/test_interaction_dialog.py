"""The interaction dialog: recording an interaction with its evidence, editing it as one undo
step, a new interaction type, coding the viewer's selection as evidence, acting on itself."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtWidgets import QDialog, QMessageBox  # noqa: E402

from panels_support import make_study  # noqa: E402
from workbench.ui.interaction_dialog import NEW_TYPE, InteractionDialog  # noqa: E402
from workbench.ui.interaction_models import NewTypeDialog  # noqa: E402
from workbench.ui.interactions_panel import InteractionsPanel  # noqa: E402

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def study(tmp_path):
    study = make_study(tmp_path)
    study.early = study.project.periods.add("试点阶段", "2015", "2018-12").id
    study.late = study.project.periods.add("推广阶段", "2019").id
    yield study
    study.project.close()


@pytest.fixture
def errors(monkeypatch):
    """Message boxes would block: collect what they would have said."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    return said


def make_dialog(qtbot, study, interaction_id=None, **kwargs) -> InteractionDialog:
    dialog = InteractionDialog(study.project, interaction_id, **kwargs)
    qtbot.addWidget(dialog)
    study.project.subscribe(dialog.refresh)
    dialog.show()
    return dialog


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def codings_of(study, element_id):
    return [c.id for c in study.project.codings.list(element_id=element_id)]


def test_create_with_evidence_shows_in_the_panel(qtbot, study, errors):
    panel = InteractionsPanel()
    qtbot.addWidget(panel)
    panel.set_project(study.project)
    study.project.subscribe(panel.refresh)
    dialog = make_dialog(qtbot, study)
    assert not dialog.isModal()
    assert dialog.warning_text.isVisibleTo(dialog)  # no evidence yet
    choose(dialog.from_combo, study.tech)
    choose(dialog.to_combo, study.cooperation)
    choose(dialog.type_combo, "促进")
    choose(dialog.period_combo, study.early)
    dialog.note.setPlainText("平台推动协同")
    evidence = codings_of(study, study.tech)[0]
    dialog.add_evidence([evidence])
    dialog.add_evidence([evidence])  # twice: still one link
    assert dialog.evidence.rowCount() == 1 and not dialog.warning_text.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.accept()
    assert errors == [] and dialog.result() == QDialog.DialogCode.Accepted
    stored = study.project.interactions.get(saved.args[0])
    assert (stored.from_element_id, stored.to_element_id, stored.type_name, stored.sign,
            stored.period, stored.note, stored.evidence) == \
        (study.tech, study.cooperation, "促进", 1, "试点阶段", "平台推动协同", (evidence,))
    assert study.project.undo_label() == "Add interaction"
    model = panel.model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(6)] == \
        ["技术驱动", "组织协同", "促进", "+", "试点阶段", 1]


def test_edit_removes_evidence_and_changes_period_in_one_undo_step(qtbot, study, errors):
    first, second = codings_of(study, study.tech)[0], codings_of(study, study.cooperation)[0]
    item = study.project.interactions.add(study.tech, study.cooperation, "促进",
                                          period_id=study.early, evidence=[first, second])
    dialog = make_dialog(qtbot, study, item.id)
    assert not dialog.from_combo.isEnabled()  # the core cannot re-link a recorded interaction
    assert dialog.period_combo.currentData() == study.early
    assert dialog.evidence.coding_ids() == [first, second]
    dialog.evidence.selectRow(0)
    dialog.remove_selected_evidence()
    choose(dialog.period_combo, study.late)
    dialog.accept()
    assert errors == []
    changed = study.project.interactions.get(item.id)
    assert (changed.period, changed.evidence) == ("推广阶段", (second,))
    assert study.project.undo_label() == "Edit interaction"
    study.project.undo()
    restored = study.project.interactions.get(item.id)
    assert (restored.period, restored.evidence) == ("试点阶段", (first, second))
    assert study.project.undo_label() == "Add interaction"


def test_unchanged_edit_leaves_no_undo_step(qtbot, study):
    item = study.project.interactions.add(study.tech, study.service, "支撑")
    dialog = make_dialog(qtbot, study, item.id)
    dialog.accept()
    assert study.project.undo_label() == "Add interaction"


def test_new_type_with_negative_sign_and_dashed_line(qtbot, study, monkeypatch):
    def fill_in(self):
        self.name.setText("挤出")
        self.sign.setCurrentIndex(self.sign.findData(-1))
        self.line_style.setCurrentIndex(self.line_style.findData("dashed"))
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(NewTypeDialog, "exec", fill_in)
    dialog = make_dialog(qtbot, study)
    choose(dialog.type_combo, NEW_TYPE)
    created = study.project.interactions.find_type("挤出")
    assert (created.sign, created.line_style) == (-1, "dashed")
    assert dialog.type_combo.currentData() == "挤出"
    assert dialog.sign_combo.currentData() == -1  # the sign follows the type
    choose(dialog.type_combo, "促进")
    assert dialog.sign_combo.currentData() == 1


def test_cancelled_new_type_goes_back_to_the_previous_type(qtbot, study, monkeypatch):
    monkeypatch.setattr(NewTypeDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    dialog = make_dialog(qtbot, study)
    choose(dialog.type_combo, "制约")
    before = len(study.project.interactions.types())
    choose(dialog.type_combo, NEW_TYPE)
    assert dialog.type_combo.currentData() == "制约"
    assert len(study.project.interactions.types()) == before


def test_code_selection_request_names_the_chosen_element(qtbot, study):
    dialog = make_dialog(qtbot, study, from_id=study.policy)
    choose(dialog.to_combo, study.service)
    assert [dialog.code_target.itemData(i) for i in range(dialog.code_target.count())] == \
        [study.policy, study.service]
    choose(dialog.code_target, study.service)
    with qtbot.waitSignal(dialog.codeSelectionRequested) as requested:
        dialog.code_button.click()
    assert requested.args == [study.service]
    with qtbot.waitSignal(dialog.addSelectedRequested):
        dialog.add_selected.click()
    # the main window answers with the new coding: it joins the evidence
    new = study.project.codings.code_text(study.plan, 0, 3, study.service).id
    dialog.add_evidence([new])
    assert dialog.evidence_ids() == [new]


def test_acting_on_itself_asks_first(qtbot, study, monkeypatch):
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    dialog = make_dialog(qtbot, study, from_id=study.service)
    choose(dialog.to_combo, study.service)
    assert dialog.code_target.count() == 1
    assert not dialog.save() and study.project.interactions.list() == []
    assert dialog.save()
    assert [(i.from_element_id, i.to_element_id) for i in study.project.interactions.list()] \
        == [(study.service, study.service)]


def test_follows_the_project_while_open(qtbot, study):
    coding = codings_of(study, study.tech)[0]
    dialog = make_dialog(qtbot, study)
    dialog.add_evidence([coding])
    study.project.periods.add("深化阶段", "2022")
    assert dialog.period_combo.findText("深化阶段") >= 0
    study.project.codings.delete(coding)  # deleted elsewhere: it leaves the evidence
    assert dialog.evidence_ids() == [] and dialog.warning_text.isVisibleTo(dialog)
