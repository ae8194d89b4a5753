"""Export files read a block at a time: what no block boundary may change."""

from __future__ import annotations

import datetime
import json

import pytest

from tests.builders import ID_A, ID_B, ID_C
from tests.builders import entry as _entry
from ua_cli.actionlog import exchange, records
from ua_cli.actionlog.exchange import MAX_LINE, read_chunks, read_entries
from ua_cli.errors import Problem

TODAY = datetime.date(2026, 11, 29)


def _line(entry_id: str, count: int = 1) -> str:
    record = _entry(entry_id, count=count)._asdict()
    del record["note"], record["detail"]
    return json.dumps(record)


def test_ids_that_share_a_hash_are_still_told_apart(tmp_path, monkeypatch):
    # Ids are remembered by their hash; make every id's the same.
    monkeypatch.setattr(exchange, "hash", lambda _: 7, raising=False)
    path = tmp_path / "same-hash.jsonl"
    lines = [_line(ID_A), _line(ID_B), _line(ID_A), _line(ID_C), _line(ID_B, count=2)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for block_size in (40, exchange.BLOCK_SIZE):
        chunks = list(read_chunks(path, today=TODAY, block_size=block_size))
        assert [e.id for c in chunks for e in c.entries] == [ID_A, ID_B, ID_C]
        assert [p for c in chunks for p in c.problems] == [
            Problem(5, "", f"id: {ID_B} is also on line 2, with different content")
        ]


def test_a_line_longer_than_any_record_is_refused_and_the_next_is_read(tmp_path):
    path = tmp_path / "long-line.jsonl"
    path.write_text("x" * (MAX_LINE + 10) + "\n" + _line(ID_A) + "\n", encoding="utf-8")
    for block_size in (1000, exchange.BLOCK_SIZE):
        chunks = list(read_chunks(path, today=TODAY, block_size=block_size))
        assert [e.id for c in chunks for e in c.entries] == [ID_A]
        assert [p for c in chunks for p in c.problems] == [
            Problem(1, "", "longer than 1 MiB, far longer than any record")
        ]


def test_a_repeat_written_in_another_time_zone_is_the_same_entry(tmp_path):
    path = tmp_path / "zones.jsonl"
    moved = json.loads(_line(ID_A)) | {"logged_at": "2026-11-20T11:00:00+01:00"}
    path.write_text(_line(ID_A) + "\n" + json.dumps(moved) + "\n", encoding="utf-8")
    result = read_entries(path, today=TODAY)
    assert [e.id for e in result.entries] == [ID_A]
    assert result.problems == []


def _with(entry_id: str, **fields: object) -> str:
    return json.dumps(json.loads(_line(entry_id)) | fields)


def test_times_in_uas_own_form_are_real_days_and_clocks(tmp_path):
    path = tmp_path / "times.jsonl"
    lines = [
        _line(ID_A),
        _with(ID_B, logged_at="2026-02-30T10:00:00.000Z"),
        _with(ID_C, logged_at="2026-11-20T25:61:61.000Z"),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_entries(path, today=TODAY)
    assert [e.id for e in result.entries] == [ID_A]
    problem = (
        "logged_at: not an RFC 3339 time like 2026-11-29T18:30:00Z or 2026-11-29T19:30:00.5+01:00"
    )
    assert result.problems == [Problem(2, "", problem), Problem(3, "", problem)]


def test_a_ua_number_is_written_in_ascii_digits(tmp_path):
    path = tmp_path / "digits.jsonl"
    path.write_text(_with(ID_A, ua="١٠٦.٢٣") + "\n" + _with(ID_B, ua="１０６.23") + "\n")
    result = read_entries(path, today=TODAY)
    assert result.entries == []
    assert [p.message for p in result.problems] == ["ua: not a UA number such as 106.23"] * 2


def test_an_empty_note_is_no_note(tmp_path):
    path = tmp_path / "empty-note.jsonl"
    path.write_text(_with(ID_A, note="") + "\n" + _with(ID_A) + "\n")
    result = read_entries(path, today=TODAY)
    assert [(e.id, e.note) for e in result.entries] == [(ID_A, None)]
    assert result.problems == []


def test_a_named_pipe_is_refused_at_once_without_a_writer(tmp_path):
    import os

    from ua_cli.errors import FileProblems

    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(FileProblems) as refused:
        read_entries(fifo, today=TODAY)  # no writer: opening it for reading used to wait forever
    assert refused.value.problems == [
        Problem(1, "", "a named pipe, not a file; is it really an export of ua's action log?")
    ]


def test_a_record_that_cannot_be_read_again_is_one_line_naming_it(tmp_path):
    from ua_cli.errors import FileProblems

    def unreadable(offset: int):
        raise ValueError("the bytes changed")

    duplicates = records.Duplicates(tmp_path / "x.jsonl", unreadable)
    chunk = exchange._Chunk([3, 9], [100, 500], [_entry(ID_A), _entry(ID_A)], [], 9)
    try:
        duplicates.find(chunk)
    except FileProblems as error:
        assert str(error) == f"{tmp_path / 'x.jsonl'}:3: changed while it was read; import it again"
    else:
        raise AssertionError("no error")


def test_a_file_of_junk_is_named_line_by_line_in_bounded_chunks(tmp_path):
    path = tmp_path / "junk.jsonl"
    path.write_text("{}\n" * 25_000)
    chunks = list(read_chunks(path, today=TODAY))
    assert max(len(c.problems) for c in chunks) <= 10_000
    problems = [p for c in chunks for p in c.problems]
    assert [p.line for p in problems] == list(range(1, 25_001))
    assert problems[0].message == "id: missing"


def _csv(tmp_path, name: str, rows: list[str]) -> object:
    path = tmp_path / name
    header = "id,ua,action,target,count,date,logged_at"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode("utf-8", "surrogateescape"))
    return path


def _row(entry_id: str, count: str = "1") -> str:
    return f"{entry_id},106.23,letter,pcm,{count},2026-11-20,2026-11-20T10:00:00.000Z"


def test_a_csv_row_that_cannot_be_read_leaves_the_rows_after_it_read(tmp_path):
    path = _csv(
        tmp_path,
        "rows.csv",
        [_row(ID_A), _row(ID_B, "x" * 140_000), "\udcff" + _row(ID_C)[1:], _row(ID_C)],
    )
    result = read_entries(path, today=TODAY)
    assert [e.id for e in result.entries] == [ID_A, ID_C]
    assert result.problems == [
        Problem(3, "", "cannot read this row: a cell longer than 131,072 characters"),
        Problem(4, "", "not valid UTF-8; export files are UTF-8"),
    ]


def test_a_csv_header_that_names_a_column_twice_is_refused(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("id,ua,action,target,count,date,logged_at,count\n" + _row(ID_A) + ",900000\n")
    result = read_entries(path, today=TODAY)
    assert result.entries == []
    assert result.problems == [Problem(1, "", "the header has the column(s) more than once: count")]


def test_a_multi_line_csv_record_is_named_by_its_first_line(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(
        "id,ua,action,target,count,date,logged_at,note\n"
        + _row(ID_A) + ',"two\nlines"\n'
        + _row(ID_A) + ",other\n"
    )  # fmt: skip
    result = read_entries(path, today=TODAY)
    assert result.problems == [
        Problem(4, "", f"id: {ID_A} is also on line 2, with different content")
    ]
