"""How cost grows with the size of the project (not part of the tests; long: see --sizes).

Projects from ``generate.py`` at several scales (default 0.1, 1 and 10: 100, 1,000 and 10,000
text sources plus a fifth as many screenshots, 20,000 characters and 50 codings per text source),
cached in --cache so a second run reuses them. Each size is measured in a fresh process; prints,
for every measure, the figure at each size, the target where the issue sets one (at scale 1), the
cost per unit of work (per source, per coding, per million characters) and how that cost per unit
moved from one size to the next. A per-unit cost that rises by more than half from one size to the
next is flagged SUPER: it grows worse than linearly in the work done.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_growth.py [--sizes 0.1 1 10]
        [--cache DIR] [--words] [--report-max-codings 70000]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

# key: (label, unit of work, target in seconds at scale 1 or None)
MEASURES = {
    "cold start": ("cold start to first paint with the project", "sources", 1.5),
    "open": ("open project (Project.open and close)", "sources", None),
    "quick_check": ("  of which PRAGMA quick_check, if run", "MB", None),
    "sources list": ("sources list, filled and painted", "sources", 0.2),
    "element tree": ("element tree with counts, painted", "codings", 0.2),
    "largest element": ("segments of the largest element, painted", "element codings", 0.2),
    "all segments": ("segments of every element at once", "codings", 1.0),
    "load codings": ("analysis: load all codings once", "codings", None),
    "frequency": ("analysis: frequency table by source", "codings", 1.0),
    "cooccurrence": ("analysis: co-occurrence by overlap", "codings", 1.0),
    "search index": ("search: build the trigram index (once)", "M characters", None),
    "kwic": ("search + KWIC, first page (2,000 lines)", "M characters", 0.2),
    "words first": ("word frequency, first run", "M characters", None),
    "words cached": ("word frequency, cached", "M characters", 1.0),
    "report": ("Word report, every section", "codings", None),
    "refi": ("REFI-QDA export (.qdpx)", "codings", 3.0),
    "file size": ("file size (MB)", "M characters", None),
}
TERM = "数据共享"  # one of generate.py's terms: a frequent hit, as a KWIC page is


def cached_project(scale: float, cache: Path) -> Path:
    """The generated project at ``scale`` in ``cache`` (generated the first time)."""
    from generate import generate
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"generated-scale-{scale:g}.cwb"
    if not path.exists():
        partial = path.with_suffix(".part.cwb")
        partial.unlink(missing_ok=True)
        started = time.perf_counter()
        generate(partial, sources=max(1, int(1000 * scale)), characters=int(20_000_000 * scale),
                 codings=int(50_000 * scale), images=int(200 * scale)).close()
        for suffix in ("-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        partial.rename(path)
        print(f"generated {path.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def cold_start(path: Path, repeat: int = 3, cpu: list | None = None) -> float:
    """Best of ``repeat``: a fresh process, from its start to the first paint after opening
    (wall seconds; the matching CPU seconds are appended to ``cpu`` when given)."""
    best, best_cpu = float("inf"), float("inf")
    with tempfile.TemporaryDirectory() as home:
        # As installed: compiled modules are kept (the first run writes them, outside the tree).
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home,
                   PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "cwb-bench-pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for _ in range(repeat):
            result = subprocess.run([sys.executable, str(HERE / "cold_start_child.py"),
                                     str(path), f"{time.time():.6f}"],
                                    capture_output=True, text=True, env=env, cwd=ROOT)
            marks = dict(line.split("\t") for line in result.stdout.splitlines() if "\t" in line)
            if "first paint" in marks:
                best = min(best, float(marks["first paint"]))
                best_cpu = min(best_cpu, float(marks["cpu at first paint"]))
    if cpu is not None:
        cpu.append(best_cpu)
    return best


def _best(step, repeat: int = 3) -> tuple[float, float]:
    """(wall, CPU) seconds, each the best of ``repeat`` runs. CPU seconds are kept because a
    machine shared with other work makes wall time wait for a core; on a quiet one they agree."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        step()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - used)
    return wall, cpu


