"""Where the shipped letter templates and UA files are: the one resolver for both.

In a wheel they sit inside the package (pyproject.toml force-includes them); in
a source checkout or an editable install they sit at the top of the project.
Never the current directory: `ua` must work from any folder.
"""

from __future__ import annotations

from pathlib import Path

from ua_cli.errors import UaError

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """The folder of shipped files called `name` ('letters' or 'data')."""
    for base in (_PACKAGE_DIR, _PACKAGE_DIR.parent):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise UaError(f"this installation of ua has no {name}/ folder; reinstall it")


def letter_languages() -> frozenset[str]:
    """Languages that have letter templates (a folder under letters/; _layout
    holds what every language shares)."""
    letters = shipped_dir("letters")
    return frozenset(p.name for p in letters.iterdir() if p.is_dir() and p.name[0] != "_")
