"""Reading a UA document as lines of text: plain text, PDF, Word or a saved web page.

What kind of file it is comes from its first bytes, never from its name: UA
documents travel by email, renamed and re-saved. Each reader gives the text as
lines, with a blank line between paragraphs, as text copied from a PDF has it;
the libraries that read PDF and Word files are imported only here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import ClassVar

from ua_cli.errors import UaError, reason_of
from ua_cli.files import MIB, read_limited

# A UA is a few pages; these bounds leave room for images and stop a 50 MB
# file, or a zip bomb disguised as a Word file, before it fills the memory.
MAX_DOCUMENT = 20 * MIB
MAX_PDF_PAGES = 40
MAX_LINES = 20_000


def read_document(path: Path) -> list[str]:
    """The document's lines of text; one clear UaError if it cannot be read."""
    return document_lines(path, read_limited(path, MAX_DOCUMENT, "a UA document"))


def document_lines(path: Path | str, raw: bytes) -> list[str]:
    """The lines a person sees in a document's bytes (`path` names it in
    messages), read within MAX_SECONDS and MAX_MEMORY whatever the file holds."""
    from ua_cli.intake.bounds import bounded
    from ua_cli.intake.word import word_text

    with bounded(path):
        if raw.startswith(b"%PDF-"):
            text = _pdf_text(path, raw)
        elif raw.startswith(b"PK\x03\x04"):
            text = word_text(path, raw)
        else:
            text = _decoded(path, raw)
            if _looks_like_html(text):
                text = _html_text(text)
    lines = [_clean(line) for line in text.splitlines()]
    if len(lines) > MAX_LINES:
        raise UaError(f"{path} has {len(lines):,} lines of text; a UA is a few pages, not a book")
    if not any(lines):
        raise UaError(f"no text in {path}; is it a scan? ua new reads documents with text in them")
    return lines


