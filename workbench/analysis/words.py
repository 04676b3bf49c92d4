"""Word frequency and keywords, with Chinese word segmentation (jieba).

    rows = word_frequency(project, top=50)                    # [WordCount(word, count, sources)]
    rows = word_frequency(project, element_id=3, pos=("n",))  # nouns in the codings of one element
    keywords(project, source_id=7, method="textrank")

The project's dictionary (``project.dictionary``) is applied with a jieba ``Tokenizer`` of its own
for each dictionary version, never the global one, so one project's terms do not leak into another
opened in the same process. Terms are also *protected*: the text is cut at every occurrence of a
term before segmentation and the term is emitted whole, so terms that jieba would split on their
punctuation or spaces (互联网+政务服务, "Internet Plus") survive in every mode, including
part-of-speech tagging. Each source's raw word counts are cached in the project per dictionary
version and mode; stopwords, minimum length and the POS filter are applied afterwards.
"""
from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..core.errors import Cancelled
from ..i18n import tr
from ..resources import resource_path

if TYPE_CHECKING:
    from ..core import Project
    from ..core.progress import Progress

_lock = threading.Lock()
_base = None  # a jieba Tokenizer with the main dictionary loaded: the others copy its tables
_tokenizers: dict[tuple[str, ...], object] = {}
_taggers: dict[tuple[str, ...], object] = {}  # jieba.posseg.POSTokenizer per dictionary


@dataclass(frozen=True)
class WordCount:
    word: str
    count: int
    sources: int  # in how many of the counted sources (or codings, for an element) it occurs


def stopwords(project: "Project | None" = None) -> frozenset[str]:
    """Chinese and English stopwords and punctuation from resources/stopwords/, with a project's
    own choices applied: words it added, minus shipped ones it counts anyway."""
    shipped = _shipped_stopwords()
    if project is None:
        return shipped
    return (shipped | set(project.dictionary.stopwords_added())) - set(
        project.dictionary.stopwords_kept())


@cache
def _shipped_stopwords() -> frozenset[str]:
    words: set[str] = set()
    for name in ("zh.txt", "en.txt"):
        path = resource_path("stopwords", name)
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    words.add(line.lower())
    return frozenset(words)


def tokenizer(terms: tuple[str, ...] = ()):
    """A jieba Tokenizer that knows ``terms``; one per distinct dictionary, kept for reuse."""
    global _base
    import jieba

    jieba.setLogLevel(60)
    with _lock:
        found = _tokenizers.get(terms)
        if found is not None:
            return found
        if _base is None:
            _base = jieba.Tokenizer()
            _base.initialize()
        tok = jieba.Tokenizer()
        tok.FREQ, tok.total, tok.initialized = dict(_base.FREQ), _base.total, True
        for term in terms:
            tok.add_word(term, freq=max(1000, tok.suggest_freq(term)), tag="nz")
        if len(_tokenizers) > 8:
            _tokenizers.clear()
            _taggers.clear()
        _tokenizers[terms] = tok
        return tok


@cache
def _protector(terms: tuple[str, ...]) -> re.Pattern | None:
    if not terms:
        return None
    ordered = sorted(terms, key=len, reverse=True)  # the longest term wins
    return re.compile("(" + "|".join(re.escape(t) for t in ordered) + ")")


def segment(text: str, terms: tuple[str, ...] = (), pos: bool = False) -> list:
    """Words of ``text`` (or (word, flag) pairs with ``pos``), dictionary terms kept whole."""
    tok = tokenizer(terms)
    protect = _protector(terms)
    pieces = protect.split(text) if protect else [text]
    out: list = []
    if pos:
        tagger = _tagger(terms, tok)
        for i, piece in enumerate(pieces):
            if i % 2:
                out.append((piece, "nz"))
            elif piece:
                out.extend((p.word, p.flag) for p in tagger.cut(piece))
        return out
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(piece)
        elif piece:
            out.extend(tok.cut(piece))
    return out


def _tagger(terms: tuple[str, ...], tok):
    """The part-of-speech tagger over ``tok`` (building one reads jieba's dictionary file)."""
    import jieba.posseg

    with _lock:
        found = _taggers.get(terms)
        if found is None or found.tokenizer is not tok:
            found = _taggers[terms] = jieba.posseg.POSTokenizer(tok)
        return found


def count_words(text: str, terms: tuple[str, ...] = (), pos: bool = False) -> dict[str, int]:
    """Raw counts of one text: every token (punctuation too; filtered later), "word/flag" keys
    with ``pos``."""
    if pos:
        return dict(Counter(f"{w}/{f}" for w, f in segment(text, terms, True)))
    return dict(Counter(segment(text, terms)))


