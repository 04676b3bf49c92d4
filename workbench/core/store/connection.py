"""What every connection to a project file is set up with, and the second, read-only connection
a reading thread uses (``core.coding_batches``)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000  # how long a read or a commit waits for the other side (SQLite's lock)

# What tells a project file and its state apart: its GUID, its last change, its last coding.
_SAME = ("SELECT (SELECT guid FROM project_info), (SELECT max(id) FROM undo_steps), "
         "(SELECT max(id) FROM codings)")


def guarded(conn: sqlite3.Connection) -> None:
    """The settings every connection to a project file has."""
    # Readers (the command line, a read-only window) and the one writer share the file: a
    # commit waits for reads under way, a read waits for a commit; both are short.
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA trusted_schema = OFF")
    # A file from elsewhere may be crafted (store/safety.py): check each cell's size as pages
    # are read, no memory-mapped reads (a file changed under a mapping can crash the process),
    # and SQLite's defensive mode where Python has setconfig (3.12+).
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA mmap_size = 0")
    if hasattr(conn, "setconfig"):  # pragma: no cover - Python 3.12 and later
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)


class SecondReader:
    """A second, read-only connection to a project file, opened when first asked, for a thread
    that reads while the project's own connection is busy: SQLite serves one statement at a
    time on a connection, so sharing it would make each wait for the other. It sees what is
    committed, as any reader does; if what it finds at the path is not the project as ``same``
    describes it (the file was moved and another put in its place, or changed in between), it
    reads nothing and the caller reads its slower way."""

    def __init__(self, path: Path | None, same: tuple):
        self.path, self._same = path, same
        self._conn: sqlite3.Connection | None = None
        self._usable = path is not None

    @classmethod
    def of(cls, conn: sqlite3.Connection) -> "SecondReader":
        """One for the file ``conn`` has open, named as SQLite opened it (an absolute path,
        whatever the working folder has become since), to be the project ``conn`` sees now."""
        file = conn.execute("PRAGMA database_list").fetchone()[2]
        return cls(Path(file) if file else None, tuple(conn.execute(_SAME).fetchone()))

    def one_if_readable(self, sql: str, params: tuple | list = ()) -> tuple | None:
        """The first row as a plain tuple, or None when SQLite could not give it (not the
        same file, text that is not UTF-8, a value too large, a writer holding the file too
        long): for a quick way of reading that has a slower one to fall back on."""
        if not self._usable:
            return None
        try:
            if self._conn is None:
                self._conn = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True,
                                             isolation_level=None, check_same_thread=False)
                guarded(self._conn)
                self._usable = self._conn.execute(_SAME).fetchone() == self._same
                if not self._usable:
                    return None
            return self._conn.execute(sql, params).fetchone()
        except sqlite3.Error:
            return None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
