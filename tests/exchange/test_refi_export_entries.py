"""What the faster .qdpx export must keep: two exports of one project are the same (other tools
match a re-imported selection by its GUID), an original the project keeps compressed goes into
the archive as its own deflate stream and reads back byte for byte, a file that does not shrink
is stored, and the one-pass read of the files (``sources.stored_files``) gives what the
per-source reads give (the codings' read: tests/core/test_coding_batches.py and
test_refi_export_selections.py)."""
from __future__ import annotations

import random
import re
import zipfile
import zlib

from helpers import PROJECT_XSD
from workbench.core import Project
from workbench.core.compact import deflate_stream, pack_blob
from workbench.exchange.refi import export_qdpx, import_qdpx

PAGE = "<p>江临市推进一网通办，数据共享平台上线。𠮷野家 Data sharing.</p>\n" * 400


def _study(path) -> Project:
    p = Project.create(path, title="两次导出", coder="张三")
    element = p.elements.add("协同")
    html = PAGE.encode("gb18030")
    web = p.sources.add(kind="text", title="网页", data=html, text=PAGE, file_name="page.html",
                        media_type="text/html")
    noise = random.Random(7).randbytes(70_000)
    scan = p.sources.add(kind="text", title="扫描", data=noise, text="扫描件的文字。",
                         file_name="scan.tif", media_type="image/tiff")
    for n in range(30):
        p.codings.code_text(web.id, 10 * n, 10 * n + 7, element.id, memo="备忘" if n % 7 else "")
    p.codings.code_text(scan.id, 0, 2, element.id, coder="李四")
    return p


def test_two_exports_of_one_project_are_the_same(tmp_path):
    with _study(tmp_path / "a.cwb") as p:
        export_qdpx(p, tmp_path / "one.qdpx", schema=PROJECT_XSD)
        export_qdpx(p, tmp_path / "two.qdpx")
        codings = {c.guid for c in p.codings.list()}
    with zipfile.ZipFile(tmp_path / "one.qdpx") as one, \
            zipfile.ZipFile(tmp_path / "two.qdpx") as two:
        assert sorted(one.namelist()) == sorted(two.namelist())
        for name in one.namelist():
            assert one.read(name) == two.read(name), name
        qde = one.read("project.qde").decode("utf-8")
    selections = re.findall(r'<PlainTextSelection [^>]*guid="([^"]+)"', qde)
    assert len(selections) == len(set(selections)) == 31
    assert not set(selections) & codings  # a selection's GUID is its own, derived from the coding's


def test_a_compressed_original_goes_in_as_its_deflate_stream(tmp_path):
    with _study(tmp_path / "a.cwb") as p:
        [web] = [s for s in p.sources.list() if s.file_name == "page.html"]
        original = p.sources.original(web.id)
        stored = {f.id: f for f in p.sources.stored_files()}[web.id]
        assert stored.original == original and stored.text == PAGE.encode("utf-8")
        assert stored.deflated is not None  # the project keeps this one compressed
        export_qdpx(p, tmp_path / "a.qdpx")
        guid = web.guid
    with zipfile.ZipFile(tmp_path / "a.qdpx") as archive:
        entry = archive.getinfo(f"sources/{guid}.html")
        assert entry.compress_type == zipfile.ZIP_DEFLATED
        assert entry.compress_size == len(stored.deflated)  # not deflated a second time
        assert archive.read(entry) == original  # zipfile checks the CRC too
        assert archive.testzip() is None
    import_qdpx(tmp_path / "a.qdpx", tmp_path / "b.cwb")
    with Project.open(tmp_path / "b.cwb", read_only=True) as b:
        [again] = [s for s in b.sources.list() if s.title == "网页"]
        assert b.sources.original(again.id) == original
        assert b.sources.text(again.id) == PAGE


def test_a_file_that_does_not_shrink_is_stored(tmp_path):
    with _study(tmp_path / "a.cwb") as p:
        [scan] = [s for s in p.sources.list() if s.file_name == "scan.tif"]
        original = p.sources.original(scan.id)
        export_qdpx(p, tmp_path / "a.qdpx")
    with zipfile.ZipFile(tmp_path / "a.qdpx") as archive:
        entry = archive.getinfo(f"sources/{scan.guid}.tif")
        assert entry.compress_type == zipfile.ZIP_STORED
        assert archive.read(entry) == original
        assert archive.getinfo(f"sources/{scan.guid}.txt").compress_type == zipfile.ZIP_DEFLATED


def test_deflate_stream_is_the_raw_stream_of_a_compressed_value():
    data = PAGE.encode("utf-8")
    stream = deflate_stream(pack_blob(data))
    assert zlib.decompressobj(-15).decompress(stream) == data
    assert deflate_stream(pack_blob(random.Random(1).randbytes(5000))) is None  # kept as is
    assert deflate_stream(None) is None and deflate_stream(b"") is None


def test_texts_of_a_utf16_project_file_are_written_as_utf8(tmp_path):
    """A project file made elsewhere with a UTF-16 database: its texts still go out as UTF-8."""
    import sqlite3

    with _study(tmp_path / "a.cwb") as p:
        ids = [s.id for s in p.sources.list()]
        texts = {i: p.sources.text(i).encode("utf-8") for i in ids}
    source = sqlite3.connect(tmp_path / "a.cwb")
    target = sqlite3.connect(tmp_path / "utf16.cwb")
    target.execute("PRAGMA encoding = 'UTF-16le'")
    target.executescript(";\n".join(source.iterdump()))
    for pragma in ("application_id", "user_version"):  # a dump leaves out what marks it ours
        value = source.execute(f"PRAGMA {pragma}").fetchone()[0]
        target.execute(f"PRAGMA {pragma} = {int(value)}")
    target.commit()
    assert target.execute("PRAGMA encoding").fetchone()[0] == "UTF-16le"
    source.close()
    target.close()
    with Project.open(tmp_path / "utf16.cwb") as q:
        got = {f.id: f.text for f in q.sources.stored_files()}
    assert got == texts
