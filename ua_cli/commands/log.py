"""The action log's commands: `ua log`, `history`, `unlog`, `report`,
`export`, `import`, `sync` and `db`."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ua_cli.actionlog.entries import ACTIONS, MAX_COUNT, plural
from ua_cli.commands.common import (
    Command,
    EchoStream,
    FilePath,
    Group,
    can_ask,
    date_type,
    db_option,
    format_option,
    note,
    open_log,
    outcome_option,
    output_option,
    printable,
    progress_bar,
    say_problem,
    session,
    ua_option,
    warn,
    write_or_echo,
)
from ua_cli.errors import UaError, UnknownChoice


def _not_in_future(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    from ua_cli.actionlog.entries import EARLIEST_DATE

    if value is not None and value.date() > session().today:
        raise click.BadParameter(f"{value.date()} is in the future", ctx, param)
    if value is not None and value.date().isoformat() < EARLIEST_DATE:
        raise click.BadParameter(
            f"{value.date()} is before 1961, when Amnesty was founded", ctx, param
        )
    return value


def _checked_note(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ua_cli.actionlog.entries import note_problem

    if value is not None and (problem := note_problem(value)):
        raise click.BadParameter(f"the note {problem}", ctx, param)
    return value


@click.command(cls=Command, name="log")
@click.argument("action", type=click.Choice(ACTIONS), metavar="ACTION")
@click.option(
    "--target", "-t", "target_key", required=True, metavar="KEY", help="Whom you acted towards."
)
@click.option(
    "--count",
    "-n",
    type=click.IntRange(min=1, max=MAX_COUNT),
    default=1,
    show_default=True,
    help="How many.",
)
@click.option(
    "--date",
    type=date_type,
    callback=_not_in_future,
    metavar="YYYY-MM-DD",
    help="When you took the action. Default: today.",
)
@click.option(
    "--note",
    "note_text",
    metavar="TEXT",
    callback=_checked_note,
    help="A note for yourself (exported only with --with-notes).",
)
@outcome_option
@ua_option
@db_option
def log_action(
    action: str,
    target_key: str,
    count: int,
    date: datetime.datetime | None,
    note_text: str | None,
    outcome: str | None,
    ua: str | None,
    db: str | None,
) -> None:
    """Count an action you took: a letter, email, fax, call or tweet.

    Amnesty shares the totals with the officials, so every action counts. A
    call that did not get through (--outcome busy, no-answer or wrong-number)
    is kept as an attempt, never counted as a call.

    \b
    Examples:
      ua log letter --target pcm
      ua log email --target embassy --count 3 --date 2026-11-20
      ua log call --target embassy --outcome voicemail
    """
    from ua_cli.actionlog.entries import call_entry_kind, describe_counts, describe_entry, new_entry
    from ua_cli.campaign.choice import one_target
    from ua_cli.campaign.model import CONTACT_NAMES
    from ua_cli.commands.common import append_and_total

    if outcome and action != "call":
        raise click.BadParameter("only a call has an outcome", param_hint="--outcome")
    campaign = session().campaign(ua, session().profile())
    target = one_target(campaign, target_key)
    if target.contact(action) is None:
        # People find numbers the UA does not give; count the action all the same.
        warn(f"UA {campaign.id} gives no {CONTACT_NAMES[action]} for {target.key}; logged anyway")
    entry = new_entry(
        ua=campaign.id,
        action=call_entry_kind(outcome) if action == "call" else action,
        target=target.key,
        date=date.date() if date else session().today,
        now=session().now,
        count=count,
        note=note_text,
        detail=outcome,
    )
    total = append_and_total(db, campaign.id, [entry])
    note(f"logged {describe_entry(entry)} to {target.key}: {entry.id}")
    note(f"UA {campaign.id} total: {describe_counts(total)}")


@click.command(cls=Command)
@click.option(
    "--target", "-t", "target_key", required=True, metavar="KEY", help="The official who answered."
)
@click.option(
    "--date",
    type=date_type,
    callback=_not_in_future,
    metavar="YYYY-MM-DD",
    help="When the reply came. Default: today.",
)
@click.option("--channel", type=click.Choice(ACTIONS), help="How it came: a letter, an email, ...")
@click.option(
    "--summary",
    metavar="TEXT",
    callback=_checked_note,
    help="What it said, for yourself (exported only with --with-notes).",
)
@ua_option
@db_option
def reply(
    target_key: str,
    date: datetime.datetime | None,
    channel: str | None,
    summary: str | None,
    ua: str | None,
    db: str | None,
) -> None:
    """Record that an official answered: a letter back, an email, a call returned.

    `ua report` shows the replies beside the actions, and how long after the
    first action they came.

    \b
    Examples:
      ua reply --target pcm --channel letter --date 2026-11-10
      ua reply --target embassy --channel email --summary "Forwarded to Lima"
    """
    from ua_cli.actionlog.entries import REPLY, describe_entry, new_entry
    from ua_cli.campaign.choice import one_target

    campaign = session().campaign(ua, session().profile())
    target = one_target(campaign, target_key)
    entry = new_entry(
        ua=campaign.id, action=REPLY, target=target.key,
        date=date.date() if date else session().today, now=session().now,
        note=summary, detail=channel,
    )  # fmt: skip
    with open_log(db) as log:
        log.append([entry])
        replies = log.ua_totals(campaign.id).get(REPLY, 0)
    note(f"logged {describe_entry(entry)} from {target.key}: {entry.id}")
    note(f"UA {campaign.id}: {plural(replies, 'reply', 'replies')} from officials so far")


@click.command(cls=Command)
@click.option(
    "--limit", "-n", type=click.IntRange(min=1, max=MAX_COUNT), default=20, show_default=True
)
@format_option(["table", "json"], "table")
@db_option
def history(limit: int, fmt: str, db: str | None) -> None:
    """Show the entries most recently logged in your action log (by when they were logged).

    \b
    Example:
      ua history --limit 5
    """
    import json

    from ua_cli.campaign.views import table

    with open_log(db) as log:
        entries = log.history(limit)
    if fmt == "json":
        click.echo(json.dumps([e._asdict() for e in entries], indent=2, ensure_ascii=False))
        return
    if not entries:
        note("the action log is empty; log an action with: ua log letter --target KEY")
        return
    # Shown escaped: an imported note may carry terminal escape sequences.
    rows = [
        [
            printable(str(cell))
            for cell in (e.id, e.logged_at, e.date, e.ua, e.action, e.target, e.count, e.note or "")
        ]
        for e in entries
    ]
    headers = ["ID", "LOGGED (UTC)", "DATE", "UA", "ACTION", "TARGET", "COUNT", "NOTE"]
    click.echo(table(headers, rows), nl=False)


@click.command(cls=Command)
@click.argument("entry_id", metavar="ID")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@db_option
def unlog(entry_id: str, yes: bool, db: str | None) -> None:
    """Remove a mistaken entry from your action log (its ID, or its first characters).

    \b
    Example:
      ua unlog 3f2a9c1e
    """
    from ua_cli.actionlog.entries import describe_counts

    if len(entry_id) < 4:
        raise click.BadParameter("give at least the first 4 characters of the id", param_hint="ID")
    with open_log(db) as log:
        matches = log.find(entry_id)
        if not matches:
            raise UaError(f"no entry with an id starting {entry_id}; see: ua history")
        if len(matches) > 1:
            raise UaError(f"more than one entry has an id starting {entry_id}; give more of it")
        entry = matches[0]
        counted = describe_counts({entry.action: entry.count})
        what = f"{counted} to {entry.target} on {entry.date} (UA {entry.ua})"
        if not yes:
            if not can_ask():
                raise UaError(f"not removing {entry.id} without confirmation; add --yes")
            if not click.confirm(f"Remove {what}?", err=True):
                note("nothing removed")
                return
        log.delete(entry.id)
    note(f"removed {entry.id}: {what}")


def _read_export_files(files: tuple[str, ...], *, skip_invalid: bool) -> list[list[Any]]:
    """Each file's valid entries; every bad record named, and nothing read, unless skipping."""
    results: list[list[Any]] = [[] for _ in files]
    problems = 0
    for index, chunk in _chunks_said(files, "reading"):
        problems += len(chunk.problems)
        results[index] += chunk.entries
    _refuse_invalid(problems, skip_invalid)
    return results


