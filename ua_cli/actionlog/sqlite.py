"""The action log in a SQLite file: one person's, on their own machine.

WAL mode with synchronous=FULL and a busy timeout let many processes log at
once; SQLite's errors become one line naming the log (a full disk, a read-only
or locked file, a damaged one).
"""

import contextlib
import functools
import itertools
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ua_cli.actionlog.entries import Entry
from ua_cli.actionlog.store import (
    COLUMNS,
    UPSERT_TOTALS,
    ActionLog,
    Cursor,
    Import,
    ImportResult,
    TotalRow,
    sum_up,
)
from ua_cli.errors import UaError

BUSY_TIMEOUT_SECONDS = 60.0


# The table each migration creates, in order (a log of schema N has the first N).
_EXPECTED_TABLES = ("entries", "daily_totals")


class SqliteLog(ActionLog):
    """An action log in a SQLite file, migrated to the current schema."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)
        _create_private_file(path)
        # Many processes opening a new log at once: switching it to WAL can
        # answer "locked" without waiting (SQLite's busy handler is not asked),
        # so the opening is tried again until the busy timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                self._open()
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise UaError(f"{path}: cannot open the action log: {error}") from None
            except sqlite3.DatabaseError as error:
                raise UaError(f"{path}: cannot open the action log: {error}") from None
            time.sleep(0.05)

    def _open(self) -> None:
        self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            # Large pages for a new log: an import fills a b-tree keyed by
            # random ids, which splits a third as often with 16 KiB pages.
            self._db.execute("PRAGMA page_size=16384")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            # Up to 48 MiB of page cache (a limit, not an allocation): most of
            # a large import stays in memory until the commit writes it once,
            # and a million-entry import stays under 300 MiB in all.
            self._db.execute("PRAGMA cache_size=-49152")
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def _version_or_zero(self) -> int:
        tables = {row[0] for row in self._rows("SELECT name FROM sqlite_master WHERE type='table'")}
        if "ua_migrations" not in tables:
            if tables:
                raise UaError(f"{self.path} is a SQLite database, but not a ua action log")
            return 0
        version = self.schema_version()
        missing = _EXPECTED_TABLES[: min(version, len(_EXPECTED_TABLES))]
        if lost := [name for name in missing if name not in tables]:
            raise UaError(
                f"{self.path}: the log's table {lost[0]} is missing; the file is damaged: "
                "restore it from a copy"
            )
        return version

    def _migration_lock(self) -> contextlib.AbstractContextManager[Cursor]:
        return self._transaction()  # BEGIN IMMEDIATE: the write lock

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._errors():
            return self._db.execute(sql, params).fetchall()

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        # A for loop, not `yield from`: closing this generator after the
        # connection (an interrupted sync) must not close the cursor again.
        with self._errors():
            for row in self._db.execute(sql, params):  # noqa: UP028
                yield row

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        """BEGIN IMMEDIATE: take the write lock up front, so two writers never
        deadlock half-way; all or nothing."""
        with self._errors(" nothing was changed"):
            cursor = self._db.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
            except BaseException:
                if self._db.in_transaction:
                    cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")

    @contextlib.contextmanager
    def _errors(self, outcome: str = "") -> Iterator[None]:
        """SQLite's errors as one line naming the log and what to do."""
        try:
            yield
        except sqlite3.Error as error:
            code = getattr(error, "sqlite_errorcode", None) or 0
            reason = _SQLITE_REASONS.get(code & 0xFF, "")
            if not reason:
                reason = str(error) or type(error).__name__
            raise UaError(f"{self.path}: {reason};{outcome or ' see: ua db path'}") from None

    def _loader(self, cursor: Cursor) -> "SortedLoader":
        return SortedLoader(cursor)

    @contextlib.contextmanager
    def importing(self) -> Iterator[Import]:
        """The files wait in temporary tables, which take no lock on the log:
        the log's write lock is held only while they go in, at the end, so
        that people can log while a long import is read (and an import that
        is refused never took it). All is kept, or nothing."""
        cursor = self._db.cursor()
        importer = Import(functools.partial(SortedLoader, cursor))
        try:
            with self._errors(" nothing was changed"):
                yield importer
            with self._transaction():
                importer.finish()
        finally:
            with self._errors(" nothing was changed"):
                for loader in importer.loaders.values():
                    loader.discard()

    def _present(self, ids: list[str]) -> set[str]:
        """Which of `ids` the log has: one indexed lookup each, in SQLite's C loop."""
        db = self._db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT)")
        db.execute("DELETE FROM temp.wanted")
        db.executemany("INSERT INTO temp.wanted (id) VALUES (?)", ((i,) for i in ids))
        rows = db.execute("SELECT id FROM temp.wanted WHERE id IN (SELECT id FROM main.entries)")
        present = {row[0] for row in rows}
        db.execute("DELETE FROM temp.wanted")
        return present

    def close(self) -> None:
        self._db.close()


