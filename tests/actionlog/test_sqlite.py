"""The SQLite action log itself: its file, its schema's upgrades, its concurrency."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from tests.builders import ID_A, ID_B, ID_C
from tests.builders import entry as _entry
from ua_cli.actionlog.migrations import MIGRATIONS
from ua_cli.actionlog.sqlite import SqliteLog
from ua_cli.actionlog.store import Filter


def test_the_log_file_is_private(run, today, isolated_paths):
    run("log", "letter", "-t", "pcm")
    mode = stat.S_IMODE((isolated_paths / "ua-log.sqlite3").stat().st_mode)
    assert mode == 0o600


def test_a_log_from_the_first_schema_is_upgraded(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)

    class FirstVersion:
        dialect = "sqlite"
        execute = db.execute

    db.execute(
        "CREATE TABLE ua_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    MIGRATIONS[0](FirstVersion())
    db.execute("INSERT INTO ua_migrations VALUES (1, 'm001_entries', '2026-01-01T00:00:00Z')")
    for entry in [_entry(ID_A, count=2), _entry(ID_B, "email"), _entry(ID_C, count=3)]:
        db.execute(
            "INSERT INTO entries (id, ua, action, target, count, date, logged_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            entry[:8],  # the first schema had no `detail`
        )
    db.close()

    with SqliteLog(path) as log:
        assert log.schema_version() == len(MIGRATIONS) == 6
        rows = log.totals(Filter())
    assert sorted((r.action, r.count, r.entries) for r in rows) == [
        ("email", 1, 1),
        ("letter", 5, 2),
    ]


def test_a_log_from_a_newer_ua_is_refused_and_untouched(run, today, isolated_paths):
    run("log", "letter", "-t", "pcm")
    path = isolated_paths / "ua-log.sqlite3"
    db = sqlite3.connect(path)
    db.execute("INSERT INTO ua_migrations VALUES (99, 'm099_future', '2030-01-01T00:00:00Z')")
    db.commit()
    db.close()
    before = path.read_bytes()
    result = run("report")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path} was written by a newer version of ua (schema 99; this one knows up to "
        f"{len(MIGRATIONS)}); upgrade ua to use it\n"
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"this is not a database at all" * 100,
            "cannot open the action log: file is not a database",
        ),
        (None, "is a SQLite database, but not a ua action log"),
    ],
)
def test_a_file_that_is_not_an_action_log_is_refused(run, tmp_path, content, message):
    path = tmp_path / "other.db"
    if content is None:
        sqlite3.connect(path).execute("CREATE TABLE recipes (name TEXT)").connection.commit()
    else:
        path.write_bytes(content)
    result = run("report", "--db", str(path))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


CONCURRENT_LOGGER = """
import datetime, sys
from ua_cli.actionlog.entries import new_entry
from ua_cli.actionlog.sqlite import SqliteLog
from pathlib import Path
with SqliteLog(Path(sys.argv[1])) as log:
    for i in range(500):
        log.append([new_entry(ua="106.23", action="letter", target="pcm", date=datetime.date(2026, 11, 20), now=datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC))])
"""


@pytest.mark.slow
def test_eight_processes_logging_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.sqlite3"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT_LOGGER, str(path)], stderr=subprocess.PIPE
        )
        for _ in range(8)
    ]
    errors = [p.communicate(timeout=300)[1].decode() for p in processes]
    assert [p.returncode for p in processes] == [0] * 8, errors
    with SqliteLog(path) as log:
        assert log.count_entries() == 4000
        assert log.ua_totals("106.23") == {"letter": 4000}


@pytest.mark.slow
def test_an_import_killed_midway_leaves_the_log_unchanged(tmp_path):
    import signal
    import time
    import uuid

    path = tmp_path / "log.sqlite3"
    with SqliteLog(path) as log:
        log.append([_entry(ID_A)])
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for _ in range(150_000):
            record = _entry(str(uuid.uuid4()))._asdict()
            del record["note"]
            out.write(json.dumps(record) + "\n")
    command = [sys.executable, "-m", "ua_cli", "import", "--db", str(path), str(big)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = tmp_path / "log.sqlite3-wal"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 500_000:  # writing into the log
            break
        time.sleep(0.01)
    assert process.poll() is None, "the import finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with SqliteLog(path) as log:
        assert log.count_entries() == 1
        assert log.ua_totals("106.23") == {"letter": 1}
    rerun = subprocess.run(command, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr == f"{big}: 150000 added, 0 already in the log\n"
    with SqliteLog(path) as log:
        assert log.count_entries() == 150_001


# `ua import`, paused after reading each block until a file appears.
PAUSED_IMPORT = """
import sys, time
from pathlib import Path
from ua_cli.actionlog import exchange
from ua_cli.commands import main

reading, go_on = Path(sys.argv[1]), Path(sys.argv[2])
read_chunks = exchange.read_chunks

def paused(*args, **kwargs):
    for chunk in read_chunks(*args, **kwargs):
        yield chunk
        reading.touch()
        while not go_on.exists():
            time.sleep(0.02)

exchange.read_chunks = paused
sys.argv = ["ua", "import", *sys.argv[3:]]
main()
"""


def _wait_for_file(path, process) -> None:
    import time

    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the import never read a block"
        time.sleep(0.02)


@pytest.mark.slow
def test_people_can_log_while_an_import_is_still_being_read(tmp_path):
    import uuid

    path = tmp_path / "log.sqlite3"
    export = tmp_path / "coming.jsonl"
    lines = [json.dumps(_entry(str(uuid.uuid4()))._asdict() | {"note": None}) for _ in range(50)]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reading, go_on = tmp_path / "reading", tmp_path / "go-on"
    importing = subprocess.Popen(
        [sys.executable, "-c", PAUSED_IMPORT, str(reading), str(go_on), "--db", str(path),
         str(export)],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    _wait_for_file(reading, importing)
    # The import has read a block and waits before its next: the log is free.
    logger = subprocess.run(
        [sys.executable, "-m", "ua_cli", "log", "letter", "-t", "pcm", "--ua", "106.23",
         "--db", str(path)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert logger.returncode == 0, logger.stderr
    go_on.touch()
    _, error = importing.communicate(timeout=60)
    assert importing.returncode == 0, error
    assert error == f"{export}: 50 added, 0 already in the log\n"
    with SqliteLog(path) as log:
        assert log.count_entries() == 51
        assert log.ua_totals("106.23") == {"letter": 51}
