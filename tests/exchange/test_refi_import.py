"""Import of .qdpx/.qdc: every real sample, the counts against the XML, NVivo's UTF-16 offsets,
and the variants real tools write (folder and file names, namespaces, paths, bad selections)."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import png_bytes, shared_file
from workbench.core import Project
from workbench.exchange.refi import ArchiveRefused, import_qdpx
from workbench.exchange.refi.positions import UTF16, Utf16Map

SAMPLE_NAMES = [  # ../shared/refi/samples (files with the same quirks: test_refi_tool_quirks)
    "atlasti23.2-win_blank-atlas-project.qdpx", "atlasti23.2-win_target-atlas-project.qdpx",
    "atlasti8.4-mac_spec-annexA2_TestProject.qdpx", "maxqda24.7_ICLS_Conf_Themes_ALL_just10.qdpx",
    "nvivo12.6-win_oltas0517.qdpx", "nvivo15.0-mac_qc-roundtrip_nvivo_project.qdpx",
    "taguette1.4.1_codebook.qdc"]


def _xml_counts(path: Path) -> dict[str, int]:
    """Codes, sources and codings as the file's XML holds them, counted independently."""
    if path.suffix == ".qdc":
        root = etree.fromstring(path.read_bytes())
    else:
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
            root = etree.fromstring(archive.read(name))
    tags = lambda *names: sum(1 for e in root.iter() if isinstance(e.tag, str)  # noqa: E731
                              and etree.QName(e).localname in names)
    return {"codes": tags("Code"), "codings": tags("Coding"),
            "sources": tags("TextSource", "PictureSource", "PDFSource", "AudioSource",
                            "VideoSource")}


def test_the_samples_are_there():
    samples = shared_file("refi", "samples")
    assert sorted(p.name for p in samples.glob("*") if p.suffix in (".qdpx", ".qdc")) == \
        SAMPLE_NAMES


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_imports_with_counts_that_add_up(name, tmp_path):
    sample = shared_file("refi", "samples", name)
    report = import_qdpx(sample, tmp_path / "new.cwb")
    expected = _xml_counts(sample)
    p = Project.open(tmp_path / "new.cwb", read_only=True)
    try:
        have = {"codes": len(p.elements.list()), "sources": len(p.sources.list()),
                "codings": len(p.codings.list())}
    finally:
        p.close()
    implied = sum(1 for n in report.notes if "parent of flattened" in n)
    for kind, skip_kind in (("codes", "code"), ("sources", "source"), ("codings", "coding")):
        assert report.found.get(kind, 0) == expected[kind], kind
        skipped = report.skipped_count(skip_kind)
        assert have[kind] - (implied if kind == "codes" else 0) == expected[kind] - skipped, kind
    for item in report.skipped:
        assert item.reason.endswith(".") and item.reason.count(". ") == 0, item


def _boundary(text: str, i: int) -> bool:
    return i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum())


def test_nvivo_utf16_offsets_land_on_words(tmp_path):
    sample = shared_file("refi", "samples", "nvivo12.6-win_oltas0517.qdpx")
    report = import_qdpx(sample, tmp_path / "n.cwb")
    assert set(report.schemes.values()) == {UTF16}
    p = Project.open(tmp_path / "n.cwb", read_only=True)
    try:
        codings = p.codings.list()
        assert len(codings) == 303
        texts = {s.id: p.sources.text(s.id) for s in p.sources.list()}
        on_words = sum(_boundary(texts[c.source_id], c.start) and
                       _boundary(texts[c.source_id], c.end) for c in codings)
        assert on_words >= 0.95 * len(codings)  # 27 of 303 would if read as code points
        assert all(c.snippet == texts[c.source_id][c.start:c.end] for c in codings)
        assert not any(t.startswith("\ufeff") for t in texts.values())  # the BOM is dropped
        assert any("\r\n" in t for t in texts.values())  # the CR counts, so it stays
        assert all(s.file_name.endswith(".docx") for s in p.sources.list())  # original kept
        assert {c.name for c in p.coders.list()} >= {"Gergo", "floriansipos"}
    finally:
        p.close()


