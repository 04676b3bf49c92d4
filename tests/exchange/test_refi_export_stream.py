"""The streamed .qdpx export (writing_sources): awkward text in every attribute and text node
still gives a valid project.qde that reads back the same; GUIDs derived without ``uuid5`` equal
``uuid5``'s; already-compressed originals are stored, not deflated again."""
from __future__ import annotations

import uuid
import zipfile

from lxml import etree

from helpers import PROJECT_XSD, png_bytes
from workbench.core import Project
from workbench.exchange.refi import export_qdpx, import_qdpx
from workbench.exchange.refi.writing_sources import attr, derived_guid, guid_out

XSD = PROJECT_XSD
ODD = 'a "quoted" <tag> & ampersand\tTab\r\nCRLF line\nsecond line 𠮷 \x0b end'


def test_derived_guids_are_uuid5():
    for n in range(200):
        guid = str(uuid.uuid4())
        for what in ("selection", "vertex", "meta", f"边{n}"):
            expected = str(uuid.uuid5(uuid.UUID(guid), what))
            assert derived_guid(guid, what) == expected
            assert derived_guid("{" + guid.upper() + "}", what) == expected
        assert guid_out(guid) == guid
        assert guid_out("{" + guid + "}") == guid


def test_attribute_escaping_keeps_line_breaks_and_drops_control_characters():
    element = etree.fromstring(f'<x a="{attr(ODD)}"/>')
    assert element.get("a") == ODD.replace("\x0b", "")


def test_awkward_text_everywhere_validates_and_reads_back(tmp_path):
    with Project.create(tmp_path / "a.cwb", title=ODD, coder="张三") as p:
        element = p.elements.add('要素 "A" <&>', definition=ODD)
        text = ODD * 3
        source = p.sources.add(kind="text", title=ODD, data=text.encode("utf-8"), text=text,
                               file_name="odd.txt", notes=ODD)
        image = p.sources.add(kind="image", title="图 <1>", data=png_bytes(),
                              file_name="shot.png", media_type="image/png", width=120,
                              height=80)
        coded = p.codings.code_text(source.id, 0, len(ODD) + 5, element.id, memo=ODD)
        p.codings.code_region(image.id, (1, 2, 30, 40), element.id, memo="区域 & <memo>")
        p.memos.add("coding", coded.id, title=ODD, body=ODD)
        p.memos.add("source", source.id, title="资料备忘", body="正文")
        report = export_qdpx(p, tmp_path / "a.qdpx", validate=True, schema=XSD)
        assert report.valid, report.notes
        assert report.done["codings"] == 2 and report.done["sources"] == 2
        before = sorted(((c.start, c.end, c.snippet, c.rect, c.memo) for c in p.codings.list()),
                        key=str)
        memos = sorted((m.target_kind, m.title, m.body) for m in p.memos.list())
    with zipfile.ZipFile(tmp_path / "a.qdpx") as archive:
        [png] = [i for i in archive.infolist() if i.filename.endswith(".png")]
        assert png.compress_type == zipfile.ZIP_STORED
        qde = archive.getinfo("project.qde")
        assert qde.compress_type == zipfile.ZIP_DEFLATED
        # The namespace is declared once, on the project, not again on its parts.
        assert archive.read("project.qde").count(b'xmlns="urn:QDA-XML:project:1.0"') == 1
    import_qdpx(tmp_path / "a.qdpx", tmp_path / "b.cwb")
    with Project.open(tmp_path / "b.cwb", read_only=True) as b:
        assert sorted(((c.start, c.end, c.snippet, c.rect, c.memo)
                       for c in b.codings.list()), key=str) == [
            (s, e, q, r, m.replace("\x0b", "")) for s, e, q, r, m in before]
        assert sorted((m.target_kind, m.title, m.body) for m in b.memos.list()) == sorted(
            (k, t.replace("\x0b", ""), x.replace("\x0b", "")) for k, t, x in memos)
        [again] = b.sources.list(kind="text")
        assert again.title == ODD.replace("\x0b", "")
        assert b.elements.list()[0].name == '要素 "A" <&>'


def test_an_empty_project_exports_and_validates(tmp_path):
    with Project.create(tmp_path / "a.cwb") as p:
        report = export_qdpx(p, tmp_path / "a.qdpx", schema=XSD)
    assert report.valid, report.notes


def test_validation_is_asked_for(tmp_path):
    with Project.create(tmp_path / "a.cwb") as p:
        assert export_qdpx(p, tmp_path / "a.qdpx").valid is None  # not checked unless asked
