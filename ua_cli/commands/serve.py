"""`ua serve`: a local web page for a letter-writing event."""

import click

from ua_cli.commands.common import Command, db_option, note, session, ua_option
from ua_cli.errors import UaError


@click.command(cls=Command)
@click.option(
    "--lan",
    is_flag=True,
    help="Serve the room's network: phones open the address (or scan the QR code) printed.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (--lan picks this machine's own).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option(
    "--event",
    default="",
    metavar="TEXT",
    help='The event\'s name on the page, e.g. "Write for Rights, Madrid".',
)
@click.option(
    "--purge-after",
    type=click.IntRange(1, 24 * 30),
    default=24,
    show_default=True,
    metavar="HOURS",
    help="Delete letters not printed within this many hours, with their writers' data.",
)
@click.option(
    "--purge",
    is_flag=True,
    help="Empty the event's print queue (deleting the names in it) and stop.",
)
@ua_option
@db_option
def serve(
    lan: bool,
    host: str,
    port: int,
    event: str,
    purge_after: int,
    purge: bool,
    ua: str | None,
    db: str | None,
) -> None:
    """Run a local web page where attendees write their own letter, and
    volunteers print the queue and count it (Ctrl-C stops; the queue stays).

    \b
    Examples:
      ua serve --event "Write for Rights, Madrid" --lan   # phones on the room's Wi-Fi
      ua serve                                       # this computer only
      ua serve --purge
    """
    from ua_cli.event.queue import EventQueue, queue_path

    queue = EventQueue(queue_path())
    if purge:
        note(f"deleted {queue.purge()} queued letter(s) from {queue.path}")
        return
    if lan:
        host = _lan_address(host)
    app, server = _start(queue, "0.0.0.0" if lan else host, port, event, ua, db)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    address = f"http://{shown}:{server.effective_port}"
    app.address = f"{address}/"
    app.purge_after_hours = purge_after
    _say_where(app, address, lan=lan)
    try:
        server.run()  # until Ctrl-C (waitress ends its loop on it)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    note(f"stopped; {len(queue.all())} letter(s) still in the queue ({queue.path})")


def _lan_address(given: str) -> str:
    """The address phones in the room reach this machine by."""
    from ua_cli.event.network import lan_addresses

    if given not in ("127.0.0.1", "localhost", "::1"):
        return given  # the organizer named one
    found = lan_addresses()
    if not found:
        raise UaError(
            "this computer is on no local network (no Wi-Fi or cable address found); "
            "connect it to the room's network, or give --host ADDRESS"
        )
    return found[0]


def _say_where(app, address: str, *, lan: bool) -> None:  # noqa: ANN001 (EventApp)
    import sys

    from ua_cli.commands.common import warn_if_closed

    warn_if_closed(app.campaign, session().today)
    note(f"attendees: {address}/" + ("  (phones on this network: scan the code)" if lan else ""))
    if lan:
        from ua_cli.event.network import qr_text

        sys.stderr.write(qr_text(f"{address}/"))
        note(f"poster to print and put up: {address}/poster")
    else:
        note("this computer only; for phones in the room: ua serve --lan")
    note(f"volunteers: {address}/volunteer (PIN {app.pin})")
    note(f"tonight's count, for a screen: {address}/tonight")
    note(f"live totals: {address}/report")
    note("Ctrl-C stops the server; the queue is kept")


def _start(queue, host: str, port: int, event: str, ua: str | None, db: str | None):  # noqa: ANN001
    import logging

    from ua_cli.event.app import EventApp
    from ua_cli.event.server import serve as make_server

    # Waitress's notes ("task queue depth") would scroll the PIN away.
    logging.getLogger("waitress").setLevel(logging.ERROR)

    run = session()
    campaign = run.campaign(ua, run.profile())
    app = EventApp(
        campaign, queue=queue, db=db, event=event or f"Urgent Action {campaign.id}",
        today=run.today, now=run.clock.ticking(), renderer=run.renderer(),
    )  # fmt: skip
    try:
        server = make_server(app, host, port)
    except (OSError, ValueError, TypeError) as error:  # a port taken; a host that is none
        reason = getattr(error, "strerror", None) or str(error).rstrip(".")
        raise UaError(f"cannot listen on {host!r} port {port}: {reason}") from None
    return app, server
