"""Actions people took on a UA: what one entry of the action log holds.

An entry never holds a person's name, address or email: only what was done, to
whom, how many times and when, so logs can be shared with a coordinator.
"""

import datetime
import re
from collections.abc import Iterable
from typing import NamedTuple

# In the order Amnesty's reporting form asks for them.
ACTIONS: tuple[str, ...] = ("letter", "email", "fax", "call", "tweet")
PLURALS: dict[str, str] = {
    "letter": "letters",
    "email": "emails",
    "fax": "faxes",
    "call": "calls",
    "tweet": "tweets",
}
# A call either reached someone or went to voicemail (a call taken, counted),
# or it did not get through: an attempt, kept apart and never counted as a call.
CALL_TAKEN: tuple[str, ...] = ("reached", "voicemail")
CALL_MISSED: tuple[str, ...] = ("busy", "no-answer", "wrong-number")
OUTCOMES: tuple[str, ...] = (*CALL_TAKEN, *CALL_MISSED)
CALL_ATTEMPT = "call_attempt"
# An official's answer (a letter back, an email, a call returned); its detail
# is the channel it came by.
REPLY = "reply"
# Everything an entry may record: the actions, and what follows them.
KINDS: tuple[str, ...] = (*ACTIONS, CALL_ATTEMPT, REPLY)
# The most one entry may count: far above any real event, far below what
# overflows a database column or a report's arithmetic.
MAX_COUNT = 1_000_000
# Amnesty was founded in 1961: an action dated before is a typing mistake.
EARLIEST_DATE = "1961-01-01"
MAX_NOTE_LENGTH = 2000
# Patterns as text: `re` compiles (and caches) them on first use, not at
# start-up, where four compilations would cost `ua --help` two milliseconds.
UA_PATTERN = r"[0-9]{1,6}\.[0-9]{1,4}"  # ASCII digits: \d would take ١٠٦ too
TARGET_PATTERN = r"[a-z][a-z0-9_]{0,63}"
# Notes keep line breaks and tabs; other control characters (a NUL that
# PostgreSQL refuses, terminal escapes) and lone surrogates have no place in one.
_NOT_IN_NOTES = "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"
LOGGED_AT = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z"
# The columns of an entry, in the order exports write them; `note` only when
# asked (it may be personal), `detail` (a call's outcome, a reply's channel)
# only where there is one.
FIELDS: tuple[str, ...] = (
    "id", "ua", "action", "target", "count", "date", "logged_at", "note", "detail",
)  # fmt: skip
REQUIRED_FIELDS = FIELDS[:7]


class Entry(NamedTuple):
    """One logged action (or several of one kind: `count` letters)."""

    id: str
    ua: str
    action: str
    target: str
    count: int
    date: str  # YYYY-MM-DD, the day the action was taken (the actor's calendar)
    logged_at: str  # when it was logged, UTC, YYYY-MM-DDTHH:MM:SS.mmmZ
    note: str | None = None
    detail: str | None = None  # a call's outcome, or the channel a reply came by


