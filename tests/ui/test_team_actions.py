"""Team work from the window: REFI-QDA import and merging as background jobs with their reports,
and the intercoder agreement dialog with its comparison of two coders."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

import refi_builders
from helpers import shared_file
from workbench.analysis.agreement import agreement
from workbench.core import Project
from workbench.ui import team_actions
from workbench.ui.agreement_view import AgreementDialog, disagreement_spans
from workbench.ui.team_dialogs import MergeReportDialog, RefiReportDialog, kind_label

TEXT = "0123456789" + "abcdefghij" * 3  # 40 characters


@pytest.fixture
def shown(monkeypatch):
    """Report dialogs are recorded instead of being run modally."""
    seen: list[QDialog] = []

    def fake_exec(self):
        seen.append(self)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RefiReportDialog, "exec", fake_exec)
    monkeypatch.setattr(MergeReportDialog, "exec", fake_exec)
    return seen


@pytest.fixture
def no_message_boxes(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr("workbench.ui.errors.QMessageBox.warning",
                        lambda parent, title, text, *a: said.append(text))
    return said


def _two_coders(path) -> Project:
    p = Project.create(path, coder="Ann")
    source = p.sources.add(kind="text", title="t", data=TEXT.encode(), text=TEXT)
    x, y = p.elements.add("X").id, p.elements.add("Y").id
    p.codings.code_text(source.id, 0, 4, x, coder="Ann")
    p.codings.code_text(source.id, 2, 6, x, coder="Bo")
    p.codings.code_text(source.id, 20, 30, y, coder="Ann")
    p.codings.code_text(source.id, 20, 30, y, coder="Bo")
    return p


# The MAXQDA sample holds codes and sources but no codings; NVivo's has 303 codings by two
# users; ATLAS.ti's has items the import leaves out (listed with their reasons). The same, built
# by refi_builders, where ../shared is not there.
@pytest.mark.parametrize("name, codings, skipped", [
    ("maxqda24.7_ICLS_Conf_Themes_ALL_just10.qdpx", False, False),
    ("nvivo12.6-win_oltas0517.qdpx", True, False),
    ("atlasti8.4-mac_spec-annexA2_TestProject.qdpx", False, True),
    ("maxqda", False, False), ("nvivo-win", True, False), ("atlas8", True, True)])
def test_import_qdpx_through_the_action(qtbot, name, codings, skipped, tmp_path, monkeypatch,
                                        shown, no_message_boxes):
    sample = (refi_builders.build(name, tmp_path) if name in refi_builders.BUILDERS else
              shared_file("refi", "samples", name))
    target = tmp_path / "imported"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sample), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    path = team_actions.import_qdpx_project(None)
    assert no_message_boxes == []
    assert path == tmp_path / "imported.cwb" and path.is_file()
    (dialog,) = shown
    report = dialog.report
    with Project.open(path, read_only=True) as project:
        assert len(project.sources.list()) == report.done.get("sources", 0)
        assert len(project.elements.list()) == report.done["codes"] > 0
        assert len(project.codings.list()) == report.done.get("codings", 0)
        assert bool(project.codings.list()) is codings
    rows = {row[0]: row[1:] for row in dialog.count_rows}
    assert rows[kind_label("codes")][:2] == [str(report.found["codes"]),
                                               str(report.done["codes"])]
    assert dialog.counts.rowCount() == len(dialog.count_rows)
    assert dialog.skipped.rowCount() == len(report.skipped)
    assert bool(report.skipped) is skipped
    if skipped:
        texts = {dialog.skipped.item(r, 2).text() for r in range(dialog.skipped.rowCount())}
        assert texts == {s.reason for s in report.skipped}
        skipped_codings = report.skipped_count("coding") + report.skipped_count("selection")
        assert rows[kind_label("codings")] == [str(report.found["codings"]),
                                               str(report.done.get("codings", 0)),
                                               str(skipped_codings)]


def test_import_cancelled_at_the_file_dialog(qtbot, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    assert team_actions.import_qdpx_project(None) is None


def test_a_failed_import_is_said_and_returns_none(qtbot, tmp_path, monkeypatch, shown,
                                                  no_message_boxes):
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "new.cwb"), ""))
    assert team_actions.import_qdpx_project(None) is None
    assert len(no_message_boxes) == 1 and not shown
    assert not (tmp_path / "new.cwb").exists()


def test_merge_two_coders_copies(qtbot, tmp_path, monkeypatch, shown, no_message_boxes):
    base = Project.create(tmp_path / "base.cwb", coder="Ann")
    source = base.sources.add(kind="text", title="t", data=TEXT.encode(), text=TEXT)
    x = base.elements.add("X").id
    base.close()
    shutil.copy(tmp_path / "base.cwb", tmp_path / "bo.cwb")
    for name, (start, end) in (("base", (0, 4)), ("bo", (10, 15))):
        with Project.open(tmp_path / f"{name}.cwb") as p:
            p.codings.code_text(source.id, start, end, x, coder="Ann" if name == "base" else "Bo")
    paths = [str(tmp_path / "base.cwb"), str(tmp_path / "bo.cwb")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (paths, ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "merged.cwb"), ""))
    path = team_actions.merge_project_files(None)
    assert no_message_boxes == []
    assert path == tmp_path / "merged.cwb"
    with Project.open(path, read_only=True) as merged:
        got = {(c.coder, c.start, c.end) for c in merged.codings.list()}
    assert got == {("Ann", 0, 4), ("Bo", 10, 15)}
    (dialog,) = shown
    assert dialog.report.output == str(path)
    assert dialog.counts.rowCount() == len(dialog.count_rows) > 0


def test_merge_needs_two_files(qtbot, monkeypatch, tmp_path, no_message_boxes):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(tmp_path / "one.cwb")], ""))
    assert team_actions.merge_project_files(None) is None
    assert len(no_message_boxes) == 1


def test_agreement_dialog_figures_and_comparison(qtbot, tmp_path):
    project = _two_coders(tmp_path / "k.cwb")
    try:
        dialog = team_actions.show_agreement(None, project)
        qtbot.addWidget(dialog)
        assert isinstance(dialog, AgreementDialog) and dialog.isVisible()
        assert dialog.coders() == ["Ann", "Bo"]
        expected = agreement(project, ["Ann", "Bo"], unit="char")
        table = dialog.table
        rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
        x = next(row for row in expected.elements if row.path == "X")
        assert table.item(rows["X"], 2).text() == f"{x.percent:.3f}"
        assert table.item(rows["X"], 3).text() == f"{x.kappa:.3f}"
        assert table.item(rows["X"], 4).text() == f"{x.alpha:.3f}"
        overall = expected.overall
        assert table.item(rows[overall.path], 3).text() == f"{overall.kappa:.3f}"
        # counts: both, only Ann, only Bo, neither
        assert [table.item(rows["X"], c).text() for c in range(5, 9)] == ["2", "2", "2", "34"]
        # segments: the figures follow the unit
        dialog.unit.setCurrentIndex(1)
        seg = agreement(project, ["Ann", "Bo"], unit="segment", overlap=0.5)
        x = next(row for row in seg.elements if row.path == "X")
        r = {table.item(i, 0).text(): i for i in range(table.rowCount())}["X"]
        assert table.item(r, 1).text() == str(x.units)
        assert table.item(r, 2).text() == ("—" if x.percent is None else f"{x.percent:.3f}")
        # the comparison lists where Ann and Bo differ on X: [0, 2) Ann only, [4, 6) Bo only
        assert [(s.start, s.end) for s in dialog.spans] == [(0, 2), (4, 6)]
        assert dialog.list.count() == 2 and "Ann: X" in dialog.list.item(0).text()
        dialog.list.setCurrentRow(1)
        cursor = dialog.text.textCursor()
        assert (cursor.selectionStart(), cursor.selectionEnd()) == (4, 6)
        dialog.close()
    finally:
        project.close()


def test_undefined_figures_show_a_dash_with_the_reason(qtbot, tmp_path):
    project = _two_coders(tmp_path / "k.cwb")
    try:
        project.elements.add("Z")
        dialog = AgreementDialog(project)
        qtbot.addWidget(dialog)
        table = dialog.table
        r = {table.item(i, 0).text(): i for i in range(table.rowCount())}["Z"]
        kappa = table.item(r, 3)
        assert kappa.text() == "—" and kappa.toolTip()
    finally:
        project.close()


def test_one_coder_is_said_in_the_window(qtbot, tmp_path):
    project = Project.create(tmp_path / "one.cwb", coder="Ann")
    try:
        source = project.sources.add(kind="text", title="t", data=TEXT.encode(), text=TEXT)
        project.codings.code_text(source.id, 0, 4, project.elements.add("X").id, coder="Ann")
        dialog = AgreementDialog(project)  # no message box: the reason is in the window
        qtbot.addWidget(dialog)
        assert dialog.report is None and dialog.table.rowCount() == 0
        assert dialog.summary.text()
        assert not dialog.tabs.isTabEnabled(1)
    finally:
        project.close()


def test_spans_of_different_elements_differ():
    from types import SimpleNamespace as C
    codings = [C(start=0, end=10, coder="A", element_id=1, element_name="X"),
               C(start=0, end=10, coder="B", element_id=2, element_name="Y"),
               C(start=20, end=30, coder="A", element_id=1, element_name="X"),
               C(start=20, end=30, coder="B", element_id=1, element_name="X")]
    spans = disagreement_spans(codings, "A", "B", {1: "X", 2: "Y"})
    assert [(s.start, s.end, s.differs) for s in spans] == [(0, 10, True), (20, 30, False)]
