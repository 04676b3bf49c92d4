"""Run every benchmark in turn and print one summary table (not part of the tests).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/run_all.py [--quick] [--analysis-scale 0.25]
        [--growth]

Each script runs in its own process (its own output is shown as it finishes); the summary lists
benchmark, measure, figure, target, ratio and PASS/OVER. ``--quick`` runs the scalable ones at a
reduced size (analysis 0.05, project scale 0.05, 50 .docx files); document view and report have a
fixed size. Informational rows (no target) are left out of the summary.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

_NUM = r"([\d.]+)"
# label, figure, unit, target, ratio (and the script's own verdict where it prints one)
PATTERNS = {
    "document view": re.compile(rf"^(.+?)\s+{_NUM}(ms)\s+{_NUM}ms\s+{_NUM}\s+(?:PASS|OVER)"),
    "analysis": re.compile(rf"^(.+?)\s+[\d.]+s\s+{_NUM}(s)\s+{_NUM}s\s+{_NUM}\s*$"),  # cpu
    "report": re.compile(rf"^(\w+)\s+{_NUM}(s)\s+{_NUM}s\s+{_NUM}\s*$"),
    "project scale": re.compile(rf"^(.+?)\s+{_NUM}(s|MB|×)\s+{_NUM}(?:s|MB|×)\s+{_NUM}\s+"
                                r"(?:PASS|OVER)"),
    "import": re.compile(rf"^(.+?)\s+{_NUM}(s)\s+{_NUM}s\s+{_NUM}\s+(?:PASS|OVER)"),
    "growth": re.compile(rf"^(.+?)\s+{_NUM}(s)\s+{_NUM}s\s+{_NUM}\s+(?:PASS|OVER)"),
}
PATTERNS["diagram"] = PATTERNS["document view"]


def plan(quick: bool, analysis_scale: float | None,
         growth: bool = False) -> list[tuple[str, list[str]]]:
    scale = analysis_scale if analysis_scale is not None else (0.05 if quick else 0.25)
    # The growth study (100, 1,000 and 10,000 sources) takes 15 minutes or more: asked for.
    extra = [("growth", ["bench_growth.py"] + (["--sizes", "0.1", "1"] if quick else []))] \
        if growth else []
    return [
        ("document view", ["bench_document_view.py"]),
        ("analysis", ["bench_analysis.py", "--scale", str(scale),
                      "--codings", str(int(50_000 * scale * 4 if scale < 0.25 else 50_000))]),
        ("report", ["bench_report.py"]),
        ("project scale", ["bench_project_scale.py", "--scale", "0.05" if quick else "0.25"]),
        ("import", ["bench_import.py", "--count", "50" if quick else "200"]),
        ("import quality", ["bench_import_quality.py"]),
        ("diagram", ["bench_diagram.py"]),
    ] + extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes")
    parser.add_argument("--analysis-scale", type=float, default=None)
    parser.add_argument("--only", nargs="*", help="run only these benchmarks (by name)")
    parser.add_argument("--growth", action="store_true",
                        help="also the growth study (bench_growth.py; long)")
    args = parser.parse_args(argv)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    summary: list[tuple[str, str, float, str, float, float]] = []
    failed: list[str] = []
    for name, command in plan(args.quick, args.analysis_scale, args.growth):
        if args.only and name not in args.only:
            continue
        print(f"===== {name}: {' '.join(command)}", flush=True)
        t = time.perf_counter()
        result = subprocess.run([sys.executable, str(HERE / command[0])] + command[1:],
                                capture_output=True, text=True, env=env)
        print(result.stdout, end="")
        if result.returncode not in (0, 1):  # bench_report exits 1 when a figure is over
            failed.append(name)
            print(result.stderr[-3000:])
        print(f"----- {name} took {time.perf_counter() - t:.0f} s", flush=True)
        for line in result.stdout.splitlines():
            match = PATTERNS[name].match(line.rstrip())
            if match:
                label, figure, unit, target, ratio = match.groups()
                summary.append((name, label.strip(), float(figure), unit, float(target),
                                float(ratio)))
    print()
    print(f"{'benchmark':<15}{'measure':<54}{'figure':>11}{'target':>11}{'ratio':>7}  verdict")
    for name, label, figure, unit, target, ratio in summary:
        verdict = "PASS" if ratio <= 1.0 else "OVER"
        print(f"{name:<15}{label[:53]:<54}{figure:>9.3f}{unit:<2}{target:>9.3f}{unit:<2}"
              f"{ratio:>7.2f}  {verdict}")
    over = sum(1 for row in summary if row[5] > 1.0)
    print(f"{len(summary)} measures, {over} OVER" +
          (f"; failed to run: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
