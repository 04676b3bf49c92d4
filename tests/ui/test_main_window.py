"""The main window driven the way a researcher uses it: open, code, undo from the Edit menu,
drop files on the window, switch the language, open a project another window holds."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench import i18n
from workbench.core import Project
from workbench.ui.import_options import ImportOptionsDialog
from workbench.ui.import_report import ImportReportDialog
from workbench.ui.main_window import MainWindow
from workbench.ui.settings import Settings

pytestmark = pytest.mark.usefixtures("isolated")

TEXT = "江临市政务数据共享平台正式启动，首批接入公安、民政等十八个部门。\n\n平台由市信息中心负责运维。"


@pytest.fixture
def project_file(tmp_path):
    """A small Chinese project: one text source, two elements, no codings."""
    news = tmp_path / "material" / "平台启动.txt"
    news.parent.mkdir()
    news.write_text(TEXT, encoding="utf-8")
    path = tmp_path / "智慧政府.cwb"
    with Project.create(path, title="智慧政府研究", language="zh") as project:
        report = project.import_files([news])
        assert len(report.imported) == 1, report
        project.elements.add("数据共享")
        project.elements.add("组织协同")
    return path


def _ids(project):
    source = project.sources.list()[0]
    element = next(e for e in project.elements.list() if e.name == "数据共享")
    return source.id, element.id


def test_undo_and_redo_from_the_edit_menu_name_the_step(window, project_file):
    assert window.open_project(project_file)
    project = window.project
    undo, redo = window.menus["undo"], window.menus["redo"]
    assert undo.text() == "Undo Add element" and not redo.isEnabled()  # history is in the file
    assert window.windowTitle() == "智慧政府研究 — Case Workbench"

    source_id, element_id = _ids(project)
    project.codings.code_text(source_id, 0, 12, element_id)
    assert undo.isEnabled() and undo.text() == "Undo Code passage"
    assert "1 codings" in window.counts_label.text()

    undo.trigger()
    assert project.codings.list() == []
    assert undo.text() == "Undo Add element"
    assert redo.isEnabled() and redo.text() == "Redo Code passage"
    assert "0 codings" in window.counts_label.text()

    redo.trigger()
    [coding] = project.codings.list()
    assert coding.snippet == TEXT[:12]
    assert undo.text() == "Undo Code passage" and not redo.isEnabled()

    window.set_language("zh_CN")
    assert window.menus["undo"].text() == "撤销 编码段落"


def test_parts_requests_code_through_the_core(window, project_file, monkeypatch):
    assert window.open_project(project_file)
    project = window.project
    source_id, element_id = _ids(project)
    framework = window.parts["framework"]

    # A selection dragged from the viewer and dropped on an element.
    framework.selectionDropped.emit(element_id, {"source_id": source_id, "start": 3, "end": 9})
    [coding] = project.codings.list()
    assert (coding.start, coding.end, coding.element_id) == (3, 9, element_id)

    # Double-clicking an element with nothing selected says what to do instead.
    monkeypatch.setattr(window.viewer, "code_selection", lambda element: False)
    framework.elementActivated.emit(element_id)
    assert window.statusBar().currentMessage() == "Select text or draw a region first"


def test_the_framework_code_button_codes_the_viewers_selection(window, project_file):
    assert window.open_project(project_file)
    project = window.project
    source_id, element_id = _ids(project)
    window.viewer.show_source(source_id)
    window.viewer._text.select_range(3, 9)  # code points, as the reader selected them
    framework = window.parts["framework"]
    framework.select_element(element_id)
    framework.actions_["code"].trigger()
    [coding] = project.codings.list()
    assert (coding.source_id, coding.start, coding.end, coding.element_id) == \
        (source_id, 3, 9, element_id)
    assert coding.snippet == TEXT[3:9]


def test_in_vivo_coding_is_one_undo_step(window, project_file, monkeypatch):
    assert window.open_project(project_file)
    project = window.project
    source_id, _ = _ids(project)

    def code_selection(element_id):
        project.codings.code_text(source_id, 0, 10, element_id)
        return True

    monkeypatch.setattr(window.viewer, "has_selection", lambda: True)
    monkeypatch.setattr(window.viewer, "code_selection", code_selection)
    words = "  江临市政务数据共享平台\n正式启动" + "很长" * 30
    window.viewer.inVivoRequested.emit(words)

    name = " ".join(words.split())[:40]
    element = next(e for e in project.elements.list() if e.name == name)
    assert len(name) == 40 and [c.element_id for c in project.codings.list()] == [element.id]
    assert window.menus["undo"].text() == "Undo In-vivo coding"

    window.menus["undo"].trigger()  # element and coding go together
    assert project.codings.list() == []
    assert all(e.name != name for e in project.elements.list())


def test_dropping_files_imports_them_and_reports_each_file(window, project_file, tmp_path,
                                                           qtbot, monkeypatch):
    assert window.open_project(project_file)
    good = tmp_path / "drop" / "协同办公.txt"
    good.parent.mkdir()
    good.write_text("市政府成立领导小组，统筹推进跨部门协同。", encoding="utf-8")
    broken = good.parent / "会议纪要.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a Word file")
    again = good.parent / "重复.txt"
    again.write_text(TEXT, encoding="utf-8")  # same bytes as the source already imported

    shown = []

    def fake_exec(dialog):
        shown.append(dialog.rows())
        return 0

    monkeypatch.setattr(ImportReportDialog, "exec", fake_exec)
    asked = []  # the drop asks the same options as File → Import (OCR, metadata sheet)

    def accept_options(dialog):
        asked.append(dialog)
        dialog.accept()  # as pressing Import with the defaults
        return dialog.result()

    monkeypatch.setattr(ImportOptionsDialog, "exec", accept_options)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (good, broken, again)])
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)  # through Qt's virtual dispatch, as a real drag
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)

    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert len(asked) == 1
    assert window.job is None
    new_source = next(s for s in window.project.sources.list() if s.title != "平台启动")
    # The parts were refreshed after the job: the new source is listed, selected and shown.
    assert window.viewer.current_source_id() == new_source.id
    assert window.parts["sources"].selected_source_id() == new_source.id
    rows = {name: (status, detail) for status, name, _result, detail in shown[0]}
    assert rows["协同办公.txt"][0] == "imported"
    assert rows["会议纪要.docx"][0] == "refused" and rows["会议纪要.docx"][1]
    assert rows["重复.txt"][0] == "duplicate"
    titles = sorted(s.title for s in window.project.sources.list())
    assert len(titles) == 2
    assert "2 sources" in window.counts_label.text()
    assert window.menus["undo"].text() == "Undo Import source"


def _drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return True


def test_dropping_a_project_file_opens_it_even_with_nothing_open(window, project_file, qtbot):
    assert window.project is None
    assert _drop(window, [project_file])
    qtbot.waitUntil(lambda: window.project is not None, timeout=10000)
    assert window.project.path == project_file
    assert window.project.sources.list()[0].title == "平台启动"  # opened, not imported


def test_dropping_material_with_no_project_open_is_refused(window, tmp_path):
    note = tmp_path / "笔记.txt"
    note.write_text("内容", encoding="utf-8")
    assert not _drop(window, [note])
    assert window.project is None


def test_switching_language_retranslates_the_menus(window, project_file):
    assert window.open_project(project_file)
    source_id, element_id = _ids(window.project)
    window.activate_source(source_id)
    window.parts["framework"].select_element(element_id)
    window.menus.languages["zh_CN"].trigger()
    assert i18n.current_language() == "zh_CN"
    assert [window.menus.file.title(), window.menus.edit.title(), window.menus.help.title()] == \
        ["文件", "编辑", "帮助"]
    assert window.docks["sources"].windowTitle() == "资料"
    assert window.menus["open"].text() == "打开…"
    assert window.windowTitle() == "智慧政府研究 — 案例工作台"
    assert window.settings.language() == "zh_CN"
    # The parts were retranslated or rebuilt and still show what they showed.
    assert window.parts["sources"].parent() is not None
    assert window.viewer.current_source_id() == source_id
    assert window.parts["framework"].selected_element_id() == element_id
    window.menus.languages["en"].trigger()
    assert window.menus.file.title() == "File"


def test_a_project_open_elsewhere_opens_read_only_with_a_banner(window, project_file,
                                                                 monkeypatch):
    holder = Project.open(project_file)  # "another window" has it open for writing
    try:
        asked = []
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *args, **kw: asked.append(args) or QMessageBox.StandardButton.Yes)
        assert window.open_project(project_file)
        assert asked
        assert window.project.read_only
        [row] = window.messages.rows
        assert "open read-only" in row.label.text()
        assert window.windowTitle().endswith("[read-only]")
        assert not window.menus["import_files"].isEnabled()
        assert not window.can_import(quiet=True)
    finally:
        holder.close()
    [edit] = window.messages.rows[0].buttons
    assert edit.text() == "Open for editing"
    edit.click()  # the other window closed: open it for editing here
    assert not window.project.read_only
    assert window.messages.rows == [] and window.messages.area.isHidden()
    assert window.menus["import_files"].isEnabled()


def test_closing_the_window_releases_the_project(qtbot, project_file):
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(project_file)
    win.close()
    assert win.project is None
    Project.open(project_file).close()  # not locked any more
    again = Settings()
    assert again.last_project() == project_file.resolve()
    assert again.recent_projects() == [project_file.resolve()]
    assert again.window_state() is not None


def test_new_project_from_the_file_menu(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QFileDialog

    from workbench.ui.main_dialogs import NewProjectDialog

    target = tmp_path / "新研究"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def accept(dialog):
        dialog.title_edit.setText("数字政府")
        dialog.framework_combo.setCurrentIndex(dialog.framework_combo.findData(
            "joined-up-government"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewProjectDialog, "exec", accept)
    window.menus["new"].trigger()
    assert window.project is not None
    assert window.project.path == target.with_name("新研究.cwb")
    assert window.project.info().title == "数字政府"
    assert window.project.elements.list()  # the framework's elements
    assert window.parts["framework"].quick_elements()


def test_a_file_that_is_not_a_project_is_refused_with_a_sentence(window, tmp_path, isolated):
    notes = tmp_path / "notes.cwb"
    notes.write_text("这不是项目文件", encoding="utf-8")
    assert not window.open_project(notes)
    assert window.project is None
    [(kind, args)] = isolated
    assert kind == "warning" and "notes.cwb" in args[2] and "Traceback" not in args[2]
    isolated.clear()
    assert window.windowTitle() == "Case Workbench"


def test_every_undo_label_has_a_chinese_name():
    """The Edit menu says "撤销 <label>": every operation label in the code is translated."""
    import re
    from pathlib import Path

    import workbench

    # project._operation("…") and the panels' grouped(project, "…")
    pattern = re.compile(r'(?:_operation|grouped)\(\s*(?:[\w.]+,\s*)?"([^"]+)"')
    labels = {label for path in Path(workbench.__file__).parent.rglob("*.py")
              for label in pattern.findall(path.read_text(encoding="utf-8"))}
    assert "Code passage" in labels and "In-vivo coding" in labels
    catalogue = i18n.catalogue("zh_CN")
    assert sorted(label for label in labels if label not in catalogue) == []


def test_an_interaction_recorded_from_the_menu_with_selected_evidence_draws_an_arrow(
        window, project_file, qtbot):
    assert window.open_project(project_file)
    project = window.project
    source_id, sharing = _ids(project)
    cooperation = next(e.id for e in project.elements.list() if e.name == "组织协同")
    window.viewer.show_source(source_id)
    window.viewer._text.select_range(0, 12)  # the passage the researcher selected
    window.menus["new_interaction"].trigger()
    [dialog] = window.parts["interactions"].dialogs()
    assert not dialog.isModal()
    dialog.from_combo.setCurrentIndex(dialog.from_combo.findData(sharing))
    dialog.to_combo.setCurrentIndex(dialog.to_combo.findData(cooperation))
    dialog.codeSelectionRequested.emit(sharing)  # "Code the current text selection as evidence"
    [evidence] = project.codings.list(source_id=source_id, element_id=sharing)
    assert evidence.snippet == TEXT[0:12] and dialog.evidence_ids() == [evidence.id]
    with qtbot.waitSignal(dialog.saved):
        dialog.accept()
    [link] = project.interactions.list()
    assert (link.from_element_id, link.to_element_id, link.evidence) == \
        (sharing, cooperation, (evidence.id,))
    window.menus["show_diagram"].trigger()
    diagram = window.parts["diagram"]
    assert window.central_tabs.currentWidget() is diagram
    assert list(diagram.scene.edges) == [link.id]
    assert set(diagram.scene.nodes) == {sharing, cooperation}


def test_the_codebook_opens_from_the_framework_menu_and_closes_with_the_project(
        window, project_file):
    from workbench.ui.codebook_actions import CodebookDialog

    assert window.open_project(project_file)
    window.menus["codebook"].trigger()
    [dialog] = [d for d in window.findChildren(CodebookDialog) if d.isVisible()]
    assert not dialog.isModal()
    window.close_project_action()
    assert not dialog.isVisible()


def test_a_coded_segment_becomes_its_elements_example(window, project_file):
    assert window.open_project(project_file)
    project = window.project
    source_id, element_id = _ids(project)
    coding = project.codings.code_text(source_id, 0, 12, element_id)
    segments = window.parts["segments"]
    segments.show_element(element_id)
    segments.view.selectRow(0)
    assert segments.current_coding_ids() == [coding.id]
    [action] = [a for a in segments.context_menu().actions() if a.objectName() == "use_as_example"]
    action.trigger()
    assert project.elements.get(element_id).example == TEXT[0:12]


def test_agreement_window_from_the_menu_follows_changes_and_closes_with_the_project(
        window, project_file):
    from workbench.ui.agreement_view import AgreementDialog

    assert window.open_project(project_file)
    project = window.project
    source_id, element_id = _ids(project)
    project.codings.code_text(source_id, 0, 6, element_id, coder="甲")
    project.codings.code_text(source_id, 0, 4, element_id, coder="乙")
    window.menus["agreement"].trigger()
    [dialog] = [d for d in window.findChildren(AgreementDialog) if d.isVisible()]
    assert not dialog.isModal()
    project.codings.code_text(source_id, 8, 10, element_id, coder="乙")  # refreshed, no error
    window.close_project_action()
    assert not dialog.isVisible()


def test_a_search_hit_in_the_analysis_tab_opens_selected_in_its_source(window, project_file):
    assert window.open_project(project_file)
    source_id, _ = _ids(window.project)
    window.menus["show_analysis"].trigger()
    assert window.central_tabs.currentWidget() is window.parts["analysis"]
    window.parts["analysis"].sourcePositionActivated.emit(source_id, 3, 9)
    assert window.central_tabs.currentWidget() is window.viewer
    assert window.viewer.current_source_id() == source_id
    assert window.viewer._text.selection_range() == (3, 9)
