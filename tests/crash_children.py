"""Child processes for the crash tests: each does real work on a project file and prints, line by
line and flushed, what it has finished, so the test can kill it at any moment and then check that
everything reported is in the file. A line is printed only after the call that made the change
returned (its transaction committed). ``begin …`` lines announce a step whose result the test
cannot otherwise name (an undo, a redo), so a step that was done but not yet reported is
recognised.

    python tests/crash_children.py coding   study.cwb
    python tests/crash_children.py batch    study.cwb file1 file2 …
    python tests/crash_children.py merge    out.cwb in1.cwb in2.cwb
    python tests/crash_children.py migrate  old.cwb
    python tests/crash_children.py fill     study.cwb size-limit-bytes   (the full-disk tests)
    python tests/crash_children.py export   study.cwb folder size-limit-bytes
"""
from __future__ import annotations

import os
import sys


def say(*words: object) -> None:
    print(*words, flush=True)


def ready() -> None:
    """Say so, then wait for the test's "go": the start-up (imports) is over before the clock
    of the kill starts, and the test can start the next child while it checks this one."""
    say("ready")
    sys.stdin.readline()


def coding(path: str) -> None:
    """Code passages for ever; every 5th coding is undone, every 10th undone one is redone."""
    from workbench.core import Project

    ready()
    p = Project.open(path)  # a kill may come during the open (rolling back a hot journal)
    source = p.sources.list(kind="text")[0]
    element = p.elements.list()[0]
    length = source.text_length
    n = 0
    while True:
        n += 1
        start = n % (length - 2)
        # a coder of its own per coding: coding the same range twice would give back the same
        # coding (no new step), and the undo after it would take back an older one
        coding_id = p.codings.code_text(source.id, start, start + 2, element.id,
                                        coder=f"c{os.getpid()}-{n}").id
        say("coded", coding_id)
        if n % 5 == 0:
            say("begin-undo", coding_id)
            p.undo()
            say("undone", coding_id)
            if n % 10 == 0:
                say("begin-redo", coding_id)
                p.redo()
                say("redone", coding_id)


def batch(path: str, *files: str) -> None:
    """Import the files as one batch, naming each file once it is in; then undo the batch."""
    from workbench.core import Project
    from workbench.core.progress import Progress

    ready()
    p = Project.open(path)
    # Progress.step names the file just finished, after its transaction committed
    p.import_files(list(files), progress=Progress(
        lambda done, total, name: say("imported", name) if done else None))
    say("begin-undo")
    p.undo()
    say("undone")


def merge(out: str, *inputs: str) -> None:
    from workbench.exchange.merge import merge_projects

    ready()
    merge_projects(list(inputs), out)
    say("merged")


def migrate(path: str) -> None:
    from workbench.core import Project

    ready()
    with Project.open(path) as p:  # opening an older file backs it up, then migrates it
        say("migrated", p.schema_version())


def fill(path: str, limit: str) -> None:
    """Import ever bigger sources under a file-size limit until the disk is "full"; then lift the
    limit and show that the same connection takes the next change."""
    import resource
    import signal

    from workbench.core import Project
    from workbench.core.errors import DiskFullError

    p = Project.open(path)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), hard))
    n = 0
    try:
        while True:
            n += 1
            text = f"第{n}份材料。" * (400 * n)
            source = p.sources.add(kind="text", title=f"材料{n}", data=text.encode(), text=text)
            say("imported", source.id, len(text))
    except DiskFullError as exc:
        say("full", str(exc))
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    element = p.elements.list()[0]
    coding = p.codings.code_text(p.sources.list()[0].id, 0, 2, element.id)
    say("coded-after", coding.id)
    p.close()


def export(path: str, folder: str, limit: str) -> None:
    """Write the coded dataset (CSV, XLSX) and the Word report under a file-size limit, each as
    the window does (inside ``reported``), and print the message box each one produced; then
    lift the limit and write them for real."""
    import json
    import resource
    import signal
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox

    from workbench.core import Project
    from workbench.exporters.dataset import export_dataset
    from workbench.exporters.report import write_report
    from workbench.ui.errors import reported

    shown: list[str] = []
    QMessageBox.warning = lambda parent, title, text: shown.append(text)  # no one to click it
    p = Project.open(path, read_only=True)
    writers = {"codings.csv": lambda t: export_dataset(p, t),
               "codings.xlsx": lambda t: export_dataset(p, t),
               "report.docx": lambda t: write_report(p, t)}
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), hard))
    for name, write in writers.items():
        with reported(None):
            write(Path(folder) / name)
        say("shown", name, json.dumps(shown, ensure_ascii=False))
        shown.clear()
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    for name, write in writers.items():
        with reported(None):
            write(Path(folder) / name)
        say("written", name, json.dumps(shown, ensure_ascii=False))


if __name__ == "__main__":
    scenario, *arguments = sys.argv[1:]
    {"coding": coding, "batch": batch, "merge": merge, "migrate": migrate,
     "fill": fill, "export": export}[scenario](*arguments)
