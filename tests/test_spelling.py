"""Every word a person reads, spelt right: the letters (every wording of every
sentence), emails, posts and call scripts of the shipped UA, in English and
Spanish, checked against Hunspell's en_US and es_ES dictionaries.

A word the dictionaries do not know and that is right goes in
tests/spelling/words.txt, with the reason."""

from __future__ import annotations

import functools
import gc
import re
import warnings
from email import policy
from email.parser import BytesParser

import pytest

from tests.builders import SHIPPED_UA, TESTS
from ua_cli.campaign.model import load_campaign

DICTIONARIES = TESTS / "spelling"
DICTIONARY_OF = {"en": "en_US", "es": "es_ES"}
SENDER = {
    "en": ["--name", "Ana Pérez", "--city", "Madrid", "--country", "Spain"],
    "es": ["--name", "Ana Pérez", "--city", "Madrid", "--country", "España"],
}

# What is not a word to spell: web and email addresses, handles, time zones
# (America/New_York), numbers and "N.º 1582".
_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|@\w+|\S+/\S+|\S*\d\S*|N\.º")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


@functools.cache
def _dictionary(lang: str):
    from spylls.hunspell import Dictionary

    # spylls leaves its files for the garbage collector to close: collect them
    # here, where that is not the warning our tests turn into errors.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        dictionary = Dictionary.from_files(str(DICTIONARIES / DICTIONARY_OF[lang]))
        gc.collect()
    return dictionary


@functools.cache
def _known_words() -> frozenset[str]:
    lines = (DICTIONARIES / "words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("#")[0].strip() for line in lines if line.split("#")[0].strip())


def _unknown_words(text: str, lang: str) -> set[str]:
    text = _NOT_WORDS.sub(" ", text.replace("’", "'"))
    words = {w for w in _WORD.findall(text) if w not in _known_words()}
    return {w for w in words if not _dictionary(lang).lookup(w)}


def _every_wording(lang: str) -> str:
    """Each wording of each text of the letter, the targets' own paragraphs too."""
    campaign = load_campaign(SHIPPED_UA)
    texts = [campaign.letter.subject, campaign.letter.closing]
    texts += [p.text for p in campaign.letter.paragraphs]
    texts += [text for t in campaign.targets.values() for text in t.paragraphs.values()]
    return "\n".join(w for text in texts for w in text[lang])


def _email_body(run, tmp_path, target: str, lang: str) -> str:
    out = tmp_path / f"{target}-{lang}.eml"
    result = run("email", "-t", target, "-l", lang, *SENDER[lang][:2], "-o", str(out))
    assert result.exit_code == 0, result.stderr
    message = BytesParser(policy=policy.default).parsebytes(out.read_bytes())
    return f"{message['Subject']}\n{message.get_body(preferencelist=('plain',)).get_content()}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_text_people_read_is_spelt_right(run, today, tmp_path, lang):
    outputs = [_every_wording(lang)]
    for target in ("pcm", "embassy"):
        outputs.append(run("letter", "-t", target, "-l", lang, *SENDER[lang]).stdout)
        outputs.append(run("letter", "-t", target, "-l", lang).stdout)  # the unsigned frame
        outputs.append(_email_body(run, tmp_path, target, lang))
    outputs.append(run("call", "-t", "embassy", "-l", lang, *SENDER[lang]).stdout)
    for variant in ("1", "2", "3"):
        outputs.append(run("tweet", "-t", "pcm", "-l", lang, "--variant", variant).stdout)
    assert all(outputs)
    assert sorted(_unknown_words("\n".join(outputs), lang)) == []


def test_the_check_finds_a_misspelt_word():
    assert _unknown_words("Peru must guarantee the rigth to due process.", "en") == {"rigth"}
    assert _unknown_words("El Perú debe garantisar el derecho.", "es") == {"garantisar"}
