"""The action log: every action counted once, nothing lost, totals exact."""

from __future__ import annotations

import csv
import datetime
import json
import os
import textwrap

import pytest

from tests.builders import ID_A, ID_B, ID_C
from tests.builders import entry as _entry
from ua_cli.actionlog.entries import Entry
from ua_cli.actionlog.opening import open_log
from ua_cli.actionlog.store import Filter


# PostgreSQL needs a server: in the full run (CI), not the quick one (-m "not slow").
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)], autouse=True)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs against both backends: a SQLite file and PostgreSQL."""
    if request.param == "postgresql":
        monkeypatch.setenv("UA_DB", request.getfixturevalue("postgres_url"))
    return request.param


def _jsonl(tmp_path, name: str, entries: list[Entry]):
    path = tmp_path / name
    lines = [json.dumps({k: v for k, v in e._asdict().items() if v is not None}) for e in entries]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _totals(run, *args: str) -> dict:
    result = run("report", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_log_prints_the_id_and_the_new_total(run, today, isolated_paths):
    first = run("log", "letter", "--target", "pcm")
    assert first.exit_code == 0
    assert first.stdout == ""
    lines = first.stderr.splitlines()
    assert lines[0].startswith("logged 1 letter to pcm: ")
    assert len(lines[0].split(": ")[1]) == 36
    assert lines[1] == "UA 106.23 total: 1 letter"
    second = run("log", "email", "-t", "embassy", "--count", "3", "--date", "2026-11-20")
    assert second.stderr.splitlines()[1] == "UA 106.23 total: 1 letter, 3 emails"


def test_logging_a_fax_without_a_number_warns_but_counts(run, today):
    result = run("log", "fax", "--target", "pcm")
    assert result.exit_code == 0
    assert "warning: UA 106.23 gives no fax number for pcm; logged anyway" in result.stderr
    assert _totals(run)["totals"]["fax"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["sms", "-t", "pcm"],
            "Invalid value for 'ACTION': 'sms' is not one of 'letter', 'email', 'fax', 'call', 'tweet'",
        ),
        (
            ["letter", "-t", "pmc"],
            "unknown target 'pmc'; choose from: pcm, embassy. Did you mean 'pcm'?",
        ),
        (["letter", "-t", "pcm", "--count", "0"], "0 is not in the range 1<=x<=1000000"),
        (
            ["letter", "-t", "pcm", "--count", "9223372036854775808"],
            "9223372036854775808 is not in the range 1<=x<=1000000",
        ),
        (
            ["letter", "-t", "pcm", "--date", "1900-01-01"],
            "1900-01-01 is before 1961, when Amnesty was founded",
        ),
        (
            ["letter", "-t", "pcm", "--note", "a\x07b"],
            "the note holds a control character (a note may have line breaks and tabs only)",
        ),
        (
            ["letter", "-t", "pcm", "--note", "\x1b]0;owned\x07"],
            "the note holds a control character",
        ),
        (["letter", "-t", "pcm", "--note", "x" * 2001], "the note is longer than 2,000 characters"),
        (["letter", "-t", "pcm", "--note", "a\x00b"], "'a\\x00b' holds a NUL character"),
        (["letter", "-t", "pcm", "--date", "2026-12-01"], "2026-12-01 is in the future"),
        (
            ["letter", "-t", "pcm", "--date", "2026-13-01"],
            "'2026-13-01' is not a day of the calendar as YYYY-MM-DD",
        ),
        (
            ["letter", "-t", "pcm", "--date", "2026-02-30"],
            "'2026-02-30' is not a day of the calendar as YYYY-MM-DD",
        ),
    ],
)
def test_bad_log_commands_are_usage_errors_and_log_nothing(
    run, today, isolated_paths, args, message
):
    result = run("log", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert run("history", "--format", "json").stdout == "[]\n"


def test_letter_log_counts_one_letter_per_target(run, today):
    result = run("letter", "--target", "all", "--lang", "en", "--log")
    assert result.exit_code == 0
    assert "logged 2 letters; UA 106.23 total: 2 letters" in result.stderr
    report = _totals(run, "--by", "target")
    assert report["by_target"]["pcm"]["letter"] == 1
    assert report["by_target"]["embassy"]["letter"] == 1


def test_exact_totals_after_logs_imports_and_unlogs(run, today, tmp_path):
    run("log", "letter", "-t", "pcm", "--count", "5", "--date", "2026-11-20")
    run("log", "email", "-t", "embassy", "--date", "2026-11-21")
    run("log", "tweet", "-t", "pcm", "--count", "2", "--date", "2026-11-21")
    mistaken = run("log", "call", "-t", "embassy", "--date", "2026-11-22")
    run("letter", "-t", "all", "-l", "en", "--log")  # two letters, today
    imported = _jsonl(tmp_path, "volunteer.jsonl", [
        _entry(ID_A, "letter", "embassy", 3, "2026-11-19"),
        _entry(ID_B, "fax", "pcm", 1, "2026-11-21"),
    ])  # fmt: skip
    assert run("import", str(imported)).exit_code == 0
    mistaken_id = mistaken.stderr.splitlines()[0].rsplit(" ", 1)[1]
    assert run("unlog", mistaken_id[:8], "--yes").exit_code == 0

    report = _totals(run)
    assert report["ua"] == "106.23"
    assert report["totals"] == {"letter": 10, "email": 1, "fax": 1, "call": 0, "tweet": 2}
    assert report["total"] == 14
    assert report["by_target"] == {
        "embassy": {"letter": 4, "email": 1, "fax": 0, "call": 0, "tweet": 0},
        "pcm": {"letter": 6, "email": 0, "fax": 1, "call": 0, "tweet": 2},
    }
    assert report["entries"] == 7
    assert (report["first"], report["last"]) == ("2026-11-19", "2026-11-29")
    assert report["by_day"]["2026-11-21"] == {
        "letter": 0,
        "email": 1,
        "fax": 1,
        "call": 0,
        "tweet": 2,
    }
    assert "2026-11-22" not in report["by_day"]

    table = run("report", "--since", "2026-11-20", "--until", "2026-11-21").stdout
    assert table == textwrap.dedent("""\
        UA 106.23 · Refugees in Peru risk mass expulsions
        Actions taken from 2026-11-20 to 2026-11-21 (first action 2026-11-20, last 2026-11-21); 4 entries

        ACTION   COUNT
        Letters      5
        Emails       1
        Faxes        1
        Calls        0
        Tweets       2
        Total        9
        """)


def test_report_by_target_and_by_day_with_a_chart(run, today):
    run("log", "letter", "-t", "pcm", "--count", "4", "--date", "2026-11-20")
    run("log", "email", "-t", "embassy", "--date", "2026-11-21")
    by_target = run("report", "--by", "target").stdout.splitlines()[3:]
    assert by_target == [
        "TARGET   LETTERS  EMAILS  FAXES  CALLS  TWEETS  TOTAL",
        "embassy        0       1      0      0       0      1",
        "pcm            4       0      0      0       0      4",
        "Total          4       1      0      0       0      5",
    ]
    by_day = run("report", "--by", "day", "--chart").stdout.splitlines()[3:]
    assert by_day == [
        "DAY         LETTERS  EMAILS  FAXES  CALLS  TWEETS  TOTAL",
        "2026-11-20        4       0      0      0       0      4",
        "2026-11-21        0       1      0      0       0      1",
        "Total             4       1      0      0       0      5",
        "",
        "Actions per day",
        "2026-11-20  4 " + "█" * 40,
        "2026-11-21  1 " + "█" * 10,
    ]


def test_report_csv_is_the_table(run, today):
    run("log", "letter", "-t", "pcm", "--count", "2", "--date", "2026-11-20")
    assert run("report", "--format", "csv", "--by", "target").stdout == (
        "TARGET,LETTERS,EMAILS,FAXES,CALLS,TWEETS,TOTAL\npcm,2,0,0,0,0,2\nTotal,2,0,0,0,0,2\n"
    )


def test_json_report_on_an_empty_log_has_every_action(run, today):
    assert _totals(run) == {
        "ua": "106.23",
        "since": None,
        "until": None,
        "totals": {"letter": 0, "email": 0, "fax": 0, "call": 0, "tweet": 0},
        "total": 0,
        "by_target": {},
        "by_day": {},
        "entries": 0,
        "first": None,
        "last": None,
        "call_attempts": 0,
        "replies": {},
    }


def test_report_all_uas_and_a_section_per_ua(run, today, tmp_path):
    other = _entry(ID_C)._replace(ua="999.01", target="minister")
    run("import", str(_jsonl(tmp_path, "other.jsonl", [other, _entry(ID_A)])))
    sections = run("report")
    assert sections.exit_code == 0, sections.stderr
    headings = [line for line in sections.stdout.splitlines() if line.startswith("UA ")]
    assert headings == ["UA 106.23 · Refugees in Peru risk mass expulsions", "UA 999.01"]
    as_json = json.loads(run("report", "--format", "json").stdout)
    assert as_json["uas"] == ["106.23", "999.01"]
    assert [(r["ua"], r["total"]) for r in as_json["reports"]] == [("106.23", 1), ("999.01", 1)]
    assert run("report", "--format", "csv").stdout.splitlines() == [
        "UA,ACTION,COUNT",
        "106.23,Letters,1", "106.23,Emails,0", "106.23,Faxes,0", "106.23,Calls,0",
        "106.23,Tweets,0", "106.23,Total,1",
        "999.01,Letters,1", "999.01,Emails,0", "999.01,Faxes,0", "999.01,Calls,0",
        "999.01,Tweets,0", "999.01,Total,1",
    ]  # fmt: skip
    run("config", "set", "ua", "106.23")
    assert json.loads(run("report", "--format", "json").stdout)["ua"] == "106.23"
    everything = _totals(run, "--all")
    assert everything["uas"] == ["106.23", "999.01"]
    assert everything["total"] == 2
    assert _totals(run, "--ua", "999.01")["by_target"] == {
        "minister": {"letter": 1, "email": 0, "fax": 0, "call": 0, "tweet": 0}
    }


def test_a_report_on_an_unknown_ua_is_a_usage_error(run, today):
    run("log", "letter", "-t", "pcm")
    result = run("report", "--ua", "106.32")
    assert result.exit_code == 2
    assert "unknown UA '106.32'; choose from: 106.23. Did you mean '106.23'?" in result.stderr


def test_since_after_until_is_a_usage_error(run, today):
    result = run("report", "--since", "2026-11-20", "--until", "2026-11-01")
    assert result.exit_code == 2
    assert "Invalid value for --since: 2026-11-20 is after --until 2026-11-01" in result.stderr


def test_importing_twice_or_overlapping_files_counts_each_action_once(run, today, tmp_path):
    first = _jsonl(tmp_path, "a.jsonl", [_entry(ID_A), _entry(ID_B, count=2)])
    overlap = _jsonl(tmp_path, "b.jsonl", [_entry(ID_B, count=2), _entry(ID_C, "email")])
    result = run("import", str(first))
    assert result.stderr == f"{first}: 2 added, 0 already in the log\n"
    again = run("import", str(first), str(overlap))
    assert again.stderr == (
        f"{first}: 0 added, 2 already in the log\n{overlap}: 1 added, 1 already in the log\n"
    )
    assert _totals(run)["totals"] == {"letter": 3, "email": 1, "fax": 0, "call": 0, "tweet": 0}


def test_a_file_of_several_blocks_is_imported_whole_each_id_once(run, today, tmp_path):
    import uuid

    # 26,000 entries (about 5 MB: two of the blocks a file is read in), then
    # the first hundred again, and one with the id of the sixth but a count of 9.
    entries = [_entry(str(uuid.uuid4()), count=1 + i % 3) for i in range(26_000)]
    clash = entries[5]._replace(count=9)
    path = _jsonl(tmp_path, "big.jsonl", [*entries, *entries[:100], clash])
    refused = run("import", str(path))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        f"{path}:26101: id: {clash.id} is also on line 6, with different content"
    )
    assert _totals(run)["entries"] == 0
    result = run("import", "--skip-invalid", str(path))
    assert result.stderr.splitlines()[-1] == f"{path}: 26000 added, 0 already in the log"
    report = _totals(run)
    assert report["entries"] == 26_000
    assert report["totals"]["letter"] == sum(e.count for e in entries)
    again = run("import", "--skip-invalid", str(path))
    assert again.stderr.splitlines()[-1] == f"{path}: 0 added, 26000 already in the log"
    assert _totals(run) == report


@pytest.mark.slow
def test_an_import_killed_at_random_points_leaves_the_log_unchanged_or_complete(
    today, tmp_path, isolated_paths
):
    import random
    import signal
    import subprocess
    import sys
    import time
    import uuid

    command = [sys.executable, "-m", "ua_cli", "import"]
    pick = random.Random(15)
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "ua_cli", "--version"], check=True, capture_output=True)
    starting = time.monotonic() - start  # before this, ua has not opened the log yet
    duration = None
    for attempt in range(6):
        entries = [_entry(str(uuid.uuid4()), count=1 + i % 3) for i in range(30_000)]
        path = _jsonl(tmp_path, f"part{attempt}.jsonl", entries)
        before = _log_state()
        start = time.monotonic()
        process = subprocess.Popen([*command, str(path)], stderr=subprocess.DEVNULL)
        if duration is None:  # the first runs whole: how long an import takes
            assert process.wait(timeout=300) == 0
            duration = time.monotonic() - start
        else:
            time.sleep(pick.uniform(starting, duration))
            process.send_signal(signal.SIGKILL)
            process.wait()
        after = _log_state()
        complete = (before[0] + 30_000, before[1] + sum(e.count for e in entries))
        assert after in (before, complete), (attempt, before, after)


def _log_state() -> tuple[int, int]:
    """The entries in the log, and their counts summed both ways: one by one,
    and by the running totals (which must agree), once the server is done with
    the killed client."""
    _server_done_with_other_clients(os.environ["UA_DB"])
    with open_log(os.environ["UA_DB"]) as log:
        counted = sum(entry.count for entry in log.entries())
        assert sum(log.ua_totals("106.23").values()) == counted
        return log.count_entries(), counted


def _server_done_with_other_clients(location: str) -> None:
    """A PostgreSQL server goes on with a killed client's work until it notices
    the client is gone: a COMMIT sent just before the kill lands after it. The
    log is read once no other client's backend is left."""
    if not location.startswith("postgresql"):
        return
    import time

    import psycopg

    deadline = time.monotonic() + 60
    with psycopg.connect(location, autocommit=True) as db:
        while db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        ).fetchone()[0]:
            assert time.monotonic() < deadline, "the killed client's backend never ended"
            time.sleep(0.05)


