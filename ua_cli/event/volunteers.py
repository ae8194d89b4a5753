"""The volunteers' pages: the PIN, the queue, printing it as `ua batch` would,
taking one letter out, and counting the printed letters once in the log."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any

from ua_cli.event.pieces import Form, Response
from ua_cli.event.queue import Queued
from ua_cli.event.security import cookies, same_secret

PIN_TRIES = 5  # per address and minute
PIN_LOCK_SECONDS = 60


def _local_time(stamp: str) -> str:
    """A queued letter's UTC time as this computer's clock shows it: '19:42'."""
    import datetime

    try:
        return datetime.datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")
    except ValueError:
        return stamp


class VolunteerPages:
    """The volunteers' half of EventApp (it supplies the queue, the log, the lock)."""

    def _signed_in(self, headers: Mapping[str, str]) -> bool:
        token = cookies(headers.get("cookie", "")).get("ua_volunteer", "")
        with self._lock:
            return any(same_secret(token, session) for session in self._sessions)

    def _volunteer(
        self,
        headers: Mapping[str, str],
        message: tuple[str, dict[str, Any]] | None,
        status: int = 200,
    ) -> Response:
        """The volunteers' page, in their browser's language (else English);
        `message` is a words key and its values."""
        from ua_cli.event.pieces import accepted_languages
        from ua_cli.packs import direction

        lang = next(
            (code for code in accepted_languages(headers.get("accept-language", ""))
             if code in self.words),
            "en",
        )  # fmt: skip
        words = self.words[lang]
        said = words[message[0]].format(**message[1]) if message else None
        signed_in = self._signed_in(headers)
        queued = self.queue.all() if signed_in else []
        campaign = self._campaign_in(lang) if lang in self._languages() else self.campaign
        officials = {key: target.who(lang) for key, target in campaign.targets.items()}
        html = self.env.get_template("volunteer.html.j2").render(
            lang=lang, dir=direction(lang), event=self.event, heading=words["v_heading"],
            csrf=self.csrf, w=words, columns=words["v_columns"].split("|"),
            signed_in=signed_in, queued=queued, message=said,
            rows=[
                {"q": q, "to": ", ".join(officials.get(key, key) for key in q.targets),
                 "since": _local_time(q.created_at)}
                for q in queued
            ],
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
                self.volunteer_clients.add(client)  # kept a connection when the room is full
        if locked:
            return self._volunteer(headers, ("v_wait", {"seconds": PIN_LOCK_SECONDS}), 429)
        if not right:
            return self._volunteer(headers, ("v_wrong_pin", {}), status=403)
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
                return self._volunteer(headers, ("v_absent", {"id": row}))
            self.queue.remove([row])
        return self._volunteer(headers, ("v_removed", {"id": row}))

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
                return self._volunteer(headers, ("v_nothing", {}))
            entries = self._printed_entries(printed)
            # Counts only, never who wrote. Each letter's entry has an id made
            # from its queue row, so marking again (after a crash between the
            # log and the queue) adds nothing: the log keeps the ids it has.
            with open_log(log_location(self.db)) as log:
                log.add_new(entries)
            self.queue.remove([q.id for q in printed])
            keys = [e.target for e in entries]
        return self._volunteer(headers, ("v_counted", {"n": len(keys)}))

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
