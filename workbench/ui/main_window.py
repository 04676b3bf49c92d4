"""The main window: owns the open Project, lays out the parts and is the only place wiring them.

Parts (docs/UI.md) never reach into each other. They get ``set_project`` when a project opens and
``refresh(change)`` after every committed change; their signals arrive here and are turned into
calls on other parts or on the core (``main_parts.py``). User actions (menus, dialogs, import)
live in ``main_actions.py``; menus and the toolbar in ``main_menus.py``.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (QApplication, QDockWidget, QLabel, QMainWindow, QSizePolicy,
                               QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

from ..core import Change, Project, WorkbenchError
from ..i18n import current_language, tr
from . import codebook_actions
from .backup_dialog import AutoBackup
from .banner import MessageBar
from .main_actions import MainActions
from .main_menus import build_menus, retranslate_menus, update_undo_actions
from .main_parts import CENTRAL_PARTS, PART_CLASSES, PartsWiring
from .panel_models import AddedCodings, CodingsAdded
from .main_paths import PathsWiring
from .settings import Settings
from .source_viewer import SourceViewer
from .view_layouts import ViewLayouts

log = logging.getLogger("workbench.ui")

class MainWindow(PartsWiring, PathsWiring, MainActions, QMainWindow):
    # A Change sent by the core on a worker thread, delivered again in the GUI thread.
    changeArrived = Signal(object)

    def __init__(self, settings: Settings | None = None, *, screenshot_mode: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings or Settings()
        self.screenshot_mode = screenshot_mode
        self.project: Project | None = None
        self.job = None  # the running background job (jobs.Job), if any
        self._refresh_pending = False
        self._last_source_id: int | None = None
        self._last_element_id: int | None = None
        self._segments_target: tuple[str, int] | None = None
        self._added = AddedCodings(None)  # what a change added, for the parts
        self._agreement_dialogs: list = []  # non-modal; closed with their project
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)
        self.parts: dict[str, QWidget] = {}
        for name, cls in PART_CLASSES.items():
            self.parts[name] = cls()
            self.parts[name].setObjectName(name)
        self._build_central()
        self._build_docks()
        self.view_layouts = ViewLayouts(
            self.central_tabs, {name: self.parts[name] for name in CENTRAL_PARTS}, self.docks,
            None if screenshot_mode else self.settings)
        self.menus = build_menus(self)
        self.central_tabs.currentChanged.connect(  # focus is per view: show the new view's
            lambda _index: self.menus["focus_view"].setChecked(self.view_layouts.is_focused()))
        self.messages = MessageBar(self)  # under the toolbar: read-only why, checks, risky places
        self.auto_backup = AutoBackup(self)  # rolling backups of the open project
        self._build_status_bar()
        for name, part in self.parts.items():
            self._connect_part(name, part)
        self.changeArrived.connect(self._apply_change, Qt.ConnectionType.QueuedConnection)
        self.resize(1400, 900)
        self.size_docks()
        self._default_state = self.saveState()
        self.retranslate()

    # ----- construction --------------------------------------------------------------------
    @property
    def viewer(self) -> SourceViewer:
        return self.parts["viewer"]  # type: ignore[return-value]

    def _build_central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The document and the path diagram share the middle of the window as tabs.
        self.central_tabs = QTabWidget()
        self.central_tabs.setObjectName("centralTabs")
        self.central_tabs.setDocumentMode(True)
        titles = self.central_tabs_titles()
        for name in CENTRAL_PARTS:
            self._ignore_width_hint(self.parts[name])
            self.central_tabs.addTab(self.parts[name], titles[name])
        layout.addWidget(self.central_tabs, 1)
        self.setCentralWidget(central)

    def _build_docks(self) -> None:
        self.forms = QStackedWidget()
        self.forms.setObjectName("forms")
        self.forms.addWidget(self.parts["element_form"])
        self.forms.addWidget(self.parts["source_form"])
        contents = {"sources": self.parts["sources"], "framework": self.parts["framework"],
                    "segments": self.parts["segments"], "details": self.forms,
                    "cases": self.parts["cases"], "memos": self.parts["memos"],
                    "interactions": self.parts["interactions"], "outline": self.parts["outline"]}
        self.docks: dict[str, QDockWidget] = {}
        for name, widget in contents.items():
            dock = QDockWidget(self)
            dock.setObjectName(f"{name}Dock")
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetClosable
                             | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
            self.docks[name] = dock
            dock.visibilityChanged.connect(lambda shown, name=name: self._dock_shown(name, shown))
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.addDockWidget(left, self.docks["sources"])
        self.splitDockWidget(self.docks["sources"], self.docks["framework"], Qt.Orientation.Vertical)
        self.addDockWidget(right, self.docks["segments"])
        self.splitDockWidget(self.docks["segments"], self.docks["details"], Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.docks["details"], self.docks["cases"])
        self.tabifyDockWidget(self.docks["cases"], self.docks["memos"])
        self.tabifyDockWidget(self.docks["memos"], self.docks["interactions"])
        self.tabifyDockWidget(self.docks["interactions"], self.docks["outline"])
        self.docks["details"].raise_()
        self.size_docks()

    def size_docks(self) -> None:
        """The default proportions: sources and framework left, segments and details right."""
        height = max(self.height() - 120, 400)
        # Each side takes about a fifth of the width (260–420 px), so on a 1366-pixel laptop the
        # reading column keeps more than half the window.
        side = min(420, max(260, int(self.width() * 0.22)))
        self.resizeDocks([self.docks["sources"], self.docks["segments"]], [side, side],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["sources"], self.docks["framework"]],
                         [int(height * 0.42), int(height * 0.58)], Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["segments"], self.docks["details"]],
                         [int(height * 0.45), int(height * 0.55)], Qt.Orientation.Vertical)

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.coder_label = QLabel()
        for label in (self.counts_label, self.coder_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

    # ----- the project ---------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        """Show ``project`` (None = no project), closing the one shown before."""
        self.flush_edits()
        self.auto_backup.set_project(project)  # first stops a copy of the old project
        old = self.project
        if old is not None:
            old.unsubscribe(self._on_project_change)
            codebook_actions.close_codebook(self)  # it watches the project being closed
            self.close_agreement_dialogs()
        self.project = project
        self._last_source_id = self._last_element_id = self._segments_target = None
        for name, part in self.parts.items():
            self._call_part(part, "set_project", project)
        self._added = AddedCodings(None)
        if project is not None:
            try:
                self._added = AddedCodings(project)  # knows the newest coding so far
            except WorkbenchError:
                log.exception("reading the newest coding failed")
            project.subscribe(self._on_project_change)
            self._quick_elements_changed(self.parts["framework"].quick_elements())
        if old is not None and old is not project:
            try:
                old.close()
            except Exception:  # closing must never keep the window from going on
                log.exception("closing %s failed", old.path)
        self.messages.show_project(project)
        self.update_state()

    def _on_project_change(self, change: Change) -> None:
        """The core's listener; may be called on a job's worker thread."""
        if self.job is not None:  # the worker owns the project until the job ends
            self._refresh_pending = True
        elif QThread.currentThread() is not self.thread():
            self.changeArrived.emit(change)
        else:
            self._apply_change(change)

    def _apply_change(self, change: Change | None) -> None:
        if self.project is None:
            return
        if self.job is not None:
            self._refresh_pending = True
            return
        change = self._with_added_codings(change)
        for part in self.parts.values():
            self._call_part(part, "refresh", change)
        for dialog in self._agreement_dialogs:
            self._call_part(dialog, "refresh", change)
        if isinstance(change, CodingsAdded):  # the title and which actions work stay the same
            update_undo_actions(self, self.menus)
            self._update_status()
        else:
            self.update_state()

    def _with_added_codings(self, change: Change | None) -> Change | None:
        """A change that only added codings (a passage or region just coded) comes with the
        codings it added, read here once, so each part takes them in instead of listing its
        sources, elements or codings again."""
        try:
            return self._added.describe(change)
        except WorkbenchError:
            log.exception("reading the codings just added failed")
            return change  # a plain change: the parts read what they show again

    def refresh_all(self) -> None:
        self._refresh_pending = False
        self._apply_change(None)

    def update_state(self) -> None:
        """Title, banner, status bar and which actions can be used, from the project."""
        project = self.project
        busy = self.job is not None
        writable = project is not None and not project.read_only and not busy
        title = tr("Case Workbench")
        if busy:  # the worker thread owns the project: read nothing, only disable
            for action in self.menus.actions.values():
                action.setEnabled(action is self.menus["quit"])
            return
        for action in self.menus.actions.values():
            action.setEnabled(True)
        if project is not None:
            try:
                title = f"{project.info().title} — {title}"
            except Exception:
                log.exception("reading the project's title failed")
            if project.read_only:
                title += " " + tr("[read-only]")
        self.setWindowTitle(title)
        actions = self.menus.actions
        for key in ("import_files", "import_folder", "coder", "new_interaction", "periods",
                    "reset_diagram", "add_template", "import_codebook", "recognise_text"):
            actions[key].setEnabled(writable)
        for key in ("export_diagram", "export_stages", "export_graph", "codebook", "export_data",
                    "export_report", "agreement",
                    "save_template", "export_codebook"):
            actions[key].setEnabled(project is not None)
        actions["close"].setEnabled(project is not None and self.job is None)
        actions["restore_backup"].setEnabled(project is not None)
        update_undo_actions(self, self.menus)
        self._update_status()

    def _update_status(self) -> None:
        if self.project is None:
            self.counts_label.setText(tr("No project open"))
            self.coder_label.setText("")
            return
        try:
            counts = self.project.counts()
            coder = self.project.info().current_coder
        except Exception:
            log.exception("reading the project's counts failed")
            return
        self.counts_label.setText(tr("{sources} sources · {codings} codings",
                                     sources=counts.get("sources", 0),
                                     codings=counts.get("codings", 0)))
        self.coder_label.setText(tr("Coder: {name}", name=coder))

    # ----- language ------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Set every string the window itself shows in the current language."""
        titles = {"sources": tr("Sources"), "framework": tr("Framework"),
                  "segments": tr("Coded segments"), "details": tr("Details"),
                  "cases": tr("Cases"), "memos": tr("Memos"),
                  "interactions": tr("Interactions"), "outline": tr("Outline")}
        for name, title in titles.items():
            self.docks[name].setWindowTitle(title)
        for name, title in self.central_tabs_titles().items():
            self.central_tabs.setTabText(self.central_tabs.indexOf(self.parts[name]), title)
        retranslate_menus(self, self.menus)
        self.messages.retranslate()
        for code, action in self.menus.languages.items():
            action.setChecked(code == current_language())
        self.update_state()

    @staticmethod
    def _ignore_width_hint(part: QWidget) -> None:
        """A tab's toolbar must not make the whole window wider than the screen: the tabs share
        the middle, so the widest page's minimum would be everybody's."""
        policy = part.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        part.setSizePolicy(policy)

    @staticmethod
    def central_tabs_titles() -> dict[str, str]:
        return {"viewer": tr("Document"), "diagram": tr("Path diagram"),
                "analysis": tr("Analysis")}

    # ----- closing -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:  # the modal progress dialog normally prevents this
            self.job.abandon()
            self.job = None
        self.flush_edits()
        if not self.screenshot_mode:
            # The saved dock state is the document view's: the window opens on the document.
            self.central_tabs.setCurrentIndex(0)
            if self.view_layouts.is_focused():
                self.toggle_focus()
            self.settings.set_window_layout(self.saveGeometry(), self.saveState())
            self.settings.sync()
        self.set_project(None)  # closes the project file and releases its lock
        super().closeEvent(event)

    def restore_layout(self) -> bool:
        """The size, place and docks of the last session; False when there was none."""
        geometry, state = self.settings.window_geometry(), self.settings.window_state()
        if geometry is None or not self.restoreGeometry(geometry):
            self.fit_to_screen()
        return state is not None and self.restoreState(state)

    def fit_to_screen(self) -> None:
        """First run: 1400×900, or less on a small laptop screen, centred."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        width = min(1400, int(available.width() * 0.94))
        height = min(900, int(available.height() * 0.92))
        self.resize(width, height)
        self.move(available.x() + (available.width() - width) // 2,
                  available.y() + (available.height() - height) // 2)
        self.size_docks()

    def reset_layout(self) -> None:
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.restoreState(self._default_state)
        self.docks["details"].raise_()
        self.size_docks()
        self.view_layouts.reset()
        self.menus["focus_view"].setChecked(False)

    def toggle_focus(self) -> None:
        """View ▸ Focus on the view: every side panel of the current view steps aside (again:
        they come back)."""
        focused = self.view_layouts.toggle_focus()
        self.menus["focus_view"].setChecked(focused)
        self.statusBar().showMessage(
            tr("Side panels hidden; press Ctrl+Shift+F to bring them back.") if focused else "",
            4000)

    def current_project_path(self) -> Path | None:
        return self.project.path if self.project is not None else None
