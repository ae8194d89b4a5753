"""The UA data model: a campaign file, validated into typed, immutable objects.

Nothing here knows about any particular UA; every fact comes from the file.
"""

import datetime
import enum
import re
import types
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

from ua_cli.actionlog.entries import ACTIONS, TARGET_PATTERN, UA_PATTERN, plural
from ua_cli.campaign.sentences import split_sentences
from ua_cli.campaign.structure import FROM_KEY, ONE_OR_MORE, Check, Converter, Doc, json_schema
from ua_cli.campaign.yaml_source import PathKey, YamlDocument, format_path, load_yaml
from ua_cli.errors import FileProblems, Problem

Channel = Literal[ACTIONS]  # every action is a channel, and the other way round


class Coverage(enum.Enum):
    """How many of the UA's languages a piece of text must be given in."""

    ALL = "every language the UA offers"
    SOME = "at least one of the UA's languages"


LanguageCode = Annotated[str, Check(r"[a-z]{2,3}", "a language code such as 'es' or 'en'")]
Localized = Annotated[Mapping[str, str], Coverage.ALL]
# A letter's text in each language: one wording, or a list of wordings of the
# same sentences. Letters mix wordings sentence by sentence (compose/variety.py),
# so that a stack of letters does not read as one form letter.
Wordings = Annotated[Mapping[str, Annotated[tuple[str, ...], ONE_OR_MORE]], Coverage.ALL]
# Variants of a post, per language; {handle} stands for the target's handle.
Posts = Annotated[Mapping[str, tuple[str, ...]], Coverage.SOME]
Translations = Annotated[Mapping[str, str], Coverage.SOME]
EMAIL_PATTERN = (
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
Email = Annotated[str, Check(EMAIL_PATTERN, "not a valid email address", json_format="email")]
Url = Annotated[str, Check(r"https?://\S+", "not a web address (http:// or https://)", "uri")]
CountryCode = Annotated[str, Check(r"[A-Z]{2}", "an ISO 3166 country code such as 'PE' or 'US'")]
HANDLE_PATTERN = r"@\w{1,15}"
Handle = Annotated[str, Check(HANDLE_PATTERN, "a Twitter/X handle such as '@name'")]
MastodonHandle = Annotated[
    str, Check(r"@\w{1,30}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", "a Mastodon handle: '@name@server'")
]
BlueskyHandle = Annotated[
    str,
    Check(r"@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+", "a Bluesky handle: '@name.bsky.social'"),
]
Identifier = Annotated[str, Check(r"[a-z][a-z0-9_]*", "use lowercase letters, digits and _")]
TargetKey = Annotated[
    str,
    Check(TARGET_PATTERN, "a key of lowercase letters, digits and _ (at most 64)"),
]
UaNumber = Annotated[str, Check(UA_PATTERN, "a UA number such as '106.23'")]
PHONE_PATTERN = r"\+?[0-9 ()./-]{6,}"
Phone = Annotated[str, Check(PHONE_PATTERN, "a phone number of digits, spaces, ()-./+")]


class PeopleAtRisk(NamedTuple):
    """The people the UA is about."""

    name: Annotated[Localized, Doc("Who is at risk, in every language of the UA.")]
    pronouns: Annotated[str | None, Doc("Their preferred pronouns, e.g. they/them.")] = None


class KeyFact(NamedTuple):
    """A date or number a message may need (a decree, a deadline, a duration)."""

    id: Annotated[Identifier, Doc("A short name for templates: key_facts.<id>.")]
    label: Annotated[str, Doc("What the fact is, in English.")]
    date: Annotated[datetime.date | None, Doc("The date, as YYYY-MM-DD.")] = None
    value: Annotated[str | None, Doc("A number or amount, as text.")] = None
    note: Annotated[str | None, Doc("Context for the fact.")] = None


class TalkingPoint(NamedTuple):
    """One demand or argument, for letters, calls and posts."""

    id: Annotated[Identifier, Doc("A short name for the point.")]
    text: Annotated[Localized, Doc("The point in every language of the UA.")]


class Paragraph(NamedTuple):
    """One paragraph of the letter body."""

    id: Annotated[Identifier, Doc("A short name; a target may replace the paragraph by this name.")]
    text: Annotated[
        Wordings,
        Doc("The paragraph in every language: one text, or a list of wordings of its sentences."),
    ]
    optional: Annotated[
        bool,
        Doc(
            "Whether a letter may leave the paragraph out: its wordings are then alternatives "
            "(one more reason), one or none per letter, never the UA's own letter; no fact or "
            "ask may rest on it."
        ),
    ] = False


class LetterText(NamedTuple):
    """The letter every target receives, unless a target replaces a paragraph."""

    subject: Annotated[Wordings, Doc("The subject line (Re: ...), or a list of wordings.")]
    paragraphs: Annotated[tuple[Paragraph, ...], Doc("The body, in order.")]
    closing: Annotated[
        Wordings, Doc("The complimentary close, e.g. 'Yours sincerely,', or a list of them.")
    ]
    email_subject: Annotated[
        Localized | None, Doc("An email's subject; name the UA and its subject.")
    ] = None
    orders: Annotated[
        tuple[tuple[Identifier, ...], ...],
        Doc(
            "Other orders letters may take the paragraphs in, each a list of every paragraph's "
            "id, where the argument reads as well (the listed order is the UA's own letter)."
        ),
    ] = ()


_NOTHING_REPLACED: Mapping[str, Mapping[str, tuple[str, ...]]] = types.MappingProxyType({})

_CONTACT_FIELD = {
    "letter": "address",
    "email": "email",
    "fax": "fax",
    "call": "phone",
    "tweet": "twitter",
}
# What each channel's contact is called in messages.
CONTACT_NAMES = {
    "letter": "postal address",
    "email": "email address",
    "fax": "fax number",
    "call": "phone number",
    "tweet": "Twitter handle",
}


_NOT_IN_NAMES = "<>@,;"
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")


class Target(NamedTuple):
    """An official the UA asks people to write to."""

    key: Annotated[TargetKey, FROM_KEY, Doc("The short key used on the command line.")]
    address: Annotated[tuple[str, ...], Doc("Postal address lines, the country included.")]
    country: Annotated[CountryCode, Doc("Country of the office (ISO 3166 code).")]
    salutation: Annotated[Localized, Doc("How a letter opens, in every language.")]
    channels: Annotated[tuple[Channel, ...], Doc("How the official can be reached.")]
    name: Annotated[
        str | None,
        Doc("Full name, exactly as the UA gives it; none for an office (its position says who)."),
    ] = None
    courtesy_title: Annotated[
        Localized | None, Doc("Title before the name in the address, e.g. 'Mr.'.")
    ] = None
    position: Annotated[Localized | None, Doc("The official's position.")] = None
    organisation: Annotated[
        Localized | None, Doc("The office or institution, as a letter in each language names it.")
    ] = None
    copy: Annotated[
        bool, Doc("Whether the official gets a copy of the letter ('And copies to:').")
    ] = False
    email: Annotated[Email | None, Doc("Email address.")] = None
    phone: Annotated[Phone | None, Doc("Phone number as the UA gives it.")] = None
    fax: Annotated[Phone | None, Doc("Fax number.")] = None
    twitter: Annotated[Handle | None, Doc("Twitter/X handle.")] = None
    mastodon: Annotated[MastodonHandle | None, Doc("Mastodon handle, @name@server.")] = None
    bluesky: Annotated[BlueskyHandle | None, Doc("Bluesky handle, @name.bsky.social.")] = None
    paragraphs: Annotated[
        Mapping[str, Wordings],
        Doc("Letter paragraphs replaced for this target, by paragraph id (wordings too)."),
    ] = _NOTHING_REPLACED
    ask: Annotated[
        Localized | None, Doc("What calls ask this official to do, if not the UA's `ask`.")
    ] = None
    tweets: Annotated[Posts | None, Doc("Posts for this official, if not the UA's `tweets`.")] = (
        None
    )

    def field_problems(self) -> list[tuple[PathKey, str]]:
        problems: list[tuple[PathKey, str]] = []
        for i, channel in enumerate(self.channels):
            if self.contact(channel) is None:
                message = f"channel '{channel}' needs the target's {_CONTACT_FIELD[channel]}"
                problems.append((("channels", i), message))
        if not self.address:
            problems.append((("address",), "give the postal address lines"))
        # An email's To header is made from the title and name: an address in
        # them must never be able to pass for the official's.
        if not (self.name or self.position or self.organisation):
            problems.append((("name",), "give the official's name, or the position or office"))
        named = [(("name",), self.name or "")]
        named += [(("courtesy_title", lang), t) for lang, t in (self.courtesy_title or {}).items()]
        for path, text in named:
            # NFKC: the full-width "＜evil＠example＞" reads as an address too
            if found := set(_NOT_IN_NAMES).intersection(unicodedata.normalize("NFKC", text)):
                characters = " ".join(sorted(found))
                problems.append((path, f"holds {characters}: a name or title, never an address"))
        return problems

    def who(self, lang: str) -> str:
        """The name, or for an office without a person, its position or office."""
        for texts in (self.position, self.organisation):
            if not self.name and texts:
                return texts.get(lang) or next(iter(texts.values()))
        return self.name or ""

    def courtesy_name(self, lang: str) -> str:
        """How the address block and an email name the official: with the
        courtesy title where there is a person."""
        if self.name and self.courtesy_title:
            return f"{self.courtesy_title[lang]} {self.name}"
        return self.who(lang)

    def contact(self, channel: str) -> str | None:
        """The address, number or handle a channel needs."""
        value = getattr(self, _CONTACT_FIELD[channel])
        return ("\n".join(value) or None) if channel == "letter" else value


class Campaign(NamedTuple):
    """An Urgent Action: who is at risk, what to ask, and whom to ask."""

    id: Annotated[UaNumber, Doc("The UA number, e.g. '106.23' (quote it).")]
    title: Annotated[Localized, Doc("The UA's title.")]
    country: Annotated[CountryCode, Doc("The country the UA is about (ISO 3166 code).")]
    people_at_risk: Annotated[PeopleAtRisk, Doc("Who is at risk.")]
    deadline: Annotated[datetime.date, Doc("Take action until this date (YYYY-MM-DD).")]
    languages: Annotated[tuple[LanguageCode, ...], Doc("Languages the UA's texts are given in.")]
    preferred_language: Annotated[LanguageCode, Doc("The language the targets prefer.")]
    summary: Annotated[Translations, Doc("What is happening, in one paragraph.")]
    letter: Annotated[LetterText, Doc("The letter.")]
    targets: Annotated[Mapping[str, Target], Doc("The officials, by short key.")]
    sequence: Annotated[int, Doc("1 for a new UA, 2 for its first update, and so on.")] = 1
    own_language_welcome: Annotated[
        bool, Doc("Whether writing in one's own language is welcome too.")
    ] = False
    previous_ua: Annotated[Url | None, Doc("Link to the previous UA on the case.")] = None
    background: Annotated[Translations | None, Doc("The UA's additional information.")] = None
    key_facts: Annotated[tuple[KeyFact, ...], Doc("Dates and numbers messages may cite.")] = ()
    talking_points: Annotated[tuple[TalkingPoint, ...], Doc("Demands and arguments.")] = ()
    ask: Annotated[
        Localized | None,
        Doc("What calls ask for, completing 'I urge you to ...' ('I am calling to ask that ...')."),
    ] = None
    tweets: Annotated[
        Posts | None,
        Doc("Post variants per language; {handle} stands for the official's handle."),
    ] = None
    about: Annotated[
        Localized | None,
        Doc(
            "The case in plain words, as a caller names it to whoever answers, completing "
            "'I am calling about ...': 'Peru’s Legislative Decree 1582 and the Venezuelan "
            "refugees facing expulsion'. Without it, calls name the UA's number and title."
        ),
    ] = None

    def paragraphs_for(self, target: Target, lang: str) -> dict[str, tuple[str, ...]]:
        """The wordings of each paragraph of the letter to `target` in `lang`, by
        id, the target's own where it has them; an optional paragraph without
        texts in `lang` (untranslated) is left out."""
        paragraphs = {}
        for paragraph in self.letter.paragraphs:
            texts = target.paragraphs.get(paragraph.id) or paragraph.text
            if lang in texts or not paragraph.optional:
                paragraphs[paragraph.id] = texts[lang]
        return paragraphs

    def ask_for(self, target: Target, lang: str) -> str | None:
        """What a call asks this target to do, in `lang`."""
        ask = target.ask or self.ask
        return ask[lang] if ask else None

    def posts_for(
        self, target: Target, lang: str, handle: str | None, *, lead: str = "", inline: str = ""
    ) -> tuple[str, ...]:
        """The post variants for this target in `lang`, with its handle on the
        network; where it has none there, `lead` stands for a handle that opens a
        post ("Name:") and `inline` for one within it ("Name")."""

        def filled(post: str) -> str:
            if handle is None:
                opens = post.lstrip().startswith("{handle}")
                post = post.replace("{handle}", lead, 1) if opens else post
                post = post.replace("{handle}", inline)
            else:
                post = post.replace("{handle}", handle)
            # spaces collapsed where no handle stands, a no-break space kept
            return re.sub(r"[ \t\n]+", " ", post).strip()

        posts = target.tweets or self.tweets or {}
        return tuple(filled(post) for post in posts.get(lang, ()))

    def days_left(self, today: datetime.date) -> int:
        """Days until the deadline; negative once it has passed."""
        return (self.deadline - today).days


def campaign_schema() -> dict[str, Any]:
    """JSON Schema of a UA file."""
    schema = json_schema(Campaign)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ua: Urgent Action file",
        **schema,
    }
    return schema


