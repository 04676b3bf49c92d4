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