class _Results(dict):
    """measure -> wall seconds, "measure cpu" -> CPU seconds; each printed as it is taken."""

    def __setitem__(self, key, value) -> None:
        if isinstance(value, tuple):
            super().__setitem__(key + " cpu", value[1])
            value = value[0]
            print(f"  {key}: {value:.3f} s (cpu {self[key + ' cpu']:.3f} s)", file=sys.stderr,
                  flush=True)
        super().__setitem__(key, value)


def measure(path: Path, words: bool, report_max: int) -> dict:
    """Every measure but the cold start, on ``path`` (run in a child process)."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])
    from workbench.analysis.cooccur import cooccurrence
    from workbench.analysis.corpus import load
    from workbench.analysis.tables import frequency
    from workbench.core import Project
    from workbench.exchange.refi.writing import export_qdpx
    from workbench.ui.framework_panel import FrameworkPanel
    from workbench.ui.segments_panel import SegmentsPanel
    from workbench.ui.sources_panel import SourcesPanel
    out: dict = _Results(size=path.stat().st_size / 1e6)
    opened: list = []
    out["open"] = _best(lambda: opened.append(Project.open(path)) or opened[-1].close(), 3)
    p = Project.open(path)
    try:
        counts = p.counts()
        out["counts"] = {"sources": counts["sources"], "codings": counts["codings"],
                         "characters": int(p._db.scalar("SELECT sum(text_length) FROM sources")),
                         "originals": int(p._db.scalar(
                             "SELECT sum(length(data)) FROM source_files"))}
        out["quick_check"] = _best(lambda: p._db.query("PRAGMA quick_check"), 1)

        def painted(widget, step):
            def run():
                step()
                app.processEvents()
                widget.grab()
            return run
        sources = SourcesPanel()
        sources.resize(420, 500)
        sources.show()
        out["sources list"] = _best(painted(sources, lambda: sources.set_project(p)))
        tree = FrameworkPanel()
        tree.resize(420, 500)
        tree.show()
        out["element tree"] = _best(painted(tree, lambda: tree.set_project(p)))
        per_element = {}
        for row in p._db.query("SELECT element_id, count(*) FROM codings GROUP BY element_id"):
            per_element[row[0]] = row[1]
        largest = max(per_element, key=per_element.get)
        out["counts"]["element codings"] = per_element[largest]
        segments = SegmentsPanel()
        segments.resize(420, 500)
        segments.show()
        segments.set_project(p)
        out["largest element"] = _best(painted(segments, lambda: segments.show_element(largest)))

        def every_element():
            segments._all = p.codings.list()
            segments._dates = {s.id: s.date for s in p.sources.list()}
            segments._show_filtered()
        out["all segments"] = _best(painted(segments, every_element))
        for widget in (sources, tree, segments):
            widget.close()
        out["load codings"] = _best(lambda: load(p))
        out["frequency"] = _best(lambda: frequency(p, "source"))
        out["cooccurrence"] = _best(lambda: cooccurrence(p, "overlap", 50))
        out["search index"] = _best(lambda: p.search.find("不存在的查询词"), 1)
        out["kwic"] = _best(lambda: p.search.kwic_result(TERM, first=2000, order="date"))
        if words:
            from workbench.analysis import words as word_counts
            out["words first"] = _best(lambda: word_counts.word_frequency(p), 1)
            out["words cached"] = _best(lambda: word_counts.word_frequency(p))
        with tempfile.TemporaryDirectory() as folder:
            if counts["codings"] <= report_max:
                from workbench.exporters.report import write_report
                out["report"] = _best(lambda: write_report(p, Path(folder) / "r.docx"), 1)
            out["refi"] = _best(lambda: export_qdpx(p, Path(folder) / "out.qdpx"), 1)
    finally:
        p.close()
    return out


def per_unit(key: str, figure: float, counts: dict) -> float:
    unit = MEASURES[key][1]
    amount = {"sources": counts["sources"], "codings": counts["codings"],
              "element codings": counts["element codings"],
              "M characters": counts["characters"] / 1e6, "MB": counts["file MB"]}[unit]
    return figure / max(amount, 1e-9)


def table(results: dict[float, dict]) -> None:
    """Each measure at each size as wall seconds (CPU seconds), and its cost per unit of work
    (from the CPU seconds) with the factor by which that moved from one size to the next."""
    scales = sorted(results)
    print()
    print("sizes: " + "; ".join(
        f"scale {s:g} = {r['counts']['sources']:,} sources, {r['counts']['codings']:,} codings, "
        f"{r['counts']['characters'] / 1e6:.0f} M characters, {r['size']:.0f} MB"
        for s, r in results.items()))
    head = "".join(f"{f'scale {s:g}':>19}" for s in scales)
    print(f"{'measure (wall s (cpu s))':<44}{head}{'target':>8}  per unit of work (cpu), growth")
    for key, (label, unit, target) in MEASURES.items():
        if not any(key in results[s] for s in scales):
            continue
        cells, units = "", []
        for s in scales:
            r = results[s]
            if key not in r:
                cells += f"{'-':>19}"
                continue
            if key == "file size":
                cells += f"{r[key]:>17.1f}MB"
                value = r[key]
            else:
                value = r.get(key + " cpu", r[key])
                cells += f"{r[key]:>10.3f} ({value:6.3f})"
            counts = dict(r["counts"], **{"file MB": r["size"]})
            units.append(per_unit(key, value, counts))
        goal = f"{target:>7g}s" if target else f"{'-':>8}"
        growth = [b / a for a, b in zip(units, units[1:]) if a > 0]
        verdict = "SUPER" if any(g > 1.5 for g in growth) else "ok"
        small = bool(units) and max(units) < 1e-3
        shown = ", ".join(f"{u * (1e6 if small else 1e3):.3g}" for u in units)
        per = unit[:-1] if unit.endswith("s") else unit
        print(f"{label:<44}{cells}{goal}  {'µs' if small else 'ms'}/{per}: {shown}; "
              f"× {', '.join(f'{g:.2f}' for g in growth) or '-'} {verdict}")


def summary(results: dict[float, dict]) -> None:
    """The measures with a target, at scale 1, in the form run_all.py collects: wall seconds,
    then the same in CPU seconds (the trustworthy figure on a shared machine)."""
    at_one = results.get(1.0)
    if not at_one:
        return
    print()
    print(f"{'at scale 1':<52}{'figure':>11}{'target':>10}{'ratio':>7}  verdict")
    for suffix, prefix in (("", ""), (" cpu", "cpu: ")):
        for key, (label, _unit, target) in MEASURES.items():
            if target and key + suffix in at_one:
                figure = at_one[key + suffix]
                print(f"{prefix + label.strip():<52}{figure:>9.3f}s {target:>8}s "
                      f"{figure / target:>7.2f}  {'PASS' if figure <= target else 'OVER'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1.0, 10.0])
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "cwb-bench-cache"),
                        help="where generated projects are kept between runs")
    parser.add_argument("--words", action="store_true",
                        help="word frequency too (the first run is about 40 s per 20 M characters)")
    parser.add_argument("--report-max-codings", type=int, default=70_000,
                        help="write the Word report only on projects with at most this many codings")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print("RESULT " + json.dumps(dict(measure(Path(args.child), args.words,
                                                  args.report_max_codings))))
        return 0
    results: dict[float, dict] = {}
    for scale in args.sizes:
        cached = cached_project(scale, Path(args.cache))
        started = time.perf_counter()
        # A copy: the search index and the word counts the run builds must not be there
        # already on the next run.
        path = cached.with_name(cached.stem + "-run.cwb")
        shutil.copyfile(cached, path)
        command = [sys.executable, __file__, "--child", str(path),
                   "--report-max-codings", str(args.report_max_codings)]
        try:
            done = subprocess.run(command + (["--words"] if args.words else []),
                                  stdout=subprocess.PIPE, text=True, cwd=ROOT)
        finally:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
        if not lines:
            return 1
        result = json.loads(lines[-1][len("RESULT "):])
        cpu: list[float] = []
        result["cold start"] = cold_start(cached, cpu=cpu)
        result["cold start cpu"] = cpu[0]
        result["file size"] = result["size"]
        results[scale] = result
        print(f"scale {scale:g} measured in {time.perf_counter() - started:.0f} s: "
              + json.dumps({k: round(v, 4) if isinstance(v, float) else v
                            for k, v in result.items()}, ensure_ascii=False), flush=True)
    table(results)
    summary(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