def test_one_file_given_twice_is_imported_once(run, today, tmp_path):
    path = _jsonl(tmp_path, "a.jsonl", [_entry(ID_A), _entry(ID_B, count=2)])
    result = run("import", str(path), str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"{path}: 2 added, 0 already in the log\n{path}: 0 added, 2 already in the log\n"
    )
    assert _totals(run)["totals"]["letter"] == 3


def test_report_on_files_keeps_the_first_of_an_id_as_import_does(run, today, tmp_path):
    first = _jsonl(tmp_path, "a.jsonl", [_entry(ID_A)])
    second = _jsonl(tmp_path, "b.jsonl", [_entry(ID_A, count=500)])
    counted = _totals(run, str(first), str(second))
    assert counted["totals"]["letter"] == 1
    run("import", str(first), str(second))
    assert _totals(run)["totals"] == counted["totals"]


def test_a_note_like_a_quoted_formula_survives_a_csv_round_trip(run, today, tmp_path):
    logged = run("log", "letter", "-t", "pcm", "--note", "'=SUM(A1)")
    assert logged.exit_code == 0, logged.stderr
    sheet = tmp_path / "mine.csv"
    run("export", "--format", "csv", "--with-notes", "-o", str(sheet))
    elsewhere = tmp_path / "elsewhere.sqlite3"
    result = run("import", "--db", str(elsewhere), str(sheet))
    assert result.exit_code == 0, result.stderr
    history = run("history", "--db", str(elsewhere), "--format", "json").stdout
    assert [e["note"] for e in json.loads(history)] == ["'=SUM(A1)"]


