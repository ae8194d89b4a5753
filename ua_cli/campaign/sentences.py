"""Where one sentence of a UA's text ends and the next begins.

Letters mix a text's wordings sentence by sentence, so the rule must be simple
enough for a UA's author to see at a glance: a sentence ends with '.', '!', '?'
or '…' (and any closing quotation mark or bracket), followed by a space and a
capital letter (or a letter of a script without capitals, such as Arabic),
which may follow an opening mark such as '¿', '¡', '“' or '('. "No. 1582" and
"N.º 1582" do not end a sentence: a digit follows.
"""

import re

_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
# The first letter after the end, past any opening marks: matched in place, so
# that splitting stays linear in the text's length.
_FOLLOWING = re.compile(r"[¿¡\"'“‘«(\[]*(.?)", re.DOTALL)


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, in order, each without the space that followed it."""
    sentences = []
    start = 0
    for end in _END.finditer(text):
        following = _FOLLOWING.match(text, end.end()).group(1)  # type: ignore[union-attr]
        if following.isalpha() and not following.islower():
            sentences.append(text[start : end.end()].strip())
            start = end.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]
