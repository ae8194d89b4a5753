"""Export files: the JSON Lines and CSV that volunteers send their coordinator.

Reading validates every record and names each bad one by file and line; the
JSON is parsed with msgspec, which decodes and checks a million lines several
times faster than the standard library.
"""

import csv
import datetime
import gc
import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, BinaryIO, Literal, NamedTuple

import msgspec

from ua_cli.actions import FIELDS, Entry
from ua_cli.csv_safety import neutralise, unneutralise
from ua_cli.errors import Problem, UaError

_HEX = "0123456789abcdef"


class _Record(msgspec.Struct, forbid_unknown_fields=True):
    """One exported entry, in Entry's field order. The shapes msgspec checks in
    C as it decodes; the rest (the characters of ids and times, dates that
    exist) `_check_shapes` checks over whole columns at once."""

    id: Annotated[str, msgspec.Meta(min_length=36, max_length=36)]
    ua: str
    action: Literal["letter", "email", "fax", "call", "tweet"]
    target: str
    count: Annotated[int, msgspec.Meta(ge=1)]
    date: Annotated[str, msgspec.Meta(min_length=10, max_length=10)]
    logged_at: Annotated[str, msgspec.Meta(min_length=24, max_length=24)]
    note: str | None = None


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
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UaError(f"{path}: cannot read: {error.strerror}") from None
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
    missing = [name for name in FIELDS[:-1] if name not in (reader.fieldnames or [])]
    if missing:
        return [], [], [Problem(1, "", f"the header lacks the column(s): {', '.join(missing)}")]
    problems: list[Problem] = []
    for row in reader:
        if progress and reader.line_num % 50_000 == 0:
            progress(50_000)
        if None in row:
            problems.append(Problem(reader.line_num, "", "more cells than the header has columns"))
            continue
        values = {k: v for k, v in row.items() if v != "" or k != "note"}
        if values.get("note"):
            values["note"] = unneutralise(values["note"])
        try:
            record = msgspec.convert(values, _Record, strict=False)
        except msgspec.ValidationError as error:
            problems.append(Problem(reader.line_num, "", _describe(error)))
            continue
        records.append(Entry._make(msgspec.structs.astuple(record)))
        lines.append(reader.line_num)
    return lines, records, problems


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
    """Per field, the records whose value is not of the right form."""
    latest = (today + datetime.timedelta(days=1)).isoformat()  # a day's grace for time zones
    found: dict[str, dict[int, str]] = {}
    # Few distinct values: check each once.
    for field, check in (("ua", _ua_problem), ("target", _target_problem)):
        column = [getattr(e, field) for e in records]
        wrong = {v: m for v in set(column) if (m := check(v))}
        if wrong:
            found[field] = {i: wrong[v] for i, v in enumerate(column) if v in wrong}
    dates = [e.date for e in records]
    wrong = {v: m for v in set(dates) if (m := _date_problem(v, latest))}
    if wrong:
        found["date"] = {i: wrong[v] for i, v in enumerate(dates) if v in wrong}
    # Many distinct values: check the whole column's characters in one pass.
    for field, shape in (
        ("id", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
        ("logged_at", "dddd-dd-ddTdd:dd:dd.dddZ"),
    ):
        column = [getattr(e, field) for e in records]
        if not _column_has_shape(column, shape):
            found[field] = {
                i: _SHAPE_NAMES[shape] for i, v in enumerate(column) if not _has_shape(v, shape)
            }
    return found


_SHAPE_NAMES = {
    "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx": "not a UUID in lowercase hex (8-4-4-4-12 digits)",
    "dddd-dd-ddTdd:dd:dd.dddZ": "not a UTC time like 2026-11-29T18:30:00.000Z",
}
_CLASSES = {"x": _HEX, "d": "0123456789"}


def _column_has_shape(values: list[str], shape: str) -> bool:
    """Whether every value (all of len(shape), as msgspec ensured) fits `shape`,
    where x is a hex digit, d a decimal digit and anything else itself: tested a
    character position at a time over the whole column, in C."""
    joined = "".join(values)
    step = len(shape)
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


def _ua_problem(value: str) -> str | None:
    return None if re.fullmatch(r"\d+\.\d+", value) else "not a UA number such as 106.23"


def _target_problem(value: str) -> str | None:
    ok = re.fullmatch(r"[a-z][a-z0-9_]*", value)
    return None if ok else "not a target key (lowercase letters, digits and _)"


def _date_problem(value: str, latest: str) -> str | None:
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        return "not a date as YYYY-MM-DD"
    if date.isoformat() != value:
        return "not a date as YYYY-MM-DD"
    return f"{value} is in the future" if value > latest else None


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
    "id": _SHAPE_NAMES["xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"],
    "logged_at": _SHAPE_NAMES["dddd-dd-ddTdd:dd:dd.dddZ"],
    "date": "not a date as YYYY-MM-DD",
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
        stream.write(encode(record) + b"\n")
        count += 1
    return count


def write_csv(entries: Iterable[Entry], stream: BinaryIO, *, with_notes: bool) -> int:
    """The same columns as JSON Lines, as a spreadsheet-safe CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = FIELDS if with_notes else FIELDS[:-1]
    writer.writerow(columns)
    count = 0
    for entry in entries:
        row = list(entry if with_notes else entry[:-1])
        if with_notes and row[-1]:
            row[-1] = neutralise(row[-1])
        writer.writerow(row)
        count += 1
        if count % 1000 == 0:  # hand over in chunks: an export may hold millions
            stream.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    stream.write(buffer.getvalue().encode("utf-8"))
    return count
