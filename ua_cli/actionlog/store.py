"""The action log: every action people took, one row each.

Two backends behind one narrow interface (append, add_new, delete, totals,
history, find, entries), `ActionLog`: sqlite.py, a file for one person, and
postgres.py, one database a whole team logs into. The SQL both share lives here,
written once with `?` placeholders; the PostgreSQL connection turns them into `%s`.

Durability: one transaction per change, so an entry is stored when the command
returns; in SQLite, WAL mode with synchronous=FULL and a busy timeout let many
processes log at once. Reports read running totals (daily_totals) kept in the
same transactions as the entries, never a scan of a million rows.
"""

import collections
import contextlib
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol

from ua_cli.actionlog.entries import Entry
from ua_cli.actionlog.migrations import MIGRATIONS
from ua_cli.errors import UaError

COLUMNS = "id, ua, action, target, count, date, logged_at, note, detail"
INSERT = f"INSERT INTO entries ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
UPSERT_TOTALS = (
    "INSERT INTO daily_totals (ua, action, target, date, shard, count, entries) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ua, action, target, date, shard) DO UPDATE SET "
    "count = daily_totals.count + excluded.count, "
    "entries = daily_totals.entries + excluded.entries"
)


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


class RefusedData(UaError):
    """The database refused what it was given (a value too large, a character
    it cannot store); the log is as it was."""


class ImportResult(NamedTuple):
    added: int
    already: int


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...
    def executemany(self, sql: str, rows: Any) -> Any: ...


