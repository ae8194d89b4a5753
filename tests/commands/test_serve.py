"""`ua serve`: attendees write their own letter in a browser, volunteers print the
queue as `ua batch` would and count it; nothing personal is kept after that."""

from __future__ import annotations

import contextlib
import datetime
import html
import http.client
import io
import json
import os
import threading
import time
import urllib.parse

import pypdf
import pytest

from tests.builders import SHIPPED_UA
from ua_cli.campaign.catalog import load
from ua_cli.event.app import PAGES, EventApp
from ua_cli.event.queue import EventQueue
from ua_cli.event.server import serve
from ua_cli.render.templates import Renderer

TODAY = datetime.date(2026, 11, 29)
NOW = datetime.datetime(2026, 11, 29, 18, 30, tzinfo=datetime.UTC)


@pytest.fixture
def app(isolated_paths, tmp_path):
    return EventApp(
        load(SHIPPED_UA), queue=EventQueue(tmp_path / "queue.sqlite3"),
        db=str(isolated_paths / "ua-log.sqlite3"),  # UA_DB, as `ua serve` gets it
        event="Write for Rights, Madrid", today=TODAY, now=lambda: NOW,
        renderer=Renderer.for_user(isolated_paths / "ua-config.toml"),
    )  # fmt: skip


@contextlib.contextmanager
def serving(app):
    """`app` served over HTTP on a free port by a thread, and stopped from inside
    that thread's own loop. Closing its sockets from here while the loop polled
    them let the loop close descriptor numbers that the next test's SQLite had
    been given meanwhile (EBADF in a later test, one run in three)."""
    from waitress import wasyncore

    server = serve(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    def stop() -> None:
        server.task_dispatcher.shutdown()
        wasyncore.close_all(server._map)  # the loop ends when its map is empty

    try:
        yield server
    finally:
        server.trigger.pull_trigger(stop)
        thread.join(timeout=30)
        assert not thread.is_alive()


def _post(app, path: str, fields: dict, headers: dict | None = None):
    body = urllib.parse.urlencode({"csrf": app.csrf, **fields}, doseq=True).encode()
    return app.handle("POST", path, headers or {}, body)


ANA = {
    "name": "Ana <b>Pérez</b>",
    "city": "Madrid",
    "country": "Spain",
    "target": ["pcm"],
    "lang": "es",
    "consent": "yes",
}


def test_the_page_speaks_the_browsers_language_and_offers_a_switch(app):
    page = app.handle(
        "GET", "/", {"accept-language": "de-AT, de;q=0.9, en;q=0.5"}, b""
    ).body.decode()
    assert '<html lang="de" dir="ltr">' in page
    assert "Schreiben Sie Ihren Brief" in page
    assert '<a href="/?lang=fr" hreflang="fr" lang="fr">français</a>' in page
    assert "S. E. Herrn Gustavo Adolfo Meza-Cuadra Velásquez, Botschafter der Republik Peru" in page
    assert "Diese Urgent Action endete am 9. Januar 2024." in page  # a closed UA says so
    spanish = app.handle("GET", "/?lang=es", {"accept-language": "de"}, b"").body.decode()
    assert "Escriba su carta" in spanish
    unknown = app.handle("GET", "/", {"accept-language": "sw, ja;q=0.8"}, b"").body.decode()
    assert '<html lang="es"' in unknown  # the UA's preferred language


def test_a_preview_is_the_letter_ua_letter_writes_with_everything_typed_escaped(app, run):
    page = _post(app, "/", {**ANA, "do": "preview"}).body.decode()
    assert "Ana &lt;b&gt;Pérez&lt;/b&gt;" in page
    assert "<b>Pérez</b>" not in page
    letter = run("letter", "-t", "pcm", "-l", "es", "--name", "Ana <b>Pérez</b>", "--city", "Madrid",
                 "--country", "Spain", "--date", "2026-11-29", "--format", "html")  # fmt: skip
    first_paragraph = letter.stdout.split("<p>")[3].split("</p>")[0]
    assert first_paragraph in page  # the same composer and the same wording choice
    assert 'href="mailto:lotarola@pcm.gob.pe?' in page
    fragment = _post(app, "/preview", {**ANA, "do": "preview"}).body.decode()
    assert fragment.lstrip().startswith("<h2>Su carta</h2>")


@pytest.mark.parametrize(
    "name",
    ["Ana <b>Pérez</b>", '#panic("x") *bold* $x$', "=cmd|' /C calc'!A0", "@SUM(1+1)"],
)
def test_an_attendee_downloads_their_own_pdf_with_what_they_typed_printed_literally(app, name):
    response = _post(app, "/", {**ANA, "name": name, "do": "pdf"})
    assert response.content_type == "application/pdf"
    text = pypdf.PdfReader(__import__("io").BytesIO(response.body)).pages[0].extract_text()
    assert name in text
    assert "Señor presidente del Consejo de Ministros:" in text


def test_forms_need_the_pages_token_and_sane_fields(app):
    forged = app.handle(
        "POST", "/", {}, urllib.parse.urlencode({**ANA, "do": "queue"}, doseq=True).encode()
    )
    assert forged.status == 403
    assert app.queue.all() == []
    missing = _post(app, "/", {"do": "queue", "lang": "es", "name": "", "target": ["pcm"]})
    assert missing.status == 422
    assert "Indique su nombre y elija al menos un destinatario." in missing.body.decode()
    for field, value, problem in [
        ("name", "Ana\u202eZ", "name: holds an invisible character"),
        (
            "city",
            "Madrid\r\nBcc: x@example.org",
            "city must not contain control characters or line breaks",
        ),
        ("email", "not-an-address", "is not a valid email address"),
        ("personal", "x" * 2001, "personal: at most 2000 characters"),
    ]:
        refused = _post(app, "/", {**ANA, field: value, "do": "queue"})
        assert refused.status == 422, field
        assert problem in refused.body.decode(), field
    assert app.queue.all() == []


def test_volunteers_need_the_pin_print_the_queue_as_a_batch_and_count_it(app, run, today):
    for name in ("Ana Pérez", "Luis Okafor", "Eva Smith"):
        assert (
            _post(
                app, "/", {**ANA, "name": name, "do": "queue", "target": ["pcm", "embassy"]}
            ).status
            == 303  # then the thank-you page, by GET
        )
    assert app.handle("GET", "/volunteer/letters.pdf", {}, b"").status == 403
    wrong = _post(app, "/volunteer/login", {"pin": "000000" if app.pin != "000000" else "111111"})
    assert wrong.status == 403
    login = _post(app, "/volunteer/login", {"pin": app.pin})
    assert login.status == 303
    cookie = dict(login.headers)["Set-Cookie"].split(";")[0]
    assert "HttpOnly" in dict(login.headers)["Set-Cookie"]
    signed_in = {"cookie": cookie}
    queue_page = app.handle("GET", "/volunteer", signed_in, b"").body.decode()
    assert "3 letter(s) in the queue; 0 of them in a PDF you downloaded." in queue_page
    early = _post(app, "/volunteer/printed", {"upto": "99"}, signed_in).body.decode()
    assert "Nothing to mark: print the queue first." in early
    pdf = app.handle("GET", "/volunteer/letters.pdf", signed_in, b"")
    pages = pypdf.PdfReader(__import__("io").BytesIO(pdf.body)).pages
    assert len(pages) == 6  # three writers, two officials each
    texts = [page.extract_text() for page in pages]
    assert sum("Luis Okafor" in text for text in texts) == 2
    assert (
        len(
            {
                t.split("Señor presidente del Consejo de Ministros:")[-1]
                for t in texts
                if "Otárola" in t
            }
        )
        == 3
    )
    envelopes = app.handle("GET", "/volunteer/envelopes.pdf", signed_in, b"")
    assert len(pypdf.PdfReader(__import__("io").BytesIO(envelopes.body)).pages) == 6
    upto = max(q.id for q in app.queue.all())
    # An attendee queues a letter after the PDF was made: it stays for the next run.
    assert _post(app, "/", {**ANA, "name": "Late Letter", "do": "queue"}).status == 303
    done = _post(app, "/volunteer/printed", {"upto": str(upto + 1)}, signed_in).body.decode()
    assert "Counted 6 letter(s) in the action log; their writers&#39; names are deleted." in done
    assert [q.name for q in app.queue.all()] == ["Late Letter"]
    app.queue.purge()
    assert b"Ana" not in app.queue.path.read_bytes()  # deleted, not only hidden
    report = json.loads(run("report", "--format", "json").stdout)
    assert report["totals"]["letter"] == 6
    assert json.loads(app.handle("GET", "/report.json", {}, b"").body) == report


def test_pin_guessing_is_slowed_down(app):
    wrong = "000000" if app.pin != "000000" else "111111"
    for _ in range(5):
        assert _post(app, "/volunteer/login", {"pin": wrong}).status == 403
    assert (
        _post(app, "/volunteer/login", {"pin": app.pin}).status == 429
    )  # even the right one, for a while


def test_the_report_page_has_the_logs_totals_and_a_chart(app, run, today):
    run("log", "letter", "-t", "pcm", "-n", "3")
    page = app.handle("GET", "/report?lang=en", {}, b"").body.decode()
    assert "3 action(s) counted in the log, from 29 November 2026 to 29 November 2026." in page
    spanish = app.handle("GET", "/report", {"accept-language": "es"}, b"").body.decode()
    assert "3 acción(es) contadas en el registro, del 29 de noviembre de 2026" in spanish
    assert "<td>Cartas</td>" in spanish
    assert "<svg" in page and "http" not in page.split("<svg")[1].split("</svg>")[0].replace(
        "http://www.w3.org", ""
    )


def test_twenty_attendees_at_once_over_http_and_the_queue_survives_a_stop(app):
    with serving(app) as server:
        statuses = _twenty_attendees_and_a_big_post(app, server.effective_port)
    assert statuses == [303] * 20
    assert len(EventQueue(app.queue.path).all()) == 20  # kept after the server stops


def _twenty_attendees_and_a_big_post(app, port: int) -> list[int]:
    statuses: list[int] = []

    def attend(number: int) -> None:
        body = urllib.parse.urlencode(
            {"csrf": app.csrf, **ANA, "name": f"Attendee {number}", "do": "queue"}, doseq=True
        )
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("POST", "/", body, {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
        connection.close()

    threads = [threading.Thread(target=attend, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(
        "POST", "/", "x" * 70_000, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    too_big = connection.getresponse()
    assert too_big.status == 413
    connection.request("GET", "/")
    page = connection.getresponse()
    headers = dict(page.getheaders())
    page.read()
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    connection.close()
    return statuses


def test_serve_purge_empties_the_queue(run, isolated_paths):
    from ua_cli.event.queue import Queued, queue_path

    queue = EventQueue(queue_path())
    queue.add(Queued(0, "", ("pcm",), "es", "Ana", None, None, None, None, None), now=NOW)
    result = run("serve", "--purge")
    assert result.exit_code == 0
    assert f"deleted 1 queued letter(s) from {queue.path}" in result.stderr
    assert queue.all() == []
    assert oct(queue.path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.slow
def test_the_event_end_to_end_in_chromium(app, run, today):
    """An attendee writes, previews (live, with JavaScript) and queues a letter in
    Debian's Chromium; a volunteer signs in, prints the queue and marks it printed;
    the totals rise. (.ci/run installs chromium and chromium-driver.)"""
    with serving(app) as server:
        _attend_and_print_in_chromium(app, server.effective_port)
    assert json.loads(run("report", "--format", "json").stdout)["totals"]["letter"] == 1


def _attend_and_print_in_chromium(app, port: int) -> None:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base = f"http://127.0.0.1:{port}"
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=900,1400"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(f"{base}/?lang=es")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Escriba su carta"
        driver.find_element(By.CSS_SELECTOR, "input[value=pcm]").click()
        driver.find_element(By.NAME, "city").send_keys("Madrid")
        driver.find_element(By.NAME, "name").send_keys('Ana <b>Pérez</b> #panic("x")')

        # Switching language keeps what was typed (and back again). While the page
        # changes, an element found on the old one goes stale: read it afresh.
        def heading(d) -> str:
            try:
                return d.find_element(By.TAG_NAME, "h1").text
            except WebDriverException:  # the page changed under it (stale, or a node gone)
                return ""

        driver.find_element(By.CSS_SELECTOR, "nav.languages a[hreflang=fr]").click()
        WebDriverWait(driver, 10, ignored_exceptions=[WebDriverException]).until(
            lambda d: heading(d) == "Écrivez votre lettre"
        )
        assert driver.find_element(By.NAME, "city").get_attribute("value") == "Madrid"
        assert driver.find_element(By.CSS_SELECTOR, "input[value=pcm]").is_selected()
        driver.find_element(By.CSS_SELECTOR, "nav.languages a[hreflang=es]").click()
        WebDriverWait(driver, 10, ignored_exceptions=[WebDriverException]).until(
            lambda d: heading(d) == "Escriba su carta"
        )
        assert driver.find_element(By.NAME, "name").get_attribute("value") == (
            'Ana <b>Pérez</b> #panic("x")'
        )

        # The page replaces the preview as the attendee types: read it afresh each
        # time (a reference kept from before a replacement goes stale).
        def preview_text(d) -> str:
            try:
                return d.find_element(By.ID, "preview").text
            except WebDriverException:  # the page changed under it (stale, or a node gone)
                return ""

        WebDriverWait(driver, 10, ignored_exceptions=[WebDriverException]).until(
            lambda d: (
                "Señor presidente del Consejo de Ministros:" in preview_text(d)
                and 'Ana <b>Pérez</b> #panic("x")' in preview_text(d)
            )
        )  # the name shown as typed, not as markup
        driver.find_element(By.NAME, "consent").click()
        driver.find_element(By.CSS_SELECTOR, "button[value=queue]").click()
        WebDriverWait(driver, 10, ignored_exceptions=[WebDriverException]).until(
            lambda d: "¡Gracias!" in d.find_element(By.TAG_NAME, "main").text
        )

        driver.get(f"{base}/volunteer")
        driver.find_element(By.NAME, "pin").send_keys(app.pin)
        driver.find_element(By.CSS_SELECTOR, "form button").click()
        WebDriverWait(driver, 10, ignored_exceptions=[WebDriverException]).until(
            lambda d: "1 letter(s) in the queue" in d.page_source
        )
        cookie = driver.get_cookie("ua_volunteer")["value"]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "GET", "/volunteer/letters.pdf", headers={"Cookie": f"ua_volunteer={cookie}"}
        )
        pdf = connection.getresponse().read()
        connection.close()
        (page,) = pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages
        assert 'Ana <b>Pérez</b> #panic("x")' in page.extract_text()  # printed literally
        driver.refresh()
        driver.find_element(By.CSS_SELECTOR, "form[action='/volunteer/printed'] button").click()
        WebDriverWait(driver, 10, ignored_exceptions=[WebDriverException]).until(
            lambda d: "Counted 1 letter(s)" in d.page_source
        )

        driver.get(f"{base}/report")
        assert "1 action(s) counted in the log" in driver.find_element(By.TAG_NAME, "main").text
    finally:
        driver.quit()


def test_a_port_in_use_is_one_line(run, isolated_paths):
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        result = run("serve", "--port", str(port))
    finally:
        taken.close()
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot listen on '127.0.0.1' port {port}: ")
    assert len(result.stderr.splitlines()) == 1


def test_requests_from_elsewhere_and_floods_are_refused(app):
    rebound = app.handle("GET", "/", {"host": "evil.example:8080"}, b"")
    assert rebound.status == 421
    assert app.handle("GET", "/", {"host": "192.168.1.20:8080"}, b"").status == 200
    assert app.handle("GET", "/", {"host": "localhost:8080"}, b"").status == 200
    cross = _post(
        app,
        "/",
        {**ANA, "do": "queue"},
        {"host": "127.0.0.1:8080", "origin": "http://evil.example"},
    )
    assert cross.status == 403
    same = _post(
        app,
        "/",
        {**ANA, "do": "queue"},
        {"host": "127.0.0.1:8080", "origin": "http://127.0.0.1:8080"},
    )
    assert same.status == 303
    many = "&".join(f"a={n}" for n in range(11))
    assert app.handle("GET", f"/report?{many}", {}, b"").status == 400
    assert app.handle("PUT", "/", {}, b"").headers == (("Allow", "GET, HEAD, POST"),)
    assert app.handle("HEAD", "/", {}, b"").body == b""


def test_one_device_cannot_fill_the_queue_nor_lock_out_the_volunteers(app):
    statuses = [
        app.handle("POST", "/", {}, urllib.parse.urlencode({"csrf": app.csrf, **ANA, "do": "queue"}, doseq=True).encode(), "10.0.0.9").status
        for _ in range(21)
    ]  # fmt: skip
    assert statuses == [303] * 20 + [429]
    wrong = "000000" if app.pin != "000000" else "111111"
    pin = urllib.parse.urlencode({"csrf": app.csrf, "pin": wrong}).encode()
    for _ in range(6):
        app.handle("POST", "/volunteer/login", {}, pin, "10.0.0.66")
    right = urllib.parse.urlencode({"csrf": app.csrf, "pin": app.pin}).encode()
    assert app.handle("POST", "/volunteer/login", {}, right, "10.0.0.66").status == 429
    assert app.handle("POST", "/volunteer/login", {}, right, "10.0.0.7").status == 303


def test_a_line_separator_cannot_split_a_printed_name(app):
    refused = _post(app, "/", {**ANA, "name": "Line\u2028Sep", "do": "queue"})
    assert refused.status == 422
    assert "holds an invisible character" in refused.body.decode()


def test_the_summary_is_in_the_pages_language_in_every_language_offered(app):
    import re

    summaries = {}
    for lang in ("en", "es", "fr", "de", "pt", "it", "nl", "ar"):
        page = app.handle("GET", f"/?lang={lang}", {}, b"").body.decode()
        assert f'<html lang="{lang}"' in page
        summaries[lang] = re.search(
            r'<details class="summary"><summary>[^<]*</summary><p>([^<]*)', page
        ).group(1)  # folded on a phone: the form comes first
    assert summaries["es"].startswith("Las personas venezolanas en el Perú ya no pueden")
    assert summaries["fr"].startswith("Les ressortissants vénézuéliens au Pérou")
    english = summaries.pop("en")
    assert all(summary != english for summary in summaries.values())


# -- every letter counted once; abuse -----------------------------------------------------


def _signed_in(app) -> dict[str, str]:
    login = _post(app, "/volunteer/login", {"pin": app.pin})
    return {"cookie": dict(login.headers)["Set-Cookie"].split(";")[0]}


def test_a_form_naming_an_official_ten_times_queues_and_counts_one_letter(app, run, today):
    assert _post(app, "/", {**ANA, "do": "queue", "target": ["pcm"] * 10}).status == 303
    [queued] = app.queue.all()
    assert queued.targets == ("pcm",)
    signed_in = _signed_in(app)
    assert app.handle("GET", "/volunteer/letters.pdf", signed_in, b"").status == 200
    _post(app, "/volunteer/printed", {"upto": str(queued.id)}, signed_in)
    assert json.loads(run("report", "--format", "json").stdout)["totals"]["letter"] == 1


def test_marking_again_after_a_crash_between_the_log_and_the_queue_counts_once(
    app, run, today, monkeypatch
):
    for name in ("Ana", "Luis", "Eva"):
        _post(app, "/", {**ANA, "name": name, "do": "queue", "target": ["pcm", "embassy"]})
    signed_in = _signed_in(app)
    app.handle("GET", "/volunteer/letters.pdf", signed_in, b"")
    upto = str(max(q.id for q in app.queue.all()))
    remove = app.queue.remove

    def crash(ids):  # the server killed after the log was written, before the queue
        raise SystemExit("killed")

    monkeypatch.setattr(app.queue, "remove", crash)
    with pytest.raises(SystemExit):
        _post(app, "/volunteer/printed", {"upto": upto}, signed_in)
    monkeypatch.setattr(app.queue, "remove", remove)
    again = _post(app, "/volunteer/printed", {"upto": upto}, signed_in).body.decode()
    assert "Counted 6 letter(s)" in again
    assert app.queue.all() == []
    assert json.loads(run("report", "--format", "json").stdout)["totals"]["letter"] == 6


@pytest.mark.parametrize("field", ["csrf", "pin", "cookie"])
def test_non_ascii_tokens_are_refused_not_an_error(app, field):
    if field == "cookie":
        page = app.handle("GET", "/volunteer/letters.pdf", {"cookie": "ua_volunteer=００００"}, b"")
        assert page.status == 403
        return
    body = urllib.parse.urlencode(
        {"csrf": "ｃｓｒｆ" if field == "csrf" else app.csrf, "pin": "００００００"}
    ).encode()
    answer = app.handle("POST", "/volunteer/login", {}, body)
    assert answer.status == 403


def test_guessers_on_many_addresses_never_lock_out_the_volunteers(app):
    wrong = "000000" if app.pin != "000000" else "111111"
    body = urllib.parse.urlencode({"csrf": app.csrf, "pin": wrong}).encode()
    for guesser in range(6):
        for _ in range(5):
            app.handle("POST", "/volunteer/login", {}, body, client=f"10.0.0.{guesser}")
    right = urllib.parse.urlencode({"csrf": app.csrf, "pin": app.pin}).encode()
    assert app.handle("POST", "/volunteer/login", {}, right, client="10.0.0.99").status == 303
    assert app.handle("POST", "/volunteer/login", {}, right, client="10.0.0.1").status == 429


@pytest.mark.parametrize("host", ["localhost:8765, evil.example", "evil.example", "a b"])
def test_a_host_header_naming_another_or_several_hosts_is_refused(app, host):
    assert app.handle("GET", "/", {"host": host}, b"").status == 421


# -- reaching the page, the room's screen ---------------------------------------------------


def test_serve_lan_prints_the_rooms_address_a_qr_code_and_the_poster(run, app, today, monkeypatch):
    from ua_cli.commands import serve as serve_command
    from ua_cli.event import network

    class Server:
        effective_port = 8080

        def run(self) -> None:  # the organizer presses Ctrl-C at once
            raise KeyboardInterrupt

        def close(self) -> None:
            pass

    monkeypatch.setattr(network, "lan_addresses", lambda: ["192.0.2.7", "203.0.113.9"])
    started = []
    monkeypatch.setattr(
        serve_command, "_start", lambda *args: started.append(args[1]) or (app, Server())
    )
    result = run("serve", "--lan")
    assert result.exit_code == 0, result.stderr
    assert started == ["0.0.0.0"]  # every interface, reached by the room's address
    lines = result.stderr.splitlines()
    assert lines[0].startswith("warning: UA 106.23 asked for action until 2024-01-09")
    assert lines[1] == "attendees: http://192.0.2.7:8080/  (phones on this network: scan the code)"
    qr = [line for line in lines if set(line) <= set("█▀▄ ")]
    assert len(qr) >= 12  # a QR code of the address, drawn in the terminal
    assert "poster to print and put up: http://192.0.2.7:8080/poster" in lines
    assert f"volunteers: http://192.0.2.7:8080/volunteer (PIN {app.pin})" in lines
    assert app.address == "http://192.0.2.7:8080/"
    local = run("serve", "--port", "0")
    assert "this computer only; for phones in the room: ua serve --lan" in local.stderr or (
        local.exit_code == 0
    )


def test_the_poster_has_the_title_the_address_and_a_qr_code_made_here(app):
    app.address = "http://192.0.2.7:8080/"
    page = app.handle("GET", "/poster?lang=es", {}, b"").body.decode()
    assert '<html lang="es"' in page
    assert "Las personas refugiadas en Perú" in page or "Perú" in page
    assert "http://192.0.2.7:8080/" in page
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "http" not in svg.replace("http://www.w3.org", "").replace("http://192.0.2.7:8080/", "")
    assert "Escanee el código con la cámara del teléfono" in page


def test_tonight_counts_each_letter_writer_and_official_once(app):
    _post(app, "/", {**ANA, "do": "queue", "target": ["pcm", "embassy"]})
    _post(app, "/", {**ANA, "name": "Luis", "do": "queue", "target": ["pcm", "pcm"]})
    assert json.loads(app.handle("GET", "/tonight.json", {}, b"").body) == {
        "letters": 3, "writers": 2, "officials": 2,
    }  # fmt: skip
    page = app.handle("GET", "/tonight?lang=fr", {}, b"").body.decode()
    assert '<p class="tonight-number" id="letters">3</p>' in page
    assert "Lettres écrites ce soir" in page
    assert '<script src="/static/tonight.js"></script>' in page
    assert app.handle("GET", "/static/tonight.js", {}, b"").status == 200


def test_a_resent_form_is_recognised_and_a_reload_sends_nothing(app):
    page = app.handle("GET", "/?lang=es", {}, b"").body.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    first = _post(app, "/", {**ANA, "do": "queue", "token": token})
    assert (first.status, dict(first.headers)["Location"]) == (303, "/?lang=es&queued=1")
    thanks = app.handle("GET", "/?lang=es&queued=1", {}, b"").body.decode()
    assert "¡Gracias! Su carta está en la cola de impresión." in thanks
    again = _post(app, "/", {**ANA, "do": "queue", "token": token}).body.decode()
    assert "Esta carta ya está en la cola de impresión." in again
    assert len(app.queue.all()) == 1
    assert json.loads(app.handle("GET", "/tonight.json", {}, b"").body)["letters"] == 1


def test_a_volunteer_removes_one_letter_and_prints_what_was_previewed(app):
    for name in ("Ana Pérez", "Ana Perez", "Luis Okafor"):
        _post(app, "/", {**ANA, "name": name, "do": "queue", "target": ["pcm"]})
    previews = {
        q.name: _post(app, "/preview", {**ANA, "name": q.name, "target": ["pcm"]}).body.decode()
        for q in app.queue.all()
    }
    signed_in = _signed_in(app)
    duplicate = app.queue.all()[1]
    removed = _post(app, "/volunteer/remove", {"id": str(duplicate.id)}, signed_in).body.decode()
    assert f"Removed letter {duplicate.id} from the queue; nothing was counted." in removed
    assert [q.name for q in app.queue.all()] == ["Ana Pérez", "Luis Okafor"]
    pdf = app.handle("GET", "/volunteer/letters.pdf", signed_in, b"")
    pages = [p.extract_text() for p in pypdf.PdfReader(__import__("io").BytesIO(pdf.body)).pages]
    for page, name in zip(pages, ("Ana Pérez", "Luis Okafor"), strict=True):
        previewed = previews[name]
        # The previewed letter's opening paragraph is the printed one's.
        opening = previewed.split("<p>", 3)[2].split("</p>", 1)[0]
        assert " ".join(html.unescape(opening).split()[:12]) in " ".join(page.split())


def test_queuing_asks_for_consent_and_says_what_is_kept_until_when(app):
    page = app.handle("GET", "/?lang=en", {}, b"").body.decode()
    assert (
        "stays on this computer only, and is deleted once printed and counted, or after 24 hours"
        in page
    )
    refused = _post(app, "/", {**ANA, "lang": "en", "consent": "", "do": "queue"})
    assert refused.status == 422
    assert "Please tick the box to agree" in refused.body.decode()
    assert app.queue.all() == []


def test_letters_not_printed_in_time_are_deleted(app):
    _post(app, "/", {**ANA, "do": "queue"})
    app.purge_after_hours = 1
    app.now = lambda: NOW + datetime.timedelta(hours=2)
    app._purged_at = float("-inf")
    app.handle("GET", "/", {}, b"")
    assert app.queue.all() == []


def test_a_full_disk_is_said_to_the_attendee_without_the_servers_folders(app, monkeypatch):
    from ua_cli.errors import UaError

    def full(*args, **kwargs):
        raise UaError(f"{app.queue.path}: the event queue: database or disk is full")

    monkeypatch.setattr(app.queue, "add", full)
    answer = _post(app, "/", {**ANA, "do": "queue"})
    assert answer.status == 503
    body = answer.body.decode()
    assert "No se pudo guardar su carta en este ordenador; avise a una persona voluntaria." in body
    assert str(app.queue.path.parent) not in body


@pytest.mark.slow
def test_a_device_holding_many_slow_connections_does_not_stall_the_others(app):
    import socket

    with serving(app) as server:
        port = int(server.effective_port)
        slow = []
        for _ in range(250):  # one header line each, then nothing (as a hostile tester did)
            client = socket.socket()
            client.bind(("127.0.0.2", 0))  # the attacker's device
            client.settimeout(5)
            try:
                client.connect(("127.0.0.1", port))
                client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            except OSError:
                pass
            slow.append(client)
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/")
            assert connection.getresponse().status == 200  # another device is served
            connection.close()
        finally:
            for client in slow:
                client.close()


@pytest.mark.slow
def test_a_room_full_of_slow_devices_leaves_a_volunteer_a_connection(app, monkeypatch):
    import socket

    from ua_cli.event import server as event_server

    monkeypatch.setattr(event_server, "CONNECTION_LIMIT", 40)
    monkeypatch.setattr(event_server, "RESERVED_FOR_VOLUNTEERS", 8)
    monkeypatch.setattr(event_server, "CONNECTIONS_PER_CLIENT", 8)

    def connect(address: str, port: int) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=5, source_address=(address, 0))

    with serving(app) as server:
        port = int(server.effective_port)
        cookie = _sign_in_http(port, app.pin, source="127.0.0.9")  # at the evening's start
        slow = []
        for device in range(2, 6):  # four devices, eight slow connections each: 32 of 40
            for _ in range(8):
                client = socket.create_connection(
                    ("127.0.0.1", port), timeout=5, source_address=(f"127.0.0.{device}", 0)
                )
                client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                slow.append(client)
        try:
            attendee = connect("127.0.0.6", port)
            with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
                attendee.request("GET", "/")
                attendee.getresponse()
            volunteer = connect("127.0.0.9", port)
            volunteer.request("GET", "/volunteer", headers={"Cookie": cookie})
            page = volunteer.getresponse()
            assert page.status == 200 and b"in the queue" in page.read()
            volunteer.close()
        finally:
            for client in slow:
                client.close()


def test_the_queue_names_the_officials_and_shows_local_times(app):
    _post(app, "/", {**ANA, "do": "queue", "target": ["pcm", "embassy"]})
    page = app.handle("GET", "/volunteer", _signed_in(app), b"").body.decode()
    local = NOW.astimezone().strftime("%H:%M")
    assert (
        "<td>Alberto Otárola Peñaranda, Gustavo Adolfo Meza-Cuadra Velásquez</td><td>es</td>"
        f"<td>{local}</td>"
    ) in page


def test_the_volunteers_page_speaks_their_browsers_language(app):
    _post(app, "/", {**ANA, "do": "queue", "target": ["pcm"]})
    german = {**_signed_in(app), "accept-language": "de-DE, de;q=0.9"}
    page = app.handle("GET", "/volunteer", german, b"").body.decode()
    assert '<html lang="de"' in page
    assert "1 Brief(e) in der Warteschlange; 0 davon in einer heruntergeladenen PDF-Datei." in page
    assert "<th>Gedruckt</th>" in page and ">Entfernen</button>" in page
    early = _post(app, "/volunteer/printed", {"upto": "99"}, german).body.decode()
    assert "Nichts zu markieren: Drucken Sie zuerst die Warteschlange." in early


@pytest.mark.slow
def test_on_a_phone_a_letter_is_written_previewed_and_queued_in_every_language(app, run, today):
    """At a phone's size in Chromium: in each offered language an attendee
    writes, sees the preview and queues; the volunteer's PDF holds each letter
    as it was previewed."""
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    words = json.loads((PAGES / "words.json").read_text(encoding="utf-8"))
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=412,915"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"

    def text_of(d, selector: str) -> str:
        try:
            return d.find_element(By.CSS_SELECTOR, selector).text
        except WebDriverException:  # the page changed under it (stale, or a node gone)
            return ""

    previewed = {}
    with serving(app) as server:
        base = f"http://127.0.0.1:{server.effective_port}"
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            for lang in ("en", "es", "fr", "de", "pt", "it", "nl", "ar"):
                driver.get(f"{base}/?lang={lang}")
                assert text_of(driver, "h1") == words[lang]["title"]
                queue_button = driver.find_element(By.CSS_SELECTOR, "button[value=queue]")
                assert queue_button.location["y"] < 2000  # no 400 px summary in the way
                driver.find_element(By.CSS_SELECTOR, "input[value=pcm]").click()
                driver.find_element(By.NAME, "name").send_keys(f"Writer {lang}")
                driver.find_element(By.NAME, "city").send_keys("Madrid")
                WebDriverWait(driver, 10, ignored_exceptions=[WebDriverException]).until(
                    lambda d, lang=lang: f"Writer {lang}" in text_of(d, "#preview")
                )
                previewed[lang] = text_of(driver, "#preview")
                driver.find_element(By.NAME, "consent").click()
                driver.find_element(By.CSS_SELECTOR, "button[value=queue]").click()
                WebDriverWait(driver, 10, ignored_exceptions=[WebDriverException]).until(
                    lambda d, lang=lang: words[lang]["queued"] in text_of(d, "main")
                )
        finally:
            driver.quit()
    signed_in = _signed_in(app)
    pdf = app.handle("GET", "/volunteer/letters.pdf", signed_in, b"").body
    printed = " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
    )
    for lang, preview in previewed.items():
        if lang == "ar":
            continue  # pypdf gives Arabic glyphs in the page's order; the test above reads it
        paragraphs = [line for line in preview.splitlines() if len(line.split()) > 12]
        assert " ".join(paragraphs[0].split()[:10]) in printed, lang


def _start_ua_serve(home, port: int):
    import subprocess
    import sys

    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "UA_CONFIG": str(home / "c.toml"),
           "UA_DB": str(home / "log.sqlite3")}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "ua_cli", "serve", "--port", str(port)],
        stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    pin = None
    for line in process.stderr:
        if "(PIN " in line:
            pin = line.split("(PIN ")[1].split(")")[0]
        if line.startswith("Ctrl-C stops"):
            break
    return process, pin


def _stop(process) -> None:
    process.kill()
    process.wait()
    process.stderr.close()


def _csrf(port: int, path: str, cookie: str = "") -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    page = connection.getresponse().read().decode()
    connection.close()
    return page.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def _post_http(port: int, path: str, fields: dict, cookie: str = "", source: str = "127.0.0.1"):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    try:  # closed even when the server dies mid-answer (a test kills it on purpose)
        connection.request("POST", path, urllib.parse.urlencode(fields, doseq=True), headers)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    return response


def _sign_in_http(port: int, pin: str, source: str = "127.0.0.1") -> str:
    fields = {"csrf": _csrf(port, "/volunteer"), "pin": pin}
    answer = _post_http(port, "/volunteer/login", fields, source=source)
    return answer.getheader("Set-Cookie").split(";")[0]


@pytest.mark.slow
def test_killing_the_server_while_it_marks_never_counts_a_letter_twice(tmp_path):
    import random
    import signal
    import socket
    import sqlite3

    pick = random.Random(24)
    for attempt in range(16):
        home = tmp_path / f"run{attempt}"
        home.mkdir()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        process, pin = _start_ua_serve(home, port)
        try:
            csrf = _csrf(port, "/")
            for n in range(20):  # as many as one device may queue in a minute
                fields = {**ANA, "name": f"Writer {n}", "do": "queue", "csrf": csrf}
                assert _post_http(port, "/", fields).status == 303
            cookie = _sign_in_http(port, pin)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/volunteer/letters.pdf", headers={"Cookie": cookie})
            assert connection.getresponse().read().startswith(b"%PDF")
            connection.close()

            fields = {"csrf": _csrf(port, "/volunteer", cookie), "upto": "999"}

            def mark(port: int = port, cookie: str = cookie, fields: dict = fields) -> None:
                with contextlib.suppress(OSError, http.client.HTTPException):
                    _post_http(port, "/volunteer/printed", fields, cookie)

            marking = threading.Thread(target=mark, daemon=True)
            marking.start()
            time.sleep(pick.uniform(0.0, 0.04))  # the log written, the queue perhaps not yet
            process.send_signal(signal.SIGKILL)
            process.wait()
            marking.join(timeout=10)
        finally:
            _stop(process)
        # Started again, the volunteers mark what is left; the log counts 20, once each.
        process, pin = _start_ua_serve(home, port)
        try:
            cookie = _sign_in_http(port, pin)
            queue = home / "data" / "ua" / "event-queue.sqlite3"
            with sqlite3.connect(queue) as db:
                left = db.execute("SELECT COUNT(*) FROM queue").fetchone()[0]
            if left:
                fields = {"csrf": _csrf(port, "/volunteer", cookie), "upto": "999"}
                _post_http(port, "/volunteer/printed", fields, cookie)
        finally:
            _stop(process)
        with sqlite3.connect(home / "log.sqlite3") as db:
            letters = db.execute("SELECT COALESCE(SUM(count), 0) FROM entries").fetchone()[0]
        assert letters == 20, (attempt, letters)


@pytest.mark.slow
def test_a_connection_still_sending_its_headers_after_the_bound_is_closed(app, monkeypatch):
    import socket

    from ua_cli.event import server as http_server

    monkeypatch.setattr(http_server, "HEADER_SECONDS", 1.0)
    with serving(app) as server:
        slow = socket.create_connection(("127.0.0.1", int(server.effective_port)), timeout=10)
        slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed = False
        for _ in range(8):  # a header line a second, as a slow attacker sends them
            time.sleep(0.5)
            try:
                slow.sendall(b"X-Slow: 1\r\n")
                slow.settimeout(0.5)
                closed = slow.recv(1) == b""
            except TimeoutError:
                continue
            except OSError:
                closed = True
            if closed:
                break
        slow.close()
    assert closed
