"""Readable and machine-readable views of UAs: `ua list`, `ua show`, `ua targets`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from ua_cli.campaign.model import Campaign, Target
from ua_cli.campaign.structure import to_jsonable
from ua_cli.compose.letter import format_long_date


def deadline_status(campaign: Campaign, today: datetime.date) -> str:
    """'open, 12 days left', 'open, last day today' or 'closed 1055 days ago'."""
    days = campaign.days_left(today)
    if days > 0:
        return f"open, {days} day{'s' if days != 1 else ''} left"
    if days == 0:
        return "open, last day today"
    return f"closed {-days} day{'s' if days != -1 else ''} ago"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns aligned with two spaces between them; the last column is not padded."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def list_rows(campaigns: Sequence[Campaign], today: datetime.date) -> list[list[str]]:
    return [
        [c.id, _english(c.title, c), c.deadline.isoformat(), deadline_status(c, today)]
        for c in campaigns
    ]


def list_json(campaigns: Sequence[Campaign], today: datetime.date) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "title": dict(c.title),
            "deadline": c.deadline.isoformat(),
            "open": c.days_left(today) >= 0,
            "days_left": c.days_left(today),
        }
        for c in campaigns
    ]


def _english(texts: Mapping[str, str], campaign: Campaign) -> str:
    """The English text where the UA gives one, else the UA's preferred language."""
    return texts.get("en") or texts.get(campaign.preferred_language) or next(iter(texts.values()))


def language_names(codes: Sequence[str]) -> list[str]:
    """English names of language codes ('es' -> 'Spanish'), from Babel's data."""
    from babel import Locale

    names = []
    for code in codes:
        try:
            names.append(Locale.parse(code).get_display_name("en") or code)
        except (ValueError, LookupError):
            names.append(code)
    return names


def show_text(campaign: Campaign, today: datetime.date) -> str:
    """A readable summary of one UA."""
    update = f", {_ordinal(campaign.sequence)} UA on this case" if campaign.sequence > 1 else ""
    lines = [f"UA {campaign.id}{update}", _english(campaign.title, campaign)]
    people = campaign.people_at_risk
    at_risk = _english(people.name, campaign)
    lines.append("")
    lines.append(f"At risk:    {at_risk}" + (f" ({people.pronouns})" if people.pronouns else ""))
    deadline = format_long_date(campaign.deadline, "en")
    lines.append(f"Deadline:   {deadline} ({deadline_status(campaign, today)})")
    names = language_names(campaign.languages)
    shown = [
        f"{name} (preferred)" if code == campaign.preferred_language else name
        for code, name in zip(campaign.languages, names, strict=True)
    ]
    own = "; your own language is welcome too" if campaign.own_language_welcome else ""
    lines.append(f"Languages:  {', '.join(shown)}{own}")
    if campaign.previous_ua:
        lines.append(f"Previous:   {campaign.previous_ua}")
    lines.append("")
    lines.append("Targets:")
    for target in campaign.targets.values():
        title = f"{_english(target.courtesy_title, campaign)} " if target.courtesy_title else ""
        copy = " (gets a copy)" if target.copy else ""
        lines.append(f"  {target.key}: {title if target.name else ''}{target.who('en')}{copy}")
        if target.position:
            lines.append(f"    {_english(target.position, campaign)}")
        lines.append(f"    channels: {', '.join(target.channels)}")
    if campaign.key_facts:
        lines.append("")
        lines.append("Key facts:")
        for fact in campaign.key_facts:
            detail = ", ".join(x for x in (fact.date and fact.date.isoformat(), fact.value) if x)
            lines.append(f"  {fact.label}" + (f": {detail}" if detail else ""))
    lines += ["", "Summary:", _english(campaign.summary, campaign)]
    return "\n".join(lines) + "\n"


def _ordinal(number: int) -> str:
    words = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    return words.get(number, f"{number}th")


def show_json(campaign: Campaign, today: datetime.date) -> dict[str, Any]:
    data = to_jsonable(campaign)
    data["days_left"] = campaign.days_left(today)
    data["open"] = campaign.days_left(today) >= 0
    return data


def target_text(target: Target, lang: str) -> str:
    """One target as a block: name, position, contacts, address."""
    rows = [
        ("position", target.position and target.position[lang]),
        ("organisation", target.organisation and target.organisation[lang]),
        ("email", target.email),
        ("phone", target.phone),
        ("fax", target.fax),
        ("twitter", target.twitter),
        ("channels", ", ".join(target.channels)),
    ]
    lines = [f"{target.key}: {target.courtesy_name(lang)}"]
    lines += [f"  {label + ':':<14}{value}" for label, value in rows if value]
    lines.append(f"  {'address:':<14}{target.address[0]}")
    lines += [f"  {'':<14}{line}" for line in target.address[1:]]
    return "\n".join(lines) + "\n"


def targets_json(campaign: Campaign) -> list[dict[str, Any]]:
    return [{"key": t.key, **to_jsonable(t)} for t in campaign.targets.values()]
