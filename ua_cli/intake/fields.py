"""The UA's own facts, wherever a document states them: its number, title,
country, deadline, preferred languages and the people at risk, in English,
Spanish, French and German."""

from __future__ import annotations

import collections
import datetime
import re

from ua_cli.intake.blocks import Line
from ua_cli.intake.cues import country_in, cue_of, language_names, month_numbers
from ua_cli.intake.draft import DraftTarget, Found

# -- the UA's number ----------------------------------------------------------------------

# "UA 175.19", "UA 33/23", "AU 047/24", "UA: 88/27", "Urgent Action 45.27",
# "UA-031/2025", "Acción urgente 12/24", "Further information on UA 12/24";
# never an index such as "AMR 37/6674/2017".
_UA_ID = re.compile(
    r"(?<![\w/])(?:UA|AU|urgent action|acci[óo]n urgente|action urgente|eilaktion)"
    r"(?:\s*(?:update|nr\.?|no\.?|n[°º]\.?|number|número|numéro))?\s*[:#-]?\s*(?:UA-?\s*)?"
    r"(\d{1,6})\s*[./]\s*(\d{2}|(?:19|20)\d{2})(?![\d/])",
    re.IGNORECASE,
)
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_SEQUENCE = re.compile(rf"\b({'|'.join(_ORDINALS)})\s+(?:urgent action|UA)\b", re.IGNORECASE)


def ua_id(lines: list[Line]) -> Found | None:
    for line in lines:
        if match := _UA_ID.search(line.text):
            year = match.group(2)
            year = (
                year[2:] if len(year) == 4 else year
            )  # UA numbers carry the year's last two digits
            return Found(f"{int(match.group(1))}.{year}", line.number)
    return None


def sequence(lines: list[Line]) -> Found | None:
    for line in lines:
        if match := _SEQUENCE.search(line.text):
            return Found(str(_ORDINALS[match.group(1).lower()]), line.number)
    return None


# -- title and the UA's country ----------------------------------------------------------------

_TITLE_CUE = re.compile(
    r"^(?:urgent action title|t[íi]tulo|titre|titel)\s*:\s*(.+)$", re.IGNORECASE
)
# "China: Tibetan singer detained", "(Egypt: UA 175.19)", "MÉXICO: Hermanos …"
_COUNTRY_COLON = re.compile(r"(?:^|\()\s*([^\W\d_][^:()\d]{1,40}?)\s*:\s*(?=\S)")


def title(lines: list[Line]) -> Found | None:
    """The title: after "URGENT ACTION TITLE:", else a line "Country: …",
    else the first line in capitals near the top."""
    for line in lines[:80]:
        if match := _TITLE_CUE.match(line.text):
            return Found(match.group(1).strip(), line.number)
    for line in lines[:40]:
        named = any(country_in(m.group(1)) for m in _COUNTRY_COLON.finditer(line.text))
        if named and len(line.text.split()) <= 25 and not _UA_ID.match(line.text):
            return Found(line.text.strip(), line.number)
    for line in lines[:25]:
        letters = [c for c in line.text if c.isalpha()]
        in_capitals = len(letters) >= 12 and sum(map(str.isupper, letters)) / len(letters) > 0.8
        cue = cue_of(line.text)
        header = (cue and cue[0] != "heading") or re.match(
            r"^(urgent action|acci)", line.text, re.I
        )
        if in_capitals and not header:
            return Found(_sentence_case(line.text, lines), line.number)
    return None


def _sentence_case(title: str, lines: list[Line]) -> str:
    """A title in capitals as a sentence: each word as the rest of the document
    writes it ("PERU" -> "Peru" where the text says "Peru"), else in lower case."""
    spelled: dict[str, str] = {}
    in_lower_case: set[str] = set()
    for line in lines:
        for word in re.findall(r"[^\W\d_]+", line.text):
            if word.islower():
                in_lower_case.add(word)
            elif not word.isupper() and word[:1].isupper():
                spelled.setdefault(word.lower(), word)
    # A word the text also writes in lower case ("In 2020" and "in Peru") is no name.
    spelled = {word: cased for word, cased in spelled.items() if word not in in_lower_case}
    words = []
    for i, word in enumerate(re.split(r"(\W+)", title.strip())):
        cased = spelled.get(word.lower(), word.lower())
        words.append(cased[:1].upper() + cased[1:] if i == 0 else cased)
    return "".join(words)


