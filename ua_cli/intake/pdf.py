"""A PDF's text as a person sees it: pdfminer lays out the characters, and
those drawn so that nobody sees them (render mode 3, white or nearly so, fully
transparent, a font too small to read, or off the page) are left out, so that a
hidden "Email: …" cannot win over the one printed on the page."""

from __future__ import annotations

import io
import math
from typing import Any

from pdfminer.converter import TextConverter
from pdfminer.layout import LAParams
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import dict_value, resolve1
from pdfminer.psparser import literal_name

# Text render modes: which of the glyph's fill and stroke are drawn
_FILLED = (0, 2, 4, 6)
_STROKED = (1, 2, 5, 6)
SMALLEST_FONT = 1.5  # points on the page; the finest print is 5 or 6
FAINTEST = 0.1  # opacity below which a mark is not seen


def visible_text(raw: bytes, max_pages: int) -> str:
    resources = PDFResourceManager()
    out = io.StringIO()
    device = _VisibleText(resources, out, laparams=LAParams())
    interpreter = _Interpreter(resources, device)
    for page in PDFPage.get_pages(io.BytesIO(raw), maxpages=max_pages):
        interpreter.process_page(page)
    device.close()
    return out.getvalue()


class _GraphicState(PDFGraphicState):
    """pdfminer's graphics state with the opacities it does not keep (q and Q
    copy the state: the opacities must go with it)."""

    def __init__(self) -> None:
        super().__init__()
        self.fill_alpha = 1.0
        self.stroke_alpha = 1.0

    def copy(self) -> _GraphicState:
        state = _GraphicState()
        state.__dict__.update(super().copy().__dict__)
        state.fill_alpha, state.stroke_alpha = self.fill_alpha, self.stroke_alpha
        return state


class _Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter, reading the opacities an ExtGState sets (/ca,
    /CA), which its `gs` operator leaves for later."""

    def init_state(self, ctm: Any) -> None:
        super().init_state(ctm)
        self.graphicstate = _GraphicState()

    def do_gs(self, name: Any) -> None:
        states = dict_value((self.resources or {}).get("ExtGState"))
        state = dict_value(states.get(literal_name(name)))
        for key, attribute in (("ca", "fill_alpha"), ("CA", "stroke_alpha")):
            value = resolve1(state.get(key))
            if isinstance(value, int | float):
                setattr(self.graphicstate, attribute, float(value))


class _VisibleText(TextConverter):
    """pdfminer's text converter, skipping what is drawn but cannot be seen
    (each skipped character still moves the pen, as on the page)."""

    hiding = False

    def begin_page(self, page: Any, ctm: Any) -> None:
        super().begin_page(page, ctm)
        self.page_box = self.cur_item.bbox

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        self.hiding = not _seen(textstate.render, graphicstate)
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
        if self.hiding or self._unseen_at(matrix, fontsize):
            return font.char_width(cid) * fontsize * scaling
        return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)

    def _unseen_at(self, matrix: Any, fontsize: float) -> bool:
        """Too small to read, or placed off the page."""
        a, b, c, d, x, y = matrix
        if abs(fontsize) * math.sqrt(abs(a * d - b * c)) < SMALLEST_FONT:
            return True
        left, bottom, right, top = self.page_box
        return not (left - 1 <= x <= right and bottom - abs(fontsize * d) <= y <= top)


def _seen(mode: int, state: Any) -> bool:
    """Whether the glyphs leave a visible mark: a fill or a stroke in a colour
    that shows on white paper, not fully transparent."""
    filled = mode in _FILLED and not _white(state.ncolor)
    stroked = mode in _STROKED and not _white(state.scolor)
    filled = filled and getattr(state, "fill_alpha", 1.0) >= FAINTEST
    stroked = stroked and getattr(state, "stroke_alpha", 1.0) >= FAINTEST
    return filled or stroked


def _white(color: Any) -> bool:
    """White or nearly, on paper: gray ≥ 0.95, RGB all ≥ 0.95, CMYK all ≤ 0.05."""
    if isinstance(color, int | float):
        return color >= 0.95
    if isinstance(color, tuple | list):
        if len(color) == 3:
            return all(isinstance(c, int | float) and c >= 0.95 for c in color)
        if len(color) == 4:
            return all(isinstance(c, int | float) and c <= 0.05 for c in color)
    return False
