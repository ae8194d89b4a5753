"""`ua remind`: the UA's deadline and call slots, as a file for any calendar."""

from pathlib import Path

import click

from ua_cli.commands.common import (
    Command,
    force_option,
    note,
    session,
    ua_option,
    write_or_echo,
)
from ua_cli.errors import UaError


@click.command(cls=Command)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    help="Write the calendar here ('-' for standard output). Default: ua-<UA>.ics.",
)
@force_option
@click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    metavar="KEY",
    help="Call slots for these officials (repeat it). Default: all.",
)
@ua_option
def remind(output: str | None, force: bool, targets: tuple[str, ...], ua: str | None) -> None:
    """Write an iCalendar file: the deadline, with an alarm three days before,
    and a call slot when each official's office next opens.

    Open the file in any calendar program; nothing is sent anywhere.

    \b
    Examples:
      ua remind
      ua remind --ua 106.23 -o ~/Desktop/ua-106.23.ics
    """
    from ua_cli.campaign.choice import choose_targets
    from ua_cli.compose.reminders import reminders

    run = session()
    campaign = run.campaign(ua, run.profile())
    if campaign.days_left(run.today) < 0:
        raise UaError(
            f"UA {campaign.id} closed on {campaign.deadline.isoformat()}: there is nothing left "
            "to remind you of; check for a newer UA (ua new reads it)"
        )
    made = reminders(campaign, choose_targets(campaign, targets or ("all",)), run.clock.now, ua=ua)
    path = output or f"ua-{campaign.id}.ics"
    write_or_echo(made.ics, None if path == "-" else path, force)
    for target, slot in made.calls:
        note(
            f"note: call slot for {target.key}: {slot:%A %Y-%m-%d %H:%M} ({slot.tzinfo}), office time"
        )
    for reason in made.skipped:
        note(f"note: no call slot for {reason}")
    if path != "-":
        note(f"open {Path(path).name} in your calendar program to add the reminders")
