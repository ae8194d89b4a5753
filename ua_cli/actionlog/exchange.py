"""Export files: the JSON Lines and CSV that volunteers send their coordinator.

Reading validates every record and names each bad one by file and line; the
JSON is parsed with msgspec, which decodes and checks a million lines several
times faster than the standard library.
"""

import contextlib
import csv
import datetime
import functools
import gc
import io
import itertools
import operator
import os
import re
from collections.abc import Callable, Iterable, Iterator
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
from ua_cli.errors import FileProblems, Problem
from ua_cli.files import MIB, neutralise, open_regular, stream_blocks, unneutralise

# A million entries take about 200 MB as JSON Lines; a file ten times the size
# of any real export is refused before it is read into memory.
IMPORT_LIMIT = 2048 * MIB
# Files are read a block at a time and checked a block's records at a time:
# a million records take the memory of a few blocks, not of the whole file.
BLOCK_SIZE = 4 * MIB
_TYPICAL_ROW = 160  # bytes: a CSV block is about this many rows
# No record comes near this (a note of 2,000 characters, each written as a
# 6-byte escape, is 12 KB): a longer line is refused, the rest of it unread.
MAX_LINE = MIB
_PROBLEMS_PER_CHUNK = 10_000
_TOO_LONG = f"longer than {MAX_LINE // MIB} MiB, far longer than any record"

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
    """Read and validate a whole export file; never raises for a bad record."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for chunk in read_chunks(path, today=today, progress=progress):
        entries += chunk.entries
        problems += chunk.problems
    return ReadResult(entries, problems)


def read_chunks(
    path: Path,
    *,
    today: datetime.date,
    progress: Progress | None = None,
    block_size: int = BLOCK_SIZE,
) -> Iterator[ReadResult]:
    """Read and validate an export file a block at a time, so that a file of
    millions of records takes little memory: each block's valid entries (each
    id once in the whole file) and its problems, in the order of the lines.
    Never raises for a bad record; a file that cannot be read at all raises
    FileProblems."""
    with _seekable(path) as stream:
        blocks = stream_blocks(stream, path, IMPORT_LIMIT, _WHAT, block_size=block_size)
        first = next(blocks, b"")
        blocks = itertools.chain([first], blocks)
        form: _JsonLines | _CsvRows
        if detect_format(path, first[:64]) == "jsonl":
            form = _JsonLines()
        else:
            form = _CsvRows(rows_per_chunk=max(1, block_size // _TYPICAL_ROW))
        chunks = form.chunks(_split_lines(blocks))
        duplicates = _Duplicates(path, lambda offset: form.record_at(stream.fileno(), offset))
        lines_done = 0
        while True:
            # A block makes thousands of objects; the collector's passes over
            # them would double the time, and nothing here forms reference cycles.
            with _collector_paused():
                chunk = next(chunks, None)
                if chunk is None:
                    return
                result = _check(chunk, today, duplicates)
            if progress:
                progress(chunk.last_line - lines_done)
                lines_done = chunk.last_line
            yield result


_WHAT = "an export of ua's action log"


@contextlib.contextmanager
def _seekable(path: Path) -> Iterator[BinaryIO]:
    """The file, open where an earlier record can be read again (when an id
    repeats); a pipe or a device is refused at once."""
    with open_regular(path, _WHAT) as stream:
        try:
            yield stream
        except OSError as error:
            problem = Problem(1, "", f"cannot read: {error.strerror or error}")
            raise FileProblems(path, [problem]) from None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Chunk(NamedTuple):
    """The records read from one block, where each starts (line and byte), and
    the problems of the lines that are not records."""

    lines: list[int]
    offsets: list[int]
    records: list[Entry]
    problems: list[Problem]
    last_line: int


class _JsonLines:
    """JSON Lines: a record per line, decoded and checked by msgspec."""

    def __init__(self) -> None:
        self._decode = msgspec.json.Decoder(_Record).decode
        self._decode_all = msgspec.json.Decoder(list[_Record]).decode

    def chunks(self, groups: Iterable["_Lines"]) -> Iterator[_Chunk]:
        for first, offset, lines, _ in groups:
            at_once = self._at_once(first, offset, lines)
            if at_once:
                yield at_once
            else:
                yield from self._line_by_line(first, offset, lines)

    def _at_once(self, first: int, offset: int, lines: list[bytes]) -> _Chunk | None:
        """A block of good records, as ua writes them, decoded as one JSON
        array in C; None when a line is not such a record.

        The lines are joined by ",\n". A JSON string cannot hold a raw newline,
        and every value of a record is a string, a number or null, so when each
        line begins with { and ends with }, each brace is an object's own and
        every line holds at least one whole record; as many records as lines
        then means exactly one each, the same one the line decodes to alone."""
        if not all(lines) or max(map(len, lines)) > MAX_LINE:
            return None  # a blank line, a line too long
        heads = bytes(map(operator.itemgetter(0), lines))
        tails = bytes(map(operator.itemgetter(-1), lines))
        if heads.strip(b"{") or tails.strip(b"}"):
            return None
        try:
            decoded = self._decode_all(b"[" + b",\n".join(lines) + b"]")
        except msgspec.DecodeError:  # ValidationError too: the line-by-line reading names it
            return None
        if len(decoded) != len(lines):
            return None
        starts = itertools.accumulate(map((1).__add__, map(len, lines[:-1])), initial=offset)
        return _Chunk(
            lines=list(range(first, first + len(lines))),
            offsets=list(starts),
            # tuple.__new__ in C, not Entry._make (Python): every record has all fields
            records=list(
                map(tuple.__new__, itertools.repeat(Entry), map(msgspec.structs.astuple, decoded))
            ),
            problems=[],
            last_line=first + len(lines) - 1,
        )

    def _line_by_line(self, first: int, offset: int, lines: list[bytes]) -> Iterator[_Chunk]:
        """A block's records, each line decoded alone, and its bad lines named;
        in several chunks when it has very many bad lines, so that the
        problems of a file of junk never pile up in memory."""
        make, astuple, decode = Entry._make, msgspec.structs.astuple, self._decode
        chunk = _Chunk([], [], [], [], first + len(lines) - 1)
        starts = itertools.accumulate(map((1).__add__, map(len, lines)), initial=offset)
        for number, start, line in zip(itertools.count(first), starts, lines):
            if len(chunk.problems) >= _PROBLEMS_PER_CHUNK:
                yield chunk._replace(last_line=number - 1)
                chunk = _Chunk([], [], [], [], first + len(lines) - 1)
            if len(line) > MAX_LINE:
                chunk.problems.append(Problem(number, "", _TOO_LONG))
                continue
            try:
                chunk.records.append(make(astuple(decode(line))))
                chunk.lines.append(number)
                chunk.offsets.append(start)
            except msgspec.ValidationError as error:
                chunk.problems.append(Problem(number, "", _describe(error)))
            except msgspec.DecodeError as error:
                if line.strip():  # blank lines are allowed
                    reason = str(error).removeprefix("JSON is malformed: ")
                    message = f"not valid JSON: {reason[0].lower()}{reason[1:]}"
                    chunk.problems.append(Problem(number, "", message))
        yield chunk

    def record_at(self, descriptor: int, offset: int) -> Entry:
        line = os.pread(descriptor, MAX_LINE + 1, offset).split(b"\n", 1)[0]
        return Entry._make(msgspec.structs.astuple(self._decode(line)))


class _CsvRows:
    """A spreadsheet's rows under a header naming the columns; every cell text."""

    def __init__(self, rows_per_chunk: int) -> None:
        self._columns: list[str] = []
        self._rows_per_chunk = rows_per_chunk

    def chunks(self, groups: Iterator["_Lines"]) -> Iterator[_Chunk]:
        text = _TextLines(groups)
        reader = csv.DictReader(text)
        try:
            self._columns = list(reader.fieldnames or [])
        except csv.Error as error:
            yield _Chunk([], [], [], [_csv_problem(error, reader.reader.line_num)], 1)
            return
        if problem := _header_problem(self._columns, text.bad_lines):
            yield _Chunk([], [], [], [problem], 1)
            return
        chunk = _Chunk([], [], [], [], 1)
        while True:
            start, line = text.next_offset, text.next_number
            try:
                row = next(reader, None)
            except csv.Error as error:
                chunk.problems.append(_csv_problem(error, line))
                if reader.reader.line_num < line:
                    break  # nothing more to read
                continue  # the csv module goes on with the next line
            if row is None:
                break
            record = _csv_record(row)
            if text.bad_lines and not text.bad_lines.isdisjoint(range(line, reader.line_num + 1)):
                record = _NOT_UTF8
            if isinstance(record, str):
                chunk.problems.append(Problem(line, "", record))
            else:
                chunk.records.append(record)
                chunk.lines.append(line)
                chunk.offsets.append(start)
            if len(chunk.records) + len(chunk.problems) >= self._rows_per_chunk:
                yield chunk._replace(last_line=reader.line_num)
                chunk = _Chunk([], [], [], [], 0)
        yield chunk._replace(last_line=max(reader.line_num, 1))

    def record_at(self, descriptor: int, offset: int) -> Entry:
        # A row is at most a few cells of the csv module's limit, 128 KiB each.
        text = os.pread(descriptor, 2 * MIB, offset).decode("utf-8", errors="strict")
        row = next(csv.DictReader(io.StringIO(text, newline=""), fieldnames=self._columns))
        record = _csv_record(row)
        if isinstance(record, str):
            raise ValueError(record)
        return record


