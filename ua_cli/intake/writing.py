"""A UA file from what a document says, each value with the line it came from.

Strings are written as YAML double-quoted scalars (JSON strings, which YAML
reads as they are), so no name, address or paragraph can break the file's
structure; contacts that do not pass the UA format's checks are left in a
TODO comment, never in a field.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import NamedTuple

from ua_cli.actionlog.entries import UA_PATTERN, plural
from ua_cli.intake.draft import Draft, DraftTarget, Found


class Written(NamedTuple):
    text: str  # the UA file
    summary: str  # what was found and what was not, for stderr
    complete: bool  # whether every required field was found
    ua_id: str | None
    first_target: str | None
    table: list[tuple[str, ...]]  # the targets at a glance, a header row first
    language: str  # the document's, in which the UA's texts are written


def targets_table(draft: Draft) -> list[tuple[str, ...]]:
    """KEY, NAME, POSITION, ORGANISATION, CHANNELS: one row per target, a
    value the reader doubts ending in "?", a copy's key in brackets."""

    def shown(found: Found | None) -> str:
        if found is None:
            return "-"
        text = found.value if len(found.value) <= 40 else found.value[:39] + "…"
        return text + ("?" if found.doubt else "")

    rows = [("KEY", "NAME", "POSITION", "ORGANISATION", "CHANNELS")]
    for t in draft.targets:
        key = f"({t.key})" if t.copy else t.key
        rows.append((key, shown(t.name), shown(t.position), shown(t.organisation),
                     ", ".join(t.channels())))  # fmt: skip
    return rows


def is_a_ua(draft: Draft) -> bool:
    """Whether the document reads as an Urgent Action at all: it names an
    official, a UA number or a deadline."""
    return bool(draft.targets or draft.deadline or draft.id)


