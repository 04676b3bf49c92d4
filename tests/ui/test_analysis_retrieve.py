"""The Retrieve tab shows what retrieval.retrieve returns and exports exactly those codings; the
Words view ranks keywords of a source and draws a word cloud (exported as PNG); the Segmentation
tab shows how a passage is split and adds a term to the dictionary, after which it stays whole."""
from __future__ import annotations

import csv
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from workbench.analysis.retrieval import retrieve
from workbench.analysis.words import word_frequency
from workbench.core import Project
from helpers import sql_statements
from workbench.ui.analysis_retrieve import HTML_ROLE
from workbench.ui.retrieved_model import PAGE

TEXT_A = ("江临市𠮷推进一网通办改革，建设数据中台。一网通办让群众少跑腿。\n"
          "数据中台汇聚部门数据。")
TEXT_B = "政务服务一网通办全面推行。各部门协同共享数据，数据中台支撑审批。"


@pytest.fixture
def study(tmp_path):
    p = Project.create(tmp_path / "retrieve.cwb", title="检索测试", coder="alice")
    p.coders.add("bob")
    tech = p.elements.add("技术赋能")
    data = p.elements.add("数据", parent_id=tech.id)
    org = p.elements.add("组织协同")
    a = p.sources.add(kind="text", title="新闻一", data=TEXT_A.encode(), text=TEXT_A,
                      date="2018-05-01", source_type="新闻", cases=["江临市"])
    b = p.sources.add(kind="text", title="方案二", data=TEXT_B.encode(), text=TEXT_B,
                      date="2019-03-01", source_type="政策", cases=["海滨市"])
    p.periods.add("起步期", "2017", "2018")
    p.codings.code_text(a.id, 6, 10, tech.id)            # 一网通办
    p.codings.code_text(a.id, 14, 18, data.id, coder="bob")  # 数据中台
    p.codings.code_text(b.id, 0, 4, org.id)
    p.codings.code_text(b.id, 4, 8, tech.id)
    p.ids = {"a": a.id, "b": b.id, "tech": tech.id, "data": data.id, "org": org.id}
    yield p
    p.close()


@pytest.fixture
def panel(analysis_panel):
    return analysis_panel


