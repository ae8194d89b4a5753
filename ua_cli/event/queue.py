"""The event's print queue: attendees' letters waiting to be printed, in their
own SQLite file (never the action log), readable by its owner only.

Printing a letter counts it in the action log and deletes the attendee's
personal data from the queue; `ua serve --purge` empties the queue.
"""

import datetime
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ua_cli.errors import UaError

# An evening's letters between two print runs. A full queue refuses more (ask a
# volunteer to print), so a script on the event's network cannot fill the disk,
# and one print run stays within a laptop's memory (Typst takes about 1 MB a page).
MAX_QUEUED = 300


class QueueFull(UaError):
    """The queue holds as many letters as one print run does."""


class AlreadyQueued(UaError):
    """A form sent again (a reload, a second tap): its letter is queued already."""


class Queued(NamedTuple):
    id: int
    created_at: str
    targets: tuple[str, ...]
    lang: str
    name: str
    city: str | None
    country: str | None
    address: str | None
    email: str | None
    personal: str | None
    printed: bool = False  # in a PDF a volunteer downloaded, not yet marked printed


_COLUMNS = (
    "id, created_at, targets, lang, name, city, country, address, email, personal, "
    "printed_at IS NOT NULL"
)


class EventQueue:
    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        with self._db() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS queue (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, "
                "targets TEXT NOT NULL, lang TEXT NOT NULL, name TEXT NOT NULL, city TEXT, "
                "country TEXT, address TEXT, email TEXT, personal TEXT, printed_at TEXT)"
            )
            columns = [row[1] for row in db.execute("PRAGMA table_info(queue)")]
            if "printed_at" not in columns:  # a queue from the first version
                db.execute("ALTER TABLE queue ADD COLUMN printed_at TEXT")
            if "token" not in columns:  # each form's one-time token: a resend is known
                db.execute("ALTER TABLE queue ADD COLUMN token TEXT")
            db.execute("CREATE UNIQUE INDEX IF NOT EXISTS queue_token ON queue (token)")
            # This queue's own id: with a row's id and time, it names each printed
            # letter's log entry (marking twice never counts a letter twice).
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("INSERT OR IGNORE INTO meta VALUES ('identity', ?)", (str(uuid.uuid4()),))
            (self.identity,) = db.execute(
                "SELECT value FROM meta WHERE key = 'identity'"
            ).fetchone()

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=10)
        except sqlite3.Error as error:
            raise UaError(f"{self.path}: cannot open the event queue: {error}") from None
        try:
            with db:
                yield db
        except sqlite3.Error as error:
            raise UaError(f"{self.path}: the event queue: {error}") from None
        finally:
            db.close()

    def add(self, letter: Queued, *, now: datetime.datetime, token: str | None = None) -> int:
        """Queue a letter; a form's `token` queues it once, however often it is sent."""
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")  # the count and the insert as one: no race past the bound
            if token and db.execute("SELECT 1 FROM queue WHERE token = ?", (token,)).fetchone():
                raise AlreadyQueued("this letter is in the print queue already")
            (count,) = db.execute("SELECT COUNT(*) FROM queue").fetchone()
            if count >= MAX_QUEUED:
                raise QueueFull(f"the print queue is full ({MAX_QUEUED:,} letters): print it first")
            cursor = db.execute(
                "INSERT INTO queue (created_at, targets, lang, name, city, country, address, "
                "email, personal, token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now.astimezone(datetime.UTC).isoformat(timespec="seconds"),
                    ",".join(letter.targets), letter.lang, letter.name, letter.city,
                    letter.country, letter.address, letter.email, letter.personal, token,
                ),
            )  # fmt: skip
            return int(cursor.lastrowid or 0)

    def all(self) -> list[Queued]:
        with self._db() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM queue ORDER BY id").fetchall()
        return [Queued(r[0], r[1], tuple(r[2].split(",")), *r[3:10], bool(r[10])) for r in rows]

    def mark_in_print(self, ids: list[int], *, now: datetime.datetime) -> None:
        """These letters are in a PDF a volunteer downloaded."""
        stamp = now.astimezone(datetime.UTC).isoformat(timespec="seconds")
        with self._db() as db:
            db.executemany(
                "UPDATE queue SET printed_at = COALESCE(printed_at, ?) WHERE id = ?",
                [(stamp, i) for i in ids],
            )

    def remove(self, ids: list[int]) -> None:
        """Delete these letters and their writers' data (after printing)."""
        with self._db() as db:
            db.executemany("DELETE FROM queue WHERE id = ?", [(i,) for i in ids])
        with self._db() as db:
            db.execute("VACUUM")  # the deleted names leave the file's free pages too

    def remove_older_than(self, cutoff: datetime.datetime) -> int:
        """Delete the letters queued before `cutoff`, printed or not."""
        stamp = cutoff.astimezone(datetime.UTC).isoformat(timespec="seconds")
        old = [q.id for q in self.all() if q.created_at < stamp]
        if old:
            self.remove(old)
        return len(old)

    def purge(self) -> int:
        with self._db() as db:
            (count,) = db.execute("SELECT COUNT(*) FROM queue").fetchone()
        self.remove([q.id for q in self.all()])
        return int(count)


def queue_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("ua") / "event-queue.sqlite3"
