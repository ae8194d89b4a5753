"""Translations of a UA's texts as gettext PO files, the files translators' own
tools (Poedit, Weblate) open.

Every text a letter, email, post or call uses has a path (the PO entry's
msgctxt: `letter.paragraphs.ask.text#2` is the second wording of the `ask`
paragraph); the source text (English where the UA has it) is the msgid. A
translation lives beside the UA as an overlay, one PO file per language, so
the UA file itself is never rewritten: the project's own in data/translations/,
the user's (from `ua translate import`) in the user data folder. A fuzzy or
empty entry is not used: that text falls back to the source language, except
where a text has several wordings (or posts) and some are translated: letters
then take theirs among those.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from ua_cli.actionlog.entries import plural
from ua_cli.campaign.model import Campaign, Paragraph, PeopleAtRisk, Target
from ua_cli.campaign.pofiles import read_catalog
from ua_cli.campaign.sentences import split_sentences
from ua_cli.errors import FileProblems, Problem

SOURCE_LANGUAGE = "en"
_PLACEHOLDER = re.compile(r"\{\w+\}")
POST_LIMIT = 280


class Text(NamedTuple):
    path: str  # the PO entry's msgctxt
    source: str


def source_language(campaign: Campaign) -> str:
    return SOURCE_LANGUAGE if SOURCE_LANGUAGE in campaign.languages else campaign.preferred_language


def texts(campaign: Campaign) -> list[Text]:
    """Every text of the UA a message uses, in the source language, with its path."""
    return list(_texts(campaign, source_language(campaign)))


def _texts(campaign: Campaign, lang: str) -> Iterator[Text]:
    def one(path: str, texts: Mapping[str, str] | None) -> Iterator[Text]:
        if texts and lang in texts:
            yield Text(path, texts[lang])

    def many(path: str, wordings: Mapping[str, tuple[str, ...]] | None) -> Iterator[Text]:
        for number, wording in enumerate((wordings or {}).get(lang, ()), start=1):
            yield Text(f"{path}#{number}", wording)

    yield from one("title", campaign.title)
    yield from one("summary", campaign.summary)
    yield from one("people_at_risk.name", campaign.people_at_risk.name)
    for point in campaign.talking_points:
        yield from one(f"talking_points.{point.id}.text", point.text)
    letter = campaign.letter
    yield from many("letter.subject", letter.subject)
    for paragraph in letter.paragraphs:
        yield from many(f"letter.paragraphs.{paragraph.id}.text", paragraph.text)
    yield from many("letter.closing", letter.closing)
    yield from one("letter.email_subject", letter.email_subject)
    yield from one("ask", campaign.ask)
    yield from one("about", campaign.about)
    yield from many("tweets", campaign.tweets)
    for key, target in campaign.targets.items():
        base = f"targets.{key}"
        for field in ("courtesy_title", "position", "organisation", "salutation", "ask"):
            yield from one(f"{base}.{field}", getattr(target, field))
        for paragraph_id, wordings in target.paragraphs.items():
            yield from many(f"{base}.paragraphs.{paragraph_id}", wordings)
        yield from many(f"{base}.tweets", target.tweets)


# -- applying a translation ------------------------------------------------------


class Applied(NamedTuple):
    campaign: Campaign
    fallbacks: list[str]  # paths of texts given in the source language instead


def apply(campaign: Campaign, lang: str, translated: Mapping[str, str]) -> Applied:
    """`campaign` with `lang` among its languages: each text as translated, or,
    where the translation has none, in the source language."""
    source = source_language(campaign)
    fallbacks: list[str] = []

    def one(path: str, texts: Mapping[str, str] | None) -> Mapping[str, str] | None:
        if texts is None or source not in texts:
            return texts
        if path not in translated:
            fallbacks.append(path)
        return {**texts, lang: translated.get(path, texts[source])}

    def many(path: str, wordings: Any) -> Any:
        if not wordings or source not in wordings:
            return wordings
        keys = [f"{path}#{number}" for number in range(1, len(wordings[source]) + 1)]
        if any(key in translated for key in keys):
            # Wordings and posts are alternatives: use those translated.
            return {**wordings, lang: tuple(translated[key] for key in keys if key in translated)}
        fallbacks.extend(key for key in keys if key not in translated)
        return {
            **wordings,
            lang: tuple(
                translated.get(key, w) for key, w in zip(keys, wordings[source], strict=True)
            ),
        }

    def optional(path: str, texts: Mapping[str, str] | None) -> Mapping[str, str] | None:
        """A text messages can do without: untranslated, it is left out, not
        given in the source language."""
        if texts is None or path not in translated:
            return texts
        return {**texts, lang: translated[path]}

    def optional_many(path: str, wordings: Any) -> Any:
        """An optional paragraph's alternatives: those translated, or none."""
        if not wordings or source not in wordings:
            return wordings
        keys = [f"{path}#{number}" for number in range(1, len(wordings[source]) + 1)]
        chosen = tuple(translated[key] for key in keys if key in translated)
        return {**wordings, lang: chosen} if chosen else wordings

    def paragraph(p: Paragraph) -> Paragraph:
        path = f"letter.paragraphs.{p.id}.text"
        return p._replace(text=optional_many(path, p.text) if p.optional else many(path, p.text))

    letter = campaign.letter
    new_letter = letter._replace(
        subject=many("letter.subject", letter.subject),
        paragraphs=tuple(paragraph(p) for p in letter.paragraphs),
        closing=many("letter.closing", letter.closing),
        email_subject=one("letter.email_subject", letter.email_subject),
    )
    optional_ids = {p.id for p in letter.paragraphs if p.optional}
    targets = {
        key: _target(target, f"targets.{key}", one, many, optional_many, optional_ids)
        for key, target in campaign.targets.items()
    }
    updated = campaign._replace(
        languages=(*campaign.languages, lang)
        if lang not in campaign.languages
        else campaign.languages,
        title=one("title", campaign.title),
        summary=one("summary", campaign.summary),
        people_at_risk=PeopleAtRisk(
            one("people_at_risk.name", campaign.people_at_risk.name),
            campaign.people_at_risk.pronouns,
        ),
        talking_points=tuple(
            point._replace(text=one(f"talking_points.{point.id}.text", point.text))
            for point in campaign.talking_points
        ),
        letter=new_letter,
        ask=one("ask", campaign.ask),
        about=optional("about", campaign.about),
        tweets=many("tweets", campaign.tweets),
        targets=targets,
    )
    return Applied(updated, fallbacks)


