"""Actions people took on a UA: what one entry of the action log holds.

An entry never holds a person's name, address or email: only what was done, to
whom, how many times and when, so logs can be shared with a coordinator.
"""

import datetime
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
# The columns of an entry, in the order exports write them.
FIELDS: tuple[str, ...] = ("id", "ua", "action", "target", "count", "date", "logged_at", "note")


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


def utc_now() -> str:
    """The current time as logged_at stores it, to the millisecond (so that
    `ua history` can tell apart two actions logged in one second)."""
    now = datetime.datetime.now(datetime.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def new_entry(
    *,
    ua: str,
    action: str,
    target: str,
    date: datetime.date,
    count: int = 1,
    note: str | None = None,
) -> Entry:
    """A fresh entry with a random id, logged now."""
    import uuid  # here, not at the top: it slows every command's start-up

    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")  # the CLI checks first
    return Entry(
        id=str(uuid.uuid4()),
        ua=ua,
        action=action,
        target=target,
        count=count,
        date=date.isoformat(),
        logged_at=utc_now(),
        note=note or None,
    )


def describe_counts(totals: dict[str, int]) -> str:
    """'3 letters, 1 email' for the actions with a count, in the form's order."""
    parts = []
    for action in ACTIONS:
        n = totals.get(action, 0)
        if n:
            parts.append(f"{n} {action if n == 1 else PLURALS[action]}")
    return ", ".join(parts) or "nothing yet"
