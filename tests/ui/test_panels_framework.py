"""The framework panel: counts and number keys, add/rename/recolour/delete, re-parent by drag and
drop, selections dropped from the viewer, and folded branches that survive a refresh."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtCore import QModelIndex, Qt  # noqa: E402
from PySide6.QtGui import QColor, QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QColorDialog, QDialog, QInputDialog  # noqa: E402

from workbench.ui.framework_panel import FrameworkPanel  # noqa: E402
from workbench.ui.panel_models import MIME_SELECTION, json_mime  # noqa: E402
from workbench.ui.panel_widgets import DeleteElementDialog  # noqa: E402

pytestmark = pytest.mark.usefixtures("english")

MOVE = Qt.DropAction.MoveAction


@pytest.fixture
def panel(qtbot, study):
    panel = FrameworkPanel()
    qtbot.addWidget(panel)
    panel.set_project(study.project)
    study.project.subscribe(panel.refresh)
    panel.resize(400, 400)
    panel.show()
    return panel


def row_texts(panel, element_id):
    index = panel.model.index_of(element_id)
    return [index.siblingAtColumn(c).data() for c in range(3)]


def test_tree_shows_counts_and_number_keys(panel, study):
    """Keys go to the elements one codes to (leaves), not to their categories."""
    model = panel.model
    assert model.rowCount() == 3
    assert model.rowCount(model.index_of(study.top)) == 2
    assert row_texts(panel, study.top) == ["技术与政策驱动", "2", ""]  # its two children's
    assert row_texts(panel, study.tech) == ["技术驱动", "1", "1"]
    assert row_texts(panel, study.service) == ["服务供给", "1", "4"]
    index = model.index_of(study.tech)
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()  # colour swatch
    assert panel.quick_elements()[:5] == [study.tech, study.policy, study.cooperation,
                                          study.service, None]


def test_parents_count_their_sub_elements_segments_once_as_the_report_does(qtbot, panel,
                                                                          study):
    from workbench.analysis.rollup import rollup

    p = study.project
    passage = p.codings.list(element_id=study.tech)[0]
    p.codings.code_text(passage.source_id, passage.start, passage.end, study.policy)
    rolled = rollup(p.elements.list(), p.codings.rows())
    assert rolled[study.top].total == 2  # the same passage in two children counts once
    panel._recount.timeout.emit()  # the recount that follows a pause in coding
    assert row_texts(panel, study.top)[1] == str(rolled[study.top].total)
    p.codings.code_text(passage.source_id, passage.start, passage.end, study.top)  # directly
    qtbot.waitUntil(lambda: row_texts(panel, study.top)[1] == "2 (1)")
    tip = panel.model.index_of(study.top).siblingAtColumn(1).data(Qt.ItemDataRole.ToolTipRole)
    assert "each counted once" in tip


def test_a_key_can_be_given_to_any_element_and_is_kept(qtbot, panel, study):
    panel.assign_key(study.top, 7)  # a category, on purpose
    panel.assign_key(study.service, 1)  # takes key 1 from 技术驱动
    assert panel.quick_elements()[6] == study.top
    assert panel.quick_elements()[0] == study.service
    assert study.tech not in panel.quick_elements()
    assert row_texts(panel, study.top)[2] == "7"
    assert row_texts(panel, study.policy)[2] == "2"  # the others stay where they were
    again = FrameworkPanel()  # a new window on the same project reads the same choice
    qtbot.addWidget(again)
    again.set_project(study.project)
    assert again.quick_elements() == panel.quick_elements()
    again.assign_key(study.top, None)
    assert study.top not in again.quick_elements()
    again.reset_keys()
    assert again.quick_elements()[0] == study.tech


def test_code_to_box_finds_by_name_or_pinyin_initials(qtbot, panel, study):
    box = panel.code_to
    qtbot.keyClicks(box, "jsqd")  # 技术驱动 by its pinyin initials
    assert box.matches()[0].id == study.tech
    with qtbot.waitSignal(panel.elementActivated) as blocker:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert blocker.args == [study.tech]
    assert box.text() == ""
    typed = QInputMethodEvent("", [])  # Chinese arrives from an input method, not key codes
    typed.setCommitString("服务")
    QApplication.sendEvent(box, typed)
    assert [e.id for e in box.matches()] == [study.service]


def test_add_element_and_child_through_the_actions(qtbot, monkeypatch, panel, study):
    names = iter(["数据治理", "数据标准"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (next(names), True))
    with qtbot.waitSignal(panel.quickElementsChanged) as blocker:
        panel.actions_["add"].trigger()
    added = study.project.elements.find("数据治理")
    assert added.parent_id is None
    assert panel.selected_element_id() == added.id
    assert blocker.args[0][4] == added.id  # the fifth leaf in tree order: gets key 5
    assert row_texts(panel, added.id) == ["数据治理", "0", "5"]
    panel.actions_["child"].trigger()
    child = study.project.elements.find("数据治理/数据标准")
    assert child.parent_id == added.id
    assert panel.model.index_of(child.id).parent() == panel.model.index_of(added.id)


def test_drag_and_drop_reparents_through_the_core(qtbot, panel, study):
    model, elements = panel.model, study.project.elements
    mime = model.mimeData([model.index_of(study.service)])
    model.dropMimeData(mime, MOVE, -1, 0, model.index_of(study.cooperation))  # onto an element
    qtbot.waitUntil(lambda: elements.get(study.service).parent_id == study.cooperation)
    assert model.index_of(study.service).parent() == model.index_of(study.cooperation)
    mime = model.mimeData([model.index_of(study.service)])
    assert model.canDropMimeData(mime, MOVE, -1, -1, QModelIndex())
    model.dropMimeData(mime, MOVE, -1, -1, QModelIndex())  # onto empty space
    qtbot.waitUntil(lambda: elements.get(study.service).parent_id is None)
    mime = model.mimeData([model.index_of(study.service)])
    model.dropMimeData(mime, MOVE, 0, 0, QModelIndex())  # between rows: first at the top
    qtbot.waitUntil(lambda: [e.id for e in elements.children(None)][0] == study.service)
    mime = model.mimeData([model.index_of(study.top)])  # never into its own branch
    assert not model.canDropMimeData(mime, MOVE, -1, 0, model.index_of(study.tech))
    assert not model.dropMimeData(mime, MOVE, -1, 0, model.index_of(study.tech))
    assert elements.get(study.top).parent_id is None


def test_selection_dropped_on_an_element_is_reported(qtbot, panel, study):
    payload = {"source_id": study.news, "start": 3, "end": 9}
    mime = json_mime(MIME_SELECTION, payload)
    target = panel.model.index_of(study.policy)
    assert not panel.model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    with qtbot.waitSignal(panel.selectionDropped) as blocker:
        panel.model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, target)
    assert blocker.args == [study.policy, payload]
    region = {"source_id": study.shot, "rect": [1, 2, 30, 40]}
    with qtbot.waitSignal(panel.selectionDropped) as blocker:
        panel.model.dropMimeData(json_mime(MIME_SELECTION, region), MOVE, -1, 1,
                                 target.siblingAtColumn(1))
    assert blocker.args == [study.policy, region]


def test_double_click_activates_and_click_selects(qtbot, panel, study):
    rect = panel.view.visualRect(panel.model.index_of(study.cooperation))
    with qtbot.waitSignal(panel.elementSelected) as selected:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert selected.args == [study.cooperation]
    with qtbot.waitSignal(panel.elementActivated) as activated:
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert activated.args == [study.cooperation]


def test_inline_rename_recolour_and_undo(qtbot, monkeypatch, panel, study):
    project = study.project
    panel.select_element(study.tech)
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = panel.view.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Tech")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: project.elements.get(study.tech).name == "Tech")
    panel.model.setData(panel.model.index_of(study.tech), "技术赋能")
    qtbot.waitUntil(lambda: project.elements.get(study.tech).name == "技术赋能")
    assert row_texts(panel, study.tech)[0] == "技术赋能"
    panel.select_element(study.tech)
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#123456"))
    panel.actions_["color"].trigger()
    assert project.elements.get(study.tech).color == "#123456"
    project.undo()
    project.undo()
    project.undo()
    assert row_texts(panel, study.tech)[0] == "技术驱动"


def test_delete_moves_codings_where_the_dialog_says(monkeypatch, panel, study):
    def accept_moving_to_service(dialog):
        dialog.move_radio.setChecked(True)
        dialog.target.setCurrentIndex(dialog.target.findData(study.service))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DeleteElementDialog, "exec", accept_moving_to_service)
    panel.select_element(study.cooperation)
    panel.actions_["delete"].trigger()
    assert not panel.model.index_of(study.cooperation).isValid()
    assert row_texts(panel, study.service)[1] == "2"
    assert study.project.elements.get(study.service).coding_count == 2


def test_folded_branches_stay_folded_after_refresh(panel, study):
    top = panel.model.index_of(study.top)
    assert panel.view.isExpanded(top)
    panel.view.collapse(top)
    study.project.elements.add("新要素", parent_id=study.top)
    top = panel.model.index_of(study.top)
    assert panel.model.rowCount(top) == 3
    assert not panel.view.isExpanded(top)
    study.project.undo()
    assert not panel.view.isExpanded(panel.model.index_of(study.top))
    assert panel.model.rowCount(panel.model.index_of(study.top)) == 2


def test_a_drop_event_on_the_tree_reaches_the_model(qtbot, panel, study):
    """The whole Qt path: drag enter/move/drop events on the viewport, as the viewer's drag
    would send them, end in selectionDropped for the element under the pointer."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    payload = {"source_id": study.news, "start": 0, "end": 4}
    mime = json_mime(MIME_SELECTION, payload)
    viewport = panel.view.viewport()
    point = panel.view.visualRect(panel.model.index_of(study.service)).center()
    copy, left = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, copy, mime, left, none)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(viewport, QDragMoveEvent(point, copy, mime, left, none))
    with qtbot.waitSignal(panel.selectionDropped) as blocker:
        QApplication.sendEvent(viewport, QDropEvent(QPointF(point), copy, mime, left, none))
    assert blocker.args == [study.service, payload]
    assert panel.model.rowCount() == 3  # nothing was moved or removed by the view
    mime = panel.model.mimeData([panel.model.index_of(study.service)])  # an element row
    point = panel.view.visualRect(panel.model.index_of(study.cooperation)).center()
    move = Qt.DropAction.MoveAction
    QApplication.sendEvent(viewport, QDragEnterEvent(point, move, mime, left, none))
    QApplication.sendEvent(viewport, QDragMoveEvent(point, move, mime, left, none))
    QApplication.sendEvent(viewport, QDropEvent(QPointF(point), move, mime, left, none))
    qtbot.waitUntil(lambda: study.project.elements.get(study.service).parent_id
                    == study.cooperation)
    assert panel.model.index_of(study.service).parent() == panel.model.index_of(study.cooperation)


def test_folds_survive_a_full_refresh_but_not_a_new_project(panel, study):
    panel.view.collapse(panel.model.index_of(study.top))
    panel.refresh(None)
    assert not panel.view.isExpanded(panel.model.index_of(study.top))
    panel.set_project(study.project)
    assert panel.view.isExpanded(panel.model.index_of(study.top))
