"""Team mode at scale, against a throwaway PostgreSQL cluster this script starts.

Prints:
- 16 processes logging 250 letters each to one official on one day (each its own
  transaction; must end with exactly 4,000 entries and a total of 4,000), in
  entries per second from a common start (goal: at least 2,000), against SQLite;
- a sync restarted mid-way by a server restart: the clear error, then a rerun
  that completes with every entry exactly once;
- `ua import` of 1,000,000 entries, with its peak memory (goal: under 300 MiB),
  against psql's `\\copy` of the same rows as CSV into a plain table (goal: at
  most 2x) and, for reference, into a table keyed by id as the log's entries are;
- `ua report` on 1,000,000 entries against psql running the plain GROUP BY over
  the same database (goal: at most 1.5x).

Needs Debian's PostgreSQL (apt-get install postgresql); uses .ci/postgres.sh.
Run: python bench/team.py [-n 1000000]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from measure import seconds_and_peak

PROJECT = Path(__file__).resolve().parent.parent
UA = [sys.executable, "-m", "ua_cli"]
# Each writer opens the log, says it is ready, and waits for the word: the
# clock measures the writing, not sixteen Pythons starting on two cores.
LOGGER = """
import datetime, sys
from ua_cli.actionlog.entries import new_entry
from ua_cli.actionlog.opening import open_log
with open_log(sys.argv[1]) as log:
    print("ready", flush=True)
    sys.stdin.readline()
    for _ in range(int(sys.argv[2])):
        log.append([new_entry(ua="106.23", action="letter", target="pcm", date=datetime.date(2026, 11, 20), now=datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC))])
