"""The project doctor: every invariant is found on a file damaged with sqlite3 directly, and
repaired after a backup that keeps the damaged state; what cannot be repaired stays reported."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpers import png_bytes
from workbench.core import Project, ReadOnlyError
from workbench.core.doctor import check_count

TEXT = "江临市推进一网通办。数据共享平台上线，一网通办覆盖全市。𠮷野家。"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CASE_WORKBENCH_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def study(tmp_path) -> Path:
    """A closed project: two elements, a text with two codings, an interaction with evidence,
    memos on a coding and an element, a case, and an image."""
    path = tmp_path / "study.cwb"
    with Project.create(path, title="研究", coder="alice") as p:
        a = p.elements.add("技术赋能", color="#4E79A7")
        b = p.elements.add("组织协同", color="#F28E2B")
        src = p.sources.add(kind="text", title="新闻", data=TEXT.encode(), text=TEXT)
        p.sources.add(kind="image", title="截图", data=png_bytes(), media_type="image/png",
                      width=120, height=80)
        c1 = p.codings.code_text(src.id, 5, 9, a.id)         # 一网通办 (first)
        c2 = p.codings.code_text(src.id, 10, 14, b.id)        # 数据共享
        p.interactions.add(a.id, b.id, "促进", evidence=[c1.id, c2.id])
        p.memos.add("coding", c1.id, body="关键")
        p.memos.add("element", b.id, body="要素备忘")
        p.cases.add("A市")
        p.cases.add_source("A市", src.id)
    return path


def damage(path: Path, *statements: str, writable_schema: bool = False) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    if writable_schema:
        conn.execute("PRAGMA writable_schema = ON")
    for sql in statements:
        conn.execute(sql)
    conn.close()


def codes(project: Project) -> set[str]:
    return {f.code for f in project.diagnose()}


def repaired(path: Path):
    """Repair ``path``; the file then passes check() and the backup holds the damaged state.
    Opened for repair: ``Project.open`` keeps a file with broken rows read-only."""
    from workbench.core.doctor import open_for_repair

    with open_for_repair(path) as p:
        before = p.diagnose()
        assert before
        report = p.repair()
        assert p.check() == [], p.check()
    assert report.backup is not None and report.backup.exists()
    with Project.open(report.backup, read_only=True) as old:
        assert {f.code for f in old.diagnose()} == {f.code for f in before}
    return report


def test_a_healthy_project_has_no_findings(study):
    with Project.open(study) as p:
        p.search.find("一网通办")  # the search index exists and matches the texts
        assert p.diagnose() == [] and p.check() == []
        report = p.repair()
        assert report.backup is None and report.actions == [] and report.healthy
    assert check_count() >= 10


def test_rows_of_a_deleted_source_are_found_and_deleted(study):
    damage(study, "DELETE FROM sources WHERE title = '新闻'")
    with Project.open(study, read_only=True) as p:
        found = p.diagnose()
    tables = {f.table for f in found if f.code == "orphan-rows"}
    assert {"codings", "source_texts", "source_files", "case_sources"} <= tables
    report = repaired(study)
    assert any("coding" in a.done for a in report.actions)
    with Project.open(study) as p:
        assert p.codings.list() == []
        assert p.memos.list("coding") == []  # the memo of a deleted coding went with it
        assert len(p.interactions.list()) == 1  # the interaction stays, without evidence


def test_evidence_pointing_at_a_missing_coding_is_removed(study):
    damage(study, "DELETE FROM codings WHERE start_offset = 10")
    with Project.open(study, read_only=True) as p:
        assert "evidence-orphan" in codes(p)
    repaired(study)
    with Project.open(study) as p:
        (interaction,) = p.interactions.list()
        assert len(p.interactions.get(interaction.id).evidence) == 1


def test_orphan_memos_cache_rows_and_undo_rows(study):
    damage(study,
           "DELETE FROM elements WHERE name = '组织协同'",  # its codings, interaction … dangle
           "INSERT INTO segment_cache VALUES (999, 'words', 'x', '{}')",
           "INSERT INTO undo_rows (step_id, tbl, row_id, before) VALUES (9999, 'cases', 1, NULL)")
    with Project.open(study, read_only=True) as p:
        tables = {f.table for f in p.diagnose() if f.code == "orphan-rows"}
    assert {"memos", "segment_cache", "undo_rows", "codings", "interactions"} <= tables
    report = repaired(study)
    with Project.open(study) as p:
        recovered = p.elements.find("Recovered codings")
        assert len(p.codings.list(element_id=recovered.id)) == 1  # the coding is kept
        assert p.interactions.list() == []  # an interaction with a missing end cannot stay
        assert p.memos.list("element") == []
    assert "undo history was cleared" in report.history


def test_duplicate_codings_keep_the_oldest_with_its_evidence(study):
    damage(study,
           "INSERT INTO codings (guid, source_id, element_id, coder_id, start_offset, "
           "end_offset, snippet, memo, created) SELECT 'dup', source_id, element_id, coder_id, "
           "start_offset, end_offset, snippet, '', '2999-01-01T00:00:00Z' FROM codings "
           "WHERE start_offset = 5",
           "UPDATE interaction_evidence SET coding_id = (SELECT id FROM codings WHERE "
           "guid = 'dup') WHERE coding_id = (SELECT id FROM codings WHERE start_offset = 5 "
           "AND guid != 'dup')")
    with Project.open(study, read_only=True) as p:
        (dup,) = [f for f in p.diagnose() if f.code == "duplicate-codings"]
        assert dup.count == 1
    repaired(study)
    with Project.open(study) as p:
        (kept,) = [c for c in p.codings.list() if c.start == 5]
        assert kept.guid != "dup"
        (interaction,) = p.interactions.list()
        assert kept.id in p.interactions.get(interaction.id).evidence


def test_a_coding_is_reanchored_to_its_quote(study):
    # Two characters inserted before everything: both quotes moved by two.
    damage(study, "UPDATE source_texts SET text = '新闻' || text WHERE id = 1")
    with Project.open(study, read_only=True) as p:
        assert {"snippet-mismatch", "text-length"} <= codes(p)
    report = repaired(study)
    assert any(a.code == "snippet-mismatch" and a.ok for a in report.actions)
    with Project.open(study) as p:
        spots = sorted((c.start, c.snippet) for c in p.codings.list())
        assert spots == [(7, "一网通办"), (12, "数据共享")]


def test_reanchoring_takes_the_occurrence_nearest_the_old_place(study):
    # 一网通办 occurs at 5 and 19; the coding at 5 now points at text that moved by one.
    damage(study, "UPDATE codings SET start_offset = 18, end_offset = 22 WHERE start_offset = 5")
    repaired(study)
    with Project.open(study) as p:
        assert sorted(c.start for c in p.codings.list()) == [10, 19]


def test_a_lost_quote_and_a_coding_past_the_text_stay_reported(study):
    damage(study, "UPDATE codings SET snippet = '不存在的话' WHERE start_offset = 5")
    damage(study, "INSERT INTO codings (guid, source_id, element_id, coder_id, start_offset, "
                  "end_offset, snippet, created) VALUES ('late', 1, 1, 1, 500, 510, 'x', 'now')")
    with Project.open(study) as p:
        assert {"snippet-lost", "coding-outside-text"} <= codes(p)
        report = p.repair()
        left = {f.code for f in report.remaining}
        assert left == {"snippet-lost", "coding-outside-text"}
        assert all(not a.ok and "backup" in a.done for a in report.actions)
        assert report.backup is None  # nothing was repairable: nothing changed, no backup


def test_text_length_is_recounted(study):
    damage(study, "UPDATE sources SET text_length = 3 WHERE kind = 'text'")
    repaired(study)
    with Project.open(study) as p:
        assert p.sources.list(kind="text")[0].text_length == len(TEXT)


def test_element_cycle_is_broken_at_the_element_that_closes_it(study):
    damage(study, "UPDATE elements SET parent_id = 2 WHERE id = 1",
           "UPDATE elements SET parent_id = 1 WHERE id = 2")
    with Project.open(study, read_only=True) as p:
        (cycle,) = [f for f in p.diagnose() if f.code == "element-cycle"]
        assert cycle.ids == (2,)
    repaired(study)
    with Project.open(study) as p:
        assert p.elements.get(2).parent_id is None and p.elements.get(1).parent_id == 2


def test_element_with_a_missing_parent_goes_to_the_top_level(study):
    damage(study, "UPDATE elements SET parent_id = 77 WHERE id = 1")
    repaired(study)
    with Project.open(study) as p:
        assert p.elements.get(1).parent_id is None


def test_damaged_undo_history_is_cleared_and_untouched_history_kept(study):
    damage(study, "INSERT INTO undo_steps (stack, label, created) VALUES ('undo', 'X', 'now')",
           "INSERT INTO undo_rows (step_id, tbl, row_id, before) VALUES "
           "((SELECT max(id) FROM undo_steps), 'no_such_table', 1, NULL)")
    with Project.open(study) as p:
        assert "undo-history-damaged" in codes(p)
        report = p.repair()
        assert p.check() == [] and p.undo_label() is None
        assert "cleared" in report.history


def test_index_corruption_is_repaired_by_reindex(study):
    # The index's definition is switched while rows change, then switched back: its entries no
    # longer match the table (what a crash on a disk that lies about syncing can leave).
    sql = "CREATE INDEX codings_by_element ON codings (element_id)"
    damage(study, "UPDATE sqlite_master SET sql = 'CREATE INDEX codings_by_element ON codings "
                  "(coder_id)' WHERE name = 'codings_by_element'", writable_schema=True)
    damage(study, "UPDATE codings SET element_id = 2")
    damage(study, f"UPDATE sqlite_master SET sql = '{sql}' WHERE name = 'codings_by_element'",
           writable_schema=True)
    with Project.open(study) as p:
        p.memos.add("project", body="一条undo记录")
        (index,) = [f for f in p.diagnose() if f.code == "index-corrupt"]
        assert "codings_by_element" in index.message
        report = p.repair()
        assert p.check() == []
        assert p.undo_label() == "Add memo"  # REINDEX changes no row: the history is kept
        assert "kept" in report.history
        assert len(p.codings.list(element_id=2)) == 2


def test_a_stale_search_index_is_rebuilt(study):
    with Project.open(study) as p:
        assert p.search.find("数据共享")
    damage(study, "DELETE FROM source_search")
    with Project.open(study) as p:
        assert "search-index-stale" in codes(p)
        p.repair()
        assert p.check() == []
        assert [h.start for h in p.search.find("一网通办")] == [5, 19]


def test_damaged_json_and_missing_project_details(study):
    damage(study, "UPDATE source_texts SET blocks = '[{broken'",
           "UPDATE sources SET metadata = 'nope' WHERE kind = 'image'")
    report = repaired(study)
    assert {a.code for a in report.actions} >= {"blocks-damaged", "metadata-damaged"}


def test_unrepairable_findings_of_sources_and_regions(study):
    damage(study, "DELETE FROM source_files WHERE id = 2",
           "INSERT INTO codings (guid, source_id, element_id, coder_id, x, y, width, height, "
           "created) VALUES ('big', 2, 1, 1, 100, 70, 50, 50, 'now')")
    with Project.open(study) as p:
        assert {"file-lost", "region-outside-image"} <= codes(p)
        report = p.repair()
        assert {f.code for f in report.remaining} == {"file-lost", "region-outside-image"}


def test_a_read_only_project_cannot_be_repaired(study):
    damage(study, "UPDATE sources SET text_length = 3 WHERE kind = 'text'")
    with Project.open(study, read_only=True) as p:
        with pytest.raises(ReadOnlyError, match="read-only"):
            p.repair()


def test_damaged_pages_are_salvaged_into_a_new_file(study):
    with Project.open(study) as p:
        for n in range(400):
            p.memos.add("project", title=f"备忘{n}", body="田野笔记。" * 40)
    conn = sqlite3.connect(study)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    leaves = [r[0] for r in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'memos' AND pagetype = 'leaf' ORDER BY pageno")]
    conn.close()
    assert len(leaves) > 5
    data = bytearray(study.read_bytes())
    at = (leaves[len(leaves) // 2] - 1) * page_size
    data[at:at + page_size] = b"\xff" * page_size  # one leaf of the memos table destroyed
    study.write_bytes(bytes(data))
    with Project.open(study) as p:
        assert "page-corrupt" in codes(p)
        report = p.repair()
    assert study.read_bytes() == bytes(data)  # the original is left as it was
    salvaged = report.salvaged
    assert salvaged.path.name == "study.recovered.cwb" and salvaged.path.exists()
    tables = {t: (saved, lost) for t, saved, lost in salvaged.tables}
    assert 300 < tables["memos"][0] < 402 and tables["codings"] == (2, 0)
    with Project.open(salvaged.path) as rescued:
        assert rescued.check() == []
        assert len(rescued.codings.list()) == 2
        assert rescued.search.find("一网通办")


def test_missing_structure_is_recreated_on_a_file_opened_for_repair(study):
    from workbench.core.doctor import open_for_repair

    damage(study, "DROP INDEX codings_by_element",
           "DROP TRIGGER source_texts_changed_update")
    with Project.open(study) as p:
        assert p.read_only and p.check_failed  # Project.open keeps a damaged file read-only
        assert "schema-missing" in codes(p)
        with pytest.raises(ReadOnlyError, match="Project Doctor"):
            p.repair()
    with open_for_repair(study) as p:
        report = p.repair()
        assert p.check() == [] and report.healthy
    with Project.open(study) as p:
        assert not p.read_only


def test_missing_project_details_are_written_anew_after_a_backup(study):
    damage(study, "DELETE FROM project_info")
    with Project.open(study) as p:
        assert "project-info-missing" in codes(p)
        report = p.repair()
        assert p.check() == [] and p.info().title == "study"
        assert report.backup is not None and Path(report.backup).exists()
        assert p.counts()["codings"] == 2  # nothing else was touched
