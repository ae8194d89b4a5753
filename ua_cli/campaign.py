"""The UA data model: a campaign file, validated into typed, immutable objects.

Nothing here knows about any particular UA; every fact comes from the file.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from ua_cli.errors import FileProblems, Problem
from ua_cli.structure import INVALID, Check, Converter, doc, json_schema
from ua_cli.yaml_source import PathKey, YamlDocument, format_path, load_yaml

Channel = Literal["letter", "email", "fax", "call", "tweet"]
CHANNELS: tuple[str, ...] = ("letter", "email", "fax", "call", "tweet")


class Coverage(enum.Enum):
    """How many of the UA's languages a piece of text must be given in."""

    ALL = "every language the UA offers"
    SOME = "at least one of the UA's languages"


LanguageCode = Annotated[str, Check(r"[a-z]{2,3}", "a language code such as 'es' or 'en'")]
Localized = Annotated[Mapping[str, str], Coverage.ALL]
Translations = Annotated[Mapping[str, str], Coverage.SOME]
Email = Annotated[
    str,
    Check(
        r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
        r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+",
        "not a valid email address",
        json_format="email",
    ),
]
Url = Annotated[str, Check(r"https?://\S+", "not a web address (http:// or https://)", "uri")]
CountryCode = Annotated[str, Check(r"[A-Z]{2}", "an ISO 3166 country code such as 'PE' or 'US'")]
Handle = Annotated[str, Check(r"@\w{1,15}", "a Twitter/X handle such as '@name'")]
Identifier = Annotated[str, Check(r"[a-z][a-z0-9_]*", "use lowercase letters, digits and _")]
UaNumber = Annotated[str, Check(r"\d+\.\d+", "a UA number such as '106.23'")]
Phone = Annotated[str, Check(r"\+?[0-9 ()./-]{6,}", "a phone number of digits, spaces, ()-./+")]


@dataclass(frozen=True)
class PeopleAtRisk:
    """The people the UA is about."""

    name: Localized = doc("Who is at risk, in every language of the UA.")
    pronouns: str | None = doc("Their preferred pronouns, e.g. they/them.", default=None)


@dataclass(frozen=True)
class KeyFact:
    """A date or number a message may need (a decree, a deadline, a duration)."""

    id: Identifier = doc("A short name for templates: key_facts.<id>.")
    label: str = doc("What the fact is, in English.")
    date: datetime.date | None = doc("The date, as YYYY-MM-DD.", default=None)
    value: str | None = doc("A number or amount, as text.", default=None)
    note: str | None = doc("Context for the fact.", default=None)


