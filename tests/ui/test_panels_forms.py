"""The element form (codebook entry) and the source form (metadata)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QInputDialog, QMessageBox  # noqa: E402

from panels_support import NEWS_TEXT  # noqa: E402
from workbench.ui.element_form import ElementForm  # noqa: E402
from workbench.ui.source_form import SourceForm  # noqa: E402

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: shown.append(text))
    return shown


def make(qtbot, cls, study):
    widget = cls()
    qtbot.addWidget(widget)
    widget.set_project(study.project)
    study.project.subscribe(widget.refresh)
    widget.show()
    return widget


def test_element_form_empty_then_filled(qtbot, study):
    form = make(qtbot, ElementForm, study)
    assert form.empty.isVisible()
    form.show_element(study.cooperation)
    assert not form.empty.isVisible()
    assert form.name.text() == "组织协同"
    assert form.count.text() == "1"
    form.show_element(None)
    assert form.empty.isVisible()


def test_typing_a_definition_saves_once_after_a_pause(qtbot, study):
    form = make(qtbot, ElementForm, study)
    form.show_element(study.tech)
    editor = form.editors["definition"]
    editor.setFocus()
    qtbot.keyClicks(editor, "Digital platforms")  # 17 keystrokes
    assert study.project.elements.get(study.tech).definition == ""  # not per keystroke
    qtbot.waitUntil(lambda: study.project.elements.get(study.tech).definition
                    == "Digital platforms", timeout=3000)
    assert study.project.undo_label() == "Edit element"
    study.project.undo()  # one step takes the whole edit back
    assert study.project.elements.get(study.tech).definition == ""
    assert editor.toPlainText() == ""


def test_each_field_edit_is_one_undo_step(qtbot, study):
    form = make(qtbot, ElementForm, study)
    form.show_element(study.tech)
    for field, text in (("inclusion", "包括平台建设"), ("example", "“上线一网通办”")):
        form.editors[field].insertPlainText(text)
        form.savers[field].flush()  # what leaving the field does
    element = study.project.elements.get(study.tech)
    assert (element.inclusion, element.example) == ("包括平台建设", "“上线一网通办”")
    study.project.undo()
    element = study.project.elements.get(study.tech)
    assert (element.inclusion, element.example) == ("包括平台建设", "")


def test_refused_name_shows_why_and_keeps_the_old_one(qtbot, warnings, study):
    form = make(qtbot, ElementForm, study)
    form.show_element(study.tech)
    form.name.selectAll()
    qtbot.keyClick(form.name, Qt.Key.Key_Delete)
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert warnings and "name" in warnings[0]
    assert form.name.text() == "技术驱动"
    form.name.selectAll()
    qtbot.keyClicks(form.name, "Tech")
    assert study.project.elements.get(study.tech).name == "技术驱动"  # names wait for Enter
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert study.project.elements.get(study.tech).name == "Tech"


def test_source_form_shows_metadata_and_facts(qtbot, study):
    form = make(qtbot, SourceForm, study)
    form.show_source(study.shot)
    assert form.lines["title"].text() == "门户网站截图"
    assert form.lines["date"].text() == "2015-06"
    assert form.type_combo.currentText() == "网站截图"
    assert form.info["size"].text() == "800 × 600 pixels"
    form.show_source(study.news)
    assert form.info["size"].text() == f"{len(NEWS_TEXT)} characters"
    assert form.cases.item(0).checkState() == Qt.CheckState.Checked


def test_bad_date_is_refused_good_date_saved(qtbot, warnings, study):
    form = make(qtbot, SourceForm, study)
    form.show_source(study.news)
    date = form.lines["date"]
    date.selectAll()
    qtbot.keyClicks(date, "2021-13")
    assert form.date_hint.text()  # said while typing
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert len(warnings) == 1 and "2021-13" in warnings[0]
    assert date.text() == "2021-03-05"
    assert study.project.sources.get(study.news).date == "2021-03-05"
    date.selectAll()
    qtbot.keyClicks(date, "2020-07")
    assert form.date_hint.text() == ""
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert study.project.sources.get(study.news).date == "2020-07"
    assert len(warnings) == 1


def test_new_type_and_cases(qtbot, monkeypatch, study):
    project = study.project
    form = make(qtbot, SourceForm, study)
    form.show_source(study.plan)
    form.type_combo.setEditText("访谈记录")
    form.type_combo.lineEdit().editingFinished.emit()
    assert project.sources.get(study.plan).source_type == "访谈记录"
    assert "访谈记录" in [t.name for t in project.sources.types()]
    form.cases.item(0).setCheckState(Qt.CheckState.Checked)  # A市
    assert project.sources.get(study.plan).cases == ("A市",)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("B省", True))
    form.add_case()
    assert project.sources.get(study.plan).cases == ("A市", "B省")
    assert form.cases.count() == 2
    project.undo()
    assert form.cases.count() == 1
