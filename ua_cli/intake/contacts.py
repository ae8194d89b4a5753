"""The officials in a block of contact lines: where one ends and the next
begins, and for each its name, position, office, address, contacts and
salutation, whatever order the document gives them in (role before or after
the name, on one line or many, an office without a person).

A value the reader is not sure of carries its doubt (the file marks it TODO);
nothing is guessed into a field without one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ua_cli.intake.blocks import Line
from ua_cli.intake.cues import (
    COURTESY,
    INSTITUTIONS,
    LABEL,
    NAME_PARTICLES,
    ONLY_A_TITLE,
    RANKS,
    ROLE_ANYWHERE,
    ROLE_START,
    STREET,
    country_in,
    country_named,
    label_field,
)
from ua_cli.intake.draft import DraftTarget, Found
from ua_cli.intake.labels import take_contact
from ua_cli.intake.run_on import split_run_on

# -- where one official ends and the next begins --------------------------------------------

_INSTRUCTION = re.compile(
    r"^(write|click|you can|please|send|call|tweet|email|share|escrib|envía|puedes|écrivez|"
    r"envoyez|vous pouvez|schreiben|senden|bitte)\b",
    re.IGNORECASE,
)


def split_targets(lines: list[Line]) -> Iterator[list[Line]]:
    """The lines of a zone, one list per official. An official's block ends
    when its contacts have been given and a line that is no contact follows,
    or at a blank line after an address when a new name, role or office starts."""
    block: list[Line] = []
    contacts_seen = blank_seen = in_instruction = False
    labelled = {line.number for line in lines if LABEL.match(line.text)}
    for line in lines:
        if not line.text:
            blank_seen = bool(block)
            in_instruction = False
            continue
        unlabelled = line.number not in labelled
        if unlabelled and (
            _is_instruction(line.text) or (in_instruction and not _starts_an_official(line.text))
        ):
            # An instruction to the reader, and the lines a PDF broke it into.
            in_instruction = not line.text.endswith((".", "!", "?", ":"))
            continue
        in_instruction = False
        is_contact = bool(LABEL.match(line.text))
        starts_one = not is_contact and _starts_an_official(line.text)
        if (
            block
            and not is_contact
            and (contacts_seen or (blank_seen and starts_one and _has_address(block)))
        ):
            yield block
            block, contacts_seen = [], False
        block.append(line)
        contacts_seen = contacts_seen or is_contact
        blank_seen = False
    if block:
        yield block


def _is_instruction(text: str) -> bool:
    """A sentence to the reader, not a line of an official's block."""
    words = text.split()
    if LABEL.match(text) or COURTESY.match(text):
        return False
    if re.match(r"^\d+[.)]\s", text):  # a numbered step
        return True
    if _INSTRUCTION.match(text) and len(words) > 4:
        return True
    sentence = text.endswith((".", "!", "?")) and len(words) > 6
    return sentence or (len(words) > 16 and not re.search(r"\d", text))


def starts_an_official(text: str) -> bool:
    """Whether a line can be an official's first: a title, role, office or name."""
    return _starts_an_official(text) or looks_like_a_name(text.rstrip(","))


def _starts_an_official(text: str) -> bool:
    return bool(
        COURTESY.match(text) or ROLE_START.match(text) or INSTITUTIONS.search(text)
    ) and not re.search(r"\d", text)


def _has_address(block: list[Line]) -> bool:
    return any(re.search(r"\d", line.text) or country_in(line.text) for line in block[1:])


# -- one official ---------------------------------------------------------------------------


