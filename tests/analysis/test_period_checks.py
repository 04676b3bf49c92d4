"""Time checks of a dynamic analysis: overlapping periods and evidence dated outside its
interaction's period — in the core's terms, the CLI's output and the interactions panel."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workbench.analysis.period_checks import evidence_outside_period, outside, overlapping_periods
from helpers import dated_study
from workbench.core.model import Period


def _period(name, start, end, pid=1):
    return Period(pid, f"g{pid}", name, start, end, 0)


@pytest.mark.parametrize("date, start, end, expected", [
    ("2021-03-02", "2006", "2019", True),
    ("2019-12-31", "2006", "2019", False),   # an end of "2019" covers all of 2019
    ("2019", "2006", "2019-06", False),      # a year-only date: not provably outside
    ("2005-12", "2006", None, True),
    ("2030", "2006", None, False),            # open end
    (None, "2006", "2019", False),            # undated: never flagged
])
def test_outside_compares_dates_of_any_precision(date, start, end, expected):
    assert outside(date, _period("p", start, end)) is expected


def test_overlapping_periods_are_found_in_time_order():
    periods = [_period("整合期", "2018", "2020", 2), _period("起步期", "2015", "2018-06", 1),
               _period("深化期", "2021", None, 3), _period("未定", None, None, 4)]
    pairs = overlapping_periods(periods)
    assert [(a.name, b.name) for a, b in pairs] == [("起步期", "整合期")]
    assert overlapping_periods([_period("a", "2015", "2017", 1),
                                _period("b", "2018", "2020", 2)]) == []


@pytest.fixture
def dated_project(tmp_path):
    made = dated_study(tmp_path / "p.cwb")
    yield made
    made[0].close()


def test_evidence_dated_outside_the_period_is_flagged(dated_project):
    project, link, early, late = dated_project
    found = evidence_outside_period(project)
    assert [(f.interaction_id, f.coding_id, f.source_date) for f in found] == \
        [(link.id, late.id, "2021-03-02")]


def test_the_cli_lists_off_period_evidence_and_warns_of_overlaps(dated_project, tmp_path):
    project, link, early, late = dated_project
    path = project.path
    project.close()
    env = {"LC_ALL": "C", "LANG": "C", "PATH": "/usr/bin:/bin"}
    import os
    env.update({k: v for k, v in os.environ.items() if k.startswith(("PYTHON", "CASE_"))})

    def run(*args):
        return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                              text=True, env=env, timeout=60)

    shown = run("interactions", str(path), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)[0]["evidence_outside_period"] == [late.id]
    added = run("periods", str(path), "add", "整合期", "--start", "2019-06", "--end", "2020")
    assert added.returncode == 0, added.stderr
    assert "overlaps 起步期" in added.stderr and "Traceback" not in added.stderr
    listed = json.loads(run("periods", str(path), "--json").stdout)
    assert {r["name"]: r["overlaps"] for r in listed} == {"起步期": ["整合期"], "整合期": ["起步期"]}
