"""Details of many sources at once (one undo step), and the importer's date guesses: shown muted
with a "?" in the sources table, and made the date by one button in the source form."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox  # noqa: E402

from import_ui_support import new_project  # noqa: E402,F401
from workbench import i18n  # noqa: E402
from workbench.core import Project  # noqa: E402
from workbench.ui.bulk_metadata import BulkMetadataDialog  # noqa: E402
from workbench.ui.source_form import SourceForm  # noqa: E402
from workbench.ui.sources_panel import SourcesPanel  # noqa: E402


@pytest.fixture
def project(tmp_path, isolated):
    folder = tmp_path / "material"
    folder.mkdir()
    for name, text in (("2016-09-29_关于一网通办的通知.txt", "通知全文。"),
                       ("平台上线.txt", "江临市政务服务平台于2017年3月5日正式上线。"),
                       ("领导讲话.txt", "讲话全文。")):
        (folder / name).write_text(text, encoding="utf-8")
    p = Project.open(new_project(tmp_path))
    report = p.import_files([folder])
    assert len(report.imported) == 3
    yield p
    p.close()


@pytest.fixture
def panel(qtbot, project):
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    project.subscribe(panel.refresh)
    panel.resize(800, 300)
    panel.show()
    return panel


def _select_all(panel: SourcesPanel) -> None:
    panel.view.selectAll()
    assert len(panel._selected_ids()) == 3


def test_type_and_case_of_three_sources_are_set_in_one_undo_step(panel, project, monkeypatch):
    _select_all(panel)

    def fill(dialog: BulkMetadataDialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert dialog.windowTitle() == "Set details of 3 sources" and not ok.isEnabled()
        dialog.source_type.setCurrentText("政策文件")
        dialog.case.setCurrentText("江临市")
        assert dialog.checks["source_type"].isChecked() and dialog.checks["case"].isChecked()
        assert not dialog.checks["date"].isChecked() and ok.isEnabled()
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(BulkMetadataDialog, "exec", fill)
    before = project.undo_label()
    panel.edit_selected_details()
    sources = project.sources.list()
    assert {s.source_type for s in sources} == {"政策文件"}
    assert {s.cases for s in sources} == {("江临市",)}
    assert {s.date for s in sources} == {None}  # dates untouched (not ticked)
    assert project.undo_label() == "Edit source details"
    assert [panel.proxy.index(r, 1).data() for r in range(3)] == ["政策文件"] * 3
    assert len(panel._selected_ids()) == 3  # the selection survives the refresh

    project.undo()  # one step takes all three back
    assert {s.source_type for s in project.sources.list()} == {None}
    assert {s.cases for s in project.sources.list()} == {()}
    assert project.undo_label() == before


def test_a_bad_date_keeps_apply_disabled_and_an_empty_ticked_date_clears(qtbot, project):
    dialog = BulkMetadataDialog(project, 2)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.date.setText("2016-13")
    dialog._tick("date")
    assert not ok.isEnabled() and dialog.date_hint.isVisibleTo(dialog)
    dialog.date.setText("")
    dialog._update()
    assert ok.isEnabled() and dialog.values() == {"date": None}


def test_a_guessed_date_is_shown_muted_with_a_question_mark(panel, project):
    model = panel.model
    guessed = next(s for s in project.sources.list() if s.file_name == "平台上线.txt")
    dated = project.sources.update(
        next(s for s in project.sources.list() if s.file_name == "领导讲话.txt").id,
        date="2018-01")
    assert guessed.date is None and guessed.metadata["date_guess"] == "2017-03-05"
    row = model.row_of(guessed.id)
    cell = model.index(row, 2)
    assert cell.data() == "2017-03-05?"
    assert cell.data(Qt.ItemDataRole.FontRole).italic()
    assert "Guessed from the text" in cell.data(Qt.ItemDataRole.ToolTipRole)
    plain = model.index(model.row_of(dated.id), 2)
    assert plain.data() == dated.date and plain.data(Qt.ItemDataRole.FontRole) is None


def test_the_date_guess_button_sets_the_date(qtbot, project):
    i18n.set_language("en")
    form = SourceForm()
    qtbot.addWidget(form)
    form.set_project(project)
    project.subscribe(form.refresh)
    form.show()
    guessed = next(s for s in project.sources.list() if s.file_name == "平台上线.txt")
    form.show_source(guessed.id)
    assert form.guess.isVisibleTo(form)
    assert form.guess_label.text() == "Guessed from the text: 2017-03-05"
    form.guess_button.click()
    assert project.sources.get(guessed.id).date == "2017-03-05"
    assert form.lines["date"].text() == "2017-03-05" and not form.guess.isVisibleTo(form)
    project.undo()
    assert project.sources.get(guessed.id).date is None and form.guess.isVisibleTo(form)
    named = next(s for s in project.sources.list() if s.file_name.startswith("2016"))
    form.show_source(named.id)
    assert form.guess_label.text() == "Guessed from the file name: 2016-09-29"
    i18n.set_language("zh_CN")
    form.show_source(guessed.id)
    assert form.guess_label.text() == "根据正文推测：2017-03-05"
    i18n.set_language("en")


def test_the_context_menu_sets_details_and_asks_to_recognise_images(qtbot, panel, project):
    from helpers import png_bytes
    shot = project.sources.add(kind="image", title="截图", data=png_bytes(), width=120,
                               height=80, media_type="image/png")
    panel.select_source(shot.id)
    menu = panel.build_context_menu()
    texts = [action.text() for action in menu.actions()]
    assert "Set type / case / date for selected…" in texts
    with qtbot.waitSignal(panel.recogniseTextRequested) as asked:
        next(a for a in menu.actions() if a.text() == "Recognise text (OCR)").trigger()
    assert asked.args == [[shot.id]]
    project.sources.set_recognised_text(shot.id, "文字", [])
    assert "Recognise text (OCR)" not in [a.text() for a in panel.build_context_menu().actions()]
