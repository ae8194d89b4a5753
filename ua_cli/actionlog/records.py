"""Checking the records read from export files: the checks msgspec cannot
make (ids, days and times, a column at a time), ids repeated within a file,
and msgspec's complaints in plain words."""

import csv
import datetime
import functools
import itertools
import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from ua_cli.actionlog.entries import (
    FIELDS,
    KINDS,
    MAX_NOTE_LENGTH,
    Entry,
    count_problem,
    date_problem,
    detail_problem,
    latest_date,
    note_problem,
    target_problem,
    ua_problem,
)
from ua_cli.errors import FileProblems, Problem

_HEX = "0123456789abcdef"


class ReadResult(NamedTuple):
    """The valid entries of a file (each id once), and a problem per invalid record."""

    entries: list[Entry]
    problems: list[Problem]


def check_chunk(chunk: Any, today: datetime.date, duplicates: "Duplicates") -> ReadResult:
    """The checks msgspec could not make, a column at a time; then each id once."""
    records = chunk.records
    _empty_as_missing(records)
    bad: dict[int, str] = {}  # index in records -> problem
    for field, problem in _check_shapes(records, today).items():
        for index in problem:
            bad.setdefault(index, f"{field}: {problem[index]}")
    clashes, repeats = duplicates.find(chunk)
    bad.update((i, m) for i, m in clashes.items() if i not in bad)
    problems = chunk.problems + [Problem(chunk.lines[i], "", m) for i, m in bad.items()]
    problems.sort(key=lambda p: p.line)
    if bad or repeats:
        records = [e for i, e in enumerate(records) if i not in bad and i not in repeats]
    return ReadResult(records, problems)


def _empty_as_missing(records: list[Entry]) -> None:
    """An empty note or detail is none, as an empty CSV cell is (rewritten in place)."""
    for field in ("note", "detail"):
        column = list(map(operator.itemgetter(FIELDS.index(field)), records))
        if "" in column:
            for index, value in enumerate(column):
                if value == "":
                    records[index] = records[index]._replace(**{field: None})


def _check_shapes(records: list[Entry], today: datetime.date) -> dict[str, dict[int, str]]:
    """Per field, the records whose value is not of the right form; times in
    another RFC 3339 form are rewritten in place to UTC."""
    latest = latest_date(today)
    found: dict[str, dict[int, str]] = {}
    # Few distinct values: check each once.
    for field, check in (
        ("ua", ua_problem),
        ("target", target_problem),
        ("date", lambda value: date_problem(value, latest)),
    ):
        column = list(map(operator.itemgetter(FIELDS.index(field)), records))
        wrong = {v: m for v in set(column) if (m := check(v))}
        if wrong:
            found[field] = {i: wrong[v] for i, v in enumerate(column) if v in wrong}
    # Most entries have no note, and notes repeat: check each distinct one once.
    notes = set(filter(None, map(operator.itemgetter(7), records)))
    if wrong := {note: m for note in notes if (m := note_problem(note))}:
        found["note"] = {i: wrong[e.note] for i, e in enumerate(records) if e.note in wrong}
    kinds = list(map(operator.itemgetter(2, 8), records))
    if wrong_kinds := {k: m for k in set(kinds) if (m := detail_problem(*k))}:
        found["detail"] = {i: wrong_kinds[k] for i, k in enumerate(kinds) if k in wrong_kinds}
    # Many distinct values: check the whole column's characters in one pass.
    ids = list(map(operator.itemgetter(0), records))
    if not _column_has_shape(ids, _UUID_SHAPE):
        found["id"] = {
            i: _UUID_PROBLEM for i, v in enumerate(ids) if not _has_shape(v, _UUID_SHAPE)
        }
    times = _normalise_times(records, latest)
    if times:
        found["logged_at"] = times
    return found


_UUID_SHAPE = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
_UUID_PROBLEM = "not a UUID in lowercase hex (8-4-4-4-12 digits)"
_TIME_SHAPE = "dddd-dd-ddTdd:dd:dd.dddZ"
_TIME_PROBLEM = "not an RFC 3339 time like 2026-11-29T18:30:00Z or 2026-11-29T19:30:00.5+01:00"
_CLASSES = {"x": _HEX, "d": "0123456789"}
_RFC3339 = re.compile(r"(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d:\d\d)(\.\d{1,9})?([Zz]|[+-]\d\d:\d\d)")


