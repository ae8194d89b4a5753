"""What the reader found in a UA document, before it is written as a UA file:
every value with the line it came from, and whether the reader is sure of it."""

from __future__ import annotations

import datetime
from typing import NamedTuple


class Found(NamedTuple):
    """A value and the line of the document it came from (1-based). `doubt`
    says why the reader is not sure of it (the file then marks it TODO)."""

    value: str
    line: int
    doubt: str | None = None


class DraftTarget(NamedTuple):
    key: str
    name: Found | None  # none for an office addressed as itself
    courtesy_title: Found | None
    position: Found | None
    organisation: Found | None
    address: tuple[Found, ...]
    country: str | None  # ISO 3166 code
    country_from: str  # how the country was found, for the file's comments
    country_line: str | None  # a country line the address lacked, added
    email: Found | None
    phone: Found | None
    fax: Found | None
    twitter: Found | None
    salutation: Found | None
    copy: bool
    # Contacts the document gives that ua cannot use as they are (a second
    # email, an obfuscated address), for a person to look at.
    unused: tuple[tuple[str, Found], ...] = ()

    def channels(self) -> list[str]:
        pairs = [
            ("letter", self.address), ("email", self.email), ("fax", self.fax),
            ("call", self.phone), ("tweet", self.twitter),
        ]  # fmt: skip
        return [channel for channel, contact in pairs if contact]

    def label(self) -> str:
        """Who the target is, for a person reading a table."""
        for found in (self.name, self.position, self.organisation):
            if found:
                return found.value
        return self.key


class Draft(NamedTuple):
    """Everything found in a UA document."""

    language: str  # the language the document is written in
    id: Found | None
    sequence: Found | None
    title: Found | None
    summary: Found | None
    country: Found | None  # ISO code, and where it was read
    people: Found | None
    pronouns: Found | None
    targets: tuple[DraftTarget, ...]
    greeting: Found | None
    paragraphs: tuple[Found, ...]
    closing: Found | None
    background: tuple[Found, ...]
    languages: tuple[str, ...]
    languages_line: int | None
    own_language_welcome: bool
    deadline: tuple[datetime.date, int] | None
    deadline_text: Found | None  # as the document writes it, when it is no date
    previous_ua: Found | None
    diplomats: bool  # "Also send copies to diplomatic representatives..."
