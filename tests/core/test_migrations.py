import shutil
import sqlite3
from pathlib import Path

import pytest

from workbench.core import Project
from workbench.core.store import migrate, schema

FROZEN = Path(__file__).parent.parent / "data" / "schemas"


@pytest.mark.parametrize("frozen", sorted(FROZEN.glob("v*.cwb")), ids=lambda p: p.stem)
def test_every_released_schema_opens_at_the_current_version(frozen, tmp_path):
    path = tmp_path / frozen.name
    shutil.copy(frozen, path)
    with Project.open(path) as p:
        assert p.schema_version() == schema.CURRENT_VERSION
        assert p.check() == []
        assert p.counts()["codings"] > 0  # the fixture carries real data through the upgrade


def _content_read_raw(path: Path) -> dict:
    """What the researcher sees in a file, read with bare sqlite3 before any migration."""
    conn = sqlite3.connect(path)
    try:
        one = lambda sql: [r[0] for r in conn.execute(sql)]  # noqa: E731
        return {
            "title": one("SELECT title FROM project_info")[0],
            "elements": one("SELECT name FROM elements ORDER BY id"),
            "sources": one("SELECT title FROM sources ORDER BY id"),
            "snippets": one("SELECT coalesce(snippet, '') FROM codings ORDER BY id"),
            "interactions": one("SELECT count(*) FROM interactions")[0],
            "memos": one("SELECT body FROM memos ORDER BY id"),
            "cases": one("SELECT name FROM cases ORDER BY id"),
        }
    finally:
        conn.close()


@pytest.mark.parametrize("frozen", sorted(FROZEN.glob("v*.cwb")), ids=lambda p: p.stem)
def test_every_released_schema_keeps_its_content_through_the_upgrade(frozen, tmp_path):
    path = tmp_path / frozen.name
    shutil.copy(frozen, path)
    before = _content_read_raw(path)
    with Project.open(path) as p:
        after = {
            "title": p.info().title,
            "elements": [e.name for e in sorted(p.elements.list(), key=lambda e: e.id)],
            "sources": [s.title for s in sorted(p.sources.list(), key=lambda s: s.id)],
            "snippets": [c.snippet or "" for c in sorted(p.codings.list(), key=lambda c: c.id)],
            "interactions": len(p.interactions.list()),
            "memos": [m.body for m in sorted(p.memos.list(), key=lambda m: m.id)],
            "cases": [c.name for c in sorted(p.cases.list(), key=lambda c: c.id)],
        }
    assert after == before


def test_every_released_format_has_a_frozen_file():
    versions = {int(p.stem[1:]) for p in FROZEN.glob("v*.cwb")}
    assert versions == set(range(1, schema.CURRENT_VERSION + 1))


def test_an_older_file_is_backed_up_then_migrated(tmp_path, monkeypatch):
    path = tmp_path / "old.cwb"
    with Project.create(path) as p:
        p.elements.add("要素")
    v2 = "CREATE TABLE diagram_layouts (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [v2])
    monkeypatch.setattr(schema, "CURRENT_VERSION", len(schema.MIGRATIONS))
    monkeypatch.setattr(migrate, "MIGRATIONS", schema.MIGRATIONS)
    monkeypatch.setattr(migrate, "CURRENT_VERSION", schema.CURRENT_VERSION)
    with Project.open(path) as p:
        assert p.backup_made is not None and p.backup_made.exists()
        assert p.schema_version() == schema.CURRENT_VERSION
        assert [e.name for e in p.elements.list()] == ["要素"]
        backup = p.backup_made
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION - 1
    assert old.execute("SELECT name FROM elements").fetchall() == [("要素",)]
    old.close()


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "old.cwb"
    with Project.create(path) as p:
        p.elements.add("要素")
    broken = "CREATE TABLE half_done (x); CREATE TABLE elements (x);"  # second one fails
    monkeypatch.setattr(migrate, "MIGRATIONS", schema.MIGRATIONS + [broken])
    monkeypatch.setattr(migrate, "CURRENT_VERSION", schema.CURRENT_VERSION + 1)
    with pytest.raises(sqlite3.OperationalError):
        Project.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()


def test_a_screenshot_passage_and_its_region_stored_as_two_become_one_coding(tmp_path):
    """Before v5, coding a recognised line stored the passage and, right after it in the same
    second, the region of its lines: the upgrade keeps one coding carrying both, with the
    region's evidence and memos, so nothing is counted twice."""
    path = tmp_path / "v4.cwb"
    shutil.copy(FROZEN / "v4.cwb", path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE sources SET kind = 'image', width = 400, height = 300 WHERE id = 1")
        text_id = conn.execute("SELECT max(id) FROM codings").fetchone()[0] + 1
        base = ("source_id, element_id, coder_id, start_offset, end_offset, snippet, x, y, "
                "width, height, memo, created")
        conn.execute(f"INSERT INTO codings (id, guid, {base}) VALUES "
                     "(?, 'pair-text', 1, 1, 1, 0, 2, '新闻', NULL, NULL, NULL, NULL, '', "
                     "'2026-01-01T10:00:00Z')", (text_id,))
        conn.execute(f"INSERT INTO codings (id, guid, {base}) VALUES "
                     "(?, 'pair-region', 1, 1, 1, NULL, NULL, NULL, 5, 6, 70, 20, '', "
                     "'2026-01-01T10:00:00Z')", (text_id + 1,))
        # A region coded on its own later is no pair and stays.
        conn.execute(f"INSERT INTO codings (id, guid, {base}) VALUES "
                     "(?, 'alone', 1, 1, 1, NULL, NULL, NULL, 9, 9, 9, 9, '', "
                     "'2026-01-01T10:05:00Z')", (text_id + 2,))
        interaction = conn.execute(
            "INSERT INTO interactions (guid, from_element_id, to_element_id, type_id, sign, "
            "coder_id, created) VALUES ('i-pair', 1, 2, 1, 1, 1, '2026')").lastrowid
        conn.execute("INSERT INTO interaction_evidence (interaction_id, coding_id) VALUES (?, ?)",
                     (interaction, text_id + 1))
        conn.execute("INSERT INTO memos (guid, target_kind, target_id, title, body, created, "
                     "modified) VALUES ('m-pair', 'coding', ?, '', '区域备忘', '2026', '2026')",
                     (text_id + 1,))
    before = conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    conn.close()
    with Project.open(path) as p:
        codings = {c.guid: c for c in p.codings.list()}
        assert len(codings) == before - 1 and "pair-region" not in codings
        merged = codings["pair-text"]
        assert (merged.start, merged.end, merged.snippet) == (0, 2, "新闻")
        assert (merged.rect.x, merged.rect.y, merged.rect.width, merged.rect.height) == (5, 6, 70, 20)
        assert codings["alone"].is_region
        assert merged.id in p.interactions.get(interaction).evidence
        assert [m.body for m in p.memos.list("coding", merged.id)] == ["区域备忘"]