def _chunks_said(files: tuple[str, ...], doing: str) -> Iterator[tuple[int, Any]]:
    """Each file's chunks (by the file's place in `files`), a block at a time,
    their bad records said on stderr as they come."""
    from ua_cli.actionlog.exchange import read_chunks

    with progress_bar(doing) as advance:
        for index, name in enumerate(files):
            for chunk in read_chunks(Path(name), today=session().today, progress=advance):
                for problem in chunk.problems:
                    say_problem(problem, name)
                yield index, chunk


def _refuse_invalid(problems: int, skip_invalid: bool) -> None:
    if problems and not skip_invalid:
        raise UaError(
            f"{plural(problems, 'invalid record')}; nothing was imported or counted. Fix them, or "
            "add --skip-invalid to use only the valid ones"
        )


@click.command(cls=Command)
@click.argument("files", nargs=-1, type=FilePath(exists=True, dir_okay=False))
@click.option(
    "--ua", "ua", metavar="ID", help="The UA to report on. Default: yours, or the only one logged."
)
@click.option("--all", "all_uas", is_flag=True, help="Every UA in the log.")
@click.option("--since", type=date_type, metavar="YYYY-MM-DD", help="From this day on.")
@click.option("--until", type=date_type, metavar="YYYY-MM-DD", help="Up to this day.")
@click.option(
    "--by",
    type=click.Choice(["action", "target", "day", "outcome"]),
    default="action",
    show_default=True,
    help="outcome: calls by how they went (reached, voicemail, busy, ...).",
)
@format_option(
    ["table", "json", "csv", "pdf"],
    "table",
    "pdf: a one-page summary with a chart, to send on (needs -o).",
)
@click.option("--chart", is_flag=True, help="Also draw the actions per day as bars.")
@output_option("Write to this file.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--skip-invalid", is_flag=True, help="Count the valid records of bad FILES.")
@db_option
def report(
    files: tuple[str, ...],
    ua: str | None,
    all_uas: bool,
    since: datetime.datetime | None,
    until: datetime.datetime | None,
    by: str,
    fmt: str,
    chart: bool,
    output: str | None,
    force: bool,
    skip_invalid: bool,
    db: str | None,
) -> None:
    """Total the actions taken, to report them back to Amnesty.

    FILES are other people's exports, counted with your log (each action
    once) without importing them.

    \b
    Examples:
      ua report
      ua report --by target --since 2026-11-01
      ua report --format json
      ua report volunteer1.jsonl volunteer2.csv --by day --chart
      ua report --by target --format pdf -o report.pdf
    """
    from ua_cli.actionlog import report as reports

    if ua and all_uas:
        raise click.UsageError("give --ua or --all, not both")
    if since and until and since > until:
        raise click.BadParameter(
            f"{since.date()} is after --until {until.date()}", param_hint="--since"
        )
    if fmt == "pdf" and not output:
        raise click.UsageError("a PDF report needs -o FILE")
    # Only with FILES: the reader (msgspec, tempfile) would cost every report its import time.
    read = _read_export_files(files, skip_invalid=skip_invalid) if files else []
    extra = [e for entries in read for e in entries]
    first, last = (d.date().isoformat() if d else None for d in (since, until))
    known_titles = functools.cache(_known_titles)  # the UA files are read once, if at all
    with open_log(db) as log:
        groups = reports.report_groups(
            log, extra, ua=ua, all_uas=all_uas, default=session().profile().ua,
            known=lambda: list(known_titles()), only=lambda: session().campaign(None).id,
        )  # fmt: skip
        results = reports.build_reports(
            log, groups, since=first, until=last, extra=extra, outcomes=by == "outcome"
        )
    named = {u for result in results for u in result.uas}
    titles = {u: title for u, title in known_titles().items() if u in named}
    paper = "a4"
    if fmt == "pdf":  # Typst and its layouts load only for a PDF
        from ua_cli.render.typeset import paper_for

        paper = paper_for(session().profile())
    write_or_echo(
        reports.lay_out(results, fmt, by, titles, chart=chart, paper=paper), output, force
    )


