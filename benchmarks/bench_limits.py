"""The gaps of issue #23, each against its limit measured in the same run (not part of the tests).

The study of the side-by-side with QualCoder: 200 Chinese documents of 25,000 characters and one
of 1,000,000, 30 elements, 21,000 codings (8,000 of them on the large document), cached in
--cache (built once, about a minute).

    retrieve  Analysis ▸ Retrieve with every element: filled and painted, against the query
              alone (retrieve() with its context) + painting the first rows of a bare table
    cli       whole-process ``workbench search`` (a 2-character term), ``retrieve --json`` and
              ``cooccur``, each against the same work in-process (timed in turn with it);
              ``--version`` (in English and in Chinese) against ``python -c pass``
    export    REFI-QDA export of a generated project (``generate.py``, --scale, default 1; the
              issue's figure is at scale 10) against a bare zip (deflate level 1, as the export
              uses) of the same texts, read the same way; the two in alternate runs, with the
              CPU seconds (the export deflates on a second thread) and peak memory beside
    window    the main window opens the 1,000,000-character document (8,000 codings) to its
              first paint, against a bare QPlainTextEdit with the bisecting highlighter; what the
              other parts (form, segments, memos, analysis, outline) cost; adding one coding (key 1)
              with every part's update and the repaint, after pending events are processed

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_limits.py [retrieve] [cli]
        [--cache DIR]

Each line: measure, figure, limit, the ratio figure/limit (or the excess over the limit where
the target is a difference), target, PASS/OVER. Figures are the median of --runs.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # generate.py

ZH = ["政府部门之间的协同治理需要稳定的制度安排。", "数据共享平台于二〇一八年正式上线运行。",
      "跨部门合作在基层实践中面临激励不足的问题。", "市级领导小组负责统筹协调各项改革任务。",
      "𠮷祥街道率先试点一网通办服务模式。", "绩效考核办法明确了各部门的职责边界。",
      "群众办事满意度明显提高，窗口排队时间缩短。", "技术赋能推动了政务服务流程再造。"]
DOCS, DOC_CHARS, BIG_CHARS, ELEMENTS, CODINGS, BIG_CODINGS = 200, 25_000, 1_000_000, 30, 21_000, 8_000


def _text(rng: random.Random, size: int) -> str:
    paragraphs, total = [], 0
    while total < size:
        paragraph = "".join(rng.choice(ZH) for _ in range(rng.randint(4, 12)))
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs)[:size]


def build_study(path: Path) -> Path:
    """The study (built once into ``path``)."""
    if path.exists():
        return path
    from workbench.core import Project

    rng = random.Random(23)
    partial = path.with_name(path.name + ".building")
    partial.unlink(missing_ok=True)
    p = Project.create(partial, title="limits", coder="bench")
    lengths: dict[int, int] = {}
    with p.grouped("build"):
        elements = [p.elements.add(f"要素{i:02d}").id for i in range(ELEMENTS)]
        for case in ("江临市", "东湖区"):
            p.cases.add(case)
        for i in range(DOCS + 1):
            size = BIG_CHARS if i == DOCS else DOC_CHARS
            text = _text(rng, size)
            s = p.sources.add(kind="text", title=f"资料{i:03d}", data=text.encode(), text=text,
                              date=f"{2012 + i % 10}-{1 + i % 12:02d}-01",
                              cases=[("江临市", "东湖区")[i % 2]])
            lengths[s.id] = len(text)
    ids = sorted(lengths)
    big, small = ids[-1], ids[:-1]
    with p.grouped("codings"):
        for n in range(CODINGS):
            sid = big if n < BIG_CODINGS else small[n % len(small)]
            start = rng.randrange(0, lengths[sid] - 400)
            p.codings.code_text(sid, start, start + rng.randint(4, 300), elements[n % ELEMENTS])
    p.close()
    partial.rename(path)
    return path


def median_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def line(measure: str, figure: float, limit: float, target: str, ok: bool, *,
         excess: bool = False) -> None:
    ratio = f"{figure - limit:+.3f}" if excess else \
        f"{figure / limit if limit else float('inf'):.2f}"
    print(f"{measure:<48}{figure:>9.3f}s{limit:>9.3f}s{ratio:>7}  {target:<22}"
          f"{'PASS' if ok else 'OVER'}")


def header() -> None:
    print(f"{'measure':<48}{'figure':>10}{'limit':>10}{'ratio':>7}  {'target':<22}verdict")


# ----- Analysis ▸ Retrieve ---------------------------------------------------------------------
def bench_retrieve(study: Path, runs: int) -> None:
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    from workbench.analysis.retrieval import retrieve
    from workbench.core import Project
    from workbench.ui.analysis_panel import AnalysisPanel

    app = QApplication.instance() or QApplication([])
    project = Project.open(study, read_only=True)
    query = median_of(runs, lambda: retrieve(project, context=40))
    rows = retrieve(project, context=40)

    def bare_first_rows() -> None:  # the first screenful of a plain table, painted
        table = QTableWidget(40, 4)
        table.resize(1200, 700)
        for r, row in enumerate(rows[:40]):
            for c, text in enumerate((row.source_title, row.date or "", row.element,
                                      row.left + row.quote + row.right)):
                table.setItem(r, c, QTableWidgetItem(text))
        table.show()
        app.processEvents()
        table.grab()
        table.close()
    bare = median_of(runs, bare_first_rows)

    panel = AnalysisPanel()
    panel.resize(1200, 900)
    panel.set_project(project)
    panel.show()
    panel.show_tab("retrieve")
    app.processEvents()
    view = panel.retrieve

    def fill() -> None:
        view.run_button.click()
        app.processEvents()
        view.grab()
    figure = median_of(runs, fill)
    assert len(view.coding_ids()) == CODINGS, len(view.coding_ids())
    limit = query + bare
    line("Retrieve, all 21,000 segments, painted", figure, limit, "≤ 0.6 s", figure <= 0.6)
    print(f"  (the query with context {query:.3f} s, a bare table's first rows {bare:.3f} s)")
    panel.set_project(None)
    panel.close()
    project.close()


# ----- whole-process commands ------------------------------------------------------------------
def _process(args: list[str], **env: str) -> None:
    # Compiled modules cached, as an installed app has them (even where the environment says
    # not to write bytecode: the cache is kept outside the checkout).
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment.update(LC_ALL="C", LANG="C", PYTHONPYCACHEPREFIX=str(
        Path(tempfile.gettempdir()) / "cwb-bench-pycache"))
    environment.update(env)
    # The output goes to /dev/null, as the in-process limits write it: reading 18 MB from a
    # pipe would time this script, not the command.
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=environment)
    assert done.returncode == 0, done.stderr.decode()


def paired(runs: int, figure, limit) -> tuple[float, float]:
    """Medians of ``figure`` and ``limit`` timed in turn, so a change of the machine's load
    falls on both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for work, kept in ((figure, times[0]), (limit, times[1])):
            started = time.perf_counter()
            work()
            kept.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def bench_cli(study: Path, runs: int) -> None:
    from workbench.analysis.clauses import ClauseIndex
    from workbench.analysis.cooccur import cooccurrence
    from workbench.analysis.retrieval import retrieve
    from workbench.cli.output import emit_json
    from workbench.core import Project

    python = [sys.executable]
    cli = python + ["-m", "workbench"]
    for _ in range(2):  # compile and cache the modules, fill the OS's file cache
        _process(cli + ["--version"])
        _process(cli + ["search", str(study), "协同", "--limit", "50"])  # index, trust
    version, bare = paired(runs, lambda: _process(cli + ["--version"]),
                           lambda: _process(python + ["-c", "pass"]))
    line("workbench --version, whole process", version, bare, "≤ limit + 0.15 s",
         version <= bare + 0.15, excess=True)
    chinese, bare = paired(runs, lambda: _process(cli + ["--version"], LC_ALL="zh_CN.UTF-8"),
                           lambda: _process(python + ["-c", "pass"]))
    line("  the same in Chinese (reads the catalogue)", chinese, bare, "≤ limit + 0.15 s",
         chinese <= bare + 0.15, excess=True)
    with Project.open(study, read_only=True) as project:
        project.search.kwic("协同", limit=50)  # the index exists, as after the first search
        sink = open(os.devnull, "w")

        def in_retrieve() -> None:  # what the command does: query, clauses, JSON
            texts: dict[int, str] = {}
            rows = retrieve(project, context=40, texts=texts)
            index = ClauseIndex(project, texts)
            clauses = [index.cite(r.source_id, r.start, r.end) for r in rows]
            stdout, sys.stdout = sys.stdout, sink
            try:
                emit_json([{**r.as_dict(), "clause": c} for r, c in zip(rows, clauses)])
            finally:
                sys.stdout = stdout

        search, in_search = paired(
            runs, lambda: _process(cli + ["search", str(study), "协同", "--limit", "50"]),
            lambda: project.search.kwic("协同", width=20, limit=50))
        line("workbench search (2 characters, 201 documents)", search, in_search,
             "≤ limit + 0.15 s", search <= in_search + 0.15, excess=True)
        ret, in_ret = paired(runs, lambda: _process(cli + ["retrieve", str(study), "--json"]),
                             in_retrieve)
        line("workbench retrieve --json (21,000 segments)", ret, in_ret, "≤ limit + 0.3 s",
             ret <= in_ret + 0.3, excess=True)
        cooc, in_cooc = paired(runs, lambda: _process(cli + ["cooccur", str(study)]),
                               lambda: cooccurrence(project, "overlap", 0))
        line("workbench cooccur", cooc, in_cooc, "≤ limit + 0.3 s", cooc <= in_cooc + 0.3,
             excess=True)
    print(f"  (python -c pass {bare:.3f} s; limits are the same work in-process, timed in turn "
          "with the command; the column after the limit is the excess)")


