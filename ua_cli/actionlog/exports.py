"""Writing export files: the JSON Lines and CSV that volunteers send their
coordinator (exchange.py reads them back)."""

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

import msgspec

from ua_cli.actionlog.entries import FIELDS, Entry
from ua_cli.files import neutralise


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
