"""Coding a passage in the window: the sources list, the framework tree and the segments list
take in the new coding (one row's count, one element's count, one row) without listing sources,
elements or codings again, and show exactly what reading everything again shows."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from panels_support import make_study
from workbench.core import Project

pytestmark = pytest.mark.usefixtures("isolated")


def rows(model, parent=QModelIndex()) -> list:
    """Every row's shown texts (and tooltips), depth first."""
    found = []
    for row in range(model.rowCount(parent)):
        found.append(tuple((model.index(row, column, parent).data(),
                            model.index(row, column, parent).data(Qt.ItemDataRole.ToolTipRole))
                           for column in range(model.columnCount(parent))))
        found += rows(model, model.index(row, 0, parent))
    return found


def shown(window) -> dict:
    parts = window.parts
    framework = parts["framework"]
    if framework._recount.isActive():  # the parents' totals, recounted once coding pauses
        framework._recount.stop()
        framework._update_rolled()
    return {"sources": rows(parts["sources"].proxy), "framework": rows(parts["framework"].model),
            "segments": rows(parts["segments"].model),
            "segments tooltip": parts["segments"].view.toolTip(),
            "interactions": rows(parts["interactions"].model),
            "element form": parts["element_form"].count.text(),
            "highlights": sorted(window.viewer._text.highlighter.index.spans(),
                                 key=lambda s: s.coding_id),
            "status": window.counts_label.text(), "undo": window.menus["undo"].text(),
            "title": window.windowTitle(),
            "enabled": sorted(k for k, a in window.menus.actions.items() if a.isEnabled())}


@pytest.fixture
def opened(window, tmp_path):
    study = make_study(tmp_path)
    path = study.project.path
    study.project.close()
    assert window.open_project(path)
    return window, window.project, study


@pytest.fixture
def listings(opened, monkeypatch):
    """Calls that list sources, elements, codings or interactions, by name."""
    _window, project, _study = opened
    calls: list = []
    for part, name in ((project.sources, "list"), (project.elements, "list"),
                       (project.codings, "list"), (project.interactions, "list")):
        original = getattr(part, name)
        monkeypatch.setattr(part, name, lambda *a, _o=original, _n=type(part).__name__, **k:
                            calls.append((_n, k)) or _o(*a, **k))
    return calls


def test_coding_updates_every_list_in_place_as_reading_everything_again_would(opened,
                                                                             listings):
    window, project, study = opened
    window.activate_source(study.news)
    window.parts["sources"].select_source(study.news)
    listings.clear()
    project.codings.code_text(study.news, 12, 20, study.cooperation)
    assert listings == [("Codings", {"after_id": project.codings.newest_id() - 1})]
    after = shown(window)
    sources = window.parts["sources"]
    assert sources.selected_source_id() == study.news  # the row stays selected
    news_row = next(r for r in after["sources"] if r[0][0] == "智慧城市新闻")
    assert news_row[4][0] == 3
    assert any(r[0][0] == "组织协同" and r[1][0] == "2" for r in after["framework"])
    assert len(after["segments"]) == 3 and after["status"].endswith("5 codings")
    window.refresh_all()  # everything read again
    assert shown(window) == after


def test_a_list_sorted_by_its_counts_moves_the_coded_source(opened, listings):
    window, project, study = opened
    sources = window.parts["sources"]
    sources.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    titles = [r[0][0] for r in rows(sources.proxy)]
    assert titles.index("智慧城市新闻") < titles.index("政务数据共享规划")
    for start in (0, 4, 14):
        project.codings.code_text(study.plan, start, start + 3, study.policy)
    titles = [r[0][0] for r in rows(sources.proxy)]
    assert titles.index("政务数据共享规划") < titles.index("智慧城市新闻")
    assert not [c for c in listings if c[0] == "Sources"]
    before = shown(window)
    window.refresh_all()
    assert shown(window) == before


def test_an_element_s_segments_take_in_a_coding_of_a_sub_element_when_they_include_them(
        opened, listings):
    window, project, study = opened
    segments = window.parts["segments"]
    window.select_element(study.top)
    segments.descendants.setChecked(True)
    assert len(rows(segments.model)) == 2  # 技术驱动 and 政策驱动 one each
    listings.clear()
    new = project.codings.code_text(study.news, 20, 26, study.tech)
    assert [c[0] for c in listings] == ["Codings"]
    assert [segments.model.coding_at(r).id for r in range(segments.model.rowCount())][1] == new.id
    project.codings.code_text(study.news, 26, 30, study.cooperation)  # not below 技术与政策驱动
    before = shown(window)
    assert len(before["segments"]) == 3
    window.refresh_all()
    assert shown(window) == before


def test_undo_redo_and_other_changes_read_everything_again(opened, listings):
    window, project, study = opened
    window.activate_source(study.news)
    project.codings.code_text(study.news, 12, 20, study.cooperation)
    coded = shown(window)
    listings.clear()
    project.undo()
    assert ("Sources", {}) in listings and ("Elements", {}) in listings
    undone = shown(window)
    assert undone["status"].endswith("4 codings") and len(undone["segments"]) == 2
    project.redo()
    assert shown(window)["sources"] == coded["sources"]
    listings.clear()
    [coding] = [c for c in project.codings.list(source_id=study.news) if c.start == 12]
    project.codings.delete(coding.id)  # "Remove coding": counts go down, everything is read
    assert ("Sources", {}) in listings
    assert shown(window)["sources"] == undone["sources"]


def test_a_coding_is_nobody_s_evidence_so_the_interactions_are_not_read_again(opened,
                                                                             listings):
    window, project, study = opened
    project.codings.code_text(study.news, 12, 20, study.cooperation)
    assert not [c for c in listings if c[0] == "Interactions"]
    project.elements.add("新要素")
    assert [c for c in listings if c[0] == "Interactions"]


def test_the_first_coding_after_opening_and_after_a_job_is_taken_in_too(window, tmp_path,
                                                                       listings=None):
    study = make_study(tmp_path)
    path = study.project.path
    study.project.close()
    assert window.open_project(path)
    project: Project = window.project
    window.activate_source(study.plan)
    before = len(rows(window.parts["segments"].model))
    project.codings.code_text(study.plan, 0, 3, study.policy)
    assert len(rows(window.parts["segments"].model)) == before + 1
    window.refresh_all()  # as after a background job
    project.codings.code_text(study.plan, 4, 6, study.policy)
    assert len(rows(window.parts["segments"].model)) == before + 2


def test_the_first_coding_of_an_element_shows_its_source_s_date(opened):
    window, project, study = opened
    window.select_element(study.top)  # no codings of its own yet
    assert rows(window.parts["segments"].model) == []
    project.codings.code_text(study.news, 20, 26, study.top)
    coded = shown(window)
    assert coded["segments"][0][2][0] == "2021-03-05"
    window.refresh_all()
    assert shown(window) == coded


def test_a_region_coded_on_a_screenshot_is_taken_in_as_a_passage_is(opened, listings):
    from workbench.core import Rect

    window, project, study = opened
    window.activate_source(study.shot)
    listings.clear()
    project.codings.code_region(study.shot, Rect(400, 300, 100, 80), study.service)
    assert ("Sources", {}) not in listings and ("Elements", {}) not in listings
    coded = shown(window)
    assert len(coded["segments"]) == 2
    window.refresh_all()
    assert shown(window) == coded
