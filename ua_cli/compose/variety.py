"""Letters that differ: which wording of each sentence a letter takes.

Officials discount a stack of identical form letters. A UA may give each text
of its letter (the subject, each paragraph, the closing) in several wordings of
the same sentences; a letter then takes one wording per *sentence*, so a text
of three sentences in three wordings alone gives 27 letters.

Which combinations? Picked at random, two letters of a stack of 100 would often
share most of their sentences. So a letter's choices are a codeword of a code in
which any two codewords agree in few positions:

- where every sentence of the body has at least five wordings, a Reed-Solomon
  code: the wordings of p (the largest prime up to that number) are the values
  of a polynomial of degree below k over GF(p), evaluated at one point per
  sentence, with k as small as still gives 100 letters. Two letters then share
  at most k - 1 of the sentences that got a point of their own, the longest
  ones (p + 1 points: 0 to p - 1 and infinity); shorter sentences, the subject
  and the closing reuse the points. Five wordings give 125 letters that share
  at most two of the six longest sentences.
- where every sentence has three, the ternary Golay codes below: with ten to
  twelve sentences, 243 to 729 letters, any two sharing at most half;
- other shapes: every combination, which keeps letters distinct but not far apart.

Structure varies too: a UA may give other orders of its paragraphs (letters
take them in turn) and optional paragraphs, each a few alternatives of which a
letter takes one or none (one more reason).

A signer's letter is picked by their name, the same every time; a batch moves a
signer whose pick is taken to the next free one, so no two letters are the same.
"""

import functools
import itertools
import zlib
from collections.abc import Sequence
from typing import NamedTuple

from ua_cli.actionlog.entries import plural
from ua_cli.campaign.model import Campaign, Target
from ua_cli.campaign.sentences import split_sentences

# The ternary Golay code is the cyclic code of length 11 whose generator
# polynomial is 2 + x² + 2x³ + x⁴ + x⁵ over GF(3) (coefficients from x⁰ up).
_GOLAY_GENERATOR = (2, 0, 1, 2, 1, 1)
_GOLAY_LENGTH = 11
# Enough letters for a large letter-writing event to one official, all different.
LETTERS_WANTED = 100
MOST_COMBINATIONS = 1_000_000


class Wording(NamedTuple):
    """The texts of one letter, each in the wording a variant chose."""

    subject: str
    paragraphs: tuple[str, ...]
    closing: str


