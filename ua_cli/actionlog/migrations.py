"""The action log's schema, grown by numbered migrations (the way llm does it).

Each migration is a small function, registered in order; the log records which
ones it has had in `ua_migrations`, so an older log is upgraded when opened and a
log written by a newer `ua` is refused rather than damaged. Never change a
migration once released: add the next one.
"""

from collections.abc import Callable
from typing import Protocol


class Executor(Protocol):
    """What a migration needs: run SQL, and know which database it talks to."""

    dialect: str  # "sqlite" (or "postgresql" for a team's shared log)

    def execute(self, sql: str) -> object: ...


Migration = Callable[[Executor], None]
MIGRATIONS: list[Migration] = []


def migration(function: Migration) -> Migration:
    """Register a migration; they run in the order they are defined."""
    MIGRATIONS.append(function)
    return function


def _create_keyed_table(db: Executor, name: str, columns: str) -> None:
    # In SQLite, WITHOUT ROWID: a table keyed by its primary key is one b-tree,
    # not a table and an index.
    without_rowid = " WITHOUT ROWID" if db.dialect == "sqlite" else ""
    db.execute(f"CREATE TABLE {name} ({columns}){without_rowid}")


@migration
def m001_entries(db: Executor) -> None:
    # Keyed by id alone, which makes the id unique and an import sorted by id fast.
    # Actions and counts are checked by ua before they get here; as CHECK
    # constraints they made a million-entry import 60% slower.
    _create_keyed_table(
        db,
        "entries",
        "id TEXT PRIMARY KEY, ua TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, "
        "count INTEGER NOT NULL, date TEXT NOT NULL, logged_at TEXT NOT NULL, note TEXT",
    )


@migration
def m002_daily_totals(db: Executor) -> None:
    # Reports read these running totals, kept in the same transaction as every
    # change to `entries`, instead of summing a million entries each time.
    _create_keyed_table(
        db,
        "daily_totals",
        "ua TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, date TEXT NOT NULL, "
        "count INTEGER NOT NULL, entries INTEGER NOT NULL, PRIMARY KEY (ua, action, target, date)",
    )
    db.execute("""
        INSERT INTO daily_totals (ua, action, target, date, count, entries)
        SELECT ua, action, target, date, SUM(count), COUNT(*)
        FROM entries GROUP BY ua, action, target, date
    """)


@migration
def m003_wide_totals(db: Executor) -> None:
    # A day's total to one target may pass 2^31 in a large team's log;
    # PostgreSQL's INTEGER stops there (SQLite's is 64-bit already).
    if db.dialect == "postgresql":
        db.execute("ALTER TABLE daily_totals ALTER COLUMN count TYPE BIGINT")
        db.execute("ALTER TABLE entries ALTER COLUMN count TYPE BIGINT")


@migration
def m004_details(db: Executor) -> None:
    # A call's outcome (reached, voicemail; busy, no-answer, wrong-number for
    # an attempt) and the channel a reply came by. Totals need no change:
    # attempts and replies are kinds of entry of their own.
    db.execute("ALTER TABLE entries ADD COLUMN detail TEXT")


# Which of the shared log's 16 running-total rows per day and kind an entry
# counts in: the first hex digit of its id (15 for an id that has none).
SHARD_SQL = "(strpos('0123456789abcdef', substr(id, 1, 1)) + 15) % 16"


@migration
def m005_sharded_totals(db: Executor) -> None:
    # Many people logging letters to one official on one day all updated the
    # same row, one writer at a time. In a shared log each day and kind now has
    # 16 rows, picked by the entry's id, summed when read. A SQLite log has one
    # writer at a time anyway: its entries all count in shard 0.
    shard = SHARD_SQL if db.dialect == "postgresql" else "0"
    by_shard = f", {shard}" if db.dialect == "postgresql" else ""  # not GROUP BY 0: a column number
    _create_keyed_table(
        db,
        "daily_totals_sharded",
        "ua TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, date TEXT NOT NULL, "
        "shard SMALLINT NOT NULL, count BIGINT NOT NULL, entries BIGINT NOT NULL, "
        "PRIMARY KEY (ua, action, target, date, shard)",
    )
    db.execute(f"""
        INSERT INTO daily_totals_sharded (ua, action, target, date, shard, count, entries)
        SELECT ua, action, target, date, {shard}, SUM(count), COUNT(*)
        FROM entries GROUP BY ua, action, target, date{by_shard}
    """)
    db.execute("DROP TABLE daily_totals")
    db.execute("ALTER TABLE daily_totals_sharded RENAME TO daily_totals")


@migration
def m006_ids_compared_bytewise(db: Executor) -> None:
    # Ids are lowercase hex: byte order is their order. PostgreSQL compared
    # them in the database's language (C.UTF-8, en_US), which made filling
    # the id index a third slower; SQLite compares bytes already.
    if db.dialect == "postgresql":
        db.execute('ALTER TABLE entries ALTER COLUMN id TYPE TEXT COLLATE "C"')
