"""A Word (.docx) file's text as a person sees it: its zip checked before it
is inflated, and the runs nobody sees (hidden, white, a size no one reads,
directly or by their character or paragraph style) left out."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from ua_cli.errors import UaError, reason_of
from ua_cli.files import MIB

MAX_UNPACKED_DOCX = 60 * MIB

_WORD_MAIN = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A damaged, encrypted or oddly compressed member: each layer has its own error
_DAMAGED_ZIP: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, ValueError, EOFError, OSError, RuntimeError, NotImplementedError, zlib.error
)  # fmt: skip
try:
    from lzma import LZMAError

    _DAMAGED_ZIP += (LZMAError,)
except ImportError:  # a Python built without lzma cannot open such members at all
    pass
_STYLE_DEPTH = 10  # basedOn links followed; a loop of styles ends here


def word_text(path: Path | str, raw: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if _WORD_MAIN not in archive.namelist():
                raise UaError(f"{path} is a zip archive, not a Word (.docx) file")
            _check_unpacked_size(path, archive)
    except _DAMAGED_ZIP as error:
        raise UaError(f"cannot read {path} as a Word file: {reason_of(error)}") from None
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
        return "\n\n".join(_blocks(document, _HiddenStyles.of(document)))
    except Exception as error:  # python-docx and lxml raise many kinds on a damaged file
        raise UaError(f"cannot read {path} as a Word file: {reason_of(error)}") from None


def _check_unpacked_size(path: Path | str, archive: zipfile.ZipFile) -> None:
    """Inflate every member, counting the bytes as they come (a zip's
    directory can understate them): more than MAX_UNPACKED_DOCX is no UA."""
    total = 0
    for info in archive.infolist():
        with archive.open(info) as member:
            while block := member.read(MIB):
                total += len(block)
                if total > MAX_UNPACKED_DOCX:
                    raise UaError(
                        f"{path} unpacks to more than {MAX_UNPACKED_DOCX // MIB} MiB; "
                        "not a UA document"
                    )


class _HiddenStyles:
    """The ids of the styles whose text nobody sees, their own or by the
    style they are based on."""

    def __init__(self, hidden: set[str]) -> None:
        self.hidden = hidden

    @classmethod
    def of(cls, document: Any) -> _HiddenStyles:
        styles = document.styles.element
        based_on: dict[str, str] = {}
        hiding: set[str] = set()
        for style in styles.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId") or ""
            parent = style.find(f"{_W}basedOn")
            if parent is not None:
                based_on[style_id] = parent.get(f"{_W}val") or ""
            if _hides(style.find(f"{_W}rPr")):
                hiding.add(style_id)
        hidden = set()
        for style_id in list(based_on) + list(hiding):
            chain, current = 0, style_id
            while current and chain < _STYLE_DEPTH:
                if current in hiding:
                    hidden.add(style_id)
                    break
                current, chain = based_on.get(current, ""), chain + 1
        return cls(hidden)

    def hide(self, properties: Any, style_tag: str) -> bool:
        if properties is None:
            return False
        style = properties.find(f"{_W}{style_tag}")
        return style is not None and style.get(f"{_W}val") in self.hidden


def _blocks(document: Any, styles: _HiddenStyles) -> list[str]:
    """The visible text of each paragraph, in order, table cells included (UAs
    often put their targets in a table); hidden runs are not read."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(_visible_runs(item, styles))
        elif isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    blocks.extend(_visible_runs(paragraph, styles) for paragraph in cell.paragraphs)
    return blocks


def _visible_runs(paragraph: Any, styles: _HiddenStyles) -> str:
    """A paragraph's text less the runs nobody sees."""
    if styles.hide(paragraph._p.find(f"{_W}pPr"), "pStyle"):
        return ""
    parts = []
    for element in paragraph._p.iter(f"{_W}r", f"{_W}hyperlink"):
        properties = element.find(f"{_W}rPr")
        if element.tag != f"{_W}r" or _hides(properties) or styles.hide(properties, "rStyle"):
            continue
        for child in element:
            if child.tag == f"{_W}t":
                parts.append(child.text or "")
            elif child.tag == f"{_W}tab":
                parts.append("\t")
            elif child.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
    return "".join(parts)


def _hides(properties: Any) -> bool:
    """Run properties that keep text from being seen: hidden (w:vanish), in
    white or nearly (also as the theme's background colour), or in a size no
    one reads (under 2 pt)."""
    if properties is None:
        return False
    for name in ("vanish", "specVanish", "webHidden"):
        flag = properties.find(f"{_W}{name}")
        if flag is not None and flag.get(f"{_W}val", "true") not in ("0", "false", "off"):
            return True
    color = properties.find(f"{_W}color")
    if color is not None and (
        _nearly_white(color.get(f"{_W}val", ""))
        or (color.get(f"{_W}themeColor") or "").lower() in ("background1", "light1")
    ):
        return True
    size = properties.find(f"{_W}sz")
    value = size.get(f"{_W}val", "20") if size is not None else "20"
    return value.isdigit() and int(value) < 4


def _nearly_white(hex_color: str) -> bool:
    """ "FFFFFF", "FEFEFE", "F8F8F8": each channel at 0xF2 or above."""
    try:
        channels = bytes.fromhex(hex_color)
    except ValueError:
        return False
    return len(channels) == 3 and min(channels) >= 0xF2
