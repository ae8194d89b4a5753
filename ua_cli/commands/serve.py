"""`ua serve`: a local web page for a letter-writing event."""

import click

from ua_cli.commands.common import Command, db_option, note, session, ua_option
from ua_cli.errors import UaError


@click.command(cls=Command)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0: the whole network).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option(
    "--event",
    default="",
    metavar="TEXT",
    help='The event\'s name on the page, e.g. "Write for Rights, Madrid".',
)
@click.option(
    "--purge",
    is_flag=True,
    help="Empty the event's print queue (deleting the names in it) and stop.",
)
@ua_option
@db_option
def serve(host: str, port: int, event: str, purge: bool, ua: str | None, db: str | None) -> None:
    """Run a local web page where attendees write their own letter, and
    volunteers print the queue and count it (Ctrl-C stops; the queue stays).

    \b
    Examples:
      ua serve --event "Write for Rights, Madrid"
      ua serve --host 0.0.0.0 --port 8080      # phones on the event's Wi-Fi
      ua serve --purge
    """
    from ua_cli.event.queue import EventQueue, queue_path

    queue = EventQueue(queue_path())
    if purge:
        note(f"deleted {queue.purge()} queued letter(s) from {queue.path}")
        return
    app, server = _start(queue, host, port, event, ua, db)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    address = f"http://{shown}:{server.effective_port}"
    note(f"attendees: {address}/")
    note(f"volunteers: {address}/volunteer (PIN {app.pin})")
    note(f"live totals: {address}/report")
    note("Ctrl-C stops the server; the queue is kept")
    try:
        server.run()  # until Ctrl-C (waitress ends its loop on it)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    note(f"stopped; {len(queue.all())} letter(s) still in the queue ({queue.path})")


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