def _target(
    target: Target, base: str, one: Any, many: Any, optional_many: Any, optional_ids: set[str]
) -> Target:
    return target._replace(
        courtesy_title=one(f"{base}.courtesy_title", target.courtesy_title),
        position=one(f"{base}.position", target.position),
        organisation=one(f"{base}.organisation", target.organisation),
        salutation=one(f"{base}.salutation", target.salutation),
        ask=one(f"{base}.ask", target.ask),
        paragraphs={
            paragraph_id: (optional_many if paragraph_id in optional_ids else many)(
                f"{base}.paragraphs.{paragraph_id}", wordings
            )
            for paragraph_id, wordings in target.paragraphs.items()
        },
        tweets=many(f"{base}.tweets", target.tweets),
    )


# -- overlays: where translations are kept ------------------------------------------


def overlay_folders(ua: str) -> list[Path]:
    """The user's translations first (they may correct the project's), then the project's."""
    import platformdirs

    from ua_cli.paths import shipped_dir

    return [
        platformdirs.user_data_path("ua") / "translations" / ua,
        shipped_dir("data") / "translations" / ua,
    ]


def overlays(ua: str) -> dict[str, Path]:
    """The translation file of each language there is one for."""
    found: dict[str, Path] = {}
    for folder in reversed(overlay_folders(ua)):  # the user's last: they win
        if folder.is_dir():
            found.update({path.stem: path for path in sorted(folder.glob("*.po"))})
    return found


