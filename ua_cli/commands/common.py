"""What every command shares: the clock and folders of this run (Session), the
options several commands take, turning the core's errors into one line, and
saying things on stderr."""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from ua_cli.errors import BadUsage, FileProblems, Problem, UaError

if TYPE_CHECKING:
    from pathlib import Path

    from ua_cli.actionlog.entries import Entry
    from ua_cli.actionlog.store import ActionLog
    from ua_cli.campaign.model import Campaign, Target
    from ua_cli.config import Profile
    from ua_cli.render.templates import Renderer


class Clock(NamedTuple):
    """The one clock of a run: every command reads today and now from here, and
    tests hand in their own (`cli.main(obj=Clock(...))`)."""

    today: datetime.date
    now: datetime.datetime

    @classmethod
    def real(cls) -> Clock:
        return cls(datetime.date.today(), datetime.datetime.now(datetime.UTC))

    def ticking(self) -> Callable[[], datetime.datetime]:
        """This run's now, moving on with the machine's monotonic timer: the clock
        of a server that runs all evening (a test's clock moves on from the
        moment the test set)."""
        import time

        start = time.monotonic()
        return lambda: self.now + datetime.timedelta(seconds=time.monotonic() - start)


class Session(NamedTuple):
    """This run: its clock and the folders given by --config and --data."""

    clock: Clock
    config_option: str | None
    data_dirs: str | None

    @property
    def today(self) -> datetime.date:
        return self.clock.today

    @property
    def now(self) -> datetime.datetime:
        return self.clock.now

    @property
    def config_path(self) -> Path:
        from ua_cli.paths import config_path

        return config_path(self.config_option)

    def profile(self, **overrides: str | None) -> Profile:
        """The sender profile, the options given on the command line beating it;
        each option checked as `ua config set` checks the setting."""
        from ua_cli.config import load_profile

        return load_profile(self.config_path).merged(**checked_options(**overrides))

    def campaign(self, ua: str | None, profile: Profile | None = None) -> Campaign:
        """The UA asked for, else the profile's, else the only one there is."""
        from ua_cli.campaign.catalog import Catalog
        from ua_cli.errors import UnknownChoice

        catalog = Catalog.in_folders(self.data_dirs)
        if ua == "":
            raise click.BadParameter(
                "give a UA number or file, not an empty one", param_hint="--ua"
            )
        if ua or not (profile and profile.ua):
            return catalog.find(ua)
        try:
            return catalog.find(profile.ua)
        except UnknownChoice as error:
            raise UaError(
                f"{self.config_path}: ua: {error} Change it with: ua config set ua ID"
            ) from None

    def renderer(self) -> Renderer:
        from ua_cli.render.templates import Renderer

        return Renderer.for_user(self.config_path)


def session() -> Session:
    """The run's Session, which the `ua` group made."""
    return click.get_current_context().find_object(Session)


def checked_options(**values: str | None) -> dict[str, str | None]:
    """Options that stand for profile settings, checked as `ua config set` checks them."""
    from ua_cli.config import check_value

    checked = {}
    for key, value in values.items():
        try:
            checked[key] = check_value(key, value) if value is not None else None
        except UaError as error:
            raise click.BadParameter(str(error), param_hint=f"--{key}") from None
    return checked


def open_log(db: str | None) -> ActionLog:
    from ua_cli.actionlog.opening import open_log as open_location
    from ua_cli.paths import log_location

    if db == "":  # "$UNSET" in a script: never fall back to another log
        raise click.BadParameter("give the log's path or URL, not an empty one", param_hint="--db")
    return open_location(log_location(db))


def log_and_say(db: str | None, campaign: Campaign, entries: list[Entry]) -> None:
    """Log entries in one transaction, and say what was logged and the UA's total."""
    from ua_cli.actionlog.entries import ACTIONS, describe_counts, describe_entry

    counted: dict[str, int] = {}
    others = []
    for entry in entries:
        if entry.action in ACTIONS and not entry.detail:
            counted[entry.action] = counted.get(entry.action, 0) + entry.count
        else:
            others.append(describe_entry(entry))
    logged = ", ".join([describe_counts(counted)] * bool(counted) + others)
    note(
        f"logged {logged}; UA {campaign.id} total: "
        f"{describe_counts(append_and_total(db, campaign.id, entries))}"
    )


def append_and_total(db: str | None, ua: str, entries: list[Entry]) -> dict[str, int]:
    with open_log(db) as log:
        log.append(entries)
        return log.ua_totals(ua)


