"""What the bundled application runs: the same ``main`` as the ``workbench`` command.

PyInstaller freezes this script instead of the console-script wrapper pip writes. With no
arguments the window opens on the last project (else the demo); a file manager that opens a
``.cwb`` passes its path as the first argument, which the command line takes as the project
(macOS instead sends a QFileOpenEvent, handled in workbench/ui/app.py).
"""
import multiprocessing
import os
import sys


def _streams_for_a_windowed_app() -> None:
    # A windowed Windows program has no console: sys.stdout/stderr are None, and the command
    # line's printing and flushing would fail. Messages then go nowhere (the log file has them).
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


if __name__ == "__main__":
    multiprocessing.freeze_support()  # joblib/scikit-learn may start worker processes
    _streams_for_a_windowed_app()
    # macOS before 10.9 added a -psn_… process serial number when Finder started an app.
    sys.argv[1:] = [arg for arg in sys.argv[1:] if not arg.startswith("-psn_")]

    from workbench.cli.main import main

    sys.exit(main())
