"""Help ▸ Guide and Help ▸ Keyboard shortcuts: a short built-in guide in the interface language.

The guide is a Markdown page per language under ``resources/help`` (translators edit prose, not
code). The shortcut list is made from the window's own actions, so it can never disagree with
what the keys really do.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout

from ..i18n import current_language, tr
from ..resources import resource_path

if TYPE_CHECKING:
    from .main_window import MainWindow


def guide_markdown(language: str | None = None) -> str:
    """The guide's text in ``language`` (the interface's by default), English as the fallback."""
    language = language or current_language()
    folder = resource_path("help")
    for name in (f"guide.{language}.md", f"guide.{language.split('_')[0]}.md", "guide.en.md"):
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


def shortcut_rows(window: "MainWindow") -> list[tuple[str, str]]:
    """(keys, what they do) for every menu action with a shortcut, then the viewer's keys."""
    rows: list[tuple[str, str]] = []
    for action in window.menus.actions.values():
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys:
            rows.append((" / ".join(keys), action.text().replace("&", "")))
    rows += [
        ("1 … 9", tr("Code the selection to the element with that number (Framework panel)")),
        (tr("Enter in “Code to…”"), tr("Code the selection to the element typed")),
        (tr("Double-click an element"), tr("Code the selection to it")),
        (tr("Click a name in the margin"), tr("Select that coding")),
        (tr("Drag on a screenshot"), tr("Select a region to code")),
    ]
    return rows


def shortcuts_html(window: "MainWindow") -> str:
    body = "".join(f"<tr><td style='padding:2px 16px 2px 0'><b>{html.escape(keys)}</b></td>"
                   f"<td>{html.escape(text)}</td></tr>" for keys, text in shortcut_rows(window))
    return f"<h2>{html.escape(tr('Keyboard shortcuts'))}</h2><table>{body}</table>"


class GuideDialog(QDialog):
    """The guide and the shortcut list as two tabs; not modal, so it can stay open beside work."""

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.setObjectName("guideDialog")
        self.setWindowTitle(tr("Case Workbench Guide"))
        self.tabs = QTabWidget()
        self.guide = QTextBrowser()
        self.guide.setOpenExternalLinks(False)
        self.guide.setMarkdown(guide_markdown())
        self.shortcuts = QTextBrowser()
        self.shortcuts.setHtml(shortcuts_html(window))
        self.tabs.addTab(self.guide, tr("Guide"))
        self.tabs.addTab(self.shortcuts, tr("Keyboard shortcuts"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(720, 640)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)


def open_guide(window: "MainWindow", page: str = "guide") -> GuideDialog:
    dialog = GuideDialog(window)
    dialog.tabs.setCurrentIndex(1 if page == "shortcuts" else 0)
    dialog.show()
    return dialog