def read_target(block: list[Line], *, copy: bool) -> DraftTarget | None:
    """An official from its lines, or None when the lines name no one."""
    contacts: dict[str, Found] = {}
    unused: list[tuple[str, Found]] = []
    text_lines: list[Line] = []
    labelled = {line.number for line in block if LABEL.match(line.text)}
    for line in block:
        if match := LABEL.match(line.text):
            field = label_field(match)
            take_contact(field, line.text[match.end() :], line.number, contacts, unused)
        elif line.number in labelled:  # its contacts were on the same line: AIUSA's run-on
            text_lines.extend(split_run_on(line))
        else:
            text_lines.append(line)
    parts = _parts(text_lines)
    if not (parts.name or parts.position or parts.organisation):
        return None
    address = tuple(_address(parts.address))
    country, country_from, country_line = _country(address, parts.organisation, parts.position)
    salutation = contacts.get("salutation")
    courtesy = parts.courtesy
    if salutation and ONLY_A_TITLE.match(salutation.value.rstrip(",:")):
        # "Salutation: His Excellency Mr." is how the address names him; a
        # letter opens "Your Excellency," (the reader says so in a TODO).
        title = salutation.value.rstrip(",:")
        courtesy = courtesy or Found(title, salutation.line)
        opening = "Your Excellency," if "xcellen" in title else f"Dear {title},"
        salutation = Found(opening, salutation.line, f"the document gives {title!r}, a title")
    return DraftTarget(
        key="",
        name=parts.name,
        courtesy_title=courtesy,
        position=parts.position,
        organisation=parts.organisation,
        address=address,
        country=country,
        country_from=country_from,
        country_line=country_line,
        email=contacts.get("email"),
        phone=contacts.get("phone"),
        fax=contacts.get("fax"),
        twitter=contacts.get("twitter"),
        salutation=salutation,
        copy=copy,
        unused=tuple(unused),
    )


# -- the lines that are not contacts ----------------------------------------------------------


class _Parts:
    def __init__(self) -> None:
        self.name: Found | None = None
        self.courtesy: Found | None = None
        self.position: Found | None = None
        self.organisation: Found | None = None
        self.address: list[Line] = []


def _kind(text: str) -> str:
    """What a line of an official's block is: person, role, office or address."""
    has_digit = bool(re.search(r"\d", text))
    if re.match(r"^(?:c/o|care of|a/c|z\.\s?hd\.?|p\.\s?a\.)\s", text, re.IGNORECASE):
        return "address"  # "c/o Embassy of …": where the letter goes, not who reads it
    if COURTESY.match(text) and not STREET.search(text) and len(text.split()) <= 8:
        return "person"
    if ROLE_START.match(text) and not has_digit:
        return "role"
    if (office := INSTITUTIONS.search(text)) and office.start() < 5 and not has_digit:
        return "office"  # "Office of the Administrative Ombudsman"
    short_role = ROLE_ANYWHERE.search(text) and not has_digit and len(text.split()) <= 8
    if short_role and (not INSTITUTIONS.search(text) or ROLE_ANYWHERE.search(text.split()[-1])):
        return "role"
    if INSTITUTIONS.search(text) and not has_digit and not STREET.search(text):
        return "office"
    if has_digit or STREET.search(text) or country_in(text):
        return "address"
    if looks_like_a_name(text):
        return "person"
    return "address"


def _parts(lines: list[Line]) -> _Parts:
    parts = _Parts()
    for index, line in enumerate(lines):
        if ONLY_A_TITLE.match(line.text) and parts.name is None:
            parts.courtesy = Found(line.text.rstrip(","), line.number)  # "Herrn" above the name
            continue
        kind = _kind(line.text)
        if parts.address and kind in ("person", "role", "office"):
            kind = "address"  # once the address has begun, the rest of it
        if kind == "person" and parts.name is None:
            _take_person(parts, line)
        elif kind == "role" and parts.position is None and parts.name is None and not parts.address:
            _take_role(parts, line)
        elif kind == "role" and parts.position is None and not parts.address:
            parts.position = Found(line.text.rstrip(","), line.number)
        elif kind == "role" and parts.name is None and (ranked := _rank_and_name(line)):
            parts.courtesy, parts.name = ranked  # "General de División Julián Pacheco"
        elif kind == "office" and parts.organisation is None and not parts.address:
            office, _, rest = line.text.rstrip(",").partition(", ")
            if rest and not INSTITUTIONS.search(rest) and rest[:1].isupper():
                # "Secretaría de … Seguridad, Aldea el Ocotal": the office, then the address
                parts.address.append(Line(line.number, rest))
            else:
                office = line.text.rstrip(",")
            parts.organisation = Found(office, line.number)
        elif (
            kind == "address"
            and parts.organisation is None
            and not parts.address
            and (office := _office_before_comma(line))
        ):
            parts.organisation, rest = office
            parts.address.append(rest)
        elif (
            kind == "address"
            and parts.organisation is None
            and not parts.address
            and (parts.name or parts.position)
            and _bare_words(line.text)
            and index + 1 < len(lines)
            and re.search(r"\d", lines[index + 1].text)
        ):
            # Name, position, then a line of words before the street: the office
            # ("Bộ Công an" above "19 Trần Bình Trọng").
            parts.organisation = Found(line.text.rstrip(","), line.number)
        elif kind in ("person", "role", "office") and not parts.address and index < 3:
            # A second role or office line before the address: the position
            # goes on ("Attorney General and Head of …"), else it is the office.
            if parts.organisation is None:
                parts.organisation = Found(line.text.rstrip(","), line.number)
            else:
                parts.address.append(line)
        else:
            parts.address.append(line)
    return parts