@dataclass(frozen=True)
class TalkingPoint:
    """One demand or argument, for letters, calls and posts."""

    id: Identifier = doc("A short name for the point.")
    text: Localized = doc("The point in every language of the UA.")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the letter body."""

    id: Identifier = doc("A short name; a target may replace the paragraph by this name.")
    text: Localized = doc("The paragraph in every language of the UA.")


@dataclass(frozen=True)
class LetterText:
    """The letter every target receives, unless a target replaces a paragraph."""

    subject: Localized = doc("The subject line (Re: ...).")
    paragraphs: tuple[Paragraph, ...] = doc("The body, in order.")
    closing: Localized = doc("The complimentary close, e.g. 'Yours sincerely,'.")


_CONTACT_FIELD = {
    "letter": "address",
    "email": "email",
    "fax": "fax",
    "call": "phone",
    "tweet": "twitter",
}


@dataclass(frozen=True)
class Target:
    """An official the UA asks people to write to."""

    key: str = doc("The short key used on the command line.", from_key=True)
    name: str = doc("Full name, exactly as the UA gives it.")
    courtesy_title: Localized = doc("Title before the name in the address, e.g. 'Mr.'.")
    position: Localized = doc("The official's position.")
    organisation: str = doc("The office or institution.")
    address: tuple[str, ...] = doc("Postal address lines, the country included.")
    country: CountryCode = doc("Country of the office (ISO 3166 code).")
    salutation: Localized = doc("How a letter opens, in every language.")
    channels: tuple[Channel, ...] = doc("How the official can be reached.")
    email: Email | None = doc("Email address.", default=None)
    phone: Phone | None = doc("Phone number as the UA gives it.", default=None)
    fax: Phone | None = doc("Fax number.", default=None)
    twitter: Handle | None = doc("Twitter/X handle.", default=None)
    paragraphs: Mapping[str, Localized] = doc(
        "Letter paragraphs replaced for this target, by paragraph id.",
        default_factory=lambda: {},
    )

    def field_problems(self) -> list[tuple[PathKey, str]]:
        problems: list[tuple[PathKey, str]] = []
        for i, channel in enumerate(self.channels):
            if self.contact(channel) is None:
                message = f"channel '{channel}' needs the target's {_CONTACT_FIELD[channel]}"
                problems.append((("channels", i), message))
        if not self.address:
            problems.append((("address",), "give the postal address lines"))
        return problems

    def courtesy_name(self, lang: str) -> str:
        return f"{self.courtesy_title[lang]} {self.name}"

    def contact(self, channel: str) -> str | None:
        """The address, number or handle a channel needs."""
        value = getattr(self, _CONTACT_FIELD[channel])
        return ("\n".join(value) or None) if channel == "letter" else value


@dataclass(frozen=True)
class Campaign:
    """An Urgent Action: who is at risk, what to ask, and whom to ask."""

    id: UaNumber = doc("The UA number, e.g. '106.23' (quote it).")
    title: Localized = doc("The UA's title.")
    country: CountryCode = doc("The country the UA is about (ISO 3166 code).")
    people_at_risk: PeopleAtRisk = doc("Who is at risk.")
    deadline: datetime.date = doc("Take action until this date (YYYY-MM-DD).")
    languages: tuple[LanguageCode, ...] = doc("Languages the UA's texts are given in.")
    preferred_language: LanguageCode = doc("The language the targets prefer.")
    summary: Translations = doc("What is happening, in one paragraph.")
    letter: LetterText = doc("The letter.")
    targets: Mapping[str, Target] = doc("The officials, by short key.")
    sequence: int = doc("1 for a new UA, 2 for its first update, and so on.", default=1)
    own_language_welcome: bool = doc(
        "Whether writing in one's own language is welcome too.", default=False
    )
    previous_ua: Url | None = doc("Link to the previous UA on the case.", default=None)
    background: Translations | None = doc("The UA's additional information.", default=None)
    key_facts: tuple[KeyFact, ...] = doc("Dates and numbers messages may cite.", default=())
    talking_points: tuple[TalkingPoint, ...] = doc("Demands and arguments.", default=())

    def paragraphs_for(self, target: Target, lang: str) -> tuple[str, ...]:
        """The letter body for one target, with its own wording where it has one."""
        return tuple(
            target.paragraphs[p.id][lang] if p.id in target.paragraphs else p.text[lang]
            for p in self.letter.paragraphs
        )

    def days_left(self, today: datetime.date) -> int:
        """Days until the deadline; negative once it has passed."""
        return (self.deadline - today).days


def campaign_schema() -> dict[str, Any]:
    """JSON Schema of a UA file."""
    schema = json_schema(Campaign)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ua: Urgent Action file",
        **schema,
    }
    return schema


def load_campaign(path: Path, *, letter_languages: frozenset[str] | None = None) -> Campaign:
    """Load and validate a UA file; raise FileProblems listing every mistake.

    `letter_languages` are the languages with letter templates; a UA offering
    another language is an error, since its letters could not be written.
    """
    document = load_yaml(path)
    localized: list[tuple[PathKey, Mapping[str, str], Coverage]] = []

    def remember(key: PathKey, value: Any, extras: tuple[Any, ...]) -> None:
        for extra in extras:
            if isinstance(extra, Coverage):
                localized.append((key, value, extra))

    converter = Converter(document, visit=remember)
    if not isinstance(document.data, dict):
        raise FileProblems(path, [Problem(1, "", "expected a mapping of UA fields")])
    campaign = converter.convert(Campaign, document.data, ())
    problems = converter.problems
    if campaign is not INVALID:
        problems += _check_languages(document, campaign, localized, letter_languages)
        problems += _check_targets(document, campaign)
        problems += _check_unique_ids(document, campaign)
    elif isinstance(document.data.get("languages"), list):
        # Conversion failed elsewhere: still check languages so every mistake shows.
        languages = tuple(str(x) for x in document.data["languages"])
        problems += _check_coverage(document, languages, localized)
    if problems:
        raise FileProblems(path, problems)
    return campaign


def _problem(document: YamlDocument, key: PathKey, message: str) -> Problem:
    return Problem(document.line_of(key), format_path(key), message)


def _check_languages(
    document: YamlDocument,
    campaign: Campaign,
    localized: list[tuple[PathKey, Mapping[str, str], Coverage]],
    letter_languages: frozenset[str] | None,
) -> list[Problem]:
    problems = []
    if campaign.preferred_language not in campaign.languages:
        message = f"'{campaign.preferred_language}' is not among languages"
        problems.append(_problem(document, ("preferred_language",), message))
    if not campaign.languages:
        problems.append(_problem(document, ("languages",), "give at least one language"))
    for i, lang in enumerate(campaign.languages):
        if letter_languages is not None and lang not in letter_languages:
            message = f"no letter templates for '{lang}' (add letters/{lang}/)"
            problems.append(_problem(document, ("languages", i), message))
    return problems + _check_coverage(document, campaign.languages, localized)


def _check_coverage(
    document: YamlDocument,
    languages: tuple[str, ...],
    localized: list[tuple[PathKey, Mapping[str, str], Coverage]],
) -> list[Problem]:
    problems = []
    for key, texts, coverage in localized:
        for lang in texts:
            if lang not in languages:
                message = f"'{lang}' is not one of the UA's languages ({', '.join(languages)})"
                problems.append(_problem(document, (*key, lang), message))
        missing = [lang for lang in languages if lang not in texts]
        if coverage is Coverage.ALL and missing:
            problems.append(_problem(document, key, f"missing the {', '.join(missing)} text"))
        elif not any(lang in languages for lang in texts):
            problems.append(_problem(document, key, f"give it in one of: {', '.join(languages)}"))
    return problems


def _check_targets(document: YamlDocument, campaign: Campaign) -> list[Problem]:
    problems = []
    paragraph_ids = [p.id for p in campaign.letter.paragraphs]
    if not campaign.targets:
        problems.append(_problem(document, ("targets",), "give at least one target"))
    for key, target in campaign.targets.items():
        base = ("targets", key)
        for paragraph_id in target.paragraphs:
            if paragraph_id not in paragraph_ids:
                message = (
                    f"no letter paragraph '{paragraph_id}' to replace ({', '.join(paragraph_ids)})"
                )
                problems.append(_problem(document, (*base, "paragraphs", paragraph_id), message))
    return problems


def _check_unique_ids(document: YamlDocument, campaign: Campaign) -> list[Problem]:
    problems = []
    for name, items in (
        ("key_facts", campaign.key_facts),
        ("talking_points", campaign.talking_points),
        ("letter.paragraphs", campaign.letter.paragraphs),
    ):
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                key = (*name.split("."), i, "id")
                problems.append(_problem(document, key, f"id '{item.id}' is used twice"))
            seen.add(item.id)
    return problems
