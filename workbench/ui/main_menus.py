"""The main window's menus, toolbar and their actions; texts set (and reset) by ``retranslate``.

Actions are created once and kept, so shortcuts never become ambiguous; switching the language
only sets new texts. Every visible string goes through ``tr``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from ..i18n import LANGUAGES, tr
from .backup_dialog import open_backup_dialog
from .pack_dialog import save_copy_to_send
from .export_actions import export_coded_data, write_word_report

if TYPE_CHECKING:
    from .main_window import MainWindow


@dataclass
class Menus:
    file: QMenu
    edit: QMenu
    framework: QMenu
    export: QMenu
    view: QMenu
    settings: QMenu
    help: QMenu
    recent: QMenu
    language: QMenu
    toolbar: QToolBar
    actions: dict[str, QAction] = field(default_factory=dict)
    languages: dict[str, QAction] = field(default_factory=dict)

    def __getitem__(self, key: str) -> QAction:
        return self.actions[key]


def build_menus(window: "MainWindow") -> Menus:
    bar = window.menuBar()
    menus = Menus(file=bar.addMenu(""), edit=bar.addMenu(""), framework=QMenu(window),
                  export=QMenu(window), view=bar.addMenu(""),
                  settings=bar.addMenu(""), help=bar.addMenu(""), recent=QMenu(window),
                  language=QMenu(window), toolbar=QToolBar(window))

    def action(key: str, slot, shortcuts=(), role=None) -> QAction:
        act = QAction(window)
        act.setObjectName(f"action_{key}")
        if shortcuts:
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        if role is not None:
            act.setMenuRole(role)
        act.triggered.connect(lambda checked=False: slot())
        menus.actions[key] = act
        return act

    # ----- File ----------------------------------------------------------------------------
    file = menus.file
    file.addAction(action("new", window.new_project, [QKeySequence.StandardKey.New]))
    file.addAction(action("open", window.open_project_dialog, [QKeySequence.StandardKey.Open]))
    menus.recent.setObjectName("recentMenu")
    menus.recent.aboutToShow.connect(lambda: _fill_recent(window, menus))
    file.addMenu(menus.recent)
    file.addAction(action("open_read_only", lambda: window.open_project_dialog(read_only=True)))
    file.addSeparator()
    file.addAction(action("import_files", window.import_files_dialog, ["Ctrl+I"]))
    file.addAction(action("import_folder", window.import_folder_dialog))
    file.addAction(action("recognise_text", window.recognise_current_text))
    file.addSeparator()
    file.addAction(action("import_qdpx", window.import_qdpx_project))
    file.addAction(action("merge_projects", window.merge_project_files))
    file.addAction(action("pack_copy", lambda: save_copy_to_send(window, window.project)))
    menus.export.addAction(action("export_data", lambda: export_coded_data(window,
                                                                            window.project)))
    menus.export.addAction(action("export_report", lambda: write_word_report(window,
                                                                              window.project)))
    menus.export.addSeparator()
    menus.export.addAction(action("export_diagram", lambda: window.export_diagram("figure")))
    menus.export.addAction(action("export_stages", lambda: window.export_diagram("stages")))
    menus.export.addAction(action("export_graph", lambda: window.export_diagram("graph")))
    file.addMenu(menus.export)
    file.addSeparator()
    file.addAction(action("recreate_demo", window.recreate_demo))
    file.addAction(action("policy_demo", window.open_policy_demo))
    file.addAction(action("restore_backup", lambda: open_backup_dialog(window)))
    file.addAction(action("project_doctor", lambda: _open_doctor(window)))
    # update_state enables every action; the doctor needs an open project and no running job.
    file.aboutToShow.connect(lambda: menus.actions["project_doctor"].setEnabled(
        window.project is not None and window.job is None))
    file.addSeparator()
    file.addAction(action("close", window.close_project_action, [QKeySequence.StandardKey.Close]))
    file.addAction(action("quit", window.close, [QKeySequence.StandardKey.Quit],
                          QAction.MenuRole.QuitRole))

    # ----- Edit ----------------------------------------------------------------------------
    edit = menus.edit
    edit.addAction(action("undo", window.undo, ["Ctrl+Z"]))
    edit.addAction(action("redo", window.redo, ["Ctrl+Shift+Z", "Ctrl+Y"]))
    edit.addSeparator()
    edit.addAction(action("coder", window.set_coder))

    # ----- Framework: elements' relations, periods, the path diagram -----------------------
    bar.insertMenu(menus.view.menuAction(), menus.framework)
    framework = menus.framework
    framework.addAction(action("codebook", window.open_codebook, ["Ctrl+B"]))
    framework.addAction(action("add_template", window.add_framework_from_template))
    framework.addAction(action("save_template", window.save_framework_as_template))
    framework.addAction(action("import_codebook", window.import_codebook))
    framework.addAction(action("export_codebook", window.export_codebook))
    framework.addSeparator()
    framework.addAction(action("new_interaction", window.new_interaction, ["Ctrl+R"]))
    framework.addAction(action("periods", window.open_periods))
    framework.addSeparator()
    framework.addAction(action("reset_diagram", window.reset_diagram_layout))
    framework.addSeparator()
    framework.addAction(action("agreement", window.show_agreement))

    # ----- View ----------------------------------------------------------------------------
    menus.view.addAction(action("show_document", window.show_document, ["Ctrl+1"]))
    menus.view.addAction(action("show_diagram", window.show_diagram, ["Ctrl+2"]))
    menus.view.addAction(action("show_analysis", window.show_analysis, ["Ctrl+3"]))
    menus.view.addSeparator()
    for dock in window.docks.values():
        menus.view.addAction(dock.toggleViewAction())
    menus.view.addSeparator()
    focus = action("focus_view", window.toggle_focus, ["Ctrl+Shift+F"])
    focus.setCheckable(True)
    menus.view.addAction(focus)
    menus.view.addAction(action("reset_layout", window.reset_layout))

    # ----- Settings ------------------------------------------------------------------------
    group = QActionGroup(window)
    group.setExclusive(True)
    for code, name in LANGUAGES.items():
        act = QAction(name, window)  # a language is always named in itself
        act.setObjectName(f"action_language_{code}")
        act.setCheckable(True)
        act.triggered.connect(lambda checked=False, c=code: window.set_language(c))
        group.addAction(act)
        menus.languages[code] = act
    for code in ("zh_CN", "en"):
        menus.language.addAction(menus.languages[code])
    menus.settings.addMenu(menus.language)

    # ----- Help ----------------------------------------------------------------------------
    menus.help.addAction(action("guide", lambda: _open_guide(window, "guide"),
                                [QKeySequence.StandardKey.HelpContents]))
    menus.help.addAction(action("shortcuts", lambda: _open_guide(window, "shortcuts")))
    menus.help.addSeparator()
    menus.help.addAction(action("about", window.about, role=QAction.MenuRole.AboutRole))

    # ----- toolbar: the few things done every day ---------------------------------------
    toolbar = menus.toolbar
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for key in ("open", "import_files", None, "undo", "redo"):
        if key is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(menus.actions[key])
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return menus


def retranslate_menus(window: "MainWindow", menus: Menus) -> None:
    menus.file.setTitle(tr("File"))
    menus.edit.setTitle(tr("Edit"))
    menus.framework.setTitle(tr("Framework"))
    menus.export.setTitle(tr("Export"))
    menus.view.setTitle(tr("View"))
    menus.settings.setTitle(tr("Settings"))
    menus.help.setTitle(tr("Help"))
    menus.recent.setTitle(tr("Open Recent"))
    menus.language.setTitle(tr("Language"))
    menus.toolbar.setWindowTitle(tr("Toolbar"))
    texts = {
        "new": tr("New project…"),
        "open": tr("Open…"),
        "open_read_only": tr("Open read-only…"),
        "import_files": tr("Import files…"),
        "import_folder": tr("Import folder…"),
        "recreate_demo": tr("Recreate demo project"),
        "policy_demo": tr("Open the policy-instruments demo"),
        "close": tr("Close project"),
        "restore_backup": tr("Restore from Backup…"),
        "project_doctor": tr("Project Doctor…"),
        "quit": tr("Quit"),
        "coder": tr("Coder…"),
        "reset_layout": tr("Reset layout"),
        "new_interaction": tr("New interaction…"),
        "codebook": tr("Codebook…"),
        "import_qdpx": tr("Import REFI-QDA project…"),
        "merge_projects": tr("Merge project files…"),
        "pack_copy": tr("Save a copy to send…"),
        "agreement": tr("Intercoder agreement…"),
        "export_data": tr("Coded data (CSV, Excel, JSON, REFI-QDA)…"),
        "export_report": tr("Word report…"),
        "recognise_text": tr("Recognise text (OCR)"),
        "add_template": tr("Add framework from template…"),
        "save_template": tr("Save framework as template…"),
        "import_codebook": tr("Import codebook…"),
        "export_codebook": tr("Export codebook…"),
        "periods": tr("Periods…"),
        "reset_diagram": tr("Reset diagram layout"),
        "show_document": tr("Document"),
        "show_diagram": tr("Path diagram"),
        "show_analysis": tr("Analysis"),
        "export_diagram": tr("Path diagram (PNG, SVG, PDF)…"),
        "export_stages": tr("Export stage by stage…"),
        "export_graph": tr("Graph for Gephi (GraphML, GEXF)…"),
        "about": tr("About Case Workbench"),
        "guide": tr("Guide"),
        "shortcuts": tr("Keyboard shortcuts"),
        "focus_view": tr("Focus on the view"),
    }
    for key, text in texts.items():
        menus.actions[key].setText(text)
    # Short labels for the toolbar buttons (the menu items say more).
    menus.actions["open"].setIconText(tr("Open"))
    menus.actions["import_files"].setIconText(tr("Import"))
    menus.actions["undo"].setIconText(tr("Undo"))
    menus.actions["redo"].setIconText(tr("Redo"))
    menus.actions["import_files"].setStatusTip(
        tr("Import documents and screenshots; you can also drop files or folders on the window."))
    update_undo_actions(window, menus)


def update_undo_actions(window: "MainWindow", menus: Menus) -> None:
    """Undo/Redo name the step they would take back, and are enabled only when there is one."""
    project = window.project
    writable = project is not None and not project.read_only
    undo_label = project.undo_label() if writable else None
    redo_label = project.redo_label() if writable else None
    undo, redo = menus.actions["undo"], menus.actions["redo"]
    undo.setText(tr("Undo {label}", label=tr(undo_label)) if undo_label else tr("Undo"))
    redo.setText(tr("Redo {label}", label=tr(redo_label)) if redo_label else tr("Redo"))
    undo.setIconText(tr("Undo"))
    redo.setIconText(tr("Redo"))
    undo.setToolTip(undo.text())
    redo.setToolTip(redo.text())
    undo.setEnabled(bool(undo_label) and window.job is None)
    redo.setEnabled(bool(redo_label) and window.job is None)


def _open_guide(window: "MainWindow", page: str) -> None:
    from .help_guide import open_guide  # imported on use: the window starts without it

    open_guide(window, page)


def _open_doctor(window: "MainWindow") -> None:
    from .doctor_dialog import open_doctor  # imported on use: the window starts without it

    open_doctor(window)


def _fill_recent(window: "MainWindow", menus: Menus) -> None:
    menu = menus.recent
    menu.clear()
    recent = window.settings.recent_projects()
    if not recent:
        empty = menu.addAction(tr("No recent projects"))
        empty.setEnabled(False)
        return
    for number, path in enumerate(recent, 1):
        label = f"{number}  {path.name}  —  {_short_folder(path)}"
        act = menu.addAction(label.replace("&", "&&"))
        act.setToolTip(str(path))
        act.setStatusTip(str(path))
        act.triggered.connect(lambda checked=False, p=path: window.open_project(p))
    menu.addSeparator()
    menu.addAction(tr("Clear list"), window.settings.clear_recent_projects)


def _short_folder(path: Path) -> str:
    folder = str(path.parent)
    home = str(Path.home())
    if folder.startswith(home):
        folder = "~" + folder[len(home):]
    return folder if len(folder) <= 50 else "…" + folder[-49:]
