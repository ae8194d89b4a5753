"""Reading a translator's PO file strictly: a file that travelled by email is
checked line by line before Babel reads it, so that what reaches a letter is
exactly what the translator wrote, in plain text.

Babel's reader is lenient where we cannot be: it keeps an unterminated last
string, lets a second entry with the same msgctxt pass, raises TypeError on a
plural entry and LookupError on an unknown charset, and decodes a UTF-8 file
as Latin-1 when the header says so (the letter then prints C1 control bytes).
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

from ua_cli.errors import FileProblems, Problem

MAX_PO_FILE = 8 * 1024 * 1024

# A line of a PO file: a comment, a keyword with its string, or a string
# continuing the one before; each string closed on its line.
_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+({_STRING})\s*")
_CONTINUATION = re.compile(rf"{_STRING}\s*")
_CHARSET = re.compile(rb"charset=([A-Za-z0-9._:-]+)")

# Bidi controls make text read in another order than it is written.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class PoFile(NamedTuple):
    catalog: Any  # Babel's Catalog
    raw: bytes  # the bytes that were checked, to keep as they are


def read_catalog(path: Path) -> Any:
    """A PO file as Babel's catalog, or every problem in it named by its line."""
    return read_po_file(path).catalog


def read_po_file(path: Path) -> PoFile:
    """A PO file read once and checked, with its bytes."""
    from babel.messages.pofile import PoFileError, read_po

    from ua_cli.files import read_limited

    raw = read_limited(path, MAX_PO_FILE, "a PO file")
    text = _decoded(path, raw)
    problems = _line_problems(text)
    if problems:
        raise FileProblems(path, problems)
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as error:
        reason = str(error).rsplit(" on ", 1)[0]  # Babel adds " on <line>", counted from 0
        problem = Problem((error.lineno or 0) + 1, "", f"not a valid PO file: {reason}")
        raise FileProblems(path, [problem]) from None
    except ValueError as error:
        raise FileProblems(path, [Problem(1, "", f"not a valid PO file: {error}")]) from None
    problems = [p for message in catalog if message.id for p in _text_problems(message)]
    if problems:
        raise FileProblems(path, problems)
    return PoFile(catalog, raw)


def _decoded(path: Path, raw: bytes) -> str:
    """The file's text in the charset its header names (UTF-8 if none), decoded
    strictly; an unknown charset or a byte it does not allow is named."""
    found = _CHARSET.search(raw[:4096])
    charset = found.group(1).decode("ascii") if found else "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        line = raw[: found.start()].count(b"\n") + 1 if found else 1
        problem = Problem(line, "", f"unknown charset {charset!r}; save the file as UTF-8")
        raise FileProblems(path, [problem]) from None
    try:
        return raw.decode(charset)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problem = Problem(line, "", f"not {charset} text (byte {raw[error.start]:#04x})")
        raise FileProblems(path, [problem]) from None


def _line_problems(text: str) -> list[Problem]:
    """Strings left open, plural entries, and a msgctxt given twice."""
    problems = []
    contexts: dict[str, int] = {}
    # Split at line feeds only, as Babel reads: str.splitlines() would also end
    # a line at U+2028 or U+0085, which belong to a string (and are refused there).
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        keyword = _KEYWORD_LINE.fullmatch(stripped)
        if keyword is None and not _CONTINUATION.fullmatch(stripped):
            opened = stripped.startswith(('"', "msg"))
            reason = "a string left open" if opened else "a line that is no PO keyword or string"
            problems.append(Problem(number, "", f"not a valid PO file: {reason}"))
        elif keyword and keyword.group(1) == "msgid_plural":
            problems.append(Problem(number, "", "a plural entry; a UA's texts have no plurals"))
        elif keyword and keyword.group(1) == "msgctxt":
            context = keyword.group(2)
            if context in contexts:
                problems.append(
                    Problem(
                        number, "", f"msgctxt {context} again (first on line {contexts[context]})"
                    )
                )
            contexts.setdefault(context, number)
    return problems


def _text_problems(message: Any) -> list[Problem]:
    """A translation holding a character that would act on a terminal, break
    an address block or an email header, or reorder what is read."""
    where = message.context or ""
    line = message.lineno or 1
    for char in message.string:
        if _hidden(char):
            name = unicodedata.name(char, "a control character")
            return [
                Problem(
                    line,
                    where,
                    f"holds the invisible character U+{ord(char):04X} ({name.lower()}); "
                    "a translation is plain text on one line",
                )
            ]
    return []


def _hidden(char: str) -> bool:
    category = unicodedata.category(char)
    return category in ("Cc", "Cs", "Zl", "Zp") or char in _BIDI_CONTROLS
