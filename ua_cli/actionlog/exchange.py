"""Reading export files: the JSON Lines and CSV that volunteers send their
coordinator (exports.py writes them), a block at a time.

Every record is validated (records.py) and each bad one named by file and line;
the JSON is parsed with msgspec, which decodes and checks a million lines
several times faster than the standard library.
"""

import contextlib
import csv
import datetime
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
    KINDS,
    MAX_COUNT,
    MAX_NOTE_LENGTH,
    REQUIRED_FIELDS,
    Entry,
    count_problem,
)
from ua_cli.actionlog.records import Duplicates, ReadResult, check_chunk, describe
from ua_cli.errors import FileProblems, Problem
from ua_cli.files import MIB, open_regular, stream_blocks, unneutralise

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
        duplicates = Duplicates(path, lambda offset: form.record_at(stream.fileno(), offset))
        lines_done = 0
        while True:
            # A block makes thousands of objects; the collector's passes over
            # them would double the time, and nothing here forms reference cycles.
            with _collector_paused():
                chunk = next(chunks, None)
                if chunk is None:
                    return
                result = check_chunk(chunk, today, duplicates)
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
                chunk.problems.append(Problem(number, "", describe(error)))
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
        return describe(error)
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
