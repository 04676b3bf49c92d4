"""Coding one passage while a source's segments are listed takes in only the new coding (the
thousands already listed are not read again), in its place in reading order. The panel gets
changes as the window hands them over: with the codings a change added (``AddedCodings``)."""
from __future__ import annotations

import pytest

from workbench.core import Project
from workbench.ui.panel_models import AddedCodings
from workbench.ui.segments_panel import SegmentsPanel

TEXT = "第一句讲技术赋能。第二句讲组织协同。第三句讲政策驱动。" * 20


@pytest.fixture
def listed(qtbot, tmp_path):
    project = Project.create(tmp_path / "s.cwb", coder="alice")
    element = project.elements.add("协同").id
    source = project.sources.add(kind="text", title="材料", data=TEXT.encode(), text=TEXT).id
    other = project.sources.add(kind="text", title="其他", data=b"x", text="其他材料文本").id
    with project.grouped("codings"):
        for start in range(0, 400, 20):
            project.codings.code_text(source, start, start + 8, element)
    panel = SegmentsPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    added = AddedCodings(project)  # as the window hands changes to its parts
    project.subscribe(lambda change: panel.refresh(added.describe(change)))
    panel.show_source(source)
    yield panel, project, source, other, element
    panel.set_project(None)
    project.close()


def test_a_new_coding_is_put_in_its_place_without_listing_the_others_again(listed):
    panel, project, source, _other, element = listed
    before = list(panel._all)
    new = project.codings.code_text(source, 105, 111, element)
    assert [c.id for c in panel._all] == sorted(
        [c.id for c in before] + [new.id], key=lambda i: project.codings.get(i).start)
    assert all(a is b for a, b in zip([c for c in panel._all if c.id != new.id], before))
    assert panel.model.total() == len(before) + 1
    assert project.codings.list(source_id=source) == panel._all  # as a full reload lists them


def test_a_coding_elsewhere_changes_nothing_and_an_undo_reloads(listed):
    panel, project, source, other, element = listed
    before = list(panel._all)
    project.codings.code_text(other, 0, 2, element)
    assert all(a is b for a, b in zip(panel._all, before)) and len(panel._all) == len(before)
    project.codings.code_text(source, 1, 3, element)
    project.undo()
    assert [c.id for c in panel._all] == [c.id for c in before]


def test_a_source_with_many_codings_reads_its_first_page_and_the_rest_when_needed(qtbot,
                                                                                 tmp_path):
    from workbench.ui.panel_tables import PAGE

    project = Project.create(tmp_path / "m.cwb", coder="alice")
    element = project.elements.add("协同").id
    text = "跨部门协同的材料。" * 200
    source = project.sources.add(kind="text", title="长", data=text.encode(), text=text).id
    with project.grouped("codings"):
        for n in range(PAGE * 2 + 30):
            project.codings.code_text(source, n % 1500, n % 1500 + 3 + n // 1500, element)
    panel = SegmentsPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    added = AddedCodings(project)  # as the window hands changes to its parts
    project.subscribe(lambda change: panel.refresh(added.describe(change)))
    panel.show_source(source)
    assert len(panel._all) == PAGE and panel.model.rowCount() == PAGE
    assert panel.view.toolTip().endswith(f"{PAGE * 2 + 30} codings")
    while panel.model.canFetchMore(panel.model.index(-1, -1)):
        panel.model.fetchMore(panel.model.index(-1, -1))
    assert panel._all == project.codings.list(source_id=source)  # in order, none twice
    assert panel.model.rowCount() == PAGE * 2 + 30
    panel.show_source(source)  # again: a first page; the search words read them all
    panel.search.setText("协同")  # the element's name: every row
    assert panel.model.total() == PAGE * 2 + 30
    panel.search.setText("")
    project.codings.code_text(source, 1, 9, element)  # taken in (or read again) in its place
    assert panel._all == project.codings.list(source_id=source)[:len(panel._all)]
    panel.set_project(None)
    project.close()


def test_a_coding_in_the_first_page_of_a_long_list_is_put_in_it_and_one_past_it_waits(qtbot,
                                                                                     tmp_path):
    """While only a source's first page is read, a new coding that falls inside the page is
    shown in its place at once; one past it only counts, and comes with the rest, once."""
    from workbench.ui.panel_tables import PAGE

    project = Project.create(tmp_path / "m.cwb", coder="alice")
    element = project.elements.add("协同").id
    text = "跨部门协同的材料。" * 200
    source = project.sources.add(kind="text", title="长", data=text.encode(), text=text).id
    with project.grouped("codings"):
        for n in range(PAGE * 2):
            project.codings.code_text(source, n, n + 5, element)
    panel = SegmentsPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    added = AddedCodings(project)
    project.subscribe(lambda change: panel.refresh(added.describe(change)))
    panel.show_source(source)
    listed = []
    original = project.codings.list
    project.codings.list = lambda **kw: listed.append(kw) or original(**kw)
    inside = project.codings.code_text(source, 10, 12, element)
    past = project.codings.code_text(source, PAGE + 50, PAGE + 52, element)
    assert listed == [{"after_id": inside.id - 1}, {"after_id": inside.id}]  # the window's
    project.codings.list = original
    rows = [panel.model.coding_at(r).id for r in range(panel.model.rowCount())]
    assert inside.id in rows and past.id not in rows and len(rows) == PAGE + 1
    assert [c.id for c in original(source_id=source)[:PAGE + 1]] == rows
    assert panel.view.toolTip().endswith(f"{PAGE * 2 + 2} codings")
    while panel.model.canFetchMore(panel.model.index(-1, -1)):
        panel.model.fetchMore(panel.model.index(-1, -1))
    assert panel._all == original(source_id=source)  # every coding once, in reading order
    panel.set_project(None)
    project.close()
