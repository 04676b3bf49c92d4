"""What every fuzz example checks, whatever the format: the import through the public API either
completes (the stored text is whole and ``project.check() == []``) or is refused with one
sentence naming the file, leaving the project's counts as they were, and the next valid import
still works. No exception other than the project's own error classes may escape, no importer may
fall into the registry's last-resort catch-all, and no example may run longer than its CPU cap.
"""
from __future__ import annotations

import logging
import os
import re
import signal
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import settings

from helpers import deep_run

from workbench.core import Project, WorkbenchError

PROFILE = "case-workbench-fuzz"
CPU_SECONDS = 30  # per example; a parser that needs longer on a file of a few KB is hung


QUICK_SHARE = 0.3  # of ``count`` in a default run; a deep run (helpers.deep_run) runs them all


def examples(count: int) -> settings:
    """The fuzz profile with ``count`` examples in a deep run, times CASE_WORKBENCH_FUZZ_EXAMPLES
    when set; a default run takes QUICK_SHARE of them."""
    try:
        factor = float(os.environ["CASE_WORKBENCH_FUZZ_EXAMPLES"])
    except (KeyError, ValueError):
        factor = 1.0 if deep_run() else QUICK_SHARE
    return settings(settings.get_profile(PROFILE), max_examples=max(1, round(count * factor)))


class Hang(BaseException):
    """An example ran past its CPU cap (a BaseException: no importer's except clause eats it)."""


@contextmanager
def cpu_limit(seconds: float = CPU_SECONDS) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of CPU time. A CPU timer (SIGVTALRM), not
    SIGALRM, which pytest-timeout uses for the whole test; CPU time does not count the time
    this process waits for the other jobs on a busy CI machine."""
    def stop(signum, frame):
        raise Hang(f"the import used more than {seconds} s of CPU time")

    previous = signal.signal(signal.SIGVTALRM, stop)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


# Raw exception class names, Python tracebacks and source locations must never reach the user.
_LEAKS = re.compile(r"Traceback|File \"|\b[A-Z]\w*(?:Error|Exception|Warning)\b|BadZipFile|"
                    r"\bErrno\b|0x[0-9a-f]{6,}")


def assert_one_sentence(message: str, file_name: str) -> None:
    """A refusal the user can read: one line, names the file, no traceback or class names."""
    assert message and message.strip(), "an empty refusal"
    assert "\n" not in message.strip(), f"more than one line: {message!r}"
    assert file_name in message, f"the refusal does not name {file_name}: {message!r}"
    assert not _LEAKS.search(message), f"a traceback or class name leaks: {message!r}"
    assert "unexpected problem in the importer" not in message, \
        f"an importer crashed and only the last-resort catch-all caught it: {message!r}"


class _Crashes(logging.Handler):
    """Records the tracebacks the importers' last-resort catch-alls log (a bug each)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.records.append(record)


@contextmanager
def crashes_fail() -> Iterator[None]:
    """Fail with the original traceback when a catch-all logged one inside the block."""
    handler = _Crashes()
    logger = logging.getLogger("workbench")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.records:
        record = handler.records[0]
        raise AssertionError(f"{record.getMessage()}: an importer crashed") from record.exc_info[1]


class DocumentBench:
    """One project that takes mutated documents through ``Project.import_files``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.project = Project.create(folder / "fuzz.cwb", title="fuzz", coder="fuzzer")
        self.outcomes: Counter[str] = Counter()

    def close(self) -> None:
        self.project.close()

    def run(self, data: bytes, ext: str) -> str:
        """Import ``data`` as a file with extension ``ext``; check the outcome; return it."""
        path = self.folder / f"样本{ext}"
        path.write_bytes(data)
        before = self.project.counts()
        with crashes_fail(), cpu_limit():
            report = self.project.import_files([path])
        if report.imported:
            outcome = "imported"
            (source,) = report.imported
            text = self.project.sources.text(source.id) if source.kind == "text" else ""
            assert len(text or "") == source.text_length
            # Clean up so that an identical mutation later is a new import, not a duplicate.
            self.project.sources.delete(source.id)
        elif report.duplicates:
            outcome = "duplicate"
            assert self.project.counts() == before
        else:
            outcome = "refused"
            ((name, message),) = report.refused + report.needs_ocr
            assert_one_sentence(message, path.name)
            assert self.project.counts() == before, "a refused file left rows behind"
            self.valid_import_still_works()
        assert self.project.check() == []
        self.outcomes[outcome] += 1
        return outcome

    def valid_import_still_works(self) -> None:
        path = self.folder / "正常.txt"
        text = f"访谈记录 {uuid.uuid4().hex}。"
        path.write_text(text, encoding="utf-8")
        report = self.project.import_files([path])
        assert [s.text_length for s in report.imported] == [len(text)], report.refused


def check_new_project(out: Path) -> None:
    """A project made by an import is complete: every text whole, ``check() == []``."""
    project = Project.open(out)
    try:
        assert project.check() == []
        for source in project.sources.list():
            if source.kind == "text":
                assert len(project.sources.text(source.id) or "") == source.text_length
    finally:
        project.close()


def refusal_of(call) -> tuple[object, str | None]:
    """Run ``call()`` under the CPU cap; (its result, None) or (None, the error's sentence).
    Only the project's own errors (WorkbenchError, an importer's refusal) may come out."""
    from workbench.importers import ImportRefused

    with crashes_fail(), cpu_limit():
        try:
            return call(), None
        except (WorkbenchError, ImportRefused) as exc:
            return None, str(exc)