class Variants:
    """Every letter one target can get in one language, numbered from 0.

    Variant 0 is the UA's first wording of everything (the sample letter).
    """

    def __init__(self, campaign: Campaign, target: Target, lang: str) -> None:
        letter = campaign.letter
        paragraphs = campaign.paragraphs_for(target, lang)
        # Optional paragraphs are alternatives outside the code: one or none.
        self._optional = {
            p.id: paragraphs.pop(p.id)
            for p in letter.paragraphs
            if p.optional and p.id in paragraphs
        }
        self._ids = tuple(paragraphs)
        self._orders = (tuple(p.id for p in letter.paragraphs), *letter.orders)
        texts = (letter.subject[lang], *paragraphs.values(), letter.closing[lang])
        # For each text, each wording split into its sentences; the UA file's
        # checks make every wording of a text have as many sentences.
        self._texts = tuple(tuple(split_sentences(w) for w in wordings) for wordings in texts)
        self._shape = tuple(
            len(wordings) for wordings in self._texts for _ in range(len(wordings[0]))
        )
        # The sentences between the subject's and the closing's
        self._body = range(len(self._texts[0][0]), len(self._shape) - len(self._texts[-1][0]))
        self._code = _code_for(self._shape, self._body, self._lengths())
        self.count = self._code.count
        self.sentences = len(self._body)

    def unused(self) -> list[str]:
        """What the UA gives that no letter can take: wordings past what the
        code uses, optional alternatives past what their sentence can carry."""
        notes = []
        if self._code.kind == "reed-solomon":
            extra = max(self._shape[i] for i in self._body) - self._code.prime
            if extra > 0:
                notes.append(
                    f"wordings past the {self._code.prime}th of a sentence are never used "
                    f"(give every sentence {self._code.prime} or the next prime number)"
                )
        positions = self._shortest()
        for number, (paragraph_id, alternatives) in enumerate(self._optional.items()):
            if number >= len(positions):
                notes.append(
                    f"'{paragraph_id}' is never used: more optional paragraphs than sentences"
                )
                continue
            usable = self._shape[positions[number]] - 1
            if not usable:
                notes.append(f"'{paragraph_id}' is never used: its sentence has one wording")
            elif len(alternatives) > usable:
                notes.append(
                    f"'{paragraph_id}' gives {plural(len(alternatives), 'alternative')} and "
                    f"letters can take {usable}: one fewer than its sentence's wordings"
                )
        return notes

    def _shortest(self) -> list[int]:
        """The body's sentences, shortest first, by their position."""
        lengths = self._lengths()
        return sorted(self._body, key=lambda i: lengths[i])

    def _lengths(self) -> tuple[int, ...]:
        """The length of each sentence, as the UA first words it."""
        return tuple(len(sentence) for wordings in self._texts for sentence in wordings[0])

    def preferred(self, name: str | None) -> int:
        """The variant a writer gets by their name (the first without one)."""
        if not name or not name.strip():
            return 0
        return zlib.crc32(" ".join(name.casefold().split()).encode()) % self.count

    def assign(self, names: Sequence[str | None]) -> list[int]:
        """A variant for each writer of a batch: their own pick, or the next free
        one when another writer already has it, while any is free."""
        taken: set[int] = set()
        chosen = []
        for name in names:
            variant = self.preferred(name)
            while variant in taken and len(taken) < self.count:
                variant = (variant + 1) % self.count
            taken.add(variant)
            chosen.append(variant)
        return chosen

    def wording(self, variant: int) -> Wording:
        """The letter's texts as variant `variant` words them, its paragraphs in
        the order it takes, with the optional paragraph it takes, if any."""
        choices = iter(self._choices(variant))
        texts = []
        for wordings in self._texts:
            sentences = [wordings[next(choices)][i] for i in range(len(wordings[0]))]
            texts.append(" ".join(sentences))
        body = dict(zip(self._ids, texts[1:-1], strict=True))
        # An optional paragraph goes with one of the body's shortest sentences:
        # letters share it only where they share that sentence's wording, so
        # with one alternative fewer than its wordings it adds no sentence two
        # letters have in common beyond the code's bound. Variant 0, the UA's
        # own letter, takes none, and its own order; orders go in turn.
        choices = self._choices(variant)
        for (paragraph_id, alternatives), position in zip(
            self._optional.items(), self._shortest(), strict=False
        ):
            if pick := choices[position] % (len(alternatives) + 1):
                body[paragraph_id] = alternatives[pick - 1]
        order = self._orders[variant % len(self._orders)]
        paragraphs = tuple(body[i] for i in order if i in body)
        return Wording(texts[0], paragraphs, texts[-1])

    def _choices(self, variant: int) -> list[int]:
        """Which wording each sentence takes, in the letter's order."""
        if not 0 <= variant < self.count:
            raise ValueError(f"variant {variant} of {self.count}")
        return self._code.choices(variant)


