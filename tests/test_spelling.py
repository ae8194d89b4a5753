"""Every word a person reads, spelt right: the letters (every wording of every
sentence), emails, posts and call scripts of the shipped UA, in each language
it is written or translated in but Arabic, checked against Hunspell's
dictionaries (tests/spelling/README.md).

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
DICTIONARY_OF = {
    "en": "en_US", "es": "es_ES", "fr": "fr_FR", "de": "de_DE", "pt": "pt_PT", "it": "it_IT",
    "nl": "nl_NL",
}  # fmt: skip
SPAIN = {"en": "Spain", "es": "España", "fr": "Espagne", "de": "Spanien", "pt": "Espanha",
         "it": "Spagna", "nl": "Spanje"}  # fmt: skip
SENDER = {
    lang: ["--name", "Ana Pérez", "--city", "Madrid", "--country", country]
    for lang, country in SPAIN.items()
}

# What is not a word to spell: web and email addresses, handles, time zones
# (America/New_York), numbers, and "number" abbreviated ("N.º 1582", "Nr. 1582").
# Addresses, links, handles, numbers, abbreviations, and {placeholders} a letter fills in
_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|@\w+|\S+/\S+|\S*\d\S*|\b[Nn](?:\.º|r\.)|\{\w+\}")
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
    from ua_cli.campaign.translations import with_language

    campaign = load_campaign(SHIPPED_UA)
    if lang not in campaign.languages:  # shipped as a translation
        campaign = with_language(campaign, lang).campaign
    texts = [campaign.letter.subject, campaign.letter.closing]
    texts += [p.text for p in campaign.letter.paragraphs]
    texts += [text for t in campaign.targets.values() for text in t.paragraphs.values()]
    return "\n".join(w for text in texts for w in text.get(lang, ()))  # optional: may lack it


def _email_body(run, tmp_path, target: str, lang: str) -> str:
    out = tmp_path / f"{target}-{lang}.eml"
    result = run("email", "-t", target, "-l", lang, *SENDER[lang][:2], "-o", str(out))
    assert result.exit_code == 0, result.stderr
    message = BytesParser(policy=policy.default).parsebytes(out.read_bytes())
    return f"{message['Subject']}\n{message.get_body(preferencelist=('plain',)).get_content()}"


@pytest.mark.parametrize("lang", list(DICTIONARY_OF))
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
    assert " ".join(sorted(_unknown_words("\n".join(outputs), lang))) == ""


def test_the_check_finds_a_misspelt_word():
    assert _unknown_words("Peru must guarantee the rigth to due process.", "en") == {"rigth"}
    assert _unknown_words("El Perú debe garantisar el derecho.", "es") == {"garantisar"}
    assert _unknown_words("Le Pérou doit garentir le droit.", "fr") == {"garentir"}
    assert _unknown_words("Peru muss das Recht garantiren.", "de") == {"garantiren"}
    assert _unknown_words("O Peru deve garantier o direito.", "pt") == {"garantier"}
    assert _unknown_words("Il Perù deve garantie il diritto.", "it") == {"garantie"}
    assert _unknown_words("Peru moet het recht garanderren.", "nl") == {"garanderren"}
