"""Follow-through: call outcomes (attempts never counted as calls) and officials'
replies, in the log, the report, and across export, import and sync."""

from __future__ import annotations

import datetime
import json

import pytest


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)], autouse=True)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "postgresql":
        monkeypatch.setenv("UA_DB", request.getfixturevalue("postgres_url"))
    return request.param


def _report(run, *args: str) -> dict:
    result = run("report", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _log_calls(run) -> None:
    for outcome, count in (("reached", 2), ("voicemail", 1), ("busy", 3), ("no-answer", 1),
                           ("wrong-number", 1)):  # fmt: skip
        result = run("log", "call", "-t", "embassy", "--outcome", outcome, "-n", str(count),
                     "--date", "2026-11-20")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    assert run("log", "call", "-t", "embassy", "--date", "2026-11-21").exit_code == 0  # no outcome


def test_only_calls_that_got_through_count_as_calls(run, today):
    _log_calls(run)
    report = _report(run)
    assert report["totals"] == {"letter": 0, "email": 0, "fax": 0, "call": 4, "tweet": 0}
    assert report["call_attempts"] == 5
    by_outcome = _report(run, "--by", "outcome")["by_outcome"]
    assert by_outcome == {
        "reached": 2, "voicemail": 1, "not_recorded": 1, "busy": 3, "no-answer": 1,
        "wrong-number": 1,
    }  # fmt: skip
    table = run("report", "--by", "outcome").stdout.splitlines()
    start = table.index("OUTCOME                 CALLS")
    assert table[start : start + 9] == [
        "OUTCOME                 CALLS",
        "Reached                     2",
        "Voicemail                   1",
        "Outcome not recorded        1",
        "Calls taken (counted)       4",
        "Busy                        3",
        "No answer                   1",
        "Wrong number                1",
        "Attempts (not counted)      5",
    ]
    plain = run("report").stdout
    assert (
        "5 call attempts that did not get through (busy, no answer, wrong number): not counted"
        in plain
    )


def test_log_says_an_attempt_is_not_a_call(run, today):
    result = run("log", "call", "-t", "embassy", "--outcome", "busy")
    assert "logged 1 call attempt (busy), not counted as a call to embassy" in result.stderr
    assert "UA 106.23 total: nothing yet" in result.stderr
    wrong = run("log", "letter", "-t", "pcm", "--outcome", "busy")
    assert wrong.exit_code == 2
    assert "only a call has an outcome" in wrong.stderr


def test_call_log_asks_how_it_went_and_says_when_the_office_opens_next(
    run, today, clock, interactive, monkeypatch
):
    import time

    monkeypatch.setenv("TZ", "Europe/Madrid")
    time.tzset()
    # Sunday 29 November 2026, 23:00 in Washington: the embassy opens on Monday at 9:00.
    clock.now = datetime.datetime(2026, 11, 30, 4, 0, tzinfo=datetime.UTC)
    result = run("call", "-t", "embassy", "-l", "en", "--log", input="no-answer\n")
    assert result.exit_code == 0, result.stderr
    assert "How did the call go?" in result.stderr
    assert "logged 1 call attempt (no-answer), not counted as a call" in result.stderr
    assert (
        "the office opens next on Monday 2026-11-30 at 09:00 its time: Monday 15:00 your time (CET)"
    ) in result.stderr
    reached = run("call", "-t", "embassy", "-l", "en", "--log", "--outcome", "voicemail")
    assert "logged 1 call (voicemail)" in reached.stderr
    assert _report(run)["totals"]["call"] == 1
    monkeypatch.delenv("TZ")
    time.tzset()


def test_outcome_without_log_is_a_usage_error(run, today):
    result = run("call", "-t", "embassy", "--outcome", "reached")
    assert result.exit_code == 2
    assert "--outcome says how a call went: give it with --log" in result.stderr


def test_replies_are_recorded_and_reported_after_the_first_action(run, today):
    assert run("log", "letter", "-t", "pcm", "--date", "2026-11-02").exit_code == 0
    assert run("log", "email", "-t", "pcm", "--date", "2026-11-05").exit_code == 0
    first = run("reply", "-t", "pcm", "--channel", "letter", "--date", "2026-11-16",
                "--summary", "The ministry is reviewing the decree")  # fmt: skip
    assert first.exit_code == 0, first.stderr
    assert "logged a reply (by letter) from pcm:" in first.stderr
    assert "UA 106.23: 1 reply from officials so far" in first.stderr
    run("reply", "-t", "pcm", "--channel", "email", "--date", "2026-11-20")
    run("reply", "-t", "embassy", "--date", "2026-11-21")
    report = _report(run)
    assert report["totals"]["letter"] == 1 and report["total"] == 2  # replies are not actions
    assert report["replies"] == {
        "embassy": {"count": 1, "first": "2026-11-21", "last": "2026-11-21",
                    "days_after_first_action": None},
        "pcm": {"count": 2, "first": "2026-11-16", "last": "2026-11-20",
                "days_after_first_action": 14},
    }  # fmt: skip
    table = run("report", "--by", "target").stdout
    assert (
        "Replies from pcm: 2 (first 2026-11-16, 14 days after the first action; last 2026-11-20)"
        in table
    )
    assert "Replies from embassy: 1 (first 2026-11-21)" in table
    bad = run("reply", "-t", "pcm", "--channel", "pigeon")
    assert bad.exit_code == 2


def test_outcomes_and_replies_round_trip_through_export_and_import(
    run, today, tmp_path, monkeypatch
):
    _log_calls(run)
    run("reply", "-t", "pcm", "--channel", "email", "--date", "2026-11-22", "--summary", "private")
    before = _report(run, "--by", "outcome")
    for name in ("out.jsonl", "out.csv"):
        assert run("export", "-o", str(tmp_path / name)).exit_code == 0
    exported = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert '"action":"call_attempt"' in exported and '"detail":"busy"' in exported
    assert '"action":"reply"' in exported and "private" not in exported  # no personal data
    for name in ("out.jsonl", "out.csv"):
        monkeypatch.setenv("UA_DB", str(tmp_path / f"coordinator-{name}.sqlite3"))
        assert run("import", str(tmp_path / name)).exit_code == 0
        assert _report(run, "--by", "outcome") == before
        assert run("import", str(tmp_path / name)).stderr.endswith(
            "0 added, 7 already in the log\n"
        )


def test_a_detail_that_does_not_fit_its_kind_is_named_by_line(run, today, tmp_path):
    from tests.builders import ID_A, ID_B, ID_C
    from tests.builders import entry as _entry

    records = [
        _entry(ID_A, "call")._replace(detail="busy"),  # a busy call is an attempt
        _entry(ID_B, "letter")._replace(detail="reached"),
        _entry(ID_C, "call_attempt")._replace(detail=None),
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text(
        "".join(json.dumps({k: v for k, v in e._asdict().items() if v is not None}) + "\n"
                for e in records),
        encoding="utf-8",
    )  # fmt: skip
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        f"{path}:1: detail: for a call, one of reached, voicemail",
        f"{path}:2: detail: a letter has no detail",
        f"{path}:3: detail: for a call_attempt, one of busy, no-answer, wrong-number",
    ]


def test_a_reply_logged_before_the_first_action_says_so(run, today):
    run("log", "letter", "-t", "pcm", "--date", "2026-11-20")
    run("reply", "-t", "pcm", "--date", "2026-11-15")
    assert (
        "Replies from pcm: 1 (first 2026-11-15, 5 days before the first action)"
        in run("report").stdout
    )
    report = _report(run)
    assert report["entries"] == 1  # the letter; a reply is not an action


def test_dash_is_standard_output_for_every_output_option(run, today, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("log", "letter", "-t", "pcm")
    exported = run("export", "-o", "-")
    assert exported.exit_code == 0
    assert '"action":"letter"' in exported.stdout
    assert run("letter", "-t", "pcm", "-l", "en", "-o", "-").stdout.startswith("29 November 2026")
    assert [p.name for p in tmp_path.iterdir()] == ["home"]  # the isolated home alone
