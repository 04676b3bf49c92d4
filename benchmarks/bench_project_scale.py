"""How the window copes with a thesis-sized project (not part of the tests).

On a project made by ``generate.py`` (--scale 1: 1,000 sources, 20 M characters, 50,000 codings,
30 elements, 200 screenshots; or an existing file with --project), prints figure / target / ratio:

    cold start       a fresh process on the window's real start-up path (cold_start_child.py),
                     from its start to the first paint after the project opened (≤ 1.5 s);
                     ``workbench PROJECT --screenshot`` is printed too (it adds fixed waits)
    sources list     SourcesPanel.set_project: core query + Qt model fill (≤ 200 ms)
    element tree     FrameworkPanel.set_project, the tree with its counts (≤ 200 ms)
    segments         SegmentsPanel.show_element of the element with most codings (≤ 200 ms)
    all segments     the segments panel filled with the codings of every element at once (≤ 1 s)
    REFI-QDA export  workbench.exchange.refi.export_qdpx (≤ 3 s)
    memory           resident memory of a process that has rendered the window with the project
                     open (psutil if installed, else VmRSS; ≤ 400 MB)
    file size        the project file against the sum of its original files (≤ 4×)
    highlights       a 1,000,000-character source opened in SourceViewer with 250 … 8,000
                     codings: time per coding above the bare open must not rise with the count

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_project_scale.py [--scale 0.25]
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, make_text  # noqa: E402

HIGHLIGHT_COUNTS = (250, 1000, 2000, 4000, 8000)

RSS_SNIPPET = """
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from workbench.ui.app import main
main(sys.argv[1], screenshot=sys.argv[2])
try:
    import psutil
    print(psutil.Process().memory_info().rss)