def ua_country(
    lines: list[Line], found_title: Found | None, targets: list[DraftTarget]
) -> Found | None:
    """The country the UA is about: named before a colon in the title or in
    "(Egypt: UA 175.19)", else where its officials (not embassies) are."""
    candidates = [found_title] if found_title else []
    candidates += [line_found(line) for line in lines[:40] if _UA_ID.search(line.text)]
    for found in candidates:
        for match in _COUNTRY_COLON.finditer(found.value):
            if code := country_in(match.group(1)):
                return Found(code, found.line)
    for line in lines[:40]:
        # The index line: "UA: 88/27 Index: AMR 23/8812/2027 Colombia Date: …"
        if _UA_ID.search(line.text) and len(named := _countries_named(line.text)) == 1:
            return Found(named[0], line.number)
    if found_title and len(named := _countries_named(found_title.value)) == 1:
        return Found(named[0], found_title.line)  # "Refugees in Peru risk mass expulsions"
    home = [t.country for t in targets if t.country and not re.search(_ABROAD, _office(t), re.I)]
    if home:
        code, count = collections.Counter(home).most_common(1)[0]
        doubt = None if count == len(home) else "its officials are in several countries"
        return Found(code, 0, doubt)
    return None


def _countries_named(text: str) -> list[str]:
    from ua_cli.intake.cues import country_named

    codes = [country_named(word) for word in re.findall(r"[^\W\d_]+(?:\s+[^\W\d_]+)?", text)]
    single = {country_named(word) for word in re.findall(r"[^\W\d_]+", text)}
    return sorted({c for c in [*codes, *single] if c})


# An office abroad: its address says nothing of the country the UA is about.
_ABROAD = (
    r"embass|embajad|ambassad|botschaft|interests section|secci[óo]n de intereses|consul|"
    r"konsulat|permanent mission|misi[óo]n permanente|mission permanente|\bc/o\b"
)


def line_found(line: Line) -> Found:
    return Found(line.text, line.number)


def _office(target: DraftTarget) -> str:
    """The office, position and address, where "Embassy" shows a target abroad."""
    found = (target.organisation, target.position, *target.address)
    return " ".join(f.value for f in found if f)


# -- dates ------------------------------------------------------------------------------

# A cue followed at once by the date ("expires on April 25, 2022", "hasta el 5
# de mayo", "avant le 22 avril", "bis zum 3. März"); "sentenced by the court on
# March 3" is no deadline.
_DEADLINE = re.compile(
    r"\b(?:expires? on|until|before|by|no later than|deadline(?: notice)?:?|"
    r"hasta(?: el)?|antes del?|a más tardar el|no más tarde del?|plazo:?|avant le|jusqu'au|"
    r"jusqu’au|d'ici le|date limite:?|bis (?:zum|spätestens)|spätestens (?:am|bis zum)|"
    r"frist:?)\s+(?:the\s+|el\s+|le\s+|den\s+)?(?=\d|[^\W\d_]+\.?\s+\d)",
    re.IGNORECASE,
)


def deadline(lines: list[Line]) -> tuple[tuple[datetime.date, int] | None, Found | None]:
    """The date to act by, from a sentence or heading that says so; and, when
    the document names one that is no date, what it says."""
    cued: Found | None = None
    for index, line in enumerate(lines):
        cue = cue_of(line.text)
        text = line.text
        if cue and cue[0] == "deadline":
            text = cue[1] or _next_text(lines, index)
            cued = cued or Found(text, line.number)
        elif not _DEADLINE.search(text):
            continue
        for match in _DEADLINE.finditer(text):
            if date := parse_date(text[match.end() : match.end() + 40]):
                return (date, line.number), None
        if cue and (date := parse_date(text)):
            return (date, line.number), None
    return None, cued


def _next_text(lines: list[Line], index: int) -> str:
    return next((line.text for line in lines[index + 1 : index + 4] if line.text), "")


