"""Every test runs with its own profile, data and log paths: none touches the real home."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from ua_cli import cli as cli_module

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
SHIPPED_UA = PROJECT / "data" / "urgent_action_106_23.yaml"
MADE_UP_UA = TESTS / "data" / "urgent_action_999_01.yaml"


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


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    """Fix 'today' for deadline arithmetic; the letter date is fixed with --date."""
    fixed = datetime.date(2026, 11, 29)
    monkeypatch.setattr(cli_module, "_today", lambda: fixed)
    return fixed


@pytest.fixture
def run():
    """Run `ua` in-process and return the result (stdout and stderr kept apart)."""

    def invoke(*args: str, input: str | None = None):
        runner = CliRunner()
        return runner.invoke(cli_module.cli, list(args), input=input, prog_name="ua")

    return invoke
