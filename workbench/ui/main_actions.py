"""What the main window's menus and the parts' requests do: open, create, import, undo, code.

A mixin of ``MainWindow`` (see main_window.py), kept apart so each file stays readable. Every
action that can fail runs inside ``self._reported()``: a WorkbenchError becomes its sentence in a
message box (in screenshot mode it is only logged, so nothing ever waits for a click).
"""
from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox

from .. import __version__
from ..core import PROJECT_SUFFIX, Project, ProjectLockedError, WorkbenchError
from ..core.backups import is_backup_copy
from ..i18n import current_language, tr
from ..importers.document import ImportRefused
from .errors import reported, show_error
from .import_actions import ImportActions
from .jobs import Job
from .main_dialogs import NewProjectDialog
from .translations import apply_language

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger("workbench.ui")

VIEWS = ("coding", "framework", "cases", "memos", "diagram")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


class MainActions(ImportActions):
    """User actions of the main window (mixed into MainWindow); import and text recognition
    are in import_actions.py."""

    # ----- reporting -----------------------------------------------------------------------
    @contextmanager
    def _reported(self: "MainWindow") -> Iterator[None]:
        if not self.screenshot_mode:
            with reported(self):
                yield
            return
        try:
            yield
        except Exception:
            log.exception("an action failed while making a screenshot")

    def tell(self: "MainWindow", message: str) -> None:
        """A sentence the user must read (a message box; only logged in screenshot mode)."""
        if self.screenshot_mode:
            log.warning("%s", message)
            self.statusBar().showMessage(message)
        else:
            show_error(self, message)

    def _dialog_folder(self: "MainWindow") -> str:
        if self.project is not None:
            return str(self.project.path.parent)
        recent = self.settings.recent_projects()
        if recent:
            return str(recent[0].parent)
        return QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    # ----- opening and closing -------------------------------------------------------------
    def open_project(self: "MainWindow", path: str | os.PathLike, *, read_only: bool = False,
                     on_locked: str = "ask") -> bool:
        """Open ``path`` in this window. ``on_locked`` says what to do when another window has
        it: "ask" whether to open it read-only, "read_only" silently, "fail" with a message."""
        path = Path(path)
        if self.job is not None:
            return False
        current = self.project
        if current is not None and _same_file(current.path, path):
            if current.read_only == read_only:
                return True
            if not current.read_only:
                self.set_project(None)  # release our own lock before opening it again
        try:
            with _busy_cursor():  # a file from elsewhere is checked first (a second per 100 MB)
                project = Project.open(path, read_only=read_only)
        except ProjectLockedError as exc:
            if on_locked == "fail" or (on_locked == "ask"
                                       and not self._ask_open_read_only(path, str(exc))):
                if on_locked == "fail":
                    self.tell(str(exc))
                return False
            try:
                project = Project.open(path, read_only=True)
            except WorkbenchError as again:
                self.tell(str(again))
                return False
        except WorkbenchError as exc:
            self.tell(str(exc))
            return False
        except Exception:
            log.exception("opening %s failed", path)
            self.tell(tr("The project {name} could not be opened; the details were written to "
                         "the log file.", name=path.name))
            return False
        self.set_project(project)
        if not is_backup_copy(path):  # a backup looked at is not a project one works in
            self.settings.add_recent_project(path)
            self.settings.set_last_project(path)
        if project.backup_made:
            self.statusBar().showMessage(tr(
                "The project was upgraded for this version; the old file was kept as {name}.",
                name=Path(project.backup_made).name))
        else:
            self.statusBar().showMessage(tr("Opened {name}", name=path.name), 4000)
        return True

    def _ask_open_read_only(self: "MainWindow", path: Path, reason: str) -> bool:
        answer = QMessageBox.question(
            self, tr("Project in use"),
            reason + "\n\n" + tr("Open it read-only? You can read and search it, but not "
                                 "change it."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def open_project_dialog(self: "MainWindow", read_only: bool = False) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Open project read-only") if read_only else tr("Open project"),
            self._dialog_folder(),
            tr("Case Workbench projects (*.cwb)") + ";;" + tr("All files (*)"))
        if path:
            self.open_project(path, read_only=read_only)

    def reopen_for_editing(self: "MainWindow") -> None:
        if self.project is not None and self.project.read_only:
            self.open_project(self.project.path, read_only=False, on_locked="fail")

    def close_project_action(self: "MainWindow") -> None:
        if self.job is None and self.project is not None:
            self.set_project(None)
            self.statusBar().showMessage(tr("Project closed"), 4000)

    def new_project(self: "MainWindow") -> None:
        if self.job is not None:
            return
        suggestion = str(Path(self._dialog_folder()) / (tr("My study") + PROJECT_SUFFIX))
        path, _ = QFileDialog.getSaveFileName(
            self, tr("New project"), suggestion, tr("Case Workbench projects (*.cwb)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() != PROJECT_SUFFIX:
            path = path.with_name(path.name + PROJECT_SUFFIX)
        if path.exists():
            self.tell(tr("{name} already exists; choose another name, or open it with "
                         "File ▸ Open.", name=path.name))
            return
        language = "zh" if current_language().startswith("zh") else "en"
        dialog = NewProjectDialog(self, path.stem, language)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            title, language, framework = dialog.values()
        finally:
            dialog.deleteLater()
        self.create_project(path, title=title, language=language, framework=framework)

    def create_project(self: "MainWindow", path: Path, *, title: str, language: str,
                       framework: str | None) -> bool:
        with self._reported():  # the open project stays open until the new one exists
            project = Project.create(path, title=title or path.stem, language=language,
                                     framework=framework, coder=self.settings.coder_name())
            self.set_project(project)
            self.settings.add_recent_project(path)
            self.settings.set_last_project(path)
            self.statusBar().showMessage(tr("Created {name}", name=path.name), 4000)
            return True
        return False

    # ----- background jobs -----------------------------------------------------------------
    def _start_job(self: "MainWindow", title: str, function: Callable[[Any], Any],
                   on_done: Callable[[Any], None], *, cancellable: bool = True) -> Job:
        def finished(result: Any) -> None:
            self._end_job()
            on_done(result)

        def failed(error: BaseException) -> None:
            self._end_job()
            if isinstance(error, (WorkbenchError, ImportRefused)):  # one sentence for the user
                self.tell(str(error))
            else:
                log.error("a background job failed", exc_info=error)
                self.tell(tr("Something went wrong and the action was not carried out; "
                             "nothing you did before was lost."))

        self.flush_edits()  # nothing may write to the project from this thread during the job
        job = Job(self, title, function, finished, failed, cancellable)
        self.job = job  # set before the thread starts: its change notifications are held back
        self.update_state()
        job.start()
        return job

    def _end_job(self: "MainWindow") -> None:
        self.job = None
        if self.project is not None and self._refresh_pending:
            self.refresh_all()
        else:
            self.update_state()

    # ----- the demo ------------------------------------------------------------------------
    def recreate_demo(self: "MainWindow") -> None:
        if self.job is not None:
            return
        answer = QMessageBox.question(
            self, tr("Recreate demo project"),
            tr("Build the demo project again from scratch? Changes made in the demo project are "
               "lost; your own projects are not touched."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        from .. import demo
        if self.project is not None and _same_file(self.project.path, demo.demo_path()):
            self.set_project(None)
        self._start_job(tr("Building the demo project…"),
                        lambda progress: demo.ensure_demo(rebuild=True),
                        lambda path: self.open_project(path), cancellable=False)

    def open_policy_demo(self: "MainWindow") -> None:
        """File ▸ Open the policy-instruments demo: built on first use, then opened."""
        if self.job is not None:
            return
        from .. import demo
        from ..i18n import current_language

        language = "zh" if current_language().startswith("zh") else "en"
        self._start_job(tr("Building the demo project…"),
                        lambda progress: demo.ensure_demo(language=language, kind="policy"),
                        lambda path: self.open_project(path), cancellable=False)

    # ----- Edit ----------------------------------------------------------------------------
    def undo(self: "MainWindow") -> None:
        if self.project is None or self.job is not None:
            return
        self.flush_edits()  # what is being typed becomes a step before the newest is taken back
        with self._reported():
            change = self.project.undo()
            self.statusBar().showMessage(tr("Undone: {label}", label=tr(change.label)), 4000)

    def redo(self: "MainWindow") -> None:
        if self.project is None or self.job is not None:
            return
        self.flush_edits()  # what is being typed becomes a step before the newest is taken back
        with self._reported():
            change = self.project.redo()
            self.statusBar().showMessage(tr("Redone: {label}", label=tr(change.label)), 4000)

    def set_coder(self: "MainWindow") -> None:
        if self.project is None or self.project.read_only or self.job is not None:
            return
        current = self.project.info().current_coder
        name, ok = QInputDialog.getText(
            self, tr("Coder"),
            tr("Your name; new codings are recorded as yours (one project, several coders):"),
            text=current)
        name = name.strip()
        if not ok or not name or name == current:
            return
        with self._reported():
            self.project.coders.set_current(name)
            self.settings.set_coder_name(name)

    # ----- Settings and Help ---------------------------------------------------------------
    def set_language(self: "MainWindow", language: str) -> None:
        language = apply_language(QApplication.instance(), language)
        if not self.screenshot_mode:
            self.settings.set_language(language)
        self.retranslate_parts()
        self.retranslate()

    def about(self: "MainWindow") -> None:
        parts = [f"<h3>{html.escape(tr('Case Workbench'))}</h3>",
                 f"<p>{html.escape(tr('Version {version}', version=__version__))}</p>"]
        if self.project is not None:
            parts.append("<p>" + html.escape(tr(
                "Open project: {name} (file format version {schema})",
                name=self.project.path.name, schema=self.project.schema_version())) + "</p>")
        parts.append("<p>" + html.escape(tr(
            "Case Workbench helps researchers code case-study material (policy documents, news "
            "reports, screenshots) to a theoretical framework, record how the framework's "
            "elements interact over time, and report the evidence. Everything stays in one "
            "project file on your own computer; nothing is sent anywhere.")) + "</p>")
        QMessageBox.about(self, tr("About Case Workbench"), "".join(parts))

    # ----- what a screenshot shows ---------------------------------------------------------
    def show_view(self: "MainWindow", view: str | None) -> None:
        """Arrange the window for ``--screenshot --view`` (coding, framework, cases, memos,
        diagram)."""
        view = (view or "coding").lower()
        if view not in VIEWS:
            log.warning("unknown view %r; showing the coding view", view)
            view = "coding"
        project = self.project
        if project is None:
            return
        with self._reported():
            # Every view shows a coded text source in the middle (a screenshot of an empty
            # viewer says little); the view decides what is selected and which tab is raised.
            framework = self.parts["framework"]
            sources = project.sources.list()
            texts = [s for s in sources if s.kind == "text"]
            chosen = (next((s for s in texts if s.coding_count), None)
                      or (texts[0] if texts else None) or (sources[0] if sources else None))
            if chosen is not None:
                self._call_part(self.parts["sources"], "select_source", chosen.id)
                self.activate_source(chosen.id)
            if view == "coding":
                codings = project.codings.list(source_id=chosen.id) if chosen else []
                if codings:
                    self._call_part(framework, "select_element", codings[0].element_id)
                    self.select_element(codings[0].element_id)
                self.docks["details"].raise_()
            elif view == "framework":
                elements = project.elements.list()
                if elements:
                    self._call_part(framework, "select_element", elements[0].id)
                    self.select_element(elements[0].id)
                self.docks["details"].show()
                self.docks["details"].raise_()
            elif view == "diagram":  # the path diagram, its first arrow's evidence and loops
                for name in ("sources", "framework", "segments"):
                    self.docks[name].hide()  # room for the diagram (screenshots save no layout)
                self.show_diagram()
                links = project.interactions.list()
                if links:
                    self.show_interaction(links[0].id)
                    self._call_part(self.parts["diagram"], "show_interaction", links[0].id)
            else:
                self.docks[view].show()
                self.docks[view].raise_()
                if view == "cases":  # a cases × attributes table wants width
                    self.resizeDocks([self.docks["cases"]], [620], Qt.Orientation.Horizontal)


@contextmanager
def _busy_cursor() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
