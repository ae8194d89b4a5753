"""Export files read a block at a time: what no block boundary may change."""

from __future__ import annotations

import datetime
import json

from tests.builders import ID_A, ID_B, ID_C
from tests.builders import entry as _entry
from ua_cli.actionlog import exchange
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
