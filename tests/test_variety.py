"""The wording of letters: sentences split where a reader sees them end, and
the codes that keep any two letters of a batch apart."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ua_cli.campaign.catalog import load
from ua_cli.campaign.sentences import split_sentences
from ua_cli.campaign.translations import with_language
from ua_cli.compose.likeness import LARGEST_SHARE, MEDIAN_SHARE, STACK, measure, stack_likeness
from ua_cli.compose.variety import Variants, _code_for, _golay_family
from ua_cli.paths import shipped_dir


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Legislative Decree No. 1582 goes. It is.", ["Legislative Decree No. 1582 goes.", "It is."]),
        ("El Decreto N.º 1582 vulnera. ¿Por qué? «Así» es.", ["El Decreto N.º 1582 vulnera.", "¿Por qué?", "«Así» es."]),
        ("He said “Stop.” Then left.", ["He said “Stop.”", "Then left."]),
        ("Peru must act; now. and then", ["Peru must act; now. and then"]),
        ("Wait… Then go!  Now", ["Wait…", "Then go!", "Now"]),
        ("no end", ["no end"]),
        ("ألغوا المرسوم. واحموا اللاجئين.", ["ألغوا المرسوم.", "واحموا اللاجئين."]),  # no capitals
    ],
)  # fmt: skip
def test_sentences_end_where_a_capital_follows_the_stop(text, sentences):
    assert split_sentences(text) == sentences


words = st.text(alphabet="abcdeÁÉñ.!?¿¡“”«» 1234567890", min_size=1, max_size=30)


@given(st.lists(words, min_size=1, max_size=8).map(" ".join))
def test_splitting_keeps_every_character_in_order(text):
    sentences = split_sentences(text)
    assert " ".join(sentences).split() == text.split()
    assert all(s and s == s.strip() for s in sentences)


@pytest.mark.parametrize(("length", "size"), [(10, 243), (11, 243), (12, 729)])
def test_golay_codewords_agree_in_at_most_half_their_positions(length, size):
    code = _golay_family(length)
    assert len(set(code)) == size
    assert code[0] == (0,) * length  # variant 1 is the UA's own letter
    agreement = max(
        sum(x == y for x, y in zip(a, b, strict=True)) for a, b in itertools.combinations(code, 2)
    )
    assert agreement <= length // 2


# -- how alike a stack of letters reads --------------------------------------------


def test_share_counts_the_characters_of_sentences_both_letters_have():
    a = ["Same here. Only in a."]  # 10 + 10 characters
    b = ["Same here. Only b has this."]  # 10 + 16
    likeness = measure([a, b])
    assert likeness.largest_share == pytest.approx(2 * 10 / (20 + 26))
    assert likeness.distinct == 2


def test_a_run_of_eight_words_in_every_letter_is_found_unless_it_holds_a_name():
    common = "one two three four five six seven eight"
    bodies = [[f"Start {i}. {common}. {last}."] for i, last in enumerate(["Red", "Green", "Blue"])]
    assert measure(bodies).common_runs == (common,)
    assert measure(bodies, set_aside={"four"}).common_runs == ()
    assert measure([*bodies, ["Something else entirely."]]).common_runs == ()


@pytest.mark.parametrize(("prime", "positions", "size"), [(5, 6, 125), (7, 8, 343)])
def test_reed_solomon_letters_share_at_most_two_of_their_longest_sentences(prime, positions, size):
    shape = (prime,) * positions
    code = _code_for(shape, range(positions), tuple(range(positions, 0, -1)))
    words = [tuple(code.choices(v)) for v in range(code.count)]
    assert code.count == size and len(set(words)) == size
    assert words[0] == (0,) * positions  # variant 1 is the UA's own letter
    agreement = max(
        sum(x == y for x, y in zip(a, b, strict=True)) for a, b in itertools.combinations(words, 2)
    )
    assert agreement == 2


def _shipped(lang):
    campaign = load(shipped_dir("data") / "urgent_action_106_23.yaml")
    return campaign if lang in campaign.languages else with_language(campaign, lang).campaign


# What every letter must still say, whatever its wording: the decree, and each ask.
MUST_SAY = {
    "en": ["1582", "repeal", "refugee status", "complementary", "non-refoulement", "due process"],
    "es": ["1582", "derog", "refugiad", "complementaria", "no devolución", "debido proceso"],
}


@pytest.mark.parametrize("target", ["pcm", "embassy"])
@pytest.mark.parametrize("lang", ["en", "es", "fr", "de"])
def test_a_hundred_letters_to_one_official_do_not_read_as_one_template(lang, target):
    campaign = _shipped(lang)
    likeness = stack_likeness(campaign, campaign.targets[target], lang)
    assert likeness.distinct == STACK
    assert likeness.largest_share <= LARGEST_SHARE
    assert likeness.median_share <= MEDIAN_SHARE
    assert likeness.common_runs == ()


@pytest.mark.parametrize("target", ["pcm", "embassy"])
@pytest.mark.parametrize("lang", list(MUST_SAY))
def test_every_wording_keeps_every_fact_and_ask(lang, target):
    campaign = _shipped(lang)
    variants = Variants(campaign, campaign.targets[target], lang)
    for variant in range(variants.count):
        body = " ".join(variants.wording(variant).paragraphs).casefold()
        missing = [words for words in MUST_SAY[lang] if words.casefold() not in body]
        assert not missing, (variant, missing)


@pytest.mark.parametrize("target", ["pcm", "embassy"])
@pytest.mark.parametrize("lang", ["en", "es", "fr", "de", "pt", "it", "nl", "ar"])
def test_every_letter_in_every_language_names_the_decree_by_its_number(lang, target):
    campaign = _shipped(lang)
    variants = Variants(campaign, campaign.targets[target], lang)
    assert variants.count == 343
    for variant in range(variants.count):
        wording = variants.wording(variant)
        assert "1582" in " ".join(wording.paragraphs), variant
        assert "1582" in wording.subject


@pytest.mark.parametrize(
    ("salutation", "address"),
    [
        ("Monsieur l’Ambassadeur,", "Monsieur l’Ambassadeur"),
        ("Señor presidente del Consejo de Ministros:", "Señor presidente del Consejo de Ministros"),
        ("سعادة السفير المحترم،", "سعادة السفير المحترم"),  # the Arabic comma too
    ],
)
def test_a_closing_repeats_the_form_of_address_without_the_salutations_punctuation(
    salutation, address
):
    from ua_cli.compose.letter import form_of_address

    embassy = _shipped("en").targets["embassy"]
    target = embassy._replace(salutation={"xx": salutation})
    assert form_of_address(target, "xx") == address
