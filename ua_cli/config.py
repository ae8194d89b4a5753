"""The sender profile: a small TOML file in the user's config folder.

Python reads TOML with the standard library; the file holds only flat text
values, so writing it needs no library either.
"""

import json
import re
from pathlib import Path
from typing import NamedTuple

from ua_cli.errors import UaError
from ua_cli.files import write_atomically

# The keys a profile may hold, with what each one means (shown by `ua config`).
KEYS: dict[str, str] = {
    "name": "your name, printed under the letter",
    "city": "your town or city, written before the date",
    "country": "your country, in the sender block",
    "email": "your email address, in the sender block",
    "language": "the language to write in (es, en, ...)",
    "ua": "the UA to use when --ua is not given (e.g. 106.23)",
    "paper": "paper size for printing: a4 or letter",
}

_CHECKS: dict[str, tuple[str, str]] = {
    "language": (r"[a-z]{2,3}", "a language code such as es or en"),
    "ua": (r"\d+\.\d+", "a UA number such as 106.23"),
    "paper": (r"a4|letter", "a4 or letter"),
}

_US_NAMES = {"us", "usa", "u.s.", "u.s.a.", "united states", "united states of america"}


class Profile(NamedTuple):
    """What the user told `ua` about themselves; every value is optional."""

    name: str | None = None
    city: str | None = None
    country: str | None = None
    email: str | None = None
    language: str | None = None
    ua: str | None = None
    paper: str | None = None

    def merged(self, **overrides: str | None) -> "Profile":
        """This profile with the values given on the command line taking precedence."""
        return self._replace(**{k: v for k, v in overrides.items() if v})

    def lives_in_us(self) -> bool:
        return (self.country or "").strip().lower() in _US_NAMES

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in self._asdict().items() if value}


def load_profile(path: Path) -> Profile:
    """Read the profile; a missing file is an empty profile."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Profile()
    except (OSError, UnicodeDecodeError) as error:
        raise UaError(f"{path}: cannot read the profile: {error}") from None
    import tomllib  # only when there is a profile to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        where = f"{path}:{line.group(1)}" if line else str(path)
        raise UaError(f"{where}: not valid TOML: {str(error).split(' (at')[0]}") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise UaError(f"{path}: unknown setting '{unknown[0]}'; settings: {', '.join(KEYS)}")
    for key, value in data.items():
        if not isinstance(value, str):
            raise UaError(f"{path}: {key} must be text in quotes")
    return Profile(**data)


def check_value(key: str, value: str) -> str:
    """Validate one setting; return it cleaned, or raise UaError."""
    value = value.strip()
    if not value:
        raise UaError(f"{key} must not be empty; to remove it: ua config unset {key}")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise UaError(f"{key} must not contain control characters")
    if key == "email":
        from ua_cli.campaign import EMAIL_PATTERN  # one definition of a valid address

        if not re.fullmatch(EMAIL_PATTERN, value):
            raise UaError(f"'{value}' is not a valid email address")
    if key in _CHECKS:
        pattern, meaning = _CHECKS[key]
        if not re.fullmatch(pattern, value):
            raise UaError(f"'{value}' is not {meaning}")
    return value


def save_profile(path: Path, profile: Profile) -> None:
    """Write the profile atomically, creating its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# ua sender profile; edit with `ua config set KEY VALUE`"]
    # A JSON string with ensure_ascii off is also a valid TOML basic string.
    lines += [
        f"{key} = {json.dumps(value, ensure_ascii=False)}"
        for key, value in profile.as_dict().items()
    ]
    write_atomically(path, "\n".join(lines) + "\n", force=True)
