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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, BinaryIO, Literal, NamedTuple

import msgspec

from ua_cli.actions import FIELDS, Entry
from ua_cli.csv_safety import neutralise, unneutralise
from ua_cli.errors import Problem, UaError

FORMATS = ("jsonl", "csv")
_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class _Record(msgspec.Struct, forbid_unknown_fields=True):
    id: Annotated[str, msgspec.Meta(pattern=_UUID)]
    ua: Annotated[str, msgspec.Meta(pattern=r"^\d+\.\d+$")]
    action: Literal["letter", "email", "fax", "call", "tweet"]
    target: Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]*$")]
    count: Annotated[int, msgspec.Meta(ge=1)]
    date: datetime.date
    logged_at: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    note: str | None = None


class ReadResult(NamedTuple):
    """The valid entries of a file, and a problem for each invalid record."""

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
    latest = (today + datetime.timedelta(days=1)).isoformat()  # a day's grace for time zones
    # A million records make a million objects; the collector's passes over them
    # would double the time, and nothing here forms reference cycles.
    gc.disable()
    try:
        if detect_format(path, raw[:64]) == "jsonl":
            return _check(_read_jsonl(raw, progress), latest)
        return _check(_read_csv(path, raw, progress), latest)
    finally:
        gc.enable()


def _check(records: Iterator[tuple[int, _Record | str]], latest: str) -> ReadResult:
    """Records to entries; bad records, future dates and clashing ids to problems."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    first_line: dict[str, tuple[int, Entry]] = {}
    for line, record in records:
        if isinstance(record, str):
            problems.append(Problem(line, "", record))
            continue
        date = record.date.isoformat()
        if date > latest:
            problems.append(Problem(line, "", f"date: {date} is in the future"))
            continue
        entry = Entry(
            record.id, record.ua, record.action, record.target, record.count,
            date, record.logged_at, record.note,
        )  # fmt: skip
        seen = first_line.setdefault(entry.id, (line, entry))
        if seen[0] != line and seen[1] != entry:
            message = f"id: {entry.id} is also on line {seen[0]}, with different content"
            problems.append(Problem(line, "", message))
            continue
        entries.append(entry)
    return ReadResult(entries, problems)


def _read_jsonl(raw: bytes, progress: Progress | None) -> Iterator[tuple[int, _Record | str]]:
    decode = msgspec.json.Decoder(_Record).decode
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if progress and number % 10_000 == 0:
            progress(10_000)
        if not line.strip():
            continue
        try:
            yield number, decode(line)
        except msgspec.ValidationError as error:
            yield number, _describe(error)
        except msgspec.DecodeError as error:
            reason = str(error).removeprefix("JSON is malformed: ")
            yield number, f"not valid JSON: {reason[0].lower()}{reason[1:]}"


def _read_csv(
    path: Path, raw: bytes, progress: Progress | None
) -> Iterator[tuple[int, _Record | str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        yield line, "not valid UTF-8; export files are UTF-8"
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in FIELDS[:-1] if name not in (reader.fieldnames or [])]
    if missing:
        yield 1, f"the header lacks the column(s): {', '.join(missing)}"
        return
    for row in reader:
        if progress and reader.line_num % 10_000 == 0:
            progress(10_000)
        if None in row:
            yield reader.line_num, "more cells than the header has columns"
            continue
        values = {k: v for k, v in row.items() if v != "" or k != "note"}
        if values.get("note"):
            values["note"] = unneutralise(values["note"])
        try:
            yield reader.line_num, msgspec.convert(values, _Record, strict=False)
        except msgspec.ValidationError as error:
            yield reader.line_num, _describe(error)


_TYPE_NAMES = {
    "int": "a whole number",
    "str": "text",
    "object": "an object",
    "array": "a list",
    "float": "a decimal number",
    "bool": "true or false",
    "null": "null",
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
    elif problem.startswith("Expected str matching regex"):
        problem = "not in the expected form"
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
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    columns = FIELDS if with_notes else FIELDS[:-1]
    writer.writerow(columns)
    count = 0
    for entry in entries:
        row = list(entry if with_notes else entry[:-1])
        if with_notes and row[-1]:
            row[-1] = neutralise(row[-1])
        writer.writerow(row)
        count += 1
    text.detach()
    return count
