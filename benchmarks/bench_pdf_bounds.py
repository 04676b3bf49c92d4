"""How long and how much memory a hostile PDF costs the importer (not part of the tests).

A 16 KB PDF whose middle page holds 1.5 million text operations (a deflated stream of
"(a) Tj"), as in issue 17 item 7 (51 s, 1.4 GB and a traceback before the bound): the page is
skipped with a warning naming it. Then a page just under the per-page limits, read whole.
Prints figure / target / ratio for each.

    .venv/bin/python benchmarks/bench_pdf_bounds.py
"""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from importers.test_import_pdf_trust import _page, busy_pdf  # noqa: E402

from workbench.importers.pdf import read_pdf  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(label: str, data: bytes, seconds: float, megabytes: float) -> None:
    before = _peak_mb()
    start = time.perf_counter()
    doc = read_pdf(data, "bench.pdf")
    took = time.perf_counter() - start
    grew = max(0.0, _peak_mb() - before)
    print(f"{label}: {len(data) / 1024:.0f} KB, {len(doc.text)} characters, "
          f"{len(doc.warnings)} warning(s)")
    print(f"  time  {took:6.2f} s   target {seconds:5.1f} s   ratio {took / seconds:.2f}")
    print(f"  peak +{grew:5.0f} MB  target {megabytes:5.0f} MB  ratio {grew / megabytes:.2f}")


def main() -> None:
    flood = b"BT /F1 1 Tf " + b"(a) Tj " * 1_500_000 + b"ET"
    _run("1.5 M text operations on page 2 of 3",
         busy_pdf([_page("First page"), flood, _page("Third page")]), 5.0, 200.0)
    dense = b"BT /F1 1 Tf " + b"(a) Tj " * 90_000 + b"ET"  # under both page limits
    _run("90,000 characters on one page", busy_pdf([dense]), 30.0, 300.0)


if __name__ == "__main__":
    main()
