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

import contextlib
import datetime
import json
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ua_cli.campaign.model import Campaign
from ua_cli.errors import UaError
from ua_cli.event.pieces import (
    Form,
    Response,
    accepted_languages,
    form_of,
    in_language,
    long_date,
    native_names,
    target_label,
)
from ua_cli.event.queue import AlreadyQueued, EventQueue, Queued, QueueFull
from ua_cli.event.room import RoomPages
from ua_cli.event.security import (
    field_problem,
    local_host,
    same_origin,
    same_secret,
)
from ua_cli.event.volunteers import VolunteerPages

PAGES = Path(__file__).parent / "pages"
LETTERS_PER_MINUTE = 20  # from one address: a family at one phone, not a script
_STATIC = {
    "style.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "tonight.js": "text/javascript; charset=utf-8",
}


class EventApp(VolunteerPages, RoomPages):
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
        self.volunteer_clients: set[str] = set()  # addresses a volunteer signed in from
        self._failed_pins: list[tuple[float, str]] = []
        # The address attendees open (set by `ua serve`); else the one a page was asked by.
        self.address: str | None = None
        # Letters not printed by then are deleted with their writers' data.
        self.purge_after_hours = 24
        self._purged_at = float("-inf")
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
        self._purge_old()
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
                return self._report_page(self._language(query, headers))
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
        for lang in accepted_languages(headers.get("accept-language", "")):
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
            languages=list(zip(offered, native_names(offered), strict=True)),
            summary=in_language(campaign.summary, lang, campaign) if campaign.summary else "",
            deadline=long_date(campaign.deadline, lang),
            closed=self._closed_notice(words, lang),
            targets=[{"key": t.key, "label": target_label(t, lang)} for t in campaign.targets.values() if not t.copy],
            form=form, message=message[1] if message else None, token=secrets.token_urlsafe(16),
            hours=str(self.purge_after_hours), form_consent=False,
            message_kind=message[0] if message else "", letters=letters or [],
        )  # fmt: skip
        return Response(status, html.encode())

    def _purge_old(self) -> None:
        """Unprinted letters older than purge_after_hours are deleted with their
        writers' data (looked at once a minute at most)."""
        now = time.monotonic()
        with self._lock:
            if now - self._purged_at < 60:
                return
            self._purged_at = now
        cutoff = self.now() - datetime.timedelta(hours=self.purge_after_hours)
        with contextlib.suppress(UaError):  # a queue that cannot be read is said elsewhere
            self.queue.remove_older_than(cutoff)

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
        form = form_of(fields)
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
        if fields.get("consent", [""])[0] != "yes":
            return self._attendee(lang, form, ("error", words["consent_missing"]), previews, 422)
        if not self._may_queue(client):
            return self._attendee(lang, form, ("error", words["too_many"]), status=429)
        token = fields.get("token", [""])[0]
        token = token if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", token) else None
        try:
            self.queue.add(Queued(0, "", tuple(chosen), lang, form.name, form.city or None,
                                  form.country or None, form.address or None, form.email or None,
                                  form.personal or None), now=self.now(), token=token)  # fmt: skip
        except AlreadyQueued:
            return self._attendee(lang, Form(), ("ok", words["already"]), previews)
        except QueueFull:
            return self._attendee(lang, form, ("error", words["full"]), status=503)
        except UaError as error:  # a full disk, a locked file: for the organizer, not the page
            import logging

            logging.getLogger("ua.serve").error("%s", error)
            return self._attendee(lang, form, ("error", words["unsaved"]), status=503)
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
