"""Project.space_usage(): the file's bytes by what they hold."""
from __future__ import annotations

from workbench.core import Project
from workbench.core.store import health

GROUPS = ("original_files", "texts", "search_index", "caches", "undo_history", "other", "free")


def _small(tmp_path) -> Project:
    p = Project.create(tmp_path / "space.cwb", coder="tester")
    element = p.elements.add("协同").id
    text = "政府部门之间的协同治理需要稳定的制度安排。" * 200
    source = p.sources.add(kind="text", title="资料", data=b"original bytes " * 500, text=text)
    p.codings.code_text(source.id, 0, 10, element)
    return p


def test_groups_add_up_to_the_file(tmp_path):
    p = _small(tmp_path)
    usage = p.space_usage()
    assert set(GROUPS) <= set(usage)
    assert usage["method"] in ("dbstat", "estimate")
    assert usage["total"] == sum(usage[g] for g in GROUPS)
    assert usage["original_files"] > 0 and usage["texts"] > 0 and usage["other"] > 0
    assert usage["undo_history"] > 0  # the import and the coding can be undone
    if usage["method"] == "dbstat":
        assert usage["total"] == p.file_size()
        assert usage["texts"] >= len("政府部门之间的协同治理需要稳定的制度安排。".encode()) * 200
    p.clear_history()
    p.close()


def test_estimate_without_dbstat(tmp_path):
    p = _small(tmp_path)

    class NoDbstat:
        def __init__(self, db):
            self._db = db

        def query(self, sql, *args):
            if "dbstat" in sql:
                raise RuntimeError("no such table: dbstat")
            return self._db.query(sql, *args)

        def scalar(self, sql, *args):
            return self._db.scalar(sql, *args)

    usage = health.space_usage(NoDbstat(p._db))
    assert usage["method"] == "estimate"
    # The bytes stored: a repetitive original is kept compressed (core/compact.py).
    assert 0 < usage["original_files"] < len(b"original bytes " * 500)
    assert usage["texts"] >= len("政府部门之间的协同治理需要稳定的制度安排。" * 200)
    assert usage["undo_history"] > 0 and usage["free"] == 0
    assert usage["total"] == sum(usage[g] for g in GROUPS)
    p.close()


def test_info_shows_space(tmp_path, capsys):
    from workbench.cli.main import main
    p = _small(tmp_path)
    p.close()
    import json
    assert main(["info", str(tmp_path / "space.cwb"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["space"]["texts"] > 0
    assert main(["info", str(tmp_path / "space.cwb")]) == 0
    out = capsys.readouterr().out
    assert "Original files" in out or "原始文件" in out
