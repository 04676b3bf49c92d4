"""The codebook editor: cells edited in place (one undo step each), merge and split through their
dialogs, anchor examples from codings, and the codebook exported and imported via the actions."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox  # noqa: E402

from workbench.core import Change, Project  # noqa: E402
from workbench.ui import codebook_actions, codebook_dialogs  # noqa: E402
from workbench.ui.codebook_dialogs import MergeDialog, SplitDialog  # noqa: E402
from workbench.ui.codebook_model import FIELDS  # noqa: E402
from workbench.ui.codebook_view import CodebookView  # noqa: E402

pytestmark = pytest.mark.usefixtures("english")

ACCEPTED = QDialog.DialogCode.Accepted


@pytest.fixture
def messages(monkeypatch):
    """Message boxes record their text instead of blocking."""
    said: list[str] = []
    for name in ("information", "warning", "question"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, _title, text, *a, **k:
                            said.append(text) or QMessageBox.StandardButton.Ok)
    return said


@pytest.fixture
def view(qtbot, study, messages):
    view = CodebookView()
    qtbot.addWidget(view)
    view.set_project(study.project)
    study.project.subscribe(view.refresh)
    view.resize(1000, 600)
    view.show()
    return view


def cell(view, element_id, field):
    return view.model.index(view.model.row_of(element_id), FIELDS.index(field))


def test_rows_follow_the_tree_with_indented_names(view, study):
    model = view.model
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names[:3] == ["技术与政策驱动", "\u3000技术驱动", "\u3000政策驱动"]
    assert cell(view, study.tech, "coding_count").data() == 1
    assert cell(view, study.tech, "name").data(Qt.ItemDataRole.EditRole) == "技术驱动"
    assert not model.flags(cell(view, study.tech, "coding_count")) & Qt.ItemFlag.ItemIsEditable


def test_editing_a_cell_saves_one_undo_step(view, study, qtbot):
    p = study.project
    before = p.undo_label()
    assert view.model.setData(cell(view, study.tech, "definition"), "第一行\n第二行")
    qtbot.waitUntil(lambda: p.elements.get(study.tech).definition == "第一行\n第二行")
    assert cell(view, study.tech, "definition").data() == "第一行\n第二行"  # refreshed
    assert p.undo_label() == "Edit element"
    p.undo()
    assert p.elements.get(study.tech).definition == ""
    assert p.undo_label() == before
    # The same text again is no edit at all.
    assert not view.model.setData(cell(view, study.tech, "definition"), "")


def test_read_only_and_unrelated_changes(view, study):
    view.refresh(Change("Add memo", frozenset({"memos"}), "do"))  # ignored: nothing shown
    assert view.model.rowCount() == 5
    view.set_project(None)
    assert view.model.rowCount() == 0
    assert not view.actions_["merge"].isEnabled() and not view.actions_["export"].isEnabled()


def test_merge_through_the_dialog_moves_codings_and_can_be_undone(view, study, monkeypatch):
    p = study.project

    def choose(dialog):
        listed = [dialog.targets.item(r).data(Qt.ItemDataRole.UserRole)
                  for r in range(dialog.targets.count())]
        assert study.tech not in listed and study.policy in listed
        dialog.set_target(study.policy)
        return ACCEPTED

    monkeypatch.setattr(MergeDialog, "exec", choose)
    view.select_element(study.tech)
    view.merge_selected()
    assert study.tech not in [e.id for e in p.elements.list()]
    assert len(p.codings.list(element_id=study.policy)) == 2
    assert view.model.row_of(study.tech) is None and view.selected_element_id() == study.policy
    p.undo()
    assert p.elements.get(study.tech).coding_count == 1
    assert len(p.codings.list(element_id=study.policy)) == 1


def test_a_parent_cannot_be_merged_into_its_own_child(study, qtbot):
    elements = study.project.elements.list()
    top = next(e for e in elements if e.id == study.top)
    dialog = MergeDialog(top, elements)
    qtbot.addWidget(dialog)
    listed = {dialog.targets.item(r).data(Qt.ItemDataRole.UserRole)
              for r in range(dialog.targets.count())}
    assert listed == {study.cooperation, study.service}
    assert not dialog.ok_button.isEnabled()
    dialog.filter.setText("服务")
    assert [dialog.targets.item(r).isHidden() for r in range(2)] == [True, False]


def test_split_two_of_three_codings_to_a_new_element_in_one_step(view, study, monkeypatch):
    p = study.project
    extra = [p.codings.code_text(study.news, s, s + 2, study.tech).id for s in (14, 18)]
    first = p.codings.list(element_id=study.tech)[0].id
    before = p.undo_label()

    def tick(dialog):
        assert dialog.codings.count() == 3 and not dialog.ok_button.isEnabled()
        dialog.set_checked(extra)
        dialog.new_name.setText("数据驱动")
        assert dialog.ok_button.isEnabled()
        return ACCEPTED

    monkeypatch.setattr(SplitDialog, "exec", tick)
    view.select_element(study.tech)
    view.split_selected()
    new = p.elements.find("技术与政策驱动/数据驱动")
    assert new.parent_id == study.top
    assert sorted(c.id for c in p.codings.list(element_id=new.id)) == sorted(extra)
    assert [c.id for c in p.codings.list(element_id=study.tech)] == [first]
    assert p.undo_label() == "Split element"
    p.undo()
    assert p.undo_label() == before
    assert len(p.codings.list(element_id=study.tech)) == 3
    assert "数据驱动" not in [e.name for e in p.elements.list()]


def test_split_to_an_existing_element(view, study, monkeypatch):
    p = study.project
    coding = p.codings.list(element_id=study.cooperation)[0].id

    def tick(dialog):
        dialog.set_checked([coding])
        dialog.existing_radio.setChecked(True)
        dialog.existing.setCurrentIndex(dialog.existing.findData(study.service))
        return ACCEPTED

    monkeypatch.setattr(SplitDialog, "exec", tick)
    view.select_element(study.cooperation)
    view.split_selected()
    assert p.codings.get(coding).element_id == study.service


def test_use_as_example_sets_replaces_or_appends(view, study, monkeypatch, messages):
    p = study.project
    first = p.codings.list(element_id=study.cooperation)[0]
    view.set_example_from_coding(first.id)
    assert p.elements.get(study.cooperation).example == first.snippet
    assert view.selected_element_id() == study.cooperation
    second = p.codings.code_text(study.news, 12, 20, study.cooperation)
    answers = iter(["append", None, "replace"])
    monkeypatch.setattr(codebook_dialogs, "ask_example_mode", lambda *_a: next(answers))
    view.set_example_from_coding(second.id)
    assert p.elements.get(study.cooperation).example == f"{first.snippet}\n{second.snippet}"
    view.set_example_from_coding(second.id)  # cancelled
    assert p.elements.get(study.cooperation).example == f"{first.snippet}\n{second.snippet}"
    view.set_example_from_coding(second.id)
    assert p.elements.get(study.cooperation).example == second.snippet
    region = p.codings.list(element_id=study.service)[0]
    view.set_example_from_coding(region.id)
    assert p.elements.get(study.service).example == "" and "image region" in messages[-1]


def test_export_xlsx_then_import_into_a_new_project(study, tmp_path, monkeypatch, messages,
                                                    qtbot):
    p = study.project
    p.elements.update(study.tech, definition="用技术推动", exclusion="不含政策")
    target = tmp_path / "book"  # no suffix: the chosen file type adds it
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    written = codebook_actions.export_codebook(None, p)
    assert written == tmp_path / "book.xlsx" and written.is_file()
    assert "5 elements" in messages[-1]
    with Project.create(tmp_path / "other.cwb", coder="bob") as other:
        other.elements.add("组织协同", definition="已有定义")
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(written), ""))
        report = codebook_actions.import_codebook(None, other)
        assert report.added == 4 and report.updated == 1  # 组织协同 takes the sheet's colour
        assert other.elements.find("技术与政策驱动/技术驱动").exclusion == "不含政策"
        assert other.elements.find("组织协同").definition == "已有定义"  # empty cells: kept
        assert "Added 4 elements, updated 1" in messages[-1]


def test_import_lists_skipped_rows(study, tmp_path, monkeypatch, messages):
    sheet = tmp_path / "bad.csv"
    sheet.write_text("Element path,Colour\n新要素,#12345\n好要素,#123456\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet), ""))
    report = codebook_actions.import_codebook(None, study.project)
    assert report.added == 1 and len(report.skipped) == 1
    assert "Skipped:" in messages[-1] and "#12345" in messages[-1]


def test_open_codebook_reuses_its_window_and_follows_the_project(study, qtbot, messages):
    from PySide6.QtWidgets import QWidget
    window = QWidget()
    qtbot.addWidget(window)
    dialog = codebook_actions.open_codebook(window, study.project)
    assert codebook_actions.open_codebook(window, study.project) is dialog
    study.project.elements.add("新要素")
    assert dialog.view.model.rowCount() == 6
    codebook_actions.close_codebook(window)
    study.project.elements.add("又一个")  # no longer followed: nothing breaks
    assert dialog.view.model.rowCount() == 0
    dock = codebook_actions.make_codebook_view(study.project)
    qtbot.addWidget(dock)
    assert dock.model.rowCount() == 7


def test_the_multi_line_editor_saves_on_ctrl_enter(view, study, qtbot):
    from PySide6.QtWidgets import QPlainTextEdit
    index = cell(view, study.policy, "inclusion")
    view.view.setCurrentIndex(index)
    view.view.edit(index)
    editor = view.view.findChild(QPlainTextEdit)
    assert editor is not None and editor.height() >= 120
    editor.setPlainText("规划\n文件")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: study.project.elements.get(study.policy).inclusion == "规划\n文件")
    assert study.project.undo_label() == "Edit element"
