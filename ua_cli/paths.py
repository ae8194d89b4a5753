"""Where `ua`'s files are: the user's (the platform's folders, each
overridable) and the shipped ones (letter templates and UA files).

platformdirs is imported only when a default is actually needed. The shipped
files sit inside the package in a wheel (pyproject.toml force-includes them),
and at the top of the project in a source checkout or an editable install;
never in the current directory: `ua` must work from any folder.
"""

from pathlib import Path

from ua_cli.errors import UaError

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """The folder of shipped files called `name` ('letters' or 'data')."""
    for base in (_PACKAGE_DIR, _PACKAGE_DIR.parent):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise UaError(f"this installation of ua has no {name}/ folder; reinstall it")


def letter_languages() -> frozenset[str]:
    """Languages that have letter templates (a folder under letters/; _layout
    holds what every language shares)."""
    letters = shipped_dir("letters")
    return frozenset(p.name for p in letters.iterdir() if p.is_dir() and p.name[0] != "_")


def config_path(override: str | None = None) -> Path:
    """The sender profile: `override` (--config or UA_CONFIG), else config.toml
    in the user config folder."""
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_config_path("ua") / "config.toml"


def user_templates_dir(profile: Path) -> Path:
    """Letter templates that override the shipped ones, beside the profile."""
    return profile.parent / "letters"


def template_cache_path() -> Path:
    """Where compiled letter templates are cached (the user cache folder)."""
    import platformdirs

    return platformdirs.user_cache_path("ua") / "templates"


def user_uas_dir() -> Path:
    """Where `ua new` puts the UA files it writes; every command looks there."""
    import platformdirs

    return platformdirs.user_data_path("ua") / "uas"


def log_location(option: str | None = None) -> str:
    """The action log: `option` (--db or UA_DB), else actions.sqlite3 in the
    user data folder."""
    if option:
        return option
    import platformdirs

    return str(platformdirs.user_data_path("ua") / "actions.sqlite3")
