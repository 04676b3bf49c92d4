"""Import of REFI-QDA files with each tool's quirks, built by tests/refi_builders.py: what the
tests on the public samples in ../shared check, on files any clone has (exact counts, since the
files are ours)."""
from __future__ import annotations

import zipfile

import pytest

import refi_builders as rb
from helpers import CODEBOOK_XSD
from workbench.core import Project
from workbench.exchange.codebook import import_codebook
from workbench.exchange.refi import import_qdpx
from workbench.exchange.refi.positions import UTF16

# Per builder: codes, sources and codings found in the XML, and those imported.
COUNTS = {
    "nvivo-win": ({"codes": 8, "sources": 2, "codings": rb.NVIVO_CODINGS},
                  {"codes": 8, "sources": 2, "codings": rb.NVIVO_CODINGS}),
    # NVivo for Mac: two texts of one newline are one content: the second is merged into the first.
    # two sources whose text is the same one newline: kept apart (only the same file twice is a
    # duplicate)
    "nvivo-mac": ({"codes": 7, "sources": 2}, {"codes": 7, "sources": 2, "codings": 0}),
    "maxqda": ({"codes": 5, "sources": 3}, {"codes": 5, "sources": 3, "codings": 0}),
    # ATLAS.ti: "Coke::…" come before "Coke" itself; picture, PDF, audio and video are left out.
    "atlas8": ({"codes": 5, "sources": 5, "codings": 4}, {"codes": 5, "sources": 1,
                                                         "codings": 3}),
    "atlas23": ({"codes": 3}, {"codes": 3, "sources": 0, "codings": 0}),
    "atlas23-blank": ({}, {"codes": 0, "sources": 0, "codings": 0}),
    "taguette": ({"codes": 3}, {"codes": 3, "sources": 0, "codings": 0}),
}


@pytest.mark.parametrize("name", list(COUNTS))
def test_each_tools_file_imports_with_counts_that_add_up(name, tmp_path):
    found, kept = COUNTS[name]
    report = import_qdpx(rb.build(name, tmp_path), tmp_path / "new.cwb")
    with Project.open(tmp_path / "new.cwb", read_only=True) as p:
        have = {"codes": len(p.elements.list()), "sources": len(p.sources.list()),
                "codings": len(p.codings.list())}
    assert have == kept
    for kind in ("codes", "sources", "codings"):
        assert report.found.get(kind, 0) == found.get(kind, 0), kind
    for item in report.skipped:  # each left-out item says why in one sentence
        assert item.reason.endswith(".") and item.reason.count(". ") == 0, item


def _on_words(text: str, start: int, end: int) -> bool:
    edge = lambda i: i <= 0 or i >= len(text) or not (  # noqa: E731
        text[i - 1].isalnum() and text[i].isalnum())
    return edge(start) and edge(end)


@pytest.mark.parametrize("bare_paths", [False, True], ids=["internal", "bare-paths"])
def test_nvivo_utf16_positions_with_bom_crlf_and_emoji(tmp_path, bare_paths):
    report = import_qdpx(rb.nvivo_qdpx(tmp_path / "n.qdpx", bare_paths=bare_paths),
                         tmp_path / "n.cwb")
    assert set(report.schemes.values()) == {UTF16}
    with Project.open(tmp_path / "n.cwb", read_only=True) as p:
        texts = {s.title: p.sources.text(s.id) for s in p.sources.list()}
        assert texts == rb.NVIVO_TEXTS  # the BOM is dropped, the CRs kept
        sources = {s.id: s for s in p.sources.list()}
        got = sorted((sources[c.source_id].title, c.snippet, p.elements.get(c.element_id).name,
                      c.coder) for c in p.codings.list())
        assert got == sorted((title, word, code, user) for title, words in
                             rb.NVIVO_WORDS.items() for word, code, user in words)
        assert all(_on_words(texts[sources[c.source_id].title], c.start, c.end)
                   for c in p.codings.list())
        assert all(s.file_name.endswith(".docx") for s in sources.values())  # original kept
        assert {c.name for c in p.coders.list()} >= {"Gergo", "floriansipos"}
        assert [e.path for e in p.elements.list() if e.path.startswith("Attituderoots")][:2] == \
            ["Attituderoots", "Attituderoots/2. Attitűd"]