def read_translation(path: Path, sources: Mapping[str, str]) -> dict[str, str]:
    """path -> translation of the usable entries of a PO file: not fuzzy, not
    empty, and translating the text as it is now (`sources`), not as it was."""
    catalog = read_catalog(path)
    return {
        message.context: message.string
        for message in catalog
        if message.context
        and message.string
        and not message.fuzzy
        and sources.get(message.context) == message.id
    }


def with_language(campaign: Campaign, lang: str) -> Applied | None:
    """`campaign` with its translation into `lang`, if there is one."""
    path = overlays(campaign.id).get(lang)
    if path is None:
        return None
    sources = {text.path: text.source for text in texts(campaign)}
    return apply(campaign, lang, read_translation(path, sources))


def imported(campaign: Campaign, lang: str, stored: Path, *, ua: str) -> list[str]:
    """What a stored translation gives letters in `lang`, in a line or two: how
    many texts it translates, which it translated from English since changed."""
    sources = {text.path: text.source for text in texts(campaign)}
    usable = read_translation(stored, sources)
    done, to_go = len(usable), len(sources) - len(usable)
    stale = sum(
        1
        for m in read_catalog(stored)
        if m.context in sources and m.string and not m.fuzzy and m.id != sources[m.context]
    )
    lines = []
    if stale:  # translated once, but the English changed since: not used
        lines.append(
            f"{plural(stale, 'text')} translated from English that has changed since: "
            f"not used; ua translate export --lang {lang} marks them fuzzy, with the new English"
        )
    if apply(campaign, lang, usable).fallbacks:
        lines.append(
            f"UA {campaign.id} in '{lang}': {done} texts translated, {to_go} to "
            f"go; letters in '{lang}' use it once every text is translated"
        )
        return lines
    # Some wordings untranslated: letters vary among the translated ones.
    left = f", {to_go} wordings to go" if to_go else ""
    lines.append(
        f"UA {campaign.id} in '{lang}': {done} texts translated{left}; try: "
        f"ua letter --ua {ua} --target all --lang {lang}"
    )
    return lines


# -- checking a translator's file ---------------------------------------------------


def check_catalog(campaign: Campaign, catalog: Any, path: Path, packs: list[str]) -> str:
    """The language of a translator's PO file for `campaign`, or every problem
    in it, each named by its line."""
    problems: list[Problem] = []
    if ua_of(catalog) != campaign.id:
        project = (catalog.project or "").strip()
        problems.append(
            Problem(1, "", f"the file is for {project or 'no UA'}, not UA {campaign.id}")
        )
    lang = str(catalog.locale or "").split("_")[0]
    if lang not in packs:
        problems.append(
            Problem(
                1, "", f"unknown language {lang or '(none)'}; the packs are: {', '.join(packs)}"
            )
        )
    sources = {text.path: text.source for text in texts(campaign)}
    for message in catalog:
        if not message.id:
            continue
        problems += _message_problems(message, sources)
    problems += _sentence_problems(catalog, sources)
    if problems:
        raise FileProblems(path, sorted(problems, key=lambda p: p.line))
    return lang


def _message_problems(message: Any, sources: Mapping[str, str]) -> list[Problem]:
    line = message.lineno or 1
    where = message.context or ""
    if where not in sources:
        return [Problem(line, where, "no such text in the UA (msgctxt changed?)")]
    if not message.string:
        return []
    problems = []
    wanted, given = set(_PLACEHOLDER.findall(message.id)), set(_PLACEHOLDER.findall(message.string))
    if where.startswith("letter.closing#"):
        from ua_cli.compose.letter import ADDRESS_PLACEHOLDER

        # a closing may repeat the form of address, where the language does
        wanted |= given & {ADDRESS_PLACEHOLDER}
    leftover = _PLACEHOLDER.sub("", message.string)
    if "{" in leftover or "}" in leftover:
        problems.append(
            Problem(line, where, "a brace that no placeholder fills; a letter would print it")
        )
    for placeholder in given:
        if message.string.count(placeholder) > 1:
            problems.append(Problem(line, where, f"{placeholder} twice"))
    if wanted != given:
        lost = ", ".join(sorted(wanted - given)) or "none"
        added = ", ".join(sorted(given - wanted)) or "none"
        problems.append(Problem(line, where, f"placeholders differ (lost: {lost}; added: {added})"))
    if ".tweets#" in where or where.startswith("tweets#"):
        from ua_cli.compose.posts import NETWORKS, post_length

        length = post_length(message.string.replace("{handle}", "@" + "x" * 15), NETWORKS["x"])
        if length > POST_LIMIT:
            problems.append(
                Problem(line, where, f"a post of {length} characters; the limit is {POST_LIMIT}")
            )
    return problems


