"""Child processes for tests/core/test_interrupted_and_busy.py (run as a script):

    python safety_children.py interrupt study.cwb   a big change under way, then wait to be killed
    python safety_children.py hold      study.cwb   open for writing (the lock held), then wait
    python safety_children.py writer    study.cwb N code up to N passages through the API, one a
                                                line, until told to stop on stdin

Each prints "ready" (flushed) when the state the test wants is reached; "interrupt" leaves a hot
journal when killed, because its change is bigger than SQLite's page cache and spills to disk.
"""
from __future__ import annotations

import sys
import time


def say(*words: object) -> None:
    print(*words, flush=True)


def interrupt(path: str) -> None:
    from workbench.core import Project

    p = Project.open(path)
    db = p._db
    db.conn.execute("PRAGMA cache_size = 10")  # a small cache: the change reaches the file
    with p.grouped("Add memos"):
        for n in range(400):
            p.memos.add("project", title=f"memo {n}", body="田野笔记。" * 200)
        for coding in p.codings.list():
            p.codings.delete(coding.id)
        say("ready")
        time.sleep(600)  # killed here, with the transaction open


def hold(path: str) -> None:
    from workbench.core import Project

    p = Project.open(path)
    say("ready")
    time.sleep(600)
    p.close()


def writer(path: str, count: str) -> None:
    """Code up to ``count`` passages, or until a line arrives on stdin."""
    import threading

    from workbench.core import Project

    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    with Project.open(path) as p:
        source = p.sources.list(kind="text")[0]
        element = p.elements.list()[0]
        say("ready")
        for n in range(int(count)):
            if stop.is_set():
                break
            start = n % (source.text_length - 2)
            try:
                coding = p.codings.code_text(source.id, start, start + 2, element.id,
                                             coder=f"w{n}")
            except Exception as exc:  # the test counts these: there must be none
                say("failed", n, type(exc).__name__, str(exc).replace("\n", " "))
            else:
                say("coded", coding.id)
    say("done")


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    {"interrupt": interrupt, "hold": hold, "writer": writer}[sys.argv[1]](*sys.argv[2:])
