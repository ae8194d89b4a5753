"""`ua new URL`: a UA's page read from a local web server (never the network):
the page read as a saved one is, redirects and sizes bounded, no cookies,
no addresses with passwords, nothing but http and https."""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
import time

import pytest

from tests.intake import hostile


@contextlib.contextmanager
def _server(pages: dict[str, tuple[int, dict[str, str], bytes]]):
    seen: list[dict[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(dict(self.headers))
            status, headers, body = pages.get(self.path, (404, {}, b"no such page"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_page_is_read_from_its_address(run, today, tmp_path):
    page = hostile.html_with_hidden_email("tab").encode()
    cookie = {"Set-Cookie": "session=abc", "Content-Type": "text/html; charset=utf-8"}
    pages = {
        "/ua": (302, {"Location": "/ua-45-27", **cookie}, b""),
        "/ua-45-27": (200, cookie, page),
    }
    with _server(pages) as (base, seen):
        out = tmp_path / "ua.yaml"
        result = run("new", f"{base}/ua", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert f'email: "{hostile.VISIBLE_EMAIL}"' in text and hostile.HIDDEN_EMAIL not in text
    assert 'id: "45.27"' in text
    assert all("Cookie" not in headers for headers in seen)  # none kept, none sent


def test_endless_redirects_and_huge_pages_are_refused(run, tmp_path, monkeypatch):
    from ua_cli.intake import fetching

    monkeypatch.setattr(fetching, "MAX_PAGE", 1000)
    pages = {f"/r{n}": (302, {"Location": f"/r{n + 1}"}, b"") for n in range(10)}
    pages["/big"] = (200, {"Content-Type": "text/html"}, b"<p>x</p>" * 500)
    with _server(pages) as (base, _):
        loop = run("new", f"{base}/r0", "-o", str(tmp_path / "a.yaml"))
        big = run("new", f"{base}/big", "-o", str(tmp_path / "b.yaml"))
    assert loop.exit_code == 1 and "redirect" in loop.stderr.lower()
    assert big.stderr == f"Error: {base}/big: the page is larger than 0 MiB; not a UA\n"


@pytest.mark.parametrize(
    ("address", "said"),
    [
        (
            "http://ana:s3cret@127.0.0.1:9/ua",
            "http://***@127.0.0.1:9/ua: a web address with a user name or password",
        ),
        (
            "https://s3cret@127.0.0.1:9/ua",
            "https://***@127.0.0.1:9/ua: a web address with a user name or password",
        ),
        ("http://127.0.0.1:99999/ua", "http://127.0.0.1:99999/ua: not a web address: Port out"),
        ("http://[::1/ua", "http://[::1/ua: not a web address: Invalid IPv6 URL"),
        ("ftp://127.0.0.1/ua.pdf", None),
    ],
)
def test_addresses_with_passwords_or_other_schemes_are_refused(run, tmp_path, address, said):
    result = run("new", address, "-o", str(tmp_path / "ua.yaml"))
    assert result.exit_code in (1, 2)
    assert "s3cret" not in result.output
    if said:
        assert said in result.stderr


def test_a_redirect_to_a_file_is_refused(run, tmp_path):
    pages = {"/ua": (302, {"Location": "file:///etc/passwd"}, b"")}
    with _server(pages) as (base, _):
        result = run("new", f"{base}/ua", "-o", str(tmp_path / "ua.yaml"))
    assert result.exit_code == 1
    assert "root:" not in result.output


@contextlib.contextmanager
def _raw_server(answer: bytes, *, every: float = 0.0):
    """A server that answers whatever it is asked with `answer`, a byte at a
    time every `every` seconds when that is given."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            with contextlib.suppress(OSError):
                if not every:
                    connection.sendall(answer)
                for byte in answer if every else b"":
                    # A plain sleep: a timed wait on an Event misreads a clock
                    # shifted by faketime and waits for years
                    time.sleep(every)
                    if stop.is_set():
                        break
                    connection.sendall(bytes([byte]))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/ua"
    finally:
        stop.set()
        thread.join(timeout=10)
        listener.close()


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (b"HELLO THERE\r\n\r\n", "cannot read the page: HELLO THERE"),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nshort",
            "cannot read the page: it stopped after 5 of 500 bytes; try again",
        ),
        (b"HTTP/1.1 404 Not\r\n Found\r\nContent-Length: 0\r\n\r\n", "the server answered 404"),
    ],
)
def test_a_server_speaking_nonsense_gets_one_line(run, tmp_path, answer, said):
    with _raw_server(answer) as address:
        result = run("new", address, "-o", str(tmp_path / "ua.yaml"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {address}: {said}")


def test_a_page_sent_a_byte_at_a_time_is_given_up_at_the_deadline(run, tmp_path, monkeypatch):
    from ua_cli.intake import fetching

    monkeypatch.setattr(fetching, "TIMEOUT_SECONDS", 1.0)
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"<p>" * 30_000
    started = time.monotonic()
    with _raw_server(answer, every=0.01) as address:
        result = run("new", address, "-o", str(tmp_path / "ua.yaml"))
    assert result.stderr == (
        f"Error: {address}: the page takes more than 1 s to come; "
        "save it from a browser and give the file\n"
    )
    assert time.monotonic() - started < 60  # not the 15 minutes the page would take
