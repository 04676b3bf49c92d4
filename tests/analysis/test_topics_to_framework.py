"""Topics into the framework: a topic becomes an element (one undo step) or seeds an existing
element's keywords; each source's dominant topic is exported as a table."""
from __future__ import annotations

import csv

import pytest

pytest.importorskip("sklearn")

from workbench.analysis import autocode, topics  # noqa: E402
from workbench.core import InvalidInputError, Project  # noqa: E402

DOCS = [
    ("数据共享平台建设，数据共享交换，政务数据开放。", "2016-01-01"),
    ("数据共享机制完善，数据开放目录，数据交换平台。", "2016-06-01"),
    ("一网通办服务改革，政务服务窗口，办事服务效率。", "2019-01-01"),
    ("政务服务一网通办，服务窗口整合，群众办事便利。", "2019-06-01"),
    ("考核问责制度，绩效考核机制，问责制度落实。", "2020-01-01"),
    ("绩效考核办法，问责机制建设，考核结果运用。", "2020-06-01"),
]


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    p = Project.create(tmp_path_factory.mktemp("topics") / "t.cwb")
    for i, (text, date) in enumerate(DOCS):
        p.sources.add(kind="text", title=f"d{i}", data=str(i).encode(), text=text, date=date)
    p.dictionary.add("一网通办")
    model = topics.lda(p, 3, seed=7)
    yield p, model
    p.close()


def test_a_topic_becomes_a_new_element_in_one_undo_step(fitted):
    p, model = fitted
    before = len(p.elements.list())
    topic = model.topics[1]
    element = topics.to_element(p, model, 1)
    assert element.name == "·".join(topic.words[:3])
    assert all(w in element.definition for w in topic.words)
    assert p.element_keywords.terms(element.id) == sorted(topic.words)
    assert p.undo_label() == "Topic to element"
    p.undo()  # element and keywords go together
    assert len(p.elements.list()) == before
    assert p.element_keywords.all() == {}
    with pytest.raises(InvalidInputError):
        topics.to_element(p, model, 99)


def test_a_topic_seeds_the_keywords_of_an_existing_element(fitted):
    p, model = fitted
    element = p.elements.add("技术赋能")
    added = topics.to_keywords(p, model, 0, element.id)
    assert added == model.topics[0].words
    assert p.element_keywords.terms(element.id) == sorted(model.topics[0].words)
    assert topics.to_keywords(p, model, 0, element.id) == []  # nothing twice
    found = autocode.propose(p, element_keywords=element.id, unit="sentence")
    assert found and all(set(f.hits) <= set(model.topics[0].words) for f in found)
    p.undo()
    assert p.element_keywords.terms(element.id) == []
    p.undo()


def test_dominant_topic_and_its_table(fitted, tmp_path):
    p, model = fitted
    dominant = topics.dominant_topic(model)
    assert set(dominant) == set(model.document_topics)
    for sid, t in dominant.items():
        assert model.document_topics[sid][t] == max(model.document_topics[sid])
    path = tmp_path / "dominant.csv"
    topics.write_dominant_topic_csv(p, model, path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Source", "Date", "Dominant topic", "Top words", "Share"]
    assert [r[1] for r in rows[1:]] == sorted(d for _t, d in DOCS)
    titles = {s.title: s.id for s in p.sources.list()}
    for title, _date, topic, words, share in rows[1:]:
        t = dominant[titles[title]]
        assert int(topic) == t + 1 and words == "·".join(model.topics[t].words[:3])
        assert float(share) == pytest.approx(model.document_topics[titles[title]][t], abs=1e-4)


def test_the_dominant_topic_becomes_a_source_attribute_in_one_undo_step(tmp_path):
    pytest.importorskip("sklearn")
    from workbench.analysis import topics
    from workbench.core import Project

    texts = ["数据共享平台建设推动部门协同，数据共享平台上线。" * 3,
             "一网通办改革提升政务服务，群众办事一网通办。" * 3,
             "数据共享交换平台接入部门数据，共享平台扩容。" * 3]
    with Project.create(tmp_path / "t.cwb") as p:
        for n, text in enumerate(texts):
            p.sources.add(kind="text", title=f"资料{n}", data=text.encode(), text=text)
        model = topics.lda(p, 2, seed=1)
        assert topics.write_dominant_topic_attribute(p, model, "主导主题") == 3
        values = [p.sources.attributes(s.id)["主导主题"] for s in p.sources.list()]
        assert all(v[0] in "12" and ":" in v for v in values)
        p.undo()
        assert all("主导主题" not in p.sources.attributes(s.id) for s in p.sources.list())
