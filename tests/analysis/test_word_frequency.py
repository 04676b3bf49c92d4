"""Word frequency with jieba and the project's dictionary: terms kept whole, stopwords out, the
segmentation cache reused and invalidated, and no leak of one project's terms into another."""
from __future__ import annotations

from workbench.analysis import words
from workbench.analysis.words import keywords, segment, word_frequency
from workbench.core import Project

TEXT = ("江临市推进一网通办和互联网+政务服务改革，深化放管服改革。一网通办平台上线。"
        "The Platform went live; the platform works.")


def _project(tmp_path, name="w.cwb"):
    p = Project.create(tmp_path / name, coder="alice")
    p.sources.add(kind="text", title="s1", data=b"1", text=TEXT, date="2019-01-01")
    return p


def _counts(p, **kw):
    return {r.word: r.count for r in word_frequency(p, top=None, **kw)}


def test_dictionary_terms_stay_whole(tmp_path):
    with _project(tmp_path) as p:
        before = _counts(p)
        assert "一网通办" not in before and "互联网+政务服务" not in before
        p.dictionary.add("一网通办", "互联网+政务服务", "放管服")
        after = _counts(p)
        assert after["一网通办"] == 2
        assert after["互联网+政务服务"] == 1
        assert after["改革"] == 2
        assert after["platform"] == 2  # English lower-cased
        assert "的" not in after and "the" not in after and "，" not in after  # stopwords
        tagged = _counts(p, pos=("nz",))
        assert tagged == {"一网通办": 2, "互联网+政务服务": 1, "放管服": 1}


def test_the_segmentation_cache_is_reused_and_invalidated(tmp_path, monkeypatch):
    with _project(tmp_path) as p:
        calls = []
        real = words.count_words
        monkeypatch.setattr(words, "count_words", lambda *a, **k: calls.append(1) or real(*a, **k))
        word_frequency(p)
        assert len(calls) == 1
        word_frequency(p)
        assert len(calls) == 1  # cached in the project
        p.dictionary.add("一网通办")
        assert _counts(p)["一网通办"] == 2
        assert len(calls) == 2  # a new dictionary version segments again
        p.undo()  # back to the old dictionary: its cache entry was replaced, so segment again
        assert "一网通办" not in _counts(p)
        p.sources.add(kind="text", title="s2", data=b"2", text="一网通办再升级。")
        calls.clear()
        assert _counts(p).get("升级") == 1
        assert len(calls) == 1  # only the new source


def test_the_cache_survives_reopening(tmp_path, monkeypatch):
    p = _project(tmp_path)
    word_frequency(p)
    p.close()
    calls = []
    monkeypatch.setattr(words, "count_words", lambda *a, **k: calls.append(1) or {})
    with Project.open(tmp_path / "w.cwb") as p:
        assert word_frequency(p)
    assert calls == []


def test_one_projects_terms_do_not_leak_into_another(tmp_path):
    with _project(tmp_path, "a.cwb") as a, _project(tmp_path, "b.cwb") as b:
        a.dictionary.add("一网通办")
        assert "一网通办" in _counts(a)
        assert "一网通办" not in _counts(b)
        assert "一网通办" not in segment(TEXT)
        import jieba
        assert "一网通办" not in jieba.lcut(TEXT)


def test_words_of_an_element_and_keywords(tmp_path):
    with _project(tmp_path) as p:
        p.dictionary.add("一网通办")
        e = p.elements.add("服务")
        source = p.sources.list()[0]
        p.codings.code_text(source.id, 0, 9, e.id)  # 江临市推进一网通办
        assert _counts(p, element_id=e.id) == {"江临市": 1, "推进": 1, "一网通办": 1}
        assert keywords(p, source_id=source.id, top=3)[0][0] == "一网通办"
        assert "一网通办" in [w for w, _ in keywords(p, source_id=source.id, method="textrank")]
        assert words.stopwords() >= {"的", "the", "，"}


def test_cancel_stops_between_sources_and_keeps_what_was_counted(tmp_path, monkeypatch):
    import pytest

    from workbench.core.errors import Cancelled
    from workbench.core.progress import Progress

    with _project(tmp_path) as p:
        for n in range(2, 6):
            p.sources.add(kind="text", title=f"s{n}", data=str(n).encode(), text=f"第{n}份：{TEXT}")
        progress = Progress(lambda done, total, _m: progress.cancel() if done == 2 else None)
        with pytest.raises(Cancelled, match="Stopped after 2 of 5 sources"):
            word_frequency(p, progress=progress)
        calls = []
        real = words.count_words
        monkeypatch.setattr(words, "count_words", lambda *a, **k: calls.append(1) or real(*a, **k))
        again = Progress()
        assert _counts(p, progress=again)["改革"] == 10  # twice in each of the 5 sources
        assert len(calls) == 3 and again.total == 3  # the two counted before were kept
