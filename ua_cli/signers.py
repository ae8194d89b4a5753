"""Signer sheets: the CSV a spreadsheet exports from an event's sign-up list.

Read as spreadsheets write them: UTF-8 with or without a BOM, else
Windows-1252; commas or semicolons; headers in English or Spanish, in any
case, with or without accents and spaces. Rows are numbered as the
spreadsheet shows them (the header is row 1), so a volunteer can find them.
"""

import csv
import io
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from ua_cli.compose.letter import personal_problem
from ua_cli.errors import FileProblems, Problem, UaError
from ua_cli.files import MIB, read_limited

# Ten thousand signers with a paragraph each take some 10 MB; a sheet many
# times that is not a sign-up sheet.
SHEET_LIMIT = 64 * MIB

# Each field, and the header names (normalised: no case, accents or spaces) it answers to.
_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "nombre", "nombrecompleto", "nombreyapellidos", "signer"),
    "city": ("city", "town", "ciudad", "localidad", "poblacion"),
    "country": ("country", "pais"),
    "email": ("email", "mail", "correo", "correoelectronico"),
    "address": (
        "address", "streetaddress", "postaladdress", "direccion", "direccionpostal", "domicilio",
    ),
    "language": ("language", "lang", "idioma", "lengua"),
    "personal": (
        "personalmessage", "personal", "message", "mensaje", "mensajepersonal",
        "ownwords", "note",
    ),
}  # fmt: skip
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Signer(NamedTuple):
    """One person who signs a letter, from one row of the sheet."""

    row: int
    name: str
    city: str | None = None
    country: str | None = None
    email: str | None = None
    address: str | None = None
    language: str | None = None
    personal: str | None = None


class Sheet(NamedTuple):
    """The signers of a sheet, the problems of its bad rows, and how it was read."""

    signers: list[Signer]
    problems: list[Problem]
    encoding: str
    delimiter: str
    ignored_columns: list[str]


def normalise_header(text: str) -> str:
    """'Correo electrónico' -> 'correoelectronico': no case, accents, spaces or marks."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if c.isalnum())
    return letters.casefold()


def read_sheet(path: Path, *, languages: tuple[str, ...]) -> Sheet:
    """Read a signer sheet; bad rows become problems, never exceptions."""
    raw = read_limited(path, SHEET_LIMIT, "a signer sheet")
    text, encoding = _decode(path, raw)
    delimiter = _sniff_delimiter(text)
    rows = _read_rows(path, text, delimiter)
    if not rows:
        raise UaError(f"{path}:1: the sheet is empty; its first row names the columns")
    columns, ignored = _map_columns(rows[0])
    if "name" not in columns:
        wanted = "Name, Full name or Nombre"
        raise UaError(f"{path}:1: no column for the signer's name (looked for {wanted})")
    signers: list[Signer] = []
    problems: list[Problem] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank row
        values = {field: _cell(cells, index) for field, index in columns.items()}
        signer = Signer(row=number, name=values.get("name") or "", **_others(values))
        reason = _row_problem(signer, languages)
        if reason:
            problems.append(Problem(number, "", reason))
        else:
            signers.append(signer)
    return Sheet(signers, problems, encoding, delimiter, ignored)


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    """The sheet's text and its encoding: UTF-8, else Windows-1252 (as
    spreadsheets on Windows export "CSV"); a file mixing the two is refused,
    since either reading would garble some names."""
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    utf8_lines, other_lines = [], []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_lines.append(number)
        except UnicodeDecodeError:
            other_lines.append(number)
    if utf8_lines:
        message = (
            f"mixes UTF-8 (lines {_some(utf8_lines)}) and another encoding "
            f"(lines {_some(other_lines)}); save the whole sheet as UTF-8 CSV"
        )
        raise FileProblems(path, [Problem(other_lines[0], "", message)])
    return raw.decode("cp1252", errors="replace"), "Windows-1252"


def _some(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:5]))
    return f"{shown}, …" if len(numbers) > 5 else shown


def _read_rows(path: Path, text: str, delimiter: str) -> list[list[str]]:
    # strict: a quote opened and never closed is an error, not a row that
    # swallows the rest of the sheet.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        rows.extend(reader)
    except csv.Error as error:
        reason = str(error)
        line = reader.line_num
        if "field larger than field limit" in reason:
            reason = f"a cell longer than {csv.field_size_limit():,} characters"
        elif "unexpected end of data" in reason:
            line = len(rows) + 1
            reason = f'a quote (") in row {line} is never closed'
        raise FileProblems(path, [Problem(line, "", f"cannot read: {reason}")]) from None
    return rows


def _sniff_delimiter(text: str) -> str:
    head = text[:8192]
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        first_line = head.split("\n", 1)[0]
        return ";" if first_line.count(";") > first_line.count(",") else ","


def _map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Field -> column index, and the header cells no field uses."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        key = normalise_header(cell)
        field = next((f for f, names in _HEADERS.items() if key in names), None)
        if field and field not in columns:
            columns[field] = index
        elif cell.strip():
            ignored.append(cell.strip())
    return columns, ignored


def _cell(cells: list[str], index: int) -> str | None:
    value = cells[index].strip() if index < len(cells) else ""
    return value or None


def _others(values: dict[str, str | None]) -> dict[str, str | None]:
    others = {k: v for k, v in values.items() if k != "name"}
    if others.get("language"):
        others["language"] = others["language"].strip().lower()
    return others


def _row_problem(signer: Signer, languages: tuple[str, ...]) -> str | None:
    if not signer.name or not visible(signer.name):
        return "no name"
    if signer.language and signer.language not in languages:
        return f"unknown language '{signer.language}' (this UA offers {', '.join(languages)})"
    if signer.email and not _EMAIL.fullmatch(signer.email):
        return f"'{signer.email}' is not an email address"
    for field in ("name", "city", "country", "email"):
        value = getattr(signer, field) or ""
        if any(unicodedata.category(c) == "Cc" for c in value):
            return f"the {field} holds a control character"
        if len(value) > 300:
            return f"the {field} is longer than 300 characters"
    if signer.personal and (problem := personal_problem(signer.personal)):
        return f"the personal message {problem}"
    return None


def visible(text: str) -> str:
    """`text` without format characters: bidi overrides (U+202E, which makes
    'gpj.exe' read 'exe.jpg'), zero-width spaces and joiners."""
    if text.isprintable():
        return text  # no format characters there, and most names are (checked in C)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _cut_to_bytes(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, never inside a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_file_stem(name: str) -> str:
    """A file name made from a person's name that stays in its folder on any system.

    No path separators, control characters, format characters (bidi
    overrides, zero-width spaces) or characters Windows forbids; no leading
    dots or spaces; not a reserved device name such as CON; at most 80
    characters and 120 bytes of UTF-8, so that a suffix still fits the 255
    bytes file systems allow. Accents are kept: a letter for José is still José's.
    """
    text = unicodedata.normalize("NFC", visible(name))
    text = "".join("_" if unicodedata.category(c) == "Cc" or c in '/\\:*?"<>|' else c for c in text)
    text = re.sub(r"\s+", " ", text).strip(" ._")
    text = _cut_to_bytes(text.replace(" ", "-")[:80], 120).rstrip(".-_ ")
    if not text:
        text = "signer"
    if text.split(".")[0].casefold() in _RESERVED:
        text = f"_{text}"
    return text
