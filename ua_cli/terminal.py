"""Text from files and other people, made safe to show on a terminal.

An imported note or a name in a UA file may hold escape sequences (which can
retitle a window, move the cursor or hide text), bell characters or bidi
overrides (which make text read backwards): shown as escapes, they are seen for
what they are and do nothing.
"""

import unicodedata

# Kept as they are: line breaks and tabs lay out messages on purpose.
_LAYOUT = frozenset("\n\t")


def printable(text: str) -> str:
    """`text` with control and format characters shown as escapes (\\x1b, \\u202e)."""
    if text.isprintable():
        return text  # the common case, in C
    return "".join(_escaped(c) for c in text)


def _escaped(char: str) -> str:
    if char in _LAYOUT or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return char
    return repr(char)[1:-1] if char.isascii() or ord(char) < 0x100 else f"\\u{ord(char):04x}"