def test_the_same_words_read_as_code_points_would_miss(tmp_path):
    """The builder really writes UTF-16 positions: read as code points they fall off the words
    (so the test above can fail)."""
    text = rb.NVIVO_TEXTS["comments"]
    start = text.index("vakcina")
    assert rb.utf16(text, start) != start
    moved = text[rb.utf16(text, start):rb.utf16(text, start + len("vakcina"))]
    assert moved != "vakcina"


def test_nvivo_mac_deep_codes_and_one_newline_texts(tmp_path):
    archive = rb.nvivo_mac_qdpx(tmp_path / "m.qdpx")
    assert "sources/.root" in zipfile.ZipFile(archive).namelist()
    import_qdpx(archive, tmp_path / "m.cwb")
    with Project.open(tmp_path / "m.cwb", read_only=True) as p:
        assert max(e.path.count("/") for e in p.elements.list()) == 6
        assert [p.sources.text(s.id) for s in p.sources.list()] == ["\n", "\n"]


@pytest.mark.parametrize("bare_paths", [False, True], ids=["internal", "bare-paths"])
def test_maxqda_sets_become_source_types(tmp_path, bare_paths):
    report = import_qdpx(rb.maxqda_qdpx(tmp_path / "x.qdpx", bare_paths=bare_paths),
                         tmp_path / "x.cwb")
    assert report.done.get("sets") == 2
    with Project.open(tmp_path / "x.cwb", read_only=True) as p:
        types = {s.title: s.source_type for s in p.sources.list()}
        assert types == {title: name for name, titles in rb.MAXQDA_SETS.items()
                         for title in titles}
        assert all(p.sources.text(s.id).endswith("Learning sciences text.\n")
                   for s in p.sources.list())
        themes = [e for e in p.elements.list() if e.path.startswith("Additional Themes/")]
        assert len(themes) == 4 and all(e.color.lower() == "#ef8256" for e in themes)
        assert all(e.definition.startswith("Apply this code") for e in themes)


@pytest.mark.parametrize("bare_paths", [False, True], ids=["internal", "bare-paths"])
def test_atlas_flattened_names_notes_links_and_missing_media(tmp_path, bare_paths):
    report = import_qdpx(rb.atlas_qdpx(tmp_path / "a.qdpx", bare_paths=bare_paths),
                         tmp_path / "a.cwb")
    with Project.open(tmp_path / "a.cwb", read_only=True) as p:
        paths = [e.path for e in p.elements.list()]
        assert {"Coke", "Coke/full-fat Coke", "Coke/diet Coke", "Feelings"} <= set(paths)
        assert p.elements.find("Feelings").definition == "thoughts about breakfast foods"
        snippets = {(c.snippet, p.elements.get(c.element_id).path) for c in p.codings.list()}
        assert snippets == {("Diet Coke", "Coke/diet Coke"), ("Coke", "Coke/full-fat Coke"),
                            ("cornflakes", "Feelings")}
        assert {c.coder for c in p.codings.list()} == {"Friedrich Markgraf"}
        assert [m.body for m in p.memos.list()] == ["day to day log"]
        [source] = p.sources.list()
        assert source.source_type == "Mabel"  # the set of sources; the set of codes is left out
    left_out = {(s.kind, s.reason) for s in report.skipped}
    assert any("not in the archive" in reason for _kind, reason in left_out)
    assert any(kind == "set" for kind, _reason in left_out)
    assert report.skipped_count("source") == 4  # picture and PDF missing; audio and video


def test_taguette_codebook_with_an_empty_sets_is_forgiven(tmp_path):
    with Project.create(tmp_path / "e.cwb") as empty:
        report = import_codebook(empty, rb.taguette_qdc(tmp_path / "t.qdc"),
                                 schema=CODEBOOK_XSD)
        assert report.added == 3
        assert [e.name for e in empty.elements.list()] == rb.TAGUETTE_CODES
