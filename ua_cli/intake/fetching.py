"""A UA's web page, read only when the user gives its address (`ua new URL`):
http and https only, no cookies sent or kept, a few redirects at most, the
page bounded in size and time. Nothing else ever goes over the network."""

from __future__ import annotations

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
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_PAGE:
                raise UaError(f"{url}: the page is larger than {MAX_PAGE // 2**20} MiB; not a UA")
            body = response.read(MAX_PAGE + 1)
    except urllib.error.HTTPError as error:
        error.close()  # its connection, which urllib leaves open
        raise UaError(f"{url}: the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise UaError(f"{url}: cannot read the page: {error.reason}") from None
    except (TimeoutError, OSError, ValueError) as error:
        raise UaError(f"{url}: cannot read the page: {error}") from None
    if len(body) > MAX_PAGE:
        raise UaError(f"{url}: the page is larger than {MAX_PAGE // 2**20} MiB; not a UA")
    return body


def _check(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UaError(f"{_shown(url)}: give a web page's address (http:// or https://)")
    if parts.username or parts.password:
        raise UaError(
            f"{_shown(url)}: a web address with a user name or password; give the page's "
            "public address, or save the page and give the file"
        )


def _shown(url: str) -> str:
    """The address as it may be shown: a password never."""
    parts = urllib.parse.urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return url


class _Redirects(urllib.request.HTTPRedirectHandler):
    """At most MAX_REDIRECTS, and only to other web pages."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 (urllib's)
        _check(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
