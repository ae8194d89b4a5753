"""The `ua` command line: parses options, calls the core, prints.

Only click is imported at start-up; every command imports what it needs, so
`ua --help` stays as fast as click itself.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ua_cli import __version__
from ua_cli.actionlog.entries import ACTIONS, MAX_COUNT, plural
from ua_cli.errors import (
    BadUsage,
    FileProblems,
    OutputExists,
    Problem,
    UaError,
    UnknownChoice,
)
from ua_cli.terminal import printable

if TYPE_CHECKING:
    from ua_cli.campaign.model import Campaign
    from ua_cli.config import Profile


class _Reported(click.ClickException):
    """A UaError shown as Click shows its own errors, exit code 1."""

    exit_code = 1

    def __init__(self, error: UaError) -> None:
        super().__init__(str(error))
        self.error = error
        self.exit_code = getattr(error, "exit_code", 1)

    def show(self, file: Any = None) -> None:
        if isinstance(self.error, FileProblems):
            for problem in self.error.problems:  # editor-friendly FILE:LINE: lines
                _say_problem(problem, self.error.path)
        else:
            _note(f"Error: {self.message}")


class _Group(click.Group):
    """Turns the core's exceptions into one clear line and an exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:
            if "\x00" in arg:  # no file name, value or header can hold one
                raise click.UsageError(f"'{printable(arg)}' holds a NUL character", ctx)
            if not _is_text(arg):
                raise click.UsageError(
                    f"'{printable(arg)}' holds bytes that are not UTF-8 text; "
                    "set your terminal (or script) to UTF-8",
                    ctx,
                )
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BadUsage as error:
            raise click.UsageError(str(error), ctx) from None
        except UaError as error:
            raise _Reported(error) from None
        except OSError as error:
            if not error.filename:
                raise
            # A path the system will not take: too long, a folder where a file
            # should be, no permission. The name is cut, as it may be huge.
            name = str(error.filename)
            shown = name if len(name) <= 120 else f"{name[:117]}..."
            raise _Reported(UaError(f"{shown}: {error.strerror}")) from None


class _Path(click.Path):
    """click.Path that also refuses an empty name (which names no file)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == "":
            self.fail("give a file name, not an empty one", param, ctx)
        return super().convert(value, param, ctx)


def _is_text(arg: str) -> bool:
    """Whether a command-line argument is real text: bytes that were not UTF-8
    arrive as lone surrogates, which no file, database or header can hold."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _warn(message: str) -> None:
    """A warning on stderr; coloured only on a terminal and without NO_COLOR."""
    label = "warning:"
    if sys.stderr.isatty() and not os.environ.get("NO_COLOR"):
        label = click.style(label, fg="yellow", bold=True)
    click.echo(f"{label} {printable(message)}", err=True)


def _note(message: str) -> None:
    click.echo(printable(message), err=True)


def _say_problem(problem: Problem, path: Any) -> None:
    """One located mistake as FILE:LINE: field: message, safe for the terminal."""
    _note(problem.format(path))


def _today() -> datetime.date:
    return datetime.date.today()


ua_option = click.option(
    "--ua",
    "ua",
    metavar="ID|FILE",
    help="The UA: its number (106.23) or a UA file. Default: your configured UA, or the only one.",
)
db_option = click.option(
    "--db",
    metavar="PATH",
    help="The action log to use. Default: UA_DB, else one in your data folder (ua db path).",
)
format_json_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs.",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="ua")
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    help="Your profile (default: UA_CONFIG, else config.toml in your config folder).",
)
@click.option(
    "--data", "data_dirs", metavar="DIRS", help="Folders with more UA files (default: UA_DATA)."
)
def cli(config_file: str | None, data_dirs: str | None) -> None:
    """Write, print, send and count what a human-rights Urgent Action asks for.

    \b
    Start with:
      ua show                      what the UA is about and whom to write to
      ua letter --target pcm       a letter, ready to print or paste
      ua config set name "Ana Pérez"   sign your letters

    Files: the profile is in `ua config path` (--config or UA_CONFIG
    overrides it); extra UA files are read from the folders in --data or
    UA_DATA; the action log is in `ua db path` (--db or UA_DB).
    """
    # The options stand in for their environment variables, which is where
    # ua_cli.paths and ua_cli.campaign.catalog look; set for this process only.
    if config_file:
        os.environ["UA_CONFIG"] = config_file
    if data_dirs:
        os.environ["UA_DATA"] = data_dirs


def _profile(**overrides: str | None) -> Profile:
    """Your profile, with the options given on the command line beating it;
    each option is checked as `ua config set` checks the setting."""
    from ua_cli.config import load_profile
    from ua_cli.paths import config_path

    return load_profile(config_path()).merged(**_checked_options(**overrides))


def _checked_options(**values: str | None) -> dict[str, str | None]:
    """Options that stand for profile settings, checked as `ua config set` checks them."""
    from ua_cli.config import check_value

    checked = {}
    for key, value in values.items():
        try:
            checked[key] = check_value(key, value) if value is not None else None
        except UaError as error:
            raise click.BadParameter(str(error), param_hint=f"--{key}") from None
    return checked


def _campaign(ua: str | None, profile: Profile | None = None) -> Campaign:
    from ua_cli.campaign.catalog import Catalog

    if ua or not (profile and profile.ua):
        return Catalog.from_environment().find(ua)
    try:
        return Catalog.from_environment().find(profile.ua)
    except UnknownChoice as error:
        from ua_cli.paths import config_path

        raise UaError(f"{config_path()}: ua: {error} Change it with: ua config set ua ID") from None


def _open_log(db: str | None) -> Any:
    from ua_cli.actionlog.store import open_log
    from ua_cli.paths import log_location

    return open_log(log_location(db))


def _usage_error(param: str, error: UnknownChoice) -> NoReturn:
    raise click.BadParameter(str(error), param_hint=param)


# ---------------------------------------------------------------- letters


