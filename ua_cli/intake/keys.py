"""Short keys for the officials a document names ('embassy', 'minister_justice',
'pcm'), one each, the way people type them on the command line."""

from __future__ import annotations

import re
import unicodedata

from ua_cli.intake.draft import DraftTarget

_SMALL_WORDS = {
    "de", "del", "la", "las", "los", "el", "of", "the", "and", "y", "for", "in", "to", "du",
    "des", "le", "et", "der", "die", "das", "und", "für", "en", "a", "à",
}  # fmt: skip


def with_keys(targets: list[DraftTarget]) -> tuple[DraftTarget, ...]:
    used: set[str] = set()
    keyed = []
    for target in targets:
        key = base = key_for(target)
        number = 1
        while key in used:
            number += 1
            key = f"{base}_{number}"
        used.add(key)
        keyed.append(target._replace(key=key))
    return tuple(keyed)


def key_for(target: DraftTarget) -> str:
    """'embassy' for an embassy; two or three words of the position
    ('minister_justice'); the initials of the office ('Presidencia del Consejo
    de Ministros' -> 'pcm'); else the surname. Never a street."""
    organisation = target.organisation.value if target.organisation else ""
    position = target.position.value if target.position and not target.position.doubt else ""
    if re.search(r"\b(embassy|embajada|ambassade|botschaft)\b", f"{organisation} {position}", re.I):
        return "embassy"
    if position:
        words = [w for w in re.findall(r"[^\W\d_]+", position.lower()) if w not in _SMALL_WORDS]
        if 1 < len(words) <= 3:
            return _ascii("_".join(words))
    if organisation:
        words = [w for w in re.findall(r"[^\W\d_]+", organisation) if w.lower() not in _SMALL_WORDS]
        if len(words) >= 2:
            return _ascii("".join(w[0] for w in words).lower())
    if position:
        return _ascii("_".join(re.findall(r"[^\W\d_]+", position.lower())[:3]))
    if target.name:
        return _ascii(target.name.value.split()[-1].lower())
    return "official"


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9_]+", "_", plain.lower()).strip("_")[:40]
    return key if re.match(r"^[a-z]", key) else f"target_{key}".rstrip("_")
