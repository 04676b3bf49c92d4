"""The analysis panel shows what workbench.analysis computes: tables and their charts, the codings
behind a cell, matrix notes, KWIC search, auto-code review, word frequency with the dictionary and
topics (the last two as background jobs)."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from workbench.analysis import tables
from workbench.core import Project
from workbench.ui.analysis_panel import AnalysisPanel

TEXT_A = ("江临市𠮷推进一网通办改革，建设数据中台。一网通办让群众少跑腿。\n"
          "数据中台汇聚部门数据。")
TEXT_B = "政务服务一网通办全面推行。各部门协同共享数据，数据中台支撑审批。"


@pytest.fixture
def study(tmp_path):
    p = Project.create(tmp_path / "analysis.cwb", title="分析测试", coder="alice")
    tech = p.elements.add("技术赋能")
    org = p.elements.add("组织协同")
    a = p.sources.add(kind="text", title="新闻一", data=TEXT_A.encode(), text=TEXT_A,
                      date="2018-05-01", cases=["江临市"])
    b = p.sources.add(kind="text", title="方案二", data=TEXT_B.encode(), text=TEXT_B,
                      date="2019-03-01", cases=["海滨市"])
    p.codings.code_text(a.id, 4, 12, tech.id)
    p.codings.code_text(a.id, 6, 20, org.id)
    p.codings.code_text(b.id, 0, 10, tech.id)
    p.codings.code_text(b.id, 14, 24, org.id)
    yield p
    p.close()


@pytest.fixture
def panel(analysis_panel):
    return analysis_panel


def _grid_numbers(grid, rows, cols):
    return [[int(grid.item(r, c).text()) for c in range(cols)] for r in range(rows)]


def test_frequency_table_shows_the_numbers_of_tables_frequency(panel, study):
    view = panel.tables
    view.by.setCurrentIndex(view.by.findData("case"))
    expected = tables.frequency(study, by="case", unit="codings")
    assert view.grid.rowCount() == len(expected.row_labels)
    assert [view.grid.horizontalHeaderItem(c).text() for c in range(len(expected.column_labels))] \
        == expected.column_labels
    assert _grid_numbers(view.grid, len(expected.row_labels), len(expected.column_labels)) \
        == expected.cells
    # the chart below the table is an embedded canvas that draws
    assert view.chart.canvas is not None
    view.chart.canvas.draw()
    assert view.chart.figure.axes


def test_clicking_a_cell_lists_its_codings_and_a_click_emits_codingActivated(panel, study, qtbot):
    view = panel.tables
    view.by.setCurrentIndex(view.by.findData("source"))
    expected = tables.frequency(study, by="source")
    view.grid.cellClicked.emit(0, 0)
    assert view.segments.coding_ids() == expected.details[(0, 0)]
    with qtbot.waitSignal(panel.codingActivated) as signal:
        view.segments.itemClicked.emit(view.segments.item(0))
    assert signal.args == [expected.details[(0, 0)][0]]


def test_other_tables_compute_and_draw(panel, study):
    view = panel.tables
    for kind in ("cooccurrence", "matrix", "timeline", "coverage"):
        view.kind.setCurrentIndex(view.kind.findData(kind))
        assert view.grid.rowCount() > 0, kind
    view.kind.setCurrentIndex(view.kind.findData("cooccurrence"))
    assert view.chart.canvas is not None
    view.grid.cellClicked.emit(0, 1)  # the two elements' overlapping codings in source one
    assert len(view.segments.coding_ids()) >= 2


def test_a_matrix_note_saved_in_the_editor_is_in_the_project(panel, study):
    view = panel.tables
    view.kind.setCurrentIndex(view.kind.findData("matrix"))
    matrix = tables.case_matrix(study)
    view.grid.cellDoubleClicked.emit(0, 1)
    assert view.segments.count() == len(matrix.quotes[(0, 1)])
    view.note.setPlainText("两市差异明显")
    view.save_note_button.click()
    case_id, element_id = matrix.table.row_ids[0], matrix.table.column_ids[1]
    assert study.matrix_notes.get(case_id, element_id) == "两市差异明显"


def test_export_table_writes_csv_with_bom(panel, tmp_path, monkeypatch):
    target = tmp_path / "freq.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    panel.tables.export_table_button.click()
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(target, encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][0] == "技术赋能"


def test_export_table_as_xlsx_and_chart_as_png_and_svg(panel, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    targets = iter([tmp_path / "freq.xlsx", tmp_path / "chart.png", tmp_path / "chart.svg"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(targets)), ""))
    panel.tables.export_table_button.click()
    sheet = load_workbook(tmp_path / "freq.xlsx").active
    assert sheet.cell(2, 1).value == "技术赋能"
    assert isinstance(sheet.cell(2, 2).value, int)
    panel.tables.export_chart_button.click()
    panel.tables.export_chart_button.click()
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert "<svg" in (tmp_path / "chart.svg").read_text(encoding="utf-8")


def test_kwic_search_shows_hits_and_double_click_emits_code_point_offsets(panel, study, qtbot):
    panel.show_tab("search")
    view = panel.search
    view.query.setText("一网通办")
    view.search_button.click()
    assert view.model.rowCount() == 3
    first = view.model.lines[0]
    assert TEXT_A[first.start:first.end] == "一网通办"
    assert first.start == TEXT_A.index("一网通办")  # code points: 𠮷 counts once
    assert view.model.index(0, 1).data() == "一网通办"
    assert view.model.index(0, 1).data(Qt.ItemDataRole.FontRole).bold()
    assert "3" in view.count_label.text()
    with qtbot.waitSignal(panel.sourcePositionActivated) as signal:
        view.view.doubleClicked.emit(view.model.index(0, 0))
    assert signal.args == [first.source_id, first.start, first.end]


def test_auto_code_review_applies_the_checked_proposals_as_one_undo_step(panel, study, qtbot):
    panel.show_tab("autocode")
    view = panel.autocode
    element = study.elements.list()[1]
    view.select_element(element.id)
    view.query.setText("数据中台")
    view.unit.setCurrentIndex(view.unit.findData("hit"))
    view.propose_button.click()
    assert view.list.count() == 3
    assert all(view.list.item(i).checkState() == Qt.CheckState.Checked for i in range(3))
    view.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    kept = view.checked_proposals()
    with qtbot.waitSignal(panel.sourcePositionActivated) as signal:
        view.list.itemDoubleClicked.emit(view.list.item(0))
    first = view.proposals[0]
    assert signal.args == [first.source_id, first.start, first.end]
    before = len(study.codings.list(element_id=element.id))
    view.apply_button.click()
    after = study.codings.list(element_id=element.id)
    assert len(after) == before + 2
    assert {(c.source_id, c.start, c.end) for c in after} >= \
        {(p.source_id, p.start, p.end) for p in kept}
    assert "2" in view.message.text()
    study.undo()
    assert len(study.codings.list(element_id=element.id)) == before


def test_word_frequency_job_keeps_a_dictionary_term_whole(panel, study, qtbot):
    panel.show_tab("words")
    view = panel.words
    view.run_button.click()
    qtbot.waitUntil(lambda: view.result is not None, timeout=60000)
    assert "数据中台" not in [w.word for w in view.result]
    view.dictionary.add_terms("数据中台，一网通办")
    assert study.dictionary.terms() == ["一网通办", "数据中台"]
    assert view.dictionary.list.count() == 2
    view.result = None
    view.run_button.click()
    qtbot.waitUntil(lambda: view.result is not None, timeout=60000)
    counts = {w.word: w.count for w in view.result}
    assert counts["数据中台"] == 3 and counts["一网通办"] == 3
    assert view.grid.item(0, 0).text() in counts
    assert view.chart.canvas is not None


def test_topics_job_shows_topics_and_prevalence(panel, study, qtbot):
    panel.show_tab("topics")
    view = panel.topics
    view.k.setValue(2)
    view.run_button.click()
    qtbot.waitUntil(lambda: view.model is not None, timeout=60000)
    assert view.grid.rowCount() == 2
    assert view.grid.item(0, 1).text()
    assert view.periods.rowCount() == 2
    assert view.chart.canvas is not None


def test_tables_recompute_lazily_on_changes_that_matter(panel, study):
    panel.show_tab("search")
    element = study.elements.list()[0]
    source = study.sources.list()[0]
    study.codings.code_text(source.id, 0, 3, element.id)
    assert "tables" in panel._stale  # not on screen: not recomputed yet
    panel.show_tab("tables")
    assert "tables" not in panel._stale
    expected = tables.frequency(study, by="type")  # the default view
    assert int(panel.tables.grid.item(0, 0).text()) == expected.cells[0][0]


def test_no_project_shows_an_empty_panel(qtbot):
    widget = AnalysisPanel()
    qtbot.addWidget(widget)
    widget.set_project(None)
    widget.show()
    assert not widget.isEnabled()
    assert widget.tables.grid.rowCount() == 0


def test_a_cancelled_count_says_what_was_kept_in_the_status_bar_not_a_box(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from workbench.core.errors import Cancelled
    from workbench.ui.analysis_common import job_failed

    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: boxes.append(a[2]))
    job_failed(window.parts["analysis"].words, Cancelled("Stopped after 2 of 5 sources."))
    assert boxes == []
    assert window.statusBar().currentMessage() == "Stopped after 2 of 5 sources."
    job_failed(window.parts["analysis"].words, ValueError("boom"))
    assert len(boxes) == 1 and "boom" not in boxes[0]
