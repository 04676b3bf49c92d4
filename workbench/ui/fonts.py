"""A user-interface font that shows Chinese: the user's own CJK font first, ours as a fallback.

Latin text keeps the platform's UI font; Chinese characters fall back to the chosen CJK family
(``QFont.setFamilies``), so neither script is drawn with the other's metrics or as empty boxes.
Fonts shipped in ``resources/fonts/`` are registered only as a fallback for machines with none.
"""
from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from ..resources import resource_path

log = logging.getLogger("workbench.ui")

# What researchers' machines already have, best first (Windows, macOS, Linux, then older ones).
PREFERRED_CJK_FAMILIES = (
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Sarasa UI SC", "Droid Sans Fallback",
    "DengXian", "SimHei", "SimSun", "NSimSun",
)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

_chosen: str | None = None
_set_up = False


def bundled_font_families() -> list[str]:
    """Register the fonts in resources/fonts (once each) and return their families."""
    families: list[str] = []
    try:
        folder = resource_path("fonts")
    except FileNotFoundError:
        return families
    if not folder.is_dir():
        return families
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load the bundled font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def _find_cjk_family(bundled: list[str]) -> str | None:
    installed = set(QFontDatabase.families())
    for family in PREFERRED_CJK_FAMILIES:
        if family in installed:
            return family
    for family in bundled:
        return family
    # Anything the font database says writes Simplified Chinese (not a symbol or bitmap font).
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    for family in chinese:
        if not QFontDatabase.isPrivateFamily(family):
            return family
    return None


def setup_fonts(app: QGuiApplication) -> str | None:
    """Choose the CJK family and make it the application font's fallback; returns the family."""
    global _chosen, _set_up
    bundled = bundled_font_families()
    _chosen = _find_cjk_family(bundled)
    _set_up = True
    font = QFont(app.font())
    base = font.family()
    if _chosen and _chosen != base:
        font.setFamilies([base, _chosen])
        app.setFont(font)
    if _chosen is None:
        log.warning("no font with Chinese characters was found; Chinese text may show as boxes")
    else:
        log.info("UI font: %s with %s for Chinese", base, _chosen)
    return _chosen


def cjk_font_family() -> str | None:
    """The family used for Chinese text, or None when the machine has none."""
    if not _set_up and QGuiApplication.instance() is not None:
        return _find_cjk_family([])
    return _chosen


def cjk_font(point_size: float | None = None) -> QFont:
    """The application font with the CJK family as fallback, e.g. for a text view's document."""
    font = QFont(QGuiApplication.font())
    family = cjk_font_family()
    if family:
        font.setFamilies([font.family(), family])
    if point_size:
        font.setPointSizeF(point_size)
    return font
