"""`ua email`, `ua post`/`tweet`, `ua call` and `ua act`: the other ways to reach an official."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ua_cli.commands.common import (
    Command,
    Setup,
    ask_personal,
    can_ask,
    db_option,
    force_option,
    lang_option,
    log_and_say,
    log_option,
    note,
    outcome_option,
    output_option,
    personal_option,
    sender_options,
    set_up,
    target_option,
    ua_option,
    variant_option,
    warn,
)
from ua_cli.errors import UaError


def _log_one(db: str | None, setup: Setup, action: str, outcome: str | None = None) -> None:
    from ua_cli.actionlog.entries import call_entry_kind, entries_for

    keys = [target.key for target in setup.targets]
    kind = call_entry_kind(outcome) if action == "call" else action
    run = setup.session
    entries = entries_for(
        setup.campaign.id, kind, keys, date=run.today, now=run.now, detail=outcome
    )
    log_and_say(db, setup.campaign, entries)


def _ask_outcome() -> str | None:
    """How the call went, asked when a person is there to answer."""
    from ua_cli.actionlog.entries import OUTCOMES

    if not can_ask():
        return None
    return click.prompt(
        "How did the call go?", type=click.Choice(OUTCOMES), default="reached", err=True
    )


def _say_next_opening(setup: Setup) -> None:
    """After a busy or unanswered call: when the office opens next, in the
    caller's own time (the computer's time zone)."""
    from ua_cli.compose.channels import phone_call
    from ua_cli.compose.reminders import next_opening

    call = phone_call(setup.targets[0], setup.campaign, setup.session.clock.now)
    if call.local_time is None:
        return
    opening = next_opening(call.local_time)
    yours = opening.astimezone()
    note(
        f"the office opens next on {opening:%A %Y-%m-%d at %H:%M} its time: "
        f"{yours:%A %H:%M} your time ({yours:%Z})"
    )


@click.command(cls=Command)
@target_option
@lang_option
@sender_options
@personal_option
@variant_option
@output_option("Write the draft to this file (name it .eml).")
@force_option
@click.option("--mailto", is_flag=True, help="Print a mailto: link instead of the draft.")
@click.option(
    "--webmail",
    type=click.Choice(["gmail", "outlook"]),
    help="Print the compose link of a web mail service instead of the draft.",
)
@click.option("--open", "open_it", is_flag=True, help="Open the draft in your mail program.")
@log_option
@ua_option
@db_option
def email(
    target_key: str,
    lang: str | None,
    sender: dict[str, str | None],
    personal: str | None,
    variant: int | None,
    output: str | None,
    force: bool,
    mailto: bool,
    webmail: str | None,
    open_it: bool,
    log_it: bool,
    ua: str | None,
    db: str | None,
) -> None:
    """Write an email draft to an official: a .eml file your mail program opens.

    \b
    Examples:
      ua email --target pcm -o email.eml
      ua email --target pcm --open --log
      ua email --target embassy --lang en --mailto
      ua email --target pcm --webmail gmail --open
    """
    from ua_cli.compose import channels
    from ua_cli.compose.letter import compose_letter
    from ua_cli.files import write_atomically
    from ua_cli.render import output as layouts

    _check_email_options(output, mailto, webmail, open_it)
    setup = set_up(ua, target_key, lang, **sender)
    channels.require_channel(setup.campaign, setup.targets[0], "email")
    letter = compose_letter(
        setup.campaign, setup.targets[0], lang=setup.lang, sender=setup.profile,
        date=setup.session.today, personal=personal, variant=variant,
    )  # fmt: skip
    renderer = setup.session.renderer()
    if webmail:
        _hand_over(
            layouts.webmail_link(renderer, setup.campaign, letter, webmail), open_it, webmail
        )
    elif mailto or open_it:
        _hand_over(layouts.mailto_link(renderer, setup.campaign, letter), open_it)
    else:
        draft = layouts.email_draft(renderer, setup.campaign, letter, setup.profile)
        if output:
            write_atomically(Path(output), draft.as_bytes(), force=force)
            note(f"wrote {output}; open it in your mail program to send it")
        else:
            click.echo(draft.as_string(), nl=False)
    if log_it:
        _log_one(db, setup, "email")


def _check_email_options(
    output: str | None, mailto: bool, webmail: str | None, open_it: bool
) -> None:
    if output and (mailto or open_it or webmail):
        raise click.UsageError(
            "give -o FILE.eml for a draft, or --mailto, --webmail or --open for a link"
        )
    if mailto and webmail:
        raise click.UsageError("give --mailto for your mail program or --webmail for a web service")
    if mailto and open_it:
        raise click.UsageError("give --mailto to print the link, or --open to hand it over")


def _hand_over(url: str, open_it: bool, webmail: str | None = None) -> None:
    """A mailto: or web mail link printed, or handed to the mail program or browser."""
    from ua_cli.compose.channels import MAILTO_LIMIT

    where = "browsers and mail services" if webmail else "mail programs"
    if len(url) > MAILTO_LIMIT:
        warn(
            f"the link is {len(url):,} characters; some {where} cut links over about 2,000: use -o FILE.eml instead"
        )
    if not open_it:
        click.echo(url)
    elif not _opened(url):
        program = "browser" if webmail else "mail program"
        raise UaError(
            f"no {program} opened the draft; write it to a file with -o FILE.eml, "
            "or print the link without --open"
        )
    else:
        note(f"handed the draft to your {'browser' if webmail else 'mail program'}")


def _not_empty(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value == "":  # "$UNSET" in a script: never fall back to the profile's silently
        raise click.BadParameter("give a server such as mastodon.social, not an empty one")
    return value


def _opened(url: str) -> bool:
    """Whether a program took the link. click.launch says yes to a web link
    whenever xdg-open is missing (it hands the link to the webbrowser module
    and drops its answer), so web links go to that module here, answer kept;
    a mailto: link waits for xdg-open's answer ("no method available" is no)."""
    if not url.startswith(("http://", "https://")):
        return click.launch(url, wait=True) == 0
    import webbrowser

    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False