def test_utf16_map():
    m = Utf16Map("a😀b𠮷c")
    assert [m.to_code_points(u) for u in range(8)] == [0, 1, 1, 2, 3, 3, 4, 5]
    assert [m.to_units(i) for i in range(6)] == [0, 1, 3, 4, 6, 7]


PROJECT = """<?xml version="1.0" encoding="utf-8"?>
<Project {ns} name="变体" origin="Some Tool 1.0">
 <Users><User guid="11111111-1111-1111-1111-111111111111" name="Ann"/></Users>
 <CodeBook><Codes>
  <Code guid="22222222-2222-2222-2222-222222222221" name="A::B" isCodable="true" color="#F00"/>
  <Code guid="22222222-2222-2222-2222-222222222222" name="C" isCodable="true">
   <Description>Definition: d
Example: e</Description></Code>
 </Codes></CodeBook>
 <Variables><Variable guid="33333333-3333-3333-3333-333333333331" name="size"
   typeOfVariable="Integer"/></Variables>
 <Cases><Case guid="33333333-3333-3333-3333-333333333332" name="Town">
   <VariableValue><VariableRef targetGUID="33333333-3333-3333-3333-333333333331"/>
   <IntegerValue>12</IntegerValue></VariableValue>
   <SourceRef targetGUID="44444444-4444-4444-4444-444444444441"/></Case></Cases>
 <Sources>
  <TextSource guid="44444444-4444-4444-4444-444444444441" name="one" plainTextPath="{path1}">
   <PlainTextSelection guid="55555555-5555-5555-5555-555555555551" startPosition="0" endPosition="5">
    <Coding guid="66666666-6666-6666-6666-666666666661" creatingUser="11111111-1111-1111-1111-111111111111">
     <CodeRef targetGUID="22222222-2222-2222-2222-222222222221"/></Coding></PlainTextSelection>
   <PlainTextSelection guid="55555555-5555-5555-5555-555555555552" startPosition="3" endPosition="3">
    <Coding guid="66666666-6666-6666-6666-666666666662"><CodeRef
     targetGUID="22222222-2222-2222-2222-222222222222"/></Coding></PlainTextSelection>
   <PlainTextSelection guid="55555555-5555-5555-5555-555555555553" startPosition="5" endPosition="999">
    <Coding guid="66666666-6666-6666-6666-666666666663"><CodeRef
     targetGUID="22222222-2222-2222-2222-222222222222"/></Coding></PlainTextSelection>
  </TextSource>
  <TextSource guid="44444444-4444-4444-4444-444444444442" name="two" plainTextPath="{path2}"/>
  <PictureSource guid="44444444-4444-4444-4444-444444444443" name="pic" path="internal://p.png">
   <PictureSelection guid="55555555-5555-5555-5555-555555555554" firstX="40" firstY="30"
     secondX="10" secondY="5"><Coding guid="66666666-6666-6666-6666-666666666664"><CodeRef
     targetGUID="22222222-2222-2222-2222-222222222222"/></Coding></PictureSelection>
  </PictureSource>
 </Sources>
 <Notes><Note guid="77777777-7777-7777-7777-777777777771" name="n1">
   <PlainTextContent>about C</PlainTextContent></Note></Notes>
 <Links><Link guid="88888888-8888-8888-8888-888888888881" name="causes" direction="OneWay"
   originGUID="22222222-2222-2222-2222-222222222222"
   targetGUID="22222222-2222-2222-2222-222222222221"><NoteRef
   targetGUID="77777777-7777-7777-7777-777777777771"/></Link></Links>
 <Sets/>
</Project>"""


def _variant(tmp_path, *, folder="sources", qde="project.qde", ns='xmlns="urn:QDA-XML:project:1.0"',
             path1="internal://t1.txt", path2="relative:///t2.txt", top="") -> Path:
    target = tmp_path / "v.qdpx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(top + qde, PROJECT.format(ns=ns, path1=path1, path2=path2))
        archive.writestr(f"{top}{folder}/t1.txt", "Hello world, plain text.")
        archive.writestr(f"{top}{folder}/t2.txt", "Second text.")
        archive.writestr(f"{top}{folder}/p.png", png_bytes(60, 40))
    return target


