"""Legacy Word .doc files: converted through the real LibreOffice when it is installed, refused
with one sentence when it is not, never skipped silently by a folder import; a hung soffice is
killed with its children and leaves nothing behind."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import docx
import pytest

from workbench.importers import ImportRefused, read_file
from workbench.importers.legacy_doc import (ENV_VARIABLE, convert_to_docx, find_soffice,
                                            is_encrypted_ole)
from workbench.importers.registry import collect_files

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
PARAGRAPHS = ["关于印发乡村振兴示范村建设方案的通知", "各乡镇人民政府：", "现将方案印发给你们，请认真贯彻执行。"]


@pytest.fixture(scope="module")
def doc_bytes(tmp_path_factory) -> bytes:
    """A real Word 97–2003 file, written by LibreOffice from a .docx."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("doc")
    d = docx.Document()
    for text in PARAGRAPHS:
        d.add_paragraph(text)
    d.save(folder / "通知.docx")
    subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'p').as_uri()}", "--headless",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(folder),
                    str(folder / "通知.docx")], check=True, capture_output=True, timeout=180)
    data = (folder / "通知.doc").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    return data


@pytest.mark.slow
@needs_soffice
def test_a_doc_file_is_converted_and_keeps_its_original_bytes(tmp_path, doc_bytes):
    path = tmp_path / "2023年通知.doc"
    path.write_bytes(doc_bytes)
    doc = read_file(path)
    assert doc.text.split("\n") == PARAGRAPHS
    assert doc.data == doc_bytes and doc.media_type == "application/msword"
    assert doc.metadata["converted_by"] == "LibreOffice"
    assert not is_encrypted_ole(doc_bytes)


@pytest.mark.slow
@needs_soffice
def test_an_rtf_file_is_converted(tmp_path):
    path = tmp_path / "纪要.rtf"
    path.write_bytes(rb"{\rtf1\ansi\deff0 {\fonttbl{\f0 Arial;}}\f0 "
                     rb"Meeting minutes: \u20250?\u35758? ok.\par}")
    assert read_file(path).text.strip() == "Meeting minutes: 会议 ok."


def test_without_libreoffice_each_doc_is_refused_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VARIABLE, str(tmp_path / "no-such-soffice"))
    assert find_soffice() is None
    path = tmp_path / "旧.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(ImportRefused) as refused:
        read_file(path)
    assert str(refused.value) == (
        "旧.doc: this is a legacy Word 97–2003 .doc file, which is read through LibreOffice; "
        "install LibreOffice (free), or save it as .docx in Word or WPS, and import it again.")


def test_a_folder_of_doc_files_lists_them(tmp_path):
    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.DOC").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert [p.name for p in collect_files([tmp_path])] == ["a.doc", "b.DOC"]


def test_a_docx_saved_under_a_doc_name_is_read_with_a_note(tmp_path):
    d = docx.Document()
    d.add_paragraph("正文")
    d.save(tmp_path / "x.doc")
    doc = read_file(tmp_path / "x.doc")
    assert doc.text == "正文" and "it was read as a Word document" in doc.warnings[0]


def _fake_soffice(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in that hangs like a stuck soffice, with a child process of its own (as
    oosplash starts soffice.bin), recording both process ids."""
    pids = tmp_path / "pids"
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\nsleep 300 &\necho $$ $! > {pids}\nwait\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, pids


@pytest.mark.skipif(os.name != "posix", reason="process groups as POSIX has them")
def test_a_hung_soffice_is_killed_with_its_children_and_leaves_nothing(tmp_path):
    script, pids = _fake_soffice(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(ImportRefused, match="did not finish converting the file within 2 seconds"):
        convert_to_docx(b"\xd0\xcf\x11\xe0", "慢.doc", str(script), time_limit=2, workdir=str(work))
    assert list(work.iterdir()) == []  # the temporary folder is gone
    for pid in map(int, pids.read_text().split()):
        for _ in range(50):
            if not _alive(pid):
                break
            time.sleep(0.1)
        assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"  # a zombie is dead
    except FileNotFoundError:
        return False


def test_a_failed_conversion_is_refused_and_leaves_nothing(tmp_path):
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\nexit 1\n")
    script.chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(ImportRefused, match="LibreOffice could not convert the file"):
        convert_to_docx(b"\xd0\xcf\x11\xe0", "坏.doc", str(script), workdir=str(work))
    assert list(work.iterdir()) == []


@pytest.mark.slow
@needs_soffice
def test_numbering_survives_the_way_through_doc(tmp_path):
    """A numbered policy saved as .doc by LibreOffice reads with the same clause numbers."""
    from docx_samples import NUMBERING, policy_document

    from workbench.importers.docx import read_docx

    numbering = NUMBERING.replace("<w:isLgl/>", "")  # LibreOffice does not keep w:isLgl
    (tmp_path / "办法.docx").write_bytes(policy_document(numbering))
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path),
                    str(tmp_path / "办法.docx")], check=True, capture_output=True, timeout=180)
    expected = read_docx((tmp_path / "办法.docx").read_bytes(), "办法.docx").text
    assert read_file(tmp_path / "办法.doc").text == expected
    assert "第二章 组织" in expected and "（二）基本原则" in expected