def ua_of(catalog: Any) -> str | None:
    """The UA number a PO file's header names ("Project-Id-Version: UA 106.23"),
    if it names one; never a path."""
    from ua_cli.actionlog.entries import ua_problem

    project = (catalog.project or "").strip()
    number = project.removeprefix("UA ")
    return number if project.startswith("UA ") and not ua_problem(number) else None


def _mixed(path: str) -> bool:
    """Whether the wordings of a text are mixed sentence by sentence in a
    letter (its subject, paragraphs and closing); posts are alternatives."""
    text = path.rsplit("#", 1)[0]
    return text.startswith(("letter.", "targets.")) and ".tweets" not in text


def _sentence_problems(catalog: Any, sources: Mapping[str, str]) -> list[Problem]:
    """Wordings of one text are mixed sentence by sentence: each translated
    wording needs as many sentences as the first."""
    groups: dict[str, list[Any]] = {}
    for message in catalog:
        context = message.context
        if context and "#" in context and _mixed(context) and message.string and not message.fuzzy:
            groups.setdefault(context.rsplit("#", 1)[0], []).append(message)
    problems = []
    for members in groups.values():
        counts = [len(split_sentences(m.string)) for m in members]
        for member, count in zip(members[1:], counts[1:], strict=True):
            if count != counts[0]:
                problems.append(
                    Problem(
                        member.lineno or 1,
                        member.context,
                        f"has {plural(count, 'sentence')} and the first wording "
                        f"{counts[0]}; wordings are mixed sentence by sentence",
                    )
                )
    return problems


def catalog_for(campaign: Campaign, lang: str, existing: Any | None) -> Any:
    """The PO catalog to translate `campaign` into `lang`, carrying `existing`
    translations in (changed sources become fuzzy, with the previous msgid)."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        locale=lang,
        header_comment=(
            f"# The texts of UA {campaign.id} ({campaign.title.get(source_language(campaign), '')}),\n"
            f"# to translate into {lang}. Each msgctxt names the text; keep {{handle}} as it is.\n"
            f"# Check and use the file with: ua translate import {lang}.po"
        ),
        project=f"UA {campaign.id}",
        version=campaign.id,
        msgid_bugs_address="translators of ua",
        charset="utf-8",
        fuzzy=False,
    )
    old = {m.context: m for m in existing if m.id and m.context} if existing is not None else {}
    for text in texts(campaign):
        previous = old.get(text.path)
        message = catalog.add(text.source, string="", context=text.path, auto_comments=[text.path])
        if previous is None or not previous.string:
            continue
        message.string = previous.string
        if previous.id != text.source:
            message.flags.add("fuzzy")
            message.previous_id = [previous.id]
        elif previous.fuzzy:
            message.flags.add("fuzzy")
    return catalog


class Status(NamedTuple):
    lang: str
    translated: int
    fuzzy: int
    missing: int
    where: str


def status(campaign: Campaign) -> list[Status]:
    """Per language: how many texts are translated, fuzzy or missing."""
    total = len(texts(campaign))
    rows = [Status(lang, total, 0, 0, "the UA file") for lang in campaign.languages]
    for lang, path in sorted(overlays(campaign.id).items()):
        if lang in campaign.languages:
            continue
        sources = {t.path: t.source for t in texts(campaign)}
        catalog = read_catalog(path)
        done = fuzzy = 0
        for message in catalog:
            if message.context in sources and message.string:
                if message.fuzzy or message.id != sources[message.context]:
                    fuzzy += 1
                else:
                    done += 1
        rows.append(Status(lang, done, fuzzy, total - done - fuzzy, str(path)))
    return rows
