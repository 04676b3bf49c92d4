"""Topics into the framework from the Topics view, auto-code from an element's keywords, and the
Search view's paging ("Show more")."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtWidgets import QFileDialog

pytest.importorskip("sklearn")

from workbench.analysis import topics  # noqa: E402
from helpers import TOPIC_DOCS  # noqa: E402
from workbench.core import Project  # noqa: E402
from workbench.ui.analysis_autocode import AutocodeView  # noqa: E402
from workbench.ui.analysis_search import SearchView  # noqa: E402
from workbench.ui.analysis_topics import TopicsView  # noqa: E402

DOCS = TOPIC_DOCS


@pytest.fixture
def corpus(tmp_path, english, monkeypatch):
    monkeypatch.setattr("workbench.ui.errors.show_error",
                        lambda *a, **k: pytest.fail(f"error box: {a}"))
    p = Project.create(tmp_path / "t.cwb")
    for i, (text, date) in enumerate(DOCS):
        p.sources.add(kind="text", title=f"d{i}", data=str(i).encode(), text=text, date=date)
    p.dictionary.add("一网通办")
    p.elements.add("技术赋能")
    yield p
    p.close()


def test_topics_view_turns_a_topic_into_an_element_and_keywords(corpus, qtbot, tmp_path,
                                                                monkeypatch):
    view = TopicsView()
    qtbot.addWidget(view)
    view.set_project(corpus)
    assert not view.new_element_button.isEnabled()
    model = topics.lda(corpus, 3, seed=7)
    view._show(model)  # what the background job hands over
    assert view.new_element_button.isEnabled()
    view.grid.selectRow(2)
    view.new_element_button.click()
    made = corpus.elements.find("·".join(model.topics[2].words[:3]))
    assert corpus.undo_label() == "Topic to element"
    assert "(one undo step)" in view.message.text()
    tech = corpus.elements.find("技术赋能")
    view.element.fill()
    view.element.setCurrentIndex(view.element.findData(tech.id))
    view.grid.selectRow(0)
    view.add_keywords_button.click()
    assert corpus.element_keywords.terms(tech.id) == sorted(model.topics[0].words)
    assert corpus.element_keywords.terms(made.id) == sorted(model.topics[2].words)
    target = tmp_path / "dominant.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.export_dominant_button.click()
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Source", "Date", "Dominant topic", "Top words", "Share"]
    assert len(rows) == 1 + len(DOCS)


def test_autocode_view_uses_the_element_keyword_dictionary(corpus, qtbot):
    tech = corpus.elements.find("技术赋能")
    corpus.element_keywords.add(tech.id, "一网通办", "问责")
    view = AutocodeView()
    qtbot.addWidget(view)
    view.set_project(corpus)
    view.query.setText("typed words")
    view.select_element(tech.id)
    view.element_keywords_radio.setChecked(True)
    assert view.query.isReadOnly() and view.query.text() == "一网通办 问责"
    view.unit.setCurrentIndex(view.unit.findData("hit"))
    view.propose_button.click()
    assert view.list.count() == 5 and {p.text for p in view.proposals} == {"一网通办", "问责"}
    view.apply_button.click()
    assert len(corpus.codings.list(element_id=tech.id)) == 5
    view.keywords_radio.setChecked(True)
    assert not view.query.isReadOnly() and view.query.text() == "typed words"


def test_search_view_shows_a_page_and_the_total_and_pages_in_more(corpus, qtbot):
    text = "数据共享。" * 120  # 120 hits in one source
    corpus.sources.add(kind="text", title="长文", data=b"long", text=text, date="2021-01-01")
    assert corpus.search.kwic_result("数据共享", first=50).total == 120 + 3
    view = SearchView()
    qtbot.addWidget(view)
    view.PAGE = 50
    view.set_project(corpus)
    view.query.setText("数据共享")
    view.search_button.click()
    expected = corpus.search.kwic("数据共享")
    assert view.model.rowCount() == 50 and view.result.total == len(expected) == 123
    assert "123" in view.count_label.text() and "50" in view.count_label.text()
    assert view.more_button.isEnabled()
    view.more_button.click()
    assert view.model.lines == expected[:100]
    view.show()
    qtbot.waitExposed(view)
    bar = view.view.verticalScrollBar()
    bar.setValue(bar.maximum())  # scrolling to the end pages in the rest
    assert view.model.lines == expected
    assert not view.more_button.isEnabled() and view.count_label.text() == "123 hits"


def test_kwic_result_pages_match_kwic_for_latin_and_chinese(corpus):
    corpus.sources.add(kind="text", title="en", data=b"en",
                       text="Data sharing. data SHARING!\nDATA sharing", date="2021-02-01")
    for query in ("数据", "data sharing", "一网通办", "不存在"):
        full = corpus.search.kwic(query, width=5)
        for first in (0, 1, 2, 1000):
            result = corpus.search.kwic_result(query, width=5, first=first)
            assert result.total == len(full)
            assert result.lines() == full
            assert result.lines(1, 3) == full[1:3]
            assert result.lines(0, first) == full[:first]


def test_kwic_result_in_date_order(corpus):
    late = corpus.sources.add(kind="text", title="早期", data=b"x", text="数据共享在前。",
                              date="2001-01-01")
    corpus.sources.add(kind="text", title="无日期", data=b"y", text="数据共享无日期。")
    for query in ("数据共享", "数据"):  # the trigram index and the short-query scan
        result = corpus.search.kwic_result(query, order="date", first=1)
        dates = [line.date for line in result.lines()]
        assert result.lines()[0].source_id == late.id
        assert dates[-1] is None and dates[:-1] == sorted(dates[:-1])
        assert sorted(result.lines()) == sorted(corpus.search.kwic(query))
        assert result.lines(1, 3) == result.lines()[1:3]
