"""The window shows how good an imported text is: the import report lists files imported with
warnings apart (status, icon, one sentence per problem), the source details show the figures,
and a source's text can be re-extracted from its stored original, keeping its codings."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from import_ui_support import new_project, wait_for_job, window  # noqa: E402,F401
from workbench.core import Project  # noqa: E402
from workbench.ui.import_report import WARNING, ImportReportDialog  # noqa: E402
from workbench.ui.source_form import SourceForm  # noqa: E402

GOOD = "关于推进政务服务改革的方案。\n第一条 各部门应当共享数据，推进一网通办。"


def _short_page(path: Path) -> Path:
    style = "".join(f".c{n} {{ margin: {n}px; padding: 1px; }}\n" for n in range(1500))
    path.write_text(f"<html><head><style>{style}</style></head><body><div>www.gov.cn/a"
                    f"</div></body></html>", encoding="utf-8")
    return path


def _imported(tmp_path: Path):
    (tmp_path / "in").mkdir()
    _short_page(tmp_path / "in" / "news.html")
    (tmp_path / "in" / "policy.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "odd.xyz").write_bytes(b"?")
    project = Project.create(tmp_path / "p.cwb")
    return project, project.import_files([tmp_path / "in"])


def test_the_report_lists_warnings_apart_with_their_sentences(qtbot, tmp_path):
    project, report = _imported(tmp_path)
    with project:
        dialog = ImportReportDialog(report)
        qtbot.addWidget(dialog)
        rows = dialog.rows()
        assert [(status, name) for status, name, *_ in rows] == [
            ("refused", "odd.xyz"), (WARNING, "news.html"), ("imported", "policy.txt")]
        _status, _name, result, detail = rows[1]
        assert result == "Imported with warnings" and "web page" in detail
        assert "characters" in rows[2][3]  # the figures of a good text
        assert "1 imported with warnings" in dialog.summary.text()
        assert not dialog.table.item(1, 1).icon().isNull()
        dialog.grab().save(str(tmp_path / "report.png"))


def test_the_details_show_the_figures_warnings_and_guesses(qtbot, tmp_path):
    project, report = _imported(tmp_path)
    with project:
        form = SourceForm()
        qtbot.addWidget(form)
        form.set_project(project)
        news = next(s for s in report.imported if s.file_name == "news.html")
        form.show_source(news.id)
        assert form.quality.verdict.text() == "Imported with warnings"
        assert "web page" in form.quality.warning_text()
        assert "characters" in form.quality.figures.text()
        (tmp_path / "20230317 通知.txt").write_text(GOOD + "。", encoding="utf-8")
        dated = project.import_files([tmp_path / "20230317 通知.txt"]).imported[0]
        form.show_source(dated.id)
        assert form.quality.verdict.text() == "Imported" and form.quality.warning_text() == ""
        assert "date from the file name" in form.quality.guesses.text()
        form.resize(420, 900)
        form.grab().save(str(tmp_path / "details.png"))
        project.sources.replace_text(dated.id, GOOD + "。", [], metadata={"quality": None})
        form.show_source(dated.id)
        assert form.quality.verdict.text().startswith("Not measured")


def test_reextracting_from_the_window_keeps_the_coding_and_shows_the_new_text(
        qtbot, window, tmp_path, isolated):
    path = new_project(tmp_path)
    (tmp_path / "policy.txt").write_text(GOOD, encoding="utf-8")
    with Project.open(path) as p:
        source = p.import_files([tmp_path / "policy.txt"]).imported[0]
        old = "旧封面\n" + GOOD
        p.sources.replace_text(source.id, old, [])
        start = old.index("一网通办")
        coding = p.codings.code_text(source.id, start, start + 4, p.elements.list()[0].id)
    assert window.open_project(path)
    window.activate_source(source.id)
    sources = window.parts["sources"]
    sources.select_source(source.id)
    menu = sources.build_context_menu()
    action = next(a for a in menu.actions() if a.text().startswith("Re-extract text"))
    action.trigger()
    wait_for_job(qtbot, window)
    assert window.project.sources.text(source.id) == GOOD
    moved = window.project.codings.get(coding.id)
    assert GOOD[moved.start:moved.end] == "一网通办"
    assert window.viewer._text.toPlainText() == GOOD
    assert "1 changed" in window.statusBar().currentMessage()
    window.project.undo()
    assert window.project.sources.text(source.id) == old
    assert window.viewer._text.toPlainText() == old
    assert isolated == []


@pytest.mark.slow
def test_pages_without_text_are_recognised_from_the_sources_menu(qtbot, window, tmp_path,
                                                                 isolated):
    """A PDF imported without OCR whose second page is a scan: the sources list offers to
    recognise that page, and afterwards the text and the page view have it."""
    from pdf_pages_helpers import SCAN_FONT, mixed_pdf

    if not Path(SCAN_FONT).exists():
        pytest.skip("the WenQuanYi Micro Hei font (fonts-wqy-microhei) is not installed")
    path = new_project(tmp_path)
    (tmp_path / "附件扫描.pdf").write_bytes(mixed_pdf())
    with Project.open(path) as p:
        source = p.import_files([tmp_path / "附件扫描.pdf"]).imported[0]
    assert window.open_project(path)
    sources = window.parts["sources"]
    sources.select_source(source.id)
    menu = sources.build_context_menu()
    action = next(a for a in menu.actions() if "(OCR)" in a.text() and "pages" in a.text())
    action.trigger()
    wait_for_job(qtbot, window)
    assert "各部门" in window.project.sources.text(source.id)
    assert {b.level for b in window.project.sources.recognised_lines(source.id)} == {2}
    assert "1 changed" in window.statusBar().currentMessage()
    menu = sources.build_context_menu()  # nothing left to recognise: the item is gone
    assert not any("pages without text" in a.text() for a in menu.actions())
    assert isolated == []