def load_campaign(path: Path, *, letter_languages: frozenset[str] | None = None) -> Campaign:
    """Load and validate a UA file; raise FileProblems listing every mistake.

    `letter_languages` are the languages with letter templates; a UA offering
    another language is an error, since its letters could not be written.
    """
    return check_campaign(path, letter_languages=letter_languages)[0]


def check_campaign(
    path: Path, *, letter_languages: frozenset[str] | None = None
) -> tuple[Campaign, list[Problem]]:
    """Load and validate a UA file: the UA and what its author should still look
    at (warnings), or FileProblems listing every mistake."""
    document = load_yaml(path)
    if not isinstance(document.data, dict):
        raise FileProblems(path, [Problem(1, "", "expected a mapping of UA fields")])
    converter = Converter(document)
    campaign = converter.convert(Campaign, document.data, ())
    # These checks read whatever parts converted, so one wrong field does not
    # hide the mistakes elsewhere in the file.
    checks = _DocumentChecks(document, converter.values)
    problems = [
        *converter.problems,
        *checks.languages(letter_languages),
        *checks.coverage(converter.marked),
        *checks.replaced_paragraphs(),
        *checks.unique_ids(),
        *checks.orders(),
        *checks.required_paragraph(),
        *checks.braces(),
        *checks.line_breaks(),
        *checks.sentences(converter.marked),
    ]
    if problems:
        raise FileProblems(path, problems)
    return campaign, [
        *checks.todos(),
        *checks.placeholders(),
        *checks.channels_without_words(),
        *checks.preferred(),
        *checks.wording_counts(converter.marked),
    ]


