"""Reports: the totals a coordinator sends back, per action, target and day.

Built from the log's running totals; the layouts (table, JSON, CSV, chart) are
plain functions of one Report value.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from ua_cli.actionlog.entries import (
    ACTIONS,
    CALL_ATTEMPT,
    CALL_MISSED,
    CALL_TAKEN,
    PLURALS,
    REPLY,
    Entry,
    plural,
)
from ua_cli.actionlog.store import ActionLog, Filter, TotalRow
from ua_cli.errors import UnknownChoice
from ua_cli.files import neutralise


class Replies(NamedTuple):
    """An official's answers: how many, when, and how long after the first action."""

    count: int
    first: str
    last: str
    days_after_first_action: int | None


class Report(NamedTuple):
    """Totals for one or more UAs over a date range."""

    uas: tuple[str, ...]
    since: str | None
    until: str | None
    totals: dict[str, int]  # action -> count, all five actions
    by_target: dict[str, dict[str, int]]  # target -> action -> count
    by_day: dict[str, dict[str, int]]  # YYYY-MM-DD -> action -> count
    entries: int
    first: str | None
    last: str | None
    call_attempts: int = 0  # calls that did not get through: never in the totals
    replies: dict[str, Replies] = {}  # noqa: RUF012 (a NamedTuple's default is never changed)
    outcomes: dict[str, int] | None = None  # for --by outcome: '' is a call without one

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def build_report(
    rows: Iterable[TotalRow], *, uas: tuple[str, ...], since: str | None, until: str | None
) -> Report:
    """Sum the rows into every view a report offers."""
    totals = dict.fromkeys(ACTIONS, 0)
    by_target: dict[str, dict[str, int]] = {}
    by_day: dict[str, dict[str, int]] = {}
    entries = attempts = 0
    replies: dict[str, list[TotalRow]] = {}
    first_action: dict[str, str] = {}
    for row in rows:
        if row.action == CALL_ATTEMPT:
            attempts += row.count
            continue
        if row.action == REPLY:
            replies.setdefault(row.target, []).append(row)
            continue
        if row.action not in totals:
            continue  # a kind this ua does not know, from a newer one's file
        first_action[row.target] = min(row.date, first_action.get(row.target, row.date))
        entries += row.entries
        totals[row.action] += row.count
        by_target.setdefault(row.target, dict.fromkeys(ACTIONS, 0))[row.action] += row.count
        by_day.setdefault(row.date, dict.fromkeys(ACTIONS, 0))[row.action] += row.count
    days = sorted(by_day)
    return Report(
        uas=uas,
        since=since,
        until=until,
        totals=totals,
        by_target=dict(sorted(by_target.items())),
        by_day={day: by_day[day] for day in days},
        entries=entries,
        first=days[0] if days else None,
        last=days[-1] if days else None,
        call_attempts=attempts,
        replies={t: _replies(r, first_action.get(t)) for t, r in sorted(replies.items())},
    )


def _replies(rows: list[TotalRow], first_action: str | None) -> Replies:
    first = min(row.date for row in rows)
    after = None
    if first_action:
        after = (
            datetime.date.fromisoformat(first) - datetime.date.fromisoformat(first_action)
        ).days
    return Replies(sum(row.count for row in rows), first, max(row.date for row in rows), after)


# --by outcome: each outcome, the calls taken first.
_OUTCOME_NAMES = {
    "reached": "Reached", "voicemail": "Voicemail", "": "Outcome not recorded",
    "busy": "Busy", "no-answer": "No answer", "wrong-number": "Wrong number",
}  # fmt: skip


def _outcome_rows(outcomes: dict[str, int]) -> list[list[str]]:
    taken = sum(outcomes.get(o, 0) for o in (*CALL_TAKEN, ""))
    missed = sum(outcomes.get(o, 0) for o in CALL_MISSED)
    rows = [["OUTCOME", "CALLS"]]
    rows += [[_OUTCOME_NAMES[o], str(outcomes.get(o, 0))] for o in (*CALL_TAKEN, "")]
    rows.append(["Calls taken (counted)", str(taken)])
    rows += [[_OUTCOME_NAMES[o], str(outcomes.get(o, 0))] for o in CALL_MISSED]
    rows.append(["Attempts (not counted)", str(missed)])
    return rows


