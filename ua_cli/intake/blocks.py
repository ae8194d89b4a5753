"""A document's visible lines made ready to read: bullets dropped, a line that
runs several labelled contacts together ("Phone: … I Fax: … Email: …") split
before each label, and a sample letter that starts on its cue's line ("SAMPLE
LETTER Dear Counsellor, I am writing…") split into cue, greeting and text.
Every piece keeps the number of the line it came from."""

from __future__ import annotations

import re
from typing import NamedTuple

from ua_cli.intake.cues import CUES, GREETING, LABEL
from ua_cli.intake.documents import without_bullet

MAX_LINE_WORDS_BEFORE_LABEL = 40  # more, and "email:" is inside a sentence


class Line(NamedTuple):
    number: int  # the document's line, 1-based
    text: str


def prepared(lines: list[str]) -> list[Line]:
    """The document's lines as the reader takes them (blank ones kept, as "")."""
    ready: list[Line] = []
    for number, raw in enumerate(lines, start=1):
        text = " ".join(without_bullet(raw).split())
        for piece in _letter_start(text):
            ready += [Line(number, part) for part in split_labels(piece)]
    return ready


def split_labels(text: str) -> list[str]:
    """'Ambassador X Embassy … Phone: 1 I Fax: 2 Email: a@b' -> the text before
    the first label, then one piece per label."""
    starts = [
        m.start() for m in LABEL.finditer(text) if m.start() == 0 or _holds_a_contact(m, text)
    ]
    if not starts or starts == [0]:
        return [text]
    head = text[: starts[0]]
    if len(head.split()) > MAX_LINE_WORDS_BEFORE_LABEL or re.search(r"[.!?]\s+\S", head):
        return [text]  # a sentence that happens to contain "email:"
    pieces = [head] if head.strip() else []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        pieces.append(text[start:end])
    # AIUSA writes a bar as a capital I between contacts ("… 5400 I Fax: …").
    return [re.sub(r"\s+(?:I|\|)\s*$", "", piece).strip(" ,;|") for piece in pieces]


def _holds_a_contact(label: re.Match[str], text: str) -> bool:
    """Whether what follows a label inside a line is such a contact: an email
    has an @, a number digits, a handle an @ or a link (not "send an email: it helps")."""
    from ua_cli.intake.cues import label_field

    value = text[label.end() : label.end() + 80]
    field = label_field(label)
    if field in ("email", "twitter", "facebook", "instagram"):
        return "@" in value or "[email" in value or "http" in value or ".com" in value
    if field in ("phone", "fax"):
        return bool(re.match(r"\s*[+(\d]", value))
    return value[:1].isupper()


_LETTER_CUE = next(pattern for kind, pattern in CUES if kind == "letter")
_LETTER_WORDS = re.compile(
    r"^(sample letter|model letter|suggested letter|carta modelo|modelo de carta|lettre type|"
    r"mod[èe]le de lettre|musterbrief|briefvorlage)\s*:?\s+(?=\S)",
    re.IGNORECASE,
)


def _letter_start(text: str) -> list[str]:
    """A cue with its letter on the same line, or a greeting with the first
    sentence after it, as separate pieces."""
    pieces = []
    if (match := _LETTER_WORDS.match(text)) and not _LETTER_CUE.match(text):
        pieces.append(match.group(1))
        text = text[match.end() :]
    if (greeting := GREETING.match(text)) and len(text) > greeting.end() + 1:
        rest = text[greeting.end() :].strip()
        if rest[:1].isupper():
            pieces += [text[: greeting.end()], rest]
            return pieces
    pieces.append(text)
    return pieces
