"""Export files: the JSON Lines and CSV that volunteers send their coordinator.

Reading validates every record and names each bad one by file and line; the
JSON is parsed with msgspec, which decodes and checks a million lines several
times faster than the standard library.
"""

import csv
import datetime
import gc
import io
import operator
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, BinaryIO, Literal, NamedTuple

import msgspec

from ua_cli.actionlog.entries import (
    FIELDS,
    KINDS,
    MAX_COUNT,
    MAX_NOTE_LENGTH,
    REQUIRED_FIELDS,
    Entry,
    count_problem,
    date_problem,
    detail_problem,
    latest_date,
    note_problem,
    target_problem,
    ua_problem,
)
from ua_cli.errors import Problem
from ua_cli.files import MIB, neutralise, read_limited, unneutralise

# A million entries take about 200 MB as JSON Lines; a file ten times the size
# of any real export is refused before it is read into memory.
IMPORT_LIMIT = 2048 * MIB

_HEX = "0123456789abcdef"


class _Record(msgspec.Struct, forbid_unknown_fields=True):
    """One exported entry, in Entry's field order. The shapes msgspec checks in
    C as it decodes; the rest (the characters of ids and times, dates that
    exist) `_check_shapes` checks over whole columns at once."""

    id: Annotated[str, msgspec.Meta(min_length=36, max_length=36)]
    ua: str
    action: Literal[KINDS]
    target: str
    count: Annotated[int, msgspec.Meta(ge=1, le=MAX_COUNT)]
    date: Annotated[str, msgspec.Meta(min_length=10, max_length=10)]
    # RFC 3339, in any offset and to any fraction of a second; stored in UTC
    # to the millisecond (_normalise_times).
    logged_at: Annotated[str, msgspec.Meta(min_length=20, max_length=40)]
    note: Annotated[str, msgspec.Meta(max_length=MAX_NOTE_LENGTH)] | None = None
    detail: Annotated[str, msgspec.Meta(max_length=20)] | None = None


class ReadResult(NamedTuple):
    """The valid entries of a file (each id once), and a problem per invalid record."""

    entries: list[Entry]
    problems: list[Problem]


Progress = Callable[[int], None]


def detect_format(path: Path, head: bytes) -> str:
    """JSON Lines or CSV, by the file's extension, else by its first character."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{" else "csv"


def read_entries(
    path: Path, *, today: datetime.date, progress: Progress | None = None
) -> ReadResult:
    """Read and validate an export file; never raises for a bad record."""
    raw = read_limited(path, IMPORT_LIMIT, "an export of ua's action log")
    # A million records make millions of objects; the collector's passes over
    # them would double the time, and nothing here forms reference cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        reader = _read_jsonl if detect_format(path, raw[:64]) == "jsonl" else _read_csv
        lines, records, problems = reader(raw, progress)
        return _check(lines, records, problems, today)
    finally:
        if gc_was_enabled:
            gc.enable()


def _read_jsonl(
    raw: bytes, progress: Progress | None
) -> tuple[list[int], list[Entry], list[Problem]]:
    decode = msgspec.json.Decoder(_Record).decode
    astuple = msgspec.structs.astuple
    make = Entry._make
    lines: list[int] = []
    records: list[Entry] = []
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if progress and number % 50_000 == 0:
            progress(50_000)
        try:
            records.append(make(astuple(decode(line))))
            lines.append(number)
        except msgspec.ValidationError as error:
            problems.append(Problem(number, "", _describe(error)))
        except msgspec.DecodeError as error:
            if line.strip():  # blank lines are allowed
                reason = str(error).removeprefix("JSON is malformed: ")
                problems.append(
                    Problem(number, "", f"not valid JSON: {reason[0].lower()}{reason[1:]}")
                )
    return lines, records, problems


def _read_csv(
    raw: bytes, progress: Progress | None
) -> tuple[list[int], list[Entry], list[Problem]]:
    lines: list[int] = []
    records: list[Entry] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [], [], [Problem(line, "", "not valid UTF-8; export files are UTF-8")]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in REQUIRED_FIELDS if name not in (reader.fieldnames or [])]
    if missing:
        return [], [], [Problem(1, "", f"the header lacks the column(s): {', '.join(missing)}")]
    problems: list[Problem] = []
    for row in _rows(reader, problems):
        if progress and reader.line_num % 50_000 == 0:
            progress(50_000)
        if None in row:
            problems.append(Problem(reader.line_num, "", "more cells than the header has columns"))
            continue
        # A short row leaves its last cells None: they are missing, as in JSON.
        values = {
            k: unneutralise(v)
            for k, v in row.items()
            if v is not None and (v or k not in ("note", "detail"))
        }
        if not _WHOLE_NUMBER.fullmatch(values.get("count") or "1"):
            problems.append(Problem(reader.line_num, "", f"count: {count_problem(0)}"))
            continue
        try:
            record = msgspec.convert(values, _Record, strict=False)
        except msgspec.ValidationError as error:
            problems.append(Problem(reader.line_num, "", _describe(error)))
            continue
        records.append(Entry._make(msgspec.structs.astuple(record)))
        lines.append(reader.line_num)
    return lines, records, problems


# CSV gives text; a count is written as digits only (not 1e3, not 2.0).
_WHOLE_NUMBER = re.compile(r"[0-9]{1,7}")


def _rows(reader: csv.DictReader, problems: list[Problem]) -> Iterable[dict[str, str]]:
    """The reader's rows; a row the csv module cannot read ends the file with a problem."""
    try:
        yield from reader
    except csv.Error as error:
        # The underlying reader's count: DictReader's own stops at the last good row.
        line = reader.reader.line_num
        problems.append(Problem(line, "", f"cannot read this row: {_csv_reason(error)}"))


