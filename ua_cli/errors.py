"""The project's own exceptions: core modules raise these, the CLI prints them."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pathlib import Path


class UaError(Exception):
    """A problem the user can fix; the CLI shows it as one line and exits 1."""


# A NamedTuple, not a dataclass: this module loads with every command, and
# dataclasses costs `ua --help` a few milliseconds more.
class Problem(NamedTuple):
    """One mistake in a file, located by line and field path."""

    line: int
    field: str
    message: str

    def format(self, path: Path | str) -> str:
        where = f"{path}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class FileProblems(UaError):
    """A file with one or more located mistakes, all reported together."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = sorted(problems, key=lambda p: (p.line, p.field))
        super().__init__("\n".join(p.format(path) for p in self.problems))


class BadUsage(UaError):
    """A value given on the command line that cannot be used (exit 2, as Click's
    own usage errors); `param` names the option, where there is one."""

    param: str | None = None

    def __init__(self, message: str = "", *, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class UnknownChoice(BadUsage):
    """A name that is not among the valid ones (a target, a language, a UA)."""

    def __init__(
        self,
        what: str,
        given: str,
        choices: list[str],
        *,
        param: str | None = None,
        also: str = "",
    ) -> None:
        import difflib

        self.what = what
        self.given = given
        self.choices = choices
        lowered = {choice.lower(): choice for choice in choices}
        close = difflib.get_close_matches(given.lower(), list(lowered), n=1)
        hint = f" Did you mean '{lowered[close[0]]}'?" if close else ""
        shown = given if len(given) <= 60 else f"{given[:57]}..."
        super().__init__(
            f"unknown {what} '{shown}'; choose from: {', '.join(choices)}.{hint}{also}",
            param=param,
        )


class OutputExists(UaError):
    """Refusing to overwrite a file the user already has."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; use --force to overwrite it")


class Interrupted(UaError):
    """The user stopped a command (Ctrl-C) after it had cleaned up; exit 130, as
    shells report a program stopped by SIGINT."""

    exit_code = 130


def reason_of(error: Exception) -> str:
    """What a library's exception says, as part of one line: its first line,
    or its kind when it says nothing."""
    text = str(error).strip()
    return (text.splitlines()[0] if text else type(error).__name__)[:200]
