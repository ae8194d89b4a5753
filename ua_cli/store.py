"""The action log: every action people took, one row each, in SQLite.

All SQL lives here, behind a narrow interface (append, add_new, totals, history,
find, delete, entries), so a shared PostgreSQL log can offer the same one.

Durability: WAL mode with synchronous=FULL and one transaction per change, so
an entry is on disk when the command returns and many processes can log at the
same time (a busy timeout makes them wait their turn instead of failing).
Reports read running totals kept in the same transactions as the entries.
"""

import collections
import contextlib
import itertools
import operator
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from ua_cli.actions import Entry, utc_now
from ua_cli.errors import UaError
from ua_cli.migrations import MIGRATIONS

BUSY_TIMEOUT_SECONDS = 60.0
_ENTRY_COLUMNS = "id, ua, action, target, count, date, logged_at, note"


class TotalRow(NamedTuple):
    """The sum of one kind of action to one target on one day."""

    ua: str
    action: str
    target: str
    date: str
    count: int
    entries: int


class Filter(NamedTuple):
    """Which entries a report counts; None means no limit."""

    uas: tuple[str, ...] | None = None
    since: str | None = None
    until: str | None = None


class ImportResult(NamedTuple):
    added: int
    already: int


class ActionLog:
    """An open action log (a SQLite file), migrated to the current schema."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)
        _create_private_file(path)
        try:
            self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA temp_store=MEMORY")
            # Up to 128 MiB of page cache (a limit, not an allocation): a large
            # import then stays in memory until the commit writes it once.
            self._db.execute("PRAGMA cache_size=-131072")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise UaError(f"{path}: cannot open the action log: {error}") from None

    # -- set-up ------------------------------------------------------------

    def execute(self, sql: str) -> object:
        """Run one statement; migrations use this."""
        return self._db.execute(sql)

    def _schema_version(self) -> int:
        tables = {
            row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "ua_migrations" not in tables:
            if tables:
                raise UaError(f"{self.path} is a SQLite database, but not a ua action log")
            return 0
        return self._db.execute("SELECT COALESCE(MAX(version), 0) FROM ua_migrations").fetchone()[0]

    def _check_not_newer(self, version: int) -> None:
        if version > len(MIGRATIONS):
            raise UaError(
                f"{self.path} was written by a newer version of ua (schema {version}; this one "
                f"knows up to {len(MIGRATIONS)}); upgrade ua to use it"
            )

    def _migrate(self) -> None:
        version = self._schema_version()
        self._check_not_newer(version)
        if version == len(MIGRATIONS):
            return
        with self._transaction():
            # Again under the write lock: another process may have migrated.
            version = self._schema_version()
            self._check_not_newer(version)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS ua_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
                step(self)
                self._db.execute(
                    "INSERT INTO ua_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (number, step.__name__, utc_now()),
                )

    def schema_version(self) -> int:
        return self._schema_version()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: take the write lock up front, so two writers never
        deadlock half-way; all or nothing."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "ActionLog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------

    def append(self, entries: Sequence[Entry]) -> None:
        """Add new entries (fresh ids) in one transaction."""
        with self._transaction() as db:
            db.executemany(
                f"INSERT INTO entries ({_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entries
            )
            _add_all_to_totals(db, entries)

    def add_new(self, entries: list[Entry]) -> ImportResult:
        """Add the entries whose id the log does not have yet, in one transaction.

        Importing the same entries twice, or two overlapping files, adds each
        once. `entries` must not repeat an id (the reader sees to that).
        """
        # Sorted by id, the rows go into the id-keyed table in order: several
        # times faster than at random places for a large import.
        given = len(entries)
        entries = sorted(entries, key=operator.itemgetter(0))
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM entries LIMIT 1").fetchone():
                present = self._present(db, [entry.id for entry in entries])
                entries = [entry for entry in entries if entry.id not in present]
            db.executemany(
                f"INSERT INTO entries ({_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entries
            )
            _add_all_to_totals(db, entries)
        return ImportResult(added=len(entries), already=given - len(entries))

    @staticmethod
    def _present(db: sqlite3.Connection, ids: list[str]) -> set[str]:
        """Which of `ids` the log has: one indexed lookup each, in SQLite's C loop."""
        db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT)")
        db.execute("DELETE FROM temp.wanted")
        db.executemany("INSERT INTO temp.wanted (id) VALUES (?)", ((i,) for i in ids))
        rows = db.execute("SELECT id FROM temp.wanted WHERE id IN (SELECT id FROM main.entries)")
        present = {row[0] for row in rows}
        db.execute("DELETE FROM temp.wanted")
        return present

    def delete(self, entry_id: str) -> Entry:
        """Remove one entry (by full id) and take it out of the totals."""
        with self._transaction() as db:
            row = db.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                raise UaError(f"no entry with id {entry_id}")
            entry = Entry(*row)
            db.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            _remove_from_totals(db, entry)
        return entry

    # -- reading -----------------------------------------------------------

    def totals(self, where: Filter, extra: Sequence[Entry] = ()) -> list[TotalRow]:
        """Totals per UA, action, target and day; `extra` entries (from export
        files) count too, unless the log already has them or they repeat."""
        clause, params = _filter_sql(where)
        rows = self._db.execute(
            "SELECT ua, action, target, date, count, entries FROM daily_totals"
            f"{clause} ORDER BY ua, date, action, target",
            params,
        ).fetchall()
        result = [TotalRow(*row) for row in rows]
        if extra:
            result += self._extra_totals(where, extra)
        return result

    def _extra_totals(self, where: Filter, extra: Sequence[Entry]) -> list[TotalRow]:
        # A temporary table: the log itself is only read.
        db = self._db
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS extra ("
            "id TEXT PRIMARY KEY, ua, action, target, count, date, logged_at, note)"
        )
        db.execute("DELETE FROM temp.extra")
        db.executemany(
            f"INSERT OR IGNORE INTO temp.extra ({_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            extra,
        )
        clause, params = _filter_sql(where, prefix=" AND ")
        rows = db.execute(
            "SELECT ua, action, target, date, SUM(count), COUNT(*) FROM temp.extra "
            f"WHERE id NOT IN (SELECT id FROM main.entries){clause} "
            "GROUP BY ua, action, target, date",
            params,
        ).fetchall()
        db.execute("DELETE FROM temp.extra")
        return [TotalRow(*row) for row in rows]

    def uas(self) -> list[str]:
        """The UAs the log has entries for."""
        rows = self._db.execute("SELECT DISTINCT ua FROM daily_totals ORDER BY ua")
        return [row[0] for row in rows]

    def ua_totals(self, ua: str) -> dict[str, int]:
        """Action -> count for one UA."""
        rows = self._db.execute(
            "SELECT action, SUM(count) FROM daily_totals WHERE ua = ? GROUP BY action", (ua,)
        )
        return dict(rows.fetchall())

    def history(self, limit: int) -> list[Entry]:
        """The most recently logged entries, newest first."""
        rows = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries ORDER BY logged_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [Entry(*row) for row in rows]

    def find(self, id_prefix: str) -> list[Entry]:
        """Entries whose id starts with `id_prefix` (at most two: enough to tell)."""
        rows = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE substr(id, 1, ?) = ? LIMIT 2",
            (len(id_prefix), id_prefix.lower()),
        )
        return [Entry(*row) for row in rows]

    def entries(self, *, since: str | None = None, ua: str | None = None) -> Iterator[Entry]:
        """Every entry in the order logged, optionally from a date on or for one UA."""
        clause, params = _filter_sql(Filter(uas=(ua,) if ua else None, since=since))
        cursor = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries{clause} ORDER BY logged_at, id", params
        )
        for row in cursor:
            yield Entry(*row)

    def count_entries(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]


