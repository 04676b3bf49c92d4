"""Child process of the cold-start benchmark: the real start-up path of ``workbench PROJECT``
(window, saved layout, show, open the project on the first turn of the event loop) with a clock
on the first paint that follows the opening. Prints seconds since ``launched`` (the parent's
wall clock just before it started this process) for: window shown, project opened, first paint,
and the process's CPU seconds at the first paint.

    python benchmarks/cold_start_child.py PROJECT LAUNCHED [--profile OUT.prof]
"""
from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
launched = float(sys.argv[2])
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run() -> dict[str, float]:
    import workbench.cli.main  # noqa: F401  (what the ``workbench`` command loads first)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from workbench.ui.app import _application, apply_language, preferred_language, setup_fonts
    from workbench.ui.settings import Settings
    marks: dict[str, float] = {"imported": time.time() - launched}
    app = _application()
    setup_fonts(app)
    settings = Settings(writable=False)  # the user's own settings are never touched
    apply_language(app, preferred_language(settings.language()))
    from workbench.ui.main_window import MainWindow
    window = MainWindow(settings)
    restored = window.restore_layout()
    window.show()
    if not restored:
        window.size_docks()
    marks["window shown"] = time.time() - launched
    state = {"opened": False}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
            if state["opened"] and event.type() == QEvent.Type.Paint and not state.get("paint"):
                state["paint"] = True
                QTimer.singleShot(0, painted)  # runs once the whole frame has been painted
            return False

    def painted() -> None:
        marks["first paint"] = time.time() - launched
        # CPU seconds of this process so far (all threads): on a busy shared machine the
        # honest figure, as wall time there includes waiting for a core.
        marks["cpu at first paint"] = time.process_time()
        app.quit()

    spy = FirstPaint()
    app.installEventFilter(spy)

    def open_it() -> None:
        from workbench.ui.app import open_initial_project
        open_initial_project(window, sys.argv[1])
        marks["project opened"] = time.time() - launched
        state["opened"] = True
        window.update()

    QTimer.singleShot(0, open_it)
    QTimer.singleShot(30_000, app.quit)  # never hang a benchmark run
    app.exec()
    marks["window closed"] = time.time() - launched
    window.close()
    return marks


if __name__ == "__main__":
    if "--profile" in sys.argv:
        import cProfile
        cProfile.run("marks = run()", sys.argv[sys.argv.index("--profile") + 1])
    else:
        marks = run()
    for name, seconds in marks.items():
        print(f"{name}\t{seconds:.3f}")
