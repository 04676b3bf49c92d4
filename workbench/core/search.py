"""Full-text search over every source's text (documents and the recognised text of images).

    hits = project.search.find("一网通办")           # [Hit(source_id, start, end)], code points
    lines = project.search.kwic("数据共享", width=20)  # keyword in context, for a thesis table
    result = project.search.kwic_result("数据", first=2000)  # result.total; result.lines(a, b)

An FTS5 table with the trigram tokenizer (``source_search``) finds the sources that contain a
query of three or more characters, Chinese or English, as a substring; the exact positions are then
found in the text itself, so offsets are Python (code point) offsets like codings'. Queries of one
or two characters are below the trigram size and use ``instr`` over the texts instead.

The index is small enough to travel in the project file (a project is mailed to a co-coder, and
the first search there must not wait for an index): it reads the texts from ``source_texts``
(external content, no second copy of every text) and keeps only which sources hold each trigram
(``detail=none``, no positions), about 5 % of the text instead of three times it. It can then
only answer LIKE, not phrase queries: the rows it names are candidates, and the text itself says
where the query is. An index of the earlier, larger kind (``OLD_INDEX``) is replaced at the next
search.

The index is derived data: it is created on first use (not in a migration, so a SQLite build
without FTS5/trigram still opens every project) and brought up to date before each search from
``search_pending``, which triggers on ``source_texts`` fill in the same transaction as any import,
deletion, undo or redo. An external-content index can only forget a text by being told the text
it indexed; texts never change, but a deleted source's text is gone by the next search, so when a
pending source was indexed before (a deletion, an undo, a reused id) the index is rebuilt from the
texts. A read-only project cannot update the index: sources still pending are scanned directly.
Without FTS5 or trigram every search is such a plain scan (slower, same results).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .part import Part

TRIGRAM = 3  # the shortest query the trigram index can answer
# The index as made now, and as projects made before it (store/safety.py accepts both).
INDEX = ("CREATE VIRTUAL TABLE source_search USING fts5(text, tokenize='trigram', "
         "detail='none', content='source_texts', content_rowid='id')")
OLD_INDEX = "CREATE VIRTUAL TABLE source_search USING fts5(text, tokenize='trigram')"


class Hit(NamedTuple):
    source_id: int
    start: int  # code points into the source's text
    end: int


class KwicLine(NamedTuple):  # a tuple: tens of thousands are made per search
    source_id: int
    title: str
    date: str | None
    start: int
    end: int
    left: str
    hit: str
    right: str


class Search(Part):
    _fts: bool | None = None  # None: not yet known for this connection

    def _forget_cached(self) -> None:
        self._fts = None

    def find(self, query: str, *, source_ids=None, limit: int | None = None) -> list[Hit]:
        """Every occurrence of ``query`` (case-insensitive for Latin letters), in source order."""
        query = (query or "").strip()
        wanted = None if source_ids is None else set(source_ids)
        hits: list[Hit] = []
        for source_id, text in self._texts(query) if query else ():
            if wanted is not None and source_id not in wanted:
                continue
            for start, end in _spans(text, query):
                hits.append(Hit(source_id, start, end))
                if limit is not None and len(hits) >= limit:
                    return hits
        return hits

    def kwic(self, query: str, *, width: int = 20, source_ids=None,
             limit: int | None = None) -> list[KwicLine]:
        """Keyword in context: ``width`` characters each side of every hit (line breaks shown as
        spaces), with the source's title and date."""
        query = (query or "").strip()
        if not query:
            return []
        meta = {r["id"]: (r["title"], r["date"]) for r in self._db.query(
            "SELECT id, title, date FROM sources")}
        wanted = None if source_ids is None else set(source_ids)
        lines: list[KwicLine] = []
        for source_id, text in self._texts(query):
            if wanted is not None and source_id not in wanted:
                continue
            title, date = meta.get(source_id, ("", None))
            for start, end in _spans(text, query):
                lines.append(_line(text, source_id, title, date, start, end, width))
                if limit is not None and len(lines) >= limit:
                    return lines
        return lines

    def kwic_result(self, query: str, *, width: int = 20, source_ids=None,
                    first: int = 2000, order: str = "source") -> "KwicResult":
        """Keyword in context for a long list: every hit is counted (``result.total``) but KWIC
        lines are built only for the first ``first`` hits while the texts are read; later ones
        are built on request, a page at a time (``result.lines(start, stop)``), from the few
        sources they lie in. With ``order="source"`` the same order and lines as :meth:`kwic`;
        ``order="date"`` takes the sources by date (undated last), then in source order."""
        query = (query or "").strip()
        if order not in ("source", "date"):
            raise ValueError(f"order must be 'source' or 'date', not {order!r}")
        result = KwicResult(self, query, width, order)
        if not query:
            return result
        meta = result._meta()
        wanted = None if source_ids is None else set(source_ids)
        lines = result._first
        caseless = query.lower() == query.upper()
        for source_id, text in self._texts(query, order):
            if wanted is not None and source_id not in wanted:
                continue
            room = first - len(lines)
            if room > 0:
                title, date = meta.get(source_id, ("", None))
                n = 0
                for start, end in _spans(text, query):
                    n += 1
                    if n <= room:
                        lines.append(_line(text, source_id, title, date, start, end, width))
                    elif caseless:  # the rest of this text is only counted
                        n += text.count(query, end)
                        break
            elif caseless:
                n = text.count(query)
            else:
                n = sum(1 for _ in _spans(text, query))
            if n:
                result._counts.append((source_id, n))
                result.total += n
        return result

    def uses_index(self) -> bool:
        """True when this SQLite build has FTS5 with the trigram tokenizer."""
        return self._ensure_index()

    # ----- the index -----------------------------------------------------------------------
    def _texts(self, query: str, order: str = "source"):
        """(source_id, text) of the sources that may contain ``query``, in id order (or by
        date, then id, for ``order="date"``)."""
        by_date = order == "date"
        # The index answers a LIKE only without ESCAPE: a query with % or _ scans instead.
        if len(query) >= TRIGRAM and "%" not in query and "_" not in query and \
                self._ensure_index():
            self._sync()
            ids = {r[0] for r in self._db.query(
                "SELECT rowid FROM source_search WHERE text LIKE ?", (f"%{query}%",))}
            # Pending sources (only in a read-only project) are checked directly.
            pending = {r[0] for r in self._db.query("SELECT source_id FROM search_pending")}
            ids |= pending
            ordered = sorted(ids)
            if by_date:
                dates = {r[0]: r[1] for r in self._db.query("SELECT id, date FROM sources")}
                ordered.sort(key=lambda i: (dates.get(i) is None, dates.get(i) or "", i))
            # Chunks of the ordered ids, each read in the same order (texts are streamed).
            sort = "s.date IS NULL, s.date, t.id" if by_date else "t.id"
            for i in range(0, len(ordered), 500):
                chunk = ordered[i:i + 500]
                marks = ", ".join("?" for _ in chunk)
                for row in self._db.iterate(
                        "SELECT t.id, t.text FROM source_texts t LEFT JOIN sources s "
                        f"ON s.id = t.id WHERE t.id IN ({marks}) ORDER BY {sort}", chunk):
                    if row[1]:
                        yield row[0], row[1]
            return
        # Short queries (and builds without trigram): a plain scan, narrowed by instr() or LIKE.
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        sort = "s.date IS NULL, s.date, t.id" if by_date else "t.id"
        for row in self._db.iterate(
                "SELECT t.id, t.text FROM source_texts t LEFT JOIN sources s ON s.id = t.id "
                f"WHERE t.text LIKE ? ESCAPE '\\' ORDER BY {sort}", (f"%{escaped}%",)):
            yield row[0], row[1]

    def _ensure_index(self) -> bool:
        if self._fts is not None:
            return self._fts
        sql = self._db.scalar("SELECT sql FROM sqlite_master WHERE name = 'source_search'")
        exists = sql is not None
        if self._db.read_only:
            # An old index answers phrase queries only; a read-only file scans instead.
            self._fts = exists and " ".join(sql.split()) == INDEX
            return self._fts
        if not exists or " ".join(sql.split()) != INDEX:
            try:
                # A full disk leaves as DiskFullError, not as "this SQLite has no FTS5".
                with self._db.transaction():
                    self._db.conn.execute("DROP TABLE IF EXISTS source_search")
                    self._db.conn.execute(INDEX)
                    self._db.conn.execute("DELETE FROM search_pending")
                    self._db.conn.execute("INSERT INTO source_search (source_search) "
                                          "VALUES ('rebuild')")
                exists = True
            except self._db.conn.OperationalError:  # no FTS5 or no trigram tokenizer in this SQLite
                exists = False
        self._fts = exists
        return exists

    def _sync(self) -> None:
        """Bring the index up to date with ``source_texts`` (not an undoable change)."""
        if self._db.read_only or self._db._depth:
            return
        pending = [r[0] for r in self._db.query("SELECT source_id FROM search_pending")]
        if not pending:
            return
        conn = self._db.conn
        # Indexed before (see the module text): only a rebuild forgets what it held.
        again = self._db.scalar("SELECT count(*) FROM source_search_docsize d JOIN "
                                "search_pending p ON p.source_id = d.id")
        with self._db.transaction():
            if again:
                conn.execute("INSERT INTO source_search (source_search) VALUES ('rebuild')")
            else:
                conn.execute("INSERT INTO source_search (rowid, text) SELECT t.id, t.text "
                             "FROM source_texts t JOIN search_pending p ON p.source_id = t.id")
            conn.execute("DELETE FROM search_pending")


