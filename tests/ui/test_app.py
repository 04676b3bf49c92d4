"""Starting the application: screenshots made by the app itself, the demo at first launch,
the last project, preferences, fonts, Qt's own Chinese, and the exception hook."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
import sys

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QMessageBox, QPushButton

from workbench import demo
from workbench.core import Project
from workbench.ui import app as app_module
from workbench.ui.app import main, make_excepthook, open_initial_project, setup_logging
from workbench.ui.fonts import cjk_font_family, setup_fonts
from workbench.ui.main_window import MainWindow
from workbench.ui.settings import MAX_RECENT, Settings
from workbench.ui.translations import apply_language, qt_translators

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture
def project_file(tmp_path):
    news = tmp_path / "新闻.txt"
    news.write_text("江临市政务数据共享平台正式启动。" * 20, encoding="utf-8")
    path = tmp_path / "研究.cwb"
    with Project.create(path, title="智慧政府研究", language="zh") as project:
        project.import_files([news])
        element = project.elements.add("数据共享")
        project.codings.code_text(project.sources.list()[0].id, 0, 10, element.id)
    return path


def _distinct_colours(image: QImage) -> int:
    colours = set()
    for y in range(0, image.height(), 17):
        for x in range(0, image.width(), 13):
            colours.add(image.pixel(x, y))
    return len(colours)


def test_screenshot_writes_a_real_picture_and_leaves_settings_alone(qapp, project_file,
                                                                     tmp_path):
    hook = sys.excepthook
    out = tmp_path / "shots" / "coding.png"
    assert main(str(project_file), screenshot=str(out), view="coding", language="zh_CN") == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)
    assert _distinct_colours(image) > 20
    assert sys.excepthook is hook
    assert not list((tmp_path / "settings").glob("*.ini"))  # preferences untouched
    Project.open(project_file).close()  # the screenshot released the project


def test_screenshot_of_a_project_open_elsewhere_is_made_read_only(qapp, project_file, tmp_path):
    holder = Project.open(project_file)
    try:
        out = tmp_path / "cases.png"
        assert main(str(project_file), screenshot=str(out), view="cases") == 0
        assert QImage(str(out)).width() == 1400
    finally:
        holder.close()


def test_first_launch_builds_and_opens_the_demo(qtbot):
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    try:
        open_initial_project(window, None)  # no argument, no last project: the demo
        qtbot.waitUntil(lambda: window.project is not None, timeout=30000)
        assert window.project.path == demo.demo_path()
        assert window.project.counts()["codings"] > 0
        window.show_view("coding")
        viewer_source = window.viewer.current_source_id()
        assert viewer_source is not None
        assert window.project.codings.list(source_id=viewer_source)
        assert "codings" in window.counts_label.text()
    finally:
        if window.job is not None:
            window.job.wait()
        window.close()


def test_the_last_project_is_opened_again(qtbot, project_file):
    Settings().set_last_project(project_file)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    assert open_initial_project(window, None, background=False)
    assert window.project.path == project_file
    window.close()


def test_demo_failure_leaves_an_empty_window_with_a_message(qtbot, monkeypatch):
    def broken(**_):
        raise OSError("disk full")

    monkeypatch.setattr(demo, "ensure_demo", broken)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    assert not open_initial_project(window, None, background=False)
    assert window.project is None
    assert "disk full" in window.statusBar().currentMessage()
    window.close()


def test_settings_remember_recent_projects_that_still_exist(tmp_path):
    settings = Settings()
    files = []
    for n in range(12):
        path = tmp_path / f"项目{n}.cwb"
        path.write_bytes(b"")
        files.append(path)
        settings.add_recent_project(path)
    recent = Settings().recent_projects()
    assert len(recent) == MAX_RECENT and recent[0] == files[-1].resolve()
    files[-1].unlink()
    assert files[-1].resolve() not in Settings().recent_projects()
    settings.set_language("zh_CN")
    settings.set_coder_name("  林晓 ")
    assert (Settings().language(), Settings().coder_name()) == ("zh_CN", "林晓")
    readonly = Settings(writable=False)
    readonly.set_language("en")
    assert Settings().language() == "zh_CN"


def test_chinese_font_and_qt_translations(qapp):
    family = setup_fonts(qapp)
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("this machine has no Chinese font")
    assert family and cjk_font_family() == family
    assert family in qapp.font().families()
    apply_language(qapp, "zh_CN")
    if qt_translators():  # Qt's own catalogue: QMessageBox/QFileDialog buttons
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    apply_language(qapp, "en")
    assert not qt_translators()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_excepthook_logs_and_shows_a_readable_message(qapp, tmp_path, monkeypatch):
    log_path = setup_logging()
    assert log_path is not None and str(log_path).startswith(str(tmp_path))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    hook = make_excepthook(log_path, interactive=True)
    try:
        raise ValueError("boom")
    except ValueError:
        hook(*sys.exc_info())
    assert shown and "ValueError" in shown[0] and str(log_path) in shown[0]
    for handler in logging.getLogger("workbench").handlers:
        handler.flush()
    assert "boom" in log_path.read_text(encoding="utf-8")


def test_excepthook_shows_our_own_sentence_as_it_is(qapp, monkeypatch):
    from workbench.core.errors import disk_full
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    hook = make_excepthook(None, interactive=True)
    try:
        raise disk_full("论文.cwb")
    except Exception:
        hook(*sys.exc_info())
    assert shown == ["The disk holding 论文.cwb is full; the last change was not saved, "
                     "everything before it is safe. Free some space and try again."]


def test_log_file_lives_in_the_data_folder(tmp_path):
    assert app_module.log_file_path() == tmp_path / "data" / "logs" / "workbench.log"


def test_a_job_runs_off_the_gui_thread_and_can_be_cancelled(qtbot):
    import threading
    import time

    from workbench.ui.jobs import run_job

    results, gui_thread = [], threading.get_ident()

    def work(progress):
        progress.start(1000, "start")
        for n in range(1000):
            if progress.cancelled:
                return ("cancelled", n, threading.get_ident())
            time.sleep(0.002)
            progress.step(f"item {n}")
        return ("done", 1000, threading.get_ident())

    job = run_job(None, "Working…", work, on_done=results.append)
    assert job.dialog.isVisible() and job.dialog.isModal()
    qtbot.waitUntil(lambda: job.progress.done > 5, timeout=5000)
    job.dialog.findChild(QPushButton).click()  # Cancel
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    status, count, thread = results[0]
    assert status == "cancelled" and count < 1000 and thread != gui_thread
    assert job.done


def test_a_failing_job_reports_its_error(qtbot):
    from workbench.core import InvalidInputError
    from workbench.ui.jobs import run_job

    errors = []

    def work(progress):
        raise InvalidInputError("That will not do.")

    run_job(None, "Working…", work, on_error=errors.append, cancellable=False)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "That will not do."


def test_recreate_demo_closes_rebuilds_and_reopens_it(qtbot, monkeypatch):
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    assert open_initial_project(window, None, background=False)
    project = window.project
    source = project.sources.list()[0]
    project.sources.delete(source.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.menus["recreate_demo"].trigger()
    qtbot.waitUntil(lambda: window.project is not None and window.project is not project,
                    timeout=30000)
    assert window.project.path == demo.demo_path()
    assert any(s.title == source.title for s in window.project.sources.list())
    window.close()