def _normalise_times(records: list[Entry], latest: str) -> dict[int, str]:
    """Rewrite each logged_at to UTC to the millisecond (as ua writes them),
    and return the records whose time is not RFC 3339 or out of range. A
    column already in ua's own form, the usual case, is checked in one pass."""
    times = list(map(operator.itemgetter(6), records))
    if _column_has_shape(times, _TIME_SHAPE):
        # One shape: each distinct day and clock (few) checked once.
        days = {day: _day_problem(day, latest) for day in {t[:10] for t in times}}
        bad_clocks = {c for c in {t[11:19] for t in times} if not _CLOCK.fullmatch(c)}
        if not bad_clocks and not any(days.values()):
            return {}
        return {
            i: _TIME_PROBLEM if t[11:19] in bad_clocks else days[t[:10]]
            for i, t in enumerate(times)
            if t[11:19] in bad_clocks or days[t[:10]]
        }
    problems: dict[int, str] = {}
    for i, value in enumerate(times):
        normal = _utc_time(value)
        if normal is None:
            problems[i] = _TIME_PROBLEM
        elif message := date_problem(normal[:10], latest):
            problems[i] = message
        elif normal != value:
            records[i] = records[i]._replace(logged_at=normal)
    return problems


_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]")


def _day_problem(day: str, latest: str) -> str | None:
    """What is wrong with the day of a time: not a day at all (February 30th),
    or one out of range."""
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return _TIME_PROBLEM
    return date_problem(day, latest)


def _utc_time(value: str) -> str | None:
    """An RFC 3339 time as UTC to the millisecond, or None if it is not one."""
    match = _RFC3339.fullmatch(value)
    if not match:
        return None
    day, clock, fraction, offset = match.groups()
    fraction = (fraction or ".0")[1:7].ljust(6, "0")
    offset = "+00:00" if offset in "Zz" else offset
    try:
        moment = datetime.datetime.fromisoformat(f"{day}T{clock}.{fraction}{offset}")
        utc = moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        return None
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _column_has_shape(values: list[str], shape: str) -> bool:
    """Whether every value fits `shape`, where x is a hex digit, d a decimal
    digit and anything else itself: the whole column at once, in C, by
    turning each character into its class and comparing with the shape."""
    try:
        joined = "".join(values).encode("ascii")
    except UnicodeEncodeError:
        return False
    if len(joined) != len(shape) * len(values):
        return False  # not all of the shape's length (or they would not line up)
    return joined.translate(_classes_of(shape)) == shape.encode("ascii") * len(values)


@functools.cache
def _classes_of(shape: str) -> bytes:
    """A table for bytes.translate: each character of a class in `shape` to the
    class's letter, the shape's other characters to themselves, all else to NUL
    (which no shape holds)."""
    table = bytearray(256)
    for letter in set(shape):
        for character in _CLASSES.get(letter, letter):
            table[ord(character)] = ord(letter)
    return bytes(table)


def _has_shape(value: str, shape: str) -> bool:
    return len(value) == len(shape) and all(
        c in _CLASSES.get(s, s) for c, s in zip(value, shape, strict=True)
    )