def ua_file(draft: Draft, source: str, today: datetime.date) -> Written:
    out = _Lines()
    out.comment(f"An Urgent Action read by `ua new` from {source} on {today.isoformat()}.")
    out.comment("Each value names the line of the document it came from. Check every name,")
    out.comment("address and number against the document; do what each TODO says, then run")
    out.comment("`ua validate` on this file.")
    out.blank()
    missing: list[str] = []
    _header(out, draft, missing)
    _texts(out, draft, missing)
    _letter(out, draft, missing)
    _targets(out, draft, missing)
    required = ("the UA number", "a title", "the deadline", "the country", "any target")
    return Written(
        text=out.text(),
        summary=_summary(draft, missing),
        complete=not any(m.startswith(required) for m in missing),
        ua_id=draft.id.value if draft.id else None,
        first_target=draft.targets[0].key if draft.targets else None,
        table=targets_table(draft),
        language=draft.language,
    )


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str, source: str | None = None) -> None:
        self.lines.append(f"{line}  # {_printable(source)}" if source else line)

    def comment(self, text: str, indent: int = 0) -> None:
        self.lines.append(f"{' ' * indent}# {_printable(text)}")

    def todo(self, text: str, indent: int = 0) -> None:
        self.comment(f"TODO: {text}", indent)

    def blank(self) -> None:
        self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _printable(text: str) -> str:
    """A comment's text with what YAML may not hold raw (controls) escaped."""
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _q(text: str) -> str:
    """A YAML double-quoted scalar; characters YAML may not hold raw (C1
    controls, DEL) escaped, for the UA file's checks to name."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else _escape(c) for c in quoted)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}"


def _at(found: Found | None, detail: str = "") -> str | None:
    """The comment a value gets: its line, or, when the reader doubts it, a
    TODO that says why (a person checks it before any letter is sent)."""
    if found is None:
        return None
    where = f"line {found.line}{': ' + detail if detail else ''}" if found.line else detail
    if found.doubt:
        return f"TODO: check it, {found.doubt}" + (f" ({where})" if where else "")
    return where or None


def _header(out: _Lines, draft: Draft, missing: list[str]) -> None:
    if draft.id and re.fullmatch(UA_PATTERN, draft.id.value):
        out.add(f"id: {_q(draft.id.value)}", _at(draft.id))
    else:
        missing.append("the UA number")
        out.todo('id: the UA number, quoted, e.g. id: "88.27"; the document gives none')
    if draft.sequence and draft.sequence.value != "1":
        out.add(f"sequence: {draft.sequence.value}", _at(draft.sequence))
    if draft.title:
        out.add("title:")
        out.add(f"  {draft.language}: {_q(draft.title.value)}", _at(draft.title))
    else:
        missing.append("a title")
        out.todo("title: the UA's title, per language")
    if draft.country:
        where = _at(draft.country) if draft.country.line else None
        detail = where or (
            _at(draft.country, "where its officials are")
            if draft.country.doubt
            else "where its officials are"
        )
        out.add(f"country: {draft.country.value}", detail)
    else:
        missing.append("the country")
        out.todo("country: the ISO 3166 code of the country the UA is about, e.g. PE")
    if draft.people:
        out.add("people_at_risk:")
        out.add("  name:")
        out.add(f"    {draft.language}: {_q(draft.people.value)}", _at(draft.people))
        if draft.pronouns:
            out.add(f"  pronouns: {_q(draft.pronouns.value)}", _at(draft.pronouns))
    else:
        missing.append("the people at risk")
        out.todo("people_at_risk: name (per language) and pronouns of the people at risk")
    if draft.deadline:
        date, line = draft.deadline
        out.add(f"deadline: {date.isoformat()}", f"line {line}")
    else:
        given = draft.deadline_text
        if given:
            missing.append(f"the deadline ({given.value!r}, line {given.line}, is not a date)")
        else:
            missing.append("the deadline")
        out.todo("deadline: take action until this date, as YYYY-MM-DD")
    out.add(f"languages: [{draft.language}]", "the language the document is written in")
    _languages(out, draft, missing)
    if draft.previous_ua:
        out.add(f"previous_ua: {_q(draft.previous_ua.value)}", _at(draft.previous_ua))
    out.blank()


def _languages(out: _Lines, draft: Draft, missing: list[str]) -> None:
    where = f"line {draft.languages_line}" if draft.languages_line else None
    if not draft.languages:
        missing.append("the preferred language")
        out.todo("preferred_language: the language the targets read; the document names none")
        out.add(f"preferred_language: {draft.language}")
    else:
        out.add(f"preferred_language: {draft.languages[0]}", where)
        for other in draft.languages[1:]:
            out.comment(f"also welcome: {other} ({where})")
    if draft.own_language_welcome:
        out.add("own_language_welcome: true", where)


def _texts(out: _Lines, draft: Draft, missing: list[str]) -> None:
    if draft.summary:
        out.add("summary:")
        out.add(f"  {draft.language}: {_q(draft.summary.value)}", _at(draft.summary))
    else:
        missing.append("a summary")
        out.todo("summary: what is happening, in one paragraph")
        out.add("summary:")
        out.add(f"  {draft.language}: {_q('TODO')}")
    if draft.background:
        lines = ", ".join(str(p.line) for p in draft.background)
        label = "lines" if len(draft.background) > 1 else "line"
        out.add("background:", f"ADDITIONAL INFORMATION, {label} {lines}")
        text = "\n\n".join(p.value for p in draft.background)
        out.add(f"  {draft.language}: {_q(text)}")
    out.blank()


# The words a letter needs that a document may not give, in its language.
_WORDS = {
    "en": {"re": "Re:", "closing": "Yours sincerely,", "sir": "Dear Sir or Madam,",
           "urgent": "Urgent Action"},
    "es": {"re": "Asunto:", "closing": "Atentamente,", "sir": "Señor/Señora:",
           "urgent": "Acción Urgente"},
    "fr": {"re": "Objet :", "closing": "Veuillez agréer l’expression de ma haute considération.",
           "sir": "Madame, Monsieur,", "urgent": "Action urgente"},
    "de": {"re": "Betreff:", "closing": "Mit freundlichen Grüßen", "sir": "Sehr geehrte Damen und Herren,",
           "urgent": "Urgent Action"},
}  # fmt: skip


def _word(draft: Draft, name: str) -> str:
    return _WORDS.get(draft.language, _WORDS["en"])[name]


def _letter(out: _Lines, draft: Draft, missing: list[str]) -> None:
    out.add("letter:")
    title = draft.title.value if draft.title else "TODO"
    out.todo("a subject that names the demand; this one is the UA's title", indent=2)
    out.add("  subject:")
    out.add(f"    {draft.language}: {_q(_word(draft, 're') + ' ' + title)}")
    if draft.id and draft.title:
        out.todo("email_subject: check it; an email's subject names the UA", indent=2)
        out.add("  email_subject:")
        subject = f"{_word(draft, 'urgent')} {draft.id.value}: {title}"
        out.add(f"    {draft.language}: {_q(subject)}")
    out.add("  paragraphs:")
    if not draft.paragraphs:
        missing.append("the sample letter")
        out.todo("the letter's paragraphs: the document has no sample letter", indent=4)
    paragraphs = draft.paragraphs or (Found("TODO", 0),)
    for number, paragraph in enumerate(paragraphs, start=1):
        out.add(f"    - id: p{number}")
        out.add("      text:")
        source = _at(paragraph) if paragraph.line else None
        out.add(f"        {draft.language}: {_q(paragraph.value)}", source)
    closing = draft.closing or Found(_word(draft, "closing"), 0)
    if not draft.closing:
        missing.append("the letter's closing")
        out.todo("the closing: the document's sample letter has none", indent=2)
    out.add("  closing:")
    out.add(f"    {draft.language}: {_q(closing.value)}", _at(draft.closing))
    out.blank()


def _targets(out: _Lines, draft: Draft, missing: list[str]) -> None:
    if not draft.targets:
        missing.append("any target")
        out.todo("targets: the officials to write to; the document names none")
        return
    out.add("targets:")
    for target in draft.targets:
        _target(out, target, draft, missing)
    if draft.diplomats:
        out.comment("The document also asks to send copies to the diplomatic representatives")
        out.comment("accredited to your country: add your country's embassy as a target.")


def _target(out: _Lines, target: DraftTarget, draft: Draft, missing: list[str]) -> None:
    role = "copies of the letter" if target.copy else "a letter"
    out.add(f"  {target.key}:", f"TODO: rename the key if you like; it gets {role}")
    if target.name:
        out.add(f"    name: {_q(target.name.value)}", _at(target.name))
    else:
        out.comment("no person named: letters go to the office, by its position", indent=4)
    if target.copy:
        out.add("    copy: true", "'And copies to:'")
    for field, found in (
        ("courtesy_title", target.courtesy_title),
        ("position", target.position),
        ("organisation", target.organisation),
    ):
        if found:
            out.add(f"    {field}:")
            out.add(f"      {draft.language}: {_q(found.value)}", _at(found))
    if not target.position:
        out.todo("position: the document gives none (optional)", indent=4)
    _address(out, target, draft, missing)
    _contacts(out, target)
    _salutation(out, target, draft, missing)
    out.add(f"    channels: [{', '.join(target.channels())}]", "from the contacts found")


def _address(out: _Lines, target: DraftTarget, draft: Draft, missing: list[str]) -> None:
    if target.address:
        out.add("    address:")
        for line in target.address:
            out.add(f"      - {_q(line.value)}", _at(line))
        if target.country_line:
            out.add(f"      - {_q(target.country_line)}", f"added: {target.country_from}")
    else:
        missing.append(f"an address for {target.key}")
        out.todo("address: the document gives no postal address", indent=4)
        out.add("    address: []")
    if target.country:
        out.add(f"    country: {target.country}", target.country_from)
    elif draft.country:
        out.todo("country: assumed to be the UA's; check it", indent=4)
        out.add(f"    country: {draft.country.value}")
    else:
        missing.append(f"the country of {target.key}")
        out.todo("country: the ISO 3166 code of the official's country", indent=4)


def _contacts(out: _Lines, target: DraftTarget) -> None:
    for field in ("email", "phone", "fax", "twitter"):
        if found := getattr(target, field):
            out.add(f"    {field}: {_q(found.value)}", _at(found))
    for field, found in target.unused:
        out.todo(f"the document also gives {field} {found.value!r} (line {found.line})", indent=4)


def _salutation(out: _Lines, target: DraftTarget, draft: Draft, missing: list[str]) -> None:
    lang = draft.language
    if target.salutation:
        out.add("    salutation:")
        out.add(f"      {lang}: {_q(target.salutation.value)}", _at(target.salutation))
        return
    # No salutation in the document: a formal one made from the position (or
    # the name), which a person must check.
    position = (
        re.sub(r"^(?:the|el|la|le|der|die)\s+", "", target.position.value, flags=re.I)
        if target.position
        else ""
    )
    made = f"Dear {position}," if position and lang == "en" else None
    if made is None and target.courtesy_title and target.name:
        made = f"Dear {target.courtesy_title.value} {target.name.value.split()[-1]},"
    missing.append(f"a salutation for {target.key}")
    out.todo("salutation: the document gives none; this one is made from the position", indent=4)
    out.add("    salutation:")
    out.add(f"      {lang}: {_q(made or _word(draft, 'sir'))}")


def _summary(draft: Draft, missing: list[str]) -> str:
    """'3 targets (1 a copy), 3 emails, 1 fax, 1 phone, 2 handles; deadline
    2027-03-17; sample letter of 3 paragraphs; not found: ...'."""
    targets = draft.targets
    copies = sum(t.copy for t in targets)
    counts = [
        plural(len(targets), "target") + (f" ({copies} for copies)" if copies else ""),
        plural(sum(bool(t.email) for t in targets), "email"),
        plural(sum(bool(t.fax) for t in targets), "fax", "faxes"),
        plural(sum(bool(t.phone) for t in targets), "phone"),
        plural(sum(bool(t.twitter) for t in targets), "handle"),
    ]
    parts = [", ".join(counts)]
    if draft.deadline:
        parts.append(f"deadline {draft.deadline[0].isoformat()}")
    if draft.paragraphs:
        parts.append(f"sample letter of {plural(len(draft.paragraphs), 'paragraph')}")
    if missing:
        parts.append(f"not found: {', '.join(missing)}")
    return "; ".join(parts)


