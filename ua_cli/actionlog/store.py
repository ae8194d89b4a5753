"""The action log: every action people took, one row each.

Two backends behind one narrow interface (append, add_new, delete, totals,
history, find, entries): SQLite, a file for one person, and PostgreSQL, one
database a whole team logs into. All SQL lives here, written once with `?`
placeholders; the PostgreSQL connection turns them into `%s`.

Durability: one transaction per change, so an entry is stored when the command
returns; in SQLite, WAL mode with synchronous=FULL and a busy timeout let many
processes log at once. Reports read running totals (daily_totals) kept in the
same transactions as the entries, never a scan of a million rows.
"""

import collections
import contextlib
import datetime
import itertools
import operator
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ua_cli.actionlog.entries import Entry, utc_now
from ua_cli.actionlog.migrations import MIGRATIONS
from ua_cli.errors import UaError

BUSY_TIMEOUT_SECONDS = 60.0
_COLUMNS = "id, ua, action, target, count, date, logged_at, note"
_INSERT = f"INSERT INTO entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_UPSERT_TOTALS = (
    "INSERT INTO daily_totals (ua, action, target, date, count, entries) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ua, action, target, date) DO UPDATE SET "
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


class _Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...
    def executemany(self, sql: str, rows: Any) -> Any: ...


class _Log:
    """What both backends share: the SQL of every operation."""

    location: str
    dialect: str

    # Each backend: run a query; a transaction yielding a cursor; its inserts.
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _transaction(self) -> contextlib.AbstractContextManager[_Cursor]:
        raise NotImplementedError

    def _insert_new(self, cursor: _Cursor, entries: list[Entry]) -> list[Entry]:
        raise NotImplementedError

    def _present(self, ids: list[str]) -> set[str]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> "_Log":
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

    def _migration_lock(self) -> contextlib.AbstractContextManager[_Cursor]:
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

    def _apply_migrations(self, cursor: _Cursor, version: int) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS ua_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        runner = _MigrationRunner(self.dialect, cursor)
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            step(runner)
            cursor.execute(
                "INSERT INTO ua_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (number, step.__name__, utc_now()),
            )

    # -- writing -------------------------------------------------------------

    def append(self, entries: Sequence[Entry]) -> None:
        """Add new entries (fresh ids) in one transaction."""
        with self._transaction() as cursor:
            cursor.executemany(_INSERT, entries)
            _add_to_totals(cursor, entries)

    def add_new(self, entries: Sequence[Entry]) -> ImportResult:
        """Add the entries whose id the log does not have yet, in one transaction.

        Importing the same entries twice, or two overlapping files, adds each
        once. `entries` must not repeat an id (the reader sees to that).
        """
        with self._transaction() as cursor:
            added = self._insert_new(cursor, list(entries))
            _add_to_totals(cursor, added)
        return ImportResult(added=len(added), already=len(entries) - len(added))

    def delete(self, entry_id: str) -> Entry:
        """Remove one entry (by full id) and take it out of the totals."""
        with self._transaction() as cursor:
            cursor.execute(f"SELECT {_COLUMNS} FROM entries WHERE id = ?", (entry_id,))
            row = cursor.fetchone()
            if row is None:
                raise UaError(f"no entry with id {entry_id}")
            entry = Entry(*row)
            cursor.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            key = (entry.ua, entry.action, entry.target, entry.date)
            cursor.execute(
                "UPDATE daily_totals SET count = count - ?, entries = entries - 1 "
                "WHERE ua = ? AND action = ? AND target = ? AND date = ?",
                (entry.count, *key),
            )
            cursor.execute(
                "DELETE FROM daily_totals WHERE ua = ? AND action = ? AND target = ? "
                "AND date = ? AND entries <= 0",
                key,
            )
        return entry

    # -- reading -------------------------------------------------------------

    def totals(self, where: Filter, extra: Sequence[Entry] = ()) -> list[TotalRow]:
        """Totals per UA, action, target and day, summed in the database; `extra`
        entries (from export files) count too, unless the log has them already."""
        clause, params = _filter_sql(where)
        rows = self._rows(
            "SELECT ua, action, target, date, count, entries FROM daily_totals"
            f"{clause} ORDER BY ua, date, action, target",
            params,
        )
        result = [TotalRow(*row) for row in rows]
        if extra:
            present = self._present([entry.id for entry in extra])
            unique = {e.id: e for e in extra if e.id not in present and _matches(e, where)}
            result += _sum_up(list(unique.values()))
        return result

    def uas(self) -> list[str]:
        """The UAs the log has entries for."""
        return [row[0] for row in self._rows("SELECT DISTINCT ua FROM daily_totals ORDER BY ua")]

    def ua_totals(self, ua: str) -> dict[str, int]:
        """Action -> count for one UA."""
        sql = "SELECT action, SUM(count) FROM daily_totals WHERE ua = ? GROUP BY action"
        return {action: int(count) for action, count in self._rows(sql, (ua,))}

    def history(self, limit: int) -> list[Entry]:
        """The most recently logged entries, newest first."""
        sql = f"SELECT {_COLUMNS} FROM entries ORDER BY logged_at DESC, id DESC LIMIT ?"
        return [Entry(*row) for row in self._rows(sql, (limit,))]

    def find(self, id_prefix: str) -> list[Entry]:
        """Entries whose id starts with `id_prefix` (at most two: enough to tell)."""
        sql = f"SELECT {_COLUMNS} FROM entries WHERE substr(id, 1, ?) = ? LIMIT 2"
        return [Entry(*row) for row in self._rows(sql, (len(id_prefix), id_prefix.lower()))]

    def entries(self, *, since: str | None = None, ua: str | None = None) -> Iterator[Entry]:
        """Every entry in the order logged, optionally from a date on or for one UA."""
        clause, params = _filter_sql(Filter(uas=(ua,) if ua else None, since=since))
        sql = f"SELECT {_COLUMNS} FROM entries{clause} ORDER BY logged_at, id"
        return (Entry(*row) for row in self._stream(sql, params))

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        yield from self._rows(sql, params)

    def count_entries(self) -> int:
        return self._rows("SELECT COUNT(*) FROM entries")[0][0]


