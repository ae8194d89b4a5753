"""`ua remind`: an iCalendar file with the deadline and call slots, which parses
back with the icalendar library at the right times in UTC."""

from __future__ import annotations

import datetime

import icalendar
import pytest

UTC = datetime.UTC


def _calendar(run, clock, now: datetime.datetime, *args: str):
    clock.now = now
    clock.today = now.date()
    result = run("remind", "-o", "-", *args)
    assert result.exit_code == 0, result.stderr
    return icalendar.Calendar.from_ical(result.stdout), result


def _events(calendar) -> dict[str, icalendar.Event]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_deadline_is_an_all_day_event_with_an_alarm_three_days_before(run, clock):
    calendar, _ = _calendar(run, clock, datetime.datetime(2024, 1, 3, 12, 0, tzinfo=UTC))
    deadline = _events(calendar)["ua-106.23-deadline@ua.invalid"]
    assert deadline.decoded("dtstart") == datetime.date(2024, 1, 9)
    assert deadline.decoded("dtend") == datetime.date(2024, 1, 10)
    assert str(deadline["summary"]) == (
        "Last day to act on UA 106.23: Refugees in Peru risk mass expulsions"
    )
    (alarm,) = deadline.walk("VALARM")
    assert alarm.decoded("trigger") == -datetime.timedelta(days=3)
    assert str(alarm["action"]) == "DISPLAY"
    assert "ua letter --ua 106.23 --target all" in str(deadline["description"])


@pytest.mark.parametrize(
    ("now", "slot_utc", "note"),
    [
        # Friday 10:00 in Washington: the office next opens on Monday at 9:00 (EST, UTC-5).
        (datetime.datetime(2024, 1, 5, 15, 0, tzinfo=UTC), datetime.datetime(2024, 1, 8, 14, 0, tzinfo=UTC),
         "note: call slot for embassy: Monday 2024-01-08 09:00 (America/New_York), office time"),
        # Monday 3:00 in Washington: it opens that very morning.
        (datetime.datetime(2024, 1, 8, 8, 0, tzinfo=UTC), datetime.datetime(2024, 1, 8, 14, 0, tzinfo=UTC),
         "note: call slot for embassy: Monday 2024-01-08 09:00 (America/New_York), office time"),
        # Monday 15:00: next on Tuesday, the deadline's day.
        (datetime.datetime(2024, 1, 8, 20, 0, tzinfo=UTC), datetime.datetime(2024, 1, 9, 14, 0, tzinfo=UTC),
         "note: call slot for embassy: Tuesday 2024-01-09 09:00 (America/New_York), office time"),
    ],
)  # fmt: skip
def test_a_call_slot_at_the_offices_next_opening_in_utc(run, clock, now, slot_utc, note):
    calendar, result = _calendar(run, clock, now)
    call = _events(calendar)["ua-106.23-call-embassy@ua.invalid"]
    start = call.decoded("dtstart")
    assert start.tzinfo is not None and str(call["dtstart"].params["TZID"]) == "America/New_York"
    assert start.astimezone(UTC) == slot_utc
    assert call.decoded("dtend") - start == datetime.timedelta(minutes=30)
    assert str(call["location"]) == "+1 202-833-9860"
    assert str(call["summary"]) == (
        "Call His Excellency Mr. Gustavo Adolfo Meza-Cuadra Velásquez (UA 106.23)"
    )
    assert "ua call --ua 106.23 --target embassy" in str(call["description"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert note in result.stderr.splitlines()
    assert "note: no call slot for pcm: no phone number" in result.stderr.splitlines()


def test_no_call_slot_after_the_deadline(run, clock):
    calendar, result = _calendar(run, clock, datetime.datetime(2024, 1, 9, 22, 0, tzinfo=UTC))
    assert "ua-106.23-call-embassy@ua.invalid" not in _events(calendar)
    assert (
        "note: no call slot for embassy: the office next opens on 2024-01-10, after the deadline"
        in result.stderr.splitlines()
    )


def test_the_file_is_named_after_the_ua_and_kept_without_force(run, clock, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clock.now = datetime.datetime(2024, 1, 3, 12, 0, tzinfo=UTC)
    clock.today = clock.now.date()
    first = run("remind")
    assert first.exit_code == 0, first.stderr
    path = tmp_path / "ua-106.23.ics"
    assert icalendar.Calendar.from_ical(path.read_bytes())["prodid"] == (
        "-//ua//Urgent Action reminders//EN"
    )
    assert "open ua-106.23.ics in your calendar program to add the reminders" in first.stderr
    again = run("remind")
    assert again.exit_code == 1 and "--force" in again.stderr
    assert run("remind", "--force").exit_code == 0
    only_pcm = run("remind", "-o", "-", "-t", "pcm")
    assert "VEVENT" in only_pcm.stdout and "call-embassy" not in only_pcm.stdout
    unknown = run("remind", "-t", "nobody")
    assert unknown.exit_code == 2


def test_a_closed_ua_has_nothing_to_remind_of(run, clock, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clock.now = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    clock.today = clock.now.date()
    result = run("remind")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: UA 106.23 closed on 2024-01-09: there is nothing left to remind you of; "
        "check for a newer UA (ua new reads it)\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["home"]  # the isolated home alone


def test_the_reminders_name_a_ua_file_as_it_was_given(run, tmp_path, clock):
    import datetime

    from tests.builders import MADE_UP_UA

    clock.now = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)
    clock.today = clock.now.date()
    out = tmp_path / "ua.ics"
    result = run("remind", "--ua", str(MADE_UP_UA), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_bytes().decode("utf-8").replace("\r\n ", "")  # lines unfolded
    assert f"Write: ua letter --ua {MADE_UP_UA} --target all" in text
