"""The cases panel: cases × attributes, typed cell edits, filling from CSV/XLSX, dropping
sources on a case."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox  # noqa: E402

from workbench.ui.cases_panel import CasesPanel  # noqa: E402
from workbench.ui.panel_models import MIME_SOURCES, json_mime  # noqa: E402
from workbench.ui.panel_widgets import AttributeDialog  # noqa: E402

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def messages(monkeypatch):
    shown: list[str] = []
    for name in ("warning", "information"):
        monkeypatch.setattr(QMessageBox, name,
                            lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def panel(qtbot, study):
    panel = CasesPanel()
    qtbot.addWidget(panel)
    panel.set_project(study.project)
    study.project.subscribe(panel.refresh)
    panel.show()
    return panel


def table(panel):
    model = panel.model
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return header, [[model.index(r, c).data() for c in range(model.columnCount())]
                    for r in range(model.rowCount())]


def add_attribute(monkeypatch, panel, name, kind):
    def fill_and_accept(dialog):
        dialog.name.setText(name)
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AttributeDialog, "exec", fill_and_accept)
    panel.actions_["attribute"].trigger()


def test_add_case_and_attribute_then_edit_cells(qtbot, monkeypatch, messages, panel, study):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("B省", True))
    panel.actions_["add"].trigger()
    add_attribute(monkeypatch, panel, "人口", "number")
    header, rows = table(panel)
    assert header == ["Case", "Description", "人口", "Sources"]
    assert rows == [["A市", "", "", 1], ["B省", "", "", 0]]
    model = panel.model
    model.setData(model.index(0, 2), "很多")  # refused: not a number
    qtbot.waitUntil(lambda: bool(messages))  # edits are carried out once the editor closed
    assert "number" in messages[0]
    assert table(panel)[1][0][2] == ""
    model.setData(model.index(0, 2), "120.5")
    qtbot.waitUntil(lambda: table(panel)[1][0][2] == "120.5")
    model.setData(model.index(1, 0), "B省会")  # rename in place
    qtbot.waitUntil(lambda: [c.name for c in study.project.cases.list()] == ["A市", "B省会"])


def test_fill_from_gb18030_csv_reports_bad_cells(tmp_path, monkeypatch, messages, panel, study):
    add_attribute(monkeypatch, panel, "人口", "number")
    sheet = tmp_path / "cases.csv"
    sheet.write_bytes("案例,人口,设立日期,描述\nA市,100,2020-01,东部城市\nB省,很多,2019,\n"
                      "C县,30,,山区\n".encode("gb18030"))
    result = panel.fill_from_sheet(sheet)
    assert result.cases_created == ["B省", "C县"]
    assert result.attributes_created == ["设立日期"]
    assert len(result.refused) == 1
    assert "Row 3, column B (人口)" in messages[-1] and "很多" in messages[-1]
    header, rows = table(panel)
    assert header == ["Case", "Description", "人口", "设立日期", "Sources"]
    assert rows == [["A市", "东部城市", "100", "2020-01", 1], ["B省", "", "", "2019", 0],
                    ["C县", "山区", "30", "", 0]]
    assert study.project.undo_label() == "Fill cases from sheet"
    study.project.undo()  # the whole fill is one step
    assert table(panel)[1] == [["A市", "", "", 1]]


def test_fill_from_xlsx(tmp_path, messages, panel, study):
    from openpyxl import Workbook
    import datetime as dt
    book = Workbook()
    book.active.append(["case", "成立", "人口"])
    book.active.append(["A市", dt.datetime(2018, 5, 1), 12.0])
    book.save(tmp_path / "cases.xlsx")
    result = panel.fill_from_sheet(tmp_path / "cases.xlsx")
    assert result.refused == [] and result.values_set == 2
    assert study.project.cases.find("A市").attributes == {"成立": "2018-05-01", "人口": "12"}


def test_sources_dropped_on_a_case_join_it(qtbot, panel, study):
    mime = json_mime(MIME_SOURCES, {"source_ids": [study.plan, study.shot]})
    target = panel.model.index(0, 1)
    assert panel.model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    assert panel.model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    qtbot.waitUntil(lambda: table(panel)[1][0][-1] == 3)
    assert study.project.cases.find("A市").source_ids == (study.news, study.plan, study.shot)
    study.project.undo()  # one step for the whole drop
    assert table(panel)[1][0][-1] == 1


def test_typing_in_a_cell_editor(qtbot, monkeypatch, messages, panel, study):
    add_attribute(monkeypatch, panel, "人口", "number")
    index = panel.model.index(0, 2)
    panel.view.setCurrentIndex(index)
    panel.view.edit(index)
    editor = panel.view.focusWidget()
    qtbot.keyClicks(editor, "12x")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(messages))
    assert study.project.cases.find("A市").attributes == {}
    panel.view.edit(panel.model.index(0, 2))
    editor = panel.view.focusWidget()
    qtbot.keyClicks(editor, "12")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table(panel)[1][0][2] == "12")


def test_delete_case_with_confirmation(monkeypatch, panel, study):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    panel.actions_["delete"].trigger()
    assert table(panel)[1] == []
    assert study.project.sources.get(study.news).cases == ()