class _MigrationRunner:
    """What a migration sees: the dialect, and a way to run one statement."""

    def __init__(self, dialect: str, cursor: _Cursor) -> None:
        self.dialect = dialect
        self._cursor = cursor

    def execute(self, sql: str) -> object:
        return self._cursor.execute(sql)


# -- SQLite ------------------------------------------------------------------


# The table each migration creates, in order (a log of schema N has the first N).
_EXPECTED_TABLES = ("entries", "daily_totals")


class ActionLog(_Log):
    """An action log in a SQLite file, migrated to the current schema."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)
        _create_private_file(path)
        try:
            self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            # Up to 128 MiB of page cache (a limit, not an allocation): a large
            # import then stays in memory until the commit writes it once.
            self._db.execute("PRAGMA cache_size=-131072")
        except sqlite3.DatabaseError as error:
            raise UaError(f"{path}: cannot open the action log: {error}") from None
        try:
            self._migrate()
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise UaError(f"{path}: cannot open the action log: {error}") from None
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

    def _migration_lock(self) -> contextlib.AbstractContextManager[_Cursor]:
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

    def _insert_new(self, cursor: _Cursor, entries: list[Entry]) -> list[Entry]:
        # Sorted by id, the rows go into the id-keyed table in order: several
        # times faster than at random places for a large import.
        entries.sort(key=operator.itemgetter(0))
        cursor.execute("SELECT 1 FROM entries LIMIT 1")
        if cursor.fetchone():
            present = self._present([entry.id for entry in entries])
            entries = [entry for entry in entries if entry.id not in present]
        cursor.executemany(_INSERT, entries)
        return entries

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


# -- PostgreSQL --------------------------------------------------------------


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_POSTGRES_SCHEMES = ("postgresql", "postgres")


def is_postgres_url(location: str) -> bool:
    """Whether `location` is a PostgreSQL URL (the scheme in any case); any
    other URL is an error, never a file name."""
    match = _SCHEME.match(location)
    if not match:
        return False
    scheme = match.group(1).lower()
    if scheme not in _POSTGRES_SCHEMES:
        raise UaError(
            f"'{scheme}://' is not a log ua can use: give a file path or a postgresql:// URL"
        )
    return True


def _userinfo(url: str) -> tuple[int, int] | None:
    """Where the URL's user:password part is (start, end of the part before the
    last @ of the authority), or None when it has none."""
    match = _SCHEME.match(url)
    if not match:
        return None
    start = match.end()
    at = url.rfind("@", start)
    return (start, at) if at != -1 else None


def url_password(url: str) -> str | None:
    """The password written in the URL (before the host, or as ?password=)."""
    found = [m.group(1) for m in re.finditer(r"[?&]password=([^&#]*)", url)]
    if span := _userinfo(url):
        user_part = url[span[0] : span[1]]
        if ":" in user_part:
            found.insert(0, user_part.split(":", 1)[1])
    return found[0] if found else None


def mask_password(url: str) -> str:
    """The URL with any password replaced by ***, for messages: before the host
    (even with an unencoded @ in it), and as ?password=."""
    if span := _userinfo(url):
        start, at = span
        user, _, password = url[start:at].partition(":")
        if password:
            url = f"{url[:start]}{user}:***{url[at:]}"
    return re.sub(r"([?&]password=)[^&#]+", r"\1***", url)


def scrub(text: str, url: str) -> str:
    """`text` (a driver's message) with the URL's password, and any piece of it
    the driver took for something else, replaced by ***."""
    password = url_password(url)
    if not password:
        return text
    pieces = {password, *(p for p in re.split(r"[@:/?]", password) if len(p) >= 3)}
    for piece in sorted(pieces, key=len, reverse=True):
        text = text.replace(piece, "***")
    return text


def check_url(url: str) -> None:
    """Refuse a URL libpq would misread: a password with an unencoded @ (libpq
    would take its tail for the host, and say so in its errors)."""
    span = _userinfo(url)
    if span and "@" in url[span[0] : span[1]]:
        raise UaError(
            f"{mask_password(url)}: the user name or password holds an @; write it as %40"
        )


class _PgCursor:
    """A psycopg cursor that takes the `?` placeholders the shared SQL uses."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._cursor.execute(_pg(sql), params)

    def executemany(self, sql: str, rows: Any) -> Any:
        rows = list(rows)
        return self._cursor.executemany(_pg(sql), rows) if rows else None

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> Any:
        return self._cursor.fetchall()


def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresLog(_Log):
    """A team's shared action log in PostgreSQL (psycopg 3).

    The password comes from the URL, PGPASSWORD or ~/.pgpass, as libpq reads
    them, and is never shown: messages name the URL with the password masked.
    """

    dialect = "postgresql"

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        # Schemes are case-insensitive (RFC 3986); libpq reads only lower case.
        url = _SCHEME.sub(lambda match: f"{match.group(1).lower()}://", url, count=1)
        self.location = mask_password(url)
        self._url = url
        check_url(url)
        try:
            import psycopg
        except ImportError:
            raise UaError(
                "a PostgreSQL log needs psycopg: pip install 'ua-cli[postgres]'"
            ) from None
        self._errors = psycopg
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            # ValueError: a URL libpq cannot even parse (a port of 99999)
            raise UaError(f"cannot connect to {self.location}: {self._say(error)}") from None
        try:
            if migrate:
                self.migrate()
            else:
                self._check_not_newer(self._version_or_zero())
        except BaseException:
            self._db.close()
            raise

    def _version_or_zero(self) -> int:
        exists = self._rows("SELECT to_regclass('ua_migrations') IS NOT NULL")[0][0]
        return self.schema_version() if exists else 0

    def migrate(self) -> int:
        """Bring the schema up to date; safe when several clients do it at once."""
        errors = self._errors.errors
        for attempt in range(3):
            try:
                self._migrate()
                break
            except (errors.DuplicateTable, errors.UniqueViolation):
                # Another client migrated between our look and our lock, in a
                # way this transaction's catalog view did not show: look again.
                if attempt == 2:
                    raise
            except errors.InsufficientPrivilege as error:
                raise UaError(
                    f"{self.location}: not allowed to create the log's tables "
                    f"({self._say(error)}); ask the database's owner to run: ua db migrate --db URL"
                ) from None
        return self.schema_version()

    @contextlib.contextmanager
    def _migration_lock(self) -> Iterator[_PgCursor]:
        with self._db.transaction(), self._db.cursor() as raw:
            cursor = _PgCursor(raw)
            # One client migrates at a time; the others then find it done.
            cursor.execute("SELECT pg_advisory_xact_lock(716106)")
            yield cursor

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(_pg(sql), params).fetchall()
        except (self._errors.OperationalError, self._errors.DataError) as error:
            raise UaError(f"{self.location}: {self._say(error)}") from None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[_PgCursor]:
        try:
            with self._db.transaction(), self._db.cursor() as cursor:
                yield _PgCursor(cursor)
        except self._errors.DataError as error:
            raise RefusedData(
                f"{self.location}: {self._say(error)}; that change was not stored"
            ) from None
        except self._errors.OperationalError as error:
            raise UaError(
                f"{self.location}: {self._say(error)}; that change was not stored"
            ) from None

    def _say(self, error: BaseException) -> str:
        return scrub(_first_line(error), self._url)

    def _insert_new(self, cursor: _Cursor, entries: list[Entry]) -> list[Entry]:
        # One statement per batch; the server skips ids it has, and says which
        # rows it added, so the totals count only those.
        added: list[Entry] = []
        for start in range(0, len(entries), 5000):
            batch = entries[start : start + 5000]
            columns = [list(column) for column in zip(*batch, strict=True)]
            cursor.execute(
                f"INSERT INTO entries ({_COLUMNS}) SELECT * FROM unnest("
                "?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[]"
                f") ON CONFLICT (id) DO NOTHING RETURNING {_COLUMNS}",
                columns,
            )
            added += [Entry(*row) for row in cursor.fetchall()]
        return added

    def _present(self, ids: list[str]) -> set[str]:
        rows = self._rows("SELECT id FROM entries WHERE id = ANY(?)", (ids,))
        return {row[0] for row in rows}

    def close(self) -> None:
        self._db.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


# -- shared helpers ------------------------------------------------------------


def _add_to_totals(cursor: _Cursor, entries: Sequence[Entry]) -> None:
    """Add entries to the running totals: summed here, one upsert per day and kind."""
    cursor.executemany(_UPSERT_TOTALS, [tuple(row) for row in _sum_up(entries)])


def _sum_up(entries: Sequence[Entry]) -> list[TotalRow]:
    """Entries summed per UA, action, target and day, with C-level iterators:
    most entries count one action, so only the others need a Python step."""
    key = operator.itemgetter(1, 2, 3, 5)  # ua, action, target, date
    entries_per_key = collections.Counter(map(key, entries))
    sums = collections.Counter(entries_per_key)
    not_one = map((1).__ne__, map(operator.itemgetter(4), entries))
    for entry in itertools.compress(entries, not_one):
        sums[key(entry)] += entry.count - 1
    return [TotalRow(*k, sums[k], n) for k, n in entries_per_key.items()]


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


class SyncResult(NamedTuple):
    added: int
    already: int
    refused: list[tuple[str, str]]  # (entry id, why)


def send_entries(
    entries: Iterator[Entry], shared: _Log, *, batch_size: int, today: datetime.date
) -> SyncResult:
    """Add `entries` to `shared` in batches, each in one transaction, skipping
    what it has. An entry that breaks the rules every log keeps (or that the
    database refuses all the same) is left out and named; the others arrive."""
    from ua_cli.actionlog.entries import entry_problem

    added = already = 0
    refused: list[tuple[str, str]] = []
    try:
        while batch := list(itertools.islice(entries, batch_size)):
            good = []
            for entry in batch:
                if problem := entry_problem(entry, today):
                    refused.append((entry.id, problem))
                else:
                    good.append(entry)
            result, refused_here = _send_batch(shared, good)
            added, already = added + result.added, already + result.already
            refused += refused_here
    except UaError as error:
        raise UaError(
            f"{error}; {added} entries were sent before that: run the same command again "
            "to send the rest (none will be counted twice)"
        ) from None
    return SyncResult(added, already, refused)


def _send_batch(shared: _Log, batch: list[Entry]) -> tuple[ImportResult, list[tuple[str, str]]]:
    """One batch in one transaction; if the database refuses a value in it,
    each entry on its own, so that only the refused ones stay behind."""
    try:
        return shared.add_new(batch), []
    except RefusedData:
        if len(batch) == 1:
            raise
    added = already = 0
    refused = []
    for entry in batch:
        try:
            result = shared.add_new([entry])
        except RefusedData as error:
            refused.append((entry.id, str(error)))
            continue
        added, already = added + result.added, already + result.already
    return ImportResult(added, already), refused


def open_log(location: str, *, migrate: bool = True) -> _Log:
    """The action log at `location`: a postgresql:// URL, else a SQLite file path."""
    if is_postgres_url(location):
        return PostgresLog(location, migrate=migrate)
    return ActionLog(Path(location).expanduser())
