"""Export to .qdpx: project.qde validates against Project.xsd, and export → import gives the same
elements, sources, codings (offsets and quotes), cases, memos and interactions, GUIDs kept."""
from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from helpers import PROJECT_XSD, png_bytes
from workbench.core import Project
from workbench.exchange.refi import export_qdpx, import_qdpx

XSD = PROJECT_XSD
TEXT = "智慧政府建设推进数据共享。𠮷野家的案例：一网通办。\r\n第二段：跨部门协同。😀 end"


def make_study(path, coder="张三"):
    """A small project with everything a .qdpx carries."""
    p = Project.create(path, title="测试研究", coder=coder)
    top = p.elements.add("协同", color="#4E79A7", definition="部门间合作", inclusion="联合发文",
                         exclusion="单一部门", example="一网通办")
    child = p.elements.add("数据共享", parent_id=top.id)
    other = p.elements.add("绩效")
    text = p.sources.add(kind="text", title="新闻一", data=TEXT.encode("utf-8"), text=TEXT,
                         file_name="news.txt", source_type="news", notes="来源说明")
    image = p.sources.add(kind="image", title="截图", data=png_bytes(), file_name="shot.png",
                          media_type="image/png", width=120, height=80)
    start = TEXT.index("𠮷")
    c1 = p.codings.code_text(text.id, start, start + 3, child.id, memo="注意")
    c2 = p.codings.code_text(text.id, TEXT.index("第二段"), TEXT.index("😀") + 1, other.id,
                             coder="李四")
    p.codings.code_region(image.id, (10, 5, 50, 30), top.id)
    p.cases.add("A市", "东部城市")
    p.cases.add_attribute("人口", "number")
    p.cases.set_value("A市", "人口", "120.5")
    p.cases.add_source("A市", text.id)
    period = p.periods.add("第一阶段", "2020-01-01", "2020-12-31")
    inter = p.interactions.add(top.id, other.id, "促进", sign="-", period_id=period.id,
                               note="证据充分", evidence=[c1.id, c2.id])
    p.memos.add("element", top.id, title="要素备忘", body="第一行\n第二行")
    p.memos.add("project", None, title="总备忘", body="项目层面")
    p.memos.add("interaction", inter.id, title="关系备忘", body="为什么")
    p.diagrams.save_positions({top.id: (10.0, 20.0), other.id: (200.0, -40.0)})
    return p


@pytest.fixture()
def exported(tmp_path):
    p = make_study(tmp_path / "a.cwb")
    report = export_qdpx(p, tmp_path / "a.qdpx", schema=XSD)
    yield p, report, tmp_path / "a.qdpx"
    p.close()


def test_project_qde_validates_against_the_schema(exported):
    _p, report, path = exported
    assert report.valid, report.notes
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        root = etree.fromstring(archive.read("project.qde"))
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    schema.assertValid(root)
    assert "project.qde" in names and any(n.endswith(".txt") for n in names)
    assert any(n.endswith(".png") for n in names)
    assert report.done["codings"] == 3 and report.done["links"] == 1


def test_round_trip_keeps_everything(exported, tmp_path):
    a, _report, path = exported
    report = import_qdpx(path, tmp_path / "b.cwb")
    assert report.skipped == []
    b = Project.open(tmp_path / "b.cwb", read_only=True)
    try:
        def elements(p):
            return [(e.path, e.color, e.definition, e.inclusion, e.exclusion, e.example)
                    for e in p.elements.list()]
        assert elements(b) == elements(a)
        assert [(s.title, s.kind, s.sha256, s.source_type, s.notes, s.width)
                for s in b.sources.list()] == [(s.title, s.kind, s.sha256, s.source_type,
                                                s.notes, s.width) for s in a.sources.list()]
        text_a = a.sources.list(kind="text")[0]
        text_b = b.sources.list(kind="text")[0]
        assert b.sources.text(text_b.id) == a.sources.text(text_a.id)

        def codings(p):
            return sorted((c.element_name, c.coder, c.start, c.end, c.snippet, c.rect, c.memo)
                          for c in p.codings.list())
        assert codings(b) == codings(a)
        assert [(c.name, c.description, c.attributes) for c in b.cases.list()] == \
            [(c.name, c.description, c.attributes) for c in a.cases.list()]
        assert len(b.cases.list()[0].source_ids) == 1

        def memos(p):
            return sorted((m.target_kind, m.title, m.body) for m in p.memos.list())
        assert memos(b) == memos(a)

        def interactions(p):
            return [(i.from_name, i.to_name, i.type_name, i.sign, i.period, i.note,
                     len(i.evidence)) for i in p.interactions.list()]
        assert interactions(b) == interactions(a)
        assert sorted(b.diagrams.positions().values()) == sorted(a.diagrams.positions().values())
    finally:
        b.close()


def test_round_trip_keeps_guids(exported, tmp_path):
    a, _report, path = exported
    import_qdpx(path, tmp_path / "b.cwb")
    b = Project.open(tmp_path / "b.cwb", read_only=True)
    try:
        for part in ("elements", "sources", "codings", "cases", "memos", "interactions"):
            assert {x.guid for x in getattr(b, part).list()} == \
                {x.guid for x in getattr(a, part).list()}, part
    finally:
        b.close()


def test_export_refuses_a_missing_folder(tmp_path):
    from workbench.core import WorkbenchError
    p = make_study(tmp_path / "a.cwb")
    try:
        with pytest.raises(WorkbenchError, match="does not exist"):
            export_qdpx(p, tmp_path / "nowhere" / "x.qdpx")
    finally:
        p.close()


def test_control_characters_do_not_stop_an_export(tmp_path):
    p = make_study(tmp_path / "a.cwb")
    try:
        p.memos.add("project", None, title="odd\x01title", body="vertical\x0btab")
        report = export_qdpx(p, tmp_path / "a.qdpx", schema=XSD)
        assert report.valid
    finally:
        p.close()
    import_qdpx(tmp_path / "a.qdpx", tmp_path / "b.cwb")
    with Project.open(tmp_path / "b.cwb", read_only=True) as b:
        assert any(m.title == "oddtitle" and m.body == "verticaltab" for m in b.memos.list())


def test_a_txt_original_in_another_encoding_keeps_its_own_name(tmp_path):
    import zipfile

    from workbench.exchange.refi import export_qdpx, import_qdpx

    text = "江临市推进一网通办。\n数据共享平台上线。"
    (tmp_path / "新闻.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    with Project.create(tmp_path / "a.cwb") as p:
        [source] = p.import_files([tmp_path / "新闻.txt"]).imported
        export_qdpx(p, tmp_path / "a.qdpx")
        original = p.sources.original(source.id)
    with zipfile.ZipFile(tmp_path / "a.qdpx") as archive:
        names = archive.namelist()
    assert len(names) == len(set(names))  # no duplicate members
    import_qdpx(tmp_path / "a.qdpx", tmp_path / "b.cwb")
    with Project.open(tmp_path / "b.cwb", read_only=True) as q:
        [again] = q.sources.list()
        assert q.sources.text(again.id) == text
        assert q.sources.original(again.id) == original
