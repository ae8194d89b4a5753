"""How alike a stack of letters reads to the official who receives it.

An official who opens 100 letters notices what they share: the same sentences,
the same run of words in every one. These measures are what the variety of a
UA's wordings is judged by (bench/variety.py prints them, `ua validate` reports
them for a UA, a test holds the shipped UA to them):

- how many of the letters differ at all;
- for each two letters, the share of their body characters that lie in
  sentences both have word for word (the largest, and the median over pairs);
- the runs of eight words found in every letter, leaving aside runs that hold
  the official's name or the number of the decree: those must be in every one.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ua_cli.campaign.model import Campaign, Target
from ua_cli.campaign.sentences import split_sentences

if TYPE_CHECKING:
    from ua_cli.compose.variety import Variants

RUN_LENGTH = 8
# The goals a UA's wordings are held to, on a stack of letters to one official.
STACK = 100
LARGEST_SHARE = 0.40
MEDIAN_SHARE = 0.20
# Words, with the combining marks Python's \w leaves out (Arabic shadda, accents).
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_WORD = re.compile(rf"[\w{_MARKS}]+(?:[’'.-][\w{_MARKS}]+)*")


class Likeness(NamedTuple):
    letters: int
    variants: int  # how many different letters there are to draw from
    distinct: int
    largest_share: float  # of two letters' body characters in sentences both have
    median_share: float
    common_runs: tuple[str, ...]  # runs of RUN_LENGTH words in every letter


def measure(
    bodies: Sequence[Sequence[str]], set_aside: Iterable[str] = (), *, variants: int = 0
) -> Likeness:
    """How alike letters with these bodies (each a sequence of paragraphs) are;
    a run holding a word of `set_aside` (a name, a decree's number) is not counted."""
    sentence_sets = [Counter(s for p in body for s in split_sentences(p)) for body in bodies]
    shares = [_shared(a, b) for a, b in itertools.combinations(sentence_sets, 2)]
    return Likeness(
        letters=len(bodies),
        variants=variants,
        distinct=len({tuple(body) for body in bodies}),
        largest_share=max(shares, default=0.0),
        median_share=statistics.median(shares) if shares else 0.0,
        common_runs=_common_runs(bodies, {w.casefold() for w in set_aside}),
    )


def _shared(a: Counter[str], b: Counter[str]) -> float:
    """The share of both letters' characters that lie in sentences both have."""
    total = sum(len(s) * n for s, n in a.items()) + sum(len(s) * n for s, n in b.items())
    both = sum(len(s) * n for s, n in (a & b).items())
    return 2 * both / total if total else 0.0


def _common_runs(bodies: Sequence[Sequence[str]], set_aside: set[str]) -> tuple[str, ...]:
    common: set[tuple[str, ...]] | None = None
    for body in bodies:
        runs = _runs(" ".join(body), set_aside)
        common = runs if common is None else common & runs
        if not common:
            return ()
    return tuple(sorted(" ".join(run) for run in common or ()))


def _runs(text: str, set_aside: set[str]) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {
        run
        for run in zip(*(words[i:] for i in range(RUN_LENGTH)), strict=False)
        if not set_aside.intersection(run)
    }


def stack_likeness(
    campaign: Campaign, target: Target, lang: str, variants: Variants | None = None
) -> Likeness:
    """How alike the letters of STACK people to `target` in `lang` are, each
    given their variant as a batch gives it (from `variants`, if made already)."""
    from ua_cli.compose.variety import Variants

    if variants is None:
        variants = Variants(campaign, target, lang)
    names = [f"Writer {n}" for n in range(1, STACK + 1)]
    bodies = [variants.wording(pick).paragraphs for pick in variants.assign(names)]
    set_aside = _names_and_numbers(campaign, target)
    return measure(bodies, set_aside, variants=variants.count)


def _names_and_numbers(campaign: Campaign, target: Target) -> set[str]:
    """The official's name and the numbers the UA's facts are known by (a
    decree's): the words that must be in every letter."""
    words = set(_WORD.findall((target.name or "").casefold()))
    for fact in campaign.key_facts:
        words.update(w for w in _WORD.findall(f"{fact.label} {fact.value or ''}") if w.isdigit())
    return words
