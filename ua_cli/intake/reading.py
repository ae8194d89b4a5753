"""What a UA document says, in whatever layout a section published it: the
lines (blocks.py) are sorted into zones by the cues that start them (whom to
write to, copies to, the sample letter, background; cues.py), the officials
are read from their zones (contacts.py), the UA's own facts from wherever the
document states them (fields.py). A document with no cue at all (a blog's
repost, a letter to download) gives its officials from the address blocks
before its letter.

Nothing is invented: every value keeps the line it came from, a value the
reader doubts says why, and what the document does not say stays out, for
`writing.py` to mark as a TODO.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ua_cli.intake import fields
from ua_cli.intake.blocks import Line, prepared
from ua_cli.intake.contacts import read_target, split_targets
from ua_cli.intake.cues import CLOSING, GREETING, LABEL, cue_of
from ua_cli.intake.draft import Draft, DraftTarget, Found
from ua_cli.intake.keys import with_keys

_STOP_WORDS = {
    "en": {"the", "and", "of", "to", "is", "in", "for", "his", "her", "has", "was"},
    "es": {"el", "la", "de", "que", "y", "los", "las", "del", "por", "para", "su", "fue"},
    "fr": {"le", "la", "les", "des", "et", "est", "du", "une", "pour", "que", "qui", "sa"},
    "de": {"der", "die", "und", "das", "nicht", "ist", "den", "mit", "von", "sie", "zu", "wurde"},
}


def read_draft(lines: list[str]) -> Draft:
    """Everything `lines` (a document's visible text) says about its UA."""
    ready = prepared(lines)
    zones = _zones(ready)
    greeting, paragraphs, closing = _letter(zones.get("letter", []))
    targets = with_keys(_with_salutations(_targets(ready, zones), greeting))
    title = fields.title(ready)
    language_cue = _cue_value(ready, "languages") or fields.languages_sentence(ready)
    languages, own, languages_line = fields.preferred_languages(language_cue)
    people, pronouns = fields.people(_cue_value(ready, "people"))
    summary = _summary(ready, title)
    if people is None:
        pool = [f for f in (title, summary, *paragraphs[:2]) if f]
        people = fields.people_in_text(ready, pool, list(targets))
    deadline, deadline_text = fields.deadline(ready)
    return Draft(
        language=document_language(ready),
        id=fields.ua_id(ready),
        sequence=fields.sequence(ready),
        title=title,
        summary=summary,
        country=fields.ua_country(ready, title, list(targets)),
        people=people,
        pronouns=pronouns,
        targets=targets,
        greeting=greeting,
        paragraphs=paragraphs,
        closing=closing,
        background=tuple(_paragraphs(zones.get("background", []))),
        languages=languages,
        languages_line=languages_line,
        own_language_welcome=own,
        deadline=deadline,
        deadline_text=deadline_text,
        previous_ua=_url(_cue_value(ready, "previous")),
        diplomats="diplomats" in zones,
    )


def document_language(lines: list[Line]) -> str:
    """The language most of the document's words are in (of en, es, fr, de)."""
    counts = dict.fromkeys(_STOP_WORDS, 0)
    for line in lines:
        for word in re.findall(r"[^\W\d_]+", line.text.lower()):
            for lang, words in _STOP_WORDS.items():
                counts[lang] += word in words
    return max(counts, key=lambda lang: counts[lang])


# -- zones ----------------------------------------------------------------------------------


def _zones(lines: list[Line]) -> dict[str, list[Line]]:
    """The lines of each kind of block: "targets", "copies", "letter",
    "background", "take_action" (and the other cues, for their values). A
    greeting ("Dear Minister,") opens the letter; a closing ends it."""
    zones: dict[str, list[Line]] = {}
    kind: str | None = None
    for index, line in enumerate(lines):
        cue = cue_of(line.text) if not LABEL.match(line.text) else None
        if cue and not (kind == "letter" and cue[0] not in ("background", "targets", "copies")):
            kind = cue[0]
            zones.setdefault(kind, [])
            if cue[1]:
                zones[kind].append(Line(line.number, cue[1]))
            continue
        if kind != "letter" and _is_greeting(line.text) and _starts_a_letter(index, lines):
            kind = "letter"
            zones.setdefault(kind, [])
        if kind is not None:
            zones.setdefault(kind, []).append(line)
        if kind == "letter" and CLOSING.match(line.text):
            kind = "after_letter"
    return zones


def _is_greeting(text: str) -> bool:
    """ "Dear Minister," — or any short line ending in a comma or colon with
    no digit, label or cue ("Majestät,"), when sentences follow (checked next)."""
    if GREETING.match(text):
        return True
    short = len(text.split()) <= 6 and text.endswith((",", ":")) and not re.search(r"\d", text)
    return short and not LABEL.match(text) and not cue_of(text)


def _starts_a_letter(index: int, lines: list[Line]) -> bool:
    """A greeting followed by sentences (not a salutation in a list of contacts)."""
    following = [other.text for other in lines[index + 1 : index + 6] if other.text]
    return any(len(text.split()) > 8 for text in following)


def _cue_value(lines: list[Line], kind: str) -> Found | None:
    """The text a cue gives: after its colon, else on the next line with text."""
    for index, line in enumerate(lines):
        cue = cue_of(line.text)
        if cue and cue[0] == kind:
            if cue[1]:
                return Found(cue[1], line.number)
            for following in lines[index + 1 : index + 3]:
                if following.text and not cue_of(following.text):
                    return Found(following.text, following.number)
            return None
    return None


# -- the officials --------------------------------------------------------------------------


def _targets(lines: list[Line], zones: dict[str, list[Line]]) -> list[DraftTarget]:
    """The officials of the zone that names them; without one, those just
    before the copies' cue or before the letter (a blog's repost, a letter
    to download), or under TAKE ACTION."""
    found = list(_read_zone(zones.get("targets", []), copy=False))
    copies = list(_read_zone(zones.get("copies", []), copy=True))
    if not found:
        found = list(_read_zone(zones.get("take_action", []), copy=False))
    letter = {line.number for line in zones.get("letter", [])}
    for before in (zones.get("copies"), zones.get("letter")):
        if not found and before:
            block = _lines_before(lines, before[0].number - 1, letter)
            found = list(_read_zone(block, copy=False))
    return found + copies


def _read_zone(lines: list[Line], *, copy: bool) -> Iterator[DraftTarget]:
    for block in split_targets(lines):
        if target := read_target(block, copy=copy):
            yield target


def _lines_before(lines: list[Line], end: int, letter: set[int]) -> list[Line]:
    """The short lines up to line `end`, from the first that starts an
    official, if they read as an address: a name, role or office, and a
    street, town or country. Placeholders for the writer's own address
    ("[Your name]") and a date line are left out."""
    from ua_cli.intake.contacts import starts_an_official

    block: list[Line] = []
    for line in reversed([line for line in lines if line.number <= end]):
        text = line.text
        if not text or re.fullmatch(r"\[[^\]]*\]", text) or _is_date_line(text):
            continue
        if cue_of(text) and not LABEL.match(text) and not block:
            continue  # the cue that opens the next zone
        if (
            line.number in letter
            or len(text.split()) > 14
            or (cue_of(text) and not LABEL.match(text))
        ):
            break
        block.insert(0, line)
    while block and LABEL.match(block[0].text) is None and not starts_an_official(block[0].text):
        block.pop(0)
    return block if _reads_as_address(block) else []


def _is_date_line(text: str) -> bool:
    from ua_cli.intake.fields import parse_date

    return len(text.split()) <= 6 and parse_date(text) is not None


def _reads_as_address(block: list[Line]) -> bool:
    from ua_cli.intake.contacts import looks_like_a_name
    from ua_cli.intake.cues import COURTESY, INSTITUTIONS, ROLE_START, country_in

    if not 2 <= len(block) <= 16:
        return False
    who = any(
        COURTESY.match(t) or ROLE_START.match(t) or INSTITUTIONS.search(t) or looks_like_a_name(t)
        for t in (line.text for line in block[:3])
    )
    where = any(re.search(r"\d", line.text) or country_in(line.text) for line in block[1:])
    return bool(who and where)


def _with_salutations(targets: list[DraftTarget], greeting: Found | None) -> list[DraftTarget]:
    """The sample letter's greeting is the salutation of the official it names
    or whose role it names; of the only official, sure; else of the only one
    without a salutation, with a doubt (it may be another official's)."""
    if greeting is None:
        return targets
    lacking = [t for t in targets if not t.salutation and not t.copy]
    sure = [t for t in lacking if _greets(greeting.value, t)]
    chosen, doubt = sure[:1], None
    if not chosen and len(lacking) == 1:
        chosen = lacking
        if len([t for t in targets if not t.copy]) > 1:
            doubt = "taken from the sample letter, which may be written to another official"
    salutation = Found(greeting.value, greeting.line, doubt)
    return [t._replace(salutation=salutation) if t in chosen else t for t in targets]


def _greets(greeting: str, target: DraftTarget) -> bool:
    words = set(re.findall(r"[^\W\d_]+", greeting.lower())) - {"dear", "mr", "ms", "mrs", "your"}
    surname = target.name.value.split()[-1].lower() if target.name else ""
    role = (
        set(re.findall(r"[^\W\d_]+", target.position.value.lower())) if target.position else set()
    )
    return bool(surname and surname in words) or bool(words and words <= role)


# -- the sample letter ------------------------------------------------------------------------

_CLOSING_AT_END = re.compile(
    r"\s+((?:Yours (?:sincerely|faithfully|truly)|Sincerely(?: yours)?|Respectfully|Atentamente|"
    r"Cordialmente|Cordialement|Mit freundlichen Grüßen|Hochachtungsvoll)[,.]?)\s*$",
    re.IGNORECASE,
)


def _letter(lines: list[Line]) -> tuple[Found | None, tuple[Found, ...], Found | None]:
    """The sample letter's greeting, paragraphs and closing."""
    start = next((i for i, line in enumerate(lines) if _is_greeting(line.text)), None)
    if start is None:
        return None, (), None
    greeting = Found(lines[start].text, lines[start].number)
    body: list[Line] = []
    closing = None
    for line in lines[start + 1 :]:
        if CLOSING.match(line.text):
            closing = Found(line.text, line.number)
            break
        if match := _CLOSING_AT_END.search(line.text):
            body.append(Line(line.number, line.text[: match.start()]))
            closing = Found(match.group(1), line.number)
            break
        body.append(line)
    return greeting, tuple(_paragraphs(body)), closing


def _paragraphs(lines: list[Line]) -> Iterator[Found]:
    """Paragraphs: between blank lines, or, in text a PDF broke into lines of
    one width, after a sentence that ends a line clearly shorter than the rest."""
    width = max((len(line.text) for line in lines), default=0)
    block: list[Line] = []
    for line in [*lines, Line(0, "")]:
        if line.text:
            block.append(line)
        ends = not line.text or (
            width > 60 and line.text.endswith((".", ":", "!", "?")) and len(line.text) < 0.8 * width
        )
        if ends and block:
            yield Found(_joined([text for _, text in block]), block[0].number)
            block = []


def _joined(lines: list[str]) -> str:
    """Lines of one paragraph as one line; a line broken after a hyphen
    ("non-" / "refoulement") joins without a space."""
    text = lines[0]
    for line in lines[1:]:
        text += line if text.endswith("-") and line[:1].islower() else " " + line
    return text


def _summary(lines: list[Line], title: Found | None) -> Found | None:
    """The first paragraph of sentences after the title."""
    if title is None:
        return None
    after = [line for line in lines if line.number > title.line][:60]
    for paragraph in _paragraphs(after):
        if (
            len(paragraph.value.split()) > 8
            and paragraph.value.endswith(".")
            and not cue_of(paragraph.value)
        ):
            return paragraph
    return None


def _url(found: Found | None) -> Found | None:
    if found and (match := re.search(r"https?://\S+", found.value)):
        return Found(match.group(0).rstrip(".,;)"), found.line)
    return None
