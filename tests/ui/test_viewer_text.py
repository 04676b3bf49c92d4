"""The text view driven as a researcher drives it: select, press a number key, right-click."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QTextCursor
from PySide6.QtWidgets import QInputDialog, QMessageBox

from viewer_support import TEXT
from workbench.ui.offsets import OffsetMap
from workbench.ui.source_viewer import SourceViewer
from workbench.ui.text_view import SELECTION_MIME


@pytest.fixture
def project(viewer_project):
    return viewer_project


@pytest.fixture
def viewer(qtbot, project):
    viewer = SourceViewer()
    qtbot.addWidget(viewer)
    viewer.set_project(project)
    project.subscribe(viewer.refresh)  # what the main window does
    viewer.set_quick_elements([e.id for e in project.elements.list()])
    viewer.resize(900, 600)
    viewer.show()
    viewer.show_source(source_id(project, "text"))
    qtbot.waitExposed(viewer)
    return viewer


def source_id(project, kind: str) -> int:
    return next(s.id for s in project.sources.list() if s.kind == kind)


def utf16(cp: int) -> int:  # independent of the offsets module
    return len(TEXT[:cp].encode("utf-16-le")) // 2


def select(viewer, start: int, end: int) -> None:
    """Select TEXT[start:end] (code points) the way a mouse drag leaves the cursor."""
    view = viewer._text
    offsets = OffsetMap(TEXT)
    cursor = QTextCursor(view.document())
    cursor.setPosition(offsets.to_utf16(start))
    cursor.setPosition(offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def point_at(viewer, cp: int) -> QPoint:
    """The middle of character TEXT[cp] on screen (viewport coordinates)."""
    view = viewer._text
    cursor = QTextCursor(view.document())
    cursor.setPosition(utf16(cp))
    left = view.cursorRect(cursor)
    cursor.setPosition(utf16(cp + 1))
    right = view.cursorRect(cursor)
    x = (left.left() + right.left()) // 2 if right.top() == left.top() else left.left() + 3
    return QPoint(x, left.center().y())


def underlines(viewer, cp_start: int, cp_end: int) -> set[str]:
    """Underline colours of the highlight formats covering TEXT[cp_start:cp_end]."""
    document = viewer._text.document()
    a, b = utf16(cp_start), utf16(cp_end)
    block = document.findBlock(a)
    found = set()
    for fmt_range in block.layout().formats():
        lo = block.position() + fmt_range.start
        if lo <= a and lo + fmt_range.length >= b:
            found.add(fmt_range.format.underlineColor().name().upper())
    return found


def test_number_key_codes_the_selection_and_draws_it(qtbot, viewer, project):
    first = project.elements.list()[0]
    start = TEXT.index("政府部门之间")
    select(viewer, start, start + len("政府部门之间"))
    qtbot.keyClick(viewer._text, "1")
    (coding,) = project.codings.list()
    assert (coding.start, coding.end, coding.element_id) == (start, start + 6, first.id)
    assert coding.snippet == "政府部门之间"
    assert first.color.upper() in underlines(viewer, start, start + 6)
    assert not underlines(viewer, 0, 2)  # nothing else is drawn


def test_offsets_after_an_astral_character_are_code_points(qtbot, viewer, project):
    second = project.elements.list()[1]
    start = TEXT.index("The agencies")
    assert utf16(start) == start + 1  # 𠮷 comes earlier in this line
    select(viewer, start, start + len("The agencies"))
    qtbot.keyClick(viewer._text, "2")
    (coding,) = project.codings.list()
    assert (coding.start, coding.end, coding.element_id) == (start, start + 12, second.id)
    assert coding.snippet == "The agencies"
    assert second.color.upper() in underlines(viewer, start, start + 12)


def test_a_selection_holding_the_astral_character_keeps_it_whole(qtbot, viewer, project):
    start = TEXT.index("𠮷野家")
    select(viewer, start, start + 3)
    assert viewer.selected_text() == "𠮷野家"
    qtbot.keyClick(viewer._text, "3")
    (coding,) = project.codings.list()
    assert coding.snippet == "𠮷野家"


def test_undo_removes_the_highlight(qtbot, viewer, project):
    start = TEXT.index("协同治理")
    select(viewer, start, start + 4)
    qtbot.keyClick(viewer._text, "1")
    assert underlines(viewer, start, start + 4)
    project.undo()
    assert project.codings.list() == []
    assert not underlines(viewer, start, start + 4)
    project.redo()
    assert underlines(viewer, start, start + 4)


def test_overlapping_codings_stay_visible_in_text_and_margin(viewer, project):
    sid = source_id(project, "text")
    red, blue, _ = project.elements.list()
    start = TEXT.index("跨部门合作")
    project.codings.code_text(sid, start - 5, start + 5, red.id)
    project.codings.code_text(sid, start, start + 3, blue.id)
    assert underlines(viewer, start, start + 3) == {blue.color.upper()}  # the inner one
    assert underlines(viewer, start - 5, start - 1) == {red.color.upper()}
    formats = viewer._text.document().findBlock(utf16(start)).layout().formats()
    backgrounds = {r.format.background().color().name() for r in formats}
    assert len(formats) == 3 and len(backgrounds) == 2  # red, red+blue mixed, red
    spans = viewer._text.margin.spans_at(QPoint(8, point_at(viewer, start).y()))
    assert {s.element_id for s in spans} == {red.id, blue.id}


def test_tooltip_names_element_coder_and_memo(viewer, project):
    sid = source_id(project, "text")
    element = project.elements.list()[1]
    start = TEXT.index("协同治理")
    project.codings.code_text(sid, start, start + 4, element.id, memo="关键证据")
    tip = viewer._text.tooltip_at(point_at(viewer, start + 1))
    assert element.name in tip and "tester" in tip and "关键证据" in tip
    assert viewer._text.tooltip_at(point_at(viewer, 1)) == ""


def menu_action(viewer, cp: int, name: str) -> QAction:
    menu = viewer._text.build_context_menu(point_at(viewer, cp))
    action = menu.findChild(QAction, name)
    assert action is not None, [a.objectName() for a in menu.findChildren(QAction)]
    return action


def test_context_menu_removes_and_recolours_a_coding(viewer, project):
    sid = source_id(project, "text")
    red, blue, _ = project.elements.list()
    start = TEXT.index("shared data")
    coding = project.codings.code_text(sid, start, start + 6, red.id)
    menu_action(viewer, start + 2, f"element:{coding.id}:{blue.id}").trigger()
    assert project.codings.get(coding.id).element_id == blue.id
    assert underlines(viewer, start, start + 6) == {blue.color.upper()}
    menu_action(viewer, start + 2, f"remove:{coding.id}").trigger()
    assert project.codings.list() == []
    assert not underlines(viewer, start, start + 6)


def test_context_menu_memo_resize_code_to_and_in_vivo(qtbot, viewer, project, monkeypatch):
    sid = source_id(project, "text")
    red, blue, _ = project.elements.list()
    start = TEXT.index("中文 mixed")
    coding = project.codings.code_text(sid, start, start + 2, red.id)
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        staticmethod(lambda *args, **kw: ("新的备忘\n第二行", True)))
    menu_action(viewer, start, f"memo:{coding.id}").trigger()
    assert project.codings.get(coding.id).memo == "新的备忘\n第二行"
    select(viewer, start, start + 8)
    menu_action(viewer, start, f"resize:{coding.id}").trigger()
    assert project.codings.get(coding.id).snippet == "中文 mixed"
    assert underlines(viewer, start + 3, start + 8) == {red.color.upper()}
    menu_action(viewer, start, f"code:{blue.id}").trigger()
    assert {c.element_id for c in project.codings.list()} == {red.id, blue.id}
    with qtbot.waitSignal(viewer.inVivoRequested) as signal:
        menu_action(viewer, start, "invivo").trigger()
    assert signal.args == ["中文 mixed"]


def test_drag_and_copy_carry_the_code_point_range(viewer, project):
    start = TEXT.index("openly")
    select(viewer, start, start + 6)
    data = viewer._text.createMimeDataFromSelection()
    body = json.loads(bytes(data.data(SELECTION_MIME)).decode())
    assert body == {"source_id": source_id(project, "text"), "start": start, "end": start + 6}
    assert data.text() == "openly"


def test_clicking_a_highlight_activates_its_coding(qtbot, viewer, project):
    sid = source_id(project, "text")
    start = TEXT.index("English and")
    coding = project.codings.code_text(sid, start, start + 7, project.elements.list()[0].id)
    with qtbot.waitSignal(viewer.codingActivated) as signal:
        qtbot.mouseClick(viewer._text.viewport(), Qt.MouseButton.LeftButton,
                         pos=point_at(viewer, start + 2))
    assert signal.args == [coding.id]
    assert viewer._text.highlighter.emphasis == coding.id


def test_jump_selects_the_coding_and_deleting_the_source_empties_the_view(viewer, project):
    sid = source_id(project, "text")
    start = TEXT.index("😀")
    coding = project.codings.code_text(sid, start, start + 7, project.elements.list()[2].id)
    viewer.show_source(source_id(project, "image"))
    viewer.jump_to_coding(coding.id)
    assert viewer.current_source_id() == sid
    assert viewer.has_selection() and viewer.selected_text() == "😀 openl"
    project.sources.delete(sid)
    assert viewer.current_source_id() is None and viewer.currentIndex() == 0


def test_colour_change_of_an_element_redraws(viewer, project):
    sid = source_id(project, "text")
    element = project.elements.list()[0]
    start = TEXT.index("第三段")
    project.codings.code_text(sid, start, start + 3, element.id)
    project.elements.update(element.id, color="#123456")
    assert underlines(viewer, start, start + 3) == {QColor("#123456").name().upper()}
    project.elements.update(element.id, name="协同治理")
    assert "协同治理" in viewer._text.tooltip_at(point_at(viewer, start + 1))


def test_number_key_without_selection_or_quick_element_does_nothing(qtbot, viewer, project,
                                                                    monkeypatch):
    qtbot.keyClick(viewer._text, "1")
    select(viewer, 0, 3)
    qtbot.keyClick(viewer._text, "9")  # only three quick elements
    assert project.codings.list() == []
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: shown.append(a[2])))
    assert viewer.code_selection(999999) is False  # a deleted element: one sentence, no trace
    assert len(shown) == 1 and "999999" in shown[0]


def test_pressing_inside_the_selection_and_moving_starts_a_drag(qtbot, viewer, monkeypatch):
    from workbench.ui.text_view import TextSourceView
    made = []
    original = TextSourceView.createMimeDataFromSelection

    def spy(self):
        data = original(self)
        made.append(json.loads(bytes(data.data(SELECTION_MIME)).decode()))
        return data

    monkeypatch.setattr(TextSourceView, "createMimeDataFromSelection", spy)
    start = TEXT.index("政府部门")
    select(viewer, start, start + 4)
    port, press = viewer._text.viewport(), point_at(viewer, start + 1)
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=press)
    qtbot.mouseMove(port, pos=press + QPoint(40, 40))
    qtbot.mouseMove(port, pos=press + QPoint(80, 80))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=press + QPoint(80, 80))
    assert made and made[0]["start"] == start and made[0]["end"] == start + 4


def test_refresh_lists_codings_only_when_it_must(qtbot, viewer, project, monkeypatch):
    listed = []
    original = project.codings.list
    monkeypatch.setattr(project.codings, "list",
                        lambda **kw: listed.append(kw) or original(**kw))
    start = TEXT.index("协同治理")
    select(viewer, start, start + 4)
    qtbot.keyClick(viewer._text, "1")        # our own action: the core hands back the coding
    project.undo()                           # undoing it: recognised without a listing
    project.memos.add("project", None, title="日志", body="无关的变化")
    project.elements.add("新要素")            # a new element changes no highlight
    assert listed == []
    assert not underlines(viewer, start, start + 4)
    coding = project.codings.code_text(source_id(project, "text"), start, start + 2,
                                       project.elements.list()[0].id)  # someone else's change
    assert len(listed) == 1 and underlines(viewer, start, start + 2)
    assert coding.id in viewer._text._codings
