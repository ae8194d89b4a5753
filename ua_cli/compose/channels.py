"""The other ways to reach an official: email drafts, posts and phone calls.

Nothing here sends anything: an email is a draft file or a mailto: link, a post
is text and a web intent link, a call is a script to read aloud.
"""

import datetime
import urllib.parse
from email.headerregistry import Address
from email.message import EmailMessage
from typing import NamedTuple

from ua_cli.campaign.model import CONTACT_NAMES, Campaign, Target
from ua_cli.compose.letter import Letter
from ua_cli.errors import UaError

# Mail clients (and some browsers) cut mailto: links longer than about this.
MAILTO_LIMIT = 2000


def require_channel(campaign: Campaign, target: Target, channel: str) -> str:
    """The target's contact for a channel, or a UaError naming the channels it has."""
    contact = target.contact(channel)
    if contact is None:
        others = ", ".join(target.channels) or "none"
        raise UaError(
            f"UA {campaign.id} gives no {CONTACT_NAMES[channel]} for {target.key}; "
            f"reach {target.key} by: {others}"
        )
    return contact


# -- email -------------------------------------------------------------------


def email_draft(
    campaign: Campaign,
    target: Target,
    letter: Letter,
    *,
    sender_name: str | None,
    sender_email: str | None,
    text_body: str,
    html_body: str,
) -> EmailMessage:
    """An RFC 5322 draft: To the official by name, a subject naming the UA,
    a plain-text body and an HTML alternative; `X-Unsent: 1` makes mail clients
    open it as a draft to send."""
    from email import policy

    # Headers up to RFC 5322's 998 characters a line: Python folds a long
    # encoded name inside a word, and a mail program then reads "Vel ásquez".
    message = EmailMessage(policy=policy.default.clone(max_line_length=998))
    address = require_channel(campaign, target, "email")
    mailboxes = {"To": mailbox(target.courtesy_name(letter.lang), address)}
    if sender_email:
        mailboxes["From"] = mailbox(sender_name, sender_email)
    for field, value in mailboxes.items():
        message[field] = value
    message["Subject"] = email_subject(campaign, letter.lang)
    message["X-Unsent"] = "1"
    message.set_content(text_body)
    message.add_alternative(html_body, subtype="html")
    _check_read_back(message, mailboxes)
    return message


def mailbox(name: str | None, email: str) -> Address:
    """One address header's mailbox, the one place they are made: the display
    name quoted and encoded as a whole, so that a comma, angle brackets or an
    @ in a name can never make a mail program read another address."""
    if name and not name.isprintable():
        raise UaError(f"the name {name!r} holds a line break or control character")
    try:
        return Address(display_name=name or "", addr_spec=email)
    except (ValueError, IndexError) as error:
        raise UaError(f"cannot write an email to {email!r}: {error}") from None


def _check_read_back(message: EmailMessage, mailboxes: dict[str, Address]) -> None:
    """Parse the draft as a mail program would and insist each address header
    holds exactly the mailbox intended."""
    from email import message_from_bytes, policy

    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    for field, intended in mailboxes.items():
        read = [(a.display_name, a.addr_spec) for a in parsed[field].addresses]
        if read != [(intended.display_name, intended.addr_spec)]:
            raise UaError(
                f"the draft's {field} header would read as {read!r}, not "
                f"{intended.addr_spec!r}; not writing it"
            )


def email_subject(campaign: Campaign, lang: str) -> str:
    if campaign.letter.email_subject:
        return campaign.letter.email_subject[lang]
    return campaign.letter.subject[lang][0]


# The compose pages of web mail services, and the names of their fields.
_WEBMAIL = {
    "gmail": ("https://mail.google.com/mail/?", {"view": "cm", "fs": "1"}, "to", "su", "body"),
    "outlook": ("https://outlook.live.com/mail/0/deeplink/compose?", {}, "to", "subject", "body"),
}


def webmail_url(service: str, address: str, subject: str, body: str) -> str:
    """The link that opens `service`'s compose page with the email filled in."""
    base, fixed, to, subject_field, body_field = _WEBMAIL[service]
    query = {**fixed, to: address, subject_field: subject, body_field: body}
    return base + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)


def mailto_url(address: str, subject: str, body: str) -> str:
    """A mailto: link with the subject and body percent-encoded (RFC 6068)."""
    query = urllib.parse.urlencode({"subject": subject, "body": body}, quote_via=urllib.parse.quote)
    return f"mailto:{urllib.parse.quote(address, safe='@')}?{query}"


# -- calls -------------------------------------------------------------------


class PhoneCall(NamedTuple):
    """What a caller needs to know before dialling."""

    international: str
    national: str
    time_zone: str | None
    local_time: datetime.datetime | None
    likely_open: bool | None


def phone_call(target: Target, campaign: Campaign, now: datetime.datetime) -> PhoneCall:
    """The number as dialled from abroad and locally, and the office's time now."""
    import phonenumbers
    from phonenumbers import timezone as phone_zones

    raw = require_channel(campaign, target, "call")
    try:
        number = phonenumbers.parse(raw, target.country)
    except phonenumbers.NumberParseException:
        return PhoneCall(raw, raw, None, None, None)
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    zones = [z for z in phone_zones.time_zones_for_number(number) if "/" in z]
    if not zones:
        return PhoneCall(international, national, None, None, None)
    from zoneinfo import ZoneInfo

    local = now.astimezone(ZoneInfo(zones[0]))
    return PhoneCall(international, national, zones[0], local, office_hours(local))


def weekday_and_time(local: datetime.datetime | None, lang: str) -> str:
    """'Sunday 10:00', 'vendredi 15 h 14', 'vrijdag 15.14 uur': the office's day
    and time as the script's language writes a time (its pack's "clock")."""
    if local is None:
        return ""
    from babel.dates import format_datetime

    from ua_cli.packs import labels

    pattern = labels(lang).get("clock", "EEEE HH:mm")
    return format_datetime(local, pattern, tzinfo=local.tzinfo, locale=lang)


# Country names that Spanish writes with an article ("desde los Estados Unidos").
_WITH_ARTICLE = {
    "es": {"US": "los Estados Unidos", "PE": "el Perú", "GB": "el Reino Unido",
           "AR": "la Argentina", "EC": "el Ecuador", "SV": "El Salvador",
           "IN": "la India", "CN": "la China", "JP": "el Japón", "BR": "el Brasil"},
}  # fmt: skip


def country_name(code: str, lang: str) -> str:
    """The country as a sentence in `lang` names it: 'los Estados Unidos', 'Chile'."""
    if named := _WITH_ARTICLE.get(lang, {}).get(code):
        return named
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang).territories.get(code, code)
    except (UnknownLocaleError, ValueError):
        return code


def office_hours(local: datetime.datetime) -> bool:
    """Whether an office is likely open: Monday to Friday, 9:00 to 17:00."""
    return local.weekday() < 5 and 9 <= local.hour < 17