def _cell(view, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return view.model.index(row, column).data(role)


def test_retrieve_tab_shows_the_rows_of_retrieve_and_exports_them(panel, study, qtbot,
                                                                   tmp_path, monkeypatch):
    panel.show_tab("retrieve")
    view = panel.retrieve
    view.set_checked_elements([study.ids["tech"]])
    view.run_button.click()
    expected = retrieve(study, element_ids=[study.ids["tech"]])
    assert view.coding_ids() == [r.coding_id for r in expected]
    assert len(expected) == 3  # the sub-element's coding is included
    assert view.model.rowCount() == 3
    assert [_cell(view, r, 0) for r in range(3)] == [r.source_title for r in expected]
    assert _cell(view, 0, 3, HTML_ROLE).count("<b>一网通办</b>") == 1
    assert "𠮷推进" in _cell(view, 0, 3)
    assert "3" in view.count.text()
    # filters: a case and a date bound, then the coder
    view.cases.set_checked(["江临市"])
    view.date_to.setText("2018-12")
    view.run_button.click()
    assert view.coding_ids() == [r.coding_id for r in retrieve(
        study, element_ids=[study.ids["tech"]], cases=["江临市"], date_to="2018-12")]
    assert view.model.rowCount() == 2
    view.coders.set_checked(["bob"])
    view.run_button.click()
    assert view.model.rowCount() == 1 and _cell(view, 0, 2) == "技术赋能/数据"
    with qtbot.waitSignal(view.codingActivated) as signal:
        view.table.doubleClicked.emit(view.model.index(0, 3))
    assert signal.args == [view.coding_ids()[0]]
    with qtbot.waitSignal(panel.codingActivated):
        view.table.doubleClicked.emit(view.model.index(0, 0))
    # export exactly these codings
    view.coders.set_checked([])
    view.run_button.click()
    target = tmp_path / "retrieved.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.export_button.click()
    with open(target, encoding="utf-8-sig") as handle:
        records = list(csv.reader(handle))
    assert [int(r[0]) for r in records[1:]] == view.coding_ids()
    view.export(str(tmp_path / "retrieved.json"))
    assert [r["id"] for r in json.loads((tmp_path / "retrieved.json").read_text("utf-8"))] \
        == view.coding_ids()
    # a new coding shows after the change when retrieved again (the tab reloads itself)
    study.codings.code_text(study.ids["a"], 0, 3, study.ids["tech"])
    assert view.model.rowCount() == 3


def test_a_bad_date_is_reported(panel, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    import workbench.ui.errors as errors
    monkeypatch.setattr(errors, "show_error", lambda parent, text: shown.append(text),
                        raising=False)
    view = panel.retrieve
    view.date_from.setValidator(None)
    view.date_from.setText("2018/01")
    view.run_button.click()
    assert shown


def test_keywords_and_word_cloud(panel, study, qtbot, tmp_path, monkeypatch):
    panel.show_tab("words")
    view = panel.words
    view.set_mode("keywords")
    view.set_scope("source", study.ids["a"])
    view.run_button.click()
    qtbot.waitUntil(lambda: view.keyword_result is not None, timeout=30000)
    assert view.keyword_result and view.grid.rowCount() == len(view.keyword_result)
    words_found = [w for w, _ in view.keyword_result]
    assert "数据" in words_found or "中台" in words_found
    view.chart_kind.setCurrentIndex(view.chart_kind.findData("cloud"))
    assert view.chart.figure is not None and view.chart.figure.axes[0].images  # the cloud
    target = tmp_path / "cloud.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.export_chart_button.click()
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_segmentation_preview_adds_a_term(panel, study, qtbot):
    panel.show_tab("words")
    panel.words.set_scope("all", None)
    panel.words.set_mode("keywords")
    panel.words.set_scope("source", study.ids["a"])
    panel.words.preview_button.click()
    assert panel.current_view() == "preview"
    view = panel.preview
    assert view.passage.toPlainText().startswith("江临市𠮷推进")
    assert "数据中台" not in view.tokens
    first = view.tokens.index("数据")
    last = next(i for i in range(first, len(view.tokens))
                if "".join(view.tokens[first:i + 1]) == "数据中台")
    assert last > first  # jieba splits it: 数据 | 中 | 台
    view.select_tokens(first, last)
    assert view.term.text() == "数据中台"
    view.add_button.click()
    assert study.dictionary.terms() == ["数据中台"]
    assert "数据中台" in view.tokens and " | 数据中台 | " in view.joined.text()
    counts = {w.word: w.count for w in word_frequency(study, top=None)}
    assert counts["数据中台"] == 3
    view.passage.setPlainText("政务服务一网通办")
    view.term.setText("一网通办")
    view.add_button.click()
    assert "一网通办" in view.tokens


def test_word_cloud_without_the_wordcloud_package(monkeypatch):
    import sys

    from workbench.ui.analysis_words import word_cloud
    monkeypatch.setitem(sys.modules, "wordcloud", None)  # import fails: text placement
    figure = word_cloud({"一网通办": 5, "数据": 3, "platform": 1})
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts == ["一网通办", "数据", "platform"] and not figure.axes[0].images


def test_the_words_view_edits_the_projects_stopwords(qtbot, tmp_path):
    from workbench.analysis import words
    from workbench.core import Project
    from workbench.ui.analysis_stopwords import StopwordsEditor

    with Project.create(tmp_path / "w.cwb") as p:
        editor = StopwordsEditor()
        qtbot.addWidget(editor)
        editor.set_project(p)
        editor.add_stopwords("平台，系统")
        editor.keep_words("我们")
        assert [editor.added.item(i).text() for i in range(editor.added.count())] == ["平台", "系统"]
        assert "平台" in words.stopwords(p) and "我们" not in words.stopwords(p)
        editor.added.item(0).setSelected(True)
        editor.reset_selected()
        assert p.dictionary.stopwords_added() == ["系统"]


def test_segmentation_preview_follows_the_source_being_read(panel, study):
    panel.show_tab("preview")
    view = panel.preview
    panel.set_reading_source(study.ids["b"])
    assert view.source.currentData() == study.ids["b"]
    assert view.passage.toPlainText() == TEXT_B  # one paragraph: all of it
    panel.set_reading_source(study.ids["a"])
    assert view.passage.toPlainText().startswith("江临市𠮷推进")
    view.passage.setPlainText("研究者自己粘贴的段落")  # the researcher's own passage stays
    panel.set_reading_source(study.ids["b"])
    assert view.passage.toPlainText() == "研究者自己粘贴的段落"
    panel.show_tab("words")
    panel.words.set_scope("all", None)  # no source chosen there: preview the one being read
    panel.preview_source(None)
    assert view.source.currentData() == study.ids["b"]


def test_the_preview_follows_the_reader_when_its_tab_comes_to_the_front(panel, study,
                                                                         monkeypatch):
    panel.show_tab("retrieve")
    read = []
    monkeypatch.setattr(panel.preview, "follow_source", read.append)
    panel.set_reading_source(study.ids["a"])
    panel.set_reading_source(study.ids["b"])
    assert read == []  # nothing read for a tab behind the others
    panel.show_tab("preview")
    assert read == [study.ids["b"]]
    panel.set_reading_source(study.ids["a"])  # in front: at once
    assert read == [study.ids["b"], study.ids["a"]]


def test_thousands_of_passages_arrive_a_page_at_a_time_with_their_context(panel, qtbot,
                                                                        tmp_path):
    p = Project.create(tmp_path / "many.cwb", coder="alice")
    element = p.elements.add("协同").id
    texts = [f"第{n}份：" + "前文" * 30 + "跨部门协同" + "后文" * 30 for n in range(10)]
    with p.grouped("codings"):
        for n, text in enumerate(texts):
            source = p.sources.add(kind="text", title=f"材料{n:02}", data=text.encode(), text=text)
            start = text.index("跨部门协同")
            for k in range(100):  # 1,000 passages in all: ten pages
                p.codings.code_text(source.id, start - k % 50, start + 5 + k // 50, element)
    panel.set_project(p)
    panel.show_tab("retrieve")
    view = panel.retrieve
    with sql_statements(p) as statements:
        view.run_button.click()
    assert len(view.coding_ids()) == 1000 and view.model.rowCount() == PAGE
    # one query for the first page's texts (the two sources it touches), none per row
    assert sum("source_texts" in s for s in statements) == 1
    assert "跨部门协同" in _cell(view, 0, 3) and "前文" in _cell(view, 0, 3)
    view.table.resize(800, 600)
    view.table.scrollToBottom()  # the view asks for the next page as it reaches the end
    while view.model.canFetchMore():
        view.model.fetchMore()
    assert view.model.rowCount() == 1000
    assert _cell(view, 999, 0) == "材料09" and "后文" in _cell(view, 999, 3)
    assert view.table.rowHeight(999) > 0
    panel.set_project(None)
    p.close()