def _bare_words(text: str) -> bool:
    """Words only: no digit, street word, country or comma."""
    return not (re.search(r"[\d,]", text) or STREET.search(text) or country_in(text))


def _office_before_comma(line: Line) -> tuple[Found, Line] | None:
    """'Ministerio Público, 15 Avenida 15-16' -> the office, and the address."""
    first, comma, rest = line.text.partition(",")
    if comma and INSTITUTIONS.search(first) and not re.search(r"\d", first) and rest.strip():
        return Found(first.strip(), line.number), Line(line.number, rest.strip())
    return None


def _take_person(parts: _Parts, line: Line) -> None:
    text = line.text.rstrip(",")
    if match := COURTESY.match(text):
        parts.courtesy = Found(match.group(1), line.number)
        text = text[match.end() :]
        if second := COURTESY.match(text):  # "Excma. Sra. Lorena …"
            parts.courtesy = Found(f"{match.group(1)} {second.group(1)}", line.number)
            text = text[second.end() :]
    if (role := ROLE_START.match(text)) and parts.position is None:
        # "Ambassador Motaz Zahran": the role, then the name.
        parts.position = Found(text[: role.end()].strip(), line.number)
        text = text[role.end() :].strip()
    parts.name = _name_found(text, line.number)


def _take_role(parts: _Parts, line: Line) -> None:
    """A line starting with a role: the role alone ("Minister of the Interior"),
    or a role and a name ("Public Prosecutor Hamada al-Sawi")."""
    text = line.text.rstrip(",")
    role = ROLE_START.match(text)
    if role is None:  # a role named at the end ("Human Rights Ombudsman")
        parts.position = Found(text, line.number)
        return
    rest = text[role.end() :].strip()
    if (courtesy := COURTESY.match(rest)) and parts.courtesy is None:
        parts.courtesy = Found(courtesy.group(1), line.number)  # "Ambassador Shaikh …"
        parts.position = Found(text[: role.end()].strip(), line.number)
        parts.name = _name_found(rest[courtesy.end() :], line.number)
        return
    words = rest.split()
    # The name starts at the first capitalised word that does not continue
    # the role ("of the Interior", "de Justicia", "General").
    split_at = _name_start(words)
    if split_at is not None and words[split_at:] and ROLE_START.match(words[split_at]):
        # "Public Prosecutor Counsellor Hisham …": a title between role and name.
        title = ROLE_START.match(words[split_at])
        if title and looks_like_a_name(" ".join(words[split_at + 1 :])):
            parts.courtesy = Found(words[split_at], line.number)
            words = [*words[:split_at], *words[split_at + 1 :]]
    if split_at is not None and looks_like_a_name(" ".join(words[split_at:])):
        role_text = " ".join([text[: role.end()], *words[:split_at]]).strip()
        if RANKS.match(role_text):
            parts.courtesy = Found(role_text, line.number)  # a rank, not the position
        else:
            parts.position = Found(role_text, line.number)
        parts.name = _name_found(" ".join(words[split_at:]), line.number)
    else:
        parts.position = Found(text, line.number)


_ROLE_CONTINUES = frozenset(
    [
        "of",
        "the",
        "for",
        "and",
        "de",
        "del",
        "la",
        "las",
        "los",
        "y",
        "des",
        "du",
        "et",
        "und",
        "für",
        "der",
        "die",
        "des",
        "general",
        "generala",
        "adjoint",
        "adjointe",
    ]
)


