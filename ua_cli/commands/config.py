"""`ua config`: the sender profile."""

from __future__ import annotations

from typing import Any

import click

from ua_cli.commands.common import Group, note, session
from ua_cli.errors import UaError


@click.group(cls=Group)
def config() -> None:
    """Keep your sender profile: name, city, country, email, address, language, UA, paper.

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

    try:
        value = check_value(key, value)
        if key == "ua":
            session().campaign(value)  # an unknown UA is refused now, not at the next letter
    except UaError as error:
        raise click.BadParameter(str(error), param_hint="VALUE") from None
    path = session().config_path
    profile = load_profile(path, check=False)._replace(**{key: value})
    save_profile(path, profile)
    note(f"{key} = {getattr(profile, key)} (saved in {path})")


@config.command(name="get")
@_key_argument()
def config_get(key: str) -> None:
    """Print the value of KEY (nothing, exit 1, if it is not set).

    \b
    Example:
      ua config get name
    """
    value = getattr(session().profile(), key)
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

    path = session().config_path
    profile = load_profile(path, check=False)
    if getattr(profile, key) is not None:
        save_profile(path, profile._replace(**{key: None}))
    note(f"{key} unset")


@config.command(name="show")
def config_show() -> None:
    """Print every setting, with what each one is for.

    \b
    Example:
      ua config show
    """
    from ua_cli.config import KEYS

    profile = session().profile()
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
    click.echo(session().config_path)
