"""Project Doctor… in the window: findings listed, repaired after a confirmation, views reloaded;
a healthy project says so; a file opened read-only for damage is repaired and opened again."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from workbench.core import Project  # noqa: E402
from workbench.ui.doctor_dialog import DoctorDialog, open_doctor  # noqa: E402

pytestmark = pytest.mark.usefixtures("isolated")
TEXT = "江临市推进一网通办。数据共享平台上线。"


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "智慧政府.cwb"
    with Project.create(path, title="智慧政府研究", coder="tester") as p:
        element = p.elements.add("数据共享")
        source = p.sources.add(kind="text", title="新闻", data=TEXT.encode(), text=TEXT)
        p.codings.code_text(source.id, 10, 14, element.id)
    return path


def _damage(path, *statements):
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _wait(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.job is None and dialog.busy.isHidden(), timeout=20000)


def _rows(dialog):
    return dialog.rows()


def test_healthy_project_says_no_problems(qtbot, window, project_file):
    assert window.open_project(project_file)
    window.menus["project_doctor"].trigger()
    dialog = window.findChild(DoctorDialog)
    _wait(qtbot, dialog)
    assert dialog.summary.text().startswith("No problems found (")
    assert "checks)" in dialog.summary.text() and not dialog.repair_button.isEnabled()
    dialog.close()


def test_findings_are_listed_and_repaired_and_views_reload(qtbot, window, project_file,
                                                          monkeypatch, tmp_path):
    _damage(project_file, "UPDATE source_texts SET text = '【转载】' || text")
    assert window.open_project(project_file)
    assert not window.project.read_only  # quick_check cannot see a moved quote
    seen = []
    window.project.subscribe(lambda change: seen.append(change.label))
    dialog = open_doctor(window)
    _wait(qtbot, dialog)
    rows = _rows(dialog)
    assert any("no longer matches its stored quote" in problem and "Move the 1 coding" in repair
               for problem, repair in rows), rows
    assert dialog.repair_button.isEnabled()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2])
                        or QMessageBox.StandardButton.Yes)
    dialog.repair_button.click()
    assert "backup" in asked[0]
    _wait(qtbot, dialog)
    assert dialog.summary.text().startswith("Repaired. No problems remain")
    lines = [problem for problem, _ in _rows(dialog)]
    assert any("before the repair is saved in" in line for line in lines), lines
    assert dialog.report.backup.exists()
    assert seen == ["Repair project"]
    assert window.project.check() == []
    assert window.project.codings.list()[0].start == 14
    dialog.grab().save(str(tmp_path / "doctor.png"))
    dialog.close()


def test_a_file_opened_read_only_for_damage_is_repaired_and_reopened(qtbot, window,
                                                                     project_file, monkeypatch):
    _damage(project_file, "DROP INDEX codings_by_element")
    assert window.open_project(project_file)
    assert window.project.read_only and window.project.check_failed
    dialog = open_doctor(window)
    _wait(qtbot, dialog)
    assert [f.code for f in dialog.findings] == ["schema-missing"]
    assert dialog.repair_button.isEnabled()
    dialog.repair()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    assert window.project is not None and not window.project.read_only
    assert window.project.check() == [] and dialog.project is window.project
    dialog.close()
