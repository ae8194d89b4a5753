"""The `ua` command line, the only place that knows click: it parses options,
calls the core, prints the product on stdout and messages on stderr.

One module per group of commands: letters.py (letter, batch), contact.py
(email, tweet, call, act), uas.py (validate, schema, list, show, targets),
log.py (log, history, unlog, report, export, import, db, sync) and config.py;
what they share is in common.py. A command's module is imported only when the
command runs, so `ua --help` costs little more than click itself.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys

import click

from ua_cli import __version__
from ua_cli.commands.common import Clock, Session, printable

# Each command: its module, its function, and the first paragraph of its help
# (shown by `ua --help` without importing the module; a test keeps them equal).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "act": ("contact", "act", "Go through every way to reach an official, one after another, and count each one you take."),
    "batch": ("letters", "batch", "Write one letter per signer (and target) from an event's sign-up sheet."),
    "call": ("contact", "call", "Print a short phone script, with the number and the office's local time."),
    "config": ("config", "config", "Keep your sender profile: name, city, country, email, address, language, UA, paper."),
    "db": ("log", "db", "The action log's database."),
    "email": ("contact", "email", "Write an email draft to an official: a .eml file your mail program opens."),
    "export": ("log", "export_entries", "Write your action log for a coordinator to import or report on."),
    "history": ("log", "history", "Show the entries most recently logged in your action log (by when they were logged)."),
    "import": ("log", "import_entries", "Add other people's exports (JSON Lines or CSV) to your action log."),
    "letter": ("letters", "letter", "Write a letter to one or more of the UA's targets."),
    "list": ("uas", "list_uas", "List the UAs found, with their deadlines."),
    "new": ("new", "new", "Make a UA file from a UA document (text, PDF, Word or web page)."),
    "log": ("log", "log_action", "Count an action you took: a letter, email, fax, call or tweet."),
    "post": ("contact", "post", "Write a post to an official on X, Mastodon or Bluesky, within its limit."),
    "remind": ("remind", "remind", "Write an iCalendar file: the deadline, with an alarm three days before, and a call slot when each official's office next opens."),
    "reply": ("log", "reply", "Record that an official answered: a letter back, an email, a call returned."),
    "report": ("log", "report", "Total the actions taken, to report them back to Amnesty."),
    "schema": ("uas", "schema", "Print the JSON Schema of UA files, for editors that complete and check YAML."),
    "serve": ("serve", "serve", "Run a local web page where attendees write their own letter, and volunteers print the queue and count it (Ctrl-C stops; the queue stays)."),
    "show": ("uas", "show", "Summarise a UA: deadline, targets, channels, languages."),
    "sync": ("log", "sync", "Send your local log's entries to the team's shared log, each once."),
    "targets": ("uas", "targets", "List the officials a UA targets, with every way to reach them."),
    "translate": ("translate", "translate", "Translate a UA's texts with translators' tools (gettext PO files)."),
    "tweet": ("contact", "tweet", "Write a post (tweet) to an official on X, within 280 characters."),
    "unlog": ("log", "unlog", "Remove a mistaken entry from your action log (its ID, or its first characters)."),
    "validate": ("uas", "validate", "Check UA files and report every mistake with its line."),
}  # fmt: skip


class _Group(click.Group):
    """Loads each command's module when it runs and refuses arguments no command
    can use; each command (common.Command) turns the core's errors into one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        import importlib

        module, attribute, _ = COMMANDS[name]
        return getattr(importlib.import_module(f"ua_cli.commands.{module}"), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # As click's own, but from the table: no command module is imported.
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [
            (name, click.utils.make_default_short_help(COMMANDS[name][2], limit))
            for name in self.list_commands(ctx)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:
            if "\x00" in arg:  # no file name, value or header can hold one
                raise click.UsageError(f"'{printable(arg)}' holds a NUL character", ctx)
            if not _is_text(arg):
                shown = repr(arg.encode("utf-8", "surrogateescape"))[2:-1]
                raise click.UsageError(
                    f"'{shown}' holds bytes that are not UTF-8 text; "
                    "set your terminal (or script) to UTF-8",
                    ctx,
                )
        return super().parse_args(ctx, args)


def _is_text(arg: str) -> bool:
    """Whether a command-line argument is real text: bytes that were not UTF-8
    arrive as lone surrogates, which no file, database or header can hold."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="ua")
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    envvar="UA_CONFIG",
    help="Your profile (default: UA_CONFIG, else config.toml in your config folder).",
)
@click.option(
    "--data",
    "data_dirs",
    metavar="DIRS",
    envvar="UA_DATA",
    help="Folders with more UA files (default: UA_DATA).",
)
@click.pass_context
def cli(ctx: click.Context, config_file: str | None, data_dirs: str | None) -> None:
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
    clock = ctx.obj if isinstance(ctx.obj, Clock) else Clock.real()
    ctx.obj = Session(clock=clock, config_option=config_file, data_dirs=data_dirs)


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
        cli.main(prog_name="ua", terminal_width=_terminal_width(), obj=Clock.real())
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
