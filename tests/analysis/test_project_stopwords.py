"""Stopwords ship under resources/stopwords and each project can edit its own choice."""
from workbench.analysis import words
from workbench.core import Project

TEXT = "我们的发展规划推进数据共享。我们的发展目标明确，数据共享平台已经建成。"


def test_a_project_adds_and_keeps_stopwords_and_undo_restores(tmp_path):
    with Project.create(tmp_path / "s.cwb") as p:
        p.sources.add(kind="text", title="规划", data=TEXT.encode(), text=TEXT)
        shipped = words.stopwords()
        assert "我们" in shipped  # a shipped stopword
        counted = {w.word for w in words.word_frequency(p, top=None)}
        assert "我们" not in counted and "平台" in counted
        p.dictionary.add_stopwords("平台")
        p.dictionary.keep_words("我们")
        counted = {w.word for w in words.word_frequency(p, top=None)}
        assert "平台" not in counted and "我们" in counted
        assert p.dictionary.stopwords_added() == ["平台"] and p.dictionary.stopwords_kept() == ["我们"]
        assert p.dictionary.terms() == []  # stopword choices are not segmentation terms
        p.undo()
        p.undo()
        assert p.dictionary.stopwords_added() == [] == p.dictionary.stopwords_kept()
        p.dictionary.add_stopwords("平台")
        p.dictionary.reset_words("平台")
        assert "平台" in {w.word for w in words.word_frequency(p, top=None)}