def test_export_then_import_elsewhere_round_trips(run, today, tmp_path, monkeypatch):
    run("log", "letter", "-t", "pcm", "--note", '=HYPERLINK("http://x")')
    run("log", "call", "-t", "embassy", "--count", "2", "--date", "2026-11-02")
    for name in ("out.jsonl", "out.csv"):
        assert run("export", "-o", str(tmp_path / name), "--with-notes").exit_code == 0
    rows = list(csv.reader((tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0] == [
        "id",
        "ua",
        "action",
        "target",
        "count",
        "date",
        "logged_at",
        "note",
        "detail",
    ]
    # Both logged at the test clock's one moment: told apart by what they are.
    letter = next(row for row in rows[1:] if row[2] == "letter")
    assert letter[1:6] == ["106.23", "letter", "pcm", "1", "2026-11-29"]
    assert letter[7] == '\'=HYPERLINK("http://x")'  # shown as text by a spreadsheet
    for name in ("out.jsonl", "out.csv"):
        monkeypatch.setenv("UA_DB", str(tmp_path / f"coordinator-{name}.sqlite3"))
        assert run("import", str(tmp_path / name)).exit_code == 0
        assert _totals(run)["totals"] == {"letter": 1, "email": 0, "fax": 0, "call": 2, "tweet": 0}
        history = json.loads(run("history", "--format", "json").stdout)
        assert {e["note"] for e in history} == {None, '=HYPERLINK("http://x")'}


def test_export_jsonl_has_exactly_the_interchange_keys(run, today):
    run("log", "letter", "-t", "pcm", "--note", "my neighbour Ana")
    run("log", "email", "-t", "embassy", "--date", "2026-10-01")
    lines = run("export").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [list(r) for r in records] == [
        ["id", "ua", "action", "target", "count", "date", "logged_at"]
    ] * 2
    assert "my neighbour" not in run("export").stdout
    with_notes = [json.loads(line) for line in run("export", "--with-notes").stdout.splitlines()]
    assert {r["action"]: r.get("note") for r in with_notes} == {
        "letter": "my neighbour Ana",
        "email": None,
    }
    since = run("export", "--since", "2026-11-01").stdout.splitlines()
    assert [json.loads(line)["action"] for line in since] == ["letter"]


def test_export_never_overwrites_without_force(run, today, tmp_path):
    out = tmp_path / "mine.jsonl"
    out.write_text("keep\n")
    result = run("export", "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text() == "keep\n"


BAD_IMPORT = "\n".join([
    json.dumps(_entry(ID_A)._asdict() | {"note": "fine"}),
    '{"id": ',
    "[1, 2]",
    json.dumps({k: v for k, v in _entry(ID_B)._asdict().items() if k != "id"}),
    json.dumps(_entry(ID_B)._asdict() | {"action": "sms"}),
    json.dumps(_entry(ID_B)._asdict() | {"count": 0}),
    json.dumps(_entry(ID_B)._asdict() | {"count": -2}),
    json.dumps(_entry(ID_B)._asdict() | {"count": "many"}),
    json.dumps(_entry(ID_B)._asdict() | {"date": "2026-02-30"}),
    json.dumps(_entry(ID_B)._asdict() | {"date": "2027-01-01"}),
    json.dumps(_entry(ID_B)._asdict() | {"id": "not-a-uuid"}),
    json.dumps(_entry(ID_B)._asdict() | {"ua": "UA106"}),
    "",
    json.dumps(_entry(ID_B)._asdict() | {"cuont": 1}),
    json.dumps(_entry(ID_B)._asdict() | {"logged_at": "yesterday"}),
    json.dumps(_entry(ID_A)._asdict() | {"count": 7}),
]) + "\n"  # fmt: skip


def test_a_malformed_import_is_rejected_whole_with_every_line_named(
    run, today, tmp_path, isolated_paths
):
    run("log", "letter", "-t", "pcm")
    before = run("export").stdout
    path = tmp_path / "bad.jsonl"
    path.write_text(BAD_IMPORT, encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:2: not valid JSON: input data was truncated",
        f"{path}:3: expected an object, got a list",
        f"{path}:4: id: missing",
        f"{path}:5: action: 'sms' is not one of letter, email, fax, call, tweet, call_attempt, reply",
        f"{path}:6: count: not a whole number from 1 to 1,000,000",
        f"{path}:7: count: not a whole number from 1 to 1,000,000",
        f"{path}:8: count: not a whole number from 1 to 1,000,000",
        f"{path}:9: date: not a date as YYYY-MM-DD",
        f"{path}:10: date: 2027-01-01 is in the future",
        f"{path}:11: id: not a UUID in lowercase hex (8-4-4-4-12 digits)",
        f"{path}:12: ua: not a UA number such as 106.23",
        f"{path}:14: cuont: unknown field",
        f"{path}:15: logged_at: not an RFC 3339 time like 2026-11-29T18:30:00Z or 2026-11-29T19:30:00.5+01:00",
        f"{path}:16: id: {ID_A} is also on line 1, with different content",
        "Error: 14 invalid records; nothing was imported or counted. Fix them, or add "
        "--skip-invalid to use only the valid ones",
    ]
    assert run("export").stdout == before
    skipped = run("import", "--skip-invalid", str(path))
    assert skipped.exit_code == 0
    assert skipped.stderr.splitlines()[-1] == f"{path}: 1 added, 0 already in the log"


def test_a_csv_import_names_its_bad_rows(run, today, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "id,ua,action,target,count,date,logged_at\n"
        f"{ID_A},106.23,letter,pcm,2,2026-11-20,2026-11-20T10:00:00.000Z\n"
        f"{ID_B},106.23,letter,pcm,zero,2026-11-20,2026-11-20T10:00:00.000Z\n"
        f"{ID_C},106.23,letter,pcm,1,2026-11-20,2026-11-20T10:00:00.000Z,extra\n",
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.stderr.splitlines()[:2] == [
        f"{path}:3: count: not a whole number from 1 to 1,000,000",
        f"{path}:4: more cells than the header has columns",
    ]


def test_report_reads_export_files_without_importing_them(run, today, tmp_path):
    run("import", str(_jsonl(tmp_path, "mine.jsonl", [_entry(ID_A)])))
    theirs = _jsonl(tmp_path, "theirs.jsonl", [_entry(ID_A), _entry(ID_B, "tweet", count=4)])
    merged = _totals(run, str(theirs), str(theirs))
    assert merged["totals"] == {"letter": 1, "email": 0, "fax": 0, "call": 0, "tweet": 4}
    assert merged["entries"] == 2
    assert _totals(run)["totals"]["tweet"] == 0  # nothing was imported


def test_unlog_asks_on_a_terminal_and_needs_yes_in_scripts(run, today):
    logged = run("log", "letter", "-t", "pcm", "--date", "2026-11-20")
    entry_id = logged.stderr.splitlines()[0].rsplit(" ", 1)[1]
    refused = run("unlog", entry_id)
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: not removing {entry_id} without confirmation; add --yes\n"
    missing = run("unlog", "ffffffff", "--yes")
    assert missing.stderr == "Error: no entry with an id starting ffffffff; see: ua history\n"
    removed = run("unlog", entry_id[:6], "-y")
    assert removed.stderr == f"removed {entry_id}: 1 letter to pcm on 2026-11-20 (UA 106.23)\n"
    assert _totals(run)["total"] == 0


def test_history_lists_newest_first(run, clock):
    clock.now = datetime.datetime(2026, 11, 29, 18, 30, 0, 1000, tzinfo=datetime.UTC)
    run("log", "letter", "-t", "pcm")
    clock.now += datetime.timedelta(milliseconds=1)
    run("log", "tweet", "-t", "pcm", "--note", "retweeted")
    entries = json.loads(run("history", "--format", "json").stdout)
    assert [(e["action"], e["note"]) for e in entries] == [("tweet", "retweeted"), ("letter", None)]
    table = run("history", "--limit", "1").stdout.splitlines()
    assert table[0].split() == [
        "ID",
        "LOGGED",
        "(UTC)",
        "DATE",
        "UA",
        "ACTION",
        "TARGET",
        "COUNT",
        "NOTE",
    ]
    assert table[1].split()[3:] == ["106.23", "tweet", "pcm", "1", "retweeted"]
    assert len(table) == 2


def test_db_path_follows_the_option_and_ua_db(run, tmp_path):
    assert run("db", "path").stdout.strip() == os.environ["UA_DB"]
    assert run("db", "path", "--db", str(tmp_path / "x.db")).stdout == f"{tmp_path / 'x.db'}\n"


def test_totals_always_match_the_entries():
    with open_log(os.environ["UA_DB"]) as log:
        log.append([_entry(ID_A, count=2), _entry(ID_B, "call", "embassy")])
        log.add_new([_entry(ID_B, "call", "embassy"), _entry(ID_C, count=4, date="2026-11-21")])
        log.delete(ID_A)
        summed = log._rows(
            "SELECT ua, action, target, date, SUM(count), COUNT(*) FROM entries "
            "GROUP BY ua, action, target, date ORDER BY ua, date, action, target"
        )
        assert [tuple(row) for row in log.totals(Filter())] == [tuple(r) for r in summed]


def test_report_pdf_is_a_one_page_summary(run, today, tmp_path):
    import pypdf

    run("log", "letter", "-t", "pcm", "--count", "3", "--date", "2026-11-20")
    run("log", "email", "-t", "embassy", "--date", "2026-11-22")
    out = tmp_path / "report.pdf"
    assert run("report", "--format", "pdf").exit_code == 2  # needs -o
    result = run("report", "--by", "target", "--format", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    (page,) = pypdf.PdfReader(out).pages
    text = " ".join(page.extract_text().split())
    assert "UA 106.23 · Refugees in Peru risk mass expulsions" in text
    assert "embassy 0 1 0 0 0 1" in text
    assert "pcm 3 0 0 0 0 3" in text
    assert "Total 3 1 0 0 0 4" in text
    assert "Actions per day" in text


def test_export_csv_to_standard_output(run, today):
    run("log", "letter", "-t", "pcm", "--count", "2", "--date", "2026-11-20")
    lines = run("export", "--format", "csv").stdout.splitlines()
    assert lines[0] == "id,ua,action,target,count,date,logged_at,detail"
    assert lines[1].split(",")[1:6] == ["106.23", "letter", "pcm", "2", "2026-11-20"]