def _post_options(command):  # noqa: ANN001 (a decorator of click commands)
    for option in reversed(
        [
            target_option,
            lang_option,
            click.option(
                "--variant",
                type=click.IntRange(min=1),
                help="Which of the UA's posts (1, 2, ...). Default: one picked by your name.",
            ),
            click.option("--name", help="Your name (picks the variant)."),
            click.option(
                "--open",
                "open_it",
                is_flag=True,
                help="Open the post in your browser, ready to send.",
            ),
            log_option,
            ua_option,
            db_option,
        ]
    ):
        command = option(command)
    return command


@click.command(cls=Command)
@click.option(
    "--network",
    type=click.Choice(["x", "mastodon", "bluesky"]),
    default="x",
    show_default=True,
    help="Where to post.",
)
@click.option(
    "--instance",
    metavar="HOST",
    callback=_not_empty,
    help="Your Mastodon server. Default: your profile's.",
)
@_post_options
def post(network: str, instance: str | None, **options: Any) -> None:
    """Write a post to an official on X, Mastodon or Bluesky, within its limit.

    \b
    Examples:
      ua post --target pcm --network bluesky
      ua post --target pcm --network mastodon --instance mastodon.social --open
    """
    _post(network, instance, **options)


@click.command(cls=Command)
@_post_options
def tweet(**options: Any) -> None:
    """Write a post (tweet) to an official on X, within 280 characters.

    \b
    Examples:
      ua tweet --target pcm
      ua tweet --target pcm --lang en --variant 2 --open
    """
    _post("x", None, **options)


def _post(
    network_key: str,
    instance: str | None,
    *,
    target_key: str,
    lang: str | None,
    variant: int | None,
    name: str | None,
    open_it: bool,
    log_it: bool,
    ua: str | None,
    db: str | None,
) -> None:
    from ua_cli.compose import posts

    network = posts.NETWORKS[network_key]
    setup = set_up(ua, target_key, lang, name=name)
    target = setup.targets[0]
    post = posts.choose_post(
        setup.campaign, target, setup.lang, network, variant=variant, seed=setup.profile.name or ""
    )
    if post.length > network.limit:
        raise UaError(
            f"post {post.variant} is {post.length} {network.counted_as}; "
            f"{network.name}'s limit is {network.limit}"
        )
    if network.key == "mastodon":
        from ua_cli.config import instance_host

        chosen = instance or setup.profile.instance
        instance = instance_host(chosen) if chosen else None
    url = posts.share_url(post.text, network, instance)  # before saying anything: it may fail
    note(
        f"post {post.variant} of {post.variants}: {post.length}/{network.limit} {network.counted_as}"
    )
    if post.handle is None:
        note(
            f"note: UA {setup.campaign.id} gives no {network.name} handle for {target.key}; "
            "the post names the official by name"
        )
    click.echo(f"{post.text}\n{url}")
    if open_it and not _opened(url):
        raise UaError("no browser opened the post; copy the link above into one")
    if log_it:
        _log_one(db, setup, "tweet")