def _rank_and_name(line: Line) -> tuple[Found, Found] | None:
    """A rank before a name, under the official's position."""
    text = line.text.rstrip(",")
    role = ROLE_START.match(text)
    if role is None:
        return None
    words = text[role.end() :].split()
    split_at = _name_start(words)
    if split_at is None or not looks_like_a_name(" ".join(words[split_at:])):
        return None
    rank = " ".join([text[: role.end()], *words[:split_at]]).strip()
    return Found(rank, line.number), _name_found(" ".join(words[split_at:]), line.number)


def _name_start(words: list[str]) -> int | None:
    """Where the name starts after a role: after the role's own words."""
    index = 0
    while index < len(words) and (
        words[index].lower() in _ROLE_CONTINUES
        or (index > 0 and words[index - 1].lower() in ("of", "de", "du", "des", "für", "for"))
        or words[index][:1].islower()
    ):
        index += 1
    # "Minister of the Interior Ahmed Ben Salah": the role takes one
    # capitalised word after "of the"; the name is what follows.
    return index if 0 < len(words) - index <= 6 else None


def _name_found(text: str, number: int) -> Found:
    text = text.strip().rstrip(",")
    doubt = None
    if not text or text[:1].islower():
        doubt = "it starts with a word in lower case"
    elif re.search(r"[<>@,;]", unicodedata.normalize("NFKC", text)):  # ＜ ＠ too
        doubt = "it holds < > @ , or ;, which no name has"
    elif len(text.split()) > 6:
        doubt = "it is longer than a name"
    return Found(text, number, doubt)


def looks_like_a_name(text: str) -> bool:
    """Two to six words, each capitalised (or in capitals, or a particle),
    with no digit, office, street or country in them."""
    words = text.replace(",", " ").split()
    if not 2 <= len(words) <= 6 or re.search(r"\d", text):
        return False
    if INSTITUTIONS.search(text) or STREET.search(text) or ROLE_START.match(text):
        return False
    if country_in(text) and len(words) <= 3:
        return False
    capitalised = [
        w for w in words if w[:1].isupper() or w.lower() in NAME_PARTICLES or w.startswith("al-")
    ]
    return len(capitalised) == len(words) and words[0][:1].isupper()


# -- address and country --------------------------------------------------------------------


def _address(lines: list[Line]) -> Iterator[Found]:
    """Address lines without trailing commas; a line holding a street, a
    district and a town with its postcode is split before the town."""
    for line in lines:
        text = line.text.strip().rstrip(",.").strip()
        parts = [part.strip() for part in text.split(",")]
        if len(parts) >= 3 and re.search(r"\d", parts[-1]) and not re.search(r"\d", parts[-2]):
            yield Found(", ".join(parts[:-1]), line.number)
            yield Found(parts[-1], line.number)
        elif text:
            yield Found(text, line.number)


# How an address written in English names a country whose English name is long.
_POSTAL_NAMES = {"US": "USA", "GB": "United Kingdom"}


def _country(
    address: tuple[Found, ...], organisation: Found | None, position: Found | None
) -> tuple[str | None, str, str | None]:
    """The office's country: named in the address's last lines, or else by its
    office ("Embassy of Egypt in the United States" is in the United States)."""
    for found in reversed(address[-2:]):
        if code := country_named(found.value):
            return code, f"line {found.line}", None
    for found in (organisation, position):
        if not found:
            continue
        place = re.split(r"\b(?:in|en|à|au|aux|in der|im|bei)\b", found.value)
        if len(place) > 1 and (code := country_in(place[-1])):
            return code, f"'{found.value}' (line {found.line})", postal_name(code)
    for found in reversed(address[-2:]):
        if code := country_in(found.value):  # by its postcode or capital, as posted there
            return code, f"'{found.value}' (line {found.line})", None
    return None, "", None


def postal_name(code: str) -> str:
    """How an address written in English names a country."""
    from babel import Locale

    return _POSTAL_NAMES.get(code) or Locale.parse("en").territories.get(code, code)
