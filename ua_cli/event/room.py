"""The room's pages: the poster by the door, tonight's count for a screen,
the UA's live totals, and what a closed UA says."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ua_cli.event.pieces import Response, in_language, long_date


def _day(iso: str, lang: str) -> str:
    """'2026-11-20' as the language writes a date."""
    import datetime

    return long_date(datetime.date.fromisoformat(iso), lang)


class RoomPages:
    """The room's half of EventApp (it supplies the campaign, words and templates)."""

    def _closed_notice(self, words: Mapping[str, str], lang: str) -> str | None:
        """Said on the pages of a UA whose deadline has passed."""
        if self.campaign.deadline >= self.today:
            return None
        return words["closed"].replace("{date}", long_date(self.campaign.deadline, lang))

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
            title=in_language(campaign.title, lang, campaign), address=address,
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
            lang=lang, dir=direction(lang), w=words, event="", heading=self.event,
            **self._tonight_counts(),
        )  # fmt: skip
        return Response(200, html.encode())

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

    def _report_page(self, lang: str) -> Response:
        from ua_cli.actionlog.entries import ACTIONS
        from ua_cli.packs import direction

        words = self.words.get(lang, self.words["en"])
        names = dict(zip(ACTIONS, words["r_actions"].split("|"), strict=True))
        (report,) = self._reports()
        per_day = {day: sum(counts.values()) for day, counts in report.by_day.items()}
        peak = max(per_day.values(), default=1) or 1
        bars = [
            {"day": day, "count": n, "width": max(1, round(n / peak * 480))}
            for day, n in list(per_day.items())[-31:]
        ]
        span = (
            words["r_span"].format(first=_day(report.first, lang), last=_day(report.last, lang))
            if report.first
            else ""
        )
        html = self.env.get_template("report.html.j2").render(
            lang=lang, dir=direction(lang), event=self.event, w=words,
            heading=words["r_heading"].format(id=self.campaign.id),
            said=words["r_total"].format(n=report.total) + span + ".",
            columns=words["r_columns"].split("|"),
            totals=[(names.get(a, a), n) for a, n in report.totals.items()], bars=bars,
        )  # fmt: skip
        return Response(200, html.encode(), headers=(("Refresh", "30"),))
