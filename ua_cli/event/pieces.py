"""What the event's pages are made of: a response, an attendee's form, and the
small pure functions on languages, dates and texts every page uses."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, NamedTuple

from ua_cli.campaign.model import Campaign
from ua_cli.errors import UaError
from ua_cli.event.security import MAX_FIELD


class Response(NamedTuple):
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


class Form(NamedTuple):
    targets: tuple[str, ...] = ()
    name: str = ""
    city: str = ""
    country: str = ""
    address: str = ""
    email: str = ""
    personal: str = ""


def accepted_languages(header: str) -> list[str]:
    """The languages of an Accept-Language header, most wanted first ('fr-CH, fr;q=0.9')."""
    weighted = []
    for index, part in enumerate(header.split(",")[:20]):
        code, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if code:
            weighted.append((-quality, index, code.split("-")[0].lower()))
    return [code for _, _, code in sorted(weighted)]


def native_names(codes: list[str]) -> list[str]:
    from babel import Locale

    names = []
    for code in codes:
        try:
            names.append(Locale.parse(code).get_display_name(code) or code)
        except ValueError:
            names.append(code)
    return names


def long_date(date: datetime.date, lang: str) -> str:
    from ua_cli.compose.letter import format_long_date

    try:
        return format_long_date(date, lang)
    except UaError:
        return date.isoformat()


def in_language(texts: Mapping[str, str], lang: str, campaign: Campaign) -> str:
    return texts.get(lang) or texts.get(campaign.preferred_language) or next(iter(texts.values()))


def target_label(target: Any, lang: str) -> str:
    position = f", {target.position[lang]}" if target.position and lang in target.position else ""
    return f"{target.courtesy_name(lang)}{position}"


def form_of(fields: Mapping[str, list[str]]) -> Form:
    def one(name: str) -> str:
        value = fields.get(name, [""])[0]
        return value.strip()[: MAX_FIELD.get(name, 200) + 1]

    return Form(
        targets=tuple(fields.get("target", []))[:10],
        name=one("name"), city=one("city"), country=one("country"),
        address=one("address"), email=one("email"), personal=one("personal"),
    )  # fmt: skip
