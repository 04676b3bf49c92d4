"""Export for a tool: text positions counted as that tool counts them (``--for``), checked by a
reader in this test that counts the same way; and the samples' own counting, measured."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from workbench.cli.main import main as cli
from workbench.core import Project
from workbench.exchange.refi import export_qdpx, import_qdpx
from workbench.exchange.refi.positions import TARGETS, UTF16

SHARED = Path(__file__).resolve().parents[3] / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "refi" / "samples").is_dir(),
                                  reason="../shared/refi/samples is not on this machine")
# An emoji and an Ext-B ideograph early, a CRLF, then ten codings after them.
TEXT = ("😀 开头。𠮷野家的案例：一网通办。\r\n" + "".join(
    f"第{i}句讲数据共享与协同治理。" for i in range(10)) + " 𠀀 end")
WORDS = [f"第{i}句讲数据共享" for i in range(10)]


def make(path: Path) -> Project:
    p = Project.create(path, title="位置", coder="张三")
    element = p.elements.add("协同")
    source = p.sources.add(kind="text", title="新闻", data=TEXT.encode("utf-8"), text=TEXT,
                           file_name="news.txt")
    for word in WORDS + ["𠮷野家", "😀"]:
        start = TEXT.index(word)
        p.codings.code_text(source.id, start, start + len(word), element.id)
    return p


def selections(qdpx: Path) -> tuple[str, list[tuple[int, int, str]]]:
    with zipfile.ZipFile(qdpx) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        source = next(root.iter("{*}TextSource"))
        path = source.get("plainTextPath").removeprefix("internal://")
        text = archive.read(f"sources/{path}").decode("utf-8")
    return text, [(int(s.get("startPosition")), int(s.get("endPosition")), s.get("name"))
                  for s in source.iter("{*}PlainTextSelection")]


def read_utf16(text: str, start: int, end: int) -> str:
    """What NVivo (a UTF-16 string) shows for the positions."""
    units = text.encode("utf-16-le")
    return units[2 * start:2 * end].decode("utf-16-le", errors="replace")


def read_code_points(text: str, start: int, end: int) -> str:
    """What a reader of the standard (code points, a Python string) shows."""
    return text[start:end]


@pytest.mark.parametrize("tool", sorted(TARGETS))
def test_each_tool_reads_every_coding_where_it_was_made(tool, tmp_path):
    p = make(tmp_path / "a.cwb")
    try:
        export_qdpx(p, tmp_path / "a.qdpx", target=tool)
    finally:
        p.close()
    text, found = selections(tmp_path / "a.qdpx")
    assert text == TEXT
    read = read_utf16 if TARGETS[tool] == UTF16 else read_code_points
    wrong = read_code_points if TARGETS[tool] == UTF16 else read_utf16
    assert sorted(read(text, s, e) for s, e, _ in found) == sorted(WORDS + ["𠮷野家", "😀"])
    # The other count shifts them: the choice matters.
    assert sum(wrong(text, s, e) not in WORDS for s, e, _ in found) >= 10
    # And our own import reads either file back exactly.
    report = import_qdpx(tmp_path / "a.qdpx", tmp_path / "b.cwb")
    assert report.skipped == []
    b = Project.open(tmp_path / "b.cwb", read_only=True)
    try:
        source = b.sources.list()[0]
        got = sorted(b.sources.text(source.id)[c.start:c.end] for c in b.codings.list())
    finally:
        b.close()
    assert got == sorted(WORDS + ["𠮷野家", "😀"])


def test_default_is_nvivo_and_an_unknown_tool_is_refused(tmp_path, capsys):
    p = make(tmp_path / "a.cwb")
    try:
        report = export_qdpx(p, tmp_path / "a.qdpx")
        assert report.origin.endswith(UTF16)
        from workbench.core import WorkbenchError
        with pytest.raises(WorkbenchError):
            export_qdpx(p, tmp_path / "x.qdpx", target="excel")
    finally:
        p.close()
    text, found = selections(tmp_path / "a.qdpx")
    assert sorted(read_utf16(text, s, e) for s, e, _ in found) == sorted(WORDS + ["𠮷野家", "😀"])


def test_cli_for(tmp_path):
    make(tmp_path / "a.cwb").close()
    assert cli(["export", str(tmp_path / "a.cwb"), "--out", str(tmp_path / "q.qdpx"),
                "--for", "standard"]) == 0
    text, found = selections(tmp_path / "q.qdpx")
    assert sorted(text[s:e] for s, e, _ in found) == sorted(WORDS + ["𠮷野家", "😀"])
    assert cli(["export", str(tmp_path / "a.cwb"), "--out", str(tmp_path / "q.csv"),
                "--for", "nvivo"]) != 0


def _word_fit(text: str, ranges, count) -> int:
    def edge(i):
        return i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum())
    fit = 0
    for s, e in ranges:
        piece = count(text, s, e)
        if piece and "\ufffd" not in piece:
            at = text.find(piece)
            fit += at >= 0 and edge(at) and edge(at + len(piece))
    return fit


@needs_shared
@pytest.mark.parametrize("name", ["nvivo12.6-win_oltas0517.qdpx"])
def test_nvivo_writes_utf16_units_after_emoji_and_crlf(name):
    """The evidence for the default: in NVivo's own export, selections after emoji and CRLF
    land on words when read as UTF-16 units, not as code points."""
    with zipfile.ZipFile(SHARED / "refi" / "samples" / name) as archive:
        qde = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
        root = etree.fromstring(archive.read(qde))
        source = next(s for s in root.iter("{*}TextSource")
                      if len(list(s.iter("{*}PlainTextSelection"))) > 50)
        member = next(n for n in archive.namelist()
                      if n.endswith(source.get("plainTextPath").rsplit("/", 1)[-1]))
        text = archive.read(member).decode("utf-8-sig")
    assert "\r\n" in text and any(ord(c) > 0xFFFF for c in text)
    ranges = [(int(s.get("startPosition")), int(s.get("endPosition")))
              for s in source.iter("{*}PlainTextSelection")]
    assert _word_fit(text, ranges, read_utf16) > 2 * _word_fit(text, ranges, read_code_points)
