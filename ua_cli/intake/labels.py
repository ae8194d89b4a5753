"""The values of labelled contacts ("Email: a@x.org, b@x.org", "Tel: (613)
789-3434,3513/762-3769 (24h)", "Salutation: Dear Director"): the first usable
value in its field, the others kept for a person to see."""

from __future__ import annotations

import re

from ua_cli.campaign.model import EMAIL_PATTERN, HANDLE_PATTERN
from ua_cli.intake.draft import Found

_EMAIL = re.compile(EMAIL_PATTERN)
_HANDLE = re.compile(rf"(?<![\w@]){HANDLE_PATTERN}\b")
MAX_VALUE = 300
_NUMBER = re.compile(r"\+?\(?\d[\d ()./-]{5,}\d")


def take_contact(
    field: str, text: str, number: int, contacts: dict[str, Found], unused: list[tuple[str, Found]]
) -> None:
    """The first usable value of a labelled contact in its field; the others
    (a second email, the rest of "3434,3513/762-3769") for a person to see."""
    text = text.strip()
    if not text or field in ("facebook", "instagram", "website"):
        return
    if len(text) > MAX_VALUE:  # no contact is this long; reading it would take minutes
        unused.append((field, Found(text[:MAX_VALUE] + "…", number)))
        return
    if field == "salutation":
        value = re.split(r"\s+/\s+|\s+or\s+|\s+o\s+|\s+ou\s+|\s+oder\s+", text)[0].strip()
        contacts.setdefault("salutation", Found(_with_punctuation(value), number))
        return
    values = _values(field, text)
    if not values:  # "ask the switchboard", "[email protected]", a web form
        unused.append((field, Found(text, number)))
        return
    first, *others = values
    if field in contacts:
        others = values
    else:
        contacts[field] = Found(first, number)
    unused += [(field, Found(other, number)) for other in others]


def _values(field: str, text: str) -> list[str]:
    if field == "email":
        return [m.group(0).rstrip(".") for m in _EMAIL.finditer(text)]
    if field == "twitter":
        link = re.findall(r"(?:x|twitter)\.com/(\w{1,15})", text)
        return [m.group(0) for m in _HANDLE.finditer(text)] or [f"@{h}" for h in link]
    # Numbers: the first in full; "3434,3513,8422/762-3769" shorthand after it
    # is kept for a person, never joined into one long number. A dash joins
    # an area code to its number ("030 – 88 92 51 76") but parts two numbers.
    numbers: list[str] = []
    text = re.sub(r"\(\s*24\s*h(?:ours)?\s*\)", "", text)
    for part in re.split(r"\s*(?:[,;/]|\bor\b|\bo\b|\bou\b|\boder\b)\s*(?=[+(\d])", text):
        for index, piece in enumerate(re.split(r"\s+[–—-]\s+(?=[+(\d])", part)):
            match = _NUMBER.search(piece) or re.search(r"\d{2,4}", piece)
            if not match:
                continue
            if index and numbers and len(re.sub(r"\D", "", numbers[-1])) < 5:
                numbers[-1] = f"{numbers[-1]} – {match.group(0).strip()}"
            else:
                numbers.append(match.group(0).strip())
    numbers = [n for n in numbers if len(re.sub(r"\D", "", n)) >= 6]
    return numbers


def _with_punctuation(salutation: str) -> str:
    """A salutation as a letter opens with it: "Dear Director" -> "Dear Director,"."""
    salutation = salutation.strip()
    if not re.search(r"\b(?:Mr|Mrs|Ms|Dr|Sr|Sra|M)\.$", salutation):
        salutation = salutation.rstrip(".")
    if salutation.endswith((",", ":")):
        return salutation
    spanish = re.match(r"^(Señor|Señora|Excelent|Estimad|Distinguid)", salutation)
    return salutation + (":" if spanish else ",")
