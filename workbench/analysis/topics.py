"""Topic models (LDA) over the segmented sources, as study 2 of the domain notes uses them.

    model = lda(project, k=8, seed=1)
    model.topics[0].words, model.topics[0].share, model.coherence, model.by_period
    scan(project, range(3, 11))   # [(k, UMass coherence)]: choose K

Documents are the sources with text, segmented with the project's dictionary (through the cached
word counts of ``words.source_counts``), without stopwords, punctuation and one-character words.
scikit-learn's LatentDirichletAllocation (batch learning, fixed ``random_state``) makes the result
the same for the same project and seed. Coherence is UMass, computed from document co-occurrence
of each topic's top words (higher, i.e. closer to 0, is better).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.errors import InvalidInputError
from ..i18n import tr
from .words import source_counts, stopwords

if TYPE_CHECKING:
    from ..core import Project
    from ..core.progress import Progress


@dataclass
class Topic:
    index: int
    words: list[str]
    weights: list[float]
    share: float  # mean share of the topic over the documents
    coherence: float


@dataclass
class TopicModel:
    k: int
    seed: int
    topics: list[Topic]
    coherence: float
    document_topics: dict[int, list[float]]  # source id -> topic shares
    by_period: dict[str, list[float]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"k": self.k, "seed": self.seed, "coherence": round(self.coherence, 4),
                "topics": [{"topic": t.index + 1, "words": t.words,
                            "weights": [round(w, 4) for w in t.weights],
                            "share": round(t.share, 4), "coherence": round(t.coherence, 4)}
                           for t in self.topics],
                "by_period": {p: [round(v, 4) for v in shares]
                              for p, shares in self.by_period.items()},
                "documents": {str(s): [round(v, 4) for v in shares]
                              for s, shares in self.document_topics.items()}}


def _matrix(project: "Project", source_ids=None, min_length: int = 2,
            progress: "Progress | None" = None):
    """(source ids, vocabulary, sparse document × word counts)."""
    from scipy.sparse import csr_matrix

    stop = stopwords(project)
    counts = source_counts(project, source_ids, progress=progress)
    ids = sorted(sid for sid, c in counts.items() if c)
    docs = []
    for sid in ids:
        doc: dict[str, int] = {}
        for word, n in counts[sid].items():
            word = word.strip().lower()
            if len(word) >= min_length and word not in stop and any(ch.isalnum() for ch in word):
                doc[word] = doc.get(word, 0) + n
        docs.append(doc)
    spread: dict[str, int] = {}
    for doc in docs:
        for word in doc:
            spread[word] = spread.get(word, 0) + 1
    min_docs = 2 if len(docs) >= 5 else 1
    vocabulary = sorted(w for w, n in spread.items() if n >= min_docs)
    index = {w: i for i, w in enumerate(vocabulary)}
    rows, cols, values = [], [], []
    for r, doc in enumerate(docs):
        for word, n in doc.items():
            if word in index:
                rows.append(r)
                cols.append(index[word])
                values.append(n)
    matrix = csr_matrix((values, (rows, cols)), shape=(len(docs), len(vocabulary)), dtype=float)
    return ids, vocabulary, matrix


def umass(matrix, word_indices: list[int]) -> float:
    """UMass coherence of a ranked word list: mean over pairs of log((D(wi, wj) + 1) / D(wj)),
    wj ranked above wi; D counts documents."""
    binary = (matrix[:, word_indices] > 0).astype(float)
    together = (binary.T @ binary).toarray()
    scores = []
    for i in range(1, len(word_indices)):
        for j in range(i):
            if together[j, j] > 0:
                scores.append(math.log((together[i, j] + 1.0) / together[j, j]))
    return sum(scores) / len(scores) if scores else 0.0


def lda(project: "Project", k: int, *, seed: int = 1, top_words: int = 10, source_ids=None,
        max_iter: int = 50, _data=None, progress: "Progress | None" = None) -> TopicModel:
    """Cancel (``progress``) stops the segmentation between sources (the long part of a first
    run); the model fit itself, seconds long, runs to its end."""
    from sklearn.decomposition import LatentDirichletAllocation

    ids, vocabulary, matrix = _data or _matrix(project, source_ids, progress=progress)
    if progress is not None:
        progress.note(tr("Fitting {k} topics", k=k))
    if len(ids) < 2 or len(vocabulary) < k:
        raise InvalidInputError(tr(
            "There is too little text for {k} topics; import more sources or choose fewer "
            "topics.", k=k))
    model = LatentDirichletAllocation(n_components=k, random_state=seed, max_iter=max_iter,
                                      learning_method="batch")
    shares = model.fit_transform(matrix)
    topics = []
    for t, row in enumerate(model.components_):
        order = sorted(range(len(row)), key=lambda i: (-row[i], vocabulary[i]))[:top_words]
        total = float(row.sum()) or 1.0
        topics.append(Topic(t, [vocabulary[i] for i in order],
                            [float(row[i]) / total for i in order],
                            float(shares[:, t].mean()), umass(matrix, order)))
    by_period: dict[str, list[float]] = {}
    sources = {s.id: s for s in project.sources.list()}
    members: dict[str, list[int]] = {}
    for r, sid in enumerate(ids):
        period = project.periods.period_of(sources[sid].date) if sid in sources else None
        members.setdefault(period.name if period else "", []).append(r)
    # Periods in time order (the project keeps them chronological), sources in no period last:
    # a table of topic shares by period reads left to right as the case unfolded.
    order = [p.name for p in project.periods.list()] + [""]
    for name in sorted(members, key=lambda n: order.index(n) if n in order else len(order)):
        by_period[name] = [float(shares[members[name], t].mean()) for t in range(k)]
    coherence = sum(t.coherence for t in topics) / len(topics)
    return TopicModel(k, seed, topics, coherence,
                      {sid: [float(v) for v in shares[r]] for r, sid in enumerate(ids)},
                      by_period)


def scan(project: "Project", ks, *, seed: int = 1, top_words: int = 10,
         source_ids=None) -> list[tuple[int, float]]:
    """UMass coherence for every K in ``ks`` (the documents are segmented once)."""
    data = _matrix(project, source_ids)
    return [(k, lda(project, k, seed=seed, top_words=top_words, _data=data).coherence)
            for k in ks]


# ----- topics into the framework -------------------------------------------------------------
def element_name(topic: Topic, words: int = 3) -> str:
    """The name a topic gets as an element: its top three words joined by "·"."""
    return "·".join(topic.words[:words])


def to_element(project: "Project", model: TopicModel, index: int, *,
               parent_id: int | None = None, name: str | None = None):
    """Make topic ``index`` a new element (one undo step, "Topic to element"): named after its
    top three words (or ``name``), its definition listing its top words, and those words put in
    its keyword dictionary so auto-code can use them. Returns the new element."""
    topic = _topic(model, index)
    definition = tr("Topic {n} of an LDA model (K = {k}, seed {seed}); top words: {words}.",
                    n=topic.index + 1, k=model.k, seed=model.seed, words="、".join(topic.words))
    with project.grouped("Topic to element"):
        element = project.elements.add(name or element_name(topic), parent_id=parent_id,
                                       definition=definition)
        project.element_keywords.add(element.id, *topic.words)
    return element


def to_keywords(project: "Project", model: TopicModel, index: int, element_id: int,
                words: int | None = None) -> list[str]:
    """Map topic ``index`` onto an existing element: its top words (all, or the first
    ``words``) join that element's keyword dictionary (one undo step). Returns the new terms."""
    topic = _topic(model, index)
    return project.element_keywords.add(element_id, *topic.words[:words])