def _header_problem(columns: list[str], bad_lines: set[int]) -> Problem | None:
    if 1 in bad_lines:
        return Problem(1, "", _NOT_UTF8)
    if missing := [name for name in REQUIRED_FIELDS if name not in columns]:
        return Problem(1, "", f"the header lacks the column(s): {', '.join(missing)}")
    if repeated := sorted({name for name in columns if columns.count(name) > 1}):
        # Which of two `count` columns would count? Neither: ask.
        return Problem(1, "", f"the header has the column(s) more than once: {', '.join(repeated)}")
    return None


_NOT_UTF8 = "not valid UTF-8; export files are UTF-8"


class _TextLines:
    """A CSV file's lines as text for the csv module (their ends kept), the
    number and byte offset of the next, and the lines that were not UTF-8
    (read with replacement characters, so that the rows around stay whole)."""

    def __init__(self, groups: Iterator["_Lines"]) -> None:
        self._groups = groups
        self._lines: Iterator[tuple[int, bytes]] = iter(())
        self._last = -1  # the number of the file's last line, once known
        self.next_offset = 0
        self.next_number = 1
        self.bad_lines: set[int] = set()

    def __iter__(self) -> "_TextLines":
        return self

    def __next__(self) -> str:
        for number, line in self._lines:
            self.next_offset += len(line) + 1
            self.next_number = number + 1
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                self.bad_lines.add(number)
                text = line.decode("utf-8", errors="replace")
            return text if number == self._last else text + "\n"
        first, offset, lines, last = next(self._groups)
        self.next_offset, self.next_number = offset, first
        self._last = first + len(lines) - 1 if last else -1
        self._lines = zip(itertools.count(first), lines)
        return next(self)