def _follow_up(report: Report) -> list[str]:
    """Lines under the table: attempts kept apart, and the officials' replies."""
    lines = []
    if report.call_attempts:
        attempts = plural(report.call_attempts, "call attempt")
        lines.append(
            f"{attempts} that did not get through (busy, no answer, wrong number): not counted"
        )
    for target, replies in report.replies.items():
        after = ""
        days = replies.days_after_first_action
        if days is not None:
            when = "after" if days >= 0 else "before"
            after = f", {plural(abs(days), 'day')} {when} the first action"
        last = f"; last {replies.last}" if replies.last != replies.first else ""
        lines.append(f"Replies from {target}: {replies.count} (first {replies.first}{after}{last})")
    return lines


def _heading(report: Report, titles: dict[str, str]) -> list[str]:
    if len(report.uas) == 1:
        ua = report.uas[0]
        title = f" · {titles[ua]}" if ua in titles else ""
        lines = [f"UA {ua}{title}"]
    else:
        lines = [f"UAs {', '.join(report.uas)}" if report.uas else "All UAs (none logged yet)"]
    period = f"{report.since or 'the beginning'} to {report.until or 'today'}"
    span = f" (first action {report.first}, last {report.last})" if report.first else ""
    lines.append(f"Actions taken from {period}{span}; {plural(report.entries, 'entry', 'entries')}")
    return lines


def _grid(
    first_column: str, rows: dict[str, dict[str, int]], totals: dict[str, int]
) -> list[list[str]]:
    header = [first_column, *(PLURALS[a].upper() for a in ACTIONS), "TOTAL"]
    body = [
        [key, *(str(counts[a]) for a in ACTIONS), str(sum(counts.values()))]
        for key, counts in rows.items()
    ]
    footer = ["Total", *(str(totals[a]) for a in ACTIONS), str(sum(totals.values()))]
    return [header, *body, footer]


def table_rows(report: Report, by: str) -> list[list[str]]:
    """The report's table as rows of cells, the header first."""
    if by == "target":
        return _grid("TARGET", report.by_target, report.totals)
    if by == "day":
        return _grid("DAY", report.by_day, report.totals)
    if by == "outcome":
        return _outcome_rows(report.outcomes or {})
    rows = [["ACTION", "COUNT"]]
    rows += [[PLURALS[a].capitalize(), str(report.totals[a])] for a in ACTIONS]
    rows.append(["Total", str(report.total)])
    return rows


def format_table(
    reports: Sequence[Report], by: str, titles: dict[str, str], *, chart: bool = False
) -> str:
    """Each report as a heading and an aligned table (and bars per day), one
    section after another."""
    return "\n".join(_table_section(r, by, titles, chart=chart) for r in reports)


def _table_section(report: Report, by: str, titles: dict[str, str], *, chart: bool) -> str:
    rows = table_rows(report, by)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [*_heading(report, titles), ""]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
    if follow_up := _follow_up(report):
        lines += ["", *follow_up]
    text = "\n".join(lines) + "\n"
    return text + "\n" + format_chart(report) if chart else text


def format_chart(report: Report, width: int = 40) -> str:
    """Actions per day as horizontal bars, for the terminal."""
    if not report.by_day:
        return "No actions logged in this period.\n"
    per_day = {day: sum(counts.values()) for day, counts in report.by_day.items()}
    peak = max(per_day.values())
    digits = len(str(peak))
    lines = ["Actions per day"]
    for day, count in per_day.items():
        bar = "█" * max(1, round(count / peak * width))
        lines.append(f"{day}  {str(count).rjust(digits)} {bar}")
    return "\n".join(lines) + "\n"


