"""A compact copy of a project file to send: VACUUM INTO a new file, then without what can be
made again (segmentation caches), and, as the user chooses, without the undo history and without
the original files of text sources (their text, codings and everything else stay). Originals
stored before they were kept compressed are compressed in the copy (core/compact.py).

The search index stays: it is small (core/search.py keeps no copy of the texts in it) and it
spares the receiver the wait for an index at the first search. Images are always kept: an image
is what its regions are coded on.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..compact import MAGIC, pack_blob
from ..durable import flush_file, flush_folder
from .database import Database

LEFT_OUT = b""  # source_files.data of an original left out of a copy


def write_copy(db: Database, out: Path, *, index_sql: str, originals: bool = True,
               history: bool = False) -> int:
    """Write the copy to ``out`` (replaced whole, or not at all); return its size in bytes.
    ``index_sql`` is the search index as core/search.py makes it now: an index of another form,
    or one with texts still waiting, is made again in the copy (never in the project, which may
    be open read-only, in the window)."""
    partial = out.with_name(out.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        db.conn.execute("VACUUM INTO ?", (str(partial),))  # a consistent snapshot
        conn = sqlite3.connect(partial)
        try:
            conn.execute("DELETE FROM segment_cache")
            if not history:
                conn.execute("DELETE FROM undo_rows")
                conn.execute("DELETE FROM undo_steps")
            _current_index(conn, index_sql)
            _compress_originals(conn)
            if not originals:
                conn.execute("UPDATE source_files SET data = ? WHERE id IN "
                             "(SELECT id FROM sources WHERE kind = 'text')", (LEFT_OUT,))
            conn.commit()
            conn.execute("VACUUM")  # give the space of what was left out back
        finally:
            conn.close()
        flush_file(partial)
        os.replace(partial, out)
        flush_folder(out.parent)
    finally:
        partial.unlink(missing_ok=True)
    return out.stat().st_size


def _current_index(conn: sqlite3.Connection, index_sql: str) -> None:
    row = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'source_search'").fetchone()
    waiting = conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    if row is not None and " ".join(row[0].split()) == index_sql and not waiting:
        return
    try:
        conn.execute("DROP TABLE IF EXISTS source_search")
        conn.execute(index_sql)
        conn.execute("INSERT INTO source_search (source_search) VALUES ('rebuild')")
        conn.execute("DELETE FROM search_pending")
    except sqlite3.OperationalError:  # no FTS5 or trigram in this SQLite: the receiver's makes it
        conn.execute("DROP TABLE IF EXISTS source_search")


def _compress_originals(conn: sqlite3.Connection) -> None:
    """Originals stored before they were compressed (core/compact.py) are compressed in the copy."""
    plain = [r[0] for r in conn.execute(
        "SELECT id FROM source_files WHERE substr(data, 1, ?) IS NOT ?", (len(MAGIC), MAGIC))]
    for source_id in plain:
        (data,) = conn.execute("SELECT data FROM source_files WHERE id = ?",
                               (source_id,)).fetchone()
        packed = pack_blob(data)
        if packed is not data:
            conn.execute("UPDATE source_files SET data = ? WHERE id = ?", (packed, source_id))
