"""Render the demo's website "screenshots" (screenshots/*.html) to PNG images.

The demo project shows archived captures of a fictional city's government portal. They are
written as HTML so that they can be read, corrected and translated, and rendered here with Qt's
rich-text engine (QTextDocument: tables, colours, fonts; no CSS layout, no scripts) into the
PNGs that are committed and imported into the demo project.

    QT_QPA_PLATFORM=offscreen .venv/bin/python projects/demo/render_screenshots.py [--width 1100]

A Chinese font is required (``fc-list :lang=zh`` must list one; on Debian/Ubuntu
``apt-get install fonts-wqy-microhei`` or ``fonts-noto-cjk``). Without one Qt would draw boxes
instead of characters, so the script stops rather than writing broken images.

After re-rendering, check the region codings in demo.toml (``rect = [x, y, w, h]``): the tests
only check that they lie inside the image, not that they still frame the right part of it.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHOTS = HERE / "screenshots"
# Preferred first; any other family that can write Simplified Chinese is accepted. The committed
# PNGs were rendered with WenQuanYi Micro Hei: another font moves the layout (and the region rects).
PREFERRED_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC",
                   "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "SimHei")
MAX_BYTES = 300_000


def cjk_family(wanted: str | None = None) -> str:
    from PySide6.QtGui import QFontDatabase

    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if wanted:
        if wanted not in families:
            sys.exit(f"The font {wanted!r} is not installed or cannot write Chinese.")
        return wanted
    for name in PREFERRED_FONTS:
        if name in families:
            return name
    real = [f for f in families if not f.startswith(("Sans", "Serif", "Monospace"))]
    if not real:
        sys.exit("No Chinese font is installed (fc-list :lang=zh is empty); install "
                 "fonts-wqy-microhei or fonts-noto-cjk and run again.")
    return real[0]


def render(html_path: Path, width: int, family: str) -> Path:
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextDocument

    document = QTextDocument()
    document.setDocumentMargin(0)
    font = QFont(family)
    font.setPixelSize(14)
    document.setDefaultFont(font)
    # Qt's HTML subset knows no font fallback by CSS; naming the family everywhere keeps every
    # run of text in the Chinese font, Latin letters included.
    document.setDefaultStyleSheet(f"body, td, p, span, b {{ font-family: '{family}'; }}")
    document.setHtml(html_path.read_text(encoding="utf-8"))
    document.setPageSize(QSizeF(width, 100_000))
    document.setTextWidth(width)
    height = int(document.size().height() + 0.5)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    document.drawContents(painter)
    painter.end()
    # Palette-free PNG of flat colours: small, lossless, and byte-identical on re-render.
    target = html_path.with_suffix(".png")
    if not image.save(str(target), "PNG"):
        sys.exit(f"Cannot write {target}.")
    size = target.stat().st_size
    if size > MAX_BYTES:
        _shrink(target)
        size = target.stat().st_size
    print(f"{target.name}: {width}×{height} px, {size // 1024} KB, font {family}")
    return target


def _shrink(target: Path) -> None:
    """Re-save with an adaptive palette (Pillow) when the plain PNG is over the size budget."""
    from PIL import Image

    with Image.open(target) as im:
        im.convert("RGB").quantize(colors=128).save(target, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=1100, help="image width in pixels")
    parser.add_argument("--font", help="font family (default: the first installed of "
                        + ", ".join(PREFERRED_FONTS) + ")")
    parser.add_argument("pages", nargs="*", type=Path,
                        help="HTML files to render (default: every screenshots/*.html)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts need it)
    family = cjk_family(args.font)
    for page in args.pages or sorted(SHOTS.glob("*.html")):
        render(page, args.width, family)
    return 0


if __name__ == "__main__":
    sys.exit(main())
