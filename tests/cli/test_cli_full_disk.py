"""A full disk during an export, a report or a merge on the command line: one sentence naming the
researcher's file on stderr — no "Exception ignored …" from a library's clean-up, no temporary
file's name — and nothing left behind. The disk is really full: the command runs under a
file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored, so every write past it fails with EFBIG)."""
from __future__ import annotations

import resource
import signal
import subprocess
import sys

import pytest
from cli_helpers import Result, cli_env

from workbench.core import Project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")


def _limited(limit: int):
    def start() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    return start


def run_full(limit: int, *args: object, env=None) -> Result:
    proc = subprocess.run([sys.executable, "-m", "workbench", *map(str, args)],
                          capture_output=True, env=env or cli_env(), timeout=120,
                          preexec_fn=_limited(limit))
    return Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    path = tmp_path_factory.mktemp("full") / "study.cwb"
    with Project.create(path, title="导出", coder="alice") as p:
        element = p.elements.add("技术赋能")
        for n in range(30):
            text = f"第{n}份材料：数据共享平台建设与政务服务。" * 200
            source = p.sources.add(kind="text", title=f"材料{n}", data=text.encode(), text=text)
            for start in range(0, 2000, 200):
                p.codings.code_text(source.id, start, start + 80, element.id)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("command, name", [("export", "codings.xlsx"), ("export", "codings.csv"),
                                           ("report", "report.docx")])
def test_an_export_on_a_full_disk_prints_one_sentence_and_leaves_nothing(big, tmp_path,
                                                                         command, name):
    out = tmp_path / name
    done = run_full(4096, command, big, "--out", out)
    assert done.code == 1
    assert done.err_lines == [f"The disk is full, so {name} was not written; nothing else was "
                              "changed. Free some space and try again."], done.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("limit", [60_000, 400_000])
def test_a_merge_on_a_full_disk_names_the_merged_file_and_leaves_nothing(big, tmp_path, limit):
    other = tmp_path / "other.cwb"
    other.write_bytes(big.read_bytes())
    done = run_full(limit, "merge", big, other, "--out", tmp_path / "team.cwb")
    assert done.code == 1
    assert done.err_lines == ["There was not enough room on the disk (or it failed) to write "
                              "team.cwb, so it was not made; the files being merged were not "
                              "changed. Free some space and try again."], done.err
    assert sorted(f.name for f in tmp_path.iterdir()) == ["other.cwb"]
