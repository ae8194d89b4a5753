"""How alike 100 letters to one official read, per language: the variety goals.

For each official of the shipped UA and each language, the letters of 100
writers (each given their variant as a batch gives it) are compared:
- distinct: how many of the 100 differ (goal: 100);
- largest / median: for each two letters, the share of their body characters in
  sentences both have word for word (goal: largest <= 40%, median <= 20%);
- runs: runs of eight words found in all 100 letters, names and the decree's
  number aside (goal: 0).

Run: python bench/variety.py [LANG ...]   (default: en es fr de pt it nl ar)
"""

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from ua_cli.campaign.catalog import load  # noqa: E402
from ua_cli.campaign.model import Campaign  # noqa: E402
from ua_cli.campaign.translations import apply, read_translation, texts  # noqa: E402
from ua_cli.compose.likeness import LARGEST_SHARE, MEDIAN_SHARE, STACK, stack_likeness  # noqa: E402

LANGUAGES = ["en", "es", "fr", "de", "pt", "it", "nl", "ar"]


def in_language(shipped: Campaign, lang: str) -> Campaign:
    """The shipped UA in `lang`, from the shipped translation only (never the
    user's own, which may be unfinished)."""
    if lang in shipped.languages:
        return shipped
    path = PROJECT / "data" / "translations" / shipped.id / f"{lang}.po"
    if not path.is_file():
        raise SystemExit(
            f"bench/variety.py: no shipped texts in '{lang}'; try {' '.join(LANGUAGES)}"
        )
    sources = {text.path: text.source for text in texts(shipped)}
    return apply(shipped, lang, read_translation(path, sources)).campaign


def main(languages: list[str]) -> int:
    shipped = load(PROJECT / "data" / "urgent_action_106_23.yaml")
    print(
        f"{'lang':4} {'official':8} {'variants':>8} {'distinct':>8} {'largest':>7} {'median':>6} {'runs':>4}  met"
    )
    all_met = True
    for lang in languages:
        campaign = in_language(shipped, lang)
        for target in campaign.targets.values():
            likeness = stack_likeness(campaign, target, lang)
            met = (
                likeness.distinct == STACK
                and likeness.largest_share <= LARGEST_SHARE
                and likeness.median_share <= MEDIAN_SHARE
                and not likeness.common_runs
            )
            all_met = all_met and met
            print(
                f"{lang:4} {target.key:8} {likeness.variants:8,} {likeness.distinct:8} "
                f"{likeness.largest_share:7.0%} {likeness.median_share:6.0%} "
                f"{len(likeness.common_runs):4}  {'yes' if met else 'NO'}"
            )
            for run in likeness.common_runs[:3]:
                print(f"       in every letter: {run!r}")
    print(
        f"goals: {STACK} distinct, largest <= {LARGEST_SHARE:.0%}, median <= {MEDIAN_SHARE:.0%}, "
        "no run of eight words in every letter"
    )
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or LANGUAGES))