def to_json(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if len(report.uas) == 1:
        data["ua"] = report.uas[0]
    else:
        data["uas"] = list(report.uas)
    data.update(
        since=report.since,
        until=report.until,
        totals=report.totals,
        total=report.total,
        by_target=report.by_target,
        by_day=report.by_day,
        entries=report.entries,
        first=report.first,
        last=report.last,
        call_attempts=report.call_attempts,
        replies={target: replies._asdict() for target, replies in report.replies.items()},
    )
    if report.outcomes is not None:
        data["by_outcome"] = {o or "not_recorded": n for o, n in report.outcomes.items()}
    return data


def format_pdf(reports: Sequence[Report], by: str, titles: dict[str, str], *, paper: str) -> bytes:
    """A one-page summary per report: the table and the actions per day as bars."""
    from ua_cli.render.typeset import compile_layout

    sections = []
    for report in reports:
        per_day = [[day, sum(counts.values())] for day, counts in report.by_day.items()]
        shown = " (the last 31 days shown)" if len(per_day) > 31 else ""
        sections.append({
            "heading": _heading(report, titles),
            "table": table_rows(report, by),
            "chart_title": f"Actions per day{shown}",
            "per_day": per_day,
        })  # fmt: skip
    return compile_layout("report.typ", {"paper": paper, "sections": sections})


def format_json(reports: Sequence[Report]) -> str:
    """One report as one object; several (one per UA) as {"uas": [...], "reports": [...]}."""
    if len(reports) == 1:
        data: dict[str, Any] = to_json(reports[0])
    else:
        data = {
            "uas": [ua for report in reports for ua in report.uas],
            "reports": [to_json(report) for report in reports],
        }
    return json.dumps(data, indent=2) + "\n"


def format_csv(reports: Sequence[Report], by: str) -> str:
    """The table as CSV (with a UA column first when there are several UAs);
    every cell is safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    several = len(reports) > 1
    for number, report in enumerate(reports):
        for index, row in enumerate(table_rows(report, by)):
            if several and index == 0 and number > 0:
                continue  # one header for all sections
            if several:
                row = ["UA" if index == 0 else ", ".join(report.uas), *row]
            writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def report_groups(
    log: ActionLog,
    extra: Sequence[Entry],
    *,
    ua: str | None,
    all_uas: bool,
    default: str | None,
    known: Callable[[], list[str]],
    only: Callable[[], str],
) -> list[tuple[str, ...]]:
    """The UAs a report covers, a group per section: `ua`, all of them in one
    (`all_uas`), the `default` (the profile's), else each UA logged in a
    section of its own, else the `only` UA there is. An `ua` neither logged nor
    `known` (UAs with a file) is a usage error."""
    logged = sorted({*log.uas(), *(e.ua for e in extra)})
    if all_uas:
        return [tuple(logged)]
    if ua:
        choices = sorted({*logged, *known()})
        if ua not in choices:
            raise UnknownChoice("UA", ua, choices, param="--ua")
        return [(ua,)]
    if default:
        return [(default,)]
    return [(one,) for one in logged] or [(only(),)]


def build_reports(
    log: ActionLog,
    groups: list[tuple[str, ...]],
    *,
    since: str | None,
    until: str | None,
    extra: Sequence[Entry],
    outcomes: bool = False,
) -> list[Report]:
    """A report per group of UAs, from the log's running totals and `extra`
    entries (other people's files, each action once); with `outcomes`, the
    calls per outcome too."""
    reports = []
    for group in groups:
        where = Filter(uas=group, since=since, until=until)
        report = build_report(log.totals(where, extra), uas=group, since=since, until=until)
        if outcomes:
            report = report._replace(outcomes=log.call_outcomes(where, extra))
        reports.append(report)
    return reports


def lay_out(
    reports: Sequence[Report],
    fmt: str,
    by: str,
    titles: dict[str, str],
    *,
    chart: bool,
    paper: str,
) -> str | bytes:
    """The reports as a table (with bars), JSON, CSV or a PDF."""
    if fmt == "pdf":
        return format_pdf(reports, by, titles, paper=paper)
    if fmt == "json":
        return format_json(reports)
    if fmt == "csv":
        return format_csv(reports, by)
    return format_table(reports, by, titles, chart=chart)