class KwicResult:
    """The hits of one search: ``total`` counted at once, KWIC lines built a page at a time.
    ``lines(start, stop)`` reads only the sources that hold hits ``start`` … ``stop - 1``."""

    def __init__(self, search: "Search", query: str, width: int, order: str = "source") -> None:
        self._search, self.query, self.width, self.order = search, query, width, order
        self.total = 0
        self._counts: list[tuple[int, int]] = []  # (source id, hits), in hit order
        self._first: list[KwicLine] = []  # built while searching

    def __len__(self) -> int:
        return self.total

    def _meta(self) -> dict[int, tuple[str, str | None]]:
        return {r["id"]: (r["title"], r["date"]) for r in self._search._db.query(
            "SELECT id, title, date FROM sources")}

    def lines(self, start: int = 0, stop: int | None = None) -> list[KwicLine]:
        """KWIC lines of hits ``start`` up to (not including) ``stop`` (default: all)."""
        stop = self.total if stop is None else min(stop, self.total)
        start = max(0, start)
        if start >= stop:
            return []
        if stop <= len(self._first):
            return self._first[start:stop]
        wanted, before = [], 0  # the sources holding the hits, and the hits before each
        for source_id, n in self._counts:
            if before + n > start and before < stop:
                wanted.append((source_id, before))
            before += n
            if before >= stop:
                break
        texts = self._search._project.dictionary.texts([sid for sid, _ in wanted])
        meta = self._meta()
        out: list[KwicLine] = []
        for source_id, before in wanted:
            text = texts.get(source_id, "")
            title, date = meta.get(source_id, ("", None))
            for n, (s, e) in enumerate(_spans(text, self.query), before):
                if n >= stop:
                    break
                if n >= start:
                    out.append(_line(text, source_id, title, date, s, e, self.width))
        return out


def _line(text: str, source_id: int, title: str, date: str | None, start: int, end: int,
          width: int) -> KwicLine:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    if "\n" in left or "\r" in left or "\t" in left:
        left = " ".join(left.split(None)) if left.strip() else ""
    if "\n" in right or "\r" in right or "\t" in right:
        right = " ".join(right.split(None)) if right.strip() else ""
    return KwicLine(source_id, title, date, start, end, left, text[start:end], right)


def _spans(text: str, query: str):
    """(start, end) of every non-overlapping occurrence, in code points. A query without
    letters that have case (Chinese, digits) uses str.find, which is several times faster than
    a regular expression; otherwise a case-insensitive regular expression."""
    if query.lower() == query.upper():
        size, at = len(query), text.find(query)
        while at != -1:
            yield at, at + size
            at = text.find(query, at + size)
        return
    for match in re.finditer(re.escape(query), text, re.IGNORECASE):
        yield match.start(), match.end()
