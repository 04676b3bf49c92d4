"""Draw the Case Workbench icon once and write every file the three systems want from it.

The drawing: a page of a source with passages highlighted in element colours, and a small path
diagram beside it (two elements, one acting on the other) — coding material to a framework.

    python packaging/icons/draw_icon.py      # rewrites the files below (they are committed)

Writes, next to this script:
    hicolor/<N>x<N>/apps/case-workbench.png   N = 16 … 512 (Linux icon theme layout)
    hicolor/<N>x<N>/mimetypes/application-x-case-workbench.png   the .cwb file icon
    case-workbench.png      512 px, the source of the others as a picture
    case-workbench.ico      Windows (16 … 256)
    case-workbench.icns     macOS (16 … 1024)
and ``resources/icons/case-workbench.png`` (256 px), the window icon the app sets at start.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NAME = "case-workbench"
MIME_ICON = "application-x-case-workbench"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
CANVAS = 1024
# The demo's element colours (Tableau 10), so the icon looks like the app's highlights.
BACKGROUND, PAGE, LINE = (35, 86, 110), (250, 250, 247), (196, 205, 212)
ORANGE, BLUE, GREEN, RED = (242, 142, 43), (78, 121, 167), (89, 161, 79), (225, 87, 89)


def draw(size: int = CANVAS) -> Image.Image:
    """The icon at ``size`` pixels, drawn on a 1024 grid and scaled (4× supersampled)."""
    big = CANVAS * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)

    def box(x0, y0, x1, y1):
        return [v * 4 for v in (x0, y0, x1, y1)]

    pen.rounded_rectangle(box(48, 48, 976, 976), radius=200 * 4, fill=BACKGROUND)
    # The page, with a folded corner.
    pen.rounded_rectangle(box(150, 150, 640, 880), radius=36 * 4, fill=PAGE)
    pen.polygon([(v * 4) for v in (520, 140, 650, 140, 650, 270)], fill=BACKGROUND)
    pen.polygon([(v * 4) for v in (520, 150, 640, 270, 520, 270)], fill=LINE)
    # Lines of text; three passages carry an element's colour.
    rows = [(250, 470, LINE), (330, 560, ORANGE), (410, 540, LINE), (490, 500, BLUE),
            (570, 560, LINE), (650, 430, ORANGE), (730, 520, LINE)]
    for y, right, colour in rows:
        height = 44 if colour != LINE else 30
        pen.rounded_rectangle(box(210, y - height / 2, right, y + height / 2),
                              radius=height * 2, fill=colour)
    # The path diagram: element → element, drawn over the page's right edge.
    pen.line(box(760, 380, 760, 600), fill=PAGE, width=44 * 4)
    pen.polygon([(v * 4) for v in (690, 560, 830, 560, 760, 660)], fill=PAGE)
    for (cx, cy), colour in (((760, 300), ORANGE), ((760, 730), GREEN)):
        pen.ellipse(box(cx - 120, cy - 120, cx + 120, cy + 120), fill=PAGE)
        pen.ellipse(box(cx - 92, cy - 92, cx + 92, cy + 92), fill=colour)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    master = draw(CANVAS)
    hicolor = HERE / "hicolor"
    for size in SIZES:
        picture = master.resize((size, size), Image.Resampling.LANCZOS)
        for kind, name in (("apps", NAME), ("mimetypes", MIME_ICON)):
            folder = hicolor / f"{size}x{size}" / kind
            folder.mkdir(parents=True, exist_ok=True)
            picture.save(folder / f"{name}.png", optimize=True)
    master.resize((512, 512), Image.Resampling.LANCZOS).save(HERE / f"{NAME}.png", optimize=True)
    master.save(HERE / f"{NAME}.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    master.save(HERE / f"{NAME}.icns")  # Pillow writes the 16 … 1024 px variants itself
    window_icon = ROOT / "resources" / "icons" / f"{NAME}.png"
    window_icon.parent.mkdir(parents=True, exist_ok=True)
    master.resize((256, 256), Image.Resampling.LANCZOS).save(window_icon, optimize=True)


if __name__ == "__main__":
    main()
