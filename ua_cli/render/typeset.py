"""Print-ready PDF letters, typeset by Typst (letters/_layout/letter.typ).

Letters reach Typst as JSON data, never as markup, so a name like
`#panic("x") *bold*` prints as written. Only Typst's own embedded fonts are
used, so a PDF looks the same on every machine.
"""

import contextlib
import json
import os
import re
import time
from collections.abc import Iterator, Sequence
from typing import Any

from ua_cli.compose.letter import Letter
from ua_cli.config import Profile
from ua_cli.errors import UaError
from ua_cli.packs import labels
from ua_cli.paths import shipped_dir

PAPERS = ("a4", "letter")
# Typst's memory grows with the pages of one document (about 0.4 MiB a page),
# so long runs are typeset in parts of at most this many letters.
LETTERS_PER_PART = 1000

# Unicode ranges the embedded fonts (Libertinus Serif, with DejaVu Sans Mono
# as the fallback) draw, as seen by rendering each script: Latin, Greek,
# Cyrillic, Armenian, Hebrew, Arabic, Devanagari, Georgian and the usual
# punctuation and symbols. Chinese, Japanese, Korean, Thai and others are not.
_DRAWN = (
    (0x0000, 0x058F),  # Latin, IPA, diacritics, Greek, Cyrillic, Armenian
    (0x0590, 0x06FF),  # Hebrew, Arabic
    (0x0750, 0x077F),  # Arabic supplement
    (0x0900, 0x097F),  # Devanagari
    (0x10A0, 0x10FF),  # Georgian
    (0x1E00, 0x1FFF),  # Latin extended additional, Greek extended
    (0x2000, 0x2BFF),  # punctuation, currency, letterlike, arrows, symbols
    (0xFB00, 0xFDFF),  # ligatures, Hebrew and Arabic presentation forms
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
)


def undrawable(text: str) -> str:
    """The characters of `text` the PDF fonts cannot draw (each once, in order)."""
    missing = []
    for char in text:
        code = ord(char)
        if not any(low <= code <= high for low, high in _DRAWN) and char not in missing:
            missing.append(char)
    return "".join(missing)


def paper_for(sender: Profile) -> str:
    """The sender's configured paper, else US Letter in the US, else A4."""
    if sender.paper in PAPERS:
        return sender.paper
    return "letter" if sender.lives_in_us() else "a4"


# What fits, in characters, where the layouts set a return address: the line
# above the recipient in the envelope's window (7 pt across 85 mm), and each
# line at the envelope's top left (8 pt). Typst narrows what is still too wide.
RETURN_LINE_CHARACTERS = 80
ENVELOPE_LINE_CHARACTERS = 60
SURELY_FITS = 45  # characters that fit either place even in the widest letters


def shorten(text: str, limit: int) -> str:
    """`text`, cut with an ellipsis to at most `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _letter_data(letter: Letter) -> dict[str, object]:
    return_line = shorten(" · ".join(letter.return_address), RETURN_LINE_CHARACTERS)
    return {
        **letter._asdict(),
        "body": letter.body,  # the writer's own words in their place
        "labels": labels(letter.lang),
        "return_line": return_line,
        # Measuring in Typst costs a batch a fifth of its time: only a line that
        # may be too wide is measured (and narrowed).
        "return_line_may_overflow": len(return_line) > SURELY_FITS,
    }


def typeset(letters: Sequence[Letter], *, paper: str) -> bytes:
    """One PDF with each letter starting on a new page.

    Page numbers cost Typst a second layout of the whole document, so they are
    laid out only when some letter runs over one page.
    """
    pdf = _compile(letters, paper=paper, numbered=False)
    if page_count(pdf) > len(letters):
        pdf = _compile(letters, paper=paper, numbered=True)
    return pdf


def _compile(letters: Sequence[Letter], *, paper: str, numbered: bool) -> bytes:
    data = {"paper": paper, "numbered": numbered, "letters": [_letter_data(x) for x in letters]}
    return compile_layout("letter.typ", data)


def envelopes(letters: Sequence[Letter], *, paper: str) -> bytes:
    """One envelope page per letter: DL with A4, US #10 with US Letter."""
    data = {
        "paper": paper,
        "envelopes": [
            {
                "sender": [shorten(line, ENVELOPE_LINE_CHARACTERS) for line in x.return_address],
                "sender_may_overflow": any(len(line) > SURELY_FITS for line in x.return_address),
                "recipient": list(x.recipient_lines),
            }
            for x in letters
        ],
    }
    return compile_layout("envelope.typ", data)


