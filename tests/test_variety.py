"""The wording of letters: sentences split where a reader sees them end, and
the codes that keep any two letters of a batch apart."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ua_cli.campaign.sentences import split_sentences
from ua_cli.compose.variety import _golay_family


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
