"""The export's reading of every coding (``codings.rows_by_source``): each source in the order
asked with its codings in reading order, the usual passage as the strings SQLite wrote and any
other coding as a row tuple, the same values either way; a GUID or name that would split the
line read whole, and a batch that cannot be written as text (a record separator in a quote,
text that is not UTF-8) read as tuples instead; and the reading thread's own connection reads
the project's file and nothing else."""
from __future__ import annotations

import os
import sqlite3

import pytest

from workbench.core import Project, provenance
from workbench.core.coding_batches import as_row
from workbench.core.codings import CodingRow

TEXT = "江临市推进一网通办，数据共享平台上线。" * 20


def _study(path) -> Project:
    p = Project.create(path, title="读取", coder="张三")
    element, other = p.elements.add("协同"), p.elements.add("整合")
    first = p.sources.add(kind="text", title="一", data=b"1", text=TEXT)
    second = p.sources.add(kind="text", title="二", data=b"2", text=TEXT)
    p.sources.add(kind="text", title="空", data=b"3", text="没有编码。")
    shot = p.sources.add(kind="image", title="截图", data=b"png", width=100, height=80)
    for n in (9, 3, 6, 0):  # coded out of text order
        p.codings.code_text(first.id, n, n + 4, element.id)
    p.codings.code_text(first.id, 3, 8, other.id, coder="李四")  # same start: by id
    p.codings.code_text(second.id, 2, 5, element.id, memo="一条备忘")
    changed = p.codings.code_text(second.id, 7, 9, element.id)
    provenance.keep_times(p, "codings", changed.id, changed.created, "2024-03-02T10:00:00Z")
    p.codings.code_text(second.id, 12, 15, element.id)
    foreign = p.codings.code_text(second.id, 16, 18, element.id)  # stamped by another tool
    provenance.keep_times(p, "codings", foreign.id, "2024-03-01T10:00:00.5+08:00")
    p.codings.code_region(shot.id, (50, 40, 10, 10), element.id)
    p.codings.code_region(shot.id, (5, 4, 10, 10), element.id)
    return p


def _whole(p: Project, source_id: int) -> list[CodingRow]:
    """The source's codings read on their own, in the order the batches promise: regions by id,
    then passages by start and id."""
    return sorted(p.codings.rows(source_id=source_id),
                  key=lambda r: (r.start is not None, r.start or 0, r.id))


def _ids(p: Project) -> dict[str, int]:
    return {s.title: s.id for s in p.sources.list()}


def _read(p: Project, ids, **options) -> list[tuple[int, list]]:
    with p.codings.rows_by_source(ids, **options) as batches:
        return list(batches)


def test_each_source_comes_in_the_order_asked_with_its_codings_in_reading_order(tmp_path):
    with _study(tmp_path / "a.cwb") as p:
        titles = _ids(p)
        ids = [titles[t] for t in ("截图", "空", "二", "一")]  # not the order of their ids
        got = _read(p, ids, batch=3)  # several batches
        assert [source_id for source_id, _ in got] == ids
        for source_id, rows in got:
            assert _as_rows(rows) == _whole(p, source_id)
        # The usual passage as strings; a memo, a change, a region as tuples.
        kinds = {source_id: [type(r) is list for r in rows] for source_id, rows in got}
        assert kinds[titles["一"]] == [True] * 5
        assert kinds[titles["二"]] == [False, False, True, False]
        assert kinds[titles["截图"]] == [False, False]
        assert kinds[titles["空"]] == []


def test_the_strings_of_a_usual_passage_are_its_values(tmp_path):
    with _study(tmp_path / "a.cwb") as p:
        source_id = _ids(p)["一"]
        [(_, rows)] = _read(p, [source_id])
        line = rows[0]
        assert len(line) == 9 and all(isinstance(value, str) for value in line)
        assert as_row(line) == _whole(p, source_id)[0]


def test_quotes_are_cut_by_sqlite_to_what_is_asked(tmp_path):
    with _study(tmp_path / "a.cwb") as p:
        ids = [s.id for s in p.sources.list()]
        cut = _read(p, ids, quote_chars=2)
        whole = _read(p, ids)
    for (_, short), (_, long) in zip(cut, whole):
        for a, b in zip(short, long):
            a, b = _as_rows([a, b])
            assert a.snippet == (b.snippet[:2] if b.snippet is not None else None)


def _odd(tmp_path, sql: str):
    """The study, its closed file then changed the way another program might have written it."""
    path = tmp_path / "a.cwb"
    _study(path).close()
    with sqlite3.connect(path) as db:
        db.execute(sql)
    db.close()
    return path


def _as_rows(rows: list) -> list[CodingRow]:
    return [r if type(r) is not list else as_row(r) for r in rows]


