"""How fast the document view is where researchers spend their hours (not part of the tests).

A 1,000,000-character source (about 4,000 mixed Chinese/English paragraphs, a few 𠮷 so the
UTF-16 conversion is exercised) with 5,000 codings across 20 elements, in a temporary project:

    open    show it in SourceViewer at 1200×900 with every highlight drawn (first paint done)
    add     select a passage, press "1": row committed, highlight and margin redrawn
    undo    project.undo() → refresh (as the main window wires it) → redrawn
    scroll  one page down, painted (per step; mean and worst)

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_document_view.py
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.core import Project  # noqa: E402
from workbench.ui.offsets import OffsetMap  # noqa: E402
from workbench.ui.source_viewer import SourceViewer  # noqa: E402

CHARS, CODINGS, ELEMENTS = 1_000_000, 5_000, 20
TARGETS_MS = {"open": 300, "add": 30, "undo": 30, "scroll step (mean)": 16,
              "scroll step (worst)": 16}
ZH = ["政府部门之间的协同治理需要稳定的制度安排。", "数据共享平台于二〇一八年正式上线运行。",
      "跨部门合作在基层实践中面临激励不足的问题。", "市级领导小组负责统筹协调各项改革任务。",
      "𠮷祥街道率先试点一网通办服务模式。", "绩效考核办法明确了各部门的职责边界。"]
EN = ["The agencies agreed to share their records every quarter. ",
      "Joined-up government depends on trust between departments. ",
      "Officials described the platform as a turning point. "]


def make_text(rng: random.Random) -> str:
    paragraphs, size = [], 0
    while size < CHARS:
        parts = [rng.choice(ZH if rng.random() < 0.7 else EN) for _ in range(rng.randint(5, 11))]
        paragraph = "".join(parts)
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(paragraphs)[:CHARS]


def make_project(folder: Path) -> tuple[Project, int, str]:
    rng = random.Random(42)
    project = Project.create(folder / "bench.cwb", title="bench", coder="bench")
    elements = [project.elements.add(f"要素{i:02d}").id for i in range(ELEMENTS)]
    text = make_text(rng)
    source = project.sources.add(kind="text", title="大文本", data=text.encode("utf-8"),
                                 text=text)
    # One operation (nested calls join it): one commit instead of 5,000.
    with project._db.operation("Benchmark codings"):
        for i in range(CODINGS):
            start = rng.randrange(0, len(text) - 400)
            project.codings.code_text(source.id, start, start + rng.randint(4, 400),
                                      elements[i % ELEMENTS])
    return project, source.id, text


def ms(seconds: float) -> float:
    return seconds * 1000


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        t = time.perf_counter()
        project, source_id, text = make_project(Path(folder))
        print(f"(generated {len(text):,} characters, {text.count(chr(10)) + 1:,} paragraphs, "
              f"{CODINGS:,} codings in {time.perf_counter() - t:.1f} s)")
        viewer = SourceViewer()
        viewer.resize(1200, 900)
        viewer.set_project(project)
        project.subscribe(viewer.refresh)  # as the main window does
        viewer.set_quick_elements([e.id for e in project.elements.list()][:9])
        viewer.show()
        app.processEvents()
        figures: dict[str, float] = {}

        t = time.perf_counter()
        viewer.show_source(source_id)
        app.processEvents()
        viewer.grab()
        figures["open"] = ms(time.perf_counter() - t)

        view = viewer._text
        offsets = OffsetMap(text)
        top = view.cursorForPosition(view.viewport().rect().center()).position()
        start = offsets.to_code_point(top)
        cursor = QTextCursor(view.document())
        cursor.setPosition(offsets.to_utf16(start))
        cursor.setPosition(offsets.to_utf16(start + 25), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        app.processEvents()
        before = len(project.codings.list(source_id=source_id))
        t = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_1)
        view.viewport().repaint()
        view.margin.repaint()
        figures["add"] = ms(time.perf_counter() - t)
        assert len(project.codings.list(source_id=source_id)) == before + 1, "not coded"

        t = time.perf_counter()
        project.undo()
        view.viewport().repaint()
        view.margin.repaint()
        figures["undo"] = ms(time.perf_counter() - t)
        assert len(project.codings.list(source_id=source_id)) == before, "not undone"

        bar, steps = view.verticalScrollBar(), []
        for _ in range(60):
            t = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            view.viewport().repaint()
            app.processEvents()  # the margin's scroll/update
            steps.append(ms(time.perf_counter() - t))
        figures["scroll step (mean)"] = statistics.mean(steps)
        figures["scroll step (worst)"] = max(steps)

        print(f"{'measure':<22}{'figure':>10}{'target':>10}{'ratio':>8}  verdict")
        for name, figure in figures.items():
            target = TARGETS_MS[name]
            verdict = "PASS" if figure <= target else "OVER"
            print(f"{name:<22}{figure:>8.1f}ms{target:>8}ms{figure / target:>8.2f}  {verdict}")
        viewer.close()
        project.close()


if __name__ == "__main__":
    main()