@click.command(cls=Command)
@target_option
@lang_option
@sender_options
@log_option
@outcome_option
@ua_option
@db_option
def call(
    target_key: str,
    lang: str | None,
    sender: dict[str, str | None],
    log_it: bool,
    outcome: str | None,
    ua: str | None,
    db: str | None,
) -> None:
    """Print a short phone script, with the number and the office's local time.

    \b
    Example:
      ua call --target embassy --lang en --name "Ana Pérez" --city Madrid
      ua call --target embassy --log --outcome voicemail
    """
    from ua_cli.render.output import call_script

    if outcome and not log_it:
        raise click.UsageError("--outcome says how a call went: give it with --log")
    setup = set_up(ua, target_key, lang, **sender)
    script = call_script(
        setup.session.renderer(), setup.campaign, setup.targets[0], setup.lang, setup.profile,
        setup.session.clock.now,
    )  # fmt: skip
    click.echo(script, nl=False)
    if log_it:
        outcome = outcome or _ask_outcome()
        _log_one(db, setup, "call", outcome)
        if outcome in ("busy", "no-answer"):
            _say_next_opening(setup)


@click.command(cls=Command)
@click.option(
    "--target", "-t", "target_key", metavar="KEY", help="Whom to contact. Default: asked."
)
@lang_option
@sender_options
@ua_option
@db_option
def act(
    target_key: str | None,
    lang: str | None,
    sender: dict[str, str | None],
    ua: str | None,
    db: str | None,
) -> None:
    """Go through every way to reach an official, one after another, and count
    each one you take.

    \b
    Example:
      ua act --target pcm
    """
    from ua_cli.compose.letter import compose_letter
    from ua_cli.render.output import act_steps

    if not can_ask():
        raise UaError(
            "ua act asks what you did after each step: run it in a terminal, or use "
            "ua letter, email, tweet or call and then ua log"
        )
    setup = set_up(ua, target_key or _ask_whom(ua, sender), lang, **sender)
    target = setup.targets[0]
    letter = compose_letter(
        setup.campaign, target, lang=setup.lang, sender=setup.profile,
        date=setup.session.today, personal=ask_personal(setup.lang),
    )  # fmt: skip
    steps = act_steps(
        setup.session.renderer(), setup.campaign, letter, setup.profile, setup.session.clock.now
    )
    taken = 0
    for number, step in enumerate(steps, start=1):
        click.echo(f"\n== {number}/{len(steps)}: {step.channel} ==\n{step.heading}\n", err=True)
        click.echo(step.text)
        if click.confirm(f"\n{step.question}", default=False, err=True):
            # Logged at once: a Ctrl-C at the next question keeps this one.
            outcome = _ask_outcome() if step.channel == "call" else None
            _log_one(db, setup._replace(targets=[target]), step.channel, outcome)
            if outcome in ("busy", "no-answer"):
                _say_next_opening(setup._replace(targets=[target]))
            taken += 1
    if not taken:
        note("nothing logged; when you act, count it with: ua log ACTION --target " + target.key)


def _ask_whom(ua: str | None, sender: dict[str, str | None]) -> str:
    """The target's key, asked for among the UA's officials."""
    from ua_cli.commands.common import session

    run = session()
    campaign = run.campaign(ua, run.profile(**sender))
    for key, target in campaign.targets.items():
        shown = target.courtesy_name("en") if "en" in (target.courtesy_title or {}) else target.name
        shown = shown or target.who(campaign.preferred_language)
        click.echo(f"  {key}: {shown}", err=True)
    return click.prompt(
        "Whom do you want to reach?", type=click.Choice(list(campaign.targets)), err=True
    )
