"""Importing from the window with options (OCR, a metadata sheet, case/type/date for the batch),
the report's scanned files imported again with OCR, recognising the text of an image already in
the project (and cancelling it), and the page of a PDF quote in the coded segments."""
from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402

from import_ui_support import new_project, wait_for_job, window  # noqa: E402,F401
from importers.test_import_pdf import cid_pdf  # noqa: E402
from importers.test_ocr import BANNER, screenshot  # noqa: E402
from workbench.ui.image_text_view import ImageTextView  # noqa: E402
from workbench.ui.import_options import ImportOptions, ImportOptionsDialog  # noqa: E402
from workbench.ui.import_report import ImportReportDialog  # noqa: E402


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _scan_pdf(picture: bytes) -> bytes:
    """A one-page PDF that is only the picture, as a scanner writes it."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.open(io.BytesIO(picture))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.drawImage(ImageReader(image), 0, 400, width=595, height=595 * image.height / image.width)
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.fixture
def reports(monkeypatch):
    """Every report dialog shown: (rows, scanned files, notes); exec never blocks."""
    shown = []

    def fake_exec(dialog):
        notes = dialog.notes.toPlainText() if dialog.notes is not None else ""
        shown.append((dialog.rows(), dialog.scanned_files(), notes, dialog))
        return 0

    monkeypatch.setattr(ImportReportDialog, "exec", fake_exec)
    return shown


def test_the_options_dialog_applies_a_sheet_and_the_batch_case_and_type(
        qtbot, window, tmp_path, monkeypatch, reports):
    assert window.open_project(new_project(tmp_path))
    folder = tmp_path / "material"
    folder.mkdir()
    (folder / "通知.txt").write_text("关于推进政务服务一网通办的通知。", encoding="utf-8")
    (folder / "新闻.txt").write_text("江临市上线一网通办平台。", encoding="utf-8")
    sheet = _sheet(tmp_path / "清单.csv", [
        ["文件名", "标题", "日期", "发文机关"],
        ["通知.txt", "关于推进一网通办的通知", "2016-09-29", "江临市人民政府办公厅"],
        ["新闻.txt", "平台上线", "2016-13-45", ""],  # not a date: reported, left empty
    ])

    def fill(dialog: ImportOptionsDialog):
        assert dialog.windowTitle() == "Import options" and not dialog.ocr.isChecked()
        monkeypatch.setattr("workbench.ui.import_options.QFileDialog.getOpenFileName",
                            lambda *args, **kwargs: (str(sheet), ""))
        dialog.choose_sheet()
        dialog.case.setCurrentText("江临市")
        dialog.source_type.setCurrentText("政策文件")
        dialog.date.setText("2016-1x")
        assert not dialog._check_date(dialog.date.text())  # Import waits for a real date
        dialog.date.setText("")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ImportOptionsDialog, "exec", fill)
    monkeypatch.setattr("workbench.ui.import_actions.QFileDialog.getExistingDirectory",
                        lambda *args, **kwargs: str(folder))
    window.menus["import_folder"].trigger()
    qtbot.waitUntil(lambda: bool(reports), timeout=15000)
    rows, scans, notes, _dialog = reports[0]
    assert [status for status, *_ in rows] == ["imported", "imported"] and scans == []
    assert "row 3" in notes and "2016-13-45" in notes  # the sheet's problem is shown
    sources = {s.file_name: s for s in window.project.sources.list()}
    notice = sources["通知.txt"]
    assert (notice.title, notice.date, notice.agency) == (
        "关于推进一网通办的通知", "2016-09-29", "江临市人民政府办公厅")
    assert notice.cases == ("江临市",) and notice.source_type == "政策文件"
    assert sources["新闻.txt"].date is None and sources["新闻.txt"].cases == ("江临市",)


def test_an_unusable_sheet_is_refused_in_the_options_dialog(qtbot, window, tmp_path, isolated):
    assert window.open_project(new_project(tmp_path))
    bad = tmp_path / "清单.ods"
    bad.write_bytes(b"not a spreadsheet we read")
    dialog = ImportOptionsDialog(window.project, [str(tmp_path)], window)
    qtbot.addWidget(dialog)
    dialog.sheet.setText(str(bad))
    dialog.accept()
    assert dialog.options() is None and dialog.result() == 0  # still open, nothing imported
    [(kind, args)] = isolated
    assert kind == "warning" and "清单.ods" in args[2]
    isolated.clear()


@pytest.mark.slow
def test_scanned_pdfs_are_listed_and_their_button_imports_them_with_ocr(
        qtbot, window, tmp_path, monkeypatch):
    assert window.open_project(new_project(tmp_path))
    scan = tmp_path / "扫描通知.pdf"
    scan.write_bytes(_scan_pdf(screenshot(900, 230, BANNER)))
    seen = []

    def user(dialog: ImportReportDialog):  # reads the report; presses the button the first time
        seen.append((dialog.rows(), dialog.scanned_files(), dialog.summary.text(),
                     dialog.scans.item(0).toolTip() if dialog.ocr_group else ""))
        if dialog.ocr_group is not None:
            dialog.ocr_button.click()
        return dialog.result()

    monkeypatch.setattr(ImportReportDialog, "exec", user)
    window.import_paths([scan], ImportOptions(case="江临市"))
    qtbot.waitUntil(lambda: len(seen) == 2 and window.job is None, timeout=60000)
    rows, scans, summary, tip = seen[0]
    assert rows == [] and scans == [str(scan)]
    assert "1 scanned files need text recognition" in summary and "text layer" in tip
    rows, scans, _summary, _tip = seen[1]  # the second import, with OCR
    assert [status for status, *_ in rows] == ["imported"] and scans == []
    [source] = window.project.sources.list()
    assert "一网通办" in window.project.sources.text(source.id)
    assert source.cases == ("江临市",)  # the batch's options are kept for the second import


@pytest.mark.slow
def test_recognising_the_text_of_an_image_in_the_project(qtbot, window, tmp_path):
    path = new_project(tmp_path)
    picture = tmp_path / "门户.png"
    picture.write_bytes(screenshot(900, 230, BANNER))
    assert window.open_project(path)
    window.project.import_files([picture])
    [source] = window.project.sources.list()
    window.activate_source(source.id)
    assert window.viewer.currentWidget() is window.viewer._image
    assert window.parts["sources"].images_without_text() == []  # nothing selected yet
    window.parts["sources"].select_source(source.id)
    assert window.parts["sources"].images_without_text() == [source.id]

    job = window.recognise_text(source.id)
    assert job is not None and window.job is job
    wait_for_job(qtbot, window)
    assert "一网通办" in window.project.sources.text(source.id)
    assert isinstance(window.viewer.currentWidget(), ImageTextView)
    assert window.project.undo_label() == "Recognise text"
    assert "Text recognised in 1 images" in window.statusBar().currentMessage()


@pytest.mark.slow
def test_cancelling_text_recognition_changes_nothing(qtbot, window, tmp_path):
    assert window.open_project(new_project(tmp_path))
    tall = tmp_path / "长截图.png"
    tall.write_bytes(screenshot(900, 6000, [("页面顶部", 100, 40), ("页面底部", 5800, 40)]))
    window.project.import_files([tall])
    [source] = window.project.sources.list()
    job = window.recognise_text(source.id)
    job.cancel()  # at once: the worker stops before the next of its four tiles
    wait_for_job(qtbot, window)
    assert window.project.sources.text(source.id) == ""
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_pdf_quote_names_its_page_in_the_coded_segments(qtbot, window, tmp_path):
    path = new_project(tmp_path)
    pdf = tmp_path / "两页通知.pdf"
    pdf.write_bytes(cid_pdf([["第一页的政策内容"], ["第二页的政策内容"]]))
    assert window.open_project(path)
    window.project.import_files([pdf])
    [source] = window.project.sources.list()
    element = window.project.elements.find("一网通办")
    text = window.project.sources.text(source.id)
    window.project.codings.code_text(source.id, text.index("第二页"), text.index("第二页") + 3,
                                     element.id)
    window.select_element(element.id)
    segments = window.parts["segments"]
    assert segments.model.index(0, 1).data() == f"{source.title}, p. 2"
