"""File → Export through the actions: the options dialog, the save dialog (both patched so
nothing blocks), the background job, the written file read back; Cancel leaves nothing. And
File → Save a copy to send…, and the choice of the tool a .qdpx is for."""
from __future__ import annotations

import zipfile

import docx
import openpyxl
import pytest
from lxml import etree
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from workbench.core import Project
from workbench.ui import export_actions
from workbench.ui.export_dialogs import DataChoice, ExportDataDialog, ReportDialog
from workbench.ui.pack_dialog import PackDialog, save_copy_to_send

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def coded(project):
    """tests/conftest.py's project with codings by alice (and an interaction)."""
    text_id = project.sources.list()[0].id
    a, b = (e.id for e in project.elements.list())
    first = project.codings.code_text(text_id, 0, 3, a)
    project.codings.code_text(text_id, 3, 6, b)
    project.interactions.add(a, b, "推动", sign="+", evidence=[first.id])
    return project


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def offered(monkeypatch):
    """The "Open folder"/"Open" box: record it instead of showing it."""
    calls = []
    monkeypatch.setattr(export_actions, "offer_to_open",
                        lambda parent, message, button, url: calls.append((message, url)))
    return calls


def _save_as(monkeypatch, target):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))


def _choose_data(monkeypatch, choice: DataChoice):
    def fake_exec(dialog):
        dialog.set_choice(choice)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(ExportDataDialog, "exec", fake_exec)


def _choose_report(monkeypatch, sections, language="en", seen=None):
    def fake_exec(dialog):
        if seen is not None:  # the agreement box, before the dialog is deleted
            box = dialog.boxes["agreement"]
            seen.append((box.isEnabled(), box.toolTip()))
        dialog.set_sections(sections)
        dialog.language.setCurrentIndex(dialog.language.findData(language))
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(ReportDialog, "exec", fake_exec)


def _texts(path):
    return ["".join(t.text or "" for t in p._p.iter(f"{W}t"))
            for p in docx.Document(str(path)).paragraphs]


def test_export_codings_as_xlsx(coded, window, monkeypatch, offered, qtbot, tmp_path):
    _choose_data(monkeypatch, DataChoice("codings", "xlsx"))
    _save_as(monkeypatch, tmp_path / "编码")  # the suffix is added
    assert export_actions.export_coded_data(window, coded) is not None
    qtbot.waitUntil(lambda: bool(offered), timeout=20000)
    target = tmp_path / "编码.xlsx"
    assert offered[0][1] == tmp_path  # "Open folder" opens the folder
    rows = list(openpyxl.load_workbook(target).worksheets[0].iter_rows(values_only=True))
    assert "引文" in rows[0] and len(rows) == 3  # headers in the project's language, 2 codings
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]


