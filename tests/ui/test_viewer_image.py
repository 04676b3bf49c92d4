"""The image view: draw a rectangle with the mouse, press a number key, edit regions."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction

from viewer_support import IMAGE_SIZE
from workbench.core import Rect
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
    project.subscribe(viewer.refresh)
    viewer.set_quick_elements([e.id for e in project.elements.list()])
    viewer.resize(700, 500)
    viewer.show()
    viewer.show_source(image_id(project))
    qtbot.waitExposed(viewer)
    return viewer


def image_id(project) -> int:
    return next(s.id for s in project.sources.list() if s.kind == "image")


def drag(qtbot, view, a: QPoint, b: QPoint) -> None:
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(port, pos=(a + b) / 2)
    qtbot.mouseMove(port, pos=b)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=b)


def on_screen(view, x: float, y: float) -> QPoint:
    return view.mapFromScene(QPointF(x, y))


def test_drawn_rectangle_is_coded_in_image_pixels(qtbot, viewer, project):
    view = viewer._image
    assert view.transform().m11() > 1  # fitted: the 200×120 image is enlarged to the window
    a, b = on_screen(view, 30, 25), on_screen(view, 150, 90)
    drag(qtbot, view, a, b)
    assert viewer.has_selection()
    qtbot.keyClick(view, "2")
    (coding,) = project.codings.list()
    top_left, bottom_right = view.mapToScene(a), view.mapToScene(b)
    expected = (top_left.x(), top_left.y(), bottom_right.x() - top_left.x(),
                bottom_right.y() - top_left.y())
    got = (coding.rect.x, coding.rect.y, coding.rect.width, coding.rect.height)
    assert all(abs(g - e) <= 2 for g, e in zip(got, expected)), (got, expected)
    assert coding.element_id == project.elements.list()[1].id
    assert coding.id in view._items  # drawn


def test_rectangle_is_clipped_to_the_image(qtbot, viewer, project):
    view = viewer._image
    drag(qtbot, view, on_screen(view, 150, 60), on_screen(view, 400, 300))
    rect = view.selection_rect()
    assert abs(rect.x - 150) <= 1 and abs(rect.y - 60) <= 1
    assert (rect.x + rect.width, rect.y + rect.height) == IMAGE_SIZE


def test_region_menu_changes_element_removes_and_undo_redraws(qtbot, viewer, project):
    view = viewer._image
    red, blue, _ = project.elements.list()
    coding = project.codings.code_region(image_id(project), Rect(10, 10, 80, 50), red.id)
    assert coding.id in view._items and red.name in view.tooltip_at(on_screen(view, 40, 30))
    menu = view.build_context_menu(on_screen(view, 40, 30))
    menu.findChild(QAction, f"element:{coding.id}:{blue.id}").trigger()
    assert project.codings.get(coding.id).element_id == blue.id
    assert blue.name in view.tooltip_at(on_screen(view, 40, 30))
    menu = view.build_context_menu(on_screen(view, 40, 30))
    menu.findChild(QAction, f"remove:{coding.id}").trigger()
    assert project.codings.list() == [] and not view._items
    project.undo()
    assert coding.id in view._items
    assert view.tooltip_at(on_screen(view, 5, 5)) == ""


def test_replace_rectangle_with_the_selection_and_code_to(qtbot, viewer, project):
    view = viewer._image
    red, blue, _ = project.elements.list()
    coding = project.codings.code_region(image_id(project), Rect(10, 10, 30, 30), red.id)
    view.set_selection(Rect(5, 5, 100, 60))
    menu = view.build_context_menu(on_screen(view, 20, 20))
    menu.findChild(QAction, f"resize:{coding.id}").trigger()
    assert project.codings.get(coding.id).rect == Rect(5, 5, 100, 60)
    menu.findChild(QAction, f"code:{blue.id}").trigger()
    assert sorted(c.element_id for c in project.codings.list()) == sorted([red.id, blue.id])


def test_drag_out_carries_the_rectangle_and_keys_zoom(qtbot, viewer, project):
    view = viewer._image
    view.set_selection(Rect(1, 2, 30, 40))
    body = json.loads(bytes(view.selection_mime().data(SELECTION_MIME)).decode())
    assert body == {"source_id": image_id(project), "rect": [1, 2, 30, 40]}
    fitted = view.transform().m11()
    qtbot.keyClick(view, "+")
    assert view.transform().m11() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view, "0")
    assert view.transform().m11() == pytest.approx(fitted)


def test_clicking_a_region_activates_it_and_jump_selects_it(qtbot, viewer, project):
    view = viewer._image
    coding = project.codings.code_region(image_id(project), Rect(100, 50, 40, 40),
                                         project.elements.list()[2].id)
    with qtbot.waitSignal(viewer.codingActivated) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=on_screen(view, 120, 70))
    assert signal.args == [coding.id]
    view.set_selection(None)
    viewer.jump_to_coding(coding.id)
    assert view.selection_rect() == Rect(100, 50, 40, 40)
