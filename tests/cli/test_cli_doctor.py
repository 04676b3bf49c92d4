"""``workbench check --repair / --json`` through the real entry point."""
from __future__ import annotations

import sqlite3

import pytest
from cli_helpers import assert_one_sentence_error, cli_env, run

from workbench.core import Project


@pytest.fixture
def env(tmp_path):
    return cli_env(CASE_WORKBENCH_DATA_DIR=str(tmp_path / "data"))


@pytest.fixture
def coded(project):
    with Project.open(project) as p:
        element = p.elements.add("技术赋能")
        source = p.sources.add(kind="text", title="新闻", data=b"x", text="推进一网通办。数据共享。")
        p.codings.code_text(source.id, 2, 6, element.id)
    return project


def test_check_json_lists_structured_findings(coded, env):
    healthy = run("check", coded, "--json", env=env).json()
    assert healthy["ok"] is True and healthy["findings"] == [] and healthy["checks"] >= 10
    conn = sqlite3.connect(coded)
    conn.execute("UPDATE sources SET text_length = 1")
    conn.execute("UPDATE source_texts SET text = '——' || text")
    conn.commit()
    conn.close()
    result = run("check", coded, "--json", env=env)
    assert result.code == 1
    found = {f["code"]: f for f in result.json()["findings"]}
    assert set(found) == {"snippet-mismatch", "text-length"}
    assert found["snippet-mismatch"]["ids"] == [1] and found["snippet-mismatch"]["repair"]
    human = run("check", coded, env=env)
    assert human.code == 1 and "Repair:" in human.out and "--repair" in human.out


def test_check_repair_prints_what_it_did_and_the_backup(coded, env, tmp_path):
    conn = sqlite3.connect(coded)
    conn.execute("UPDATE source_texts SET text = '——' || text")
    conn.commit()
    conn.close()
    result = run("check", coded, "--repair", env=env)
    assert result.code == 0, result
    assert "Moved 1 coding(s) to where their quote is now." in result.out
    backups = list((tmp_path / "data" / "backups").rglob("*before-repair*.cwb"))
    assert len(backups) == 1 and str(backups[0]) in result.out
    assert run("check", coded, env=env).code == 0
    again = run("check", coded, "--repair", env=env)
    assert again.code == 0 and "no problems found" in again.out


def test_repair_that_leaves_problems_exits_1_in_json(coded, env):
    conn = sqlite3.connect(coded)
    conn.execute("UPDATE codings SET snippet = '不在文中'")
    conn.commit()
    conn.close()
    result = run("check", coded, "--repair", "--json", env=env)
    assert result.code == 1
    data = result.json()
    assert data["ok"] is False and data["backup"] is None
    assert [f["code"] for f in data["remaining"]] == ["snippet-lost"]
    assert data["actions"][0]["ok"] is False


def test_repair_of_a_project_open_elsewhere_is_one_sentence(coded, env):
    conn = sqlite3.connect(coded)
    conn.execute("UPDATE sources SET text_length = 1")
    conn.commit()
    conn.close()
    holder = Project.open(coded)
    try:
        assert_one_sentence_error(run("check", coded, "--repair", env=env), "open elsewhere")
    finally:
        holder.close()


def test_repair_salvages_a_file_with_damaged_pages(coded, env):
    with Project.open(coded) as p:
        with p.grouped("Add memos"):
            for n in range(300):
                p.memos.add("project", title=f"备忘{n}", body="田野笔记。" * 40)
    conn = sqlite3.connect(coded)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    leaves = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'memos' "
                                         "AND pagetype = 'leaf' ORDER BY pageno")]
    conn.close()
    data = bytearray(coded.read_bytes())
    at = (leaves[len(leaves) // 2] - 1) * page_size
    data[at:at + page_size] = b"\x00" * 100 + b"\xfe" * (page_size - 100)
    coded.write_bytes(bytes(data))
    found = run("check", coded, "--json", env=env)
    assert found.code == 1 and "page-corrupt" in [f["code"] for f in found.json()["findings"]]
    result = run("check", coded, "--repair", env=env)
    assert result.code == 1, result  # the original stays damaged: it is left as it was
    recovered = coded.with_name("study.recovered.cwb")
    assert recovered.exists() and str(recovered) in result.out
    assert "memos:" in result.out and "codings: 1 row(s) saved, 0 lost." in result.out
    assert coded.read_bytes() == bytes(data)
    assert run("check", recovered, env=env).code == 0