def test_export_matrix_as_csv_with_keys_and_presence(coded, window, monkeypatch, offered, qtbot,
                                                     tmp_path):
    _choose_data(monkeypatch, DataChoice("source-matrix", "csv", presence=True, keys=True,
                                         attributes=True))
    _save_as(monkeypatch, tmp_path / "m.csv")
    export_actions.export_coded_data(window, coded)
    qtbot.waitUntil(lambda: bool(offered), timeout=20000)
    text = (tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    # --keys: ASCII variable names (e<id>) SPSS and R accept instead of the element names
    assert text.splitlines()[0].startswith("id,source,source_type,date,") and ",1" in text
    assert ",e1" in text.splitlines()[0]


def test_export_qdpx(coded, window, monkeypatch, offered, qtbot, tmp_path):
    _choose_data(monkeypatch, DataChoice("codings", "qdpx"))
    _save_as(monkeypatch, tmp_path / "for NVivo.qdpx")
    export_actions.export_coded_data(window, coded)
    qtbot.waitUntil(lambda: bool(offered), timeout=20000)
    with zipfile.ZipFile(tmp_path / "for NVivo.qdpx") as archive:
        assert "project.qde" in archive.namelist()


def test_data_dialog_options_follow_the_format(qtbot):
    dialog = ExportDataDialog()
    qtbot.addWidget(dialog)
    dialog.set_choice(DataChoice("codings", "xlsx"))
    assert not dialog.presence.isEnabled() and dialog.keys.isEnabled()
    dialog.set_choice(DataChoice("case-matrix", "csv", presence=True))
    assert dialog.choice() == DataChoice("case-matrix", "csv", True, False)
    dialog.set_choice(DataChoice("case-matrix", "qdpx", presence=True))
    assert not dialog.what.isEnabled() and not dialog.presence.isEnabled()
    assert dialog.choice().suffix == ".qdpx" and not dialog.choice().presence


def test_word_report_with_two_sections(coded, window, monkeypatch, offered, qtbot, tmp_path):
    _choose_report(monkeypatch, ["codebook", "quotes"])
    _save_as(monkeypatch, tmp_path / "report.docx")
    export_actions.write_word_report(window, coded)
    qtbot.waitUntil(lambda: bool(offered), timeout=30000)
    assert offered[0][1] == tmp_path / "report.docx"  # "Open" opens the file itself
    texts = _texts(tmp_path / "report.docx")
    assert "Codebook" in texts and "Coded quotations" in texts
    assert "The study" not in texts and "Path diagrams" not in texts


def test_agreement_only_with_two_coders(coded, window, monkeypatch, offered, qtbot, tmp_path):
    seen = []
    _choose_report(monkeypatch, ["agreement", "codebook"], seen=seen)
    _save_as(monkeypatch, tmp_path / "one.docx")
    export_actions.write_word_report(window, coded)
    qtbot.waitUntil(lambda: len(offered) == 1, timeout=30000)
    assert not seen[0][0] and seen[0][1]  # disabled, with a tooltip saying why
    assert "Intercoder agreement" not in _texts(tmp_path / "one.docx")

    text_id = coded.sources.list()[0].id
    coded.codings.code_text(text_id, 1, 4, coded.elements.list()[0].id, coder="bob")
    _save_as(monkeypatch, tmp_path / "two.docx")
    export_actions.write_word_report(window, coded)
    qtbot.waitUntil(lambda: len(offered) == 2, timeout=30000)
    assert seen[1][0]
    texts = _texts(tmp_path / "two.docx")
    assert "Intercoder agreement" in texts
    assert any("Intercoder agreement (character level)" in t for t in texts)


def test_cancel_leaves_no_file_and_keeps_the_old_one(coded, window, monkeypatch, offered,
                                                     qtbot, tmp_path):
    target = tmp_path / "report.docx"
    target.write_bytes(b"the report from yesterday")
    _choose_report(monkeypatch, ["codebook"])
    _save_as(monkeypatch, target)
    job = export_actions.write_word_report(window, coded)
    finished = []
    job.finished.connect(lambda: finished.append(True))
    job.cancel()  # before the job's end reaches the window: its result is abandoned
    qtbot.waitUntil(lambda: bool(finished), timeout=30000)
    assert not offered
    assert target.read_bytes() == b"the report from yesterday"
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name or "tmp" in p.name]


def test_failure_is_one_sentence(coded, window, monkeypatch, qtbot, tmp_path):
    shown = []
    monkeypatch.setattr("workbench.ui.errors.show_error",
                        lambda parent, message, title=None: shown.append(message))
    _choose_data(monkeypatch, DataChoice("codings", "xlsx"))
    _save_as(monkeypatch, tmp_path / "missing folder" / "x.xlsx")
    export_actions.export_coded_data(window, coded)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert len(shown) == 1 and "Traceback" not in shown[0]


