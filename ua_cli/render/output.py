"""Letters, emails, call scripts and the steps of `ua act`, laid out: the one
place each is made, for a single letter and for a batch alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ua_cli.errors import UaError
from ua_cli.packs import direction

if TYPE_CHECKING:
    import datetime
    from email.message import EmailMessage
    from pathlib import Path

    from ua_cli.campaign.model import Campaign, Target
    from ua_cli.compose.letter import Letter
    from ua_cli.config import Profile
    from ua_cli.render.templates import Renderer


def lay_out_letters(
    letters: Sequence[Letter],
    fmt: str,
    *,
    renderer: Renderer,
    campaign: Campaign,
    senders: Sequence[Profile],
    title: str,
    template: Path | None = None,
) -> str:
    """Letters as one text, Markdown or HTML document (form feeds between text
    letters), with the shipped layout or the user's own template; each letter's
    sender is its signer's profile."""
    rendered = []
    for letter, sender in zip(letters, senders, strict=True):
        context = {
            "campaign": campaign,
            "target": campaign.targets[letter.target],
            "sender": sender,
            "lang": letter.lang,
        }
        if template:
            rendered.append(renderer.render_file(template, letter, context))
        else:
            rendered.append(renderer.render(letter, fmt, context))
    if template:
        return "\f".join(rendered)
    return renderer.join(rendered, fmt, lang=letters[0].lang, title=title)


def print_ready(letters: Sequence[Letter], *, paper: str) -> bytes:
    """Letters as one PDF; text the PDF fonts cannot draw is refused first."""
    from ua_cli.render.typeset import typeset, undrawable

    for letter in letters:
        if missing := undrawable("".join((*letter.sender_lines, letter.personal or ""))):
            raise UaError(
                f"the PDF fonts cannot print {missing!r}; use --format text or html instead"
            )
    return typeset(letters, paper=paper)


def email_body(renderer: Renderer, letter: Letter) -> str:
    """The letter as an email's plain text, without its postal blocks."""
    return renderer.render_named("_layout/email.txt.j2", {"letter": letter})


def email_draft(
    renderer: Renderer, campaign: Campaign, letter: Letter, sender: Profile
) -> EmailMessage:
    """The letter as an email draft to its target, from `sender`."""
    from ua_cli.compose import channels

    return channels.email_draft(
        campaign,
        campaign.targets[letter.target],
        letter,
        sender_name=sender.name,
        sender_email=sender.email,
        text_body=email_body(renderer, letter),
        html_body=renderer.render_named(
            "_layout/email.html.j2", {"letter": letter, "dir": direction(letter.lang)}
        ),
    )


def webmail_link(renderer: Renderer, campaign: Campaign, letter: Letter, service: str) -> str:
    """The compose page of a web mail service, with recipient, subject and body filled."""
    from ua_cli.compose import channels

    target = campaign.targets[letter.target]
    address = channels.require_channel(campaign, target, "email")
    subject = channels.email_subject(campaign, letter.lang)
    return channels.webmail_url(service, address, subject, email_body(renderer, letter))


def mailto_link(renderer: Renderer, campaign: Campaign, letter: Letter) -> str:
    """A mailto: link with the letter as the body."""
    from ua_cli.compose import channels

    target = campaign.targets[letter.target]
    address = channels.require_channel(campaign, target, "email")
    subject = channels.email_subject(campaign, letter.lang)
    return channels.mailto_url(address, subject, email_body(renderer, letter))


def call_script(
    renderer: Renderer,
    campaign: Campaign,
    target: Target,
    lang: str,
    sender: Profile,
    now: datetime.datetime,
) -> str:
    """What to say on the phone, with the number and the office's local time at `now`."""
    from ua_cli.compose import channels
    from ua_cli.packs import spoken

    call = channels.phone_call(target, campaign, now)
    context = {
        "campaign": campaign,
        "target": target,
        "sender": sender,
        "lang": lang,
        "call": call,
        "local_time": channels.weekday_and_time(call.local_time, lang),
        "call_country": channels.country_name(target.country, lang),
        # what is read aloud, with its abbreviations said in full
        "ask": spoken(lang, campaign.ask_for(target, lang) or ""),
        "about": spoken(lang, campaign.about[lang]) if lang in (campaign.about or {}) else None,
    }
    return renderer.render_named(f"{lang}/call.txt.j2", context)


def post_and_link(campaign: Campaign, target: Target, lang: str, sender: Profile) -> str:
    """The post `sender`'s name picks, and the link that opens it ready to send."""
    from ua_cli.compose.posts import NETWORKS, choose_post, share_url

    x = NETWORKS["x"]
    post = choose_post(campaign, target, lang, x, variant=None, seed=sender.name or "")
    return f"{post.text}\n{share_url(post.text, x, None)}"


class Step(NamedTuple):
    """One way to reach an official in `ua act`: what to do, and the text for it."""

    channel: str
    heading: str
    question: str
    text: str


_QUESTIONS = {
    "letter": "Did you post the letter?",
    "email": "Did you send the email?",
    "fax": "Did you send the fax?",
    "tweet": "Did you publish the post?",
    "call": "Did you make the call?",
}


def act_steps(
    renderer: Renderer,
    campaign: Campaign,
    letter: Letter,
    sender: Profile,
    now: datetime.datetime,
) -> list[Step]:
    """Every channel the letter's target has, in order, with its text made."""
    import shlex

    target = campaign.targets[letter.target]
    lang = letter.lang
    # The same letter as a PDF: its target, language, wording and own words.
    pdf = shlex.join(
        ["ua", "letter", "--target", target.key, "--lang", lang, "--variant", str(letter.variant),
         "--personal", letter.personal or "", "--format", "pdf", "-o", "letter.pdf"]
    )  # fmt: skip
    makers: dict[str, tuple[str, Any]] = {
        "letter": (f"Print and post this letter ({pdf} makes a PDF):",
                   lambda: renderer.render(letter, "text", {})),
        "email": ("Send this email (the link opens your mail program):",
                  lambda: mailto_link(renderer, campaign, letter)),
        "fax": (f"Fax the letter to {target.fax} ({pdf} makes the page):",
                lambda: renderer.render(letter, "text", {})),
        "tweet": ("Post this (the link opens it, ready to send):",
                  lambda: post_and_link(campaign, target, lang, sender)),
        "call": ("Call, and read this:",
                 lambda: call_script(renderer, campaign, target, lang, sender, now)),
    }  # fmt: skip
    return [
        Step(channel, makers[channel][0], _QUESTIONS[channel], makers[channel][1]().rstrip("\n"))
        for channel in target.channels
    ]