class SortedLoader:
    """Loads a file's entries the way a table keyed by random ids fills
    fastest: the chunks wait in a temporary table, then go into the log in one
    pass sorted by id (SQLite sorts on disk as needed), so that each page of
    the table is written once, not once per chunk. A million entries go in
    several times faster than chunk by chunk."""

    _tables = itertools.count()

    def __init__(self, cursor: Cursor) -> None:
        self._cursor = cursor
        self._table = f"temp.staged_{next(self._tables)}"
        cursor.execute(f"CREATE TABLE {self._table} ({_STAGED_COLUMNS})")
        self._totals: dict[tuple[str, str, str, str], list[int]] = {}
        self._staged = 0

    def add(self, entries: list[Entry]) -> None:
        # One transaction of the temporary database alone (the log is not
        # locked), not one per row; plain tuples, which the sqlite3 module
        # binds a third faster than named ones.
        self._cursor.execute("BEGIN")
        try:
            self._cursor.executemany(
                f"INSERT INTO {self._table} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                map(tuple, entries),
            )
        except BaseException:
            self._cursor.execute("ROLLBACK")
            raise
        self._cursor.execute("COMMIT")
        self._count(sum_up(entries))
        self._staged += len(entries)

    def done(self) -> ImportResult:
        """Into the log (in the caller's write transaction) with what it lacks."""
        cursor, table = self._cursor, self._table
        already = 0
        if cursor.execute("SELECT 1 FROM main.entries LIMIT 1").fetchall():
            # What the log has already is left out, and out of the totals.
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN (SELECT id FROM main.entries) "
                "RETURNING ua, action, target, date, count"
            )
            already = self._uncount(cursor)
        cursor.execute(
            f"INSERT INTO main.entries ({COLUMNS}) SELECT {COLUMNS} FROM {table} ORDER BY id"
        )
        rows = [(*key, 0, count, n) for key, (count, n) in self._totals.items() if n > 0]
        cursor.executemany(UPSERT_TOTALS, rows)
        return ImportResult(self._staged - already, already)

    def discard(self) -> None:
        self._cursor.execute(f"DROP TABLE IF EXISTS {self._table}")

    def _uncount(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Take rows (ua, action, target, date, count) out of the totals, a
        row at a time as SQLite gives them; say how many there were."""
        seen = 0
        for *key, count in rows:
            total = self._totals[tuple(key)]  # type: ignore[index]
            total[0] -= count
            total[1] -= 1
            seen += 1
        return seen

    def _count(self, totals: list[TotalRow]) -> None:
        for row in totals:
            total = self._totals.setdefault(tuple(row[:4]), [0, 0])
            total[0] += row.count
            total[1] += row.entries


_STAGED_COLUMNS = (
    "id TEXT, ua TEXT, action TEXT, target TEXT, count INTEGER, date TEXT, logged_at TEXT, "
    "note TEXT, detail TEXT"
)


# The SQLite errors people meet (by primary result code), in plain words.
_SQLITE_REASONS = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the log is read-only (check its permissions and its folder's)",
    sqlite3.SQLITE_BUSY: f"the log is busy: another program held it for over {BUSY_TIMEOUT_SECONDS:.0f} s",
    sqlite3.SQLITE_LOCKED: "the log is locked by another program",
    sqlite3.SQLITE_CORRUPT: "the log is damaged; restore it from a copy",
    sqlite3.SQLITE_NOTADB: "this is not a ua action log (nor any SQLite database)",
    sqlite3.SQLITE_IOERR: "the disk could not be read or written",
    sqlite3.SQLITE_CANTOPEN: "the log cannot be opened",
}


def _create_private_file(path: Path) -> None:
    """Create the log readable by its owner only; the folder too."""
    if path.exists():
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # another process created it first
    except OSError as error:
        raise UaError(f"cannot create the action log {path}: {error.strerror}") from None
    os.close(descriptor)