class ActionLog:
    """What both backends share: the SQL of every operation."""

    location: str
    dialect: str

    # Each backend: run a query; a transaction yielding a cursor; its inserts.
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _transaction(self) -> contextlib.AbstractContextManager[Cursor]:
        raise NotImplementedError

    def _present(self, ids: list[str]) -> set[str]:
        raise NotImplementedError

    def _loader(self, cursor: Cursor) -> "Loader":
        """What adds a file's (or a batch's) entries whose id the log lacks,
        in the transaction of `cursor`."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> "ActionLog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema --------------------------------------------------------------

    def schema_version(self) -> int:
        return self._rows("SELECT COALESCE(MAX(version), 0) FROM ua_migrations")[0][0]

    def _check_not_newer(self, version: int) -> None:
        if version > len(MIGRATIONS):
            raise UaError(
                f"{self.location} was written by a newer version of ua (schema {version}; this "
                f"one knows up to {len(MIGRATIONS)}); upgrade ua to use it"
            )

    def _version_or_zero(self) -> int:
        raise NotImplementedError

    def _migration_lock(self) -> contextlib.AbstractContextManager[Cursor]:
        """A transaction in which no other client can migrate at the same time."""
        raise NotImplementedError

    def _migrate(self) -> None:
        """Bring the schema up to date, checking again under the lock: another
        process may have migrated between the first look and the lock."""
        version = self._version_or_zero()
        self._check_not_newer(version)
        if version == len(MIGRATIONS):
            return
        with self._migration_lock() as cursor:
            version = self._version_or_zero()
            self._check_not_newer(version)
            self._apply_migrations(cursor, version)

    def _apply_migrations(self, cursor: Cursor, version: int) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS ua_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        runner = MigrationRunner(self.dialect, cursor)
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            step(runner)
            # The database's own clock: when its schema changed is a fact about
            # the database, which nothing in ua reads back or compares.
            cursor.execute(
                "INSERT INTO ua_migrations (version, name, applied_at) "
                "VALUES (?, ?, CURRENT_TIMESTAMP)",
                (number, step.__name__),
            )

    # -- writing -------------------------------------------------------------

    def append(self, entries: Sequence[Entry]) -> None:
        """Add new entries (fresh ids) in one transaction."""
        with self._transaction() as cursor:
            cursor.executemany(INSERT, entries)
            self._add_to_totals(cursor, entries)

    def add_new(self, entries: Sequence[Entry]) -> ImportResult:
        """Add the entries whose id the log does not have yet, in one transaction.

        Importing the same entries twice, or two overlapping files, adds each
        once. `entries` must not repeat an id (the reader sees to that).
        """
        with self.importing() as importer:
            importer.add(0, list(entries))
        return importer.results.get(0, ImportResult(0, 0))

    @contextlib.contextmanager
    def importing(self) -> Iterator["Import"]:
        """One transaction for a whole import: all of it is kept when the
        block ends, nothing if it raises (or the process is killed)."""
        with self._transaction() as cursor:
            importer = Import(functools.partial(self._loader, cursor))
            yield importer
            importer.finish()

    def _add_to_totals(self, cursor: Cursor, entries: Sequence[Entry]) -> None:
        """Add entries to the running totals: summed here, one upsert per day,
        kind and shard."""
        rows = [
            (*total[:4], shard, total.count, total.entries)
            for shard, group in self._by_shard(entries)
            for total in sum_up(group)
        ]
        cursor.executemany(UPSERT_TOTALS, rows)

    def _by_shard(self, entries: Sequence[Entry]) -> Iterable[tuple[int, Sequence[Entry]]]:
        """Entries grouped by the running-total row they count in (see
        migrations.m005_sharded_totals); one group in a log with one writer."""
        return [(0, entries)]

    def delete(self, entry_id: str) -> Entry:
        """Remove one entry (by full id) and take it out of the totals."""
        with self._transaction() as cursor:
            cursor.execute(f"SELECT {COLUMNS} FROM entries WHERE id = ?", (entry_id,))
            row = cursor.fetchone()
            if row is None:
                raise UaError(f"no entry with id {entry_id}")
            entry = Entry(*row)
            cursor.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            [(shard, _)] = self._by_shard([entry])
            key = (entry.ua, entry.action, entry.target, entry.date, shard)
            cursor.execute(
                "UPDATE daily_totals SET count = count - ?, entries = entries - 1 "
                "WHERE ua = ? AND action = ? AND target = ? AND date = ? AND shard = ?",
                (entry.count, *key),
            )
            cursor.execute(
                "DELETE FROM daily_totals WHERE ua = ? AND action = ? AND target = ? "
                "AND date = ? AND shard = ? AND entries <= 0",
                key,
            )
        return entry

    # -- reading -------------------------------------------------------------

    def totals(self, where: Filter, extra: Sequence[Entry] = ()) -> list[TotalRow]:
        """Totals per UA, action, target and day, summed in the database; `extra`
        entries (from export files) count too, unless the log has them already."""
        clause, params = _filter_sql(where)
        rows = self._rows(
            "SELECT ua, action, target, date, CAST(SUM(count) AS BIGINT), "
            f"CAST(SUM(entries) AS BIGINT) FROM daily_totals{clause} "
            "GROUP BY ua, action, target, date ORDER BY ua, date, action, target",
            params,
        )
        result = [TotalRow(*row) for row in rows]
        if extra:
            present = self._present([entry.id for entry in extra])
            unique = _first_of_each_id(
                e for e in extra if e.id not in present and _matches(e, where)
            )
            result += sum_up(list(unique.values()))
        return result

    def call_outcomes(self, where: Filter, extra: Sequence[Entry] = ()) -> dict[str, int]:
        """Calls and call attempts per outcome ('' for calls logged without one):
        a scan of the calls alone, for `ua report --by outcome`."""
        clause, params = _filter_sql(where, prefix=" AND ")
        rows = self._rows(
            "SELECT COALESCE(detail, ''), SUM(count) FROM entries "
            f"WHERE action IN ('call', 'call_attempt'){clause} GROUP BY COALESCE(detail, '')",
            params,
        )
        outcomes = collections.Counter({detail: int(count) for detail, count in rows})
        if extra:
            present = self._present([entry.id for entry in extra])
            for entry in _first_of_each_id(e for e in extra if e.id not in present).values():
                if entry.action in ("call", "call_attempt") and _matches(entry, where):
                    outcomes[entry.detail or ""] += entry.count
        return dict(outcomes)

    def uas(self) -> list[str]:
        """The UAs the log has entries for."""
        return [row[0] for row in self._rows("SELECT DISTINCT ua FROM daily_totals ORDER BY ua")]

    def ua_totals(self, ua: str) -> dict[str, int]:
        """Action -> count for one UA."""
        sql = (
            "SELECT action, CAST(SUM(count) AS BIGINT) FROM daily_totals "
            "WHERE ua = ? GROUP BY action"
        )
        return {action: int(count) for action, count in self._rows(sql, (ua,))}

    def history(self, limit: int) -> list[Entry]:
        """The most recently logged entries, newest first."""
        sql = f"SELECT {COLUMNS} FROM entries ORDER BY logged_at DESC, id DESC LIMIT ?"
        return [Entry(*row) for row in self._rows(sql, (limit,))]

    def find(self, id_prefix: str) -> list[Entry]:
        """Entries whose id starts with `id_prefix` (at most two: enough to tell)."""
        sql = f"SELECT {COLUMNS} FROM entries WHERE substr(id, 1, ?) = ? LIMIT 2"
        return [Entry(*row) for row in self._rows(sql, (len(id_prefix), id_prefix.lower()))]

    def entries(self, *, since: str | None = None, ua: str | None = None) -> Iterator[Entry]:
        """Every entry in the order logged, optionally from a date on or for one UA."""
        clause, params = _filter_sql(Filter(uas=(ua,) if ua else None, since=since))
        sql = f"SELECT {COLUMNS} FROM entries{clause} ORDER BY logged_at, id"
        return (Entry(*row) for row in self._stream(sql, params))

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        yield from self._rows(sql, params)

    def count_entries(self) -> int:
        return self._rows("SELECT COUNT(*) FROM entries")[0][0]


class Loader(Protocol):
    """Loads one file's entries into the log: chunk after chunk, then `done`
    says what was added and what the log had already."""

    def add(self, entries: list[Entry]) -> None: ...
    def done(self) -> ImportResult: ...
    def discard(self) -> None: ...  # what it still holds, once the import has ended


class ChunkLoader:
    """A Loader that adds each chunk as it comes."""

    def __init__(self, insert_new: Callable[[list[Entry]], int]) -> None:
        self._insert_new = insert_new
        self._added = self._given = 0

    def add(self, entries: list[Entry]) -> None:
        self._added += self._insert_new(entries)
        self._given += len(entries)

    def done(self) -> ImportResult:
        return ImportResult(self._added, self._given - self._added)

    def discard(self) -> None:
        pass  # it holds nothing: each chunk went in as it came


class Import:
    """An import's chunks of entries, from one source (the files given, by
    their place in the list) after another, each with a Loader of its own."""

    def __init__(self, new_loader: Callable[[], Loader]) -> None:
        self._new_loader = new_loader
        self.loaders: dict[int, Loader] = {}
        self.results: dict[int, ImportResult] = {}

    def add(self, source: int, entries: list[Entry]) -> None:
        """Add the entries whose id the log lacks (each id once in a source;
        each source after the ones before), counted under `source`."""
        if source not in self.loaders:
            self.loaders[source] = self._new_loader()
        self.loaders[source].add(entries)

    def finish(self) -> None:
        """Load what the loaders hold, source after source, into `results`."""
        for source, loader in self.loaders.items():
            self.results[source] = loader.done()


class MigrationRunner:
    """What a migration sees: the dialect, and a way to run one statement."""

    def __init__(self, dialect: str, cursor: Cursor) -> None:
        self.dialect = dialect
        self._cursor = cursor

    def execute(self, sql: str) -> object:
        return self._cursor.execute(sql)


def sum_up(entries: Sequence[Entry]) -> list[TotalRow]:
    """Entries summed per UA, action, target and day, with C-level iterators:
    most entries count one action, so only the others need a Python step."""
    key = operator.itemgetter(1, 2, 3, 5)  # ua, action, target, date
    entries_per_key = collections.Counter(map(key, entries))
    sums = collections.Counter(entries_per_key)
    not_one = map((1).__ne__, map(operator.itemgetter(4), entries))
    for entry in itertools.compress(entries, not_one):
        sums[key(entry)] += entry.count - 1
    return [TotalRow(*k, sums[k], n) for k, n in entries_per_key.items()]


def _first_of_each_id(entries: Iterable[Entry]) -> dict[str, Entry]:
    """Each id's first entry: as an import keeps the first file's."""
    first: dict[str, Entry] = {}
    for entry in entries:
        first.setdefault(entry.id, entry)
    return first


def _matches(entry: Entry, where: Filter) -> bool:
    return (
        (where.uas is None or entry.ua in where.uas)
        and (where.since is None or entry.date >= where.since)
        and (where.until is None or entry.date <= where.until)
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