def parse_date(text: str) -> datetime.date | None:
    """'April 25, 2022', '25 April 2022', '22 AVRIL 2015', '5 de mayo de 2024',
    '3. März 2025', '2024-01-09', '25/04/2022' (day first)."""
    lowered = text.lower()
    months = month_numbers()
    word = r"([^\W\d_]+)\.?"
    patterns = (
        (rf"\b{word}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", (3, 1, 2)),
        (
            rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\.?\s+(?:de\s+)?{word},?\s+(?:de\s+|del\s+)?(\d{{4}})\b",
            (3, 2, 1),
        ),
    )
    if match := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", lowered):
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    for pattern, (y, m, d) in patterns:
        for match in re.finditer(pattern, lowered):
            month = months.get(match.group(m))
            if month:
                return _date(int(match.group(y)), month, int(match.group(d)))
    if match := re.search(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b", lowered):
        return _date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return None


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# -- languages and people --------------------------------------------------------------------


def preferred_languages(value: Found | None) -> tuple[tuple[str, ...], bool, int | None]:
    """'Arabic, French or your own language.' -> (('ar', 'fr'), True, line)."""
    if value is None:
        return (), False, None
    names = language_names()
    text = value.value.lower()
    own = bool(re.search(r"own language|propio idioma|propia lengua|votre (?:propre )?langue|"
                         r"dans votre langue|eigene[rn]? sprache", text))  # fmt: skip
    words = re.findall(r"[^\W\d_]+", text)
    codes = [names[w] for w in words if w in names and w not in _NOT_LANGUAGES]
    return tuple(dict.fromkeys(codes)), own, value.line


# Words that are also languages' names in Babel's lists but mean something else here.
_NOT_LANGUAGES = frozenset({"en", "de", "la", "le", "y", "o", "ou", "et", "or", "an", "in"})


_WRITE = re.compile(
    r"\b(?:write|writing|appeals?|escrib\w*|llamamientos|[ée]crivez|[ée]crire|appels|"
    r"schreiben|briefe|appelle)\b",
    re.IGNORECASE,
)


def languages_sentence(lines: list[Line]) -> Found | None:
    """'Please write in Arabic, French or your own language' as the languages:
    the language names in the sentence that asks people to write."""
    names = language_names()
    for line in lines:
        for sentence in re.split(r"(?<=[.!?])\s+", line.text):
            if not _WRITE.search(sentence):
                continue
            words = re.findall(r"[^\W\d_]+", sentence.lower())
            if any(w in names and w not in _NOT_LANGUAGES for w in words):
                return Found(sentence, line.number)
    return None


_UPPER = "A-ZÁÉÍÓÚÑÄÖÜÇÀÈÂÊÎÔÛŞĞİĐ"
_NAME = re.compile(
    rf"(?<![\w'’-])([{_UPPER}][\w'’-]+(?:\s+(?:(?:de|del|la|los|y|da|dos|van|von|bin|al|el|abu|"
    rf"ben|ibn)\s+)?[{_UPPER}][\w'’-]+){{1,4}})"
)
_NOT_NAMES = re.compile(
    r"^(?:The|On|In|At|His|Her|Their|Amnesty|International|Urgent|Action|Dear|Mr|Ms|Mrs|"
    r"Please|Take|Write|Sample|Letter|Since|After|Before|During|When|This|That|These|"
    r"Acción|Urgente|Action|Eilaktion|Amnistía|Monsieur|Madame|Señor|Señora|Sehr|Human|Rights|"
    r"United|Nations|Supreme|State|Security|Police|Court|Criminal|Public|National|General|"
    r"Vereinte[n]?|Naciones|Nationen|Indigenous|Organi[sz]ation|Organización|Association|"
    r"Asociación|Movement|Movimiento|Network|Red|Union|Unión|Federation|Federación|Party|"
    r"Partido|Foundation|Fundación|Committee|Comité|Center|Centre|Centro)\b"
)


def people_in_text(
    lines: list[Line], pool: list[Found], targets: list[DraftTarget]
) -> Found | None:
    """Without a heading naming them: the persons' names the title, summary and
    letter keep coming back to (two lines or more), for a person to confirm."""
    from ua_cli.intake.cues import INSTITUTIONS, ROLE_ANYWHERE, country_in

    officials = {t.name.value for t in targets if t.name}
    whole = "\n".join(line.text for line in lines)
    chosen: list[str] = []
    for found in pool:
        for match in _NAME.finditer(found.value):
            name = match.group(1).strip(" ,.")
            lowered = name.lower()
            if (
                _NOT_NAMES.match(name)
                or INSTITUTIONS.search(name)
                or ROLE_ANYWHERE.search(name)
                or country_in(name)
                or any(lowered in o.lower() or o.lower() in lowered for o in officials)
                or any(w.lower() in month_numbers() for w in name.split())
                or whole.count(name) < 2
                or any(name in other for other in chosen)
            ):
                continue
            chosen = [other for other in chosen if other not in name] + [name]
    if not chosen:
        return None
    line = next(f.line for f in pool if chosen[0] in f.value)
    return Found(", ".join(chosen[:3]), line, "read from the text, not from a heading")


_ADDRESS_SIGNS = re.compile(r"[<>@;]")


def people(value: Found | None) -> tuple[Found | None, Found | None]:
    """'Marta (she/her), Baudilio (he/him)' -> the people, and the pronouns."""
    if value is None or not value.value:
        return None, None
    pronouns = re.findall(r"\(([^()]*/[^()]*)\)", value.value)
    names = re.sub(r"\s*\([^()]*\)", "", value.value).strip(" .")
    shown = Found(", ".join(dict.fromkeys(pronouns)), value.line) if pronouns else None
    doubt = "it holds < > @ or ;, which no name has" if _ADDRESS_SIGNS.search(names) else None
    return Found(names, value.line, doubt), shown
