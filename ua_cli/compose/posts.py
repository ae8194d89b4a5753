"""Posts to an official on X, Mastodon or Bluesky, each within its network's limit
as that network counts it, with the official's handle there and a share link.

The UA's posts are written once, with {handle} where the official is named;
each network gets the handle the UA gives for it, or none.
"""

import re
import unicodedata
import urllib.parse
import zlib
from typing import NamedTuple

from ua_cli.campaign.model import Campaign, Target
from ua_cli.errors import BadUsage, UaError


class Network(NamedTuple):
    key: str
    name: str
    limit: int
    counted_as: str  # how the network counts, for messages
    handle_field: str  # the target's field with its handle there


NETWORKS = {
    "x": Network("x", "X", 280, "characters as X counts them", "twitter"),
    "mastodon": Network("mastodon", "Mastodon", 500, "characters (a link counts 23)", "mastodon"),
    "bluesky": Network("bluesky", "Bluesky", 300, "characters (graphemes)", "bluesky"),
}


class Post(NamedTuple):
    text: str
    variant: int  # 1-based
    variants: int
    length: int  # as the network counts it
    handle: str | None  # the official's handle on the network, if the UA gives one


def choose_post(
    campaign: Campaign,
    target: Target,
    lang: str,
    network: Network,
    *,
    variant: int | None,
    seed: str,
) -> Post:
    """One of the UA's posts for `network`: the one asked for, else one picked by
    `seed` (the sender's name), so that different people post different texts."""
    handle = getattr(target, network.handle_field)
    if handle is None:
        # Posts are for the officials the UA asks people to post to; where the
        # UA gives no handle on this network, the post names them by name.
        from ua_cli.compose.channels import require_channel

        require_channel(campaign, target, "tweet")
    from ua_cli.packs import labels

    name = target.who(lang)
    lead = name + labels(lang).get("colon", ":")  # "Nom :" in French
    posts = campaign.posts_for(target, lang, handle, lead=lead, inline=name)
    if not posts:
        raise UaError(
            f"UA {campaign.id} has no posts in '{lang}'; write your own, or try another --lang"
        )
    if variant is None:
        index = zlib.crc32(seed.encode("utf-8")) % len(posts)
    elif 1 <= variant <= len(posts):
        index = variant - 1
    else:
        raise BadUsage(
            f"there are {len(posts)} post variants in '{lang}'; choose --variant 1 to {len(posts)}"
        )
    text = posts[index]
    return Post(text, index + 1, len(posts), post_length(text, network), handle)


def post_length(text: str, network: Network) -> int:
    """The length `network` counts: X's weighted rules (twitter-text), Mastodon's
    characters with each link as 23 and a mention as its user name, Bluesky's
    graphemes."""
    if network.key == "x":
        from twitter_text import parse_tweet

        return parse_tweet(text).weightedLength
    if network.key == "mastodon":
        text = _LINK.sub("x" * 23, text)
        return len(_REMOTE_MENTION.sub(r"@\1", text))
    return grapheme_count(text)


_LINK = re.compile(r"https?://\S+")
_REMOTE_MENTION = re.compile(r"@(\w+)@[\w.-]+\w")


def grapheme_count(text: str) -> int:
    """Characters as a reader sees them (extended grapheme clusters, closely
    enough for a limit): a letter with its combining accents, an emoji with its
    modifiers and joined parts, a flag of two regional indicators, each count 1."""
    count = 0
    previous = ""
    flag_open = False  # a regional indicator waiting for its pair
    for char in text:
        extends = count > 0 and (
            previous == "\u200d"
            or unicodedata.category(char) in ("Mn", "Me", "Mc")
            or char in "\u200d\ufe0e\ufe0f"
            or "\U0001f3fb" <= char <= "\U0001f3ff"
        )
        pairs = flag_open and _regional(char)
        if not (extends or pairs):
            count += 1
        flag_open = _regional(char) and not pairs and not extends
        previous = char
    return count


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def share_url(text: str, network: Network, instance: str | None) -> str:
    """The link that opens the post, ready to send, on the network."""
    quoted = urllib.parse.quote(text, safe="")
    if network.key == "x":
        return f"https://twitter.com/intent/tweet?text={quoted}"
    if network.key == "bluesky":
        return f"https://bsky.app/intent/compose?text={quoted}"
    if instance is None:
        raise BadUsage(
            "Mastodon posts open on your own server: give --instance (e.g. mastodon.social), "
            "or save it with: ua config set instance mastodon.social"
        )
    return f"https://{instance}/share?text={quoted}"