def warn_if_closed(campaign: Campaign, today: datetime.date) -> None:
    # An ISO date, not Babel's: loading English locale data for one warning
    # would cost a Spanish letter a sixth of its start-up time.
    days = campaign.days_left(today)
    if days < 0:
        warn(
            f"UA {campaign.id} asked for action until {campaign.deadline} ({-days} days ago); "
            "check for a newer UA before sending"
        )


def can_ask() -> bool:
    """Whether a person is there to answer a question (standard input is a terminal)."""
    return sys.stdin.isatty()


def ask_personal(lang: str) -> str | None:
    """A sentence in the writer's own words, asked for in the letter's language
    when someone is at the terminal: a letter with one reads as written by a
    person, not a campaign. None when nobody is asked or they skip."""
    if not can_ask():
        return None
    from ua_cli.packs import labels

    question = labels(lang).get("why_it_matters") or labels("en")["why_it_matters"]
    try:
        answer = click.prompt(
            question, default="", show_default=False, err=True, value_proc=_checked_personal
        )
    except UnicodeDecodeError:  # a terminal not set to UTF-8 (a lone byte such as é in Latin-1)
        raise UaError("your sentence is not UTF-8 text (set your terminal to UTF-8)") from None
    return " ".join(answer.split()) or None


def _checked_personal(text: str) -> str:
    from ua_cli.compose.letter import personal_problem

    if problem := personal_problem(text):
        raise click.UsageError(f"your sentence {problem}")
    return text


def check_personal(text: str | None) -> None:
    """A --personal paragraph that cannot go into a letter is a usage error."""
    from ua_cli.compose.letter import personal_problem

    if text and (problem := personal_problem(text)):
        raise BadUsage(f"the paragraph {problem}", param="--personal")


# -- saying things -----------------------------------------------------------------

# Text from files and other people, made safe to show on a terminal: an imported
# note or a name in a UA file may hold escape sequences (which can retitle a
# window, move the cursor or hide text), bell characters or bidi overrides
# (which make text read backwards); shown as escapes, they are seen for what they
# are and do nothing.

# Kept as they are: line breaks and tabs lay out messages on purpose.
_LAYOUT = frozenset("\n\t")


def printable(text: str, *, layout: bool = True) -> str:
    """`text` with control and format characters shown as escapes (\\x1b, \\u202e);
    line breaks and tabs kept as they are with `layout`."""
    if text.isprintable():
        return text  # the common case, in C
    return "".join(_escaped(c, layout) for c in text)


def _escaped(char: str, layout: bool) -> str:
    import unicodedata  # only for text that is not all printable

    if (layout and char in _LAYOUT) or unicodedata.category(char) not in (
        "Cc",
        "Cf",
        "Cs",
        "Co",
        "Cn",
    ):
        return char
    return repr(char)[1:-1] if char.isascii() or ord(char) < 0x100 else f"\\u{ord(char):04x}"


def warn(message: str) -> None:
    """A warning on stderr; coloured only on a terminal and without NO_COLOR."""
    label = "warning:"
    if sys.stderr.isatty() and not os.environ.get("NO_COLOR"):
        label = click.style(label, fg="yellow", bold=True)
    click.echo(f"{label} {printable(message)}", err=True)


def note(message: str) -> None:
    click.echo(printable(message), err=True)


def say_problem(problem: Problem, path: Any) -> None:
    """One located mistake as FILE:LINE: field: message, on one line (a cell's
    line break shown as \\n, so no cell can forge a line) and safe for the terminal."""
    click.echo(printable(problem.format(path), layout=False), err=True)


def write_or_echo(content: str | bytes, output: str | None, force: bool) -> None:
    """The product to a file (atomically, never over one unasked) or to stdout."""
    if output:
        from pathlib import Path

        from ua_cli.files import write_atomically

        write_atomically(Path(output), content, force=force)
        note(f"wrote {output}")
    else:
        click.echo(content, nl=False)  # bytes (a PDF) go to the binary stream


class EchoStream:
    """A binary stream onto standard output, through click.echo (which also
    writes where a test runner captures it)."""

    def write(self, data: bytes) -> int:
        click.echo(data, nl=False)
        return len(data)

    def flush(self) -> None:
        sys.stdout.flush()


@contextlib.contextmanager
def progress_bar(description: str, *, unit: str = "records") -> Iterator[Callable | None]:
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


# -- errors ------------------------------------------------------------------------


class Reported(click.ClickException):
    """A UaError shown as Click shows its own errors: exit code 1 (or the error's own)."""

    def __init__(self, error: UaError) -> None:
        super().__init__(str(error))
        self.error = error
        self.exit_code = getattr(error, "exit_code", 1)

    def show(self, file: Any = None) -> None:
        if isinstance(self.error, FileProblems):
            for problem in self.error.problems:  # editor-friendly FILE:LINE: lines
                say_problem(problem, self.error.path)
        else:
            note(f"Error: {self.message}")


