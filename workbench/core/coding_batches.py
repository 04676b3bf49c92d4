"""Every coding of many sources, a batch of sources at a time, for an export (``project.codings
.rows_by_source``).

Why it is built this way: at ten thousand sources an export formats 625,000 selections, and on
two cores the export is as fast as the one thread that holds Python's lock. Reading the rows as
Python tuples took that thread as long as formatting them (16 values made per row). Here SQLite
writes each batch as text (``_SERIAL``), on a second thread while the caller formats the batch
before: SQLite lets go of Python's lock while it works, and there is one Python object a batch
to hand back, not one a row (a thread that asks for the lock once a row waits for it each
time). The caller's thread only splits the text. The reading thread has a connection of its
own (``Database.second_reader``): SQLite serves one statement of a connection at a time, so the
export's own reads (its files, first) would wait for the batch being read.

What comes back for each source, in reading order (passages in text order after the regions,
ties by id): the usual coding — a passage, never changed, without a memo, stamped as the app
stamps (``…T…Z``) — as a list of nine strings as SQLite's printf wrote them (source id, id, GUID,
element id, coder's name, start, end, created, quote cut to ``quote_chars``); any other coding
as a ``codings.CodingRow`` tuple, read from the JSON SQLite wrote of it (``as_row`` makes one of
a list too). A list is never a row tuple, so the two are told apart by type.

The line's separators are control characters that XML cannot carry; a GUID or coder's name that
holds one (or a NUL, where printf would stop) makes its coding one of the others. A batch whose
quote holds the record separator, or whose text SQLite cannot give (not UTF-8), is read as
tuples instead, in the same order; a quote keeps a unit separator (the export drops it, as it
drops any such character).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from .codings import CodingRow

if TYPE_CHECKING:
    from .store.connection import SecondReader
    from .store.database import Database

_ROW, _FIELD = "\x1e", "\x1f"  # record and unit separators
_AHEAD = 2  # batches read ahead: the first ones while the export writes its files
_COLUMNS = ("c.id, c.guid, c.source_id, c.element_id, k.name, c.start_offset, c.end_offset, "
            "{quote}, c.x, c.y, c.width, c.height, c.memo, c.created, c.page, c.modified")
_FROM = "FROM codings c JOIN coders k ON k.id = c.coder_id"
# The (source_id, start_offset) index's own order (its entries end with the row id): no sort.
_ORDER = "ORDER BY c.source_id, c.start_offset, c.id"
_STAMP = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z"
_CLEAN = "instr({0}, char(30)) + instr({0}, char(31)) + instr({0}, char(0)) = 0"
# The usual coding, whose line splits right: no separator or NUL (which printf stops at) in its
# GUID or coder's name.
_PLAIN = (f"c.x IS NULL AND c.page IS NULL AND c.memo = '' AND c.modified IS NULL "
          f"AND c.created GLOB '{_STAMP}' AND {_CLEAN.format('c.guid')} "
          f"AND {_CLEAN.format('k.name')}")
# One string a batch: a line a coding, written by printf (the quickest SQLite has) for the usual
# one and as its source and id for the others, and the others whole as JSON (exact for every
# value; ``json()`` because the text from the subquery has lost its JSON mark). The outer
# aggregates take the rows in the order the inner query gives them (SQLite does not flatten an
# ordered subquery into an aggregate). A quote holding a record
# separator shows as a wrong count of lines; one holding a NUL ends there, as ``substr`` ends
# it for the tuples too.
_LINE = _FIELD.join(("%d", "%d", "%s", "%d", "%s", "%d", "%d", "%s", "%s"))
_SERIAL = f"""
SELECT count(*), group_concat(line, char(30)),
       json_group_array(json(whole)) FILTER (WHERE whole IS NOT NULL) FROM (
  SELECT CASE WHEN {_PLAIN}
              THEN printf(?, c.source_id, c.id, c.guid, c.element_id, k.name, c.start_offset,
                          c.end_offset, c.created, ifnull({{quote}}, ''))
              ELSE c.source_id || char(31) || c.id END AS line,
         CASE WHEN {_PLAIN} THEN NULL ELSE json_array({_COLUMNS}) END AS whole
  {_FROM} WHERE c.source_id IN ({{marks}}) {_ORDER})
