"""What keeps the event's pages safe from what phones on the network send:
the fields of a letter checked, the Host and Origin of a request, cookies read
within bounds, and the headers every page carries."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ua_cli.errors import UaError

if TYPE_CHECKING:
    from ua_cli.event.app import Form

MAX_FIELD = {
    "name": 200,
    "city": 200,
    "country": 200,
    "address": 500,
    "email": 254,
    "personal": 2000,
}

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self' mailto:; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # Same-origin: a form's POST says its Origin (Chrome sends "null" under
    # no-referrer), and links out (mailto:, X) carry nothing of this server.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def field_problem(form: Form) -> str | None:
    """Too long, or holding what no letter should (control characters, bidi
    overrides, a line break in a one-line field)."""
    from ua_cli.config import check_value

    for name, limit in MAX_FIELD.items():
        value = getattr(form, name)
        if len(value) > limit:
            return f"{name}: at most {limit} characters"
    try:
        for name in ("name", "city", "country", "email"):
            if getattr(form, name):
                check_value(name, getattr(form, name))
        if form.address:
            check_value("address", form.address.replace("\r\n", "; ").replace("\n", "; "))
    except UaError as error:
        return str(error)
    if any(not (c.isprintable() or c in "\r\n\t") for c in form.personal):
        return "personal: holds a control character"
    for name in MAX_FIELD:
        if any(c in HIDDEN for c in getattr(form, name)):
            return f"{name}: holds an invisible character that changes how text reads"
    return None


# Bidi overrides and isolates can make a printed name read otherwise than it
# is written; zero-width joiners stay (some scripts need them).
HIDDEN = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff"
    "\u200e\u200f\u061c"  # direction marks
    "\u2028\u2029"  # line and paragraph separators: a one-line name printed on two lines
)


def same_secret(given: str, expected: str) -> bool:
    """A token, cookie or PIN compared in constant time, whatever characters it
    holds ("００００００" is no PIN, and no error either)."""
    import hmac

    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8"))


def local_host(host: str) -> bool:
    """Whether a Host header names this machine: an address, 'localhost', or the
    machine's own name (never a name someone else's DNS points here, nor a list
    of names: "localhost:8765, evil.example")."""
    import ipaddress
    import socket

    name = host.strip().lower()
    if re.search(r"[^a-z0-9.:\[\]-]", name):
        return False
    if name.startswith("["):
        name = name[1:].split("]")[0]
    elif name.count(":") == 1:
        name = name.split(":")[0]
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    own = socket.gethostname().lower()
    return name in ("localhost", own, f"{own}.local") or not name


def same_origin(headers: Mapping[str, str]) -> bool:
    """A form sent from one of our pages: its Origin (when the browser says) is our Host."""
    origin = headers.get("origin")
    if not origin or origin == "null":  # not said: the form's token decides
        return True
    return urllib.parse.urlsplit(origin).netloc.lower() == headers.get("host", "").lower()


def cookies(header: str) -> dict[str, str]:
    cookies = {}
    for part in header.split(";")[:30]:
        name, _, value = part.strip().partition("=")
        cookies[name] = value
    return cookies
