"""Whom to write to and in which language: the one place that picks them, for
every command."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ua_cli.campaign.model import Campaign, Target
from ua_cli.errors import UnknownChoice


def choose_targets(campaign: Campaign, keys: Sequence[str]) -> list[Target]:
    """The targets named by `keys` (each once, in order), or all of them for `all`."""
    if "all" in keys:
        return list(campaign.targets.values())
    chosen: list[Target] = []
    for key in keys:
        target = one_target(campaign, key, also=["all"])
        if target not in chosen:
            chosen.append(target)
    return chosen


def one_target(campaign: Campaign, key: str, *, also: Sequence[str] = ()) -> Target:
    """The target called `key`, or a usage error listing the others."""
    if key not in campaign.targets:
        choices = [*campaign.targets, *also]
        raise UnknownChoice("target", key, choices, param="--target")
    return campaign.targets[key]


class LanguageChoice(NamedTuple):
    """The language to write in, and why (None when it was asked for)."""

    code: str
    why: str | None


def choose_language(
    campaign: Campaign, lang: str | None, configured: str | None, *, ua: str | None = None
) -> LanguageChoice:
    """`lang` if given (and offered), else the configured language if the UA
    offers it, else the language the UA prefers. `ua` is the UA as the user
    named it (a number or a file), for the command a message suggests."""
    offered = list(campaign.languages)
    if lang is not None:
        if lang not in offered:
            _no_texts_in(campaign, lang, ua or campaign.id)
        return LanguageChoice(lang, None)
    if configured in offered:
        return LanguageChoice(configured, "your configured language")
    if campaign.preferred_language in offered:
        return LanguageChoice(campaign.preferred_language, "the language the UA prefers")
    why = (
        f"since the UA has no texts yet in '{campaign.preferred_language}', the language it prefers"
    )
    return LanguageChoice(offered[0], why)


def language_note(campaign: Campaign, choice: LanguageChoice) -> str:
    """'note: writing in español (es), the language the UA prefers; for another
    use --lang en', for a language `ua` chose."""
    from babel import Locale, UnknownLocaleError

    # The language's own name ("español") comes from the locale data the
    # letter loads anyway; its English name would load a second locale.
    try:
        name = Locale.parse(choice.code).get_display_name(choice.code) or choice.code
    except (UnknownLocaleError, ValueError):
        name = choice.code
    others = [code for code in campaign.languages if code != choice.code]
    switch = f"; for another use --lang {' or --lang '.join(others)}" if others else ""
    return f"note: writing in {name} ({choice.code}), {choice.why}{switch}"


def _no_texts_in(campaign: Campaign, lang: str, ua: str) -> None:
    """A language with a pack but no texts of this UA says how to make them; an
    unknown one lists the packs there are."""
    from ua_cli.errors import BadUsage
    from ua_cli.packs import packs

    if lang in packs():
        raise BadUsage(
            f"UA {campaign.id} has no texts in '{lang}' yet; translate them with: "
            f"ua translate export --ua {ua} --lang {lang} -o {lang}.po, then "
            f"ua translate import {'--ua ' + ua + ' ' if ua != campaign.id else ''}{lang}.po",
            param="--lang",
        )
    written = letter_languages_of(campaign)
    waiting = [code for code in packs() if code not in written]
    also = (
        f" Packs without UA {campaign.id}'s texts yet: {', '.join(waiting)} (make them with: "
        f"ua translate export --ua {ua} --lang CODE -o CODE.po)"
        if waiting
        else ""
    )
    raise UnknownChoice("language", lang, written, param="--lang", also=also)


def letter_languages_of(campaign: Campaign) -> list[str]:
    """The languages a letter of this UA can be written in: the UA file's, and
    those of a translation that has every text (a letter never mixes languages)."""
    return sorted(with_every_language(campaign).languages)


def with_every_language(campaign: Campaign) -> Campaign:
    """The UA with each translation that has every text: for a batch, whose
    signers each write in their own language."""
    from ua_cli.campaign.translations import overlays, with_language

    for lang in overlays(campaign.id):
        applied = with_language(campaign, lang) if lang not in campaign.languages else None
        if applied is not None and not applied.fallbacks:
            campaign = applied.campaign
    return campaign


def check_pack(lang: str) -> None:
    """A language with a pack, or a usage error listing the packs there are."""
    from ua_cli.packs import packs

    if lang not in packs():
        raise UnknownChoice("language", lang, packs(), param="--lang")
