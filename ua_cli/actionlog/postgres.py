"""A team's shared action log in PostgreSQL (psycopg 3, imported only here and
only when such a log is opened), and its URLs: checked, and shown with every
form of password masked.
"""

import contextlib
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ua_cli.actionlog.entries import Entry
from ua_cli.actionlog.migrations import SHARD_SQL
from ua_cli.actionlog.store import COLUMNS, ActionLog, ChunkLoader, Cursor, RefusedData
from ua_cli.errors import UaError

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

    @property
    def raw(self) -> Any:
        """psycopg's own cursor, for what only PostgreSQL has (COPY)."""
        return self._cursor


def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresLog(ActionLog):
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
        with self._change_errors(), self._db.transaction(), self._db.cursor() as cursor:
            yield _PgCursor(cursor)

    @contextlib.contextmanager
    def _change_errors(self) -> Iterator[None]:
        """The server's refusals as one line; the change is not stored."""
        try:
            yield
        except self._errors.DataError as error:
            raise RefusedData(
                f"{self.location}: {self._say(error)}; that change was not stored"
            ) from None
        except self._errors.OperationalError as error:
            raise UaError(
                f"{self.location}: {self._say(error)}; that change was not stored"
            ) from None

    def _say(self, error: BaseException) -> str:
        return scrub(first_line(error), self._url)

    def append(self, entries: Sequence[Entry]) -> None:
        # One statement, in autocommit its own transaction: one round trip,
        # where BEGIN, two statements and COMMIT took four.
        if len(entries) == 1:
            sql = _LOG_ONE  # the usual case: no sums to make, 10% less work for the server
        else:
            rows = ", ".join(["(%s, %s, %s, %s, %s::bigint, %s, %s, %s, %s)"] * len(entries))
            sql = _adding(f"VALUES {rows}", skip_present=False).replace("% 16", "%% 16")
        with self._change_errors():
            self._db.execute(sql, [v for e in entries for v in e])

    def _loader(self, cursor: Cursor) -> ChunkLoader:
        # One import (or sync batch) adds to the running totals at a time. Two
        # at once update the same day's rows across many statements in
        # different orders, which the server ends as "deadlock detected": with
        # this lock, taken before any row, the second waits for the first.
        # (Logging one action takes one row and never waits for it.)
        cursor.execute(f"SELECT pg_advisory_xact_lock({_IMPORT_LOCK})")
        return ChunkLoader(functools.partial(self._insert_new, cursor))

    def _insert_new(self, cursor: Cursor, entries: list[Entry]) -> int:
        # COPY, the server's own loader, into a staging table; then one
        # statement adds what is new and counts it in the running totals.
        raw = cursor.raw  # type: ignore[attr-defined]
        raw.execute(
            "CREATE TEMP TABLE IF NOT EXISTS ua_staging "
            "(LIKE entries INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        with raw.copy(f"COPY ua_staging ({COLUMNS}) FROM STDIN") as copy:
            for entry in entries:
                copy.write_row(entry)
        raw.execute(_ADD_STAGED)
        (added,) = raw.fetchone()
        raw.execute("TRUNCATE ua_staging")
        return int(added)

    def _by_shard(self, entries: Sequence[Entry]) -> Iterable[tuple[int, Sequence[Entry]]]:
        groups: dict[int, list[Entry]] = {}
        for entry in entries:
            groups.setdefault(shard_of(entry.id), []).append(entry)
        return groups.items()

    def _present(self, ids: list[str]) -> set[str]:
        rows = self._rows("SELECT id FROM entries WHERE id = ANY(?)", (ids,))
        return {row[0] for row in rows}

    def close(self) -> None:
        self._db.close()


_IMPORT_LOCK = 716107  # the migrations' lock is 716106


def shard_of(entry_id: str) -> int:
    """The running-total row an entry counts in: as migrations.SHARD_SQL says."""
    return ("0123456789abcdef".find(entry_id[:1]) + 16) % 16


def _adding(source: str, *, skip_present: bool) -> str:
    """One statement that inserts the entries `source` selects, adds them to
    the totals of their day, kind and shard, and returns how many it added."""
    skip = "ON CONFLICT (id) DO NOTHING" if skip_present else ""
    return f"""
WITH added AS (
    INSERT INTO entries ({COLUMNS}) {source} {skip}
    RETURNING id, ua, action, target, date, count
), summed AS (
    SELECT ua, action, target, date, {SHARD_SQL} AS shard, SUM(count) AS count,
        COUNT(*) AS entries
    FROM added GROUP BY ua, action, target, date, shard
), totalled AS (
    INSERT INTO daily_totals (ua, action, target, date, shard, count, entries)
    SELECT * FROM summed
    ON CONFLICT (ua, action, target, date, shard) DO UPDATE SET
        count = daily_totals.count + excluded.count,
        entries = daily_totals.entries + excluded.entries
)
SELECT COALESCE(SUM(entries), 0) FROM summed
"""


# One entry just logged (a fresh id), into the log and its running total.
_LOG_ONE = f"""
WITH added AS (
    INSERT INTO entries ({COLUMNS}) VALUES (%s, %s, %s, %s, %s::bigint, %s, %s, %s, %s)
    RETURNING id, ua, action, target, date, count
)
INSERT INTO daily_totals (ua, action, target, date, shard, count, entries)
SELECT ua, action, target, date, {SHARD_SQL.replace("%", "%%")}, count, 1 FROM added
ON CONFLICT (ua, action, target, date, shard) DO UPDATE SET
    count = daily_totals.count + excluded.count,
    entries = daily_totals.entries + excluded.entries
"""
# What is new in the staging table (an import, a sync's batch).
_ADD_STAGED = _adding(f"SELECT {COLUMNS} FROM ua_staging", skip_present=True)


def first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