def as_click_error(error: Exception, ctx: click.Context) -> click.ClickException:
    """The core's exception as Click shows it: a usage error (exit 2) or one line (exit 1)."""
    if isinstance(error, BadUsage):
        if error.param:
            return click.BadParameter(str(error), ctx, param_hint=error.param)
        return click.UsageError(str(error), ctx)
    if isinstance(error, UaError):
        return Reported(error)
    assert isinstance(error, OSError) and error.filename
    # A path the system will not take: too long, a folder where a file should
    # be, no permission. The name is cut, as it may be huge.
    name = str(error.filename)
    shown = name if len(name) <= 120 else f"{name[:117]}..."
    return Reported(UaError(f"{shown}: {error.strerror}"))


class Command(click.Command):
    """A `ua` command: the core's errors become one line under this command's usage."""

    def invoke(self, ctx: click.Context) -> Any:
        _format_from_output(ctx)
        try:
            return super().invoke(ctx)
        except UaError as error:
            raise as_click_error(error, ctx) from None
        except OSError as error:
            if not error.filename:
                raise
            raise as_click_error(error, ctx) from None


class Group(click.Group):
    """A group of `ua` commands (config, db)."""

    command_class = Command


class FilePath(click.Path):
    """click.Path that also refuses an empty name (which names no file)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == "":
            self.fail("give a file name, not an empty one", param, ctx)
        return super().convert(value, param, ctx)


# -- options several commands take ---------------------------------------------------

ua_option = click.option(
    "--ua",
    "ua",
    metavar="ID|FILE",
    help="The UA: its number (106.23) or a UA file. Default: your configured UA, or the only one.",
)
db_option = click.option(
    "--db",
    metavar="PATH",
    envvar="UA_DB",
    help="The action log to use. Default: UA_DB, else one in your data folder (ua db path).",
)


def format_option(choices: list[str], default: str | None, help: str | None = None) -> Any:
    """--format, one of `choices`, handed to the command as `fmt`. Without it,
    the format -o's extension names (letter.pdf: pdf), else `default`; a
    --format that contradicts -o's extension is a usage error."""
    shown = f"from -o's extension, else {default}" if default else None
    return click.option(
        "--format", "fmt", type=FormatChoice(choices, default), default=None,
        help=" ".join(filter(None, [help, f"Default: {shown}." if shown else None])),
    )  # fmt: skip


class FormatChoice(click.Choice):
    """The choices of --format, and the one to take when neither it nor -o's
    extension names one."""

    def __init__(self, choices: list[str], default: str | None) -> None:
        super().__init__(choices)
        self.fallback = default


# What a file's extension says it holds, in --format's words.
_EXTENSIONS = {
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "markdown", ".eml": "eml",
    ".ics": "ics", ".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".txt": "text",
}  # fmt: skip


def _format_from_output(ctx: click.Context) -> None:
    from pathlib import Path

    param = next((p for p in ctx.command.params if p.name == "fmt"), None)
    if param is None or not isinstance(param.type, FormatChoice):
        return
    output = ctx.params.get("output")
    named = _EXTENSIONS.get(Path(output).suffix.lower()) if output else None
    named = named if named in param.type.choices else None
    given = ctx.params.get("fmt")
    if given and named and given != named:
        raise click.BadParameter(
            f"{given} does not match -o {output}; give --format {named}, or another file name",
            ctx=ctx, param_hint="--format",
        )  # fmt: skip
    ctx.params["fmt"] = given or named or param.type.fallback


format_json_option = format_option(["text", "json"], "text", "text for people, json for programs.")
target_option = click.option(
    "--target",
    "-t",
    "target_key",
    required=True,
    metavar="KEY",
    help="Whom to contact (see `ua targets`).",
)
targets_option = click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    required=True,
    metavar="KEY",
    help="Whom to write to (see `ua targets`); repeat it, or `all`.",
)
lang_option = click.option("--lang", "-l", metavar="CODE", help="Language: es, en, ...")
personal_option = click.option(
    "--personal",
    metavar="TEXT",
    help="A paragraph in your own words. In a terminal, asked for when not given; '' skips it.",
)
outcome_option = click.option(
    "--outcome",
    type=click.Choice(["reached", "voicemail", "busy", "no-answer", "wrong-number"]),
    help="How the call went; busy, no-answer and wrong-number are attempts, not calls.",
)
variant_option = click.option(
    "--variant",
    type=click.IntRange(min=1),
    metavar="N",
    help="Which wording of the letter (1 is the UA's own). Default: the one your name picks.",
)


