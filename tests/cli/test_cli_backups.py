"""`workbench backup / backups / restore` through the real entry point."""
from pathlib import Path

from cli_helpers import assert_one_sentence_error, cli_env, run

from workbench.core import Project


def _code_once(path, start):
    with Project.open(path) as p:
        source = p.sources.list(kind="text")[0]
        element = p.elements.list()[0]
        p.codings.code_text(source.id, start, start + 2, element.id)


def test_backup_list_and_restore_round_trip(coded_project, tmp_path):
    path = coded_project["path"]
    env = cli_env(CASE_WORKBENCH_DATA_DIR=str(tmp_path / "data"))
    empty = run("backups", path, env=env)
    assert empty.code == 0 and "No backups yet" in empty.out
    made = run("backup", path, "--reason", "before fieldwork", "--json", env=env)
    assert made.code == 0, made.err
    first = made.json()
    assert first["reason"] == "before fieldwork" and first["codings"] == 0
    assert str(tmp_path / "data" / "backups") in first["path"]
    _code_once(path, 0)
    _code_once(path, 4)
    listed = run("backups", path, "--json", env=env).json()
    assert [b["path"] for b in listed] == [first["path"]]
    table = run("backups", path, env=env)
    assert "before fieldwork" in table.out and "Codings" in table.out
    refused = run("restore", path, "--latest", env=env)  # no terminal, no --yes: nothing done
    assert_one_sentence_error(refused, "--yes")
    restored = run("restore", path, "--index", "1", "--yes", env=env)
    assert restored.code == 0, restored.err
    assert "0 codings" in restored.out
    with Project.open(path, read_only=True) as p:
        assert p.codings.list() == []
    after = run("backups", path, "--json", env=env).json()
    assert [b["reason"] for b in after] == ["before-restore", "before fieldwork"]
    assert after[0]["codings"] == 2
    again = run("restore", path, after[0]["path"], "--yes", env=env)  # undo the restore
    assert again.code == 0, again.err
    with Project.open(path, read_only=True) as p:
        assert len(p.codings.list()) == 2


def test_restore_errors_are_one_sentence(coded_project, tmp_path):
    path = coded_project["path"]
    env = cli_env(CASE_WORKBENCH_DATA_DIR=str(tmp_path / "data"))
    assert_one_sentence_error(run("restore", path, "--latest", "--yes", env=env),
                              "no backups yet")
    assert run("backup", path, env=env).code == 0
    assert_one_sentence_error(run("restore", path, "--index", "5", "--yes", env=env),
                              "no backup number 5")
    junk = tmp_path / "junk.cwb"
    junk.write_text("hello", encoding="utf-8")
    assert_one_sentence_error(run("restore", path, junk, "--yes", env=env),
                              "not a Case Workbench project")


def test_backup_works_while_the_project_is_open_elsewhere(coded_project, tmp_path, monkeypatch):
    path = coded_project["path"]
    monkeypatch.setenv("CASE_WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    env = cli_env(CASE_WORKBENCH_DATA_DIR=str(tmp_path / "data"))
    with Project.open(path) as holder:  # holds the lock, as the window would
        made = run("backup", path, "--json", env=env)
        assert made.code == 0, made.err
        assert made.json()["sources"] == 2
        assert_one_sentence_error(run("restore", path, "--latest", "--yes", env=env),
                                  "open elsewhere")
        assert holder.backups.list()[0].path == Path(made.json()["path"])


def test_copies_list_their_own_backups_and_another_copys_needs_other_copy(coded_project,
                                                                          tmp_path):
    import shutil

    thesis = coded_project["path"]
    env = cli_env(CASE_WORKBENCH_DATA_DIR=str(tmp_path / "data"))
    _code_once(thesis, 0)
    assert run("backup", thesis, env=env).code == 0
    experiment = thesis.with_name("experiment.cwb")
    shutil.copy(thesis, experiment)
    _code_once(experiment, 4)
    _code_once(experiment, 8)
    assert run("backup", experiment, env=env).code == 0
    _code_once(thesis, 12)
    listed = run("backups", thesis, "--json", env=env).json()
    assert [(b["original_name"], b["own"]) for b in listed] == [
        ("experiment.cwb", False), ("study.cwb", True)]
    shown = run("backups", thesis, env=env)
    assert "experiment.cwb (other copy)" in shown.out and "--other-copy" in shown.out
    restored = run("restore", thesis, "--latest", "--yes", env=env)  # thesis's own newest
    assert restored.code == 0, restored.err
    with Project.open(thesis, read_only=True) as p:
        assert [c.start for c in p.codings.list()] == [0]  # not experiment's 0, 4, 8
    listed = run("backups", thesis, "--json", env=env).json()
    number = 1 + next(n for n, b in enumerate(listed) if not b["own"])
    refused = run("restore", thesis, "--index", number, "--yes", env=env)
    assert_one_sentence_error(refused, "experiment.cwb, another copy", "--other-copy")
    theirs = listed[number - 1]["path"]
    by_path = run("restore", thesis, theirs, "--yes", env=env)
    assert_one_sentence_error(by_path, "experiment.cwb", "--other-copy")
    chosen = run("restore", thesis, "--index", number, "--other-copy", "--yes", env=env)
    assert chosen.code == 0, chosen.err
    with Project.open(thesis, read_only=True) as p:
        assert sorted(c.start for c in p.codings.list()) == [0, 4, 8]
    # thesis is still thesis: its own list goes on, experiment's backups are still another's
    after = run("backups", thesis, "--json", env=env).json()
    assert [b["original_name"] for b in after if not b["own"]] == ["experiment.cwb"]


def test_self_referencing_paths_are_refused_in_one_sentence(coded_project, tmp_path):
    path = coded_project["path"]
    env = cli_env(CASE_WORKBENCH_DATA_DIR=str(tmp_path / "data"))
    made = run("backup", path, "--json", env=env).json()
    before = path.read_bytes()
    assert_one_sentence_error(run("restore", path, path, "--yes", env=env),  # it used to hang
                              "is the project file itself")
    assert_one_sentence_error(run("backup", made["path"], env=env), "is itself a backup")
    assert_one_sentence_error(run("merge", path, path, "--out", path, env=env),
                              path.name)
    assert_one_sentence_error(run("export", path, "--format", "xlsx", "--out", path, env=env),
                              "is a Case Workbench project file")  # it was written over
    assert_one_sentence_error(run("export", path, "--format", "csv", "--out", path, env=env),
                              "nothing was written over it")
    assert path.read_bytes() == before
