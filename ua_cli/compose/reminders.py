"""Reminders in the calendar: an iCalendar file with the UA's deadline and, for
each official with a phone, a call slot when their office next opens.

It is a file the user imports; nothing is sent anywhere. Times are written in
the office's own time zone (with its VTIMEZONE), so every calendar shows the
slot in the user's time.
"""

import datetime
from collections.abc import Sequence
from typing import NamedTuple

from ua_cli.campaign.model import Campaign, Target

ALARM_BEFORE = datetime.timedelta(days=3)
CALL_SLOT = datetime.timedelta(minutes=30)
OPENS_AT = datetime.time(9, 0)


class Reminders(NamedTuple):
    ics: bytes
    calls: list[tuple[Target, datetime.datetime]]  # each slot, in the office's time
    skipped: list[str]  # why an official got no call slot


# The calendar's words are English; the UA's title and the officials' titles
# are given in English where the UA has it.
LANG = "en"


def reminders(
    campaign: Campaign, targets: Sequence[Target], now: datetime.datetime, *, ua: str | None = None
) -> Reminders:
    """The calendar for `campaign`: its deadline, with an alarm three days
    before, and a call slot for each of `targets` that can be called. `ua` is
    the UA as the user named it (a file, for one `ua new` wrote with -o), for
    the commands the events suggest."""
    named = ua or campaign.id
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ua//Urgent Action reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"UA {campaign.id}")
    stamp = now.astimezone(datetime.UTC)
    calendar.add_component(_deadline_event(campaign, stamp, named))
    calls, skipped = [], []
    for target in targets:
        slot, reason = _call_slot(campaign, target, now)
        if slot is None:
            skipped.append(f"{target.key}: {reason}")
            continue
        calendar.add_component(_call_event(campaign, target, slot, stamp, named))
        calls.append((target, slot))
    calendar.add_missing_timezones()
    return Reminders(calendar.to_ical(), calls, skipped)


def _title(campaign: Campaign) -> str:
    return (
        campaign.title.get(LANG)
        or campaign.title.get(campaign.preferred_language)
        or next(iter(campaign.title.values()))
    )


def _deadline_event(campaign: Campaign, stamp: datetime.datetime, named: str):  # -> Event
    import icalendar

    event = icalendar.Event()
    event.add("uid", f"ua-{campaign.id}-deadline@ua.invalid")
    event.add("dtstamp", stamp)
    event.add("summary", f"Last day to act on UA {campaign.id}: {_title(campaign)}")
    event.add("dtstart", campaign.deadline)
    event.add("dtend", campaign.deadline + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add(
        "description",
        f"Amnesty International asks for action until {campaign.deadline.isoformat()}.\n"
        f"Write: ua letter --ua {named} --target all\n"
        f"Then count it: ua log letter --ua {named} --target KEY",
    )
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"UA {campaign.id} closes in three days")
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    return event


def _call_slot(
    campaign: Campaign, target: Target, now: datetime.datetime
) -> tuple[datetime.datetime | None, str]:
    """The office's next opening (9:00 on a weekday, its time), before the deadline."""
    from ua_cli.compose.channels import phone_call

    if target.phone is None or "call" not in target.channels:
        return None, "no phone number"
    call = phone_call(target, campaign, now)
    if call.local_time is None:
        return None, f"no time zone is known for {target.phone}"
    slot = next_opening(call.local_time)
    if slot.date() > campaign.deadline:
        return None, f"the office next opens on {slot.date().isoformat()}, after the deadline"
    return slot, ""


def next_opening(local: datetime.datetime) -> datetime.datetime:
    """The first 9:00 on a weekday after `local` (an aware time in the office's zone)."""
    day = local.date() if local.time() < OPENS_AT else local.date() + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, OPENS_AT, tzinfo=local.tzinfo)


def _call_event(
    campaign: Campaign,
    target: Target,
    slot: datetime.datetime,
    stamp: datetime.datetime,
    named: str,
):  # -> Event
    import icalendar

    from ua_cli.compose.channels import phone_call

    call = phone_call(target, campaign, slot)
    event = icalendar.Event()
    event.add("uid", f"ua-{campaign.id}-call-{target.key}@ua.invalid")
    event.add("dtstamp", stamp)
    lang = LANG if LANG in campaign.languages else campaign.preferred_language
    event.add("summary", f"Call {target.courtesy_name(lang)} (UA {campaign.id})")
    event.add("dtstart", slot)
    event.add("dtend", slot + CALL_SLOT)
    event.add("location", call.international)
    event.add(
        "description",
        f"{call.international} (from abroad), {call.national} (within the country).\n"
        f"The script: ua call --ua {named} --target {target.key}\n"
        f"Then count it: ua log call --ua {named} --target {target.key}",
    )
    return event
