"""CSV cells that are safe to open in a spreadsheet (OWASP's CSV injection advice).

A cell starting with = + - @ tab or carriage return would run as a formula; a
leading apostrophe makes the spreadsheet show it as text instead.
"""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def unneutralise(cell: str) -> str:
    """The original text of a cell `neutralise` wrote."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell
