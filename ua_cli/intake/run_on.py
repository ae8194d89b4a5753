"""One line holding an official's role, name, office and address (AIUSA's
contacts, their labels already split off), cut where each part ends."""

from __future__ import annotations

import re

from ua_cli.intake.blocks import Line
from ua_cli.intake.cues import INSTITUTIONS, ROLE_ANYWHERE, STREET


def split_run_on(line: Line) -> list[Line]:
    """One line holding role, name, office and address (AIUSA's contacts, the
    labels already split off): cut before the office and after its name."""
    text = line.text
    office = INSTITUTIONS.search(text)
    if len(text.split()) < 7 or office is None:
        return [line]
    start = _phrase_start(text, office.start())
    head = text[:start].strip(" ,")
    if re.search(r"\d", head):
        return [line]
    end = _office_end(text, start)
    pieces = [head, text[start:end].strip(" ,"), text[end:].strip(" ,–-")]
    return [Line(line.number, piece) for piece in pieces if piece]


def _phrase_start(text: str, at: int) -> int:
    """Where an office's name begins: its key word, with the words before it
    that belong to it ("Office of the", "Public Prosecution")."""
    before = text[:at].split()
    taken = 0
    leading = ("the", "national", "public", "federal", "royal", "general", "supreme", "high")
    while taken < min(len(before), 2) and before[-1 - taken].lower() in leading:
        taken += 1
    start = at
    for word in before[len(before) - taken :][::-1]:
        start = text.rfind(word, 0, start)
    return start


def connected_word(word: str) -> bool:
    return word.lower() in _CONNECTORS


def _ends_an_office(text: str, start: int, match: re.Match[str]) -> bool:
    """Whether the office's name ended on the word before `match`: a role or
    office word ("… of the Public Prosecutor | Madinat al-Rehab")."""
    before = text[start : start + match.start()].split()
    return bool(before) and bool(
        ROLE_ANYWHERE.fullmatch(before[-1].strip(","))
        or INSTITUTIONS.fullmatch(before[-1].strip(","))
    )


_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "for",
        "de",
        "del",
        "la",
        "las",
        "los",
        "des",
        "du",
        "d'",
        "für",
        "in",
        "en",
        "and",
        "y",
        "et",
        "und",
    ]
)


def _office_end(text: str, start: int) -> int:
    """Where an office's name ends: before a number, an abbreviation, a
    street word, a dash or a comma ("Department of Justice | DOJ Main
    Building, …"; "Embassy of the Arab Republic of Egypt | 3521 …")."""
    position = start
    connected = False  # after "of", "de": the office's own words follow
    for index, match in enumerate(re.finditer(r"\S+", text[start:])):
        word = match.group(0)
        bare = word.strip(",.;")
        if (
            connected
            and index > 1
            and not connected_word(bare)
            and _ends_an_office(text, start, match)
        ):
            return start + match.start()
        connected = connected or bare.lower() in _CONNECTORS
        stop = (
            re.search(r"\d", word)
            or word in ("–", "-", "—")
            or (index > 0 and len(bare) > 1 and bare.isupper())
            or (index > 0 and STREET.fullmatch(bare))
            or (bare[:1].islower() and bare.lower() not in _CONNECTORS)
        )
        if stop:
            return start + match.start()
        position = start + match.end()
        if word.endswith(","):
            return position
    return position
