"""Where `ua` keeps its files: the platform's folders, each overridable.

platformdirs is imported only when a default is actually needed.
"""

import os
from pathlib import Path


def config_path() -> Path:
    """The sender profile: UA_CONFIG, else config.toml in the user config folder."""
    if override := os.environ.get("UA_CONFIG"):
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_config_path("ua") / "config.toml"


def user_templates_dir() -> Path:
    """Letter templates that override the shipped ones, beside the profile."""
    return config_path().parent / "letters"


def template_cache_path() -> Path:
    """Where compiled letter templates are cached (the user cache folder)."""
    import platformdirs

    return platformdirs.user_cache_path("ua") / "templates"


def log_location(option: str | None = None) -> str:
    """The action log: --db, else UA_DB, else actions.sqlite3 in the user data folder."""
    if option:
        return option
    if override := os.environ.get("UA_DB"):
        return override
    import platformdirs

    return str(platformdirs.user_data_path("ua") / "actions.sqlite3")