def compile_layout(name: str, data: dict[str, object]) -> bytes:
    """A PDF from one of the Typst layouts in letters/_layout/, given its data."""
    import typst

    layout = shipped_dir("letters") / "_layout" / name
    try:
        return typst.compile(
            str(layout),
            root=str(layout.parent),
            sys_inputs={"data": json.dumps(data)},
            ignore_system_fonts=True,
            # Typst's own fonts, and the Arabic typeface the package ships
            # (Noto Naskh Arabic, SIL Open Font License: letters/_fonts/OFL.txt).
            font_paths=[str(layout.parent.parent / "_fonts")],
        )
    except typst.TypstError as error:
        raise UaError(f"{layout}: typesetting failed: {error}") from None


def parts(letters: Sequence[Letter]) -> list[Sequence[Letter]]:
    """The letters in runs of at most LETTERS_PER_PART."""
    return [letters[i : i + LETTERS_PER_PART] for i in range(0, len(letters), LETTERS_PER_PART)]


def typeset_parts(runs: list[Sequence[Letter]], *, paper: str) -> Iterator[bytes]:
    """A PDF for each run, in order.

    Typst keeps what it laid out in memory until its process ends, so when
    there are several runs each is typeset in a process of its own, one at a
    time: memory stays that of one run however many letters there are.
    """
    if len(runs) == 1:
        yield typeset(runs[0], paper=paper)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    for run in runs:
        yield _typeset_in_a_process(context, run, paper)


def _typeset_in_a_process(context: Any, run: Sequence[Letter], paper: str) -> bytes:
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_worker, args=(sender, run, paper, os.getpid()), daemon=True)
    try:
        # Started with Ctrl-C blocked, which the new interpreter inherits from
        # its first instruction: Ctrl-C at a terminal reaches the whole process
        # group, and the batch itself handles it (removing what it wrote) once
        # it unblocks it here; the worker just goes with the batch.
        with _sigint_blocked():
            worker.start()
        sender.close()
        outcome, value = receiver.recv()
    except EOFError:
        raise UaError("the typesetting process ended without a PDF") from None
    finally:
        sender.close()
        receiver.close()
        if worker.is_alive():
            worker.kill()
        if worker.pid is not None:
            worker.join()
    if outcome == "error":
        raise UaError(value)
    return value


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # Windows: no process groups to fear
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _worker(sender: Any, run: Sequence[Letter], paper: str, parent: int) -> None:
    """In a process of its own: typeset one run, send back the PDF or the error."""
    die_with_parent(parent)
    try:
        sender.send(("pdf", typeset(run, paper=paper)))
    except UaError as error:
        sender.send(("error", str(error)))
    finally:
        sender.close()


def die_with_parent(parent: int) -> None:
    """In a worker: end when the batch that started it ends, even by SIGKILL,
    instead of typesetting on with hundreds of megabytes for nobody."""
    import signal
    import threading

    with contextlib.suppress(OSError, AttributeError, TypeError):
        import ctypes

        # Linux's PR_SET_PDEATHSIG (1): the kernel kills us when the parent dies.
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before we could ask

    def watch() -> None:  # elsewhere: look every half second
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def page_count(pdf: bytes) -> int:
    """Pages in a PDF Typst wrote (its page tree's /Count)."""
    counts = [int(n) for n in re.findall(rb"/Count (\d+)", pdf)]
    return max(counts, default=0)