def _known_titles() -> dict[str, str]:
    """English titles of the UAs ua has files for; a report may name others."""
    from ua_cli.campaign.catalog import Catalog

    try:
        campaigns = Catalog.in_folders(session().data_dirs).load_all()
    except UaError:
        return {}  # a broken UA file elsewhere must not stop a report
    return {c.id: c.title.get("en") or c.title[c.preferred_language] for c in campaigns}


@click.command(cls=Command, name="export")
@output_option("Write to this file.")
@format_option(["jsonl", "csv"], "jsonl")
@click.option("--since", type=date_type, metavar="YYYY-MM-DD", help="Actions from this day on.")
@click.option("--ua", "ua", metavar="ID", help="Only this UA.")
@click.option("--with-notes", is_flag=True, help="Include notes (they may be personal).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@db_option
def export_entries(
    output: str | None,
    fmt: str,
    since: datetime.datetime | None,
    ua: str | None,
    with_notes: bool,
    force: bool,
    db: str | None,
) -> None:
    """Write your action log for a coordinator to import or report on.

    \b
    Examples:
      ua export -o my-actions.jsonl
      ua export --format csv --since 2026-11-01 > my-actions.csv
    """

    from ua_cli.actionlog.exports import write_csv, write_jsonl
    from ua_cli.files import atomic_writer

    write = write_csv if fmt == "csv" else write_jsonl
    with open_log(db) as log:
        if ua and ua not in (known := sorted({*log.uas(), *_known_titles()})):
            raise UnknownChoice("UA", ua, known, param="--ua")
        entries = log.entries(since=since.date().isoformat() if since else None, ua=ua)
        if output:
            with atomic_writer(Path(output), force=force) as stream:
                count = write(entries, stream, with_notes=with_notes)
            note(f"wrote {plural(count, 'entry', 'entries')} to {output}")
        else:
            write(entries, EchoStream(), with_notes=with_notes)


@click.command(cls=Command, name="import")
@click.argument("files", nargs=-1, required=True, type=FilePath(exists=True, dir_okay=False))
@click.option(
    "--skip-invalid", is_flag=True, help="Import the valid records of a file with bad ones."
)
@db_option
def import_entries(files: tuple[str, ...], skip_invalid: bool, db: str | None) -> None:
    """Add other people's exports (JSON Lines or CSV) to your action log.

    An entry already in the log is skipped, so importing a file twice, or two
    overlapping files, counts each action once. A file with an invalid record
    is not imported at all: every bad record is named by its line.

    \b
    Example:
      ua import volunteer1.jsonl volunteer2.csv
    """
    with open_log(db) as log:
        results, seen = _import_files(log, files, skip_invalid=skip_invalid)
    for name, result in zip(files, results, strict=True):
        note(f"{name}: {result.added} added, {result.already} already in the log")
    _note_unknown_uas(seen)


def _import_files(
    log: Any, files: tuple[str, ...], *, skip_invalid: bool
) -> tuple[list[Any], dict[str, set[str]]]:
    """Read the files a block at a time into one transaction: all of them are
    imported, or (a bad record, an error, an interruption) none. Each bad
    record is named. Per file what was added, and the UAs and targets seen."""
    import operator

    from ua_cli.actionlog.store import ImportResult

    seen: dict[str, set[str]] = {}
    problems = 0
    with log.importing() as importer:
        for index, chunk in _chunks_said(files, "importing"):
            problems += len(chunk.problems)
            if problems and not skip_invalid:
                continue  # nothing will be kept: read on only to name every bad record
            importer.add(index, chunk.entries)
            for ua, target in set(map(operator.itemgetter(1, 3), chunk.entries)):
                seen.setdefault(ua, set()).add(target)
        _refuse_invalid(problems, skip_invalid)
    empty = ImportResult(0, 0)
    return [importer.results.get(i, empty) for i in range(len(files))], seen


def _note_unknown_uas(seen: dict[str, set[str]]) -> None:
    """Say which imported UAs (and targets) this machine has no file for: a
    coordinator may count UAs it does not have, but a typo should be seen."""
    from ua_cli.campaign.catalog import Catalog

    try:
        known = {c.id: c for c in Catalog.in_folders(session().data_dirs).load_all()}
    except UaError:
        return
    for ua, targets in sorted(seen.items()):
        if ua not in known:
            note(f"note: there is no file for UA {ua} here; its entries are counted all the same")
        elif unknown := sorted(targets - set(known[ua].targets)):
            note(f"note: UA {ua} has no target {', '.join(unknown)}; counted all the same")


@click.group(cls=Group)
def db() -> None:
    """The action log's database.

    \b
    Example:
      ua db path
    """


@db.command(name="path")
@db_option
def db_path(db: str | None) -> None:
    """Print where the action log is (--db, else UA_DB, else your data folder).

    \b
    Example:
      ua db path
    """
    from ua_cli.actionlog.postgres import mask_password
    from ua_cli.paths import log_location

    click.echo(mask_password(log_location(db)))


@db.command(name="migrate")
@db_option
def db_migrate(db: str | None) -> None:
    """Create or upgrade the action log's tables (for a shared PostgreSQL log, run
    it once as the database's owner).

    \b
    Example:
      ua db migrate --db postgresql://coordinator@db.example.org/ua
    """
    from ua_cli.actionlog.migrations import MIGRATIONS

    with open_log(db) as log:
        version = log.schema_version()
        note(f"{log.location}: schema {version} ({MIGRATIONS[version - 1].__name__}), up to date")


@click.command(cls=Command)
@click.option(
    "--to",
    "url",
    required=True,
    metavar="URL",
    help="The team's log: postgresql://user@host/dbname.",
)
@click.option(
    "--batch-size", type=click.IntRange(min=1, max=100_000), default=1000, show_default=True
)
@db_option
def sync(url: str, batch_size: int, db: str | None) -> None:
    """Send your local log's entries to the team's shared log, each once.

    Safe to interrupt and run again: entries go in batches, each batch in one
    transaction, and the shared log skips the ones it has.

    \b
    Example:
      ua sync --to postgresql://volunteer@db.example.org/ua
    """
    from ua_cli.actionlog.postgres import is_postgres_url
    from ua_cli.actionlog.sync import send_entries

    if not is_postgres_url(url):
        raise click.BadParameter("give a postgresql:// URL", param_hint="--to")
    with open_log(db) as local, open_log(url) as shared:
        result = send_entries(local.entries(), shared, batch_size=batch_size, today=session().today)
    for entry_id, problem in result.refused:
        warn(f"not sent: entry {entry_id}: {problem}")
    note(
        f"sent {plural(result.added, 'entry', 'entries')} to {shared.location}; "
        f"{result.already} were already there"
    )
    if result.refused:
        raise UaError(
            f"{plural(len(result.refused), 'entry', 'entries')} could not be sent (named above); "
            "correct or remove them (ua unlog ID) and sync again"
        )