@pytest.mark.parametrize("variant", [
    {}, {"folder": "Sources"}, {"qde": "Project.qde"}, {"qde": "My Study.qde"}, {"ns": ""},
    {"ns": 'xmlns="urn:QDA-XML:project:0:10"'}, {"path1": "t1.txt", "path2": "t2.txt"},
    {"top": "Study folder/"},
], ids=["plain", "Sources", "Project.qde", "named.qde", "no-namespace", "old-namespace",
        "bare-paths", "zipped-folder"])
def test_variants_of_real_tools(tmp_path, variant):
    report = import_qdpx(_variant(tmp_path, **variant), tmp_path / "v.cwb")
    p = Project.open(tmp_path / "v.cwb", read_only=True)
    try:
        assert [e.path for e in p.elements.list()] == ["A", "A/B", "C"]
        c = p.elements.find("C")
        assert (c.definition, c.example) == ("d", "e")
        assert p.elements.find("A/B").color == "#FF0000"
        assert p.elements.find("A/B").guid == "22222222-2222-2222-2222-222222222221"
        assert len(p.sources.list()) == 3
        codings = p.codings.list()
        assert sorted((x.snippet, x.coder) for x in codings if x.snippet) == [("Hello", "Ann")]
        region = next(x for x in codings if x.rect)
        assert (region.rect.x, region.rect.y, region.rect.width, region.rect.height) == \
            (10, 5, 30, 25)
        assert report.skipped_count("selection") == 2 and report.skipped_count("coding") == 2
        case = p.cases.list()[0]
        assert case.attributes == {"size": "12"} and len(case.source_ids) == 1
        [inter] = p.interactions.list()
        assert (inter.from_name, inter.to_name, inter.type_name) == ("C", "B", "causes")
        assert [(m.target_kind, m.body) for m in p.memos.list()] == [("interaction", "about C")]
    finally:
        p.close()


def test_a_zip_without_a_project_is_refused_in_one_sentence(tmp_path):
    target = tmp_path / "x.qdpx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("readme.txt", "nothing")
    with pytest.raises(ArchiveRefused, match="no project.qde") as caught:
        import_qdpx(target, tmp_path / "x.cwb")
    assert str(caught.value).count(". ") == 0
    assert not (tmp_path / "x.cwb").exists()


def test_not_a_zip(tmp_path):
    target = tmp_path / "x.qdpx"
    target.write_bytes(b"not a zip at all")
    with pytest.raises(ArchiveRefused, match="not a readable .qdpx"):
        import_qdpx(target, tmp_path / "x.cwb")
    assert not (tmp_path / "x.cwb").exists()




def test_nvivo_positions_synthetic(tmp_path):
    """UTF-8 with BOM, CRLF, astral emoji: NVivo's UTF-16 positions (CR counted, BOM not)."""
    text = "😀😀 Hello world\r\n第二行 😀 Second line 𠮷 end"
    units = text.encode("utf-16-le")

    def pos(word):  # UTF-16 offset of a word, as NVivo writes it
        return len(text[:text.index(word)].encode("utf-16-le")) // 2

    selections = "".join(
        f'<PlainTextSelection guid="55555555-5555-5555-5555-55555555555{i}" '
        f'startPosition="{pos(w)}" endPosition="{pos(w) + len(w)}"><Coding '
        f'guid="66666666-6666-6666-6666-66666666666{i}"><CodeRef '
        f'targetGUID="22222222-2222-2222-2222-222222222222"/></Coding></PlainTextSelection>'
        for i, w in enumerate(("world", "Second", "line", "end")))
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="n" origin="NVivo for Windows 12.6">'
           f'<CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="W" '
           f'isCodable="true"/></Codes></CodeBook><Sources><TextSource '
           f'guid="44444444-4444-4444-4444-444444444441" name="t" '
           f'plainTextPath="internal://t.txt">{selections}</TextSource></Sources></Project>')
    target = tmp_path / "n.qdpx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("Sources/t.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert len(units) // 2 > len(text)
    report = import_qdpx(target, tmp_path / "n.cwb")
    assert report.schemes == {"t": UTF16}
    with Project.open(tmp_path / "n.cwb", read_only=True) as p:
        assert [c.snippet for c in p.codings.list()] == ["world", "Second", "line", "end"]