BLANK = """\
# An Urgent Action, written by hand. Replace every TODO, then run
# `ua validate` on this file; `ua schema` describes every field.
id: "TODO"  # the UA number, quoted: "88.27"
title:
  en: TODO  # the UA's title, in each of the languages below
country: TODO  # the ISO 3166 code of the country the UA is about: PE
people_at_risk:
  name:
    en: TODO  # who is at risk
  pronouns: TODO  # e.g. they/them; or remove the line
deadline: TODO  # take action until, as YYYY-MM-DD
languages: [en]  # the languages every text below is given in
preferred_language: en  # the language the targets read
own_language_welcome: true
summary:
  en: TODO  # what is happening, in one paragraph
letter:
  subject:
    en: "Re: TODO"
  paragraphs:
    # Each paragraph's text may be a list of wordings of the same sentences,
    # so that letters differ (see the README).
    - id: concern
      text:
        en: TODO
    - id: ask
      text:
        en: TODO
  closing:
    en: Yours sincerely,
targets:
  minister:  # the key used on the command line: ua letter --target minister
    name: TODO  # exactly as the UA gives it
    courtesy_title:
      en: TODO  # Mr., Ms., His Excellency Mr.
    position:
      en: TODO  # Minister of Justice
    organisation:
      en: TODO  # Ministry of Justice
    address:
      - TODO  # each line, the country included
    country: TODO  # ISO 3166 code of the office's country
    salutation:
      en: TODO  # Dear Minister,
    email: TODO@example.org
    channels: [letter, email]  # and fax, call, tweet with fax, phone, twitter
"""
