"""Undo and redo of every kind of operation, also across closing and reopening the file."""
import pytest

from workbench.core import NothingToUndoError, Project, Rect


def snapshot(p: Project) -> dict:
    return {
        "elements": [(e.id, e.name, e.parent_id, e.color, e.definition) for e in p.elements.list()],
        "sources": [(s.id, s.title, s.date, s.source_type, s.cases) for s in p.sources.list()],
        "codings": [(c.id, c.element_id, c.start, c.end, c.rect, c.memo) for c in p.codings.list()],
        "interactions": [(i.id, i.type_name, i.sign, i.period, i.evidence)
                         for i in p.interactions.list()],
        "cases": [(c.name, c.attributes, c.source_ids) for c in p.cases.list()],
        "periods": [(x.name, x.start_date) for x in p.periods.list()],
        "memos": [(m.title, m.body) for m in p.memos.list()],
    }


def _ids(p):
    text = p.sources.list(kind="text")[0].id
    image = p.sources.list(kind="image")[0].id
    first, second = (e.id for e in p.elements.list())
    return text, image, first, second


OPERATIONS = {
    "add element": lambda p, t, i, a, b: p.elements.add("新要素", parent_id=a),
    "edit element": lambda p, t, i, a, b: p.elements.update(a, name="改名", definition="定义"),
    "move element": lambda p, t, i, a, b: p.elements.move(b, a),
    "delete element": lambda p, t, i, a, b: (p.codings.code_text(t, 0, 3, a),
                                             p.elements.delete(a)),
    "code passage": lambda p, t, i, a, b: p.codings.code_text(t, 3, 5, a, memo="m"),
    "code region": lambda p, t, i, a, b: p.codings.code_region(i, Rect(1, 2, 30, 40), b),
    "edit coding": lambda p, t, i, a, b: p.codings.set_memo(p.codings.code_text(t, 0, 2, a).id, "x"),
    "remove coding": lambda p, t, i, a, b: (p.codings.code_text(t, 4, 6, a),
                                            p.codings.delete(p.codings.code_text(t, 0, 2, a).id)),
    "edit source": lambda p, t, i, a, b: p.sources.update(t, title="新标题", date="2020-01",
                                                          source_type="news"),
    "delete source": lambda p, t, i, a, b: (p.codings.code_text(t, 0, 2, a), p.sources.delete(t)),
    "case": lambda p, t, i, a, b: (p.cases.add_source("江临市", t),
                                   p.cases.add_attribute("人口", "number"),
                                   p.cases.set_value("江临市", "人口", 120)),
    "period": lambda p, t, i, a, b: p.periods.add("起步期", "2015", "2017"),
    "interaction": lambda p, t, i, a, b: p.interactions.add(
        a, b, "promotes", evidence=[p.codings.code_text(t, 0, 3, a).id]),
    "memo": lambda p, t, i, a, b: p.memos.add("source", t, title="备忘", body="正文"),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_undo_and_redo_restore_each_state_also_after_reopening(project, tmp_path, name):
    ids = _ids(project)
    before = snapshot(project)
    OPERATIONS[name](project, *ids)
    after = snapshot(project)
    assert after != before
    steps = 0
    while project.undo_label() is not None and snapshot(project) != before:
        project.undo()
        steps += 1
    assert snapshot(project) == before
    project.close()
    with Project.open(tmp_path / "study.cwb") as p:  # redo survives a restart
        for _ in range(steps):
            p.redo()
        assert snapshot(p) == after
        assert p.check() == []
        for _ in range(steps):
            p.undo()
        assert snapshot(p) == before


def test_undo_labels_and_a_new_change_clears_redo(project):
    t, i, a, b = _ids(project)
    project.codings.code_text(t, 0, 3, a)
    assert project.undo_label() == "Code passage"
    change = project.undo()
    assert change.kind == "undo" and "codings" in change.tables
    assert project.redo_label() == "Code passage"
    project.elements.add("另一个")
    assert project.redo_label() is None
    with pytest.raises(NothingToUndoError):
        project.redo()


def test_listeners_hear_every_committed_change(project):
    heard = []
    project.subscribe(heard.append)
    t, i, a, b = _ids(project)
    project.codings.code_text(t, 0, 3, a)
    project.undo()
    project.redo()
    assert [(c.label, c.kind) for c in heard] == [
        ("Code passage", "do"), ("Code passage", "undo"), ("Code passage", "redo")]
    assert all("codings" in c.tables for c in heard)


def test_a_failed_operation_changes_nothing_and_records_no_step(project):
    t, i, a, b = _ids(project)
    before = snapshot(project)
    label = project.undo_label()
    with pytest.raises(Exception):
        project.interactions.add(a, b, "promotes", evidence=[9999])  # no such coding
    assert snapshot(project) == before
    assert project.undo_label() == label


def test_a_batch_import_is_undone_in_one_step(project, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"第{n}篇报道：数据共享平台上线。", encoding="utf-8")
    report = project.import_files([folder])
    assert len(report.imported) == 3
    project.undo()
    assert len(project.sources.list()) == 2
    project.redo()
    assert len(project.sources.list()) == 5


def test_a_change_without_redo_history_does_not_read_the_undo_history(project):
    """Dropping the redo history is one look when there is none (the usual case while coding),
    never a pass over every undo row kept (2 ms of every coding with 20,000 rows of history);
    after an undo, the next change still drops the undone step with its rows."""
    t, i, a, b = _ids(project)
    with project.grouped("many"):
        for n in range(3000):
            project.codings.code_text(t, n % 8, n % 8 + 1 + n // 8 % 4, a, coder=f"c{n}")
    project._db.conn.execute("ANALYZE")  # the statistics a file has once closed and reopened
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0
    project._db.conn.set_progress_handler(count, 100)
    project.codings.code_text(t, 0, 5, b)
    project._db.conn.set_progress_handler(None, 0)
    assert steps[0] < 100, steps[0]  # a pass over 3,000+ undo rows alone takes several hundred
    project.undo()
    undone = project._db.scalar("SELECT id FROM undo_steps WHERE stack = 'redo'")
    assert project._db.scalar("SELECT count(*) FROM undo_rows WHERE step_id = ?", (undone,))
    project.codings.code_text(t, 1, 5, b)
    assert project.redo_label() is None
    assert project._db.scalar("SELECT count(*) FROM undo_rows WHERE step_id = ?", (undone,)) == 0