"""


def as_row(fields: list[str]) -> CodingRow:
    """A usual coding's strings as the row tuple that every other coding is."""
    source_id, cid, guid, element_id, coder, start, end, created, quote = fields
    return CodingRow(int(cid), guid, int(source_id), int(element_id), coder, int(start),
                     int(end), quote, None, None, None, None, "", created, None, None)


class SourceBatches:
    """Each of ``source_ids``, in their order, with its codings (see the module's text), as an
    iterable of (source id, rows). The first batches are read from the moment this is made (an
    export makes it before it writes its files), and then always ``_AHEAD`` batches ahead of
    the one the caller works on; no more are held. Close it (or use it in ``with``) when it is
    not read to the end."""

    def __init__(self, db: "Database", source_ids: Iterable[int], *, batch: int = 200,
                 quote_chars: int | None = None):
        ids = list(source_ids)
        self._db, self._reader = db, db.second_reader()
        self._quote = "substr(c.snippet, 1)" if quote_chars is None \
            else f"substr(c.snippet, 1, {int(quote_chars)})"
        self._chunks = [ids[first:first + batch] for first in range(0, len(ids), batch)]
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="codings-read")
        self._ahead: deque[Future] = deque(
            self._pool.submit(_serial, self._reader, self._quote, chunk)
            for chunk in self._chunks[:_AHEAD])

    def __iter__(self) -> Iterator[tuple[int, list]]:
        db, quote, chunks = self._db, self._quote, self._chunks
        try:
            for n, chunk in enumerate(chunks):
                written = self._ahead.popleft().result()
                if n + _AHEAD < len(chunks):
                    self._ahead.append(self._pool.submit(_serial, self._reader, quote,
                                                         chunks[n + _AHEAD]))
                found = _split(written) if written is not None else _tuples(db, quote, chunk)
                for source_id in chunk:
                    yield source_id, found.pop(source_id, [])
        finally:
            self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._reader.close()

    def __enter__(self) -> "SourceBatches":
        return self

    def __exit__(self, *_) -> None:
        self.close()


def _serial(reader: "SecondReader", quote: str, chunk: list[int]) -> tuple[str, str] | None:
    """On the reading thread: the batch's lines and its other codings as JSON; None when it
    must be read as tuples (see the module's text)."""
    sql = _SERIAL.format(quote=quote, marks=",".join("?" * len(chunk)))
    found = reader.one_if_readable(sql, [_LINE, *chunk])
    if found is None:  # read again as tuples, where the usual care applies
        return None
    count, lines, others = found
    if count and lines.count(_ROW) != count - 1:
        return None
    return lines or "", others or "[]"


def _split(written: tuple[str, str]) -> dict[int, list]:
    """The batch's lines as each source's rows, the other codings put in their places."""
    lines, whole = written
    found: dict[int, list] = {}
    if not lines:
        return found
    others = {str(row[0]): CodingRow._make(row) for row in json.loads(whole)}
    every = [line.split(_FIELD, 8) for line in lines.split(_ROW)]  # a quote keeps its own
    for source_id, group in groupby(every, itemgetter(0)):
        found[int(source_id)] = [others.get(r[1], r) for r in group] if others else list(group)
    return found


def _tuples(db: "Database", quote: str, chunk: list[int]) -> dict[int, list]:
    """The codings of the sources in ``chunk`` as row tuples, by source."""
    rows = db.tuples(f"SELECT {_COLUMNS.format(quote=quote)} {_FROM} WHERE c.source_id "
                     f"IN ({','.join('?' * len(chunk))}) {_ORDER}", tuple(chunk))
    return {source_id: list(map(CodingRow._make, group))
            for source_id, group in groupby(rows, itemgetter(2))}  # 2: source_id
