"""Composing a letter: the campaign's words for one target, one language, one sender.

The result is structured (sender, date, recipient, salutation, body, closing),
so every output (text, Markdown, HTML, later PDF and email) lays out the same
facts; templates only decide the layout.
"""

import datetime
from collections.abc import Sequence
from typing import NamedTuple

from ua_cli.actionlog.entries import plural
from ua_cli.campaign.model import Campaign, Target
from ua_cli.campaign.structure import BIDI_CONTROLS
from ua_cli.config import Profile
from ua_cli.errors import BadUsage, UaError
from ua_cli.packs import place_and_date

# A closing may repeat the form of address, as French closings do ("Je vous prie
# d’agréer, {address}, l’expression de ma très haute considération.").
ADDRESS_PLACEHOLDER = "{address}"


class Letter(NamedTuple):
    """One letter, ready to lay out."""

    ua: str
    target: str
    lang: str
    sender_lines: tuple[str, ...]
    return_address: tuple[str, ...]  # name and postal address, for envelopes
    place_date: str
    recipient_lines: tuple[str, ...]
    subject: str
    salutation: str
    paragraphs: tuple[str, ...]
    personal: str | None
    closing: str
    signer: str | None
    variant: int  # which wording of each sentence, from 1 (the UA's own)

    @property
    def body(self) -> tuple[str, ...]:
        """The paragraphs as laid out: the writer's own words after the first,
        where the letter says why it is written, not after the thanks."""
        own = tuple(self.personal.split("\n\n")) if self.personal else ()
        return (*self.paragraphs[:1], *own, *self.paragraphs[1:])


def compose_letter(
    campaign: Campaign,
    target: Target,
    *,
    lang: str,
    sender: Profile,
    date: datetime.date,
    personal: str | None = None,
    variant: int | None = None,
) -> Letter:
    """The letter `sender` writes to `target` in `lang` on `date`.

    Where the UA words a sentence in several ways, the letter takes the wording
    of `variant` (from 1), or else the one the sender's name picks, so a stack
    of letters does not read as one form letter (see compose/variety.py).
    """
    from ua_cli.compose.variety import Variants

    variants = Variants(campaign, target, lang)
    index = variants.preferred(sender.name) if variant is None else variant - 1
    if not 0 <= index < variants.count:
        choose = f"choose --variant 1 to {variants.count}" if variants.count > 1 else "--variant 1"
        raise BadUsage(
            f"the letter to {target.key} in '{lang}' has {plural(variants.count, 'variant')}; "
            f"{choose}"
        )
    wording = variants.wording(index)
    place = sender.city.strip() if sender.city else None
    return_address = _return_address(sender)
    written_date = format_long_date(date, lang, us=sender.lives_in_us())
    return Letter(
        ua=campaign.id,
        target=target.key,
        lang=lang,
        sender_lines=(*return_address, sender.email) if sender.email else return_address,
        return_address=return_address,
        place_date=place_and_date(lang, place, written_date),
        recipient_lines=tuple(
            line
            for line in (
                target.courtesy_name(lang),
                # An office addressed as itself names its position once.
                target.name and target.position and target.position[lang],
                target.organisation and target.organisation[lang],
                *target.address,
            )
            if line
        ),
        subject=wording.subject,
        salutation=target.salutation[lang],
        paragraphs=wording.paragraphs,
        personal=_clean_paragraph(personal),
        closing=wording.closing.replace(ADDRESS_PLACEHOLDER, form_of_address(target, lang)),
        signer=sender.name.strip() if sender.name and sender.name.strip() else None,
        variant=index + 1,
    )


def form_of_address(target: Target, lang: str) -> str:
    """How the letter addresses the official, as its salutation does without the
    final punctuation: "Monsieur l’Ambassadeur" from "Monsieur l’Ambassadeur,"."""
    return target.salutation[lang].strip().rstrip(",:;!،").rstrip()  # Arabic comma too


def compose_letters(
    campaign: Campaign,
    targets: Sequence[Target],
    *,
    lang: str,
    sender: Profile,
    date: datetime.date,
    personal: str | None = None,
    variant: int | None = None,
) -> list[Letter]:
    """One letter from `sender` to each of `targets`."""
    return [
        compose_letter(
            campaign,
            target,
            lang=lang,
            sender=sender,
            date=date,
            personal=personal,
            variant=variant,
        )
        for target in targets
    ]


def format_long_date(date: datetime.date, lang: str, *, us: bool = False) -> str:
    """The date written out as a letter has it: '29 November 2026', '29 de noviembre de 2026'.

    English uses the day-first British order unless the writer is in the US.
    """
    from babel import UnknownLocaleError
    from babel.dates import format_date

    locale = "en_US" if lang == "en" and us else ("en_GB" if lang == "en" else lang)
    try:
        return format_date(date, format="long", locale=locale)
    except (UnknownLocaleError, ValueError):
        raise UaError(f"no date format is known for the language '{lang}'") from None


def _return_address(sender: Profile) -> tuple[str, ...]:
    """Name, street address, town and country: the sender block without the email."""
    parts = [part.strip() for part in (sender.city, sender.country) if part and part.strip()]
    # An Arabic comma between words written in Arabic ("عمّان، الأردن").
    arabic = any("\u0600" <= char <= "\u06ff" for part in parts for char in part)
    place = ("، " if arabic else ", ").join(parts)
    lines = (sender.name, *sender.address_lines(), place)
    return tuple(line.strip() for line in lines if line and line.strip())


PERSONAL_LIMIT = 4000  # characters: a page and a half of a letter


def personal_problem(text: str) -> str | None:
    """Why a writer's own paragraph cannot go into a letter, if it cannot: it
    travels in signer sheets and is printed for an official, so no control
    characters (an escape sequence acts on a terminal), no bidi controls."""
    if len(text) > PERSONAL_LIMIT:
        return f"is longer than {PERSONAL_LIMIT:,} characters"
    if text.isprintable():
        return None
    import unicodedata

    for char in text:
        if unicodedata.category(char) == "Cs":  # what a terminal's bytes gave that were not UTF-8
            return "is not UTF-8 text (set your terminal to UTF-8)"
        if char not in "\r\n\t" and (unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS):
            return f"holds the invisible character U+{ord(char):04X}"
    return None


def _clean_paragraph(text: str | None) -> str | None:
    """A personal paragraph as one paragraph: surrounding space trimmed; blank,
    or nothing but invisible marks, means none."""
    if text is None or not any(c.isprintable() and not c.isspace() for c in text):
        return None
    return "\n\n".join(
        " ".join(part.split()) for part in text.strip().split("\n\n") if part.strip()
    )
