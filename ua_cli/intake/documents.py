"""Reading a UA document as lines of text: plain text, PDF, Word or a saved web page.

What kind of file it is comes from its first bytes, never from its name: UA
documents travel by email, renamed and re-saved. Each reader gives the text as
lines, with a blank line between paragraphs, as text copied from a PDF has it;
the libraries that read PDF and Word files are imported only here.
"""

import io
import re
import zipfile
from pathlib import Path
from typing import ClassVar

from ua_cli.errors import UaError
from ua_cli.files import MIB, read_limited

# A UA is a few pages; these bounds leave room for images and stop a 50 MB
# file, or a zip bomb disguised as a Word file, before it fills the memory.
MAX_DOCUMENT = 20 * MIB
MAX_UNPACKED_DOCX = 60 * MIB
MAX_PDF_PAGES = 40
MAX_LINES = 20_000

_WORD_MAIN = "word/document.xml"


def read_document(path: Path) -> list[str]:
    """The document's lines of text; one clear UaError if it cannot be read."""
    raw = read_limited(path, MAX_DOCUMENT, "a UA document")
    if raw.startswith(b"%PDF-"):
        text = _pdf_text(path, raw)
    elif raw.startswith(b"PK\x03\x04"):
        text = _docx_text(path, raw)
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


def _pdf_text(path: Path, raw: bytes) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    try:
        pages = sum(1 for _ in PDFPage.get_pages(io.BytesIO(raw), maxpages=MAX_PDF_PAGES + 1))
        text = (
            extract_text(io.BytesIO(raw), maxpages=MAX_PDF_PAGES) if pages <= MAX_PDF_PAGES else ""
        )
    except Exception as error:  # a broken or hostile PDF can fail anywhere in the parser
        raise UaError(f"cannot read {path} as a PDF: {_reason(error)}") from None
    if pages > MAX_PDF_PAGES:
        raise UaError(
            f"{path} has more than {MAX_PDF_PAGES} pages; a UA is a few pages (save the UA's "
            "pages as a PDF of their own)"
        )
    return text


def _docx_text(path: Path, raw: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise UaError(f"cannot read {path} as a Word file: {_reason(error)}") from None
    if _WORD_MAIN not in names:
        raise UaError(f"{path} is a zip archive, not a Word (.docx) file")
    if unpacked > MAX_UNPACKED_DOCX:
        raise UaError(
            f"{path} unpacks to more than {MAX_UNPACKED_DOCX // MIB} MiB; not a UA document"
        )
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
        return "\n\n".join(_docx_blocks(document))
    except Exception as error:  # python-docx and lxml raise many kinds on a damaged file
        raise UaError(f"cannot read {path} as a Word file: {_reason(error)}") from None


def _docx_blocks(document: object) -> list[str]:
    """The text of each paragraph, in order, table cells included (UAs often put
    their targets in a table)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks = []
    for item in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Paragraph):
            blocks.append(item.text)
        elif isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    blocks.extend(paragraph.text for paragraph in cell.paragraphs)
    return blocks


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:1024].lower()
    return start.startswith(("<!doctype html", "<html")) or "<body" in start


def _html_text(html: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        """The visible text of a page, a paragraph per block element."""

        hidden: ClassVar = {
            "script",
            "style",
            "noscript",
            "template",
            "svg",
            "head",
            "nav",
            "button",
        }
        blocks: ClassVar = {
            "p", "div", "section", "article", "main", "header", "footer", "aside", "li",
            "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
            "blockquote", "address", "figure", "figcaption", "dd", "dt",
        }  # fmt: skip

        # Elements without an end tag: never on the stack of open ones.
        void: ClassVar = {"br", "img", "meta", "link", "input", "hr", "area", "base", "col",
                          "embed", "source", "track", "wbr", "param"}  # fmt: skip

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.open: list[tuple[str, bool]] = []  # each open element, and whether hidden

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "br":
                self.parts.append("\n")
            elif tag in self.blocks:
                self.parts.append("\n\n")
            if tag not in self.void:
                self.open.append((tag, tag in self.hidden or _invisible(attrs)))

        def handle_endtag(self, tag: str) -> None:
            if any(name == tag for name, _ in self.open):
                while self.open and self.open.pop()[0] != tag:
                    pass
            if tag in self.blocks:
                self.parts.append("\n\n")

        def handle_data(self, data: str) -> None:
            # Text a browser does not show (display: none, hidden) is not read:
            # a page could hide a false address where no reader would see it.
            if not any(hidden for _, hidden in self.open):
                self.parts.append(re.sub(r"\s+", " ", data))

    parser = Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _invisible(attrs: list[tuple[str, str | None]]) -> bool:
    values = dict(attrs)
    style = (values.get("style") or "").replace(" ", "").lower()
    return (
        "hidden" in values
        or values.get("aria-hidden") == "true"
        or "display:none" in style
        or "visibility:hidden" in style
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


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return (text or type(error).__name__)[:200]
