"""LDA topics: deterministic for a seed, with coherence and prevalence by period."""
from __future__ import annotations

import pytest

pytest.importorskip("sklearn")

from workbench.analysis.topics import lda, scan  # noqa: E402
from helpers import TOPIC_DOCS  # noqa: E402
from workbench.core import InvalidInputError, Project  # noqa: E402

DOCS = TOPIC_DOCS


@pytest.fixture
def corpus(tmp_path):
    p = Project.create(tmp_path / "t.cwb")
    for i, (text, date) in enumerate(DOCS):
        p.sources.add(kind="text", title=f"d{i}", data=str(i).encode(), text=text, date=date)
    p.dictionary.add("一网通办")
    p.periods.add("前期", "2015", "2017")
    p.periods.add("后期", "2018", "2021")
    yield p
    p.close()


def test_lda_is_deterministic(corpus):
    first = lda(corpus, 3, seed=7).as_dict()
    second = lda(corpus, 3, seed=7).as_dict()
    assert first == second
    assert len(first["topics"]) == 3 and all(len(t["words"]) == 10 for t in first["topics"])
    assert sum(t["share"] for t in first["topics"]) == pytest.approx(1.0, abs=1e-3)
    assert set(first["by_period"]) == {"前期", "后期"}
    assert any("一网通办" in t["words"] for t in first["topics"])
    assert first["coherence"] <= 0


def test_scan_and_too_little_text(corpus):
    scores = scan(corpus, [2, 3])
    assert [k for k, _ in scores] == [2, 3]
    with pytest.raises(InvalidInputError):
        lda(corpus, 500)


def test_topic_shares_by_period_run_in_time_order(tmp_path):
    """Sources added latest-first, periods named against the alphabet: columns still run from
    the earliest period to the latest, sources in no period last."""
    p = Project.create(tmp_path / "order.cwb")
    for i, (text, date) in enumerate(reversed(DOCS)):
        p.sources.add(kind="text", title=f"d{i}", data=str(i).encode(), text=text, date=date)
    p.sources.add(kind="text", title="undated", data=b"u", text=DOCS[0][0] + "。未标日期。")
    p.periods.add("乙·后期", "2018", "2021")
    p.periods.add("甲·前期", "2015", "2017")
    model = lda(p, 2, seed=3)
    assert list(model.by_period) == ["甲·前期", "乙·后期", ""]
    p.close()
