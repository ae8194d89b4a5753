"""Every command, every option, hostile values: an answer and an exit code,
never a traceback (the promise in DESIGN.md, tried the way an attacker would)."""

from __future__ import annotations

import click
import pytest

from ua_cli.commands import cli

HOSTILE = [
    "",
    "\x00",
    "\x1b]0;pwned\x07",
    "\u202eexe.txt",
    "caf\udce9",
    "-1",
    "99999999999999999999",
    "../../../escaped",
    "/dev/full",
    "/dev/zero",
    "x" * 20_000,
    "=cmd|' /C calc'!A0",
    "{{ 7*7 }}{% raw %}",
    '#panic("x") $x$ @ref',
    "postgresql://ana:s3cret@127.0.0.1:1/db",
    "1e3",
]

# A valid call of each command, which each option's hostile value then changes.
BASE = {
    ("letter",): ["-t", "pcm"],
    ("email",): ["-t", "pcm"],
    ("tweet",): ["-t", "pcm"],
    ("call",): ["-t", "embassy"],
    ("act",): ["-t", "pcm"],
    ("batch",): ["--signers", "sheet.csv", "-t", "pcm", "-o", "out.txt", "--format", "text"],
    ("log",): ["letter", "-t", "pcm"],
    ("unlog",): ["abcd"],
    ("import",): ["export.jsonl"],
    ("sync",): ["--to", "postgresql://ua@127.0.0.1:1/team"],
    ("config", "set"): ["name", "Ana"],
    ("config", "get"): ["name"],
    ("config", "unset"): ["name"],
}


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def _cases():
    for path, command in _commands(cli):
        for param in command.params:
            if isinstance(param, click.Option) and (param.is_flag or param.count):
                continue
            if param.name in ("help",):
                continue
            yield pytest.param(path, param, id=f"{' '.join(path)} {param.opts[0]}")


@pytest.fixture
def workplace(tmp_path, monkeypatch, run):
    """A folder three levels down (so ../../.. stays in tmp_path), with a sheet
    and an export to read."""
    here = tmp_path / "a" / "b" / "c"
    here.mkdir(parents=True)
    (here / "sheet.csv").write_text("Name,City\nAna,Madrid\n", encoding="utf-8")
    monkeypatch.chdir(here)
    _serve_without_blocking(monkeypatch)
    run("log", "letter", "-t", "pcm")
    run("export", "-o", str(here / "export.jsonl"))
    return here


def _serve_without_blocking(monkeypatch) -> None:
    """`ua serve` binds its address (so hostile hosts and ports meet the real
    check) and stops at once instead of serving forever."""
    import ua_cli.event.server as event_server

    real = event_server.serve

    def bound_then_stopped(app, host, port):
        server = real(app, host, port)
        server.run = lambda: None
        return server

    monkeypatch.setattr(event_server, "serve", bound_then_stopped)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "param"), list(_cases()))
def test_no_hostile_value_of_any_option_ends_in_a_traceback(run, today, workplace, path, param):
    base = BASE.get(path, [])
    for value in HOSTILE:
        if isinstance(param, click.Argument):
            args = _with_argument(command=path, base=base, param=param, value=value)
        else:
            args = [*base, param.opts[0], value]
        result = run(*path, *args, input="n\n" * 6)
        shown = " ".join(path) + " " + repr(args)[:200]
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{shown}: {result.exception!r}") from result.exception
        assert result.exit_code in (0, 1, 2, 130), shown
        assert "Traceback" not in result.output, shown
        if result.exit_code:
            assert result.stderr.strip(), f"{shown}: failed without a word"


def _with_argument(*, command, base, param, value) -> list[str]:
    """The base call with this argument's value replaced by `value`."""
    from ua_cli.commands import cli as group

    target = group
    for name in command:
        target = target.get_command(None, name)
    arguments = [p for p in target.params if isinstance(p, click.Argument)]
    position = arguments.index(param)
    values = [a for a in base if not a.startswith("-")][: len(arguments)]
    options = base[len(values) :] if base[: len(values)] == values else []
    values += [""] * (len(arguments) - len(values))
    values[position] = value
    return ["--", *values] if not options else [*values, *options]


@pytest.mark.slow
@pytest.mark.parametrize("option", ["--config", "--data"])
def test_no_hostile_value_of_a_global_option_ends_in_a_traceback(run, today, workplace, option):
    for value in HOSTILE:
        for command in (["show"], ["letter", "-t", "pcm"], ["config", "set", "city", "Lima"]):
            result = run(option, value, *command)
            shown = f"{option} {value[:40]!r} {command}"
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise AssertionError(f"{shown}: {result.exception!r}") from result.exception
            assert "Traceback" not in result.output, shown


@pytest.mark.parametrize(
    ("args", "name", "starts"),
    [
        (("letter", "-t", "pcm"), "letter.pdf", b"%PDF-"),
        (("letter", "-t", "pcm"), "letter.html", b"<!DOCTYPE html>"),
        (("report",), "totals.json", b"{"),
        (("export",), "mine.csv", b"id,ua,action"),
    ],
)
def test_the_format_comes_from_the_files_extension(run, today, tmp_path, args, name, starts):
    out = tmp_path / name
    result = run(*args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(starts)


def test_a_format_that_contradicts_the_extension_is_refused(run, today, tmp_path):
    out = tmp_path / "letter.pdf"
    result = run("letter", "-t", "pcm", "--format", "text", "-o", str(out))
    assert result.exit_code == 2
    assert (
        "Invalid value for --format: text does not match -o "
        f"{out}; give --format pdf, or another file name" in result.stderr
    )
    assert not out.exists()


def test_an_empty_mastodon_server_is_refused(run, today):
    result = run("post", "-t", "pcm", "--network", "mastodon", "--instance", "")
    assert result.exit_code == 2
    assert (
        "Invalid value for '--instance': give a server such as mastodon.social, not an empty one"
        in result.stderr
    )
