"""Room to read and draw at common screen sizes: each central view keeps its own side panels, a
focus toggle, titles that never widen a panel, element names in the margin, the guide.

Widths are asserted at 1366×768 (the most common laptop screen) and 1920×1080, on the demo project
— what a new user sees first.
"""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QPoint, Qt

from workbench.core import Project
from workbench.demo import build_demo

SIZES = [(1366, 768), (1920, 1080)]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.cwb"
    build_demo(path, language="zh").close()
    return path


@pytest.fixture
def opened(window, demo_file, tmp_path, qtbot):
    path = tmp_path / "demo.cwb"
    shutil.copy(demo_file, path)
    window.set_project(Project.open(path))
    return window


def _settle(qtbot):
    qtbot.wait(50)


def _show(window, qtbot, size, tab):
    window.resize(*size)
    window.central_tabs.setCurrentIndex(tab)
    _settle(qtbot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_view_gets_the_room_it_needs(opened, qtbot, size):
    window = opened
    _show(window, qtbot, size, 1)
    canvas = window.parts["diagram"].view
    assert canvas.width() >= 0.45 * size[0], canvas.width()  # was ~125 px at 1366
    assert not window.docks["sources"].isVisible()
    _show(window, qtbot, size, 2)
    assert window.parts["analysis"].width() >= 0.9 * size[0]
    _show(window, qtbot, size, 0)
    assert window.docks["sources"].isVisible() and window.docks["segments"].isVisible()
    source = next(s for s in window.project.sources.list() if s.kind == "text")
    window.activate_source(source.id)
    _settle(qtbot)
    reading = window.viewer._text.viewport().width()
    assert reading >= 420, reading


def test_a_panel_opened_in_a_view_stays_with_that_view(opened, qtbot):
    window = opened
    _show(window, qtbot, SIZES[0], 1)
    window.docks["interactions"].toggleViewAction().trigger()  # the researcher wants it here
    _settle(qtbot)
    assert window.docks["interactions"].isVisible()
    _show(window, qtbot, SIZES[0], 2)
    assert not window.docks["interactions"].isVisible()
    _show(window, qtbot, SIZES[0], 1)
    assert window.docks["interactions"].isVisible()
    assert not window.docks["sources"].isVisible()
    # the choice survives a restart (kept in the settings)
    from workbench.ui.view_layouts import ViewLayouts

    again = ViewLayouts(window.central_tabs, {"viewer": window.parts["viewer"],
                                              "diagram": window.parts["diagram"],
                                              "analysis": window.parts["analysis"]},
                        window.docks, window.settings)
    assert again.open_docks("diagram") == {"interactions"}


def test_focus_hides_every_side_panel_and_brings_them_back(opened, qtbot):
    window = opened
    _show(window, qtbot, SIZES[0], 0)
    before = {n for n, d in window.docks.items() if not d.isHidden()}
    window.menus["focus_view"].trigger()
    _settle(qtbot)
    assert all(d.isHidden() for d in window.docks.values())
    assert window.menus["focus_view"].isChecked()
    window.menus["focus_view"].trigger()
    _settle(qtbot)
    assert {n for n, d in window.docks.items() if not d.isHidden()} == before


def test_a_long_title_never_narrows_the_reading_column(opened, qtbot):
    window = opened
    _show(window, qtbot, SIZES[0], 0)
    texts = [s for s in window.project.sources.list() if s.kind == "text"]
    window.activate_source(texts[0].id)
    _settle(qtbot)
    reading = window.viewer.width()
    window.project.sources.update(texts[1].id, title="关于" + "进一步深化数据共享" * 20 + "的通知")
    window.parts["segments"].show_source(texts[1].id)
    _settle(qtbot)
    assert window.viewer.width() >= reading - 2
    label = window.parts["segments"].title
    assert label.shown_text() != label.text() and "…" in label.shown_text()
    assert label.toolTip() == label.text()


def test_element_names_are_written_beside_the_stripes_and_select_their_coding(opened, qtbot):
    window = opened
    _show(window, qtbot, SIZES[0], 0)
    coded = next(s for s in window.project.sources.list()
                 if s.kind == "text" and s.coding_count)
    window.activate_source(coded.id)
    _settle(qtbot)
    view = window.viewer._text
    view.margin.repaint()
    labels = view.margin._labels
    assert labels, "no element name was painted in the margin"
    rect, span = labels[0]
    coding = window.project.codings.get(span.coding_id)
    assert view.element_name_of(span.coding_id) == coding.element_name
    with qtbot.waitSignal(window.viewer.codingActivated) as blocker:
        qtbot.mouseClick(view.margin, Qt.MouseButton.LeftButton,
                         pos=QPoint(int(rect.center().x()), int(rect.center().y())))
    assert blocker.args == [coding.id]
    names_off = view.margin.preferred_width()
    view.margin.set_show_names(False)
    assert view.margin.preferred_width() < names_off


def test_a_number_key_with_nothing_selected_says_what_to_do(opened, qtbot):
    window = opened
    _show(window, qtbot, SIZES[0], 0)
    text = next(s for s in window.project.sources.list() if s.kind == "text")
    window.activate_source(text.id)
    _settle(qtbot)
    view = window.viewer._text
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert "Select text or draw a region first" in window.statusBar().currentMessage()


def test_the_guide_and_the_shortcut_list_open_from_help(opened, qtbot):
    from workbench.ui.help_guide import guide_markdown, open_guide

    dialog = open_guide(opened, "shortcuts")
    qtbot.addWidget(dialog)
    assert dialog.tabs.currentIndex() == 1
    shortcuts = dialog.shortcuts.toPlainText()
    assert "Ctrl+Z" in shortcuts and "Ctrl+Shift+F" in shortcuts
    assert "coding loop" in dialog.guide.toPlainText()
    assert "编码循环" in guide_markdown("zh_CN")
    dialog.close()


def test_the_sources_title_keeps_its_share_of_a_narrow_panel(opened, qtbot):
    window = opened
    _show(window, qtbot, SIZES[0], 0)
    panel = window.parts["sources"]
    table = panel.view
    assert table.columnWidth(0) >= 0.4 * table.viewport().width()
    window.resizeDocks([window.docks["sources"]], [700], Qt.Orientation.Horizontal)
    _settle(qtbot)
    assert not table.isColumnHidden(1) and not table.isColumnHidden(3)  # wide: every column


def test_the_diagram_fills_the_room_it_is_given_until_zoomed_by_hand(opened, qtbot):
    window = opened
    _show(window, qtbot, SIZES[0], 1)
    view = window.parts["diagram"].view
    view.resize(200, 150)
    _settle(qtbot)
    small = view.transform().m11()
    view.resize(900, 600)
    _settle(qtbot)
    assert view.transform().m11() > small
    view.scale(0.5, 0.5)
    view.zoomed_by_hand = True
    zoomed = view.transform().m11()
    view.resize(950, 650)
    _settle(qtbot)
    assert view.transform().m11() == zoomed


def test_the_empty_window_offers_the_guide(window, qtbot):
    page = window.viewer._empty
    assert "No project is open" in page.label.text()
    qtbot.mouseClick(page.guide, Qt.MouseButton.LeftButton)
    from workbench.ui.help_guide import GuideDialog

    dialogs = [w for w in window.findChildren(GuideDialog)]
    assert dialogs and dialogs[0].isVisible()
    dialogs[0].close()