"""


def concurrent_load(
    location: str, processes: int = 16, each: int = 250
) -> tuple[float, int, dict[str, int]]:
    """Seconds for `processes` writers to log `each` letters to one official on
    one day (the hottest running total there is), the entries stored, and the totals."""
    subprocess.run([*UA, "db", "migrate", "--db", location], check=True, capture_output=True)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", LOGGER, location, str(each)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    for worker in workers:
        worker.stdout.readline()
    start = time.perf_counter()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    codes = [w.wait() for w in workers]
    seconds = time.perf_counter() - start
    if any(codes):
        sys.exit(f"a logging process failed: {codes}")
    from ua_cli.actionlog.opening import open_log

    with open_log(location) as log:
        return seconds, log.count_entries(), log.ua_totals("106.23")


def write_entries(path: Path, n: int, csv_path: Path | None = None) -> None:
    """N entries as JSON Lines, and (for psql) the same rows as CSV."""
    import csv

    import msgspec

    encode = msgspec.json.Encoder().encode
    actions = ("letter", "email", "fax", "call", "tweet")
    with path.open("wb") as out, open(csv_path or os.devnull, "w", newline="") as out_csv:
        rows = csv.writer(out_csv)
        rows.writerow(COLUMNS)
        for i in range(n):
            day = f"2026-11-{1 + i % 28:02d}"
            record = {"id": str(uuid.uuid4()), "ua": "106.23", "action": actions[i % 5],
                      "target": ("pcm", "embassy")[i % 2], "count": 1 + i % 3, "date": day,
                      "logged_at": f"{day}T12:00:00.000Z"}  # fmt: skip
            out.write(encode(record) + b"\n")
            if csv_path:
                rows.writerow(record.values())


COLUMNS = ("id", "ua", "action", "target", "count", "date", "logged_at")


def _copy_seconds(database: str, rows: Path, *, keyed: bool) -> float:
    """psql's \\copy of the CSV rows into a new table: plain, or keyed by id
    (compared bytewise) as the log's entries are."""
    key = ' COLLATE "C" PRIMARY KEY' if keyed else ""
    table = (
        f"CREATE TABLE entries (id TEXT{key}, ua TEXT NOT NULL, action TEXT NOT NULL, "
        "target TEXT NOT NULL, count BIGINT NOT NULL, date TEXT NOT NULL, logged_at TEXT NOT NULL)"
    )
    subprocess.run(["psql", database, "-qc", table], check=True, capture_output=True)
    start = time.perf_counter()
    subprocess.run(
        [
            "psql",
            database,
            "-qc",
            f"\\copy entries ({', '.join(COLUMNS)}) FROM '{rows}' CSV HEADER",
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def median_seconds(command: list[str], runs: int = 7) -> float:
    subprocess.run(command, check=True, capture_output=True)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "-n", type=int, default=1_000_000, help="entries for the report (default 1,000,000)"
    )
    n = parser.parse_args().n
    if shutil.which("psql") is None:
        sys.exit("psql is missing: apt-get install postgresql")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pgdir = folder / "pg"
        pgdir.mkdir()
        folder.chmod(0o755)
        pgdir.chmod(0o755)
        script = str(PROJECT / ".ci" / "postgres.sh")
        base = subprocess.run(
            [script, "start", str(pgdir), "55434"], check=True, capture_output=True, text=True
        ).stdout.strip()
        try:
            run_benchmarks(base, folder, script, pgdir, n)
        finally:
            subprocess.run([script, "stop", str(pgdir)], check=False)


def _database(base: str, name: str) -> str:
    subprocess.run(
        ["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True
    )
    return base.rsplit("/", 1)[0] + f"/{name}"


def run_benchmarks(base: str, folder: Path, script: str, pgdir: Path, n: int) -> None:
    # The median of three runs, each into a new log: one run varies by a third here.
    pg_runs = sorted(
        (concurrent_load(_database(base, f"load{i}")) for i in range(3)), key=lambda run: run[0]
    )
    sqlite_runs = sorted(
        (concurrent_load(str(folder / f"load{i}.sqlite3")) for i in range(3)),
        key=lambda run: run[0],
    )
    pg_seconds, pg_count, pg_totals = pg_runs[1]
    sqlite_seconds, sqlite_count, sqlite_totals = sqlite_runs[1]
    print("16 processes x 250 letters to one official on one day (each its own transaction;")
    print("the median of three runs)")
    print(
        f"  PostgreSQL  {pg_count:,} entries, totals {pg_totals}  {pg_seconds:6.2f} s  "
        f"{4000 / pg_seconds:7.0f} entries/s  (goal >= 2,000)"
    )
    print(
        f"  SQLite      {sqlite_count:,} entries, totals {sqlite_totals}  {sqlite_seconds:6.2f} s  "
        f"{4000 / sqlite_seconds:7.0f} entries/s"
    )

    # A sync interrupted by a server restart, then run again.
    local = folder / "volunteer.sqlite3"
    entries = folder / "volunteer.jsonl"
    write_entries(entries, 50_000)
    subprocess.run(
        [*UA, "import", "--db", str(local), str(entries)], check=True, capture_output=True
    )
    shared = _database(base, "synced")
    sync = [*UA, "sync", "--to", shared, "--db", str(local), "--batch-size", "100"]
    process = subprocess.Popen(sync, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    # The server's output goes to its log: a pipe would stay open as long as it runs.
    restart = [str(bin_dir / "pg_ctl"), "-D", str(pgdir / "data"), "-l", str(pgdir / "server.log"),
               "-m", "fast", "-w", "restart"]  # fmt: skip
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run(["runuser", "-u", "postgres", "--", *restart], check=True, cwd="/", **quiet)
    _, error = process.communicate()
    print("sync during a server restart")
    print(
        f"  first run: exit {process.returncode}: {error.strip().splitlines()[-1] if error.strip() else '(finished first)'}"
    )
    rerun = subprocess.run(sync, capture_output=True, text=True, check=False)
    count = subprocess.run(["psql", shared, "-tAc", "SELECT COUNT(*), COUNT(DISTINCT id) FROM entries"],
                           capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    print(f"  rerun: exit {rerun.returncode}: {rerun.stderr.strip()}")
    print(f"  entries in the shared log (all, distinct): {count} of 50000")

    # The import of n entries, and the report on them.
    big = _database(base, "report")
    entries, rows = folder / "big.jsonl", folder / "big.csv"
    write_entries(entries, n, rows)
    ua_import, peak = seconds_and_peak([*UA, "import", "--db", big, str(entries)])
    copy_plain = _copy_seconds(_database(base, "plain"), rows, keyed=False)
    copy_keyed = _copy_seconds(_database(base, "keyed"), rows, keyed=True)
    print(f"import of {n:,} entries into PostgreSQL")
    print(
        f"  ua import (JSON Lines)        {ua_import:7.2f} s   peak {peak:5.0f} MiB  (goal < 300)"
    )
    print(f"  psql \\copy (CSV)             {copy_plain:7.2f} s")
    print(f"  ratio                         {ua_import / copy_plain:7.2f}x  (goal <= 2x)")
    print(
        f"  psql \\copy, keyed by id      {copy_keyed:7.2f} s   "
        f"(ua import: {ua_import / copy_keyed:.2f}x; reference)"
    )
    ua_report = median_seconds([*UA, "report", "--db", big, "--ua", "106.23", "--by", "target"])
    group_by = median_seconds(["psql", big, "-qtAc",
        "SELECT action, target, SUM(count) FROM entries WHERE ua = '106.23' GROUP BY action, target"])  # fmt: skip
    print(f"report on {n:,} entries")
    print(f"  ua report --by target   {ua_report * 1000:7.1f} ms")
    print(f"  psql GROUP BY           {group_by * 1000:7.1f} ms")
    print(f"  ratio                   {ua_report / group_by:7.2f}x  (goal <= 1.5x)")


if __name__ == "__main__":
    main()
