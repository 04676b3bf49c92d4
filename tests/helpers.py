"""Small builders of test material (real files, made here)."""
from __future__ import annotations

import io
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


def png_bytes(width: int = 120, height: int = 80, color=(200, 220, 240)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


# Public data for tests (real exports of other tools) lives beside the checkout in ../shared and
# is read from there, never copied into the repository. A fresh clone has no ../shared: the tests
# reading it skip (shared_file), and refi_builders.py makes files with the same quirks instead.
SHARED = Path(__file__).resolve().parents[2] / "shared"
# The REFI-QDA schemas the workbench ships (the official QDA-XML 1.0 files): always present.
PROJECT_XSD = Path(__file__).resolve().parents[1] / "resources" / "refi" / "Project.xsd"
CODEBOOK_XSD = PROJECT_XSD.with_name("Codebook.xsd")


def shared_file(*parts: str) -> Path:
    """``../shared/<parts>``, or skip the calling test (or fixture) with a one-line reason when
    it is not there: a fresh clone has no ../shared; CI has it and runs these tests."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} (public samples beside the checkout, "
                    "absent here; the same behaviour is tested on built files)")
    return path


# Six dated passages on three themes (data sharing, one-stop service, appraisal): a corpus whose
# LDA topics are known, shared by the topic-model tests of the core and of the window.
TOPIC_DOCS = [
    ("数据共享平台建设，数据共享交换，政务数据开放。", "2016-01-01"),
    ("数据共享机制完善，数据开放目录，数据交换平台。", "2016-06-01"),
    ("一网通办服务改革，政务服务窗口，办事服务效率。", "2019-01-01"),
    ("政务服务一网通办，服务窗口整合，群众办事便利。", "2019-06-01"),
    ("考核问责制度，绩效考核机制，问责制度落实。", "2020-01-01"),
    ("绩效考核办法，问责机制建设，考核结果运用。", "2020-06-01"),
]


def deep_run() -> bool:
    """``CASE_WORKBENCH_DEEP_TESTS=1``: the property tests that sample at random (fuzzing, kills
    at random moments) run at full strength; by default they take a share that keeps the whole
    suite within a few minutes (the counts are in docs/RELIABILITY.md)."""
    return os.environ.get("CASE_WORKBENCH_DEEP_TESTS", "") not in ("", "0")


@contextmanager
def sql_statements(project):
    """Collect the SQL statements ``project`` runs inside the block (a list, filled as they run):
    a test counts them to show work does not grow with the data, instead of timing it."""
    seen: list[str] = []
    conn = project._db.conn
    conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


@contextmanager
def unwritable(path: Path):
    """Make ``path`` (a file or folder) truly unwritable for this process, or skip. Root ignores
    permission bits, so as root the immutable attribute is used (needs CAP_LINUX_IMMUTABLE:
    granted on a normal machine, not in a default Docker container)."""
    if os.name == "nt":  # pragma: no cover
        pytest.skip("read-only folders are not modelled by os.access on Windows")
    if os.geteuid() != 0:
        before = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(before)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("running as root, and chattr +i is not allowed here "
                    f"({done.stderr.decode(errors='replace').strip()}): root writes anyway")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def pdf_from_objects(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF whose objects 1..n are ``objects`` (their bodies), with a correct xref table: for
    files no PDF library would write (hand-made fonts, broken or hostile structures)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, xref))
    return out.getvalue()


def dated_study(path):
    """A project whose one interaction (起步期, 2015–2019) has two quotes: one from a source of
    2016, one from a source of 2021 — outside its period. Returns (project, interaction, the
    2016 coding, the 2021 coding)."""
    from workbench.core import Project

    p = Project.create(path, title="时间", coder="me")
    a, b = p.elements.add("技术"), p.elements.add("组织")
    early = p.sources.add(kind="text", title="早", data=b"x1", text="二〇一六年的报道",
                          file_name="a.txt")
    late = p.sources.add(kind="text", title="晚", data=b"x2", text="二〇二一年的报道",
                         file_name="b.txt")
    p.sources.update(early.id, date="2016-05-01")
    p.sources.update(late.id, date="2021-03-02")
    p.periods.add("起步期", "2015", "2019")
    c1 = p.codings.code_text(early.id, 0, 4, a.id)
    c2 = p.codings.code_text(late.id, 0, 4, b.id)
    link = p.interactions.add(a.id, b.id, "promotes", period_id=p.periods.find("起步期").id,
                              evidence=[c1.id, c2.id])
    return p, link, c1, c2
