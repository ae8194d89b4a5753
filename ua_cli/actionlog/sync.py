"""Sending a local log's entries to a shared one: in batches, each once, and
every entry checked at the door with the rules of every log."""

import datetime
import itertools
from collections.abc import Iterator
from typing import NamedTuple

from ua_cli.actionlog.entries import Entry
from ua_cli.actionlog.store import ActionLog, ImportResult, RefusedData
from ua_cli.errors import UaError


class SyncResult(NamedTuple):
    added: int
    already: int
    refused: list[tuple[str, str]]  # (entry id, why)


def send_entries(
    entries: Iterator[Entry], shared: ActionLog, *, batch_size: int, today: datetime.date
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


def _send_batch(
    shared: ActionLog, batch: list[Entry]
) -> tuple[ImportResult, list[tuple[str, str]]]:
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
