"""The project's own dictionary for word segmentation, and the cache of segmented sources.

    project.dictionary.add("互联网+政务服务")   # kept whole by word frequency, keywords, topics
    project.dictionary.terms()                  # ["一网通办", "互联网+政务服务", …]
    project.dictionary.version()                # a hash: cached segmentations carry it

Terms are part of the study (undoable). The segmentation cache (``segment_cache``) is not: it holds
each source's word counts for one dictionary version and segmentation mode, and is written outside
undo, only when the project is open for writing; a changed dictionary makes every entry stale.
"""
from __future__ import annotations

import json

from ..i18n import tr
from .errors import InvalidInputError, NotFoundError
from .part import Part
from .store import utc_now


# ``dictionary_terms.pos`` tells a term's role: a word to keep whole (a jieba tag such as "nz"),
# STOP = a word this project does not count, KEEP = a shipped stopword this project counts anyway.
STOP, KEEP = "stop", "keep"


class Dictionary(Part):
    def terms(self) -> list[str]:
        return [r[0] for r in self._db.query(
            "SELECT term FROM dictionary_terms WHERE pos NOT IN (?, ?) ORDER BY term",
            (STOP, KEEP))]

    # ----- the project's own stopword choices (the shipped lists stay as they are) --------
    def stopwords_added(self) -> list[str]:
        """Words this project does not count, beyond the shipped stopword lists."""
        return self._words_with(STOP)

    def stopwords_kept(self) -> list[str]:
        """Shipped stopwords this project counts anyway (e.g. 发展 in a development study)."""
        return self._words_with(KEEP)

    def add_stopwords(self, *words: str) -> None:
        """Stop counting these words in this project (one undo step)."""
        self._set_role("Add stopwords", words, STOP)

    def keep_words(self, *words: str) -> None:
        """Count these shipped stopwords in this project after all (one undo step)."""
        self._set_role("Count stopwords", words, KEEP)

    def reset_words(self, *words: str) -> None:
        """Forget this project's stopword choice for these words (one undo step)."""
        with self._operation("Reset stopwords"):
            for word in words:
                row_id = self._db.scalar("SELECT id FROM dictionary_terms WHERE term = ? AND "
                                         "pos IN (?, ?)", (" ".join(word.split()), STOP, KEEP))
                if row_id is not None:
                    self._db.delete("dictionary_terms", row_id)

    def _words_with(self, role: str) -> list[str]:
        return [r[0] for r in self._db.query(
            "SELECT term FROM dictionary_terms WHERE pos = ? ORDER BY term", (role,))]

    def _set_role(self, label: str, words, role: str) -> None:
        clean = [w for w in dict.fromkeys(" ".join((w or "").split()).lower() for w in words) if w]
        if not clean:
            raise InvalidInputError(tr("A dictionary term cannot be empty."))
        with self._operation(label):
            for word in clean:
                row = self._db.one("SELECT id, pos FROM dictionary_terms WHERE term = ?", (word,))
                if row is None:
                    self._db.insert("dictionary_terms", {"term": word, "pos": role,
                                                         "created": utc_now()})
                elif row["pos"] != role:
                    self._db.update("dictionary_terms", row["id"], {"pos": role})

    def add(self, *terms: str) -> list[str]:
        """Add terms (one undo step); terms already there are skipped. Returns the new ones."""
        clean = []
        for term in terms:
            term = " ".join((term or "").split())
            if not term:
                raise InvalidInputError(tr("A dictionary term cannot be empty."))
            if term not in clean:
                clean.append(term)
        added = []
        with self._operation("Add dictionary terms"):
            for term in clean:
                if self._db.scalar("SELECT id FROM dictionary_terms WHERE term = ? AND pos NOT IN "
                                   "(?, ?)", (term, STOP, KEEP)):
                    continue
                if self._db.scalar("SELECT id FROM dictionary_terms WHERE term = ?", (term,)):
                    raise InvalidInputError(tr(
                        "“{term}” is one of this project's stopword choices; reset it first.",
                        term=term))
                self._db.insert("dictionary_terms", {"term": term, "pos": "nz",
                                                     "created": utc_now()})
                added.append(term)
        return added

    def remove(self, *terms: str) -> None:
        """Remove terms (one undo step); a term not in the dictionary is an error."""
        with self._operation("Remove dictionary terms"):
            for term in terms:
                row_id = self._db.scalar(
                    "SELECT id FROM dictionary_terms WHERE term = ? AND pos NOT IN (?, ?)",
                    (" ".join((term or "").split()), STOP, KEEP))
                if row_id is None:
                    raise NotFoundError(tr("“{term}” is not in the project's dictionary.",
                                           term=term))
                self._db.delete("dictionary_terms", row_id)

    def version(self) -> str:
        """A short hash of the terms: a segmentation made with another version is stale."""
        import hashlib  # loaded when first used: the listing commands start without it

        digest = hashlib.sha1("\n".join(self.terms()).encode("utf-8")).hexdigest()
        return digest[:16]

    # ----- the segmentation cache (used by workbench.analysis.words) -----------------------
    def cached_counts(self, mode: str, version: str) -> dict[int, dict[str, int]]:
        """Word counts by source id cached for ``mode`` and dictionary ``version``."""
        return {r[0]: json.loads(r[1]) for r in self._db.query(
            "SELECT source_id, counts FROM segment_cache WHERE mode = ? AND dictionary_hash = ?",
            (mode, version))}

    def store_counts(self, mode: str, version: str, counts: dict[int, dict[str, int]]) -> bool:
        """Cache word counts by source id; False (nothing stored) in a read-only project."""
        db = self._db
        if db.read_only or db._depth or not counts:
            return False
        conn = db.conn
        with db.transaction():  # a cache, outside undo; a full disk still gets its sentence
            existing = {r[0] for r in conn.execute("SELECT id FROM source_texts")}
            conn.executemany(
                "INSERT OR REPLACE INTO segment_cache (source_id, mode, dictionary_hash, counts) "
                "VALUES (?, ?, ?, ?)",
                [(sid, mode, version, json.dumps(c, ensure_ascii=False, separators=(",", ":")))
                 for sid, c in counts.items() if sid in existing])
            conn.execute("DELETE FROM segment_cache WHERE mode = ? AND dictionary_hash != ?",
                         (mode, version))
        return True

    def text_ids(self) -> list[int]:
        """Ids of the sources that have text (documents, and images with recognised text)."""
        return [r[0] for r in self._db.query("SELECT id FROM source_texts WHERE text != ''")]

    def texts(self, source_ids=None) -> dict[int, str]:
        """Text by source id (all sources with text, or those given), in one query."""
        if source_ids is None:
            return {r[0]: r[1] for r in self._db.query("SELECT id, text FROM source_texts")}
        ids, found = sorted(set(source_ids)), {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update((r[0], r[1]) for r in self._db.query(
                f"SELECT id, text FROM source_texts WHERE id IN ({marks})", tuple(chunk)))
        return found
