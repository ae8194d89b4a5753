"""`ua validate`, `schema`, `list`, `show` and `targets`: the UA files and what they say."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ua_cli.actionlog.entries import plural
from ua_cli.commands.common import (
    Command,
    FilePath,
    format_json_option,
    say_problem,
    session,
    ua_option,
)
from ua_cli.errors import UnknownChoice

if TYPE_CHECKING:
    from ua_cli.campaign.model import Campaign, Target


@click.command(cls=Command)
@click.argument("files", nargs=-1, type=FilePath(dir_okay=False))
def validate(files: tuple[str, ...]) -> None:
    """Check UA files and report every mistake with its line.

    Without FILES, checks every UA file ua can find (shipped and in UA_DATA).

    \b
    Example:
      ua validate my_new_ua.yaml
    """
    from ua_cli.campaign.catalog import Catalog, check_files

    paths = [Path(f) for f in files] or Catalog.in_folders(session().data_dirs).files()
    failed = False
    for path, campaign, problems, warnings in check_files(paths):
        for problem in problems:
            say_problem(problem, path)
        for warning in warnings:  # as FILE:LINE: warning: field: message
            where = f"warning: {warning.field}" if warning.field else "warning"
            say_problem(warning._replace(field=where), path)
        if campaign:
            targets = ", ".join(campaign.targets)
            click.echo(
                f"{path}: ok: UA {campaign.id}, {plural(len(campaign.targets), 'target')} "
                f"({targets}), languages {', '.join(campaign.languages)}"
            )
            for line in variety_lines(campaign):
                click.echo(f"{path}: {line}", err=line.startswith("warning"))
        failed = failed or bool(problems)
    if failed:
        raise click.exceptions.Exit(1)


# Measuring 100 letters costs time in the number of sentences, officials and
# languages: beyond these, a UA file from anyone could keep ua validate busy.
MEASURED_SENTENCES = 60
MEASURED_STACKS = 40


def variety_lines(campaign: Campaign) -> list[str]:
    """How different the letters to each official in each language can be, so
    that an author sees when one wording makes every letter the same."""
    stacks = [(t, lang) for t in campaign.targets.values() for lang in campaign.languages]
    lines = [_variety_line(campaign, target, lang) for target, lang in stacks[:MEASURED_STACKS]]
    if len(stacks) > MEASURED_STACKS:
        lines.append(
            f"variety: measured for the first {MEASURED_STACKS} officials and languages of {len(stacks):,}"
        )
    return lines


def _variety_line(campaign: Campaign, target: Target, lang: str) -> str:
    from ua_cli.compose.likeness import LARGEST_SHARE, MEDIAN_SHARE, STACK, stack_likeness
    from ua_cli.compose.variety import Variants

    who = f"{target.key} in '{lang}'"
    more = "give its sentences more wordings (a list under each language)"
    variants = Variants(campaign, target, lang)
    if variants.count < STACK:
        same = (
            "every letter is the same"
            if variants.count == 1
            else f"only {variants.count} different letters, so {STACK} repeat word for word"
        )
        return f"warning: variety: {who}: {'; '.join([same, *variants.unused(), more])}"
    if unused := variants.unused():
        return f"warning: variety: {who}: {'; '.join(unused)}"
    if variants.sentences > MEASURED_SENTENCES:
        return f"variety: {who}: not measured, the letter has {variants.sentences:,} sentences"
    likeness = stack_likeness(campaign, target, lang, variants)
    if likeness.distinct < STACK:
        return (
            f"warning: variety: {who}: {STACK} letters hold only {likeness.distinct} "
            f"different ones; {more}"
        )
    line = (
        f"variety: {who}: {variants.count:,} different letters; of {STACK}, two share "
        f"at most {likeness.largest_share:.0%} of their text in identical sentences "
        f"(median {likeness.median_share:.0%})"
    )
    if likeness.common_runs:
        line += f"; every one says '{likeness.common_runs[0]}'"
    if (
        likeness.largest_share > LARGEST_SHARE
        or likeness.median_share > MEDIAN_SHARE
        or likeness.common_runs
    ):
        line = f"warning: {line}; officials discount form letters: {more}"
    return line


@click.command(cls=Command)
def schema() -> None:
    """Print the JSON Schema of UA files, for editors that complete and check YAML.

    \b
    Example:
      ua schema > ua.schema.json
    """
    import json

    from ua_cli.campaign.model import campaign_schema

    click.echo(json.dumps(campaign_schema(), indent=2, ensure_ascii=False))


@click.command(cls=Command, name="list")
@format_json_option
def list_uas(fmt: str) -> None:
    """List the UAs found, with their deadlines.

    \b
    Example:
      ua list --format json
    """
    import json

    from ua_cli.campaign.catalog import Catalog
    from ua_cli.campaign.views import list_json, list_rows, table

    campaigns = Catalog.in_folders(session().data_dirs).load_all()
    today = session().today
    if fmt == "json":
        click.echo(json.dumps(list_json(campaigns, today), indent=2, ensure_ascii=False))
    else:
        click.echo(
            table(["UA", "TITLE", "DEADLINE", "STATUS"], list_rows(campaigns, today)), nl=False
        )


@click.command(cls=Command)
@ua_option
@format_json_option
def show(ua: str | None, fmt: str) -> None:
    """Summarise a UA: deadline, targets, channels, languages.

    \b
    Example:
      ua show --ua 106.23
    """
    import json

    from ua_cli.campaign.views import show_json, show_text

    campaign = session().campaign(ua, session().profile())
    if fmt == "json":
        click.echo(json.dumps(show_json(campaign, session().today), indent=2, ensure_ascii=False))
    else:
        click.echo(show_text(campaign, session().today), nl=False)


@click.command(cls=Command)
@ua_option
@click.option("--lang", "-l", metavar="CODE", help="Language of positions and titles.")
@format_json_option
def targets(ua: str | None, lang: str | None, fmt: str) -> None:
    """List the officials a UA targets, with every way to reach them.

    \b
    Example:
      ua targets --lang es
    """
    import json

    from ua_cli.campaign.views import target_text, targets_json

    campaign = session().campaign(ua, session().profile())
    if fmt == "json":
        click.echo(json.dumps(targets_json(campaign), indent=2, ensure_ascii=False))
        return
    if lang and lang not in campaign.languages:
        raise UnknownChoice("language", lang, list(campaign.languages), param="--lang")
    shown = lang or ("en" if "en" in campaign.languages else campaign.preferred_language)
    click.echo("\n".join(target_text(t, shown) for t in campaign.targets.values()), nl=False)
