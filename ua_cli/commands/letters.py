"""`ua letter` and `ua batch`: letters to officials, one or a whole event's."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ua_cli.commands.common import (
    Command,
    FilePath,
    Setup,
    ask_personal,
    check_personal,
    date_type,
    db_option,
    force_option,
    format_option,
    log_and_say,
    note,
    output_option,
    personal_option,
    progress_bar,
    say_problem,
    sender_options,
    set_up,
    targets_option,
    ua_option,
    variant_option,
    write_or_echo,
)
from ua_cli.errors import UaError
from ua_cli.files import check_output

if TYPE_CHECKING:
    from ua_cli.batch import Plan
    from ua_cli.compose.letter import Letter

paper_option = click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    help="For PDF. Default: your profile's, else letter in the US and A4 elsewhere.",
)
letter_date_option = click.option(
    "--date",
    type=date_type,
    metavar="YYYY-MM-DD",
    help="Date of the letter. Default: today.",
)


@click.command(cls=Command)
@targets_option
@click.option("--lang", "-l", metavar="CODE", help="Language of the letter: es, en, ...")
@sender_options
@personal_option
@variant_option
@letter_date_option
@format_option(["text", "markdown", "html", "pdf"], "text")
@paper_option
@output_option("Write to this file instead of standard output.")
@force_option
@click.option("--log", "log_it", is_flag=True, help="Count the letter(s) in your action log.")
@click.option(
    "--template",
    type=FilePath(exists=True, dir_okay=False),
    help="Your own Jinja2 template; it gets `letter`, `campaign`, `target`, `sender`.",
)
@ua_option
@db_option
def letter(
    targets: tuple[str, ...],
    lang: str | None,
    sender: dict[str, str | None],
    personal: str | None,
    variant: int | None,
    date: datetime.datetime | None,
    fmt: str,
    paper: str | None,
    output: str | None,
    force: bool,
    log_it: bool,
    template: str | None,
    ua: str | None,
    db: str | None,
) -> None:
    """Write a letter to one or more of the UA's targets.

    \b
    Examples:
      ua letter --target pcm
      ua letter --target embassy --lang en --name "Ana Pérez" --city Madrid
      ua letter --target all --format html -o letters.html
      ua letter --target pcm --format pdf -o letter.pdf
      ua letter --target pcm --log      # and count it in your action log
      ua letter --target pcm --variant 2  # another wording of the same letter
    """
    from ua_cli.compose.letter import compose_letters

    if output:
        check_output(Path(output), force=force)  # before any work, not after it
    if fmt == "pdf":
        _check_pdf_destination(template, output)
    check_personal(personal)
    setup = set_up(ua, targets, lang, **sender)
    if not setup.profile.name:
        note(
            'hint: no name given; the letter leaves a line to sign. Set yours with: ua config set name "Your Name"'
        )
    if personal is None:
        personal = ask_personal(setup.lang)
    letters = compose_letters(
        setup.campaign, setup.targets, lang=setup.lang, sender=setup.profile,
        date=date.date() if date else setup.session.today, personal=personal, variant=variant,
    )  # fmt: skip
    write_or_echo(_lay_out(setup, letters, fmt, paper, template), output, force)
    if log_it:
        from ua_cli.actionlog.entries import entries_for

        keys = [composed.target for composed in letters]
        run = setup.session
        entries = entries_for(setup.campaign.id, "letter", keys, date=run.today, now=run.now)
        log_and_say(db, setup.campaign, entries)


def _check_pdf_destination(template: str | None, output: str | None) -> None:
    if template:
        raise click.UsageError("--template lays out text formats; PDF uses the shipped layout")
    if output is None and sys.stdout.isatty():
        raise click.UsageError("a PDF is not for the terminal: add -o letter.pdf")


def _lay_out(
    setup: Setup, letters: list[Letter], fmt: str, paper: str | None, template: str | None
) -> str | bytes:
    from ua_cli.render import output

    if fmt == "pdf":
        from ua_cli.render.typeset import paper_for

        return output.print_ready(letters, paper=paper or paper_for(setup.profile))
    return output.lay_out_letters(
        letters, fmt, renderer=setup.session.renderer(), campaign=setup.campaign,
        senders=[setup.profile] * len(letters), title=setup.campaign.title[setup.lang],
        template=Path(template) if template else None,
    )  # fmt: skip


@click.command(cls=Command)
@click.option(
    "--signers",
    "sheet",
    required=True,
    type=FilePath(exists=True, dir_okay=False),
    help="The sign-up sheet, as CSV (Name, City, Country, Email, Address, Language, Personal message).",
)
@targets_option
@click.option(
    "--lang",
    "-l",
    metavar="CODE",
    help="Language for rows without one. Default: yours, else the UA's.",
)
@format_option(
    ["pdf", "text", "markdown", "html", "eml"],
    "pdf",
    "eml: one email draft per signer and target (with --out-dir).",
)
@output_option("One file with every letter.")
@click.option(
    "--out-dir",
    type=FilePath(file_okay=False),
    help="One file per signer and target, in this folder.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    help="Default: your profile's, else letter in the US and A4 elsewhere.",
)
@click.option("--city", help="City for rows without one (where the event is).")
@click.option("--country", help="Country for rows without one.")
@click.option(
    "--date",
    type=date_type,
    metavar="YYYY-MM-DD",
    help="Date of the letters. Default: today.",
)
@click.option(
    "--skip-invalid", is_flag=True, help="Write the good rows' letters and list the bad rows."
)
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
@click.option("--log", "log_it", is_flag=True, help="Count the letters in your action log.")
@click.option(
    "--envelopes", is_flag=True, help="Also print an envelope for each letter (DL or US #10)."
)
@ua_option
@db_option
def batch(
    sheet: str,
    targets: tuple[str, ...],
    lang: str | None,
    fmt: str,
    output: str | None,
    out_dir: str | None,
    paper: str | None,
    city: str | None,
    country: str | None,
    date: datetime.datetime | None,
    skip_invalid: bool,
    force: bool,
    log_it: bool,
    envelopes: bool,
    ua: str | None,
    db: str | None,
) -> None:
    """Write one letter per signer (and target) from an event's sign-up sheet.

    Every bad row is named (as FILE:ROW: reason, the header being row 1) and
    nothing is written unless you add --skip-invalid.

    \b
    Examples:
      ua batch --signers sheet.csv --target pcm -o letters.pdf
      ua batch --signers sheet.csv --target all --city Madrid --out-dir letters/
      ua batch --signers sheet.csv --target embassy --format text -o letters.txt
      ua batch --signers sheet.csv --target pcm --format eml --out-dir drafts/
      ua batch --signers sheet.csv --target all -o event.pdf --envelopes
    """
    from ua_cli import batch as batches
    from ua_cli.render.typeset import paper_for

    if (output is None) == (out_dir is None):
        raise click.UsageError(
            "give either -o FILE (one file) or --out-dir DIR (a file per letter)"
        )
    if fmt == "eml" and out_dir is None:
        raise click.UsageError("email drafts are one file each: use --out-dir DIR")
    setup = set_up(ua, targets, lang)
    plan = _plan(setup, Path(sheet), fmt, date, skip_invalid, city=city, country=country)
    where = batches.Destination(
        fmt, Path(output) if output else None, Path(out_dir) if out_dir else None,
        paper or paper_for(setup.profile), force,
    )  # fmt: skip
    renderer = setup.session.renderer() if fmt != "pdf" else None
    with progress_bar("writing letters", unit="letters") as advance:
        written = batches.write_batch(
            plan, where, renderer=renderer, progress=advance, envelopes=envelopes
        )
    note(batches.summary(plan, written, output=where.output, out_dir=where.out_dir))
    if log_it:
        from ua_cli.actionlog.entries import entries_for

        keys = [composed.target for composed in plan.letters]
        run = setup.session
        entries = entries_for(setup.campaign.id, "letter", keys, date=run.today, now=run.now)
        log_and_say(db, setup.campaign, entries)


def _plan(
    setup: Setup,
    sheet: Path,
    fmt: str,
    date: datetime.datetime | None,
    skip_invalid: bool,
    **event_place: str | None,
) -> Plan:
    """Read the sheet and compose every letter; bad rows named, and nothing
    written unless skipping them."""
    from ua_cli.actionlog.entries import plural
    from ua_cli.batch import plan_batch
    from ua_cli.campaign.choice import with_every_language
    from ua_cli.commands.common import checked_options
    from ua_cli.config import Profile
    from ua_cli.signers import read_sheet

    # Each signer writes in their own language: every complete translation counts.
    campaign = with_every_language(setup.campaign)
    targets = [campaign.targets[target.key] for target in setup.targets]
    read = read_sheet(sheet, languages=campaign.languages)
    if read.encoding != "UTF-8":
        note(f"note: {sheet} is not UTF-8; read it as {read.encoding}")
    if read.ignored_columns:
        note(f"note: ignoring the column(s) {', '.join(read.ignored_columns)}")
    plan = plan_batch(
        campaign, targets, read, default_lang=setup.lang,
        # Blank cells take the event's place, never the profile of whoever runs the batch.
        sender=Profile(**checked_options(**event_place)),
        date=date.date() if date else setup.session.today, fmt=fmt,
    )  # fmt: skip
    for problem in plan.problems:
        say_problem(problem, sheet)
    if plan.problems and not skip_invalid:
        raise UaError(
            f"{plural(len(plan.problems), 'row')} of {sheet} cannot be written; nothing was written. "
            "Fix them, or add --skip-invalid to write the others"
        )
    if not plan.letters:
        raise UaError(f"{sheet} has no signer to write a letter for")
    return plan