def test_nothing_happens_when_the_user_cancels_the_dialogs(coded, window, monkeypatch):
    monkeypatch.setattr(ExportDataDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert export_actions.export_coded_data(window, coded) is None
    _choose_report(monkeypatch, ["codebook"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert export_actions.write_word_report(window, coded) is None


def test_through_the_main_window(coded, monkeypatch, offered, qtbot, tmp_path):
    """With the window as parent the job is the window's: it holds the project back meanwhile."""
    from workbench.ui.main_window import MainWindow
    from workbench.ui.settings import Settings

    monkeypatch.setenv("CASE_WORKBENCH_SETTINGS_DIR", str(tmp_path / "settings"))
    monkeypatch.setenv("CASE_WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    path = coded.path
    coded.close()
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.open_project(path)
    _choose_data(monkeypatch, DataChoice("interactions", "json"))
    _save_as(monkeypatch, tmp_path / "links.json")
    job = export_actions.export_coded_data(win, win.project)
    assert win.job is job
    qtbot.waitUntil(lambda: bool(offered), timeout=20000)
    assert win.job is None
    assert "links.json" in win.statusBar().currentMessage()
    assert "推动" in (tmp_path / "links.json").read_text(encoding="utf-8")
    win.close()  # closes the project


def test_report_dialog_gives_the_thesis_options(coded, window, monkeypatch, offered, qtbot,
                                                tmp_path):
    def fake_exec(dialog):
        dialog.set_sections(["study", "codebook"])
        dialog.chapter.setValue(4)
        dialog.offset.setValue(1)
        dialog.title_page.setChecked(False)
        dialog.page_numbers.setChecked(True)
        dialog.grab().save(str(tmp_path / "report-dialog.png"))
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(ReportDialog, "exec", fake_exec)
    _save_as(monkeypatch, tmp_path / "chapter.docx")
    export_actions.write_word_report(window, coded)
    qtbot.waitUntil(lambda: bool(offered), timeout=30000)
    doc = docx.Document(str(tmp_path / "chapter.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[:2] == ["4.1 研究概况", "4.2 编码手册"]
    assert not [p for p in doc.paragraphs if p.style.name == "Title"]
    assert "PAGE" in doc.sections[0].footer._element.xml
    assert (tmp_path / "report-dialog.png").stat().st_size > 5000
    dialog = ReportDialog(1)
    qtbot.addWidget(dialog)
    assert not dialog.boxes["references"].isChecked() and dialog.choice().options.chapter is None


# ----- File → Save a copy to send…, and the tool a .qdpx is for -----------------------------
def test_save_a_copy_to_send(project, window, monkeypatch, offered, qtbot, tmp_path):
    def fake_exec(dialog):
        dialog.without_originals.setChecked(True)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(PackDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "给导师"), ""))
    save_copy_to_send(window, project)
    qtbot.waitUntil(lambda: bool(offered), timeout=30000)
    message, folder = offered[0]
    assert folder == tmp_path and "给导师.cwb" in message and ("KB" in message or "MB" in message)
    with Project.open(tmp_path / "给导师.cwb", read_only=True) as copy:
        assert [s.title for s in copy.sources.list()] == [s.title for s in project.sources.list()]
        text = next(s for s in copy.sources.list() if s.kind == "text")
        assert copy.sources.original(text.id) == b""


def test_pack_dialog_defaults(qtbot):
    dialog = PackDialog()
    qtbot.addWidget(dialog)
    assert dialog.choice().originals and not dialog.choice().history


def test_the_tool_choice_counts_positions(project, window, monkeypatch, offered, qtbot, tmp_path):
    dialog = ExportDataDialog()
    qtbot.addWidget(dialog)
    dialog.set_choice(DataChoice("codings", "xlsx"))
    assert not dialog.tool.isEnabled()
    dialog.set_choice(DataChoice("codings", "qdpx", tool="maxqda"))
    assert dialog.tool.isEnabled() and dialog.choice().tool == "maxqda"

    def fake_exec(d):
        d.set_choice(DataChoice("codings", "qdpx", tool="standard"))
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(ExportDataDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "x.qdpx"), ""))
    export_actions.export_coded_data(window, project)
    qtbot.waitUntil(lambda: bool(offered), timeout=20000)
    with zipfile.ZipFile(tmp_path / "x.qdpx") as archive:
        root = etree.fromstring(archive.read("project.qde"))
    assert root.get("origin").endswith("code points")
