"""The action log at scale: import and report N entries, against sqlite3's own tool.

Goals: `ua import` at most 2x the sqlite3 command-line tool's `.import` of the
same rows as CSV into a plain table, in under 300 MiB; `ua report` at most 2x
`ua --version`, that is, the report costs no more than starting the program.
For reference, not a goal: `.import` of the same rows into a table keyed by id,
as the log's entries are (the work of keeping each id once, in SQLite alone).

Needs the sqlite3 command-line tool (Debian: apt-get install sqlite3).
Run: python bench/action_log.py [-n 1000000]
"""

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import msgspec
from measure import seconds_and_peak

ACTIONS = ("letter", "email", "fax", "call", "tweet")
TARGETS = ("pcm", "embassy")


# The log's entries as the first migration makes them, without the later columns.
KEYED_TABLE = (
    "CREATE TABLE entries (id TEXT PRIMARY KEY, ua TEXT NOT NULL, action TEXT NOT NULL, "
    "target TEXT NOT NULL, count INTEGER NOT NULL, date TEXT NOT NULL, logged_at TEXT NOT NULL) "
    "WITHOUT ROWID"
)


def generate(n: int, folder: Path) -> tuple[Path, Path]:
    """N entries over 60 days, as JSON Lines (for ua) and CSV (for sqlite3)."""
    jsonl, csv_path = folder / "entries.jsonl", folder / "entries.csv"
    encode = msgspec.json.Encoder().encode
    with jsonl.open("wb") as out_json, csv_path.open("w", newline="") as out_csv:
        writer = csv.writer(out_csv)
        writer.writerow(["id", "ua", "action", "target", "count", "date", "logged_at"])
        for i in range(n):
            day = f"2026-{10 + i % 2:02d}-{1 + i % 28:02d}"
            row = {
                "id": str(uuid.uuid4()),
                "ua": "106.23",
                "action": ACTIONS[i % 5],
                "target": TARGETS[i % 2],
                "count": 1 + i % 3,
                "date": day,
                "logged_at": f"{day}T12:00:00.000Z",
            }
            out_json.write(encode(row) + b"\n")
            writer.writerow(row.values())
    return jsonl, csv_path


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def median_seconds(command: list[str], runs: int = 11) -> float:
    seconds(command)  # warm up
    return statistics.median(seconds(command) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=1_000_000, help="entries (default 1,000,000)")
    n = parser.parse_args().n
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        sys.exit("the sqlite3 command-line tool is missing: apt-get install sqlite3")
    ua = str(Path(sys.executable).parent / "ua")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"generating {n:,} entries ...", flush=True)
        jsonl, csv_path = generate(n, folder)
        log = folder / "log.sqlite3"
        ua_import, peak = seconds_and_peak([ua, "import", "--db", str(log), str(jsonl)])
        plain = folder / "plain.sqlite3"
        cli_import = seconds([sqlite3, str(plain), f".import --csv {csv_path} entries"])
        keyed = folder / "keyed.sqlite3"
        keyed_import = seconds([
            sqlite3, str(keyed), KEYED_TABLE, f".import --csv --skip 1 {csv_path} entries",
        ])  # fmt: skip

        report = median_seconds(
            [ua, "report", "--db", str(log), "--ua", "106.23", "--by", "target"]
        )
        group_by = median_seconds([
            sqlite3, str(log),
            "SELECT action, target, SUM(count) FROM entries WHERE ua = '106.23' GROUP BY action, target",
        ])  # fmt: skip
        version = median_seconds([ua, "--version"])

    print(f"N = {n:,} entries")
    print(
        f"  ua import (JSON Lines)          {ua_import:8.2f} s   peak {peak:5.0f} MiB  (goal < 300)"
    )
    print(f"  sqlite3 .import (CSV)           {cli_import:8.2f} s")
    print(f"  ratio                           {ua_import / cli_import:8.2f}x  (goal <= 2x)")
    print(
        f"  sqlite3 .import, keyed by id    {keyed_import:8.2f} s   "
        f"(ua import: {ua_import / keyed_import:.2f}x; reference)"
    )
    print(f"  ua report --by target           {report * 1000:8.1f} ms")
    print(
        f"  sqlite3 GROUP BY on the log     {group_by * 1000:8.1f} ms  ({report / group_by:.2f}x)"
    )
    print(f"  ua --version                    {version * 1000:8.1f} ms")
    print(f"  report / version                {report / version:8.2f}x  (goal <= 2x)")


if __name__ == "__main__":
    main()
