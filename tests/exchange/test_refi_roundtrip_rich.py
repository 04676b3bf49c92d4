"""Nothing lost on the way: a rich project (Chinese text with emoji and Ext-B characters, a
.docx, a screenshot with region codings, memos on every kind of target, cases with attributes,
interactions, periods, two coders) → .qdpx → a new project compares equal field by field; and
files of other tools (built here) keep what used to be lost."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from PIL import Image

from workbench.core import Project, WorkbenchError, provenance
from workbench.exchange.refi import export_qdpx, import_qdpx
from workbench.importers.batch import import_files

SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLES = SHARED / "refi" / "samples"
XSD = SHARED / "refi" / "Project.xsd"
needs_shared = pytest.mark.skipif(not SAMPLES.is_dir(),
                                  reason="../shared/refi/samples is not on this machine")
TEXT = "数字政府😀建设：𠮷野家的案例，一网通办。\r\n第二段：跨部门协同🚀推进数据共享。\n𠀀结尾"
DOCX_TEXT = "政策文件：关于推进😀协同治理的意见。第二条：建立联席会议制度。"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (160, 90), (210, 220, 240)).save(out, format="PNG")
    return out.getvalue()


def make_rich(folder: Path) -> Project:
    p = Project.create(folder / "rich.cwb", title="富项目", coder="张三", language="zh")
    p.update_info(description="研究数字政府中的协同治理。")
    folder_el = p.elements.add("维度")
    provenance.set_codable(p, folder_el.id, False)
    a = p.elements.add("协同", parent_id=folder_el.id, definition="部门间合作")
    b = p.elements.add("数据共享", color="#E15759")
    text = p.sources.add(kind="text", title="新闻一", data=TEXT.encode("utf-8"), text=TEXT,
                         file_name="新闻一.txt", date="2021-03-04", source_type="news",
                         notes="来源说明", origin_url="https://example.org/a")
    document = Document()
    document.add_paragraph(DOCX_TEXT)
    document.save(folder / "政策文件.docx")
    import_files(p, [folder / "政策文件.docx"])
    docx = next(s for s in p.sources.list() if s.file_name.endswith(".docx"))
    shot = p.sources.add(kind="image", title="截图", data=_png(), file_name="屏幕截图.png",
                         media_type="image/png", width=160, height=90)
    c1 = p.codings.code_text(text.id, TEXT.index("𠮷"), TEXT.index("，"), a.id, memo="选区说明")
    c2 = p.codings.code_text(text.id, TEXT.index("跨部门"), TEXT.index("结尾"), b.id,
                             coder="李四")
    dtext = p.sources.text(docx.id)
    c3 = p.codings.code_text(docx.id, dtext.index("协同"), dtext.index("协同") + 4, a.id)
    r1 = p.codings.code_region(shot.id, (10, 5, 50, 30), a.id)
    r2 = p.codings.code_region(shot.id, (60, 40, 40, 20), b.id, coder="李四")
    p.cases.add("A市", "东部城市")
    p.cases.add("B市", "西部城市")
    p.cases.add_attribute("人口", "number")
    p.cases.add_attribute("类型", "text")
    p.cases.set_value("A市", "人口", "120.5")
    p.cases.set_value("B市", "类型", "地级市")
    p.cases.add_source("A市", text.id)
    p.cases.add_source("B市", shot.id)
    used = p.periods.add("第一阶段", "2020-01-01", "2020-12-31")
    p.periods.add("第二阶段", "2021-01-01", None)  # no interaction uses it
    p.interactions.add_type("抑制", "-", "dashed")  # no interaction uses it
    inter = p.interactions.add(a.id, b.id, "促进", sign="+", period_id=used.id,
                               note="证据充分", evidence=[c1.id, r1.id], coder="李四")
    memos = [("project", None), ("source", text.id), ("element", a.id), ("coding", c2.id),
             ("coding", r2.id), ("interaction", inter.id), ("case", p.cases.list()[0].id),
             ("source", shot.id), ("coding", c3.id)]
    for n, (kind, target) in enumerate(memos):
        p.memos.add(kind, target, title=f"备忘{n}", body=f"第{n}条\n第二行😀",
                    coder="李四" if n % 2 else None)
    return p


def snapshot(p: Project) -> dict:
    """Every field a user sees, keyed by GUIDs (ids differ between files)."""
    elements = {e.id: e for e in p.elements.list()}
    sources = {s.id: s for s in p.sources.list()}
    codings = {c.id: c for c in p.codings.list()}
    cases = {c.id: c for c in p.cases.list()}
    interactions = {i.id: i for i in p.interactions.list()}
    times = provenance.times(p, "codings")
    folders = provenance.non_codable(p)
    guid_of = {"element": lambda i: elements[i].guid, "source": lambda i: sources[i].guid,
               "coding": lambda i: codings[i].guid, "case": lambda i: cases[i].guid,
               "interaction": lambda i: interactions[i].guid, "project": lambda i: None}
    info = p.info()
    return {
        "info": (info.title, info.description),
        "coders": sorted((c.name, c.guid) for c in p.coders.list()),
        "elements": sorted((e.guid, e.path, e.color, e.definition, e.id in folders)
                           for e in elements.values()),
        "sources": sorted((s.guid, s.title, s.kind, s.sha256, s.file_name, s.media_type, s.date,
                           s.source_type, s.notes, s.origin_url, s.width, s.height,
                           p.sources.text(s.id) if s.kind == "text" else None,
                           p.sources.original(s.id)) for s in sources.values()),
        "codings": sorted((c.guid, sources[c.source_id].guid, elements[c.element_id].guid,
                           c.coder, c.start, c.end, c.rect, c.memo, c.created, times[c.id][1])
                          for c in codings.values()),
        "memos": sorted((m.guid, m.target_kind, guid_of[m.target_kind](m.target_id), m.title,
                         m.body, m.coder, m.created, m.modified) for m in p.memos.list()),
        "cases": sorted((c.guid, c.name, c.description, sorted(c.attributes.items()),
                         sorted(sources[s].guid for s in c.source_ids))
                        for c in cases.values()),
        "interactions": sorted((i.guid, elements[i.from_element_id].guid,
                                elements[i.to_element_id].guid, i.type_name, i.sign, i.period,
                                i.note, i.coder, i.created,
                                sorted(codings[e].guid for e in i.evidence))
                               for i in interactions.values()),
        "periods": [(x.name, x.start_date, x.end_date) for x in p.periods.list()],
        "types": sorted((t.name, t.sign, t.line_style) for t in p.interactions.types()),
    }


def round_trip(a: Project, folder: Path, **options):
    """Export ``a`` (closed afterwards), import the file, and compare field by field; nothing
    may be skipped. Returns the import report."""
    try:
        before = snapshot(a)
        report = export_qdpx(a, folder / "rt.qdpx", schema=XSD if XSD.is_file() else None,
                             **options)
    finally:
        a.close()
    assert report.valid in (True, None), report.notes
    back = import_qdpx(folder / "rt.qdpx", folder / "rt.cwb")
    assert back.skipped == []
    b = Project.open(folder / "rt.cwb", read_only=True)
    try:
        after = snapshot(b)
    finally:
        b.close()
    for key in before:
        assert after[key] == before[key], key
    return back


@pytest.mark.parametrize("tool", ["nvivo", "standard"])
def test_rich_project_round_trip_compares_equal(tool, tmp_path):
    back = round_trip(make_rich(tmp_path), tmp_path, target=tool)
    # The colours the workbench gave were in the file, so none is reported as added.
    assert not any("no colour" in n for n in back.notes)


def test_guids_are_lower_case(tmp_path):
    a = make_rich(tmp_path)
    try:
        export_qdpx(a, tmp_path / "rich.qdpx")
    finally:
        a.close()
    with zipfile.ZipFile(tmp_path / "rich.qdpx") as archive:
        xml = archive.read("project.qde").decode("utf-8")
        names = archive.namelist()
    root = etree.fromstring(xml.encode("utf-8"))
    guids = [v for e in root.iter() for k, v in e.attrib.items() if k.lower().endswith("guid")]
    assert guids and all(g == g.lower() for g in guids)
    assert all(n == n.lower() for n in names)


def test_a_folder_element_cannot_be_coded_to(tmp_path, capsys):
    a = make_rich(tmp_path)
    try:
        folder = next(e for e in a.elements.list() if e.name == "维度")
        with pytest.raises(WorkbenchError, match="folder"):
            provenance.check_codable(a, folder.id)
        provenance.check_codable(a, next(e for e in a.elements.list() if e.name == "协同").id)
        source = a.sources.list()[0].id
    finally:
        a.close()
    from workbench.cli.main import main as cli
    assert cli(["code", str(tmp_path / "rich.cwb"), "--source", str(source), "--start", "0",
                "--end", "2", "--element", "维度"]) != 0
    assert "folder of the codebook" in capsys.readouterr().err


# ----- files of other tools, built here --------------------------------------------------
U1, U2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
CODE = "33333333-3333-4333-8333-333333333333"
S1, S2 = "44444444-4444-4444-8444-444444444444", "55555555-5555-4555-8555-555555555555"


def _other_tool(tmp_path: Path) -> Path:
    """Like MAXQDA writes: plain text only (no original), two sources of the same text with
    their own names and cases, a note on a selection, a note linked to a case, a description,
    times, isCodable="false", no colours, a path without internal://."""
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Other" origin="SomeTool 1.0"
  creatingUserGUID="{U2}">
 <Users><User guid="{U1}" name="Ana"/><User guid="{U2}" name="Ben"/></Users>
 <CodeBook><Codes><Code guid="{CODE}" name="Themes" isCodable="false">
   <Code guid="66666666-6666-4666-8666-666666666666" name="Trust" isCodable="true"/>
 </Code></Codes></CodeBook>
 <Cases>
  <Case guid="77777777-7777-4777-8777-777777777777" name="North"><SourceRef targetGUID="{S1}"/></Case>
  <Case guid="88888888-8888-4888-8888-888888888888" name="South"><SourceRef targetGUID="{S2}"/></Case>
 </Cases>
 <Sources>
  <TextSource guid="{S1}" name="Interview A" plainTextPath="internal://{S1}.txt">
   <Description>first telling</Description>
   <PlainTextSelection guid="99999999-9999-4999-8999-999999999999" startPosition="0"
     endPosition="5" creatingUser="{U1}" creationDateTime="2020-02-03T04:05:06Z"
     modifiedDateTime="2021-01-02T03:04:05Z">
    <Coding guid="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" creatingUser="{U1}"
      creationDateTime="2020-02-03T04:05:06Z"><CodeRef targetGUID="66666666-6666-4666-8666-666666666666"/></Coding>
    <NoteRef targetGUID="bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"/>
   </PlainTextSelection>
  </TextSource>
  <TextSource guid="{S2}" plainTextPath="relative:///Interview B.txt">
   <Description>second telling</Description>
  </TextSource>
 </Sources>
 <Notes>
  <Note guid="bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" name="On the passage" creatingUser="{U1}"
    creationDateTime="2020-05-06T07:08:09Z"><PlainTextContent>why</PlainTextContent></Note>
  <Note guid="cccccccc-cccc-4ccc-8ccc-cccccccccccc" name="On North" creatingUser="{U2}">
   <PlainTextContent>a case memo</PlainTextContent></Note>
 </Notes>
 <Links><Link guid="dddddddd-dddd-4ddd-8ddd-dddddddddddd" name="Memo" direction="OneWay"
   originGUID="cccccccc-cccc-4ccc-8ccc-cccccccccccc"
   targetGUID="77777777-7777-4777-8777-777777777777"/></Links>
 <Sets><Set guid="eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee" name="Audio">
   <MemberSource targetGUID="ffffffff-ffff-4fff-8fff-ffffffffffff"/></Set></Sets>
 <Graphs><Graph guid="12121212-1212-4212-8212-121212121212" name="Net">
   <Vertex guid="13131313-1313-4313-8313-131313131313" firstX="1" firstY="2"
     representedGUID="14141414-1414-4414-8414-141414141414"/></Graph></Graphs>
 <Description>A study of trust.</Description>
