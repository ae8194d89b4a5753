"""The event's web pages: attendees write their letter, volunteers print the queue.

`EventApp.handle` answers one request (method, path, headers, body) with a
`Response`, so the pages are tested without a network; server.py puts it
behind waitress, and security.py holds the checks on what a request brings.

Safety: every page is built by Jinja2 with autoescaping (what attendees type is
text, never markup); forms carry a token no other site can read (CSRF); the
volunteers' pages need the PIN printed at start-up (a few wrong tries lock
them for a while); request bodies are bounded; no page loads anything from
outside the machine (a strict Content-Security-Policy says so to the browser).
"""

from __future__ import annotations

import datetime
import json
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from ua_cli.campaign.model import Campaign
from ua_cli.errors import UaError
from ua_cli.event.queue import AlreadyQueued, EventQueue, Queued, QueueFull
from ua_cli.event.security import (
    MAX_FIELD,
    cookies,
    field_problem,
    local_host,
    same_origin,
    same_secret,
)

PAGES = Path(__file__).parent / "pages"
PIN_TRIES = 5  # per address and minute
PIN_LOCK_SECONDS = 60
LETTERS_PER_MINUTE = 20  # from one address: a family at one phone, not a script
_STATIC = {
    "style.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "tonight.js": "text/javascript; charset=utf-8",
}


class Response(NamedTuple):
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


class Form(NamedTuple):
    targets: tuple[str, ...] = ()
    name: str = ""
    city: str = ""
    country: str = ""
    address: str = ""
    email: str = ""
    personal: str = ""


