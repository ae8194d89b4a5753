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

from ua_cli.errors import Problem, UaError

# Each field, and the header names (normalised: no case, accents or spaces) it answers to.
_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "nombre", "nombrecompleto", "nombreyapellidos", "signer"),
    "city": ("city", "town", "ciudad", "localidad", "poblacion"),
    "country": ("country", "pais"),
    "email": ("email", "mail", "correo", "correoelectronico"),
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
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UaError(f"{path}: cannot read: {error.strerror}") from None
    try:
        text, encoding = raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        # Spreadsheets on Windows export "CSV" in the ANSI code page.
        text, encoding = raw.decode("cp1252", errors="replace"), "Windows-1252"
    delimiter = _sniff_delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
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
    if not signer.name:
        return "no name"
    if signer.language and signer.language not in languages:
        return f"unknown language '{signer.language}' (this UA offers {', '.join(languages)})"
    if signer.email and not _EMAIL.fullmatch(signer.email):
        return f"'{signer.email}' is not an email address"
    for field in ("name", "city", "country", "email"):
        value = getattr(signer, field) or ""
        if any(unicodedata.category(c) == "Cc" for c in value):
            return f"the {field} holds a control character"
    return None


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

    No path separators, control characters or characters Windows forbids; no
    leading dots or spaces; not a reserved device name such as CON; at most 80
    characters. Accents are kept: a letter for José is still José's.
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join("_" if unicodedata.category(c) == "Cc" or c in '/\\:*?"<>|' else c for c in text)
    text = re.sub(r"\s+", " ", text).strip(" ._")
    text = text.replace(" ", "-")[:80].rstrip(".-_ ")
    if not text:
        text = "signer"
    if text.split(".")[0].casefold() in _RESERVED:
        text = f"_{text}"
    return text
