"""A project small enough to mail: a search index that keeps no copy of the texts, originals
kept compressed, and "Save a copy to send" (core pack and ``workbench pack``) writing a compact
copy that opens and searches like the project."""
from __future__ import annotations

import os
import sqlite3
import zlib

import pytest

from workbench.cli.main import main as cli
from workbench.core import Project, WorkbenchError
from workbench.core.compact import MAGIC, pack_blob, unpack_blob
from workbench.core.pack import pack_project
from workbench.core.search import INDEX, OLD_INDEX

TEXT = "江临市推进一网通办😀与数据共享。Data Sharing 100% done_now。" * 40


def _study(path, n=6) -> Project:
    p = Project.create(path, title="邮寄", coder="张三")
    e = p.elements.add("协同")
    for i in range(n):
        text = f"第{i}篇：" + TEXT
        s = p.sources.add(kind="text", title=f"资料{i}", data=text.encode("utf-8"), text=text,
                          file_name=f"d{i}.txt")
        p.codings.code_text(s.id, 0, 4, e.id)
    return p


def _hits(p, q):
    return sorted((h.source_id, h.start, h.end) for h in p.search.find(q))


def _index_sql(path):
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'source_search'").fetchone()
    return row and " ".join(row[0].split())


def _table_bytes(path, prefix):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?",
                            (prefix + "%",)).fetchone()[0] or 0


def test_the_index_keeps_no_copy_of_the_texts_and_finds_the_same(tmp_path):
    with _study(tmp_path / "s.cwb") as p:
        assert len(_hits(p, "一网通办")) == 6 * 40
        assert len(_hits(p, "data sharing")) == 6 * 40  # any case, through the index
        assert len(_hits(p, "100%")) == 6 * 40  # % and _ are not wildcards
        assert len(_hits(p, "done_now")) == 6 * 40
        assert _hits(p, "done now") == []
    assert _index_sql(tmp_path / "s.cwb") == INDEX
    texts = _table_bytes(tmp_path / "s.cwb", "source_texts")
    assert _table_bytes(tmp_path / "s.cwb", "source_search") < texts


def test_deleting_undoing_and_reusing_an_id_keeps_the_index_right(tmp_path):
    with _study(tmp_path / "s.cwb", n=2) as p:
        first, last = p.sources.list()
        assert len(_hits(p, "一网通办")) == 80
        p.sources.delete(last.id)
        assert {h[0] for h in _hits(p, "一网通办")} == {first.id}
        p.undo()
        assert {h[0] for h in _hits(p, "一网通办")} == {first.id, last.id}
        p.sources.delete(last.id)
        p.clear_history()
        other = p.sources.add(kind="text", title="新", data=b"x", text="完全不同的文字内容")
        assert _hits(p, "一网通办")[-1][0] == first.id
        assert [h[0] for h in _hits(p, "不同的文字")] == [other.id]
        assert not any(f.code == "search-index-stale" for f in p.diagnose())


def test_an_old_index_is_replaced_at_the_next_search(tmp_path):
    with _study(tmp_path / "s.cwb", n=2) as p:
        p.search.find("一网通办")
    with sqlite3.connect(tmp_path / "s.cwb") as conn:  # a file from before: the large index
        conn.execute("DROP TABLE source_search")
        conn.execute(OLD_INDEX)
        conn.execute("INSERT INTO source_search (rowid, text) SELECT id, text FROM source_texts")
    with Project.open(tmp_path / "s.cwb", read_only=True) as p:  # opens; scans without it
        assert len(_hits(p, "一网通办")) == 80
    with Project.open(tmp_path / "s.cwb") as p:
        assert len(_hits(p, "一网通办")) == 80
    assert _index_sql(tmp_path / "s.cwb") == INDEX


def test_originals_are_stored_compressed_and_read_back_exactly(tmp_path):
    assert unpack_blob(pack_blob(b"a" * 1000)) == b"a" * 1000
    assert pack_blob(b"a" * 1000).startswith(MAGIC)
    packed = zlib.compress(os.urandom(5000))  # compressed already: stored as it is
    assert pack_blob(packed) == packed
    tricky = MAGIC + b"not compressed"  # a file that starts like a compressed one
    assert unpack_blob(pack_blob(tricky)) == tricky
    with _study(tmp_path / "s.cwb", n=1) as p:
        source = p.sources.list()[0]
        assert p.sources.original(source.id) == p.sources.text(source.id).encode("utf-8")
    with sqlite3.connect(tmp_path / "s.cwb") as conn:
        stored = conn.execute("SELECT data FROM source_files").fetchone()[0]
    assert stored.startswith(MAGIC) and len(stored) < len(TEXT.encode("utf-8")) / 3


def test_a_copy_to_send_opens_searches_and_is_small(tmp_path):
    with _study(tmp_path / "s.cwb") as p:
        with p.grouped("Edit"):
            p.memos.add("project", None, title="备忘", body="留下")
        assert p.undo_label()
        with sqlite3.connect(tmp_path / "s.cwb") as conn:  # originals from before compression
            conn.execute("UPDATE source_files SET data = CAST(? AS BLOB) WHERE id = 1",
                         (("第0篇：" + TEXT).encode("utf-8"),))
        before = (_hits(p, "一网通办"), [m.body for m in p.memos.list()],
                  [(c.start, c.end) for c in p.codings.list()])
        result = pack_project(p, tmp_path / "copy.cwb")
        bare = pack_project(p, tmp_path / "bare.cwb", originals=False)
        with pytest.raises(WorkbenchError):
            pack_project(p, tmp_path / "s.cwb")
    assert result.size == (tmp_path / "copy.cwb").stat().st_size <= result.project_size
    assert bare.size <= result.size
    for copy, originals in ((tmp_path / "copy.cwb", True), (tmp_path / "bare.cwb", False)):
        assert _index_sql(copy) == INDEX
        with Project.open(copy) as c:
            assert (_hits(c, "一网通办"), [m.body for m in c.memos.list()],
                    [(x.start, x.end) for x in c.codings.list()]) == before
            assert not c.undo_label()
            first = c.sources.list()[0]
            assert (c.sources.original(first.id) == ("第0篇：" + TEXT).encode("utf-8")) == \
                originals
            assert c.check() == [] and c.diagnose() == []
    with sqlite3.connect(tmp_path / "copy.cwb") as conn:
        assert conn.execute("SELECT count(*) FROM source_files WHERE substr(data, 1, 6) "
                            "IS NOT ?", (MAGIC,)).fetchone()[0] == 0


def test_workbench_pack_says_the_size(tmp_path, capsys):
    _study(tmp_path / "s.cwb").close()
    assert cli(["pack", str(tmp_path / "s.cwb"), "--out", str(tmp_path / "c.cwb"),
                "--without-originals"]) == 0
    said = capsys.readouterr().out
    assert "c.cwb" in said and ("KB" in said or "MB" in said)
    assert cli(["pack", str(tmp_path / "s.cwb"), "--out", str(tmp_path / "nofolder" / "c.cwb")
                ]) != 0
    assert "does not exist" in capsys.readouterr().err