def _csv_reason(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a cell longer than {csv.field_size_limit():,} characters"
    return text


def _check(
    lines: list[int], records: list[Entry], problems: list[Problem], today: datetime.date
) -> ReadResult:
    """The checks msgspec could not make, a column at a time; then each id once."""
    bad: dict[int, str] = {}  # index in records -> problem
    for field, problem in _check_shapes(records, today).items():
        for index in problem:
            bad.setdefault(index, f"{field}: {problem[index]}")
    bad.update((i, m) for i, m in _clashing_ids(records, lines).items() if i not in bad)
    problems += [Problem(lines[i], "", message) for i, message in bad.items()]
    problems.sort(key=lambda p: p.line)
    if bad or len({e.id for e in records}) != len(records):
        seen: set[str] = set()
        records = [
            e for i, e in enumerate(records)
            if i not in bad and not (e.id in seen or seen.add(e.id))
        ]  # fmt: skip
    return ReadResult(records, problems)


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
        column = [getattr(e, field) for e in records]
        wrong = {v: m for v in set(column) if (m := check(v))}
        if wrong:
            found[field] = {i: wrong[v] for i, v in enumerate(column) if v in wrong}
    # Most entries have no note, and notes repeat: check each distinct one once.
    notes = set(filter(None, map(operator.itemgetter(7), records)))
    if wrong := {note: m for note in notes if (m := note_problem(note))}:
        found["note"] = {i: wrong[e.note] for i, e in enumerate(records) if e.note in wrong}
    kinds = [(e.action, e.detail) for e in records]
    if wrong_kinds := {k: m for k in set(kinds) if (m := detail_problem(*k))}:
        found["detail"] = {i: wrong_kinds[k] for i, k in enumerate(kinds) if k in wrong_kinds}
    # Many distinct values: check the whole column's characters in one pass.
    ids = [e.id for e in records]
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
    times = [e.logged_at for e in records]
    if _column_has_shape(times, _TIME_SHAPE):
        # One shape: text order is time order, so the first and last say it all.
        if not times or not (
            date_problem(min(times)[:10], latest) or date_problem(max(times)[:10], latest)
        ):
            return {}
        return {i: m for i, t in enumerate(times) if (m := date_problem(t[:10], latest))}
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
    digit and anything else itself: tested a character position at a time over
    the whole column, in C."""
    joined = "".join(values)
    step = len(shape)
    if len(joined) != step * len(values):
        return False  # not all of the shape's length (or they would not line up)
    for position, expected in enumerate(shape):
        column = joined[position::step]
        allowed = _CLASSES.get(expected, expected)
        if column.strip(allowed):
            return False
    return True


def _has_shape(value: str, shape: str) -> bool:
    return len(value) == len(shape) and all(
        c in _CLASSES.get(s, s) for c, s in zip(value, shape, strict=True)
    )


def _clashing_ids(records: list[Entry], lines: list[int]) -> dict[int, str]:
    """Records that repeat an earlier id with different content."""
    if len({e.id for e in records}) == len(records):
        return {}
    first: dict[str, int] = {}
    clashes: dict[int, str] = {}
    for i, entry in enumerate(records):
        j = first.setdefault(entry.id, i)
        if j != i and records[j] != entry:
            clashes[i] = f"id: {entry.id} is also on line {lines[j]}, with different content"
    return clashes


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


def _describe(error: msgspec.ValidationError) -> str:
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


def write_jsonl(entries: Iterable[Entry], stream: BinaryIO, *, with_notes: bool) -> int:
    """One JSON object per line; notes only when asked (they may be personal)."""
    encode = msgspec.json.Encoder().encode
    count = 0
    for entry in entries:
        record = entry._asdict()
        if not with_notes or record["note"] is None:
            del record["note"]
        if record["detail"] is None:
            del record["detail"]
        stream.write(encode(record) + b"\n")
        count += 1
    return count


def write_csv(entries: Iterable[Entry], stream: BinaryIO, *, with_notes: bool) -> int:
    """The same columns as JSON Lines, as a spreadsheet-safe CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = [field for field in FIELDS if with_notes or field != "note"]
    indexes = [FIELDS.index(field) for field in columns]
    writer.writerow(columns)
    count = 0
    for entry in entries:
        # Every cell, not only notes: a log may hold entries imported by an
        # older ua, before ids and keys were checked.
        writer.writerow([neutralise(str(entry[i] or "")) for i in indexes])
        count += 1
        if count % 1000 == 0:  # hand over in chunks: an export may hold millions
            stream.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    stream.write(buffer.getvalue().encode("utf-8"))
    return count