def logged_at_text(moment: datetime.datetime) -> str:
    """A moment as logged_at stores it, in UTC to the millisecond (so that
    `ua history` can tell apart two actions logged in one second). The moment
    comes from the run's clock: nothing here reads the real one."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def new_entry(
    *,
    ua: str,
    action: str,
    target: str,
    date: datetime.date,
    now: datetime.datetime,
    count: int = 1,
    note: str | None = None,
    detail: str | None = None,
) -> Entry:
    """A fresh entry with a random id, logged at `now`."""
    import uuid  # here, not at the top: it slows every command's start-up

    if action not in KINDS or count_problem(count) or detail_problem(action, detail):
        raise ValueError(f"no entry of {count!r} {action!r} {detail!r}")  # the CLI checks first
    return Entry(
        id=str(uuid.uuid4()),
        ua=ua,
        action=action,
        target=target,
        count=count,
        date=date.isoformat(),
        logged_at=logged_at_text(now),
        note=note or None,
        detail=detail,
    )


def call_entry_kind(outcome: str | None) -> str:
    """A call taken counts as a call; one that did not get through is an attempt."""
    return CALL_ATTEMPT if outcome in CALL_MISSED else "call"


def detail_problem(action: str, detail: str | None) -> str | None:
    """What an entry's detail may be: a call's outcome (reached or voicemail
    for a call, busy, no-answer or wrong-number for an attempt), a reply's
    channel, or nothing."""
    if action == "call":
        allowed: tuple[str, ...] = CALL_TAKEN
    elif action == CALL_ATTEMPT:
        allowed = CALL_MISSED
    elif action == REPLY:
        allowed = ACTIONS
    else:
        allowed = ()
    if detail is None and action != CALL_ATTEMPT:
        return None
    if detail in allowed:
        return None
    if not allowed:
        return f"a {action} has no detail"
    return f"for a {action}, one of {', '.join(allowed)}"


# -- the rules every entry keeps, whichever way it enters a log -------------------


def ua_problem(value: str) -> str | None:
    return None if re.fullmatch(UA_PATTERN, value) else "not a UA number such as 106.23"


def target_problem(value: str) -> str | None:
    ok = re.fullmatch(TARGET_PATTERN, value)
    return None if ok else "not a target key (lowercase letters, digits and _)"


def count_problem(value: int) -> str | None:
    ok = isinstance(value, int) and 1 <= value <= MAX_COUNT
    return None if ok else f"not a whole number from 1 to {MAX_COUNT:,}"


def date_problem(value: str, latest: str) -> str | None:
    """A day as YYYY-MM-DD, from Amnesty's founding to `latest` (a day's grace
    past today, for time zones)."""
    try:
        date = datetime.date.fromisoformat(value)
    except (ValueError, TypeError):
        return "not a date as YYYY-MM-DD"
    if date.isoformat() != value:
        return "not a date as YYYY-MM-DD"
    if value < EARLIEST_DATE:
        return f"{value} is before {EARLIEST_DATE[:4]}, when Amnesty was founded"
    return f"{value} is in the future" if value > latest else None


def note_problem(value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) > MAX_NOTE_LENGTH:
        return f"is longer than {MAX_NOTE_LENGTH:,} characters"
    if re.search(_NOT_IN_NOTES, value):
        return "holds a control character (a note may have line breaks and tabs only)"
    return None


def latest_date(today: datetime.date) -> str:
    """The latest day an action may be dated: tomorrow, as a day's grace for time zones."""
    return (today + datetime.timedelta(days=1)).isoformat()


def entry_problem(entry: Entry, today: datetime.date) -> str | None:
    """What is wrong with an entry, as 'field: problem', or None: the one check
    at the door of both backends, so the shared log accepts whatever a local
    log holds."""
    latest = latest_date(today)
    checks = (
        ("ua", ua_problem(entry.ua) if isinstance(entry.ua, str) else "not text"),
        ("action", None if entry.action in KINDS else f"not one of {', '.join(KINDS)}"),
        ("target", target_problem(entry.target) if isinstance(entry.target, str) else "not text"),
        ("count", count_problem(entry.count)),
        ("date", date_problem(entry.date, latest)),
        ("logged_at", logged_at_problem(entry.logged_at, latest)),
        ("note", note_problem(entry.note)),
        ("detail", detail_problem(entry.action, entry.detail)),
    )
    return next((f"{field}: {problem}" for field, problem in checks if problem), None)


def logged_at_problem(value: str, latest: str) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(LOGGED_AT, value):
        return "not a UTC time like 2026-11-29T18:30:00.000Z"
    return date_problem(value[:10], latest)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 entry', '3 entries', '1,200 letters'."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def entries_for(
    ua: str,
    action: str,
    targets: Iterable[str],
    *,
    date: datetime.date,
    now: datetime.datetime,
    detail: str | None = None,
) -> list[Entry]:
    """Entries counting `action` once per time a target's key is in `targets`
    (one entry per target, split past MAX_COUNT); never who acted."""
    from collections import Counter

    entries = []
    for target, count in Counter(targets).items():
        while count > 0:
            entries.append(
                new_entry(
                    ua=ua,
                    action=action,
                    target=target,
                    date=date,
                    now=now,
                    count=min(count, MAX_COUNT),
                    detail=detail,
                )
            )
            count -= MAX_COUNT
    return entries


def describe_entry(entry: Entry) -> str:
    """'1 call (reached)', '1 call attempt (busy)', 'a reply (by email)', '3 letters'."""
    if entry.action == REPLY:
        return "a reply" + (f" (by {entry.detail})" if entry.detail else "")
    if entry.action == CALL_ATTEMPT:
        return f"{plural(entry.count, 'call attempt')} ({entry.detail}), not counted as a call"
    counted = describe_counts({entry.action: entry.count})
    return f"{counted} ({entry.detail})" if entry.detail else counted


def describe_counts(totals: dict[str, int]) -> str:
    """'3 letters, 1 email' for the actions with a count, in the form's order."""
    parts = []
    for action in ACTIONS:
        n = totals.get(action, 0)
        if n:
            parts.append(f"{n} {action if n == 1 else PLURALS[action]}")
    return ", ".join(parts) or "nothing yet"
