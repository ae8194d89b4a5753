"""What a UA document says: its number, title, targets, sample letter, deadline...

Two layouts are understood, and any mix of them: a section's UA (as the seed:
"TAKE ACTION:", the targets, "Salutation:", the sample letter, "ADDITIONAL
INFORMATION", then "PREFERRED LANGUAGE TO ADDRESS TARGET:", "PLEASE TAKE ACTION
AS SOON AS POSSIBLE UNTIL:", "NAME AND PREFFERED PRONOUN:", "LINK TO PREVIOUS
UA:") and the International Secretariat's (a first line "UA: 88/27 Index: ...
Date: ...", the targets as position, name, organisation, address and contacts,
the model letter, "And copies to:"). Headings may be in capitals or not, with or
without a colon, in any order.

Nothing is invented: every value keeps the line it came from, and what the
document does not say stays out, for `writing.py` to mark as a TODO.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from ua_cli.campaign.model import EMAIL_PATTERN, HANDLE_PATTERN, PHONE_PATTERN
from ua_cli.intake.documents import is_bullet, without_bullet


class Found(NamedTuple):
    """A value and the line of the document it came from (1-based)."""

    value: str
    line: int


class DraftTarget(NamedTuple):
    key: str
    name: Found
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
    # email, an address that is not one), for a person to look at.
    unused: tuple[tuple[str, Found], ...] = ()

    def channels(self) -> list[str]:
        pairs = [
            ("letter", self.address), ("email", self.email), ("fax", self.fax),
            ("call", self.phone), ("tweet", self.twitter),
        ]  # fmt: skip
        return [channel for channel, contact in pairs if contact]


class Draft(NamedTuple):
    """Everything found in a UA document."""

    id: Found | None
    sequence: Found | None
    title: Found | None
    summary: Found | None
    country: str | None
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


# -- headings -----------------------------------------------------------------

_HEADINGS = {
    "take_action": r"take action\b(?!\s+(?:as soon|before|until|by)\b)",
    "additional": r"additional information\b",
    "languages": r"preferred languages? to address (?:the )?targets?\b",
    "deadline": r"please take action (?:as soon as possible )?(?:until|before|by)\b",
    "pronouns": r"names? and pref+er+ed pronouns?\b",
    "previous": r"link to (?:the )?previous ua\b",
    "copies": r"and copies to\b",
    "diplomats": r"also send copies to diplomatic\b",
}
_HEADING = {
    name: re.compile(rf"^\s*{pattern}\s*:?\s*(.*)$", re.IGNORECASE)
    for name, pattern in _HEADINGS.items()
}


def _heading(line: str) -> tuple[str, str] | None:
    """The heading a line starts with, and the text after it, if any."""
    for name, pattern in _HEADING.items():
        if match := pattern.match(line):
            return name, match.group(1).strip()
    return None


# -- the whole document -------------------------------------------------------


def read_draft(lines: list[str]) -> Draft:
    """Everything `lines` (a document's text) says about its UA."""
    numbered = [(number, line) for number, line in enumerate(lines, start=1)]
    found = _Sections(numbered)
    greeting_at = found.greeting_index()
    targets_end = greeting_at if greeting_at is not None else found.end_of("take_action")
    targets = list(_targets(found.section("take_action", until=targets_end), copy=False))
    targets += _targets(found.section("copies"), copy=True)
    greeting, paragraphs, closing = _letter(numbered, greeting_at)
    languages, own, languages_line = _languages(found.value("languages"))
    title = _title(numbered)
    return Draft(
        id=_ua_id(numbered),
        sequence=_sequence(numbered),
        title=title,
        summary=_summary(numbered, title, found.start_of("take_action")),
        country=_country_in(title.value if title else "")
        or _country_in(" ".join(line for _, line in numbered[:3])),
        people=(people := _people(found.value("pronouns")))[0],
        pronouns=people[1],
        targets=_with_salutations(_unique_keys(targets), greeting),
        greeting=greeting,
        paragraphs=paragraphs,
        closing=closing,
        background=tuple(_paragraphs(found.section("additional"))),
        languages=languages,
        languages_line=languages_line,
        own_language_welcome=own,
        deadline=_deadline(found.value("deadline")),
        deadline_text=found.value("deadline"),
        previous_ua=_url(found.value("previous")),
        diplomats=found.start_of("diplomats") is not None,
    )


class _Sections:
    """Where each heading is, and the lines under it."""

    def __init__(self, numbered: list[tuple[int, str]]) -> None:
        self.lines = numbered
        self.starts: dict[str, int] = {}
        self.inline: dict[str, str] = {}
        for index, (_, line) in enumerate(numbered):
            if (heading := _heading(without_bullet(line))) and heading[0] not in self.starts:
                self.starts[heading[0]] = index
                self.inline[heading[0]] = heading[1]

    def start_of(self, name: str) -> int | None:
        return self.starts.get(name)

    def end_of(self, name: str) -> int:
        """Where the section ends: at the next heading after it, or the end."""
        start = self.starts.get(name, len(self.lines))
        later = [i for i in self.starts.values() if i > start]
        return min(later, default=len(self.lines))

    def section(self, name: str, *, until: int | None = None) -> list[tuple[int, str]]:
        if name not in self.starts:
            return []
        start = self.starts[name]
        end = min(self.end_of(name), until if until is not None else len(self.lines))
        first = [(self.lines[start][0], self.inline[name])] if self.inline[name] else []
        return first + self.lines[start + 1 : end]

    def value(self, name: str) -> Found | None:
        """A heading's value: the text after it, or the next non-blank line."""
        if name not in self.starts:
            return None
        start = self.starts[name]
        if self.inline[name]:
            return Found(self.inline[name], self.lines[start][0])
        for number, line in self.lines[start + 1 : self.end_of(name)]:
            if line:
                return Found(line, number)
        return None

    def greeting_index(self) -> int | None:
        """The sample letter's first line ("Dear ...,"), after the targets."""
        start = self.starts.get("take_action", 0)
        for index in range(start, len(self.lines)):
            if _GREETING.match(self.lines[index][1]):
                return index
        return None


# -- the header: number, sequence, title, summary --------------------------------

_UA_ID = re.compile(
    r"\b(?:urgent action|UA)\s*(?:no\.?|number)?\s*:?\s*(\d{1,6})\s*[./]\s*(\d{2,4})\b", re.I
)
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_SEQUENCE = re.compile(rf"\b({'|'.join(_ORDINALS)})\s+(?:urgent action|UA)\b", re.I)
_HEADER = re.compile(r"^(?:urgent action|UA\b.*\b(?:index|date)\b.*|further information.*)$", re.I)


def _ua_id(numbered: list[tuple[int, str]]) -> Found | None:
    for number, line in numbered:
        if match := _UA_ID.search(line):
            return Found(f"{int(match.group(1))}.{match.group(2)}", number)
    return None


def _sequence(numbered: list[tuple[int, str]]) -> Found | None:
    for number, line in numbered:
        if match := _SEQUENCE.search(line):
            return Found(str(_ORDINALS[match.group(1).lower()]), number)
    return None


def _title(numbered: list[tuple[int, str]]) -> Found | None:
    """The first line in capitals that is not the UA's header or a heading."""
    for number, line in numbered[:15]:
        letters = [c for c in line if c.isalpha()]
        if len(letters) < 8 or _HEADER.match(line) or _heading(line):
            continue
        if sum(c.isupper() for c in letters) / len(letters) > 0.8:
            return Found(_sentence_case(line, numbered), number)
    return None


def _sentence_case(title: str, numbered: list[tuple[int, str]]) -> str:
    """A title in capitals as a sentence: each word as the rest of the document
    writes it ("PERU" -> "Peru" where the text says "Peru"), else in lower case."""
    spelled: dict[str, str] = {}
    in_lower_case: set[str] = set()
    for _, line in numbered:
        for word in re.findall(r"[^\W\d_]+", line):
            if word.islower():
                in_lower_case.add(word)
            elif not word.isupper() and word[:1].isupper():
                spelled.setdefault(word.lower(), word)
    # A word the text also writes in lower case ("In 2020" and "in Peru") is
    # not a name.
    spelled = {word: cased for word, cased in spelled.items() if word not in in_lower_case}
    words = []
    for i, word in enumerate(re.split(r"(\W+)", title.strip())):
        lowered = word.lower()
        cased = spelled.get(lowered, lowered)
        words.append(cased[:1].upper() + cased[1:] if i == 0 else cased)
    return "".join(words)


def _summary(
    numbered: list[tuple[int, str]], title: Found | None, take_action: int | None
) -> Found | None:
    """The text between the title and TAKE ACTION, as one paragraph."""
    if title is None:
        return None
    start = next(i for i, (number, _) in enumerate(numbered) if number == title.line) + 1
    end = take_action if take_action is not None and take_action > start else start + 20
    paragraphs = list(_paragraphs(numbered[start:end]))
    if not paragraphs:
        return None
    return Found(" ".join(p.value for p in paragraphs), paragraphs[0].line)


def _paragraphs(lines: list[tuple[int, str]]) -> Iterator[Found]:
    """Blocks of lines between blank lines, each joined into one paragraph (a
    PDF breaks a paragraph into lines; a text copied from one keeps them)."""
    block: list[tuple[int, str]] = []
    for number, line in [*lines, (0, "")]:
        if line:
            block.append((number, line))
        elif block:
            yield Found(_joined([text for _, text in block]), block[0][0])
            block = []


def _joined(lines: list[str]) -> str:
    """Lines of one paragraph as one line; a line broken after a hyphen
    ("non-" / "refoulement") joins without a space."""
    text = lines[0]
    for line in lines[1:]:
        text += line if text.endswith("-") and line[:1].islower() else " " + line
    return text


# -- targets -----------------------------------------------------------------

_CONTACT = re.compile(
    r"^(e-?mail|email address|twitter|x|phone|tel(?:ephone)?|fax|salutation)\s*:\s*(.*)$", re.I
)
_TITLES = (
    r"(?:His|Her) Excellency(?: (?:Mr|Mrs|Ms|Dr)\.?)?|H\.\s?E\.|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|"
    r"Prof\.?|Sr\.|Sra\.|Señor|Señora|Don|Doña"
)
_COURTESY = re.compile(rf"^({_TITLES})\s+(?=\S)")
_ONLY_A_TITLE = re.compile(rf"^(?:{_TITLES})$")
_ROLES = (
    "ambassador", "minister", "president", "prime minister", "attorney general", "prosecutor",
    "governor", "mayor", "director", "secretary", "commissioner", "chief", "head", "judge",
    "king", "queen", "chairman", "chairperson", "speaker", "general", "ombudsman", "ombudsperson",
)  # fmt: skip
_INSTITUTIONS = re.compile(
    r"\b(embassy|embajada|ministry|ministerio|office|oficina|presidencia|council|consejo|"
    r"department|secretariat|court|tribunal|parliament|congress|senate|commission|comisión|"
    r"government|gobierno|prison|police|policía|defensoría|fiscalía|procuradur[ií]a)\b",
    re.I,
)
_ROLE_PREFIX = re.compile(
    rf"^({'|'.join(sorted(_ROLES, key=len, reverse=True))})\s+(?=[A-ZÁÉÍÓÚÑ])", re.I
)
_INSTRUCTION = re.compile(r"^(write|click|you can|please|send|call|tweet|email|share)\b", re.I)


def _targets(lines: list[tuple[int, str]], *, copy: bool) -> Iterator[DraftTarget]:
    """The officials in a section: blocks of name, position, organisation and
    address lines, each ended by its contacts."""
    block: list[tuple[int, str]] = []
    contacts_seen = False
    in_instruction = False
    for number, line in lines:
        is_contact = bool(_CONTACT.match(line))
        if not line or _heading(line):
            in_instruction = False
            continue
        if not is_contact and (
            is_bullet(line) or _is_instruction(line) or (in_instruction and _continues(line))
        ):
            # An instruction to the reader, and the lines a PDF broke it into.
            in_instruction = not line.endswith((".", "!", "?"))
            continue
        in_instruction = False
        if block and contacts_seen and not is_contact:
            if target := _target(block, copy=copy):
                yield target
            block, contacts_seen = [], False
        block.append((number, line))
        contacts_seen = contacts_seen or is_contact
    if block and (target := _target(block, copy=copy)):
        yield target


def _is_instruction(line: str) -> bool:
    """An instruction to the reader, not part of an official's block: a long
    line without numbers, or a sentence ending in a full stop."""
    words = line.split()
    if re.search(r"\d", line):
        return len(words) > 14
    if (_INSTRUCTION.match(line) and len(words) > 4) or len(words) > 8:
        return True
    return line.endswith((".", "!", "?")) and len(words) > 2


def _continues(line: str) -> bool:
    """Whether a line can be the rest of a sentence broken by a PDF."""
    return not (_COURTESY.match(line) or _ROLE_PREFIX.match(line) or re.search(r"\d", line))


def _target(block: list[tuple[int, str]], *, copy: bool) -> DraftTarget | None:
    contacts: dict[str, Found] = {}
    unused: list[tuple[str, Found]] = []
    text_lines: list[tuple[int, str]] = []
    for number, line in block:
        if match := _CONTACT.match(line):
            field = _contact_field(match.group(1))
            value = Found(_contact_value(field, match.group(2)), number)
            if not value.value:
                continue
            if field in contacts or not _usable(field, value.value):
                unused.append((field, value))
            else:
                contacts[field] = value
        else:
            text_lines.append((number, line))
    name_at = next((i for i, (_, line) in enumerate(text_lines) if _COURTESY.match(line)), None)
    if name_at is None:
        name_at = next((i for i, (_, line) in enumerate(text_lines) if _is_name_line(line)), None)
    if name_at is None:
        return None
    name_number, name_line = text_lines[name_at]
    courtesy, position, name = _split_name(name_line)
    before, after = text_lines[:name_at], text_lines[name_at + 1 :]
    address_at = _address_start(after)
    organisation_lines = [*before, *(after[:address_at] if address_at is not None else after)]
    address_lines = after[address_at:] if address_at is not None else []
    position_found = Found(position, name_number) if position else None
    organisation = None
    for number, line in organisation_lines:
        if _INSTITUTIONS.search(line) or position_found is not None:
            organisation = organisation or Found(line, number)
        else:
            position_found = Found(line, number)
    address = tuple(_address(address_lines))
    salutation = contacts.get("salutation")
    if (
        salutation
        and not re.search(r"[,:]$", salutation.value)
        and _COURTESY.match(salutation.value + " ")
    ):
        # "Salutation: His Excellency Mr." is how the address names him; a
        # letter then opens "Your Excellency,".
        courtesy = courtesy or salutation.value
        courtesy_found = Found(salutation.value, salutation.line)
        salutation = _excellency(salutation)
    else:
        courtesy_found = Found(courtesy, name_number) if courtesy else None
    if salutation and not re.search(r"[,:]$", salutation.value):
        salutation = Found(salutation.value + ",", salutation.line)
    country, country_from, country_line = _target_country(address, organisation, position_found)
    return DraftTarget(
        key="",
        name=Found(name, name_number),
        courtesy_title=courtesy_found,
        position=position_found,
        organisation=organisation,
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


# The forms the UA file accepts (campaign/model.py): a contact in another form
# is left for a person, never written where the file's checks would refuse it.
_USABLE = {
    "email": EMAIL_PATTERN,
    "phone": PHONE_PATTERN,
    "fax": PHONE_PATTERN,
    "twitter": HANDLE_PATTERN,
    "salutation": r".+",
}


def _contact_value(field: str, text: str) -> str:
    """A contact as written, without the full stop a sentence may end it with;
    an X or Twitter link as the handle it names."""
    value = text.strip().rstrip(".,;")
    if field == "twitter" and (link := re.search(r"(?:x|twitter)\.com/(\w{1,15})$", value)):
        value = f"@{link.group(1)}"
    return value if field != "salutation" else text.strip()


def _usable(field: str, value: str) -> bool:
    return bool(re.fullmatch(_USABLE[field], value))


def _address_start(after: list[tuple[int, str]]) -> int | None:
    """Where the address begins among the lines after the name: at the first
    line with a number (a street, a postcode), else after the office's name
    ("Palacio de Nariño / Carrera Séptima / Bogotá, Colombia" has none)."""
    with_number = next((i for i, (_, line) in enumerate(after) if re.search(r"\d", line)), None)
    if with_number is not None:
        return with_number
    offices = [i for i, (_, line) in enumerate(after) if _INSTITUTIONS.search(line)]
    if offices and offices[-1] + 1 < len(after):
        return offices[-1] + 1
    if len(after) >= 2:
        return 1  # the first line names the office, the rest is the address
    if after and _country_in(after[0][1]):
        return 0
    return None


def _contact_field(label: str) -> str:
    label = label.lower()
    if label.startswith(("e-mail", "email")):
        return "email"
    if label in ("twitter", "x"):
        return "twitter"
    if label.startswith("tel") or label == "phone":
        return "phone"
    return label  # fax, salutation


def _is_name_line(line: str) -> bool:
    return bool(_COURTESY.match(line) or _ROLE_PREFIX.match(line)) and not _INSTITUTIONS.search(
        line
    )


def _split_name(line: str) -> tuple[str | None, str | None, str]:
    """'Mr. Alberto Otárola' -> ('Mr.', None, 'Alberto Otárola');
    'Ambassador Gustavo Meza' -> (None, 'Ambassador', 'Gustavo Meza')."""
    courtesy = position = None
    if match := _ROLE_PREFIX.match(line):
        position = match.group(1)
        line = line[match.end() :]
    if match := _COURTESY.match(line):
        courtesy = match.group(1)
        line = line[match.end() :]
    return courtesy, position, line.strip().rstrip(",")


def _excellency(salutation: Found) -> Found:
    if re.match(r"^(His|Her) Excellency\b", salutation.value):
        return Found("Your Excellency,", salutation.line)
    return Found(f"Dear {salutation.value}", salutation.line)


def _address(lines: list[tuple[int, str]]) -> Iterator[Found]:
    """Address lines without their trailing commas; a line holding a street, a
    district and a town with its postcode is split before the town."""
    for number, line in lines:
        line = line.rstrip(", ").strip()
        parts = [part.strip() for part in line.split(",")]
        if len(parts) >= 3 and re.search(r"\d", parts[-1]) and not re.search(r"\d", parts[-2]):
            yield Found(", ".join(parts[:-1]), number)
            yield Found(parts[-1], number)
        elif line:
            yield Found(line, number)


def _target_country(
    address: tuple[Found, ...], organisation: Found | None, position: Found | None
) -> tuple[str | None, str, str | None]:
    """The office's country: named in the address's last line, or else in its
    organisation or position ("Embassy in the United States"), in which case
    the address gets the country line it lacks."""
    if address and (code := _country_in(address[-1].value)):
        return code, f"line {address[-1].line}", None
    for found in (organisation, position):
        if not found:
            continue
        # "Embassy of Colombia in the United Kingdom" is in the United Kingdom.
        place = re.split(r"\b(?:in|en)\b", found.value)[-1]
        if code := _country_in(place) or _country_in(found.value):
            return code, f"'{found.value}' (line {found.line})", _POSTAL_NAMES.get(code)
    return None, "", None


# -- countries and languages ----------------------------------------------------

# How an address written in English names a country whose English name is long.
_POSTAL_NAMES = {"US": "USA", "GB": "United Kingdom"}


def _country_in(text: str) -> str | None:
    """The ISO code of the first country `text` names, in English or Spanish."""
    names = _country_names()
    for match in re.finditer(r"[^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+)*", text):
        words = match.group(0).split()
        for length in range(min(len(words), 5), 0, -1):
            for start in range(len(words) - length + 1):
                candidate = " ".join(words[start : start + length]).lower().strip(".")
                if candidate in names:
                    return names[candidate]
    return None


@functools.cache
def _country_names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for lang in ("es", "en"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names[name.lower()] = code
    names.update({"usa": "US", "u.s.a": "US", "the united states": "US", "uk": "GB"})
    return names


def _languages(found: Found | None) -> tuple[tuple[str, ...], bool, int | None]:
    """'Arabic, French or your own language.' -> (('ar', 'fr'), True)."""
    if found is None:
        return (), False, None
    from babel import Locale

    names = {name.lower(): code for code, name in Locale.parse("en").languages.items()}
    text = found.value.rstrip(".").lower()
    own = bool(re.search(r"\b(your )?own language\b", text))
    codes = []
    for part in re.split(r",|\bor\b|\band\b|/", text):
        part = part.strip()
        if part in names and "_" not in names[part]:
            codes.append(names[part])
    return tuple(dict.fromkeys(codes)), own, found.line


def _people(found: Found | None) -> tuple[Found | None, Found | None]:
    """'Venezuelan refugees (they/them)' -> the people and their pronouns."""
    if found is None:
        return None, None
    if match := re.match(r"^(.*?)\s*\(([^()]*/[^()]*)\)\s*\.?$", found.value):
        return Found(match.group(1), found.line), Found(match.group(2).strip(), found.line)
    return Found(found.value.rstrip("."), found.line), None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "enero"), ("february", "feb", "febrero"), ("march", "mar", "marzo"),
            ("april", "apr", "abril"), ("may", "mayo"), ("june", "jun", "junio"),
            ("july", "jul", "julio"), ("august", "aug", "agosto"),
            ("september", "sep", "sept", "septiembre"), ("october", "oct", "octubre"),
            ("november", "nov", "noviembre"), ("december", "dec", "diciembre"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip


def parse_date(text: str) -> datetime.date | None:
    """'January 9, 2024', '17 March 2027', '9 de enero de 2024' or '2024-01-09'."""
    text = text.lower()
    if match := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        parts = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := re.search(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", text):
        if match.group(1) not in _MONTHS:
            return None
        parts = (int(match.group(3)), _MONTHS[match.group(1)], int(match.group(2)))
    elif match := re.search(
        r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:de\s+)?([a-z]+)\.?,?\s+(?:de\s+)?(\d{4})\b", text
    ):
        if match.group(2) not in _MONTHS:
            return None
        parts = (int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)))
    else:
        return None
    try:
        return datetime.date(*parts)
    except ValueError:
        return None


def _deadline(found: Found | None) -> tuple[datetime.date, int] | None:
    if found is None or (date := parse_date(found.value)) is None:
        return None
    return date, found.line


def _url(found: Found | None) -> Found | None:
    if found and (match := re.search(r"https?://\S+", found.value)):
        return Found(match.group(0).rstrip(".,;)"), found.line)
    return None


# -- the sample letter ------------------------------------------------------------

_GREETING = re.compile(
    r"^(Dear|Your Excellency|Your Honou?r|Excelent[ií]simo|Estimad[oa]|Señor|Señora|"
    r"Monsieur|Madame|Sehr geehrte)\b.*[,:]$"
)
_CLOSING = re.compile(
    r"^(Yours (?:sincerely|faithfully|truly|respectfully)|Sincerely(?: yours)?|Respectfully|"
    r"Kind regards|Best regards|With respect|Atentamente|Cordialmente|Cordialement)\b.*$",
    re.I,
)


def _letter(
    numbered: list[tuple[int, str]], greeting_at: int | None
) -> tuple[Found | None, tuple[Found, ...], Found | None]:
    """The sample letter's greeting, paragraphs and closing."""
    if greeting_at is None:
        return None, (), None
    number, greeting = numbered[greeting_at]
    body: list[tuple[int, str]] = []
    closing = None
    for line_number, line in numbered[greeting_at + 1 :]:
        if _CLOSING.match(line):
            closing = Found(line, line_number)
            break
        if _heading(line):
            break
        body.append((line_number, line))
    return Found(greeting, number), tuple(_paragraphs(body)), closing


def _with_salutations(
    targets: list[DraftTarget], greeting: Found | None
) -> tuple[DraftTarget, ...]:
    """The sample letter's greeting is the salutation of the official it names
    (or of the only one without a salutation)."""
    if greeting is None:
        return tuple(targets)
    named = [t for t in targets if _surname(t.name.value) in greeting.value and not t.salutation]
    without = [t for t in targets if not t.salutation and not t.copy]
    chosen = named[:1] or (without if len(without) == 1 else [])
    return tuple(t._replace(salutation=greeting) if t in chosen else t for t in targets)


def _surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


# -- keys --------------------------------------------------------------------

_SMALL_WORDS = {"de", "del", "la", "las", "los", "el", "of", "the", "and", "y", "for", "in", "to"}


def _key_for(target: DraftTarget) -> str:
    """A short key: 'embassy', 'minister_justice', or the initials of the
    organisation ('Presidencia del Consejo de Ministros' -> 'pcm')."""
    organisation = target.organisation.value if target.organisation else ""
    position = target.position.value if target.position else ""
    if re.search(r"\b(embassy|embajada)\b", f"{organisation} {position}", re.I):
        return "embassy"
    if position:
        words = [w for w in re.findall(r"[^\W\d_]+", position.lower()) if w not in _SMALL_WORDS]
        if 1 < len(words) <= 3:
            return _ascii("_".join(words))
    if organisation:
        words = [w for w in re.findall(r"[^\W\d_]+", organisation) if w.lower() not in _SMALL_WORDS]
        if len(words) >= 2:
            return _ascii("".join(w[0] for w in words).lower())
    if position:
        return _ascii(re.sub(r"\W+", "_", position.lower()).strip("_"))
    return _ascii(_surname(target.name.value).lower())


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9_]+", "_", plain.lower()).strip("_")[:40]
    return key if re.match(r"^[a-z]", key) else f"target_{key}".rstrip("_")


def _unique_keys(targets: list[DraftTarget]) -> list[DraftTarget]:
    used: set[str] = set()
    keyed = []
    for target in targets:
        key = base = _key_for(target)
        number = 1
        while key in used:
            number += 1
            key = f"{base}_{number}"
        used.add(key)
        keyed.append(target._replace(key=key))
    return keyed
