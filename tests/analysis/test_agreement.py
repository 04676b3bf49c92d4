"""Intercoder agreement on small examples computed by hand (docs/AGREEMENT.md)."""
from __future__ import annotations

import json

import pytest

from workbench.analysis.agreement import Counts, agreement, cohen_kappa, krippendorff_alpha
from workbench.core import Project, WorkbenchError

TEXT = "0123456789" + "abcdefghij" * 3  # 40 characters


@pytest.fixture()
def project(tmp_path):
    p = Project.create(tmp_path / "k.cwb", coder="Ann")
    source = p.sources.add(kind="text", title="t", data=TEXT.encode(), text=TEXT)
    ids = {name: p.elements.add(name).id for name in ("X", "Y", "Z")}
    yield p, source.id, ids
    p.close()


def _row(report, path):
    return next(r for r in report.elements if r.path == path)


def test_character_level_by_hand(project):
    p, s, e = project
    p.codings.code_text(s, 0, 4, e["X"], coder="Ann")
    p.codings.code_text(s, 2, 6, e["X"], coder="Bo")
    report = agreement(p, ["Ann", "Bo"], unit="char")
    x = _row(report, "X")
    # 40 characters: both 2 (2, 3), only Ann 2, only Bo 2, neither 34.
    assert x.counts == {"both": 2, "only Ann": 2, "only Bo": 2, "neither": 34}
    assert x.percent == pytest.approx(36 / 40)
    p_e = 0.1 * 0.1 + 0.9 * 0.9
    assert x.kappa == pytest.approx((0.9 - p_e) / (1 - p_e))
    # alpha: n = 80 values, n1 = 8, n0 = 72, 4 units with one 1 → D = 4·2·1·1/1 = 8.
    assert x.alpha == pytest.approx(1 - 79 * 8 / (2 * 72 * 8))
    y = _row(report, "Y")  # nobody used Y: both constant → undefined, not NaN, not a crash
    assert (y.percent, y.kappa, y.alpha) == (1.0, None, None)
    text = json.dumps(report.as_dict(), allow_nan=False)
    assert '"kappa": null' in text


def test_kappa_undefined_when_both_coders_code_everything(project):
    p, s, e = project
    p.codings.code_text(s, 0, 40, e["X"], coder="Ann")
    p.codings.code_text(s, 0, 40, e["X"], coder="Bo")
    x = _row(agreement(p, ["Ann", "Bo"]), "X")
    assert x.percent == 1.0 and x.kappa is None and x.alpha is None


def test_segment_level_by_hand(project):
    p, s, e = project
    p.codings.code_text(s, 0, 10, e["X"], coder="Ann")
    p.codings.code_text(s, 1, 10, e["X"], coder="Bo")  # overlap 9/10 of the union
    p.codings.code_text(s, 20, 30, e["Y"], coder="Ann")
    p.codings.code_text(s, 20, 30, e["Z"], coder="Bo")  # same passage, other element
    report = agreement(p, ["Ann", "Bo"], unit="segment", overlap=0.5)
    x, y = _row(report, "X"), _row(report, "Y")
    assert x.counts == {"both": 1, "only Ann": 0, "only Bo": 0, "neither": 1}
    assert (x.percent, x.kappa) == (1.0, pytest.approx(1.0))
    assert y.counts == {"both": 0, "only Ann": 1, "only Bo": 0, "neither": 1}
    assert y.percent == 0.5 and y.kappa == pytest.approx(0.0)
    # With a stricter overlap the two X codings are different passages: nobody agrees on X.
    strict = _row(agreement(p, ["Ann", "Bo"], unit="segment", overlap=0.95), "X")
    assert strict.counts == {"both": 0, "only Ann": 1, "only Bo": 1, "neither": 1}
    assert strict.percent == pytest.approx(1 / 3)
    assert report.overall.units == 2 * 3  # 2 passages × 3 elements


def test_three_coders_alpha_matches_the_library_and_kappa_is_the_pair_mean():
    import numpy as np
    krippendorff = pytest.importorskip("krippendorff")
    rng = np.random.default_rng(7)
    ratings = rng.random((3, 200)) < 0.3
    ratings[1] |= ratings[0] & (rng.random(200) < 0.7)
    counts = Counts(3)
    counts.add(ratings)
    expected = krippendorff.alpha(reliability_data=ratings.astype(int),
                                  level_of_measurement="nominal")
    assert krippendorff_alpha(counts) == pytest.approx(expected)
    from workbench.analysis.agreement import kappa
    pairs = [cohen_kappa(counts.pairs[p]) for p in ((0, 1), (0, 2), (1, 2))]
    assert kappa(counts) == pytest.approx(sum(pairs) / 3)


def test_cohen_kappa_textbook_example():
    # both 20, only first 5, only second 10, neither 15 (n = 50): p_o = .7, p_e = .5 → κ = .4
    assert cohen_kappa([20, 5, 10, 15]) == pytest.approx(0.4)
    assert cohen_kappa([0, 0, 0, 0]) is None


def test_errors_are_sentences(project):
    p, s, e = project
    p.codings.code_text(s, 0, 4, e["X"], coder="Ann")
    with pytest.raises(WorkbenchError, match="at least two coders"):
        agreement(p)
    with pytest.raises(WorkbenchError, match="no coder called"):
        agreement(p, ["Ann", "Nobody"])
    with pytest.raises(WorkbenchError, match="char"):
        agreement(p, ["Ann", "Bo"], unit="word")