def _remove_from_totals(db: sqlite3.Connection, entry: Entry) -> None:
    key = (entry.ua, entry.action, entry.target, entry.date)
    db.execute(
        "UPDATE daily_totals SET count = count - ?, entries = entries - 1 "
        "WHERE ua = ? AND action = ? AND target = ? AND date = ?",
        (entry.count, *key),
    )
    db.execute(
        "DELETE FROM daily_totals WHERE ua = ? AND action = ? AND target = ? AND date = ? "
        "AND entries <= 0",
        key,
    )


def _add_all_to_totals(db: sqlite3.Connection, entries: Sequence[Entry]) -> None:
    """Add entries to the running totals: summed here, one upsert per day and kind.

    Counted with C-level iterators: most entries count one action, so only the
    others need a Python step (a million entries otherwise take a second).
    """
    key = operator.itemgetter(1, 2, 3, 5)  # ua, action, target, date
    entries_per_key = collections.Counter(map(key, entries))
    sums = collections.Counter(entries_per_key)
    not_one = map((1).__ne__, map(operator.itemgetter(4), entries))
    for entry in itertools.compress(entries, not_one):
        sums[key(entry)] += entry.count - 1
    db.executemany(
        "INSERT INTO daily_totals (ua, action, target, date, count, entries) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ua, action, target, date) DO UPDATE SET "
        "count = count + excluded.count, entries = entries + excluded.entries",
        [(*k, sums[k], n) for k, n in entries_per_key.items()],
    )


def _filter_sql(where: Filter, prefix: str = " WHERE ") -> tuple[str, list[str]]:
    conditions: list[str] = []
    params: list[str] = []
    if where.uas is not None:
        conditions.append(f"ua IN ({', '.join('?' for _ in where.uas)})")
        params += where.uas
    if where.since:
        conditions.append("date >= ?")
        params.append(where.since)
    if where.until:
        conditions.append("date <= ?")
        params.append(where.until)
    return (prefix + " AND ".join(conditions) if conditions else ""), params


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


def open_log(location: str) -> ActionLog:
    """Open the action log at `location` (a file path)."""
    return ActionLog(Path(location).expanduser())