class _DocumentChecks(NamedTuple):
    """Rules that tie distant parts of a UA file together."""

    document: YamlDocument
    values: dict[PathKey, Any]

    def _problem(self, key: PathKey, message: str) -> Problem:
        return Problem(self.document.line_of(key), format_path(key), message)

    def languages(self, with_templates: frozenset[str] | None) -> list[Problem]:
        languages = self.values.get(("languages",))
        if languages is None:
            return []
        problems = []
        if not languages:
            problems.append(self._problem(("languages",), "give at least one language"))
        for i, lang in enumerate(languages):
            if with_templates is not None and lang not in with_templates:
                message = f"no letter templates for '{lang}' (add letters/{lang}/)"
                problems.append(self._problem(("languages", i), message))
        return problems

    def coverage(self, marked: list[tuple[PathKey, Any, tuple[Any, ...]]]) -> list[Problem]:
        languages = self.values.get(("languages",))
        if not languages:
            return []
        problems = []
        for key, texts, extras in marked:
            if Coverage.ALL in extras:
                problems += self._covers(key, texts, languages, require_all=True)
            elif Coverage.SOME in extras:
                problems += self._covers(key, texts, languages, require_all=False)
        return problems

    def _covers(
        self,
        key: PathKey,
        texts: Mapping[str, str],
        languages: tuple[str, ...],
        *,
        require_all: bool,
    ) -> list[Problem]:
        problems = []
        for lang in texts:
            if lang not in languages:
                message = f"'{lang}' is not one of the UA's languages ({', '.join(languages)})"
                problems.append(self._problem((*key, lang), message))
        missing = [lang for lang in languages if lang not in texts]
        if require_all and missing:
            problems.append(self._problem(key, f"missing the {', '.join(missing)} text"))
        elif not any(lang in languages for lang in texts):
            problems.append(self._problem(key, f"give it in one of: {', '.join(languages)}"))
        return problems

    def replaced_paragraphs(self) -> list[Problem]:
        paragraphs = self.values.get(("letter", "paragraphs"))
        if paragraphs is None:
            return []
        ids = [p.id for p in paragraphs]
        # Each target that converted, even where another one did not.
        targets = [v for k, v in self.values.items() if k[:1] == ("targets",) and len(k) == 2]
        problems = []
        for target in targets:
            key = target.key
            for paragraph_id in target.paragraphs:
                if paragraph_id not in ids:
                    message = f"no letter paragraph '{paragraph_id}' to replace ({', '.join(ids)})"
                    path = ("targets", key, "paragraphs", paragraph_id)
                    problems.append(self._problem(path, message))
        return problems

    def orders(self) -> list[Problem]:
        """Each other order of the paragraphs names every paragraph once."""
        letter = self.values.get(("letter",))
        if letter is None:
            return []
        ids = sorted(p.id for p in letter.paragraphs)
        return [
            self._problem(
                ("letter", "orders", i),
                f"an order names every paragraph once ({', '.join(ids)})",
            )
            for i, order in enumerate(letter.orders)
            if sorted(order) != ids
        ]

    def _texts(self) -> Iterator[tuple[PathKey, str]]:
        """Every text of the file with its path, each wording of a list too."""
        for key, value in self.values.items():
            if isinstance(value, str):
                yield key, value
            elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
                # one text given alone is named as written, without an index
                yield from (((*key, i) if len(value) > 1 else key, v) for i, v in enumerate(value))

    def required_paragraph(self) -> list[Problem]:
        """A letter always has a body: not every paragraph may be optional."""
        letter = self.values.get(("letter",))
        if letter is None or not letter.paragraphs:
            return []
        if any(not paragraph.optional for paragraph in letter.paragraphs):
            return []
        message = "every paragraph is optional, so a letter could have none; make one not optional"
        return [self._problem(("letter", "paragraphs"), message)]

    def _message_texts(self) -> Iterator[tuple[PathKey, str]]:
        """The texts of the messages themselves: the letter's, the call's, posts,
        and a target's salutation, titles, ask and own paragraphs."""
        fields = ("salutation", "courtesy_title", "position", "organisation", "ask", "paragraphs")
        for key, value in self._texts():
            if key[0] in ("letter", "ask", "about", "tweets") or (
                key[0] == "targets" and len(key) > 2 and key[2] in (*fields, "tweets")
            ):
                yield key, value

    def braces(self) -> list[Problem]:
        """{address} fills in a closing and {handle} a post; anywhere else, or
        misspelt, braces would reach an official as they are written."""
        problems = []
        for key, value in self._message_texts():
            allowed = {"{address}"} if key[:2] == ("letter", "closing") else set()
            allowed |= {"{handle}"} if "tweets" in key else set()
            problems += [
                self._problem(key, f"holds {p} twice") for p in allowed if value.count(p) > 1
            ]
            rest = re.sub("|".join(map(re.escape, allowed)) or "$^", "", value)  # "$^": none
            if "{" in rest or "}" in rest:
                only = (
                    f" (only {' and '.join(sorted(allowed))} is filled in here)" if allowed else ""
                )
                message = f"holds a brace that nothing fills in{only}; a letter would print it"
                problems.append(self._problem(key, message))
        return problems

    def line_breaks(self) -> list[Problem]:
        """A letter's texts are lines and paragraphs of its own: a line break in
        one would let it print lines of its own making ("P.S.", a signature)."""
        return [
            self._problem(key, "holds a line break; write it as one paragraph")
            for key, value in self._message_texts()
            if _LINE_BREAKS.intersection(value) and "tweets" not in key
        ]

    def unique_ids(self) -> list[Problem]:
        problems = []
        for key in (("key_facts",), ("talking_points",), ("letter", "paragraphs")):
            seen: set[str] = set()
            for i, item in enumerate(self.values.get(key, ())):
                if item.id in seen:
                    problems.append(self._problem((*key, i, "id"), f"id '{item.id}' is used twice"))
                seen.add(item.id)
        return problems

    def sentences(self, marked: list[tuple[PathKey, Any, tuple[Any, ...]]]) -> list[Problem]:
        """Wordings of one text are mixed sentence by sentence, so each needs
        as many sentences as the first."""
        problems = []
        for key, wordings, extras in marked:
            if ONE_OR_MORE not in extras or len(wordings) < 2:
                continue
            expected = len(split_sentences(wordings[0]))
            for i, wording in enumerate(wordings[1:], start=1):
                if (found := len(split_sentences(wording))) != expected:
                    message = (
                        f"has {plural(found, 'sentence')} and the first wording "
                        f"{expected}; letters mix wordings sentence by sentence"
                    )
                    problems.append(self._problem((*key, i), message))
        return problems

    def wording_counts(self, marked: list[tuple[PathKey, Any, tuple[Any, ...]]]) -> list[Problem]:
        """Warnings where one language has fewer wordings of a text than another:
        its letters vary less."""
        counts: dict[PathKey, dict[str, int]] = {}
        for key, wordings, extras in marked:
            if ONE_OR_MORE in extras:
                counts.setdefault(key[:-1], {})[str(key[-1])] = len(wordings)
        warnings = []
        for key, by_language in counts.items():
            most = max(by_language, key=by_language.__getitem__)
            for lang, count in by_language.items():
                if count < by_language[most]:
                    message = (
                        f"{plural(count, 'wording')} where '{most}' has {by_language[most]}; "
                        f"letters in '{lang}' vary less"
                    )
                    warnings.append(self._problem((*key, lang), message))
        return warnings

    def todos(self) -> list[Problem]:
        return [Problem(line, "", f"TODO: {text}") for line, text in self.document.todos]

    def placeholders(self) -> list[Problem]:
        """Texts that would reach an official with "TODO" in them ("Re: TODO")."""
        return [
            self._problem(key, "still says TODO; a letter would print it")
            for key, value in self.values.items()
            if isinstance(value, str) and re.search(r"\bTODO\b", value)
        ]

    def channels_without_words(self) -> list[Problem]:
        """A channel the UA offers with nothing to say on it: a call with no ask
        (the script would read "I urge you to ."), a tweet with no posts, an
        email with no subject of its own."""
        letter = self.values.get(("letter",))
        warnings = []
        for key, target in self.values.items():
            if key[:1] != ("targets",) or len(key) != 2 or not isinstance(target, Target):
                continue
            missing = {
                "call": not (target.ask or self.values.get(("ask",))),
                "tweet": not (target.tweets or self.values.get(("tweets",))),
                "email": letter is not None and not letter.email_subject,
            }
            for index, channel in enumerate(target.channels):
                if missing.get(channel):
                    words = {"call": "ask to make (ask:)", "tweet": "posts (tweets:)",
                             "email": "subject of its own (letter.email_subject)"}[channel]  # fmt: skip
                    warnings.append(
                        self._problem((*key, "channels", index), f"'{channel}' has no {words}")
                    )
        return warnings

    def preferred(self) -> list[Problem]:
        """A UA read from a document in English may prefer Spanish: valid, with
        a word on how to add the language the targets read."""
        languages = self.values.get(("languages",)) or ()
        preferred = self.values.get(("preferred_language",))
        if preferred is None or preferred in languages:
            return []
        message = (
            f"the targets prefer '{preferred}', and the UA has no texts in it yet; add "
            f"'{preferred}:' beside each text and '{preferred}' to languages"
        )
        return [self._problem(("preferred_language",), message)]
