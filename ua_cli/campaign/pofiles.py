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

from ua_cli.campaign.structure import BIDI_CONTROLS
from ua_cli.errors import FileProblems, Problem

MAX_PO_FILE = 8 * 1024 * 1024

# A line of a PO file: a comment, a keyword with its string, or a string
# continuing the one before; each string closed on its line.
_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+({_STRING})\s*")
_CONTINUATION = re.compile(rf"{_STRING}\s*")
# The charset the header entry's Content-Type names (a comment naming one counts not)
_CHARSET = re.compile(rb'^"Content-Type:[^"\n]*charset=([A-Za-z0-9._:-]+)', re.MULTILINE)
MAX_LINE = 64 * 1024  # characters; the longest translation is a paragraph


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
    if not _is_text_charset(charset):
        line = raw[: found.start()].count(b"\n") + 1 if found else 1
        problem = Problem(line, "", f"unknown charset {charset!r}; save the file as UTF-8")
        raise FileProblems(path, [problem]) from None
    try:
        return raw.decode(charset)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problem = Problem(line, "", f"not {charset} text (byte {raw[error.start]:#04x})")
        raise FileProblems(path, [problem]) from None


def _is_text_charset(charset: str) -> bool:
    """A charset that maps bytes to text: not base64, zlib or rot13, which
    Python also names codecs, nor UTF-7, whose escapes hide characters."""
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        return False
    return codec._is_text_encoding and codec.name != "utf-7"  # type: ignore[attr-defined]


def _line_problems(text: str) -> list[Problem]:
    """Strings left open, lines too long, plural entries, and a msgctxt given twice."""
    from babel.messages.pofile import unescape

    problems = []
    contexts: dict[str, int] = {}
    context: tuple[int, list[str]] | None = None  # the msgctxt being read: line, strings
    plural = False  # the entry being read is already named as a plural one
    # Split at line feeds only, as Babel reads: str.splitlines() would also end
    # a line at U+2028 or U+0085, which belong to a string (and are refused there).
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if len(stripped) > MAX_LINE:
            problems.append(Problem(number, "", f"a line of {len(stripped):,} characters"))
            continue
        if not stripped or stripped.startswith("#"):
            continue
        keyword = _KEYWORD_LINE.fullmatch(stripped)
        if keyword is None:
            if not _CONTINUATION.fullmatch(stripped):
                problems.append(Problem(number, "", f"not a valid PO file: {_why_not(stripped)}"))
            elif context:
                context[1].append(unescape(stripped))
            continue
        if context:
            problems += _context_again(contexts, *context)
            context = None
        name = keyword.group(1)
        if name in ("msgctxt", "msgid"):
            plural = False
            if name == "msgctxt":
                context = (number, [unescape(keyword.group(2))])
        elif name.startswith(("msgid_plural", "msgstr[")) and not plural:
            problems.append(Problem(number, "", "a plural entry; a UA's texts have no plurals"))
            plural = True
    if context:
        problems += _context_again(contexts, *context)
    return problems


def _why_not(line: str) -> str:
    opened = line.startswith(('"', "msg"))
    return "a string left open" if opened else "a line that is no PO keyword or string"


def _context_again(contexts: dict[str, int], number: int, strings: list[str]) -> list[Problem]:
    """A msgctxt seen before, compared as Babel reads it: "ti" "tle" is "title"."""
    context = "".join(strings)
    if context in contexts:
        return [
            Problem(number, "", f'msgctxt "{context}" again (first on line {contexts[context]})')
        ]
    contexts[context] = number
    return []


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
    return category in ("Cc", "Cs", "Zl", "Zp") or char in BIDI_CONTROLS