class EventApp:
    """Everything a request needs: the UA, the queue, the log, the secrets."""

    def __init__(
        self,
        campaign: Campaign,
        *,
        queue: EventQueue,
        db: str | None,
        event: str,
        today: datetime.date,
        now: Callable[[], datetime.datetime],
        renderer: Any,
    ) -> None:
        import jinja2

        self.campaign = campaign
        self.renderer = renderer
        self.queue = queue
        self.db = db
        self.event = event
        self.today = today
        self.now = now
        self.pin = f"{secrets.randbelow(10**6):06d}"
        self.csrf = secrets.token_urlsafe(32)
        self._sessions: set[str] = set()
        self._failed_pins: list[tuple[float, str]] = []
        # The address attendees open (set by `ua serve`); else the one a page was asked by.
        self.address: str | None = None
        # Tonight's counts, since the server started: each queued letter once.
        self._tonight = {"letters": 0, "writers": 0}
        self._officials: set[str] = set()
        self._queued_at: list[tuple[float, str]] = []
        self._lock = threading.RLock()  # a page under the lock may check the session too
        self._translated: dict[str, Campaign] = {}
        self.words = json.loads((PAGES / "words.json").read_text(encoding="utf-8"))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(PAGES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    # -- routing ------------------------------------------------------------------

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes, client: str = ""
    ) -> Response:
        try:
            if not local_host(headers.get("host", "")):
                # A name that is not this machine's: a page elsewhere pointing a
                # name of its own at us (DNS rebinding).
                return self._text(421, "this server answers to its address only")
            if method == "POST" and not same_origin(headers):
                return self._text(403, "a form from another site")
            return self._route(method, target, headers, body, client)
        except UaError as error:
            return self._text(400, str(error))

    def _route(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes, client: str
    ) -> Response:
        url = urllib.parse.urlsplit(target)
        try:
            query = dict(urllib.parse.parse_qsl(url.query, max_num_fields=10))
        except ValueError:
            return self._text(400, "too many parameters")
        path = url.path
        if method == "HEAD":
            return self._route("GET", target, headers, body, client)._replace(body=b"")
        if method == "GET":
            if path == "/":
                lang = self._language(query, headers)
                words = self.words.get(lang, self.words["en"])
                thanks = ("ok", words["queued"]) if query.get("queued") == "1" else None
                return self._attendee(lang, Form(), thanks)
            if path == "/poster":
                return self._poster(self._language(query, headers), headers)
            if path == "/tonight":
                return self._tonight_page(self._language(query, headers))
            if path == "/tonight.json":
                return Response(
                    200, json.dumps(self._tonight_counts()).encode(), "application/json"
                )
            if path.startswith("/static/") and path.removeprefix("/static/") in _STATIC:
                name = path.removeprefix("/static/")
                return Response(200, (PAGES / name).read_bytes(), _STATIC[name])
            if path == "/report":
                return self._report_page()
            if path == "/report.json":
                return Response(200, self._report_json().encode(), "application/json")
            if path == "/volunteer":
                return self._volunteer(headers, None)
            if path in ("/volunteer/letters.pdf", "/volunteer/envelopes.pdf"):
                if not self._signed_in(headers):
                    return self._volunteer(headers, None, status=403)
                return self._print(envelopes=path.endswith("envelopes.pdf"))
            return self._text(404, "no such page")
        if method == "POST":
            fields = self._fields(headers, body)
            if not same_secret(fields.get("csrf", [""])[0], self.csrf):
                return self._text(
                    403, "this form is out of date: reload the page and send it again"
                )
            if path in ("/", "/preview"):
                return self._submit(fields, headers, client, fragment=path == "/preview")
            if path == "/volunteer/login":
                return self._login(fields, headers, client)
            if path == "/volunteer/printed":
                if not self._signed_in(headers):
                    return self._volunteer(headers, None, status=403)
                return self._mark_printed(fields, headers)
            if path == "/volunteer/remove":
                if not self._signed_in(headers):
                    return self._volunteer(headers, None, status=403)
                return self._remove_one(fields, headers)
            return self._text(404, "no such page")
        return self._text(405, "only GET and POST")._replace(
            headers=(("Allow", "GET, HEAD, POST"),)
        )

    # -- attendees ----------------------------------------------------------------

    def _languages(self) -> list[str]:
        """The languages a letter can be written in: the UA's, and its translations."""
        from ua_cli.campaign.translations import overlays
        from ua_cli.packs import packs

        known = set(packs())
        return [
            lang
            for lang in dict.fromkeys([*self.campaign.languages, *overlays(self.campaign.id)])
            if lang in known
        ]

    def _language(self, query: Mapping[str, str], headers: Mapping[str, str]) -> str:
        """?lang=, else the first of the browser's languages the page has, else the UA's."""
        offered = self._languages()
        if query.get("lang") in offered:
            return query["lang"]
        for lang in _accepted(headers.get("accept-language", "")):
            if lang in offered:
                return lang
        return (
            self.campaign.preferred_language
            if self.campaign.preferred_language in offered
            else offered[0]
        )

    def _campaign_in(self, lang: str) -> Campaign:
        if lang in self.campaign.languages:
            return self.campaign
        with self._lock:
            if lang not in self._translated:
                from ua_cli.campaign.translations import with_language

                applied = with_language(self.campaign, lang)
                self._translated[lang] = applied.campaign if applied else self.campaign
            return self._translated[lang]

    def _attendee(
        self,
        lang: str,
        form: Form,
        message: tuple[str, str] | None,
        letters: list[dict[str, Any]] | None = None,
        status: int = 200,
    ) -> Response:
        from ua_cli.packs import direction

        campaign = self._campaign_in(lang)
        words = self.words.get(lang, self.words["en"])
        offered = self._languages()
        html = self.env.get_template("attendee.html.j2").render(
            lang=lang, dir=direction(lang), w=words, csrf=self.csrf, event=self.event,
            heading=words["title"],
            languages=list(zip(offered, _native_names(offered), strict=True)),
            summary=_in(campaign.summary, lang, campaign) if campaign.summary else "",
            deadline=_long_date(campaign.deadline, lang),
            closed=self._closed_notice(words, lang),
            targets=[{"key": t.key, "label": _label(t, lang)} for t in campaign.targets.values() if not t.copy],
            form=form, message=message[1] if message else None, token=secrets.token_urlsafe(16),
            message_kind=message[0] if message else "", letters=letters or [],
        )  # fmt: skip
        return Response(status, html.encode())

    def _closed_notice(self, words: Mapping[str, str], lang: str) -> str | None:
        """Said on the pages of a UA whose deadline has passed."""
        if self.campaign.deadline >= self.today:
            return None
        return words["closed"].replace("{date}", _long_date(self.campaign.deadline, lang))

    def _poster(self, lang: str, headers: Mapping[str, str]) -> Response:
        """A page to print and put up: the UA's title, the address, a large QR code."""
        import markupsafe

        from ua_cli.event.network import qr_svg
        from ua_cli.packs import direction

        campaign = self._campaign_in(lang)
        words = self.words.get(lang, self.words["en"])
        address = self.address or f"http://{headers.get('host', 'localhost')}/"
        html = self.env.get_template("poster.html.j2").render(
            lang=lang, dir=direction(lang), w=words, event=self.event, heading=words["title"],
            title=_in(campaign.title, lang, campaign), address=address,
            qr=markupsafe.Markup(qr_svg(address)),
        )  # fmt: skip
        return Response(200, html.encode())

    def _tonight_counts(self) -> dict[str, int]:
        with self._lock:
            return {**self._tonight, "officials": len(self._officials)}

    def _tonight_page(self, lang: str) -> Response:
        from ua_cli.packs import direction

        words = self.words.get(lang, self.words["en"])
        html = self.env.get_template("tonight.html.j2").render(
            lang=lang, dir=direction(lang), w=words, event=self.event, heading=words["tonight"],
            **self._tonight_counts(),
        )  # fmt: skip
        return Response(200, html.encode())

    def _submit(
        self,
        fields: Mapping[str, list[str]],
        headers: Mapping[str, str],
        client: str,
        *,
        fragment: bool,
    ) -> Response:
        lang = fields.get("lang", [""])[0]
        if lang not in self._languages():
            lang = self._language({}, headers)
        form = _form(fields)
        words = self.words.get(lang, self.words["en"])
        campaign = self._campaign_in(lang)
        # One letter per official per submission, however often a form names one.
        chosen = list(dict.fromkeys(key for key in form.targets if key in campaign.targets))
        action = fields.get("do", ["preview"])[0]
        if problem := self._form_problem(form, chosen, words, action):
            return (
                Response(200, b"")
                if fragment
                else self._attendee(lang, form, ("error", problem), status=422)
            )
        letters = self._letters(campaign, chosen, lang, form)
        if action == "pdf" and not fragment:
            return self._pdf(letters)
        previews = self._previews(campaign, letters)
        if fragment:
            html = self.env.get_template("preview.html.j2").render(w=words, letters=previews)
            return Response(200, html.encode())
        if action != "queue":
            return self._attendee(lang, form, None, previews)
        if not self._may_queue(client):
            message = "too many letters from this device: wait a minute"
            return self._attendee(lang, form, ("error", message), status=429)
        token = fields.get("token", [""])[0]
        token = token if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", token) else None
        try:
            self.queue.add(Queued(0, "", tuple(chosen), lang, form.name, form.city or None,
                                  form.country or None, form.address or None, form.email or None,
                                  form.personal or None), now=self.now(), token=token)  # fmt: skip
        except AlreadyQueued:
            return self._attendee(lang, Form(), ("ok", words["already"]), previews)
        except QueueFull:
            message = "the print queue is full: ask a volunteer to print it, then add yours"
            return self._attendee(lang, form, ("error", message), status=503)
        with self._lock:
            self._tonight["letters"] += len(chosen)
            self._tonight["writers"] += 1
            self._officials.update(chosen)
        # Post, redirect, get: a reload of the thank-you page sends nothing again.
        return Response(303, b"", headers=(("Location", f"/?lang={lang}&queued=1"),))

    def _form_problem(
        self, form: Form, chosen: list[str], words: Mapping[str, str], action: str
    ) -> str | None:
        from ua_cli.render.typeset import undrawable

        if not form.name or not chosen:
            return words["missing"]
        if problem := field_problem(form):
            return problem
        if action in ("pdf", "queue") and (missing := undrawable("".join(form[1:]))):
            return f"the printer's fonts cannot print {missing!r}"
        return None

    def _may_queue(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            self._queued_at = [(t, c) for t, c in self._queued_at if now - t < 60]
            if sum(c == client for _, c in self._queued_at) >= LETTERS_PER_MINUTE:
                return False
            self._queued_at.append((now, client))
            return True

    def _letters(self, campaign: Campaign, keys: list[str], lang: str, form: Form) -> list[Any]:
        from ua_cli.compose.letter import compose_letter
        from ua_cli.config import Profile

        sender = Profile(
            name=form.name, city=form.city or None, country=form.country or None,
            email=form.email or None, address=form.address or None,
        )  # fmt: skip
        return [
            compose_letter(
                campaign,
                campaign.targets[key],
                lang=lang,
                sender=sender,
                date=self.today,
                personal=form.personal or None,
            )
            for key in keys
        ]

    def _previews(self, campaign: Campaign, letters: list[Any]) -> list[dict[str, Any]]:
        from markupsafe import Markup

        from ua_cli.compose.posts import NETWORKS, choose_post, share_url
        from ua_cli.render.output import mailto_link

        renderer = self.renderer
        items = []
        for letter in letters:
            target = campaign.targets[letter.target]
            post = None
            if "tweet" in target.channels:
                chosen = choose_post(
                    campaign,
                    target,
                    letter.lang,
                    NETWORKS["x"],
                    variant=None,
                    seed=letter.signer or "",
                )
                post = share_url(chosen.text, NETWORKS["x"], None)
            items.append({
                # The shipped template autoescapes everything the attendee typed.
                "html": Markup(renderer.render(letter, "html", {})),
                "mailto": mailto_link(renderer, campaign, letter) if "email" in target.channels else None,
                "post": post,
                "official": target.courtesy_name(letter.lang),
            })  # fmt: skip
        return items

    def _pdf(self, letters: list[Any]) -> Response:
        from ua_cli.render.output import print_ready

        pdf = print_ready(letters, paper="a4")
        return Response(
            200,
            pdf,
            "application/pdf",
            (("Content-Disposition", 'attachment; filename="letter.pdf"'),),
        )

    # -- volunteers ---------------------------------------------------------------

    def _signed_in(self, headers: Mapping[str, str]) -> bool:
        token = cookies(headers.get("cookie", "")).get("ua_volunteer", "")
        with self._lock:
            return any(same_secret(token, session) for session in self._sessions)

    def _volunteer(
        self, headers: Mapping[str, str], message: str | None, status: int = 200
    ) -> Response:
        signed_in = self._signed_in(headers)
        html = self.env.get_template("volunteer.html.j2").render(
            lang="en", dir="ltr", event=self.event, heading="Print queue", csrf=self.csrf,
            signed_in=signed_in, queued=self.queue.all() if signed_in else [], message=message,
        )  # fmt: skip
        return Response(status, html.encode())

    def _login(
        self, fields: Mapping[str, list[str]], headers: Mapping[str, str], client: str
    ) -> Response:
        now = time.monotonic()
        with self._lock:
            self._failed_pins = [(t, c) for t, c in self._failed_pins if now - t < PIN_LOCK_SECONDS]
            # Per address: a guesser slows down only itself (a bound over all
            # addresses let guessers lock the volunteers out).
            locked = sum(c == client for _, c in self._failed_pins) >= PIN_TRIES
            right = not locked and same_secret(fields.get("pin", [""])[0].strip(), self.pin)
            if not right and not locked:
                self._failed_pins.append((now, client))
            token = secrets.token_urlsafe(32) if right else ""
            if right:
                self._sessions.add(token)
        if locked:
            return self._volunteer(
                headers, f"Too many wrong PINs: wait {PIN_LOCK_SECONDS} s.", status=429
            )
        if not right:
            return self._volunteer(headers, "Wrong PIN.", status=403)
        cookie = f"ua_volunteer={token}; Path=/; HttpOnly; SameSite=Strict"
        return Response(303, b"", headers=(("Location", "/volunteer"), ("Set-Cookie", cookie)))

    def _print(self, *, envelopes: bool) -> Response:
        from ua_cli.render import typeset
        from ua_cli.render.output import print_ready

        queued = self.queue.all()
        letters = self._queue_letters(queued)
        if not letters:
            return self._text(404, "the queue is empty")
        pdf = (
            typeset.envelopes(letters, paper="a4")
            if envelopes
            else print_ready(letters, paper="a4")
        )
        if not envelopes:
            # Only what went into this PDF may be marked printed later.
            self.queue.mark_in_print([q.id for q in queued], now=self.now())
        name = "envelopes.pdf" if envelopes else "letters.pdf"
        return Response(
            200, pdf, "application/pdf", (("Content-Disposition", f'inline; filename="{name}"'),)
        )

    def _queue_letters(self, queued: list[Queued]) -> list[Any]:
        """The queued letters exactly as each attendee previewed them (the same
        composer, wording, date and paragraph), per language and official."""
        letters = []
        for lang in dict.fromkeys(q.lang for q in queued):
            campaign = self._campaign_in(lang)
            for key in campaign.targets:
                for q in queued:
                    if q.lang == lang and key in q.targets:
                        form = Form(
                            targets=(key,), name=q.name, city=q.city or "",
                            country=q.country or "", address=q.address or "",
                            email=q.email or "", personal=q.personal or "",
                        )  # fmt: skip
                        letters += self._letters(campaign, [key], lang, form)
        return letters

    def _remove_one(self, fields: Mapping[str, list[str]], headers: Mapping[str, str]) -> Response:
        """A volunteer takes one letter out of the queue (a duplicate, a test)."""
        try:
            row = int(fields.get("id", ["0"])[0])
        except ValueError:
            return self._text(400, "which letter? reload the queue")
        with self._lock:
            if not any(q.id == row for q in self.queue.all()):
                return self._volunteer(headers, f"Letter {row} is not in the queue.")
            self.queue.remove([row])
        return self._volunteer(
            headers, f"Removed letter {row} from the queue; nothing was counted."
        )

    def _mark_printed(
        self, fields: Mapping[str, list[str]], headers: Mapping[str, str]
    ) -> Response:
        from ua_cli.actionlog.opening import open_log
        from ua_cli.paths import log_location

        try:
            upto = int(fields.get("upto", ["0"])[0])
        except ValueError:
            return self._text(400, "which letters? reload the queue")
        with self._lock:
            printed = [q for q in self.queue.all() if q.id <= upto and q.printed]
            if not printed:
                return self._volunteer(headers, "Nothing to mark: print the queue first.")
            entries = self._printed_entries(printed)
            # Counts only, never who wrote. Each letter's entry has an id made
            # from its queue row, so marking again (after a crash between the
            # log and the queue) adds nothing: the log keeps the ids it has.
            with open_log(log_location(self.db)) as log:
                log.add_new(entries)
            self.queue.remove([q.id for q in printed])
            keys = [e.target for e in entries]
        return self._volunteer(
            headers,
            f"Counted {len(keys)} letter(s) in the action log; their writers' names are deleted.",
        )

    def _printed_entries(self, printed: list[Queued]) -> list[Any]:
        import uuid

        from ua_cli.actionlog.entries import new_entry

        namespace = uuid.UUID(self.queue.identity)
        now = self.now()
        return [
            new_entry(
                ua=self.campaign.id, action="letter", target=key, date=self.today, now=now
            )._replace(id=str(uuid.uuid5(namespace, f"{q.id}/{q.created_at}/{key}")))
            for q in printed
            for key in dict.fromkeys(q.targets)
            if key in self.campaign.targets
        ]

    # -- totals ----------------------------------------------------------------------

    def _reports(self) -> list[Any]:
        from ua_cli.actionlog import report as reports
        from ua_cli.actionlog.opening import open_log
        from ua_cli.paths import log_location

        with open_log(log_location(self.db)) as log:
            return reports.build_reports(
                log, [(self.campaign.id,)], since=None, until=None, extra=[]
            )

    def _report_json(self) -> str:
        from ua_cli.actionlog import report as reports

        return reports.format_json(self._reports())

    def _report_page(self) -> Response:
        from ua_cli.actionlog.entries import PLURALS

        (report,) = self._reports()
        per_day = {day: sum(counts.values()) for day, counts in report.by_day.items()}
        peak = max(per_day.values(), default=1) or 1
        bars = [
            {"day": day, "count": n, "width": max(1, round(n / peak * 480))}
            for day, n in list(per_day.items())[-31:]
        ]
        html = self.env.get_template("report.html.j2").render(
            lang="en", dir="ltr", event=self.event, heading=f"UA {self.campaign.id}: totals",
            total=report.total, first=report.first, last=report.last,
            totals=[(PLURALS[a].capitalize(), n) for a, n in report.totals.items()], bars=bars,
        )  # fmt: skip
        return Response(200, html.encode(), headers=(("Refresh", "30"),))

    # -- helpers ------------------------------------------------------------------------

    def _fields(self, headers: Mapping[str, str], body: bytes) -> dict[str, list[str]]:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise UaError("the form is not UTF-8") from None
        try:
            return urllib.parse.parse_qs(text, max_num_fields=40)
        except ValueError:
            raise UaError("too many fields in the form") from None

    def _text(self, status: int, message: str) -> Response:
        return Response(status, (message + "\n").encode(), "text/plain; charset=utf-8")


# -- small pure functions --------------------------------------------------------------


def _accepted(header: str) -> list[str]:
    """The languages of an Accept-Language header, most wanted first ('fr-CH, fr;q=0.9')."""
    weighted = []
    for index, part in enumerate(header.split(",")[:20]):
        code, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if code:
            weighted.append((-quality, index, code.split("-")[0].lower()))
    return [code for _, _, code in sorted(weighted)]


def _native_names(codes: list[str]) -> list[str]:
    from babel import Locale

    names = []
    for code in codes:
        try:
            names.append(Locale.parse(code).get_display_name(code) or code)
        except ValueError:
            names.append(code)
    return names


def _long_date(date: datetime.date, lang: str) -> str:
    from ua_cli.compose.letter import format_long_date

    try:
        return format_long_date(date, lang)
    except UaError:
        return date.isoformat()


def _in(texts: Mapping[str, str], lang: str, campaign: Campaign) -> str:
    return texts.get(lang) or texts.get(campaign.preferred_language) or next(iter(texts.values()))


def _label(target: Any, lang: str) -> str:
    position = f", {target.position[lang]}" if target.position and lang in target.position else ""
    return f"{target.courtesy_name(lang)}{position}"


def _form(fields: Mapping[str, list[str]]) -> Form:
    def one(name: str) -> str:
        value = fields.get(name, [""])[0]
        return value.strip()[: MAX_FIELD.get(name, 200) + 1]

    return Form(
        targets=tuple(fields.get("target", []))[:10],
        name=one("name"), city=one("city"), country=one("country"),
        address=one("address"), email=one("email"), personal=one("personal"),
    )  # fmt: skip