@cli.command()
@click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    required=True,
    metavar="KEY",
    help="Whom to write to (see `ua targets`); repeat it, or `all`.",
)
@click.option("--lang", "-l", metavar="CODE", help="Language of the letter: es, en, ...")
@click.option("--name", help="Your name, printed under the letter.")
@click.option("--city", help="Your town or city, written before the date.")
@click.option("--country", help="Your country, for the sender block.")
@click.option("--email", help="Your email address, for the sender block.")
@click.option("--personal", metavar="TEXT", help="A paragraph in your own words.")
@click.option(
    "--date",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Date of the letter. Default: today.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "html", "pdf"]),
    default="text",
    show_default=True,
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    help="For PDF. Default: your profile's, else letter in the US and A4 elsewhere.",
)
@click.option(
    "--output",
    "-o",
    type=_Path(dir_okay=False),
    help="Write to this file instead of standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--log", "log_it", is_flag=True, help="Count the letter(s) in your action log.")
@click.option(
    "--template",
    type=_Path(exists=True, dir_okay=False),
    help="Your own Jinja2 template; it gets `letter`, `campaign`, `target`, `sender`.",
)
@ua_option
@db_option
def letter(
    targets: tuple[str, ...],
    lang: str | None,
    name: str | None,
    city: str | None,
    country: str | None,
    email: str | None,
    personal: str | None,
    date: datetime.datetime | None,
    fmt: str,
    paper: str | None,
    output: str | None,
    force: bool,
    template: str | None,
    log_it: bool,
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
    """
    from pathlib import Path

    from ua_cli.compose.letter import compose_letter
    from ua_cli.files import write_atomically
    from ua_cli.render.templates import Renderer

    output_path = Path(output) if output else None
    if output_path and output_path.exists() and not force:
        raise OutputExists(output_path)  # before any work, not after it
    sender = _profile(name=name, city=city, country=country, email=email)
    campaign = _campaign(ua, sender)
    chosen_targets = _resolve_targets(campaign, targets)
    chosen_lang = _resolve_language(campaign, lang, sender)
    today = _today()
    letter_date = date.date() if date else today
    _warn_if_closed(campaign, today)
    if not sender.name:
        _note(
            'hint: no name given; the letter leaves a line to sign. Set yours with: ua config set name "Your Name"'
        )

    letters = [
        compose_letter(
            campaign, target, lang=chosen_lang, sender=sender, date=letter_date, personal=personal
        )
        for target in chosen_targets
    ]
    if fmt == "pdf":
        content: str | bytes = _typeset_letters(letters, sender, paper, template, output_path)
    else:
        renderer = Renderer.for_user()
        rendered = []
        for target, composed in zip(chosen_targets, letters, strict=True):
            context = {
                "campaign": campaign,
                "target": target,
                "sender": sender,
                "lang": chosen_lang,
            }
            if template:
                rendered.append(renderer.render_file(Path(template), composed, context))
            else:
                rendered.append(renderer.render(composed, fmt, context))
        if template:
            content = "\f".join(rendered)
        else:
            content = renderer.join(
                rendered, fmt, lang=chosen_lang, title=campaign.title[chosen_lang]
            )
    if output_path:
        write_atomically(output_path, content, force=force)
        _note(f"wrote {output_path}")
    else:
        click.echo(content, nl=False)  # bytes (a PDF) go to the binary stream
    if log_it:
        _log_actions(db, campaign, "letter", [t.key for t in chosen_targets], today)


def _typeset_letters(
    letters: list[Any], sender: Profile, paper: str | None, template: str | None, output: Any
) -> bytes:
    from ua_cli.render.typeset import paper_for, typeset, undrawable

    if template:
        raise click.UsageError("--template lays out text formats; PDF uses the shipped layout")
    if output is None and sys.stdout.isatty():
        raise click.UsageError("a PDF is not for the terminal: add -o letter.pdf")
    fields = (*letters[0].sender_lines, letters[0].personal)
    missing = undrawable("".join(f or "" for f in fields))
    if missing:
        raise UaError(f"the PDF fonts cannot print {missing!r}; use --format text or html instead")
    return typeset(letters, paper=paper or paper_for(sender.country, sender.paper))


def _log_actions(
    db: str | None, campaign: Campaign, action: str, targets: list[str], date: datetime.date
) -> None:
    """Log one action per target in one transaction, and say so on stderr."""
    from ua_cli.actionlog.entries import describe_counts, new_entry

    entries = [new_entry(ua=campaign.id, action=action, target=key, date=date) for key in targets]
    with _open_log(db) as log:
        log.append(entries)
        total = log.ua_totals(campaign.id)
    _note(
        f"logged {describe_counts({action: len(entries)})}; UA {campaign.id} total: {describe_counts(total)}"
    )


def _resolve_targets(campaign: Campaign, keys: tuple[str, ...]) -> list[Any]:
    choices = list(campaign.targets)
    if "all" in keys:
        return list(campaign.targets.values())
    chosen = []
    for key in keys:
        if key not in campaign.targets:
            _usage_error("--target", UnknownChoice("target", key, [*choices, "all"]))
        if campaign.targets[key] not in chosen:
            chosen.append(campaign.targets[key])
    return chosen


def _resolve_language(campaign: Campaign, lang: str | None, profile: Profile) -> str:
    from babel import Locale, UnknownLocaleError

    offered = list(campaign.languages)
    if lang:
        if lang not in offered:
            _usage_error("--lang", UnknownChoice("language", lang, offered))
        return lang
    if profile.language in offered:
        chosen, why = profile.language, "your configured language"
    else:
        chosen, why = campaign.preferred_language, "the language the UA prefers"
    others = [code for code in offered if code != chosen]
    # The language's own name ("español") comes from the locale data the
    # letter loads anyway; its English name would load a second locale.
    try:
        name = Locale.parse(chosen).get_display_name(chosen) or chosen
    except (UnknownLocaleError, ValueError):
        name = chosen
    switch = f"; for another use --lang {' or --lang '.join(others)}" if others else ""
    _note(f"note: writing in {name} ({chosen}), {why}{switch}")
    return chosen


def _warn_if_closed(campaign: Campaign, today: datetime.date) -> None:
    # An ISO date, not Babel's: loading English locale data for one warning
    # would cost a Spanish letter a sixth of its start-up time.
    days = campaign.days_left(today)
    if days < 0:
        _warn(
            f"UA {campaign.id} asked for action until {campaign.deadline} ({-days} days ago); "
            "check for a newer UA before sending"
        )


# ---------------------------------------------------------------- other channels

sender_options = [
    click.option("--name", help="Your name."),
    click.option("--city", help="Your town or city."),
    click.option("--country", help="Your country."),
    click.option("--email", "sender_email", help="Your email address."),
]


def _with_sender_options(function: Any) -> Any:
    for option in reversed(sender_options):
        function = option(function)
    return function


def _one_target(campaign: Campaign, key: str) -> Any:
    if key not in campaign.targets:
        _usage_error("--target", UnknownChoice("target", key, list(campaign.targets)))
    return campaign.targets[key]


def _channel_setup(
    ua: str | None, target_key: str, lang: str | None, **sender: str | None
) -> tuple[Campaign, Any, str, Profile]:
    profile = _profile(**sender)
    campaign = _campaign(ua, profile)
    target = _one_target(campaign, target_key)
    chosen_lang = _resolve_language(campaign, lang, profile)
    _warn_if_closed(campaign, _today())
    return campaign, target, chosen_lang, profile


target_option = click.option(
    "--target",
    "-t",
    "target_key",
    required=True,
    metavar="KEY",
    help="Whom to contact (see `ua targets`).",
)
lang_option = click.option("--lang", "-l", metavar="CODE", help="Language: es, en, ...")
log_option = click.option("--log", "log_it", is_flag=True, help="Count it in your action log.")


@cli.command()
@target_option
@lang_option
@_with_sender_options
@click.option("--personal", metavar="TEXT", help="A paragraph in your own words.")
@click.option("--output", "-o", type=_Path(dir_okay=False), help="Write the draft to FILE.eml.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--mailto", is_flag=True, help="Print a mailto: link instead of the draft.")
@click.option("--open", "open_it", is_flag=True, help="Open the draft in your mail program.")
@log_option
@ua_option
@db_option
def email(
    target_key: str,
    lang: str | None,
    name: str | None,
    city: str | None,
    country: str | None,
    sender_email: str | None,
    personal: str | None,
    output: str | None,
    force: bool,
    mailto: bool,
    open_it: bool,
    log_it: bool,
    ua: str | None,
    db: str | None,
) -> None:
    """Write an email draft to an official: a .eml file your mail program opens.

    \b
    Examples:
      ua email --target pcm -o email.eml
      ua email --target embassy --lang en --mailto
      ua email --target pcm --open --log
    """
    from pathlib import Path

    from ua_cli.compose import channels
    from ua_cli.compose.letter import compose_letter
    from ua_cli.render.templates import Renderer

    campaign, target, chosen_lang, profile = _channel_setup(
        ua, target_key, lang, name=name, city=city, country=country, email=sender_email
    )
    address = channels.require_channel(campaign, target, "email")
    letter = compose_letter(
        campaign, target, lang=chosen_lang, sender=profile, date=_today(), personal=personal
    )
    renderer = Renderer.for_user()
    text_body = renderer.render_named("_layout/email.txt.j2", {"letter": letter})
    subject = channels.email_subject(campaign, chosen_lang)
    if mailto or open_it:
        url = channels.mailto_url(address, subject, text_body)
        if len(url) > channels.MAILTO_LIMIT:
            _warn(
                f"the link is {len(url):,} characters; some mail programs cut links over about 2,000: use -o FILE.eml instead"
            )
        if open_it:
            if click.launch(url) != 0:
                raise UaError(
                    "no mail program opened the draft; write it to a file with -o FILE.eml, "
                    "or print the link with --mailto"
                )
            _note("handed the draft to your mail program")
        else:
            click.echo(url)
    else:
        html_body = renderer.render_named("_layout/email.html.j2", {"letter": letter})
        message = channels.email_draft(
            campaign, target, letter, sender_name=profile.name, sender_email=profile.email,
            text_body=text_body, html_body=html_body,
        )  # fmt: skip
        if output:
            from ua_cli.files import write_atomically

            write_atomically(Path(output), message.as_bytes(), force=force)
            _note(f"wrote {output}; open it in your mail program to send it")
        else:
            click.echo(message.as_string(), nl=False)
    if log_it:
        _log_actions(db, campaign, "email", [target.key], _today())


@cli.command()
@target_option
@lang_option
@click.option(
    "--variant",
    type=click.IntRange(min=1),
    help="Which of the UA's posts (1, 2, ...). Default: one picked by your name.",
)
@click.option("--name", help="Your name (picks the variant).")
@click.option(
    "--open", "open_it", is_flag=True, help="Open the post in your browser, ready to send."
)
@log_option
@ua_option
@db_option
def tweet(
    target_key: str,
    lang: str | None,
    variant: int | None,
    name: str | None,
    open_it: bool,
    log_it: bool,
    ua: str | None,
    db: str | None,
) -> None:
    """Write a post (tweet) to an official, within 280 characters.

    \b
    Examples:
      ua tweet --target pcm
      ua tweet --target pcm --lang en --variant 2 --open
    """
    from ua_cli.compose import channels

    campaign, target, chosen_lang, profile = _channel_setup(ua, target_key, lang, name=name)
    post = channels.choose_post(
        campaign, target, chosen_lang, variant=variant, seed=profile.name or ""
    )
    if post.length > channels.TWEET_LIMIT:
        raise UaError(
            f"post {post.variant} is {post.length} characters as the platform counts them; the limit is 280"
        )
    _note(
        f"post {post.variant} of {post.variants}: {post.length}/{channels.TWEET_LIMIT} characters as the platform counts them"
    )
    url = channels.intent_url(post.text)
    click.echo(post.text)
    click.echo(url)
    if open_it:
        click.launch(url)
    if log_it:
        _log_actions(db, campaign, "tweet", [target.key], _today())


@cli.command()
@target_option
@lang_option
@_with_sender_options
@log_option
@ua_option
@db_option
def call(
    target_key: str,
    lang: str | None,
    name: str | None,
    city: str | None,
    country: str | None,
    sender_email: str | None,
    log_it: bool,
    ua: str | None,
    db: str | None,
) -> None:
    """Print a short phone script, with the number and the office's local time.

    \b
    Example:
      ua call --target embassy --lang en --name "Ana Pérez" --city Madrid
    """
    import datetime as dt

    from ua_cli.render.templates import Renderer

    campaign, target, chosen_lang, profile = _channel_setup(
        ua, target_key, lang, name=name, city=city, country=country, email=sender_email
    )
    click.echo(_call_script(Renderer.for_user(), campaign, target, chosen_lang, profile), nl=False)
    if log_it:
        _log_actions(db, campaign, "call", [target.key], dt.date.today())


@cli.command()
@click.option(
    "--target", "-t", "target_key", metavar="KEY", help="Whom to contact. Default: asked."
)
@lang_option
@_with_sender_options
@ua_option
@db_option
def act(
    target_key: str | None,
    lang: str | None,
    name: str | None,
    city: str | None,
    country: str | None,
    sender_email: str | None,
    ua: str | None,
    db: str | None,
) -> None:
    """Go through every way to reach an official, one after another, and count
    each one you take.

    \b
    Example:
      ua act --target pcm
    """
    from ua_cli.compose import channels
    from ua_cli.compose.letter import compose_letter
    from ua_cli.render.templates import Renderer

    profile = _profile(name=name, city=city, country=country, email=sender_email)
    campaign = _campaign(ua, profile)
    if target_key is None:
        for key, target in campaign.targets.items():
            click.echo(
                f"  {key}: {target.courtesy_name('en') if 'en' in target.courtesy_title else target.name}",
                err=True,
            )
        target_key = click.prompt(
            "Whom do you want to reach?", type=click.Choice(list(campaign.targets)), err=True
        )
    target = _one_target(campaign, target_key)
    chosen_lang = _resolve_language(campaign, lang, profile)
    _warn_if_closed(campaign, _today())
    letter = compose_letter(campaign, target, lang=chosen_lang, sender=profile, date=_today())
    renderer = Renderer.for_user()
    steps = {
        "letter": ("Print and post this letter (ua letter --format pdf -o letter.pdf makes a PDF):",
                   lambda: renderer.render(letter, "text", {})),
        "email": ("Send this email (the link opens your mail program):",
                  lambda: channels.mailto_url(target.email, channels.email_subject(campaign, chosen_lang),
                                              renderer.render_named("_layout/email.txt.j2", {"letter": letter}))),
        "fax": (f"Fax the letter to {target.fax} (ua letter --format pdf makes the page):",
                lambda: renderer.render(letter, "text", {})),
        "tweet": ("Post this (the link opens it, ready to send):",
                  lambda: _post_and_link(campaign, target, chosen_lang, profile)),
        "call": ("Call, and read this:",
                 lambda: _call_script(renderer, campaign, target, chosen_lang, profile)),
    }  # fmt: skip
    taken = []
    for number, channel in enumerate(target.channels, start=1):
        heading, produce = steps[channel]
        click.echo(f"\n== {number}/{len(target.channels)}: {channel} ==\n{heading}\n", err=True)
        click.echo(produce().rstrip("\n"))
        if click.confirm(f"\n{_DONE_QUESTIONS[channel]}", default=False, err=True):
            # Logged at once: a Ctrl-C at the next question keeps this one.
            _log_actions(db, campaign, channel, [target.key], _today())
            taken.append(channel)
    if not taken:
        _note("nothing logged; when you act, count it with: ua log ACTION --target " + target.key)


_DONE_QUESTIONS = {
    "letter": "Did you post the letter?",
    "email": "Did you send the email?",
    "fax": "Did you send the fax?",
    "tweet": "Did you publish the post?",
    "call": "Did you make the call?",
}


def _post_and_link(campaign: Campaign, target: Any, lang: str, profile: Profile) -> str:
    from ua_cli.compose import channels

    post = channels.choose_post(campaign, target, lang, variant=None, seed=profile.name or "")
    return f"{post.text}\n{channels.intent_url(post.text)}"


def _call_script(renderer: Any, campaign: Campaign, target: Any, lang: str, sender: Profile) -> str:
    from ua_cli.compose import channels

    call = channels.phone_call(target, campaign, _now())
    context = {
        "campaign": campaign,
        "target": target,
        "sender": sender,
        "lang": lang,
        "call": call,
        "local_time": channels.weekday_and_time(call.local_time, lang),
        "ask": campaign.ask_for(target, lang) or "",
    }
    return renderer.render_named(f"{lang}/call.txt.j2", context)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


# ---------------------------------------------------------------- batches


@cli.command()
@click.option(
    "--signers",
    "sheet",
    required=True,
    type=_Path(exists=True, dir_okay=False),
    help="The sign-up sheet, as CSV (Name, City, Country, Email, Language, Personal message).",
)
@click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    required=True,
    metavar="KEY",
    help="Whom to write to; repeat it, or `all`.",
)
@click.option(
    "--lang",
    "-l",
    metavar="CODE",
    help="Language for rows without one. Default: yours, else the UA's.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "text", "markdown", "html", "eml"]),
    default="pdf",
    help="eml: one email draft per signer and target (with --out-dir).",
    show_default=True,
)
@click.option("--output", "-o", type=_Path(dir_okay=False), help="One file with every letter.")
@click.option(
    "--out-dir",
    type=_Path(file_okay=False),
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
    type=click.DateTime(["%Y-%m-%d"]),
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
    from pathlib import Path

    from ua_cli.batch import plan_batch, write_batch
    from ua_cli.config import Profile
    from ua_cli.signers import read_sheet

    if (output is None) == (out_dir is None):
        raise click.UsageError(
            "give either -o FILE (one file) or --out-dir DIR (a file per letter)"
        )
    if fmt == "eml" and out_dir is None:
        raise click.UsageError("email drafts are one file each: use --out-dir DIR")
    profile = _profile()
    campaign = _campaign(ua, profile)
    _warn_if_closed(campaign, _today())
    chosen_targets = _resolve_targets(campaign, targets)
    default_lang = _resolve_language(campaign, lang, profile)
    read = read_sheet(Path(sheet), languages=campaign.languages)
    if read.encoding != "UTF-8":
        _note(f"note: {sheet} is not UTF-8; read it as {read.encoding}")
    if read.ignored_columns:
        _note(f"note: ignoring the column(s) {', '.join(read.ignored_columns)}")
    plan = plan_batch(
        campaign,
        chosen_targets,
        read,
        default_lang=default_lang,
        # Blank cells take the event's place, never the profile of whoever runs the batch.
        sender=Profile(**_checked_options(city=city, country=country)),
        date=date.date() if date else _today(),
        fmt=fmt,
    )
    for problem in plan.problems:
        click.echo(problem.format(sheet), err=True)
    if plan.problems and not skip_invalid:
        raise UaError(
            f"{plural(len(plan.problems), 'row')} of {sheet} cannot be written; nothing was written. "
            "Fix them, or add --skip-invalid to write the others"
        )
    if not plan.letters:
        raise UaError(f"{sheet} has no signer to write a letter for")
    chosen_paper = paper or _default_paper(profile)
    envelope_path = None
    if envelopes:
        base = Path(out_dir) / "envelopes.pdf" if out_dir else Path(output)
        envelope_path = base if out_dir else base.with_name(f"{base.stem}-envelopes.pdf")
        if envelope_path.exists() and not force:
            raise OutputExists(envelope_path)
    with _progress_bar("writing letters", unit="letters") as advance:
        written = write_batch(
            plan,
            fmt=fmt,
            output=Path(output) if output else None,
            out_dir=Path(out_dir) if out_dir else None,
            paper=chosen_paper,
            force=force,
            progress=advance,
        )
    skipped = (
        f"; skipped {'row' if len(plan.problems) == 1 else 'rows'} "
        f"{', '.join(str(p.line) for p in plan.problems)}"
        if plan.problems
        else ""
    )
    pages = f" ({plural(written.pages, 'page')})" if written.pages else ""
    where = (
        written.paths[0]
        if len(written.paths) == 1
        else f"{len(written.paths)} files in {out_dir or Path(output).parent}"
    )
    _note(
        f"wrote {plural(len(plan.letters), 'letter')}{pages} for {plural(plan.signers, 'signer')} "
        f"to {where}{skipped}"
    )
    if len(written.paths) > 1 and output:
        _note(
            "the letters are in parts (a PDF of at most 1,000 letters each): "
            + ", ".join(map(str, written.paths))
        )
    if envelope_path:
        from ua_cli.batch import write_envelopes

        write_envelopes(plan, envelope_path, paper=chosen_paper, force=force)
        _note(f"wrote {plural(len(plan.letters), 'envelope')} to {envelope_path}")
    if log_it:
        _log_batch(db, campaign, plan)


def _default_paper(profile: Profile) -> str:
    from ua_cli.render.typeset import paper_for

    return paper_for(profile.country, profile.paper)


def _log_batch(db: str | None, campaign: Campaign, plan: Any) -> None:
    """One entry per target, counting its letters; never the signers' names."""
    from collections import Counter

    from ua_cli.actionlog.entries import describe_counts, new_entry

    per_target = Counter(letter.target for letter in plan.letters)
    entries = [
        new_entry(ua=campaign.id, action="letter", target=key, date=_today(), count=count)
        for key, count in per_target.items()
    ]
    with _open_log(db) as log:
        log.append(entries)
        total = log.ua_totals(campaign.id)
    _note(
        f"logged {describe_counts({'letter': len(plan.letters)})}; UA {campaign.id} total: {describe_counts(total)}"
    )


# ---------------------------------------------------------------- UA files


@cli.command()
@click.argument("files", nargs=-1, type=_Path(dir_okay=False))
def validate(files: tuple[str, ...]) -> None:
    """Check UA files and report every mistake with its line.

    Without FILES, checks every UA file ua can find (shipped and in UA_DATA).

    \b
    Example:
      ua validate my_new_ua.yaml
    """
    from pathlib import Path

    from ua_cli.campaign.catalog import Catalog, load

    paths = [Path(f) for f in files] or Catalog.from_environment().files()
    failed = 0
    first_file: dict[str, Path] = {}
    for path in paths:
        try:
            campaign = load(path)
        except FileProblems as error:
            failed += 1
            for problem in error.problems:
                _say_problem(problem, path)
            continue
        if campaign.id in first_file:
            failed += 1
            _note(
                f"{path}:1: UA {campaign.id} is in two files, {first_file[campaign.id]} and "
                f"{path}; remove the one that is not right"
            )
            continue
        first_file[campaign.id] = path
        targets = ", ".join(campaign.targets)
        click.echo(
            f"{path}: ok: UA {campaign.id}, {plural(len(campaign.targets), 'target')} ({targets}), "
            f"languages {', '.join(campaign.languages)}"
        )
    if failed:
        raise click.exceptions.Exit(1)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of UA files, for editors that complete and check YAML.

    \b
    Example:
      ua schema > ua.schema.json
    """
    import json

    from ua_cli.campaign.model import campaign_schema

    click.echo(json.dumps(campaign_schema(), indent=2, ensure_ascii=False))


@cli.command(name="list")
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

    campaigns = Catalog.from_environment().load_all()
    today = _today()
    if fmt == "json":
        click.echo(json.dumps(list_json(campaigns, today), indent=2, ensure_ascii=False))
    else:
        click.echo(
            table(["UA", "TITLE", "DEADLINE", "STATUS"], list_rows(campaigns, today)), nl=False
        )


@cli.command()
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

    campaign = _campaign(ua, _profile())
    if fmt == "json":
        click.echo(json.dumps(show_json(campaign, _today()), indent=2, ensure_ascii=False))
    else:
        click.echo(show_text(campaign, _today()), nl=False)


@cli.command()
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

    campaign = _campaign(ua, _profile())
    if fmt == "json":
        click.echo(json.dumps(targets_json(campaign), indent=2, ensure_ascii=False))
        return
    if lang and lang not in campaign.languages:
        _usage_error("--lang", UnknownChoice("language", lang, list(campaign.languages)))
    shown = lang or ("en" if "en" in campaign.languages else campaign.preferred_language)
    click.echo("\n".join(target_text(t, shown) for t in campaign.targets.values()), nl=False)


# ---------------------------------------------------------------- action log

date_option_type = click.DateTime(["%Y-%m-%d"])


def _not_in_future(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    from ua_cli.actionlog.entries import EARLIEST_DATE

    if value is not None and value.date() > _today():
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


@cli.command(name="log")
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
    type=date_option_type,
    callback=_not_in_future,
    metavar="YYYY-MM-DD",
    help="When you took the action. Default: today.",
)
@click.option(
    "--note",
    metavar="TEXT",
    callback=_checked_note,
    help="A note for yourself (exported only with --with-notes).",
)
@ua_option
@db_option
def log_action(
    action: str,
    target_key: str,
    count: int,
    date: datetime.datetime | None,
    note: str | None,
    ua: str | None,
    db: str | None,
) -> None:
    """Count an action you took: a letter, email, fax, call or tweet.

    Amnesty shares the totals with the officials, so every action counts.

    \b
    Examples:
      ua log letter --target pcm
      ua log email --target embassy --count 3 --date 2026-11-20
    """
    from ua_cli.actionlog.entries import describe_counts, new_entry
    from ua_cli.campaign.model import CONTACT_NAMES

    campaign = _campaign(ua, _profile())
    if target_key not in campaign.targets:
        _usage_error("--target", UnknownChoice("target", target_key, list(campaign.targets)))
    target = campaign.targets[target_key]
    if target.contact(action) is None:
        # People find numbers the UA does not give; count the action all the same.
        _warn(f"UA {campaign.id} gives no {CONTACT_NAMES[action]} for {target.key}; logged anyway")
    entry = new_entry(
        ua=campaign.id,
        action=action,
        target=target.key,
        date=date.date() if date else _today(),
        count=count,
        note=note,
    )
    with _open_log(db) as log:
        log.append([entry])
        total = log.ua_totals(campaign.id)
    _note(f"logged {describe_counts({action: count})} to {target.key}: {entry.id}")
    _note(f"UA {campaign.id} total: {describe_counts(total)}")


@cli.command()
@click.option(
    "--limit", "-n", type=click.IntRange(min=1, max=MAX_COUNT), default=20, show_default=True
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@db_option
def history(limit: int, fmt: str, db: str | None) -> None:
    """Show the entries most recently added to your action log.

    \b
    Example:
      ua history --limit 5
    """
    import json

    from ua_cli.campaign.views import table

    with _open_log(db) as log:
        entries = log.history(limit)
    if fmt == "json":
        click.echo(json.dumps([e._asdict() for e in entries], indent=2, ensure_ascii=False))
        return
    if not entries:
        _note("the action log is empty; log an action with: ua log letter --target KEY")
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


@cli.command()
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
    with _open_log(db) as log:
        matches = log.find(entry_id)
        if not matches:
            raise UaError(f"no entry with an id starting {entry_id}; see: ua history")
        if len(matches) > 1:
            raise UaError(f"more than one entry has an id starting {entry_id}; give more of it")
        entry = matches[0]
        counted = describe_counts({entry.action: entry.count})
        what = f"{counted} to {entry.target} on {entry.date} (UA {entry.ua})"
        if not yes:
            if not _can_ask():
                raise UaError(f"not removing {entry.id} without confirmation; add --yes")
            if not click.confirm(f"Remove {what}?", err=True):
                _note("nothing removed")
                return
        log.delete(entry.id)
    _note(f"removed {entry.id}: {what}")


def _can_ask() -> bool:
    """Whether a person is there to answer a question (standard input is a terminal)."""
    return sys.stdin.isatty()


def _report_groups(
    log: Any, ua: str | None, all_uas: bool, extra: list[Any]
) -> list[tuple[str, ...]]:
    """The UAs a report covers, a group per section: --ua, --all (one section
    for all), your default UA, else each UA logged in a section of its own."""
    logged = sorted({*log.uas(), *(e.ua for e in extra)})
    if all_uas:
        return [tuple(logged)]
    if ua:
        known = sorted({*logged, *_known_titles(None)})
        if ua not in known:
            _usage_error("--ua", UnknownChoice("UA", ua, known))
        return [(ua,)]
    if profile_ua := _profile().ua:
        return [(profile_ua,)]
    if logged:
        return [(one,) for one in logged]
    return [(_campaign(None).id,)]


def _read_export_files(files: tuple[str, ...], *, skip_invalid: bool) -> list[list[Any]]:
    """Each file's valid entries; every bad record named, and nothing read, unless skipping."""
    from pathlib import Path

    from ua_cli.actionlog.exchange import read_entries

    results = []
    problems = 0
    with _progress_bar("reading") as advance:
        for name in files:
            result = read_entries(Path(name), today=_today(), progress=advance)
            for problem in result.problems:
                click.echo(problem.format(name), err=True)
            problems += len(result.problems)
            results.append(result.entries)
    if problems and not skip_invalid:
        raise UaError(
            f"{plural(problems, 'invalid record')}; nothing was imported or counted. Fix them, or "
            "add --skip-invalid to use only the valid ones"
        )
    return results


@contextlib.contextmanager
def _progress_bar(description: str, *, unit: str = "records") -> Any:
    """A rich progress bar on stderr, only on a terminal; yields an `advance(n)`."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn(f"{{task.description}}: {{task.completed:,}} {unit}"))
    with Progress(
        *columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task(description, total=None)
        yield lambda n: bar.advance(task, n)


@cli.command()
@click.argument("files", nargs=-1, type=_Path(exists=True, dir_okay=False))
@click.option(
    "--ua", "ua", metavar="ID", help="The UA to report on. Default: yours, or the only one logged."
)
@click.option("--all", "all_uas", is_flag=True, help="Every UA in the log.")
@click.option("--since", type=date_option_type, metavar="YYYY-MM-DD", help="From this day on.")
@click.option("--until", type=date_option_type, metavar="YYYY-MM-DD", help="Up to this day.")
@click.option(
    "--by", type=click.Choice(["action", "target", "day"]), default="action", show_default=True
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "pdf"]),
    default="table",
    show_default=True,
    help="pdf: a one-page summary with a chart, to send on (needs -o).",
)
@click.option("--chart", is_flag=True, help="Also draw the actions per day as bars.")
@click.option("--output", "-o", type=_Path(dir_okay=False), help="Write to this file.")
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
    from ua_cli.actionlog.store import Filter

    if ua and all_uas:
        raise click.UsageError("give --ua or --all, not both")
    if since and until and since > until:
        raise click.BadParameter(
            f"{since.date()} is after --until {until.date()}", param_hint="--since"
        )
    if fmt == "pdf" and not output:
        raise click.UsageError("a PDF report needs -o FILE")
    extra = [e for entries in _read_export_files(files, skip_invalid=skip_invalid) for e in entries]
    first, last = (d.date().isoformat() if d else None for d in (since, until))
    with _open_log(db) as log:
        results = [
            reports.build_report(
                log.totals(Filter(uas=group, since=first, until=last), extra),
                uas=group, since=first, until=last,
            )
            for group in _report_groups(log, ua, all_uas, extra)
        ]  # fmt: skip
    titles = _known_titles({u for result in results for u in result.uas})
    if fmt == "pdf":
        content: str | bytes = reports.format_pdf(
            results, by, titles, paper=_default_paper(_profile())
        )
    elif fmt == "json":
        content = reports.format_json(results)
    elif fmt == "csv":
        content = reports.format_csv(results, by)
    else:
        content = reports.format_table(results, by, titles, chart=chart)
    _write_or_echo(content, output, force)


def _known_titles(uas: set[str] | None) -> dict[str, str]:
    """English titles of the UAs ua has files for (of `uas`, or all of them);
    a report may name others."""
    from ua_cli.campaign.catalog import Catalog

    try:
        campaigns = Catalog.from_environment().load_all()
    except UaError:
        return {}  # a broken UA file elsewhere must not stop a report
    return {
        c.id: c.title.get("en") or c.title[c.preferred_language]
        for c in campaigns
        if uas is None or c.id in uas
    }


class _EchoStream:
    """A binary stream onto standard output, through click.echo (which also
    writes where a test runner captures it)."""

    def write(self, data: bytes) -> int:
        click.echo(data, nl=False)
        return len(data)

    def flush(self) -> None:
        sys.stdout.flush()


def _write_or_echo(text: str | bytes, output: str | None, force: bool) -> None:
    if output:
        from pathlib import Path

        from ua_cli.files import write_atomically

        write_atomically(Path(output), text, force=force)
        _note(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@cli.command(name="export")
@click.option("--output", "-o", type=_Path(dir_okay=False), help="Write to this file.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    help="Default: from -o's extension, else jsonl.",
)
@click.option(
    "--since", type=date_option_type, metavar="YYYY-MM-DD", help="Actions from this day on."
)
@click.option("--ua", "ua", metavar="ID", help="Only this UA.")
@click.option("--with-notes", is_flag=True, help="Include notes (they may be personal).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@db_option
def export_entries(
    output: str | None,
    fmt: str | None,
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
    from pathlib import Path

    from ua_cli.actionlog.exchange import write_csv, write_jsonl
    from ua_cli.files import atomic_writer

    fmt = fmt or ("csv" if output and output.lower().endswith(".csv") else "jsonl")
    write = write_csv if fmt == "csv" else write_jsonl
    with _open_log(db) as log:
        entries = log.entries(since=since.date().isoformat() if since else None, ua=ua)
        if output:
            with atomic_writer(Path(output), force=force) as stream:
                count = write(entries, stream, with_notes=with_notes)
            _note(f"wrote {plural(count, 'entry', 'entries')} to {output}")
        else:
            write(entries, _EchoStream(), with_notes=with_notes)


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=_Path(exists=True, dir_okay=False))
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
    contents = _read_export_files(files, skip_invalid=skip_invalid)
    with _open_log(db) as log:
        for name, entries in zip(files, contents, strict=True):
            result = log.add_new(entries)
            _note(f"{name}: {result.added} added, {result.already} already in the log")
        _note_unknown_uas(contents)


def _note_unknown_uas(contents: list[list[Any]]) -> None:
    """Say which imported UAs (and targets) this machine has no file for: a
    coordinator may count UAs it does not have, but a typo should be seen."""
    from ua_cli.campaign.catalog import Catalog

    try:
        known = {c.id: c for c in Catalog.from_environment().load_all()}
    except UaError:
        return
    seen: dict[str, set[str]] = {}
    for entries in contents:
        for entry in entries:
            seen.setdefault(entry.ua, set()).add(entry.target)
    for ua, targets in sorted(seen.items()):
        if ua not in known:
            _note(f"note: there is no file for UA {ua} here; its entries are counted all the same")
        elif unknown := sorted(targets - set(known[ua].targets)):
            _note(f"note: UA {ua} has no target {', '.join(unknown)}; counted all the same")


@cli.group()
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
    from ua_cli.actionlog.store import mask_password
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

    with _open_log(db) as log:
        version = log.schema_version()
        _note(f"{log.location}: schema {version} ({MIGRATIONS[version - 1].__name__}), up to date")


@cli.command()
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
    from ua_cli.actionlog.store import is_postgres_url, open_log, send_entries

    if not is_postgres_url(url):
        raise click.BadParameter("give a postgresql:// URL", param_hint="--to")
    with _open_log(db) as local, open_log(url) as shared:
        result = send_entries(local.entries(), shared, batch_size=batch_size, today=_today())
    for entry_id, problem in result.refused:
        _warn(f"not sent: entry {entry_id}: {problem}")
    _note(
        f"sent {plural(result.added, 'entry', 'entries')} to {shared.location}; "
        f"{result.already} were already there"
    )
    if result.refused:
        raise UaError(
            f"{plural(len(result.refused), 'entry', 'entries')} could not be sent (named above); "
            "correct or remove them (ua unlog ID) and sync again"
        )


# ---------------------------------------------------------------- config


@cli.group()
def config() -> None:
    """Keep your sender profile: name, city, country, email, language, UA.

    \b
    Example:
      ua config set name "Ana Pérez"
      ua config set city Madrid
      ua config show
    """


def _check_key(ctx: click.Context, param: click.Parameter, key: str) -> str:
    from ua_cli.config import KEYS

    if key not in KEYS:
        raise click.BadParameter(f"'{key}' is not one of: {', '.join(KEYS)}", ctx, param)
    return key


def _complete_key(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from ua_cli.config import KEYS

    return [key for key in KEYS if key.startswith(incomplete)]


def _key_argument() -> Any:
    # Checked in a callback rather than with click.Choice, so that loading the
    # list of keys does not slow down every other command.
    return click.argument("key", callback=_check_key, shell_complete=_complete_key)


@config.command(name="set")
@_key_argument()
@click.argument("value")
def config_set(key: str, value: str) -> None:
    """Set KEY to VALUE in your profile.

    \b
    Examples:
      ua config set name "Ana Pérez"
      ua config set address "Calle Mayor 1; 28013 Madrid"
      ua config set ua 106.23
    """
    from ua_cli.config import check_value, load_profile, save_profile
    from ua_cli.paths import config_path

    try:
        value = check_value(key, value)
        if key == "ua":
            _campaign(value)  # an unknown UA is refused now, not at the next letter
    except UaError as error:
        raise click.BadParameter(str(error), param_hint="VALUE") from None
    path = config_path()
    profile = load_profile(path).merged(**{key: value})
    save_profile(path, profile)
    _note(f"{key} = {getattr(profile, key)} (saved in {path})")


@config.command(name="get")
@_key_argument()
def config_get(key: str) -> None:
    """Print the value of KEY (nothing, exit 1, if it is not set).

    \b
    Example:
      ua config get name
    """
    value = getattr(_profile(), key)
    if value is None:
        raise click.exceptions.Exit(1)
    click.echo(value)


@config.command(name="unset")
@_key_argument()
def config_unset(key: str) -> None:
    """Remove KEY from your profile.

    \b
    Example:
      ua config unset city
    """
    from ua_cli.config import load_profile, save_profile
    from ua_cli.paths import config_path

    path = config_path()
    profile = load_profile(path)
    if getattr(profile, key) is not None:
        save_profile(path, profile._replace(**{key: None}))
    _note(f"{key} unset")


@config.command(name="show")
def config_show() -> None:
    """Print every setting, with what each one is for.

    \b
    Example:
      ua config show
    """
    from ua_cli.config import KEYS

    profile = _profile()
    for key, meaning in KEYS.items():
        value = getattr(profile, key)
        click.echo(f"{key:<9}{value if value is not None else '(not set)':<30}  # {meaning}")


@config.command(name="path")
def config_path_command() -> None:
    """Print where the profile is kept (UA_CONFIG overrides it).

    \b
    Example:
      ua config path
    """
    from ua_cli.paths import config_path

    click.echo(config_path())


def _terminal_width() -> int:
    """The width help is wrapped to, as shutil.get_terminal_size() would find it.

    Measured here with os alone: click would import shutil for it, which costs
    `ua --help` a quarter of its own start-up time.
    """
    width = 0
    if columns := os.environ.get("COLUMNS", "").strip():
        with contextlib.suppress(ValueError):
            width = int(columns)
    if width <= 0:
        try:
            width = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, OSError, ValueError):
            width = 0
    # A terminal (or COLUMNS) may say 0 columns, or something absurd.
    return width if 0 < width < 10_000 else 80


# What writing the product to standard output may run into: a full disk behind
# `> file`, an I/O error, a file too large for the file system, a closed pipe.
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EPIPE})


def main() -> None:
    import gc

    try:
        status = _run()
    finally:
        # Skip the garbage collector's last pass over every object at exit (a
        # tenth of a letter's run time, most of it Babel's locale data): the
        # process is ending, and files are closed explicitly, never by the GC.
        gc.freeze()
    sys.exit(status)


def _run() -> int | str | None:
    """Run the command; a failure to write standard output is one line, exit 1."""
    try:
        cli.main(prog_name="ua", terminal_width=_terminal_width())
    except SystemExit as done:
        status = done.code
    except OSError as error:
        if error.errno not in _OUTPUT_ERRORS or error.filename:
            raise
        return _output_failed(error)
    else:
        status = 0
    try:
        sys.stdout.flush()
    except OSError as error:
        return _output_failed(error)
    return status


def _output_failed(error: OSError) -> int:
    # What could not be written is lost; point standard output at nothing, so
    # that the interpreter's own last flush does not fail a second time.
    with contextlib.suppress(OSError, AttributeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    click.echo(f"Error: cannot write the output: {error.strerror}", err=True)
    return 1
