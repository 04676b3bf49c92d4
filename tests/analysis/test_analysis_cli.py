"""The analysis commands, run as the user runs them (a subprocess of ``python -m workbench``)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from workbench.core import Project

S1 = "第一段技术与组织。\n第二段组织。一网通办上线。"


def run(*args, stdin: str | None = None):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_MESSAGES",
                                                             "WORKBENCH_DEBUG")}
    env.update(LC_ALL="C", LANG="C")
    proc = subprocess.run([sys.executable, "-m", "workbench", *map(str, args)],
                          capture_output=True, env=env, timeout=60,
                          input=(stdin or "").encode())
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "a.cwb"
    with Project.create(path, coder="alice") as p:
        tech, org = p.elements.add("技术"), p.elements.add("组织")
        s1 = p.sources.add(kind="text", title="s1", data=b"1", text=S1, date="2018-03-01",
                           cases=["A市"])
        s2 = p.sources.add(kind="text", title="s2", data=b"2", text="技术技术一网通办",
                           date="2020-01-01", cases=["B市"])
        p.periods.add("起步期", "2017", "2019")
        p.codings.code_text(s1.id, 3, 5, tech.id)
        p.codings.code_text(s1.id, 4, 8, org.id)
        p.codings.code_text(s2.id, 0, 2, tech.id)
    return path


def test_tables(study):
    code, out, err = run("stats", study, "--by", "case", "--json")
    assert code == 0, err
    assert json.loads(out)["cells"] == [[1, 1], [1, 0]]
    code, out, _ = run("stats", study, "--by", "period", "--unit", "characters")
    assert code == 0 and "起步期" in out and "Total" in out
    code, out, _ = run("cooccur", study, "--by", "distance", "3", "--json")
    assert code == 0 and json.loads(out)["cells"] == [[0, 1], [1, 0]]
    code, out, _ = run("cooccur", study, "--by", "paragraph")
    assert code == 0 and "组织" in out
    code, out, err = run("cooccur", study, "--by", "nearby")
    assert code == 1 and "--by overlap" in err and "Traceback" not in err
    code, out, _ = run("matrix", study, "--json")
    data = json.loads(out)
    assert data["rows"] == ["A市", "B市"]
    assert data["cells_detail"][0]["quotes"][0]["quote"] == "技术"
    code, out, _ = run("timeline", study, "--by", "year", "--json")
    assert json.loads(out)["columns"] == ["2018", "2020"]


def test_dictionary_words_and_search(study):
    assert run("dictionary", study, "add", "一网通办")[0] == 0
    code, out, _ = run("dictionary", study, "list")
    assert out.split() == ["一网通办"]
    code, out, _ = run("words", study, "--top", "5", "--json")
    assert code == 0 and {"word": "一网通办", "count": 2, "sources": 2} in json.loads(out)
    code, out, _ = run("search", study, "一网通办", "--json")
    hits = json.loads(out)
    assert [(h["title"], h["start"]) for h in hits] == [("s1", 16), ("s2", 4)]
    code, out, _ = run("search", study, "没有的词")
    assert code == 0 and "not found" in out
    code, _, err = run("dictionary", study, "remove", "不在")
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_autocode_asks_unless_yes(study):
    code, out, err = run("autocode", study, "--element", "组织", "--regex", "一网通办",
                         "--unit", "sentence")
    assert code == 0 and "一网通办上线。" in out and "--yes" in err
    with Project.open(study, read_only=True) as p:
        assert len(p.codings.list()) == 3  # nothing written
    code, out, err = run("autocode", study, "--element", "组织", "--keywords", "一网通办",
                         "--yes")
    assert code == 0, err
    with Project.open(study, read_only=True) as p:
        assert len(p.codings.list()) == 5
        assert p.undo_label() == "Auto-code"


def test_topics(study):
    pytest.importorskip("sklearn")
    code, out, err = run("topics", study, "-k", "2", "--seed", "3", "--json")
    assert code == 0, err
    again = run("topics", study, "-k", "2", "--seed", "3", "--json")[1]
    assert json.loads(out) == json.loads(again)
    code, out, err = run("topics", study, "--scan", "1-2", "--json")
    assert code == 0, err
    assert [row["k"] for row in json.loads(out)] == [1, 2]
    code, _, err = run("topics", study, "--scan", "5-2")
    assert code == 1 and "--scan" in err