</Project>"""
    path = tmp_path / "other.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{S1}.txt", "Hello same words")
        archive.writestr("sources/Interview B.txt", "Hello same words")
    return path


def test_what_other_tools_write_is_kept(tmp_path):
    report = import_qdpx(_other_tool(tmp_path), tmp_path / "o.cwb")
    # A set and a graph of things that are not in the file: reported, not claimed as kept.
    assert sorted((s.kind, s.name) for s in report.skipped) == [("graph", "Net"),
                                                                 ("set", "Audio")]
    assert not report.done.get("sets") and not report.done.get("graphs")
    assert not any("only where its codes stand" in n for n in report.notes)
    p = Project.open(tmp_path / "o.cwb", read_only=True)
    try:
        sources = {s.title: s for s in p.sources.list()}
        assert set(sources) == {"Interview A", "Interview B"}  # not merged, not a GUID
        assert sources["Interview B"].notes == "second telling"
        assert sources["Interview B"].cases == ("South",)
        assert sources["Interview B"].file_name == "Interview B.txt"
        assert sources["Interview A"].file_name == "Interview A.txt"
        assert p.info().description == "A study of trust."
        assert sorted(c.name for c in p.coders.list()) == ["Ana", "Ben"]  # no importing user
        assert p.coders.current().name == "Ben"
        coding = p.codings.list()[0]
        assert (coding.coder, coding.created) == ("Ana", "2020-02-03T04:05:06Z")
        assert provenance.times(p, "codings")[coding.id][1] == "2021-01-02T03:04:05Z"
        memos = {m.title: m for m in p.memos.list()}
        assert (memos["On the passage"].target_kind, memos["On the passage"].target_id) == \
            ("coding", coding.id)
        assert memos["On the passage"].created == "2020-05-06T07:08:09Z"
        assert memos["On North"].target_kind == "case" and memos["On North"].coder == "Ben"
        folders = provenance.non_codable(p)
        assert [e.name for e in p.elements.list() if e.id in folders] == ["Themes"]
        assert p.interactions.list() == []
    finally:
        p.close()
    assert any("no colour" in n for n in report.notes)


@needs_shared
def test_atlas_spec_example_reports_only_what_was_kept(tmp_path):
    report = import_qdpx(SAMPLES / "atlasti8.4-mac_spec-annexA2_TestProject.qdpx",
                         tmp_path / "a.cwb")
    p = Project.open(tmp_path / "a.cwb", read_only=True)
    try:
        typed = [s for s in p.sources.list() if s.source_type]
        positions = p.diagrams.positions()
    finally:
        p.close()
    assert report.done.get("sets", 0) == 0 and not typed
    assert report.found.get("sets", 0) == report.skipped_count("set")
    assert (report.done.get("graphs", 0) > 0) == bool(positions)
    if not positions:
        assert not any("only where its codes stand" in n for n in report.notes)


@needs_shared
@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.qdpx")) if SAMPLES.is_dir() else [],
                         ids=lambda p: p.name)
def test_every_sample_round_trips(sample, tmp_path):
    """sample → project → .qdpx → project: the two projects compare equal."""
    import_qdpx(sample, tmp_path / "a.cwb")
    round_trip(Project.open(tmp_path / "a.cwb"), tmp_path)
