"""A UA's web page, read only when the user gives its address (`ua new URL`):
http and https only, no cookies sent or kept, a few redirects at most, the
page bounded in size and time. Nothing else ever goes over the network."""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from ua_cli.errors import UaError

MAX_PAGE = 20 * 1024 * 1024  # as a document file (documents.MAX_DOCUMENT)
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 15.0


def is_web_address(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str) -> bytes:
    """The page's bytes; one clear UaError if it cannot be had."""
    _check(url)
    opener = urllib.request.build_opener(_Redirects())  # no cookie processor: none kept
    request = urllib.request.Request(url, headers={"User-Agent": "ua-cli (reads one UA page)"})
    deadline = time.monotonic() + TIMEOUT_SECONDS
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_PAGE:
                raise UaError(f"{url}: the page is larger than {MAX_PAGE // 2**20} MiB; not a UA")
            body = _body(url, response, deadline)
            if length and length.isdigit() and len(body) < int(length):
                raise UaError(
                    f"{url}: cannot read the page: it stopped after {len(body):,} of "
                    f"{int(length):,} bytes; try again"
                )
            return body
    except urllib.error.HTTPError as error:
        error.close()  # its connection, which urllib leaves open
        if 300 <= error.code < 400:  # urllib gave up following them
            raise UaError(
                f"{url}: more than {MAX_REDIRECTS} redirects; give the page's own address"
            ) from None
        raise UaError(
            f"{url}: the server answered {error.code} {_one_line(error.reason)}"
        ) from None
    except urllib.error.URLError as error:
        raise UaError(f"{url}: cannot read the page: {_one_line(error.reason)}") from None
    except (http.client.HTTPException, TimeoutError, OSError, ValueError) as error:
        reason = _one_line(error) or type(error).__name__  # "IncompleteRead(…)" says little
        raise UaError(f"{url}: cannot read the page: {reason}") from None


def _body(url: str, response: http.client.HTTPResponse, deadline: float) -> bytes:
    """The page as it comes, a piece at a time, so that neither its size nor a
    server sending a byte at a time can hold `ua new` past the bounds."""
    pieces: list[bytes] = []
    size = 0
    while piece := response.read1(64 * 1024):
        pieces.append(piece)
        size += len(piece)
        if size > MAX_PAGE:
            raise UaError(f"{url}: the page is larger than {MAX_PAGE // 2**20} MiB; not a UA")
        if time.monotonic() > deadline:
            raise UaError(
                f"{url}: the page takes more than {TIMEOUT_SECONDS:g} s to come; "
                "save it from a browser and give the file"
            )
    return b"".join(pieces)


def _one_line(reason: object) -> str:
    return " ".join(str(reason).split())


def _check(url: str) -> None:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (read to check it: "http://host:99999/" raises)
    except ValueError as error:
        raise UaError(f"{_shown(url)}: not a web address: {error}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UaError(f"{_shown(url)}: give a web page's address (http:// or https://)")
    if parts.username or parts.password:
        raise UaError(
            f"{_shown(url)}: a web address with a user name or password; give the page's "
            "public address, or save the page and give the file"
        )


def _shown(url: str) -> str:
    """The address as it may be shown: a user name or password never (a
    token is often given as the user name)."""
    return re.sub(r"^([A-Za-z][\w+.-]*://)?[^/?#]*@", r"\1***@", url)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """At most MAX_REDIRECTS, and only to other web pages."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 (urllib's)
        _check(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
