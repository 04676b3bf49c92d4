"""How fast a long PDF opens in the page view, and how much memory reading it through takes
(not part of the tests).

A 300-page A4 PDF (Chinese in ReportLab's STSong-Light, 30 lines a page, a ruled table on every
tenth page), imported into a temporary project, then:

    open     SourceViewer.show_source at 1200×900 until page 1 is drawn (target ≤ 1 s)
    scroll   every page brought to the top in turn, each drawn before the next (mean per page)
    memory   the most resident memory while scrolling through, above what it was before the
             PDF was opened (target ≤ 300 MB)

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_pdf_pages.py
"""
from __future__ import annotations

import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.core import Project  # noqa: E402
from workbench.ui.source_viewer import SourceViewer  # noqa: E402

PAGES = 300
LINE = "江临市人民政府办公厅关于推进政务服务一网通办工作的实施意见第{n}条。"


def make_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for page in range(PAGES):
        c.setFont("STSong-Light", 11)
        for line in range(30):
            c.drawString(60, 780 - line * 24, LINE.format(n=page * 30 + line))
        if page % 10 == 0:
            for row in range(4):
                for col in range(4):
                    c.rect(60 + col * 110, 40 + row * 14, 110, 14)
        c.showPage()
    c.save()
    return buffer.getvalue()


def resident_mb() -> float:
    """The process's resident memory now (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1024 / 1024


def wait_drawn(app: QApplication, view, page: int) -> None:
    item = view._pages[page - 1]
    deadline = time.perf_counter() + 60
    while item.scale_drawn == 0 and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "长文件.pdf"
        path.write_bytes(make_pdf())
        project = Project.create(Path(folder) / "bench.cwb", title="bench", coder="bench")
        started = time.perf_counter()
        project.import_files([path])
        print(f"(generated and imported {PAGES} pages in {time.perf_counter() - started:.1f} s)")
        source_id = project.sources.list()[0].id
        viewer = SourceViewer()
        viewer.set_project(project)
        viewer.resize(1200, 900)
        viewer.show()
        app.processEvents()
        before = resident_mb()
        highest = before
        started = time.perf_counter()
        viewer.show_source(source_id)
        view = viewer._pdf.pages
        wait_drawn(app, view, 1)
        opened = time.perf_counter() - started
        started = time.perf_counter()
        for page in range(1, PAGES + 1):
            view.go_to_page(page)
            view._update_pages()
            wait_drawn(app, view, page)
            highest = max(highest, resident_mb())
        scrolled = (time.perf_counter() - started) / PAGES
        grown = highest - before
        viewer.close()
        project.close()
    print(f"{'measure':<18}{'figure':>10}{'target':>10}{'ratio':>8}  verdict")
    for name, figure, target, unit in (("open to page 1", opened * 1000, 1000, "ms"),
                                       ("scroll per page", scrolled * 1000, 100, "ms"),
                                       ("memory growth", grown, 300, "MB")):
        verdict = "PASS" if figure <= target else "OVER"
        print(f"{name:<18}{figure:>8.1f}{unit}{target:>8}{unit}{figure / target:>8.2f}  {verdict}")


if __name__ == "__main__":
    main()