# ----- the main window ---------------------------------------------------------------------------
def bench_window(study: Path, runs: int) -> None:
    import shutil

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from workbench.core import Project
    from workbench.ui.highlighter import CodingHighlighter
    from workbench.ui.backup_dialog import OPEN_DELAY_MS
    from workbench.ui.main_window import MainWindow
    from workbench.ui.offsets import OffsetMap
    from workbench.ui.settings import Settings
    from workbench.ui.span_index import Span, SpanIndex

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp())
    # The window's settings and its automatic backups go to the run's own folder.
    saved_env = {k: os.environ.get(k) for k in ("CASE_WORKBENCH_SETTINGS_DIR",
                                                 "CASE_WORKBENCH_DATA_DIR")}
    os.environ["CASE_WORKBENCH_SETTINGS_DIR"] = str(folder / "settings")
    os.environ["CASE_WORKBENCH_DATA_DIR"] = str(folder / "data")
    copy = folder / "window.cwb"
    shutil.copy(study, copy)
    project = Project.open(copy)
    big = max(project.sources.list(), key=lambda s: s.text_length).id
    text = project.sources.text(big)
    codings = project.codings.list(source_id=big)
    colors = {e.id: e.color for e in project.elements.list()}

    def bare() -> None:
        edit = QPlainTextEdit()
        edit.resize(1000, 800)
        edit.setReadOnly(True)
        offsets = OffsetMap(text)
        index = SpanIndex(Span(*offsets.range_to_utf16(c.start, c.end), c.id, c.element_id)
                          for c in codings)
        highlighter = CodingHighlighter(edit.document(), index)
        highlighter.set_colors(colors, edit.palette().base().color())
        edit.setPlainText(text)
        edit.show()
        app.processEvents()
        edit.grab()
        highlighter.setDocument(None)
        edit.close()
    limit = median_of(runs, bare)

    window = MainWindow(Settings())
    window.resize(1600, 1000)
    window.show()
    window.set_project(project)
    app.processEvents()
    # The backup made after opening (1.5 s later, in a thread) is let finish first: it is not
    # part of opening or coding, and on two cores it slowed whichever run it fell into.
    settle = time.perf_counter() + OPEN_DELAY_MS / 1000 + 0.2
    while time.perf_counter() < settle or window.auto_backup.busy:
        app.processEvents()
        time.sleep(0.01)
    others = ("source_form", "segments", "memos", "analysis", "outline")
    spent: dict[str, float] = {}
    real_call = window._call_part

    def timed_call(part, method, *args):
        started = time.perf_counter()
        try:
            return real_call(part, method, *args)
        finally:
            name = next((k for k, v in window.parts.items() if v is part), "?")
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
    window._call_part = timed_call
    figures, other_costs = [], []
    for _ in range(runs):
        window.activate_source(project.sources.list()[0].id)  # another source first
        app.processEvents()
        spent.clear()
        started = time.perf_counter()
        window.activate_source(big)
        app.processEvents()
        window.grab()
        figures.append(time.perf_counter() - started)
        other_costs.append(sum(spent.get(k, 0.0) for k in others))
    figure, other = statistics.median(figures), statistics.median(other_costs)
    line("open 1 M characters, 8,000 codings, main window", figure, limit, "≤ 2× limit",
         figure <= 2 * limit)
    line("  of which the other parts (form, segments, …)", other, 0.05, "≤ 0.05 s",
         other <= 0.05)
    print("  (" + ", ".join(f"{k} {spent.get(k, 0.0) * 1000:.0f} ms" for k in others) + ")")

    view = window.viewer._text
    offsets = OffsetMap(text)
    adds, phases = [], []
    for n in range(runs):
        top = view.cursorForPosition(view.viewport().rect().center()).position()
        start = offsets.to_code_point(top) + 7 * n
        cursor = QTextCursor(view.document())
        cursor.setPosition(offsets.to_utf16(start))
        cursor.setPosition(offsets.to_utf16(start + 12), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        app.processEvents()
        before = project.counts().get("codings", 0)
        started = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_1)  # the coding committed, every part told
        keyed = time.perf_counter()
        app.processEvents()  # what they queued: repaints of the changed rows and paragraph
        processed = time.perf_counter()
        view.viewport().repaint()  # the whole page and margin painted once more, to be sure
        view.margin.repaint()
        adds.append(time.perf_counter() - started)
        phases.append((keyed - started, processed - keyed, time.perf_counter() - processed))
        assert project.counts().get("codings", 0) == before + 1, "not coded"
    add = statistics.median(adds)
    line("add one coding (key 1), parts updated, painted", add, 0.02, "≤ 0.02 s", add <= 0.02)
    key, events, paint = (statistics.median(p[i] for p in phases) * 1000 for i in range(3))
    print(f"  (coding and every part's update {key:.1f} ms, pending events {events:.1f} ms, "
          f"whole page repainted {paint:.1f} ms)")
    window._call_part = real_call
    window.set_project(None)
    window.close()
    shutil.rmtree(folder, ignore_errors=True)
    for name, value in saved_env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