except ImportError:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            print(int(line.split()[1]) * 1024)
"""


def rss_bytes() -> int:
    try:
        import psutil
        return psutil.Process().memory_info().rss
    except ImportError:
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def cold_start(project: Path, folder: Path) -> float:
    """Best of 3: a fresh process running the window's real start-up path
    (cold_start_child.py), from its start to the first paint after the project opened."""
    from bench_growth import cold_start as measure
    return measure(project)


def screenshot_start(project: Path, folder: Path) -> float:
    """``workbench P --screenshot``: the same plus the screenshot's own settle waits (0.45 s)
    and its choice of source and element; printed for comparison with older figures."""
    workbench = Path(sys.executable).with_name("workbench")
    command = [str(workbench)] if workbench.exists() else [sys.executable, "-m", "workbench"]
    best = float("inf")
    for n in range(2):  # the second run has a warm disk cache, as on a desk
        out = folder / f"start{n}.png"
        t = time.perf_counter()
        subprocess.run(command + [str(project), "--screenshot", str(out)], check=True,
                       capture_output=True)
        best = min(best, time.perf_counter() - t)
        assert out.is_file(), "no screenshot written"
    return best


def window_memory(project: Path, folder: Path) -> int:
    result = subprocess.run([sys.executable, "-c", RSS_SNIPPET, str(project),
                             str(folder / "memory.png")], check=True, capture_output=True,
                            text=True, cwd=ROOT)
    return int(result.stdout.strip().splitlines()[-1])


def timed(step, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - t)
    return best


def panels(project, app) -> dict[str, float]:
    from workbench.ui.framework_panel import FrameworkPanel
    from workbench.ui.segments_panel import SegmentsPanel
    from workbench.ui.sources_panel import SourcesPanel
    out = {}
    sources = SourcesPanel()
    sources.show()

    def fill_sources():
        sources.set_project(project)
        app.processEvents()
    out["sources list"] = timed(fill_sources)
    framework = FrameworkPanel()
    framework.show()

    def fill_tree():
        framework.set_project(project)
        app.processEvents()
    out["element tree with counts"] = timed(fill_tree)
    counts: dict[int, int] = {}
    for row in project._db.query("SELECT element_id, count(*) FROM codings GROUP BY element_id"):
        counts[row[0]] = row[1]
    largest = max(counts, key=counts.get)
    segments = SegmentsPanel()
    segments.show()
    segments.set_project(project)

    def fill_segments():
        segments.show_element(largest)
        app.processEvents()
    out[f"segments of the largest element ({counts[largest]:,})"] = timed(fill_segments)

    def fill_all():  # what _reload does for one element, for every coding of the project
        segments._all = project.codings.list()
        segments._dates = {s.id: s.date for s in project.sources.list()}
        segments._show_filtered()
        app.processEvents()
    out[f"segments of every element ({sum(counts.values()):,})"] = timed(fill_all)
    for w in (sources, framework, segments):
        w.close()
    return out


def highlight_scaling(folder: Path, app) -> list[tuple[int, float, float]]:
    """(codings, open seconds, seconds per coding above the bare open) for each count."""
    from workbench.core import Project
    from workbench.ui.source_viewer import SourceViewer
    rng = random.Random(3)
    p = Project.create(folder / "highlights.cwb", coder="bench")
    text, blocks = make_text(rng, 1_000_000)
    elements = [p.elements.add(f"要素{i:02d}").id for i in range(20)]
    ids = {}
    for n in (0,) + HIGHLIGHT_COUNTS:
        with p.grouped("Highlights benchmark"):
            sid = p.sources.add(kind="text", title=f"大文本{n}", data=f"{n}".encode() +
                                text.encode(), text=text, blocks=blocks).id
            for i in range(n):
                start = rng.randrange(0, len(text) - 400)
                p.codings.code_text(sid, start, start + rng.randint(4, 400), elements[i % 20])
        ids[n] = sid
    p.clear_history()

    def open_once(sid: int) -> float:
        viewer = SourceViewer()
        viewer.resize(1200, 900)
        viewer.set_project(p)
        viewer.show()
        app.processEvents()
        t = time.perf_counter()
        viewer.show_source(sid)
        app.processEvents()
        viewer.grab()
        seconds = time.perf_counter() - t
        viewer.close()
        viewer.deleteLater()
        app.processEvents()
        return seconds

    open_once(ids[0])  # warm up fonts and layout code
    bare = min(open_once(ids[0]) for _ in range(2))
    rows = [(0, bare, 0.0)]
    for n in HIGHLIGHT_COUNTS:
        seconds = min(open_once(ids[n]) for _ in range(2))
        rows.append((n, seconds, max(0.0, seconds - bare) / n))
    p.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.25,
                        help="of generate.py's defaults (1 = 1,000 sources, 20 M characters)")
    parser.add_argument("--project", help="use this existing project instead of generating")
    parser.add_argument("--no-highlights", action="store_true")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(sys.argv)
    from workbench.core import Project
    from workbench.exchange.refi.writing import export_qdpx
    rows: list[tuple[str, float, float, str]] = []  # name, figure, target, unit
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if args.project:
            path = Path(args.project)
        else:
            path = folder / "scale.cwb"
            s = args.scale
            t = time.perf_counter()
            generate(path, sources=max(1, int(1000 * s)), characters=int(20_000_000 * s),
                     codings=int(50_000 * s), images=int(200 * s)).close()
            print(f"generated at --scale {s} in {time.perf_counter() - t:.1f} s")
        rows.append(("cold start to first painted frame", cold_start(path, folder), 1.5, "s"))
        print(f"workbench --screenshot (settle waits included): "
              f"{screenshot_start(path, folder):.2f} s")
        project = Project.open(path, read_only=True)
        c = project.counts()
        print(f"project: {c['sources']:,} sources, {c['codings']:,} codings, "
              f"{c['elements']} elements, {path.stat().st_size / 1e6:.1f} MB")
        for label, seconds in panels(project, app).items():
            target = 1.0 if label.startswith("segments of every") else 0.2
            rows.append((label, seconds, target, "s"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            rows.append(("REFI-QDA export (.qdpx)",
                         timed(lambda: export_qdpx(project, folder / "out.qdpx"), 1), 3.0, "s"))
        duplicates = sum("Duplicate name" in str(w.message) for w in caught)
        if duplicates:
            print(f"note: the .qdpx export wrote {duplicates:,} duplicate zip entries "
                  f"(zipfile 'Duplicate name' warnings)")
        originals = int(project._db.scalar("SELECT sum(length(data)) FROM source_files") or 0)
        size = project.file_size()
        project.close()
        rows.append(("resident memory, window with project open",
                     window_memory(path, folder) / 1e6, 400, "MB"))
        rows.append((f"file size ({size / 1e6:.1f} MB) / original files "
                     f"({originals / 1e6:.1f} MB)", size / max(1, originals), 4.0, "×"))
        scaling = [] if args.no_highlights else highlight_scaling(folder, app)
    print(f"{'measure':<52}{'figure':>11}{'target':>10}{'ratio':>7}  verdict")
    for label, figure, target, unit in rows:
        verdict = "PASS" if figure <= target else "OVER"
        print(f"{label:<52}{figure:>9.3f}{unit:<2}{target:>8}{unit:<2}{figure / target:>7.2f}  "
              f"{verdict}")
    if scaling:
        print("highlights: 1,000,000-character source in SourceViewer (open to first paint)")
        print(f"{'codings':>9}{'open':>10}{'per coding above bare open':>30}")
        for n, seconds, per in scaling:
            print(f"{n:>9,}{seconds * 1000:>8.1f}ms{per * 1e6:>26.1f} µs")
        pers = [per for n, _, per in scaling if n >= 1000]
        rising = pers[-1] > 1.5 * min(pers)
        # A summary row for run_all: per coding at 8,000 against the smallest from 1,000 up.
        label = "highlights: per coding at 8,000 / best from 1,000"
        ratio = pers[-1] / max(1e-12, min(pers))
        print(f"{label:<52}{ratio:>9.2f}× {1.5:>8}× {ratio / 1.5:>7.2f}  "
              f"{'OVER' if rising else 'PASS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
