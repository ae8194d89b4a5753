"""The sender profile: a small TOML file in the user's config folder.

Python reads TOML with the standard library; the file holds only flat text
values, so writing it needs no library either.
"""

import json
import re
from pathlib import Path
from typing import NamedTuple

from ua_cli.actionlog.entries import UA_PATTERN
from ua_cli.errors import BadUsage, UaError
from ua_cli.files import MIB, read_limited, write_atomically

# The keys a profile may hold, with what each one means (shown by `ua config`).
KEYS: dict[str, str] = {
    "name": "your name, printed under the letter",
    "city": "your town or city, written before the date",
    "country": "your country, in the sender block",
    "email": "your email address, in the sender block",
    "address": "your street address for replies and envelopes; lines split by ;",
    "language": "the language to write in (es, en, ...)",
    "ua": "the UA to use when --ua is not given (e.g. 106.23)",
    "paper": "paper size for printing: a4 or letter",
    "instance": "your Mastodon server, where posts open (e.g. mastodon.social)",
}

_CHECKS: dict[str, tuple[str, str]] = {
    "language": (r"[a-z]{2,3}", "a language code such as es or en"),
    "ua": (UA_PATTERN, "a UA number such as 106.23"),
    "paper": (r"a4|letter", "a4 or letter"),
}

_US_NAMES = {"us", "usa", "u.s.", "u.s.a.", "united states", "united states of america"}


class Profile(NamedTuple):
    """What the user told `ua` about themselves; every value is optional."""

    name: str | None = None
    city: str | None = None
    country: str | None = None
    email: str | None = None
    address: str | None = None
    language: str | None = None
    ua: str | None = None
    paper: str | None = None
    instance: str | None = None

    def merged(self, **overrides: str | None) -> "Profile":
        """This profile with the values given on the command line taking precedence.

        Another name, town or country on the command line is another sender (or
        another place): the profile's street address then stays out, unless an
        address is given too."""
        given = {k: v for k, v in overrides.items() if v}
        if given.keys() & {"name", "city", "country"} and "address" not in given:
            given["address"] = None
        return self._replace(**given)

    def address_lines(self) -> tuple[str, ...]:
        """The street address as lines: written with ; (or line breaks) between them."""
        return split_address(self.address)

    def lives_in_us(self) -> bool:
        return (self.country or "").strip().lower() in _US_NAMES

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in self._asdict().items() if value}


def split_address(text: str | None) -> tuple[str, ...]:
    """'Calle Mayor 1; 28013 Madrid' -> ('Calle Mayor 1', '28013 Madrid')."""
    parts = (text or "").replace("\n", ";").split(";")
    return tuple(" ".join(part.split()) for part in parts if part.strip())


def load_profile(path: Path, *, check: bool = True) -> Profile:
    """Read the profile; a missing file is an empty profile. A value that
    `ua config set` would refuse is an error naming the file and the key
    (unless `check` is off: `ua config set` and `unset` repair such a file)."""
    if not path.exists():
        return Profile()
    raw = read_limited(path, MIB, "a ua profile")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UaError(f"{path}: cannot read the profile: it is not UTF-8 text") from None
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
            if check:
                raise UaError(f"{path}: {key} must be text in quotes")
            continue
        if not check:
            continue
        try:
            check_value(key, value)
        except UaError as error:
            raise UaError(f"{path}: {key}: {error}; fix it with: ua config set {key} ...") from None
    return Profile(**{key: value for key, value in data.items() if isinstance(value, str)})


# Long enough for any real name, place or address; short enough for a letter.
MAX_LENGTH = 300


def check_value(key: str, value: str) -> str:
    """Validate one setting (or a command-line option standing for it); return
    it cleaned, or raise UaError saying what is wrong."""
    import unicodedata

    value = given = value.strip()
    if key == "paper":
        value = value.lower()  # A4 is a4
    if not value:
        raise UaError(f"{key} must not be empty; to remove it: ua config unset {key}")
    if len(value) > MAX_LENGTH:
        raise UaError(f"{key} is longer than {MAX_LENGTH} characters")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise UaError(f"{key} must not contain control characters or line breaks")
    if key == "email":
        from ua_cli.campaign.model import EMAIL_PATTERN  # one definition of a valid address

        if not re.fullmatch(EMAIL_PATTERN, value):
            raise UaError(f"'{value}' is not a valid email address")
    if key in _CHECKS:
        pattern, meaning = _CHECKS[key]
        if not re.fullmatch(pattern, value):
            raise UaError(f"'{given}' is not {meaning}")
    if key == "instance":
        instance_host(value)
    if key == "language":
        from ua_cli.paths import letter_languages

        known = sorted(letter_languages())
        if value not in known:
            raise UaError(f"ua has no letters in '{value}' yet; languages: {', '.join(known)}")
    return value


_HOST = re.compile(
    r"(?=.{4,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+"
)


def instance_host(value: str) -> str:
    """A Mastodon server as a bare host name ('https://mastodon.social/' ->
    'mastodon.social'); a path, a port or a user name in it is refused."""
    host = value.strip().lower().removeprefix("https://").removesuffix("/")
    if not _HOST.fullmatch(host):
        raise BadUsage(f"{value!r} is not a server name such as mastodon.social")
    return host


def save_profile(path: Path, profile: Profile) -> None:
    """Write the profile atomically, creating its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# ua sender profile; edit with `ua config set KEY VALUE`"]
    # A JSON string with ensure_ascii off is also a valid TOML basic string.
    lines += [
        f"{key} = {json.dumps(value, ensure_ascii=False)}"
        for key, value in profile.as_dict().items()
    ]
    # Readable by its owner only: it holds a name, an address and an email.
    write_atomically(path, "\n".join(lines) + "\n", force=True, private=True)