class _Lines(NamedTuple):
    """A block's complete lines, without their newlines."""

    first: int  # the number of the first
    offset: int  # the byte offset of the first
    lines: list[bytes]
    unterminated: bool  # the last is the file's last, with no newline after it


def _split_lines(blocks: Iterable[bytes]) -> Iterator[_Lines]:
    """The lines of a file read in blocks, a block's worth at a time; a UTF-8
    byte order mark left out. A line longer than MAX_LINE is given cut short
    (no record is that long) and the rest of it is skipped unread."""
    number, offset, rest, skipping = 1, 0, b"", False
    for block in blocks:
        if skipping:
            end = block.find(b"\n")
            if end == -1:
                offset += len(block)
                continue
            block, offset, number, skipping = block[end + 1 :], offset + end + 1, number + 1, False
        data = rest + block if rest else block
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            rest = data
            if len(rest) > MAX_LINE:
                yield _Lines(number, offset, [rest], False)
                offset, rest, skipping = offset + len(rest), b"", True
            continue
        lines = data[: cut - 1].split(b"\n")
        yield _without_bom(_Lines(number, offset, lines, False))
        number, offset, rest = number + len(lines), offset + cut, data[cut:]
    if rest and not skipping:
        yield _without_bom(_Lines(number, offset, [rest], True))


def _without_bom(group: _Lines) -> _Lines:
    if group.first == 1 and group.lines[0].startswith(_BOM):
        group.lines[0] = group.lines[0][len(_BOM) :]
        return group._replace(offset=group.offset + len(_BOM))
    return group


_BOM = b"\xef\xbb\xbf"


def _csv_record(row: dict[str, str]) -> Entry | str:
    """A CSV row as an entry, or what is wrong with it."""
    if None in row:
        return "more cells than the header has columns"
    # A short row leaves its last cells None: they are missing, as in JSON.
    values = {
        k: unneutralise(v)
        for k, v in row.items()
        if v is not None and (v or k not in ("note", "detail"))
    }
    if not _WHOLE_NUMBER.fullmatch(values.get("count") or "1"):
        return f"count: {count_problem(0)}"
    try:
        record = msgspec.convert(values, _Record, strict=False)
    except msgspec.ValidationError as error:
        return _describe(error)
    return Entry._make(msgspec.structs.astuple(record))


def _csv_problem(error: csv.Error, line: int) -> Problem:
    return Problem(line, "", f"cannot read this row: {_csv_reason(error)}")


def _csv_reason(error: Exception) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a cell longer than {csv.field_size_limit():,} characters"
    if "new-line character seen in unquoted field" in text:
        return "a line ends in a lone carriage return; save the file with Unix or Windows line ends"
    return text


# CSV gives text; a count is written as digits only (not 1e3, not 2.0).
_WHOLE_NUMBER = re.compile(r"[0-9]{1,7}")


def _check(chunk: _Chunk, today: datetime.date, duplicates: "_Duplicates") -> ReadResult:
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


class _Duplicates:
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

    def find(self, chunk: _Chunk) -> tuple[dict[int, str], set[int]]:
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