def dominant_topic(model: TopicModel) -> dict[int, int]:
    """The topic (index) with the largest share in each source, by source id."""
    return {sid: max(range(len(shares)), key=lambda t: (shares[t], -t))
            for sid, shares in model.document_topics.items() if shares}


def dominant_topic_rows(project: "Project", model: TopicModel) -> tuple[list[str], list[list]]:
    """(headers, rows) for a table of every source's dominant topic: source, date, topic
    (numbered from 1), its top words and its share; sources in date order, then by id."""
    sources = {s.id: s for s in project.sources.list()}
    rows = []
    for sid, t in dominant_topic(model).items():
        source = sources.get(sid)
        if source is None:
            continue
        topic = model.topics[t]
        rows.append([source.title, source.date or "", t + 1, element_name(topic),
                     round(model.document_topics[sid][t], 4), sid])
    rows.sort(key=lambda r: (r[1] == "", r[1], r[5]))
    headers = [tr("Source"), tr("Date"), tr("Dominant topic"), tr("Top words"), tr("Share")]
    return headers, [r[:5] for r in rows]


def write_dominant_topic_attribute(project: "Project", model: TopicModel,
                                   name: str = "dominant topic") -> int:
    """Write each source's dominant topic ("3: 平台·数据·共享") as the source attribute ``name``,
    one undo step. Returns how many sources got it."""
    values = {sid: f"{t + 1}: {element_name(model.topics[t])}"
              for sid, t in dominant_topic(model).items()}
    known = {s.id for s in project.sources.list()}
    values = {sid: value for sid, value in values.items() if sid in known}
    if values:
        project.sources.set_attribute(name, values)
    return len(values)


def write_dominant_topic_csv(project: "Project", model: TopicModel, path) -> None:
    """The table of :func:`dominant_topic_rows` as UTF-8 CSV (with a BOM, so Excel opens the
    Chinese correctly)."""
    import csv

    headers, rows = dominant_topic_rows(project, model)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)


def _topic(model: TopicModel, index: int) -> Topic:
    if not 0 <= index < len(model.topics):
        raise InvalidInputError(tr("There is no topic {n} in this model.", n=index + 1))
    return model.topics[index]
