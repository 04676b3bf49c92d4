"""A font that writes Chinese, for matplotlib figures.

matplotlib's default DejaVu Sans has no Chinese glyphs, so element names would print as empty
boxes. We look for, in order: a CJK font the user already has (what Word on the same machine also
uses, so the figure matches the thesis), a font shipped in ``resources/fonts/``, and finally any
installed font that has a glyph for “中”. Figures name the family explicitly on each text
(:func:`font_family`), so nothing here changes matplotlib's global rcParams.
"""
from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

log = logging.getLogger("workbench.exporters")

# Windows, macOS, then Linux families, best first.
PREFERRED_CJK_FAMILIES = (
    "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC",
    "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Sarasa UI SC", "DengXian", "Noto Sans CJK JP", "Droid Sans Fallback",
)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
# Latin letters, digits and signs such as “−” fall back to this one where the CJK font lacks them.
LATIN_FALLBACK = "DejaVu Sans"


@cache
def cjk_font_name() -> str | None:
    """The family name of a font matplotlib can use for Chinese, registering it if needed;
    None when the machine has none (figures then still draw, with boxes for Chinese)."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in PREFERRED_CJK_FAMILIES:
        if family in installed:
            return family
    bundled = _register_bundled(font_manager)
    if bundled:
        return bundled
    return _search_installed(font_manager)


def font_family() -> list[str]:
    """The family list to give every text of a figure: the CJK font first, the Latin fallback
    after, then the generic family, which an SVG file spells out as :func:`rc_overrides` says."""
    name = cjk_font_name()
    return [name, LATIN_FALLBACK, "sans-serif"] if name else [LATIN_FALLBACK, "sans-serif"]


def rc_overrides() -> dict[str, object]:
    """rcParams for ``matplotlib.rc_context`` while saving: text stays text in SVG (searchable,
    editable in Word/Inkscape), fonts are embedded as TrueType in PDF, and a real minus sign."""
    return {
        "svg.fonttype": "none",
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "axes.unicode_minus": False,
        # An SVG names its fonts instead of embedding them; this list becomes its CSS fallback,
        # so a figure made on Linux still shows in YaHei on the supervisor's Windows machine.
        "font.sans-serif": list(dict.fromkeys(
            [*font_family()[:-1], *PREFERRED_CJK_FAMILIES[:6], LATIN_FALLBACK])),
    }


def _register_bundled(font_manager) -> str | None:
    try:
        from ..resources import resource_path
        folder = resource_path("fonts")
    except FileNotFoundError:
        return None
    if not folder.is_dir():
        return None
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in FONT_SUFFIXES and _has_chinese(path):
            try:
                font_manager.fontManager.addfont(str(path))
                return font_manager.FontProperties(fname=str(path)).get_name()
            except (OSError, RuntimeError, ValueError) as exc:
                log.warning("could not load the bundled font %s: %s", path, exc)
    return None


def _search_installed(font_manager) -> str | None:
    # Fonts matplotlib already knows first; then files installed after its cache was built.
    known = sorted({entry.fname: entry.name for entry in font_manager.fontManager.ttflist}.items())
    for fname, name in known:
        if _has_chinese(Path(fname)):
            return name
    known_files = {fname for fname, _name in known}
    for fname in sorted(font_manager.findSystemFonts()):
        if fname not in known_files and _has_chinese(Path(fname)):
            try:
                font_manager.fontManager.addfont(fname)
                return font_manager.FontProperties(fname=fname).get_name()
            except (OSError, RuntimeError, ValueError):
                continue
    return None


def _has_chinese(path: Path) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        return FT2Font(str(path)).get_char_index(ord("中")) != 0
    except (OSError, RuntimeError, ValueError):
        return False


def font_properties(size: float):
    """A FontProperties naming the CJK family explicitly, so a figure does not depend on the
    global rcParams at drawing time."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=font_family(), size=size)