class Duplicates:
    """The ids read so far in a file, to find the records that repeat one:
    with the same content they are left out, with other content they are a
    problem naming the earlier line.

    Each id is kept as its 64-bit hash with where its record is (line and byte
    offset): a million ids take about 100 MB, not the 250 MB of the ids and
    records. A repeated hash is confirmed by reading the earlier record again,
    so two ids that share a hash are still told apart."""

    def __init__(self, path: Path, record_at: Callable[[int], Entry]) -> None:
        self._path = path
        self._read_at = record_at
        self._seen: dict[int, int] = {}  # hash(id) -> line << 32 | offset
        self._shared_hash: dict[str, int] = {}  # id -> place, for ids whose hash another has

    def find(self, chunk: Any) -> tuple[dict[int, str], set[int]]:
        """The chunk's records (by index) that repeat an earlier id with other
        content (and why), and those that repeat one with the same."""
        keys = list(map(hash, map(operator.itemgetter(0), chunk.records)))
        places = list(
            map(
                operator.or_, map(operator.lshift, chunk.lines, itertools.repeat(32)), chunk.offsets
            )
        )
        seen = self._seen
        if len(set(keys)) == len(keys) and seen.keys().isdisjoint(keys) and not self._shared_hash:
            seen.update(zip(keys, places, strict=True))  # no id repeats: the usual case, in C
            return {}, set()
        clashes: dict[int, str] = {}
        repeats: set[int] = set()
        for index, (key, place, entry) in enumerate(zip(keys, places, chunk.records, strict=True)):
            earlier = self._earlier(key, place, entry.id)
            if earlier is None:
                continue
            if _as_stored(self._record_at(earlier)) == entry:
                repeats.add(index)
            else:
                clashes[index] = (
                    f"id: {entry.id} is also on line {earlier >> 32}, with different content"
                )
        return clashes, repeats

    def _earlier(self, key: int, place: int, entry_id: str) -> int | None:
        """Where the id was read before, or None (and it is remembered)."""
        if entry_id in self._shared_hash:
            return self._shared_hash[entry_id]
        earlier = self._seen.setdefault(key, place)
        if earlier == place:
            return None
        if self._record_at(earlier).id != entry_id:
            self._shared_hash[entry_id] = place  # another id with the same hash
            return None
        return earlier

    def _record_at(self, place: int) -> Entry:
        """The record read before at `place`, read again."""
        try:
            return self._read_at(place & _OFFSET)
        except (msgspec.MsgspecError, ValueError, csv.Error, StopIteration, OSError):
            problem = Problem(place >> 32, "", "changed while it was read; import it again")
            raise FileProblems(self._path, [problem]) from None


_OFFSET = (1 << 32) - 1


def _as_stored(entry: Entry) -> Entry:
    """An entry read again, as the first reading kept it: its time in UTC, an
    empty note or detail none."""
    records = [entry]
    _empty_as_missing(records)
    entry = records[0]
    if _has_shape(entry.logged_at, _TIME_SHAPE):
        return entry
    return entry._replace(logged_at=_utc_time(entry.logged_at) or entry.logged_at)


_TYPE_NAMES = {
    "int": "a whole number",
    "str": "text",
    "object": "an object",
    "array": "a list",
    "float": "a decimal number",
    "bool": "true or false",
    "null": "null",
}
# What a value of the wrong length is not, for the fields msgspec checks by length.
_LENGTH_PROBLEMS = {
    "id": _UUID_PROBLEM,
    "logged_at": _TIME_PROBLEM,
    "date": "not a date as YYYY-MM-DD",
    "note": f"longer than {MAX_NOTE_LENGTH:,} characters",
}


def describe(error: msgspec.ValidationError) -> str:
    """msgspec's message in plain words: 'count: expected a whole number >= 1'."""
    message = str(error).replace("`", "")
    match = re.fullmatch(r"(.*) - at \$\.(\w+)", message)
    field, problem = (match.group(2), match.group(1)) if match else ("", message)
    if problem.startswith("Object missing required field "):
        field, problem = problem.removeprefix("Object missing required field "), "missing"
    elif problem.startswith("Object contains unknown field "):
        field, problem = problem.removeprefix("Object contains unknown field "), "unknown field"
    elif field in _LENGTH_PROBLEMS and " of length " in problem:
        problem = _LENGTH_PROBLEMS[field]
    elif field == "action" and problem.startswith("Invalid enum value"):
        given = problem.removeprefix("Invalid enum value ").strip()
        problem = f"{given} is not one of {', '.join(KINDS)}"
    elif field == "count" and problem.startswith("Expected int"):
        problem = count_problem(0) or problem
    problem = re.sub(
        r"\b(Expected|got) (int|str|object|array|float|bool|null)\b",
        lambda m: f"{m.group(1).lower()} {_TYPE_NAMES[m.group(2)]}",
        problem,
    )
    problem = problem[0].lower() + problem[1:]
    return f"{field}: {problem}" if field else problem
