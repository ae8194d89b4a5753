"""A PDF's text as a person sees it: pdfminer lays out the characters, and
those drawn invisibly (text render mode 3, or in white) are left out, so that
a hidden "Email: …" cannot win over the one printed on the page."""

from __future__ import annotations

import io
from typing import Any

from pdfminer.converter import TextConverter
from pdfminer.layout import LAParams
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

_INVISIBLE_MODES = (3, 7)  # neither filled nor stroked (7: and only used to clip)


def visible_text(raw: bytes, max_pages: int) -> str:
    resources = PDFResourceManager()
    out = io.StringIO()
    device = _VisibleText(resources, out, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    for page in PDFPage.get_pages(io.BytesIO(raw), maxpages=max_pages):
        interpreter.process_page(page)
    device.close()
    return out.getvalue()


class _VisibleText(TextConverter):
    """pdfminer's text converter, skipping what is drawn but cannot be seen
    (each skipped character still moves the pen, as on the page)."""

    hiding = False

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        self.hiding = textstate.render in _INVISIBLE_MODES or _white(graphicstate.ncolor)
        try:
            super().render_string(textstate, seq, ncs, graphicstate)
        finally:
            self.hiding = False

    def render_char(
        self,
        matrix: Any,
        font: Any,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: Any,
    ) -> float:
        if self.hiding:
            return font.char_width(cid) * fontsize * scaling
        return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)


def _white(color: Any) -> bool:
    """White in gray (1), RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    if isinstance(color, int | float):
        return color >= 0.99
    if isinstance(color, tuple | list):
        if len(color) == 3:
            return all(isinstance(c, int | float) and c >= 0.99 for c in color)
        if len(color) == 4:
            return all(isinstance(c, int | float) and c <= 0.01 for c in color)
    return False
