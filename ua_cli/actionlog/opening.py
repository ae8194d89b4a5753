"""Opening the action log a location names: above both backends, which each
build on store.py (so store.py never imports them)."""

from pathlib import Path

from ua_cli.actionlog.store import ActionLog


def open_log(location: str, *, migrate: bool = True) -> ActionLog:
    """The action log at `location`: a postgresql:// URL, else a SQLite file path."""
    from ua_cli.actionlog.postgres import PostgresLog, is_postgres_url

    if is_postgres_url(location):
        return PostgresLog(location, migrate=migrate)
    from ua_cli.actionlog.sqlite import SqliteLog

    return SqliteLog(Path(location).expanduser())
