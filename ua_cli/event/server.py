"""The event's HTTP server: `EventApp` as a WSGI application behind waitress,
with bounded requests and a timeout for clients that send nothing."""

from __future__ import annotations

from typing import Any

from ua_cli.event.app import EventApp, Response
from ua_cli.event.security import SECURITY_HEADERS

MAX_BODY = 64 * 1024


def wsgi(app: EventApp) -> Any:
    """`app` as a WSGI application, for waitress (or any WSGI server)."""
    from http import HTTPStatus

    def application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        query = environ.get("QUERY_STRING", "")
        target = environ.get("PATH_INFO", "/") + (f"?{query}" if query else "")
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        response = _bounded_body(environ) if method == "POST" else None
        if response is None:
            body = (
                environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
                if method == "POST"
                else b""
            )
            try:
                response = app.handle(method, target, headers, body, environ.get("REMOTE_ADDR", ""))
            except Exception as error:  # a bug: one line for the volunteer, nothing for the client
                import logging

                logging.getLogger("ua.serve").error("%s %s: %r", method, target[:200], error)
                response = Response(
                    500, b"something went wrong; try again\n", "text/plain; charset=utf-8"
                )
        reason = HTTPStatus(response.status).phrase
        start_response(
            f"{response.status} {reason}",
            [
                ("Content-Type", response.content_type),
                ("Content-Length", str(len(response.body))),
                ("Cache-Control", "no-store"),
                *SECURITY_HEADERS.items(),
                *response.headers,
            ],
        )
        return [response.body]

    return application


def _bounded_body(environ: dict[str, Any]) -> Response | None:
    """A refusal for a form without a length or over the bound, else None."""
    try:
        size = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return Response(411, b"a form needs its length\n", "text/plain; charset=utf-8")
    if not 0 <= size <= MAX_BODY:
        return Response(413, b"the form is too large\n", "text/plain; charset=utf-8")
    return None


def _check_address(host: str, port: int) -> None:
    """Raise OSError if `host`:`port` cannot be listened on: checked with a plain
    socket first, since waitress leaves its own open when binding fails."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def serve(app: EventApp, host: str, port: int) -> Any:
    """The HTTP server for `app` (waitress: threads for twenty phones at once,
    bounded requests, and a timeout for clients that send nothing); not yet
    serving: call its run()."""
    import waitress.server

    _check_address(host, port)
    try:
        return _waitress(waitress.server, app, host, port)
    except (OSError, ValueError, TypeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
    # Waitress leaves the socket and pipe it made open when it cannot bind:
    # closed here, where that warning is ours to silence, once the error is gone.
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    raise OSError(reason)


# A phone opens a few connections (a browser six at most, a family's twenty
# attendees on one address fewer than this); a device holding more (slow requests
# that never finish) is refused the next, so the others are still served.
CONNECTIONS_PER_CLIENT = 32
# A request's headers arrive at once from a phone; a connection still sending
# them after this long (a line every few seconds, to hold a slot) is closed.
HEADER_SECONDS = 10.0
# Connections in all; the last few are kept for the addresses a volunteer signed
# in from, so that a room full of slow or hostile devices never locks them out.
CONNECTION_LIMIT = 200
RESERVED_FOR_VOLUNTEERS = 16


def _waitress(module: Any, app: EventApp, host: str, port: int) -> Any:
    """waitress's server for one address, as its create_server makes it, with
    connections bounded per client address."""
    from waitress.adjustments import Adjustments
    from waitress.task import ThreadedTaskDispatcher

    adjustments = Adjustments(
        host=host, port=port, threads=8, connection_limit=CONNECTION_LIMIT, channel_timeout=30,
        cleanup_interval=1,
        max_request_body_size=MAX_BODY, max_request_header_size=32 * 1024, ident="ua-serve",
        expose_tracebacks=False,
    )  # fmt: skip
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adjustments.threads)
    fair = _fair_server_class(module.TcpWSGIServer, app)
    return fair(
        wsgi(app), {}, True, None, dispatcher=dispatcher, adj=adjustments,
        sockinfo=adjustments.listen[0],
    )  # fmt: skip


def _fair_server_class(base: Any, app: EventApp) -> Any:
    class FairServer(base):
        """waitress's TCP server, refusing a client's connection past
        CONNECTIONS_PER_CLIENT open ones (250 slow connections from one
        device made every other request wait), and, once the server is nearly
        full, any connection but a volunteer's."""

        def handle_accept(self) -> None:
            try:
                accepted = self.accept()
                if accepted is None:
                    return
                connection, address = accepted
                self.set_socket_options(connection)
            except OSError:
                return  # the client left before we took it: as waitress does
            address = self.fix_addr(address)
            channels = [c for c in self._map.values() if isinstance(c, self.channel_class)]
            open_ones = sum(channel.addr[0] == address[0] for channel in channels)
            crowded = len(channels) >= CONNECTION_LIMIT - RESERVED_FOR_VOLUNTEERS
            if open_ones >= CONNECTIONS_PER_CLIENT or (
                crowded and address[0] not in app.volunteer_clients
            ):
                connection.close()
                return
            self.channel_class(self, connection, address, self.adj, map=self._map)

        def maintenance(self, now: float) -> None:
            super().maintenance(now)
            for channel in list(self.active_channels.values()):
                request = getattr(channel, "request", None)
                slow = now - channel.creation_time > HEADER_SECONDS
                if request is not None and not request.headers_finished and slow:
                    channel.will_close = True

    return FairServer