class _Code(NamedTuple):
    """Which wording each sentence takes in each of `count` letters."""

    count: int
    shape: tuple[int, ...]
    kind: str  # "reed-solomon", "golay" or "product"
    prime: int = 0
    degree: int = 0  # polynomials of degree below this (Reed-Solomon)
    points: tuple[int, ...] = ()  # each sentence's point; `prime` stands for infinity

    def choices(self, variant: int) -> list[int]:
        if self.kind == "reed-solomon":
            coefficients = [(variant // self.prime**j) % self.prime for j in range(self.degree)]
            return [
                _evaluate(coefficients, point, self.prime) % q
                for point, q in zip(self.points, self.shape, strict=True)
            ]
        if self.kind == "golay":
            codeword = _golay_family(min(len(self.shape), 12))[variant]
            # Past twelve sentences the codeword repeats, which keeps letters
            # apart, if not by the full half.
            return [codeword[i % len(codeword)] % q for i, q in enumerate(self.shape)]
        choices = []
        for q in reversed(self.shape):
            variant, digit = divmod(variant, q)
            choices.append(digit)
        return choices[::-1]


def _code_for(shape: tuple[int, ...], body: range, lengths: tuple[int, ...]) -> _Code:
    fewest = min((shape[i] for i in body), default=1)
    prime = max((p for p in (5, 7, 11, 13) if p <= fewest), default=0)
    if prime:
        degree = 1
        # Past as many coefficients as the body has points, codewords repeat.
        while prime**degree < LETTERS_WANTED and degree < min(len(body), prime + 1):
            degree += 1
        return _Code(
            prime**degree, shape, "reed-solomon", prime, degree, _points(body, lengths, prime)
        )
    if len(shape) >= 10 and min(shape) >= 3:
        return _Code(len(_golay_family(min(len(shape), 12))), shape, "golay")
    # Every combination, up to a million: more than any stack of letters needs.
    return _Code(min(_product(shape), MOST_COMBINATIONS), shape, "product")


def _points(body: range, lengths: tuple[int, ...], prime: int) -> tuple[int, ...]:
    """Each sentence's point: the longest sentences of the body each get their
    own (0 to prime - 1, then infinity); the rest take them again, the points of
    the shortest of those first, so that two letters that agree on a point
    share as few characters as they can."""
    order = sorted(body, key=lambda i: -lengths[i])
    order += [i for i in range(len(lengths)) if i not in body]
    size = prime + 1
    points = [0] * len(lengths)
    for rank, index in enumerate(order):
        points[index] = rank if rank < size else size - 1 - (rank - size) % size
    return tuple(points)


def _evaluate(coefficients: Sequence[int], point: int, prime: int) -> int:
    """The polynomial at `point` over GF(prime); at infinity (`prime`), its
    leading coefficient, which makes the code one position longer (the
    doubly extended Reed-Solomon code)."""
    if point == prime:
        return coefficients[-1]
    value = 0
    for coefficient in reversed(coefficients):
        value = (value * point + coefficient) % prime
    return value


def _product(numbers: Sequence[int]) -> int:
    result = 1
    for n in numbers:
        result *= n
    return result


@functools.cache
def _golay_family(length: int) -> tuple[tuple[int, ...], ...]:
    """Ternary codewords of `length` (10, 11 or 12), any two agreeing in at most
    half their positions: the shortened Golay code [10,5,5], the subcode
    [11,5,6] generated by (x - 1)g(x), and the extended Golay code [12,6,6].
    The all-zero codeword comes first."""
    if length == 11:
        generator = _multiply((2, 1), _GOLAY_GENERATOR)  # (x - 1) = (x + 2) over GF(3)
        return _cyclic_code(generator)
    golay = _cyclic_code(_GOLAY_GENERATOR)
    if length == 10:
        return tuple(word[:-1] for word in golay if word[-1] == 0)
    if length == 12:
        return tuple((*word, -sum(word) % 3) for word in golay)
    raise ValueError(f"no Golay code of length {length}")


def _multiply(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    product = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            product[i + j] = (product[i + j] + x * y) % 3
    return tuple(product)


def _cyclic_code(generator: Sequence[int]) -> tuple[tuple[int, ...], ...]:
    """Every codeword of the cyclic code of length 11 with this generator polynomial."""
    dimension = _GOLAY_LENGTH - (len(generator) - 1)
    rows = [(0,) * i + tuple(generator) + (0,) * (dimension - 1 - i) for i in range(dimension)]
    return tuple(
        tuple(
            sum(m * row[i] for m, row in zip(message, rows, strict=True)) % 3
            for i in range(_GOLAY_LENGTH)
        )
        for message in itertools.product(range(3), repeat=dimension)
    )
