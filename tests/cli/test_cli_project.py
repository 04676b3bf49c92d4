"""new, frameworks, info, check, undo/redo plumbing, errors, locking and the window dispatch."""
from __future__ import annotations

import sqlite3
import sys
import types

import pytest
from cli_helpers import assert_one_sentence_error, run

from workbench import __version__
from workbench.cli import main as cli_main
from workbench.core import Project
from workbench.i18n import set_language


def test_version_and_usage_errors(tmp_path):
    result = run("--version")
    assert (result.code, result.out.strip()) == (0, f"workbench {__version__}")
    missing = run("new")  # PROJECT is required
    assert missing.code == 2 and "usage:" in missing.err and "Traceback" not in missing.err
    bad_int = run("code", tmp_path / "x.cwb", "--source", "one", "--start", "0", "--end", "1",
                  "--element", "e")
    assert bad_int.code == 2 and "--source" in bad_int.err
    typo = run("sorces", tmp_path / "x.cwb")
    assert typo.code == 2 and "sources" in typo.err and "Traceback" not in typo.err


def test_every_command_has_help():
    parser = cli_main.build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert set(commands) == cli_main.command_names()
    assert set(commands) >= {  # the commands the issues ask for; more may come
        "new", "frameworks", "import", "info", "sources", "elements", "element", "code",
        "codings", "relate", "interactions", "undo", "redo", "check", "framework", "periods",
        "diagram", "loops", "export", "report"}
    for name, sub in commands.items():
        assert f"workbench {name}" in sub.format_help()
    element_actions = next(a for a in commands["element"]._actions if a.dest == "action")
    assert "--parent" in element_actions.choices["add"].format_help()
    period_actions = next(a for a in commands["periods"]._actions if a.dest == "action")
    assert set(period_actions.choices) == {"add", "remove"}
    assert "small multiples" in commands["diagram"].format_help()


def test_new_and_info(tmp_path):
    path = tmp_path / "study.cwb"
    created = run("new", tmp_path / "study", "--title", "智慧政府研究", "--language", "en",
                  "--coder", "李四")
    assert created.code == 0 and path.exists() and "智慧政府研究" in created.out
    info = run("info", path, "--json")
    assert info.code == 0, info.err
    data = info.json()
    assert set(data) == {"title", "language", "framework", "schema_version", "file_size",
                         "counts", "path", "space"}
    assert (data["title"], data["language"], data["framework"]) == ("智慧政府研究", "en", "")
    assert data["file_size"] == path.stat().st_size and data["schema_version"] >= 1
    assert data["counts"] == {"sources": 0, "elements": 0, "codings": 0, "interactions": 0,
                              "cases": 0, "periods": 0, "memos": 0, "coders": 1}
    human = run("info", path)
    assert "智慧政府研究" in human.out and "李四" in human.out
    again = run("new", path)
    assert_one_sentence_error(again, "already exists")


def test_new_with_framework(tmp_path):
    listed = run("frameworks", "--json")
    assert listed.code == 0, listed.err
    templates = listed.json()
    assert templates, "no bundled framework templates"
    assert {"id", "name_zh", "name_en", "element_count", "description"} <= set(templates[0])
    chosen = next((t for t in templates if t["id"] == "joined-up-government"),
                  max(templates, key=lambda t: t["element_count"]))
    path = tmp_path / "framed.cwb"
    assert run("new", path, "--framework", chosen["id"]).code == 0
    elements = run("elements", path, "--json").json()
    assert len(elements) == chosen["element_count"] > 0
    assert {e["name"] for e in elements} and all(e["path"] for e in elements)
    assert run("info", path, "--json").json()["framework"] == chosen["id"]
    assert chosen["id"] in run("frameworks").out
    unknown = run("new", tmp_path / "other.cwb", "--framework", "no-such-framework")
    assert_one_sentence_error(unknown, "no-such-framework")
    assert not (tmp_path / "other.cwb").exists()


def test_not_a_project(tmp_path):
    text = tmp_path / "notes.cwb"
    text.write_text("just some notes", encoding="utf-8")
    assert_one_sentence_error(run("info", text), "not a Case Workbench project")
    assert_one_sentence_error(run("element", text, "add", "X"), "not a Case Workbench project")
    assert_one_sentence_error(run("sources", tmp_path / "missing.cwb"), "missing.cwb")


def test_locked_project_is_refused_for_writing_but_readable(project):
    holder = Project.open(project)  # as if the window had it open
    try:
        refused = run("element", project, "add", "技术驱动")
        assert_one_sentence_error(refused, "open elsewhere")
        listing = run("elements", project, "--json")
        assert listing.code == 0 and listing.json() == []
        assert run("info", project, "--json").json()["title"] == "城市研究"
    finally:
        holder.close()
    assert run("element", project, "add", "技术驱动").code == 0


def test_check_healthy_and_damaged(project, coded_project):
    path = coded_project["path"]
    assert run("code", path, "--source", coded_project["text_id"], "--start", 0, "--end", 4,
               "--element", "组织协同").code == 0
    healthy = run("check", path)
    assert healthy.code == 0 and "no problems" in healthy.out
    with sqlite3.connect(path) as db:  # damage a stored quote behind the project's back
        db.execute("UPDATE codings SET snippet = 'tampered'")
    db.close()
    damaged = run("check", path)
    assert damaged.code == 1 and "no longer matches" in damaged.out
    assert "Traceback" not in damaged.err
    assert run("check", path, "--json").json()["ok"] is False


def test_undo_and_redo_with_empty_history(project):
    assert_one_sentence_error(run("undo", project), "nothing to undo")
    assert_one_sentence_error(run("redo", project), "nothing to redo")


# ----- the window: dispatched in-process to a stand-in for workbench.ui.app -----------------
@pytest.fixture
def fake_window(monkeypatch):
    calls = []
    module = types.ModuleType("workbench.ui.app")
    module.main = lambda **kwargs: calls.append(kwargs) or 0
    monkeypatch.setitem(sys.modules, "workbench.ui.app", module)
    yield calls
    set_language("en")


def test_window_is_opened_for_a_project_path_or_no_command(fake_window, tmp_path):
    target = str(tmp_path / "study.cwb")
    assert cli_main.main([target, "--screenshot", "out.png", "--view", "coding",
                          "--language", "zh_CN"]) == 0
    assert cli_main.main([]) == 0
    assert cli_main.main(["--screenshot", "shot.png"]) == 0
    assert fake_window == [
        {"project": target, "screenshot": "out.png", "view": "coding", "language": "zh_CN"},
        {"project": None, "screenshot": None, "view": None, "language": None},
        {"project": None, "screenshot": "shot.png", "view": None, "language": None}]


def test_missing_window_is_one_sentence(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "workbench.ui.app", None)  # import raises ImportError
    try:
        assert cli_main.main(["study.cwb"]) == 1
    finally:
        set_language("en")
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "window" in err
