"""The interface language: the workbench's own strings (``workbench.i18n``) and Qt's.

Qt's standard dialogs (file dialogs, message-box buttons, colour dialog) are translated by the
``.qm`` catalogues that ship with Qt; they are installed for Chinese and removed for English.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import i18n

log = logging.getLogger("workbench.ui")

# qtbase covers QFileDialog, QMessageBox, QColorDialog, QInputDialog and the text widgets' menus.
_QT_CATALOGUES = ("qtbase",)
_installed: list[QTranslator] = []


def preferred_language(saved: str | None = None) -> str:
    """The saved preference if it names a known language, else the system's."""
    if saved in i18n.LANGUAGES:
        return saved  # type: ignore[return-value]
    return i18n.system_language()


def apply_language(app: QCoreApplication | None, language: str) -> str:
    """Switch every string source to ``language`` ("zh_CN" or "en"); returns the one applied."""
    i18n.set_language(language)
    language = i18n.current_language()
    app = app or QCoreApplication.instance()
    if app is None:
        return language
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "zh_CN":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in _QT_CATALOGUES:
            translator = QTranslator(app)
            if translator.load(f"{name}_zh_CN", folder):
                app.installTranslator(translator)
                _installed.append(translator)
            else:
                log.info("Qt's %s_zh_CN.qm was not found in %s", name, folder)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
                           if QLocale.system().language() == QLocale.Language.Chinese
                           else QLocale.system())
    return language


def qt_translators() -> list[QTranslator]:
    """The Qt catalogues currently installed (for tests and the About box)."""
    return list(_installed)