def source_counts(project: "Project", source_ids=None, *, pos: bool = False,
                  use_cache: bool = True,
                  progress: "Progress | None" = None) -> dict[int, dict[str, int]]:
    """Raw word counts by source id, from the project's cache where it is current. Cancel
    (``progress``) stops between sources; the sources counted by then stay in the cache, so the
    next count goes on from there."""
    terms = tuple(project.dictionary.terms())
    version, mode = project.dictionary.version(), ("pos" if pos else "words")
    cached = project.dictionary.cached_counts(mode, version) if use_cache else {}
    wanted = None if source_ids is None else set(source_ids)
    result = {sid: c for sid, c in cached.items() if wanted is None or sid in wanted}
    if wanted is None:
        missing = None if not cached else set(project.dictionary.text_ids()) - set(cached)
    else:
        missing = wanted - set(result)
    if missing is None or missing:
        texts = project.dictionary.texts(missing)
        fresh: dict[int, dict[str, int]] = {}
        if progress is not None:
            progress.start(len(texts), tr("Segmenting the sources"))
        for sid, text in texts.items():
            if progress is not None and progress.cancelled:
                if use_cache and fresh:
                    project.dictionary.store_counts(mode, version, fresh)
                raise Cancelled(tr(
                    "Stopped after {done} of {total} sources; their word counts are kept, so "
                    "the next count goes on from there.", done=len(fresh), total=len(texts)))
            if text:
                fresh[sid] = count_words(text, terms, pos)
            if progress is not None:
                progress.step(tr("{done} of {total} sources", done=progress.done + 1,
                                 total=len(texts)))
        result.update(fresh)
        if use_cache and fresh:
            project.dictionary.store_counts(mode, version, fresh)
    return result


def word_frequency(project: "Project", *, source_ids=None, element_id: int | None = None,
                   top: int | None = 50, min_length: int = 2, pos=None,
                   use_stopwords: bool = True, use_cache: bool = True,
                   progress: "Progress | None" = None) -> list[WordCount]:
    """The most frequent words of the chosen sources (all by default) or of the coded passages
    of one element. ``pos``: keep only words whose jieba tag starts with one of these (e.g.
    ("n", "v")). English words are lower-cased; stopwords and punctuation are left out."""
    tagged = bool(pos)
    if element_id is not None:
        terms = tuple(project.dictionary.terms())
        per_unit = {c.id: count_words(c.snippet or "", terms, tagged)
                    for c in project.codings.list(element_id=element_id) if c.snippet}
    else:
        per_unit = source_counts(project, source_ids, pos=tagged, use_cache=use_cache,
                                 progress=progress)
    total: Counter = Counter()
    spread: Counter = Counter()
    for counts in per_unit.values():
        total.update(counts)
        spread.update(counts.keys())
    stop = stopwords(project) if use_stopwords else frozenset()
    prefixes = tuple(pos) if pos else ()
    merged: dict[str, list[int]] = {}
    for key, count in total.items():
        word, flag = key.rsplit("/", 1) if tagged and "/" in key else (key, "")
        if prefixes and not flag.startswith(prefixes):
            continue
        word = word.strip().lower()
        if len(word) < min_length or word in stop or not any(ch.isalnum() for ch in word):
            continue
        slot = merged.setdefault(word, [0, 0])
        slot[0] += count
        slot[1] = max(slot[1], spread[key])  # case variants: a lower bound, good enough
    rows = sorted((WordCount(w, c, s) for w, (c, s) in merged.items()),
                  key=lambda r: (-r.count, r.word))
    return rows[:top] if top else rows


def keywords(project: "Project", *, source_id: int | None = None, element_id: int | None = None,
             method: str = "tfidf", top: int = 20) -> list[tuple[str, float]]:
    """Keywords of one source or of one element's coded passages: TF-IDF or TextRank
    (jieba.analyse), segmenting with the project's dictionary."""
    if element_id is not None:
        text = "\n".join(c.snippet or "" for c in project.codings.list(element_id=element_id))
    else:
        text = project.sources.text(source_id)
    terms = tuple(project.dictionary.terms())
    if method == "textrank":
        ranker = _ranker("textrank")
        ranker.tokenizer = ranker.postokenizer = _Segmenter(terms, True)
        ranker.stop_words = set(ranker.stop_words) | set(stopwords(project))
        found = ranker.textrank(text, topK=top, withWeight=True,
                                allowPOS=("ns", "n", "vn", "v", "nz", "eng"))
    elif method == "tfidf":
        ranker = _ranker("tfidf")
        ranker.tokenizer = _Segmenter(terms, False)
        ranker.postokenizer = _Segmenter(terms, True)
        ranker.stop_words = set(ranker.stop_words) | set(stopwords(project))
        found = ranker.extract_tags(text, topK=top, withWeight=True)
    else:
        raise ValueError("method must be tfidf or textrank")
    return [(word, round(float(weight), 4)) for word, weight in found]


@cache
def _ranker(method: str):
    """One jieba.analyse ranker per method (making one reads jieba's IDF file); its tokenizers
    are set for each call."""
    import jieba.analyse

    return jieba.analyse.TextRank() if method == "textrank" else jieba.analyse.TFIDF()


class _Segmenter:
    """What jieba.analyse expects of a tokenizer, backed by :func:`segment`."""

    def __init__(self, terms: tuple[str, ...], pos: bool):
        self.terms, self.pos = terms, pos

    def cut(self, text, *args, **kwargs):
        import jieba.posseg

        if not self.pos:
            yield from segment(text, self.terms)
            return
        for word, flag in segment(text, self.terms, pos=True):
            yield jieba.posseg.pair(word, flag)

    def lcut(self, text, *args, **kwargs):
        return list(self.cut(text))
