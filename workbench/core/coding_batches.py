"""Every coding of many sources, a batch of sources at a time, for an export (``project.codings
.rows_by_source``).

Why it is built this way: at ten thousand sources an export formats 625,000 selections, and on
two cores the export is as fast as the one thread that holds Python's lock. Reading the rows as
Python tuples took that thread as long as formatting them (16 values made per row). Here SQLite
writes each batch of rows as one string (``_SERIAL``), on a second thread while the caller
formats the batch before: SQLite lets go of Python's lock while it works, and there is one
Python object a batch to hand back, not one a row (a thread that asks for the lock once a row
waits for it each time). The caller's thread only splits the string.

What comes back for each source, in reading order (passages in text order after the regions,
ties by id): the usual coding — a passage, never changed, without a memo, stamped as the app
stamps (``…T…Z``) — as a list of ten strings as SQLite wrote them (source id, id, GUID, element
id, coder's name, start, end, created, "1", quote cut to ``quote_chars``); any other as a
``codings.CodingRow`` tuple (``as_row`` makes one of the list too). A list is never a row tuple,
so the two are told apart by type.

The two separators are control characters that XML cannot carry. A batch in which one could
split wrongly — a GUID or coder's name holding a separator or a NUL, a quote holding the record
separator — or whose text is not UTF-8 is read as tuples instead, in the same order; a quote
keeps a unit separator (the export drops it, as it drops any such character).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from .codings import CodingRow

if TYPE_CHECKING:
    from .store.database import Database

_ROW, _FIELD = "\x1e", "\x1f"  # record and unit separators
_COLUMNS = ("c.id, c.guid, c.source_id, c.element_id, k.name, c.start_offset, c.end_offset, "
            "{quote}, c.x, c.y, c.width, c.height, c.memo, c.created, c.page, c.modified")
_FROM = "FROM codings c JOIN coders k ON k.id = c.coder_id"
# The (source_id, start_offset) index's own order (its entries end with the row id): no sort.
_ORDER = "ORDER BY c.source_id, c.start_offset, c.id"
_STAMP = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z"
_PLAIN = (f"(c.x IS NULL AND c.page IS NULL AND c.memo = '' AND c.modified IS NULL "
          f"AND c.created GLOB '{_STAMP}')")
# One string a batch: a line a coding, written by printf (the quickest SQLite has). The outer
# aggregate takes the lines in the order the inner query gives them (SQLite does not flatten an
# ordered subquery into an aggregate). ``bad`` counts GUIDs and coders' names that would split
# wrongly or be cut short (a separator, a NUL); a quote holding a record separator shows as a
# wrong count of lines, and one holding a NUL ends there, as ``substr`` ends it for the tuples
# too. A region's empty position prints as 0, unused.
_LINE = _FIELD.join(("%d", "%d", "%s", "%d", "%s", "%d", "%d", "%s", "%d", "%s"))
_ODD = "instr({0}, char(30)) + instr({0}, char(31)) + instr({0}, char(0))"
_SERIAL = f"""
SELECT count(*), sum(bad), group_concat(line, char(30)) FROM (
  SELECT printf(?, c.source_id, c.id, c.guid, c.element_id, k.name, c.start_offset,
                c.end_offset, c.created, {_PLAIN}, ifnull({{quote}}, '')) AS line,
         {_ODD.format("c.guid")} + {_ODD.format("k.name")} > 0 AS bad
  {_FROM} WHERE c.source_id IN ({{marks}}) {_ORDER})
"""


def as_row(fields: list[str]) -> CodingRow:
    """A usual coding's strings (``PLAIN``) as the row tuple that every other coding is."""
    source_id, cid, guid, element_id, coder, start, end, created, _, quote = fields
    return CodingRow(int(cid), guid, int(source_id), int(element_id), coder, int(start),
                     int(end), quote, None, None, None, None, "", created, None, None)


class SourceBatches:
    """Each of ``source_ids``, in their order, with its codings (see the module's text), as an
    iterable of (source id, rows). The first batch is read from the moment this is made (an
    export makes it before it writes its files); only two batches are in memory, the next
    being read while the caller works on this one. Close it (or use it in ``with``) when it
    is not read to the end."""

    def __init__(self, db: "Database", source_ids: Iterable[int], *, batch: int = 200,
                 quote_chars: int | None = None):
        ids = list(source_ids)
        self._db = db
        self._quote = "substr(c.snippet, 1)" if quote_chars is None \
            else f"substr(c.snippet, 1, {int(quote_chars)})"
        self._chunks = [ids[first:first + batch] for first in range(0, len(ids), batch)]
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="codings-read")
        self._next = self._pool.submit(_serial, db, self._quote, self._chunks[0]) \
            if self._chunks else None

    def __iter__(self) -> Iterator[tuple[int, list]]:
        db, quote, chunks = self._db, self._quote, self._chunks
        try:
            for n, chunk in enumerate(chunks):
                written = self._next.result()
                if n + 1 < len(chunks):
                    self._next = self._pool.submit(_serial, db, quote, chunks[n + 1])
                found = _split(db, quote, written) if written is not None \
                    else _tuples(db, quote, "c.source_id", chunk)
                for source_id in chunk:
                    yield source_id, found.pop(source_id, [])
        finally:
            self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "SourceBatches":
        return self

    def __exit__(self, *_) -> None:
        self.close()


def _serial(db: "Database", quote: str, chunk: list[int]) -> str | None:
    """On the reading thread: the batch as one string ("" for none); None when it must be read
    as tuples (see the module's text)."""
    sql = _SERIAL.format(quote=quote, marks=",".join("?" * len(chunk)))
    found = db.one_if_readable(sql, [_LINE, *chunk])
    if found is None:  # read again as tuples, where the usual care applies
        return None
    count, bad, written = found
    if bad or (count and written.count(_ROW) != count - 1):
        return None
    return written or ""


def _split(db: "Database", quote: str, written: str) -> dict[int, list]:
    """The batch's string as each source's rows; the few codings that are not the usual
    passage read whole by their ids and put in their places."""
    found: dict[int, list] = {}
    if not written:
        return found
    others: list[int] = []
    every = [line.split(_FIELD, 9) for line in written.split(_ROW)]  # a quote keeps its own
    for source_id, group in groupby(every, itemgetter(0)):
        rows = list(group)
        found[int(source_id)] = rows
        others.extend(int(r[1]) for r in rows if r[8] != "1")
    if others:
        whole: dict[int, CodingRow] = {}
        for first in range(0, len(others), 500):
            whole.update((r[0], r) for rows in _tuples(
                db, quote, "c.id", others[first:first + 500]).values() for r in rows)
        for source_id, rows in found.items():
            found[source_id] = [r if r[8] == "1" else whole[int(r[1])] for r in rows]
    return found


def _tuples(db: "Database", quote: str, key: str, chunk: list[int]) -> dict[int, list]:
    """The codings whose ``key`` (source or coding id) is in ``chunk`` as row tuples, by
    source."""
    rows = db.tuples(f"SELECT {_COLUMNS.format(quote=quote)} {_FROM} WHERE {key} "
                     f"IN ({','.join('?' * len(chunk))}) {_ORDER}", tuple(chunk))
    return {source_id: list(map(CodingRow._make, group))
            for source_id, group in groupby(rows, itemgetter(2))}  # 2: source_id
