"""Team mode: one shared PostgreSQL log, synced into from volunteers' own logs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import psycopg
import pytest

from ua_cli.actionlog.entries import Entry
from ua_cli.actionlog.migrations import MIGRATIONS
from ua_cli.actionlog.opening import open_log
from ua_cli.actionlog.postgres import mask_password


def _entries(n: int) -> list[Entry]:
    return [
        Entry(str(uuid.uuid4()), "106.23", ("letter", "email", "tweet")[i % 3], ("pcm", "embassy")[i % 2],
              1 + i % 2, f"2026-11-{1 + i % 28:02d}", "2026-11-29T10:00:00.000Z", None)
        for i in range(n)
    ]  # fmt: skip


def _count(url: str) -> tuple[int, int]:
    """Entries, and the actions the running totals count."""
    with open_log(url) as log:
        entries = log.count_entries()
        totals = sum(row.count for row in log.totals(log_filter()))
    return entries, totals


def log_filter():
    from ua_cli.actionlog.store import Filter

    return Filter()


def test_passwords_are_masked_in_urls_and_messages(run):
    assert mask_password("postgresql://ana:s3cret@db.example.org:5432/ua") == (
        "postgresql://ana:***@db.example.org:5432/ua"
    )
    assert (
        mask_password("postgresql://ana@db.example.org/ua") == "postgresql://ana@db.example.org/ua"
    )
    result = run("report", "--db", "postgresql://ana:s3cret@127.0.0.1:1/ua")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: cannot connect to postgresql://ana:***@127.0.0.1:1/ua: "
    )
    assert "s3cret" not in result.output


def test_db_migrate_creates_the_schema(run, postgres_url):
    result = run("db", "migrate", "--db", postgres_url)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith(
        f": schema {len(MIGRATIONS)} (m006_ids_compared_bytewise), up to date\n"
    )
    with psycopg.connect(postgres_url) as db:
        rows = db.execute("SELECT version, name FROM ua_migrations ORDER BY version").fetchall()
    assert rows == [
        (1, "m001_entries"), (2, "m002_daily_totals"), (3, "m003_wide_totals"), (4, "m004_details"),
        (5, "m005_sharded_totals"), (6, "m006_ids_compared_bytewise"),
    ]  # fmt: skip


@pytest.mark.slow
def test_several_clients_using_a_new_database_at_once_migrate_it_once(postgres_url):
    code = (
        "import sys; from ua_cli.actionlog.opening import open_log; open_log(sys.argv[1]).close()"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code, postgres_url], stderr=subprocess.PIPE)
        for _ in range(6)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in processes]
    assert [p.returncode for p in processes] == [0] * 6, errors
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT COUNT(*) FROM ua_migrations").fetchone() == (len(MIGRATIONS),)


def test_a_log_from_a_newer_ua_is_refused(run, postgres_url):
    run("db", "migrate", "--db", postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("INSERT INTO ua_migrations VALUES (99, 'm099_future', '2030-01-01T00:00:00Z')")
    result = run("report", "--db", postgres_url)
    assert result.exit_code == 1
    assert "was written by a newer version of ua (schema 99;" in result.stderr


def test_sync_sends_each_entry_once(run, today, postgres_url, tmp_path):
    local = str(tmp_path / "mine.sqlite3")
    with open_log(local) as log:
        log.append(_entries(250))
    first = run("sync", "--to", postgres_url, "--db", local, "--batch-size", "100")
    assert first.exit_code == 0, first.stderr
    assert first.stderr.startswith("sent 250 entries to postgresql://")
    assert first.stderr.endswith("; 0 were already there\n")
    again = run("sync", "--to", postgres_url, "--db", local)
    assert again.stderr.startswith("sent 0 entries")
    assert again.stderr.endswith("; 250 were already there\n")
    assert _count(postgres_url) == _count(local) == (250, 375)
    report = json.loads(run("report", "--db", postgres_url, "--format", "json").stdout)
    assert report["totals"] == {"letter": 126, "email": 125, "fax": 0, "call": 0, "tweet": 124}


def test_sync_needs_a_postgresql_url(run, today):
    result = run("sync", "--to", "shared.sqlite3")
    assert result.exit_code == 2
    assert "give a postgresql:// URL" in result.stderr


@pytest.mark.slow
def test_a_sync_killed_midway_and_run_again_sends_every_entry_once(postgres_url, tmp_path):
    local = str(tmp_path / "mine.sqlite3")
    with open_log(local) as log:
        log.append(_entries(20_000))
    command = [
        sys.executable,
        "-m",
        "ua_cli",
        "sync",
        "--to",
        postgres_url,
        "--db",
        local,
        "--batch-size",
        "50",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    sent = 0
    while time.monotonic() < deadline and process.poll() is None:
        with psycopg.connect(postgres_url) as db:
            exists = db.execute("SELECT to_regclass('entries') IS NOT NULL").fetchone()[0]
            sent = db.execute("SELECT COUNT(*) FROM entries").fetchone()[0] if exists else 0
        if sent >= 1000:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the sync finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = _count(postgres_url)
    assert 1000 <= partial[0] < 20_000
    rerun = subprocess.run(command, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert _count(postgres_url) == _count(local)
    assert _count(postgres_url)[0] == 20_000


def test_sync_names_and_skips_what_the_shared_log_refuses_and_sends_the_rest(
    run, today, postgres_url, tmp_path
):
    import sqlite3

    local = tmp_path / "mine.sqlite3"
    with open_log(str(local)) as log:
        log.append(_entries(7))
    nul = "99999999-9999-4999-8999-999999999999"
    long_note = "88888888-8888-4888-8888-888888888888"
    with sqlite3.connect(local) as db:  # as an older ua, or a hand, left them
        for entry_id, note in ((nul, "a\x00b"), (long_note, "a note too long for this server")):
            db.execute(
                "INSERT INTO entries VALUES (?, '106.23', 'letter', 'pcm', 1, '2026-11-20', "
                "'2026-11-20T10:00:00.000Z', ?, NULL)",
                (entry_id, note),
            )
    run("db", "migrate", "--db", postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as db:  # a server stricter than ours
        db.execute("ALTER TABLE entries ALTER COLUMN note TYPE varchar(10)")
    result = run("sync", "--to", postgres_url, "--db", str(local), "--batch-size", "4")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"warning: not sent: entry {nul}: note: holds a control character "
        "(a note may have line breaks and tabs only)"
    )
    assert lines[1].startswith(f"warning: not sent: entry {long_note}: postgresql://")
    assert "value too long" in lines[1]
    assert lines[2].startswith("sent 7 entries to postgresql://")
    assert lines[3] == (
        "Error: 2 entries could not be sent (named above); correct or remove them "
        "(ua unlog ID) and sync again"
    )
    assert _count(postgres_url)[0] == 7


def test_daily_totals_past_two_billion_stay_exact_on_postgresql(run, today, postgres_url, tmp_path):
    entries = [
        Entry(f"{i:08d}-1111-4111-8111-111111111111", "106.23", "letter", "pcm", 1_000_000,
              "2026-11-20", "2026-11-20T10:00:00.000Z")
        for i in range(2200)
    ]  # fmt: skip
    with open_log(postgres_url) as log:
        log.add_new(entries)
    report = json.loads(run("report", "--db", postgres_url, "--format", "json").stdout)
    assert report["totals"]["letter"] == 2_200_000_000


def test_call_outcomes_and_replies_sync_to_the_shared_log_once(run, today, postgres_url):
    from tests.commands.test_follow_up import _log_calls, _report

    _log_calls(run)  # into the local log
    run("reply", "-t", "pcm", "--channel", "letter", "--date", "2026-11-22")
    before = _report(run, "--by", "outcome")
    for _ in range(2):
        assert run("sync", "--to", postgres_url).exit_code == 0
    assert _report(run, "--db", postgres_url, "--by", "outcome") == before
    with open_log(postgres_url) as log:
        assert log.count_entries() == 7
        assert log.ua_totals("106.23") == {"call": 4, "call_attempt": 5, "reply": 1}


@pytest.mark.slow
def test_an_entry_is_counted_and_uncounted_in_the_same_shard_by_sql_and_python(postgres_url):
    from ua_cli.actionlog.migrations import SHARD_SQL
    from ua_cli.actionlog.postgres import shard_of

    ids = ["0aaa", "9bbb", "accc", "fddd", "Eeee", "-fff", "", "é"]
    with psycopg.connect(postgres_url) as db:
        rows = db.execute(
            f"SELECT id, {SHARD_SQL.replace('%', '%%')} FROM unnest(%s::text[]) AS t(id)", (ids,)
        ).fetchall()
    assert rows == [(i, shard_of(i)) for i in ids]
    assert [shard_of(i) for i in ids] == [0, 9, 10, 15, 15, 15, 0, 15]


@pytest.mark.slow
def test_sixteen_writers_to_one_total_lose_nothing(postgres_url):
    logger = (
        "import datetime, sys\n"
        "from ua_cli.actionlog.entries import new_entry\n"
        "from ua_cli.actionlog.opening import open_log\n"
        "with open_log(sys.argv[1]) as log:\n"
        "    for _ in range(50):\n"
        "        log.append([new_entry(ua='106.23', action='letter', target='pcm',"
        " date=datetime.date(2026, 11, 20),"
        " now=datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC))])\n"
    )
    with open_log(postgres_url):
        pass  # migrated once, before the writers start
    writers = [subprocess.Popen([sys.executable, "-c", logger, postgres_url]) for _ in range(16)]
    assert [w.wait(timeout=300) for w in writers] == [0] * 16
    with open_log(postgres_url) as log:
        assert log.count_entries() == 800
        assert log.ua_totals("106.23") == {"letter": 800}
    with psycopg.connect(postgres_url) as db:
        rows, entries = db.execute("SELECT COUNT(*), SUM(entries) FROM daily_totals").fetchone()
    assert entries == 800 and 1 < rows <= 16  # one day, spread over its shards


def _export_file(path, entries: list[Entry]) -> str:
    with path.open("w", encoding="utf-8") as out:
        for entry in entries:
            out.write(json.dumps(entry._asdict() | {"note": None, "detail": None}) + "\n")
    return str(path)


@pytest.mark.slow
def test_overlapping_imports_and_a_sync_during_an_import_all_finish(postgres_url, tmp_path):
    """Two coordinators import at once, and a volunteer syncs meanwhile: each
    waits for the other (one lock, taken first), none aborts with "deadlock
    detected", and every entry is counted once."""
    first, second = _entries(60_000), _entries(60_000)
    files = [
        _export_file(tmp_path / "a.jsonl", first),
        _export_file(tmp_path / "b.jsonl", second[::-1]),  # the same days, the other way round
    ]
    local = str(tmp_path / "volunteer.sqlite3")
    volunteer = _entries(500)
    with open_log(local) as log:
        log.append(volunteer)
    with open_log(postgres_url):
        pass  # migrated before the race
    command = [sys.executable, "-m", "ua_cli"]
    for _ in range(3):
        running = [
            subprocess.Popen([*command, "import", "--db", postgres_url, name],
                             stderr=subprocess.PIPE, text=True)
            for name in files
        ]  # fmt: skip
        time.sleep(0.5)
        syncing = subprocess.run(
            [*command, "sync", "--db", local, "--to", postgres_url],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert syncing.returncode == 0, syncing.stderr
        for process in running:
            _, error = process.communicate(timeout=300)
            assert process.returncode == 0, error
    expected = sum(e.count for e in first + second + volunteer)
    assert _count(postgres_url) == (len(first) + len(second) + len(volunteer), expected)