def test_a_guid_holding_a_separator_is_read_whole(tmp_path):
    path = _odd(tmp_path, "UPDATE codings SET guid = 'odd' || char(31) || char(30) || 'guid' "
                          "WHERE id = 1")
    with Project.open(path, read_only=True) as p:
        first = _ids(p)["一"]
        [(_, rows)] = _read(p, [first])
        [odd] = [r for r in rows if type(r) is not list]  # the others: lines as before
        assert odd.id == 1 and odd.guid == "odd\x1f\x1eguid"
        assert _as_rows(rows) == _whole(p, first)


def test_a_coder_named_with_a_nul_is_read_whole(tmp_path):
    path = _odd(tmp_path, "UPDATE coders SET name = '李' || char(0) || '四' WHERE name = '李四'")
    with Project.open(path, read_only=True) as p:
        first = _ids(p)["一"]
        [(_, rows)] = _read(p, [first])
        assert [r.coder for r in rows if type(r) is not list] == ["李\x00四"]
        assert _as_rows(rows) == _whole(p, first)


def test_a_quote_holding_a_record_separator_sends_its_batch_to_tuples(tmp_path):
    path = _odd(tmp_path, "UPDATE codings SET snippet = '一' || char(30) || '二' WHERE id = 2")
    with Project.open(path, read_only=True) as p:
        titles = _ids(p)
        got = dict(_read(p, titles.values(), batch=1))
        first = titles["一"]
        assert all(type(r) is not list for r in got[first])  # that source's batch
        assert got[first] == _whole(p, first)
        assert any(type(r) is list for r in got[titles["二"]])  # the other batches as before


def test_a_quote_keeps_its_unit_separator_and_ends_at_a_nul_as_sqlite_cuts_it(tmp_path):
    path = _odd(tmp_path, "UPDATE codings SET snippet = '一' || char(31) || '二' || char(0) "
                          "|| '三' WHERE id = 2")
    with Project.open(path, read_only=True) as p:
        [(_, rows)] = _read(p, [_ids(p)["一"]], quote_chars=100)
        [line] = [r for r in rows if type(r) is list and r[1] == "2"]
        assert line[8] == "一\x1f二"  # the export's XML loses the separator


def test_text_that_is_not_utf8_is_read_as_tuples_with_the_usual_care(tmp_path):
    path = _odd(tmp_path, "UPDATE codings SET snippet = CAST(x'e6b19fff' AS TEXT) WHERE id = 2")
    with Project.open(path, read_only=True) as p:
        [(_, rows)] = _read(p, [_ids(p)["一"]])
        assert all(type(r) is not list for r in rows)
        [odd] = [r for r in rows if r.id == 2]
        assert odd.snippet.startswith("江") and "\ufffd" in odd.snippet


def test_reading_can_stop_half_way(tmp_path):
    with _study(tmp_path / "a.cwb") as p:
        ids = [s.id for s in p.sources.list()]
        batches = p.codings.rows_by_source(ids, batch=1)
        for n, _ in enumerate(batches):
            if n == 1:
                break
        batches.close()  # the reading thread ends; nothing is left running
        assert _read(p, ids[:1])  # and the project reads on
        unread = p.codings.rows_by_source(ids)
        unread.close()  # made, never read


def test_the_reading_thread_finds_the_file_after_the_working_folder_changed(tmp_path,
                                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    _study(tmp_path / "a.cwb").close()
    with Project.open("a.cwb", read_only=True) as p:  # named relative to the working folder
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        _study(elsewhere / "a.cwb").close()  # a file of the same name there
        monkeypatch.chdir(elsewhere)
        reader = p._db.second_reader()
        assert reader.path == (tmp_path / "a.cwb").resolve()
        assert reader.one_if_readable("SELECT count(*) FROM codings") is not None
        reader.close()


@pytest.mark.skipif(os.name == "nt", reason="an open file cannot be renamed on Windows")
def test_the_reading_thread_reads_nothing_from_another_file_put_in_its_place(tmp_path):
    """Moved while open, and another project put at its name: the batches are read through the
    project's own connection, from the right file."""
    path = tmp_path / "a.cwb"
    _study(path).close()
    with Project.open(path, read_only=True) as p:
        first = _ids(p)["一"]
        before = _whole(p, first)
        path.rename(tmp_path / "moved.cwb")
        other = Project.create(path, title="另一个", coder="王五")
        source = other.sources.add(kind="text", title="一", data=b"x", text=TEXT)
        other.codings.code_text(source.id, 0, 2, other.elements.add("别的").id)
        other.close()
        assert p._db.second_reader().one_if_readable("SELECT 1") is None
        [(_, rows)] = _read(p, [first])
        assert rows == before and all(type(r) is not list for r in rows)