def _decoded(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise UaError(f"{path} is not a UA document: binary data that is not a PDF or a Word file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _UTF8_SEQUENCE.search(raw):
            # UTF-8 with a broken byte: read as another encoding, every accent
            # of the file would turn into two wrong characters.
            line = raw[: error.start].count(b"\n") + 1
            byte = raw[error.start : error.start + 1].hex()
            raise UaError(
                f"{path}:{line}: not valid UTF-8 (byte 0x{byte}); save the text as UTF-8"
            ) from None
    # No UTF-8 at all: text saved by an older Windows program.
    text = raw.decode("cp1252", errors="replace")
    if text.count("\ufffd") > len(text) // 100:
        raise UaError(f"{path} is not a UA document: binary data that is not a PDF or a Word file")
    return text


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]{1,3}")


def _pdf_text(path: Path | str, raw: bytes) -> str:
    from pdfminer.pdfpage import PDFPage

    from ua_cli.intake.bounds import OutOfBounds
    from ua_cli.intake.pdf import visible_text

    try:
        pages = sum(1 for _ in PDFPage.get_pages(io.BytesIO(raw), maxpages=MAX_PDF_PAGES + 1))
        text = visible_text(raw, MAX_PDF_PAGES) if pages <= MAX_PDF_PAGES else ""
    except (OutOfBounds, MemoryError):
        raise
    except Exception as error:  # a broken or hostile PDF can fail anywhere in the parser
        raise UaError(f"cannot read {path} as a PDF: {reason_of(error)}") from None
    if pages > MAX_PDF_PAGES:
        raise UaError(
            f"{path} has more than {MAX_PDF_PAGES} pages; a UA is a few pages (save the UA's "
            "pages as a PDF of their own)"
        )
    return text


def _looks_like_html(text: str) -> bool:
    """A page, even one opening with a comment ("<!-- saved from url=… -->")."""
    start = re.sub(r"<!--.*?-->", "", text[:65536], flags=re.DOTALL).lstrip()[:1024].lower()
    return start.startswith(("<!doctype html", "<html", "<head")) or "<body" in start


def _html_text(html: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        """The visible text of a page, a paragraph per block element."""

        hidden: ClassVar = {
            "script", "style", "noscript", "template", "svg", "head", "nav", "button", "dialog",
        }  # fmt: skip
        blocks: ClassVar = {
            "p", "div", "section", "article", "main", "header", "footer", "aside", "li",
            "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
            "blockquote", "address", "figure", "figcaption", "dd", "dt",
        }  # fmt: skip

        # Elements without an end tag: never on the stack of open ones.
        void: ClassVar = {"br", "img", "meta", "link", "input", "hr", "area", "base", "col",
                          "embed", "source", "track", "wbr", "param"}  # fmt: skip

        def __init__(self, hidden_by_style: _HiddenSelectors) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.open: list[tuple[str, bool]] = []  # each open element, and whether hidden
            # Counts kept as elements open and close, so that each piece of
            # text and each end tag costs the same however deep the page nests.
            self.hidden_open = 0
            self.open_by_name: dict[str, int] = {}
            self.hidden_by_style = hidden_by_style

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "br":
                self.parts.append("\n")
            elif tag in self.blocks:
                self.parts.append("\n\n")
            if tag not in self.void:
                shut = tag in self.hidden and not (tag == "dialog" and "open" in dict(attrs))
                hidden = shut or _invisible(attrs) or self.hidden_by_style(tag, attrs)
                self.open.append((tag, hidden))
                self.hidden_open += hidden
                self.open_by_name[tag] = self.open_by_name.get(tag, 0) + 1

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            # A browser ignores the "/" of <div style="display:none"/>: the div
            # stays open, and so does what it hides.
            self.handle_starttag(tag, attrs)

        def handle_endtag(self, tag: str) -> None:
            if self.open_by_name.get(tag):
                while self.open:
                    name, hidden = self.open.pop()
                    self.hidden_open -= hidden
                    self.open_by_name[name] -= 1
                    if name == tag:
                        break
            if tag in self.blocks:
                self.parts.append("\n\n")

        def handle_data(self, data: str) -> None:
            # Text a browser does not show (display: none, hidden) is not read:
            # a page could hide a false address where no reader would see it.
            if not self.hidden_open:
                self.parts.append(re.sub(r"\s+", " ", data))

    parser = Text(_HiddenSelectors.of(html))
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _invisible(attrs: list[tuple[str, str | None]]) -> bool:
    values = dict(attrs)
    style = values.get("style") or ""
    font_color = f"color:{values['color']}" if values.get("color") else ""  # <font color=white>
    return (
        "hidden" in values
        or values.get("aria-hidden") == "true"
        or _hides(style)
        or (bool(font_color) and _hides(font_color))
    )


# Declarations that keep text from being seen, whatever whitespace is between
# their words ("display:\tnone", "font-size: 0px"), once comments are gone.
_HIDING = re.compile(
    r"display:none|visibility:hidden|visibility:collapse|clip:rect\(0|clip-path:inset\(50%|"
    r"height:0(?![.\d]*[1-9])[^;]*;?[^}]*overflow:hidden|text-indent:-\d{3,}|"
    r"(?:left|top|right|bottom|margin-left|margin-top):-\d{4,}|"
    r"transform:[^;]*scale[xy]?\(0(?![.\d]*[1-9])|"
    r"(?<![\w-])color:(?:white|transparent|#f{3}(?:f{3})?(?:f{2})?)(?![\w])",
)
_SIZE = re.compile(r"font-size:(\d*\.?\d+)(px|pt|em|rem|%)?")
_OPACITY = re.compile(r"opacity:(\d*\.?\d+)(%)?")
_RGB = re.compile(r"(?<![\w-])color:rgba?\((\d+)%?,(\d+)%?,(\d+)%?(?:[,/](\d*\.?\d+)(%)?)?\)")
# Below these a font is a line or a dot: nobody reads it (px, pt, em, rem, %).
_SMALLEST = {"px": 3.0, "pt": 2.5, "em": 0.25, "rem": 0.25, "%": 25.0, None: 0.25}


def _hides(style: str) -> bool:
    style = re.sub(r"\s+", "", re.sub(r"/\*.*?\*/", "", style, flags=re.DOTALL)).lower()
    if _HIDING.search(style):
        return True
    size = _SIZE.search(style)
    if size and float(size.group(1)) < _SMALLEST[size.group(2)]:
        return True
    opacity = _OPACITY.search(style)
    if opacity and float(opacity.group(1)) / (100 if opacity.group(2) else 1) < 0.1:
        return True
    return any(_white_or_clear(rgb) for rgb in _RGB.finditer(style))


def _white_or_clear(rgb: re.Match[str]) -> bool:
    """rgb(255, 255, 255), or any colour at (nearly) no opacity."""
    alpha = rgb.group(4)
    if alpha is not None and float(alpha) / (100 if rgb.group(5) else 1) < 0.1:
        return True
    return all(int(channel) >= 250 for channel in rgb.group(1, 2, 3))


class _HiddenSelectors:
    """The simple selectors a page's <style> rules hide (".c", "#id", "p",
    "div.c"): the elements they match are not read either."""

    def __init__(self, classes: set[str], ids: set[str], tags: set[str]) -> None:
        self.classes, self.ids, self.tags = classes, ids, tags

    @classmethod
    def of(cls, html: str) -> _HiddenSelectors:
        classes: set[str] = set()
        ids: set[str] = set()
        tags: set[str] = set()
        for css in re.findall(r"<style[^>]*>(.*?)</style>", html, re.IGNORECASE | re.DOTALL)[:50]:
            for selectors, body in re.findall(r"([^{}]{1,500})\{([^{}]{0,2000})\}", css):
                if not _hides(body):
                    continue
                for selector in selectors.split(","):
                    last = selector.strip().split()[-1] if selector.strip() else ""
                    classes.update(re.findall(r"\.([\w-]+)", last))
                    ids.update(re.findall(r"#([\w-]+)", last))
                    if re.fullmatch(r"[a-z][a-z0-9]*", last):
                        tags.add(last)
        return cls(classes, ids, tags)

    def __call__(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if not (self.classes or self.ids or self.tags):
            return False
        values = dict(attrs)
        own = set((values.get("class") or "").split())
        return bool(
            own & self.classes or values.get("id") in self.ids or (tag in self.tags and not own)
        )


# Bullets a PDF or Word file puts before list items, and characters that are
# not text: control characters, bidi controls and zero-width ones.
_BULLETS = re.compile(r"^[\u00b7\u2022\u25aa\u25cf\u2023\u2043\uf0b7\uf0a7\-–*]\s+")
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _clean(line: str) -> str:
    line = _INVISIBLE.sub("", line.replace("\u00a0", " ")).strip()
    return re.sub(r"\s{2,}", " ", line)


def is_bullet(line: str) -> bool:
    return bool(_BULLETS.match(line))


def without_bullet(line: str) -> str:
    return _BULLETS.sub("", line, count=1)
