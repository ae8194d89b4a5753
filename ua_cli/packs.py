"""Language packs: the fixed words of every letter, email and call in one
language, in letters/<lang>/ (labels.json and the templates). Adding a
language is adding a pack, never code.

labels.json holds:
  signature, name, page  the words a layout adds (under a line to sign, ...);
  place_date             where the writer's town goes: "{place}, {date}", or
                         "{date}" where letters give the date alone (English);
  dir                    "rtl" for a language written right to left (Arabic);
  colon                  the colon after a label, where it is not ":" (French
                         puts a no-break space before it: "Nom :");
  why_it_matters         the question that asks a writer for a sentence of their
                         own (English where a pack has none);
  spoken                 abbreviations a caller reads out in full before a number:
                         {"N.º": "número"} ("N.º 1582" is said "número 1582").
"""

import functools
import json
import re

from ua_cli.errors import UaError
from ua_cli.paths import letter_languages, shipped_dir

REQUIRED = ("signature", "name", "page", "place_date")


@functools.cache
def labels(lang: str) -> dict[str, str]:
    """The pack's words for `lang`; a pack that is missing or broken is an error naming it."""
    path = shipped_dir("letters") / lang / "labels.json"
    try:
        words = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UaError(f"{path}: cannot read the language pack's words: {error}") from None
    missing = [key for key in REQUIRED if not isinstance(words.get(key), str)]
    if missing:
        raise UaError(f"{path}: the language pack lacks {', '.join(missing)}")
    return words


def spoken(lang: str, text: str) -> str:
    """`text` as a caller reads it out: "Decreto Legislativo N.º 1582" becomes
    "Decreto Legislativo número 1582"."""
    for short, said in labels(lang).get("spoken", {}).items():
        text = re.sub(rf"(?<!\w){re.escape(short)}\s*(?=\d)", f"{said} ", text)
    return text


def place_and_date(lang: str, place: str | None, date: str) -> str:
    """'Madrid, 29 de noviembre de 2026', 'Paris, le 29 novembre 2026', or the
    date alone where the language's letters give it so."""
    pattern = labels(lang)["place_date"] if place else "{date}"
    return pattern.replace("{place}", place or "").replace("{date}", date)


def direction(lang: str) -> str:
    """'rtl' or 'ltr': how the language is written."""
    return "rtl" if labels(lang).get("dir") == "rtl" else "ltr"


def packs() -> list[str]:
    """Every language with a pack, sorted."""
    return sorted(letter_languages())
