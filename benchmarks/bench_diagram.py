"""How fast the path diagram rebuilds (not part of the tests; the test counts its queries).

A project of 30 elements and 100 interactions; the panel's refresh (what every change of the
project triggers) is timed, best of five runs, against 0.1 s.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_diagram.py
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.core import Project  # noqa: E402
from workbench.ui.diagram_panel import DiagramPanel  # noqa: E402

TARGET_MS = 100


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        p = Project.create(Path(folder) / "big.cwb", title="大")
        ids = [p.elements.add(f"要素{i:02d}名称").id for i in range(30)]
        with p.grouped("Add interaction"):
            for i in range(100):
                p.interactions.add(ids[i % 30], ids[(i * 7 + 3) % 30],
                                   "promotes" if i % 3 else "constrains")
        panel = DiagramPanel()
        panel.set_project(p)
        app.processEvents()
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            panel.refresh(None)
            runs.append((time.perf_counter() - started) * 1000)
        figure = min(runs)
        print(f"{'measure':<40}{'figure':>10}{'target':>10}{'ratio':>8}  verdict")
        print(f"{'diagram rebuild, 30 elements 100 links':<40}{figure:>8.1f}ms{TARGET_MS:>8}ms"
              f"{figure / TARGET_MS:>8.2f}  {'PASS' if figure <= TARGET_MS else 'OVER'}")
        panel.set_project(None)
        p.close()


if __name__ == "__main__":
    main()