# ----- REFI-QDA export ----------------------------------------------------------------------------
def bench_export(folder: Path, runs: int, scale: float) -> None:
    """Export and bare zip in alternate runs (the machine is shared: a load that comes and goes
    falls on both); wall-clock medians give the ratio, CPU seconds (both of the export's threads)
    and the peak resident memory of the process are printed beside it."""
    import resource
    import zipfile

    from generate import generate

    from workbench.core import Project
    from workbench.exchange.refi import export_qdpx

    path = folder / f"scale-{scale:g}.cwb"
    if not path.exists():
        generate(path, sources=int(1000 * scale), characters=int(20_000_000 * scale),
                 codings=int(50_000 * scale), images=int(200 * scale)).close()
    out = folder / "export.qdpx"
    with Project.open(path, read_only=True) as project:
        def bare() -> None:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                for source in project.sources.list():
                    archive.writestr(f"sources/{source.guid}.txt",
                                     project.sources.text(source.id).encode("utf-8"))

        spent: dict[str, list[tuple[float, float]]] = {"bare": [], "export": []}
        for _ in range(runs):
            for name, work in (("bare", bare), ("export", lambda: export_qdpx(project, out))):
                wall, cpu = time.perf_counter(), time.process_time()
                work()
                spent[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    out.unlink(missing_ok=True)
    limit, figure = (statistics.median(w for w, _ in spent[k]) for k in ("bare", "export"))
    cpu_limit, cpu = (statistics.median(c for _, c in spent[k]) for k in ("bare", "export"))
    line(f"REFI-QDA export, scale {scale:g}", figure, limit, "≤ 3× limit", figure <= 3 * limit)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  (CPU seconds: export {cpu:.3f}, bare zip {cpu_limit:.3f}, ratio "
          f"{cpu / cpu_limit:.2f}; peak resident memory of the process {peak:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", default=["retrieve", "cli", "window"])
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "cwb-bench"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="of the export's project")
    args = parser.parse_args()
    folder = Path(args.cache)
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    study = build_study(folder / "limits.cwb")
    print(f"(study {study}: ready in {time.perf_counter() - started:.1f} s)")
    header()
    for part in args.parts:
        if part == "export":
            bench_export(folder, args.runs, args.scale)
            continue
        {"retrieve": bench_retrieve, "cli": bench_cli, "window": bench_window}[part](
            study, args.runs)


if __name__ == "__main__":
    main()