def output_option(help: str) -> Any:
    """-o FILE: the product goes to this file (never over one unasked) instead of stdout."""
    return click.option(
        "--output",
        "-o",
        type=FilePath(dir_okay=False),
        callback=_dash_is_standard_output,
        help=f"{help} '-' is standard output.",
    )


def _dash_is_standard_output(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    return None if value == "-" else value


log_option = click.option("--log", "log_it", is_flag=True, help="Count it in your action log.")
force_option = click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")


class _Day(click.ParamType):
    """A day as YYYY-MM-DD (handed on as a datetime at midnight, as click.DateTime
    does), with a message that says why a day like 2026-02-30 is refused."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, datetime.datetime):
            return value
        try:
            if len(value) != 10:  # YYYY-MM-DD only (fromisoformat also takes 20261120)
                raise ValueError(value)
            return datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time())
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a day of the calendar as YYYY-MM-DD", param, ctx)


date_type = _Day()


def sender_options(function: Any) -> Any:
    """--name, --city, --country and --email, handed to the command as one
    `sender` dict of profile settings."""

    @functools.wraps(function)
    def with_sender(
        *args: Any, name: str | None, city: str | None, country: str | None,
        sender_email: str | None, address: str | None, **kwargs: Any,
    ) -> Any:  # fmt: skip
        sender = {
            "name": name, "city": city, "country": country, "email": sender_email,
            "address": address,
        }  # fmt: skip
        return function(*args, sender=sender, **kwargs)

    options = [
        click.option("--name", help="Your name."),
        click.option("--city", help="Your town or city."),
        click.option("--country", help="Your country."),
        click.option("--email", "sender_email", help="Your email address."),
        click.option("--address", help="Your street address; lines split by ;."),
    ]
    for option in reversed(options):
        with_sender = option(with_sender)
    return with_sender


class Setup(NamedTuple):
    """What a command that writes to officials starts from."""

    session: Session
    profile: Profile
    campaign: Campaign
    targets: list[Target]
    lang: str


def _translated(
    campaign: Campaign, lang: str | None, *, asked: bool, ua: str | None = None
) -> Campaign:
    """The UA with its translation into `lang` where the UA file has no texts in
    it but a translation exists (see ua translate). A letter never mixes
    languages: a translation that lacks texts is not used. Asked for with
    --lang, that is an error naming what is missing; taken from the profile,
    the letter is written in a language the UA has in full, and a note says so."""
    if not lang or lang in campaign.languages:
        return campaign
    from ua_cli.campaign.translations import with_language

    applied = with_language(campaign, lang)
    if applied is None:
        return campaign
    if not applied.fallbacks:
        return applied.campaign
    missing = f"{', '.join(applied.fallbacks[:3])}" + (
        ", ..." if len(applied.fallbacks) > 3 else ""
    )
    # the UA as the user named it: a file given by its path stays a path
    finish = (
        f"finish it with: ua translate export --ua {ua or campaign.id} --lang {lang} -o {lang}.po"
    )
    if asked:
        raise BadUsage(
            f"the '{lang}' translation of UA {campaign.id} lacks {plural_texts(len(applied.fallbacks))}"
            f" ({missing}), and a letter never mixes languages; {finish}",
            param="--lang",
        )
    note(
        f"note: the '{lang}' translation of UA {campaign.id} lacks "
        f"{plural_texts(len(applied.fallbacks))} ({missing}); writing in a language it has in full; {finish}"
    )
    return campaign


def plural_texts(count: int) -> str:
    return f"{count} text" if count == 1 else f"{count} texts"


def set_up(
    ua: str | None, target_keys: str | tuple[str, ...], lang: str | None, **sender: str | None
) -> Setup:
    """The profile (with the sender options), the UA (warning if it has closed),
    the targets (one key, or several and `all`) and the language, saying which
    language `ua` chose and why."""
    from ua_cli.campaign.choice import choose_language, choose_targets, language_note, one_target

    run = session()
    profile = run.profile(**sender)
    campaign = run.campaign(ua, profile)
    warn_if_closed(campaign, run.today)
    campaign = _translated(campaign, lang or profile.language, asked=bool(lang), ua=ua)
    if isinstance(target_keys, str):
        targets = [one_target(campaign, target_keys)]
    else:
        targets = choose_targets(campaign, target_keys)
    language = choose_language(campaign, lang, profile.language, ua=ua)
    if language.why:
        note(language_note(campaign, language))
    return Setup(run, profile, campaign, targets, language.code)
