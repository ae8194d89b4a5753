"""Finding UA files: the shipped ones, those in UA_DATA folders, or one given by path."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ua_cli.campaign.model import Campaign, check_campaign, load_campaign
from ua_cli.errors import FileProblems, Problem, UaError, UnknownChoice
from ua_cli.paths import letter_languages, shipped_dir, user_uas_dir

UA_SUFFIXES = (".yaml", ".yml")


class Catalog(NamedTuple):
    """The folders UA files are looked for in, first match first."""

    folders: tuple[Path, ...]

    @classmethod
    def in_folders(cls, extra: str | None) -> "Catalog":
        """`extra` folders (--data or UA_DATA, os.pathsep separated) first, then
        the UAs `ua new` wrote (in the user data folder), then the shipped data/."""
        folders = [Path(p).expanduser() for p in (extra or "").split(os.pathsep) if p]
        for folder in folders:
            if not folder.is_dir():
                raise UaError(f"UA_DATA names {folder}, which is not a folder")
        written = user_uas_dir()
        if written.is_dir():
            folders.append(written)
        return cls(folders=(*folders, shipped_dir("data")))

    def files(self) -> list[Path]:
        """Every UA file in the folders, in a stable order."""
        return [
            path
            for folder in self.folders
            for path in sorted(folder.iterdir())
            if path.suffix in UA_SUFFIXES and path.is_file()
        ]

    def load_all(self) -> list[Campaign]:
        """Every UA; two files with one UA number are an error naming both, since
        either could hold a wrong address (one planted to divert letters)."""
        campaigns: dict[str, tuple[Campaign, Path]] = {}
        for path in self.files():
            campaign = load(path)
            if campaign.id in campaigns:
                first = campaigns[campaign.id][1]
                raise UaError(
                    f"UA {campaign.id} is in two files, {first} and {path}; "
                    "remove the one that is not right"
                )
            campaigns[campaign.id] = (campaign, path)
        return [campaign for campaign, _ in campaigns.values()]

    def find(self, ua: str | None) -> Campaign:
        """A UA by file path or number; with none given, the only one there is."""
        if ua and (Path(ua).suffix in UA_SUFFIXES or os.sep in ua):
            path = Path(ua).expanduser()
            if not path.is_file():
                raise UaError(f"no UA file at {path}")
            return load(path)
        if ua and len(self.folders) == 1:
            # Only the shipped folder: its files are ours, one per number, so the
            # file named after the number is the UA (without reading the others).
            conventional = self.folders[0] / _conventional_name(ua)
            if conventional.is_file() and (campaign := load(conventional)).id == ua:
                return campaign
        campaigns = self.load_all()
        if ua:
            for campaign in campaigns:
                if campaign.id == ua:
                    return campaign
            raise UnknownChoice("UA", ua, [c.id for c in campaigns])
        if len(campaigns) == 1:
            return campaigns[0]
        ids = ", ".join(c.id for c in campaigns)
        raise UaError(
            f"several UAs are available ({ids}); choose one with --ua ID "
            "or make one the default with: ua config set ua ID"
        )


def load(path: Path) -> Campaign:
    """Load one UA file, checking that its languages have letter templates."""
    return load_campaign(path, letter_languages=letter_languages())


def _conventional_name(ua: str) -> str:
    """The file name a UA number is shipped under: 106.23 -> urgent_action_106_23.yaml."""
    return f"urgent_action_{ua.replace('.', '_')}.yaml"


class Checked(NamedTuple):
    """One UA file checked: its UA, or the mistakes that stop it loading, and
    what its author should still look at."""

    path: Path
    campaign: Campaign | None
    problems: list[Problem]
    warnings: list[Problem]


def check_files(paths: list[Path]) -> Iterator[Checked]:
    """Each file with its UA, or with its problems: every mistake located, and a
    second file with a UA number already seen named with the first."""
    first_file: dict[str, Path] = {}
    for path in paths:
        try:
            campaign, warnings = check_campaign(path, letter_languages=letter_languages())
        except FileProblems as error:
            yield Checked(path, None, error.problems, [])
            continue
        if campaign.id in first_file:
            message = (
                f"UA {campaign.id} is in two files, {first_file[campaign.id]} and {path}; "
                "remove the one that is not right"
            )
            yield Checked(path, None, [Problem(1, "", message)], warnings)
            continue
        first_file[campaign.id] = path
        yield Checked(path, campaign, [], warnings)
