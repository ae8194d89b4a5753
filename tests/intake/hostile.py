"""Documents made to hurt a reader, each under 20 MiB: hidden text that would
win over the visible, markup nested past reason, PDFs of millions of text
operators or compressed bombs, a Word file whose zip directory understates
what it holds. tests/intake/test_hostile_documents.py reads each; bench/new.py
prints how long and how much memory `ua new` takes on them."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

VISIBLE_EMAIL = "ministro@justicia.example"
HIDDEN_EMAIL = "evil@attacker.example"

_UA_TEXT = """Urgent Action UA 45.27
Peru: Journalist detained

Journalist Ana Quispe Mamani was detained on 3 March 2027 after reporting on floods.

Write to:
Minister of Justice
Mr. Eduardo Ramos Vega
Ministerio de Justicia
Avenida Arequipa 1200
Lima, Peru
Email: {email}
Salutation: Dear Minister

This Urgent Action expires on 17 March 2027.

Dear Minister,

I am writing to urge you to release journalist Ana Quispe Mamani at once.

Yours sincerely,
"""


def visible_ua() -> str:
    return _UA_TEXT.format(email=VISIBLE_EMAIL)


def html_with_hidden_email(how: str) -> str:
    """The UA as a page whose contact block holds a hidden false email first."""
    styles = {
        "tab": '<p style="display:\tnone">Email: {hidden}</p>',
        "font-size": '<p style="font-size: 0px">Email: {hidden}</p>',
        "style-rule": '<p class="x">Email: {hidden}</p>',
        "white": '<p style="color: #FFFFFF">Email: {hidden}</p>',
        "rgb-white": '<p style="color: rgb(255, 255, 255)">Email: {hidden}</p>',
        "clear": '<p style="color: rgba(0, 0, 0, 0)">Email: {hidden}</p>',
        "tiny": '<p style="font-size: 0.5px">Email: {hidden}</p>',
        "faint": '<p style="opacity: 0.01">Email: {hidden}</p>',
        "css-comment": '<p style="display:/* x */none">Email: {hidden}</p>',
        "off-screen": '<p style="position: absolute; left: -9999px">Email: {hidden}</p>',
        "scaled": '<p style="transform: scale(0)">Email: {hidden}</p>',
        "font-tag": '<p><font color="white">Email: {hidden}</font></p>',
        "self-closed": '<div style="display:none"/><p>Email: {hidden}</p></div>',
        "dialog": "<dialog><p>Email: {hidden}</p></dialog>",
    }
    hidden = styles[how].format(hidden=HIDDEN_EMAIL)
    lines = visible_ua().splitlines()
    at = lines.index(f"Email: {VISIBLE_EMAIL}")
    body = "\n".join(f"<p>{line}</p>" for line in lines[:at])
    body += "\n" + hidden + "\n" + "\n".join(f"<p>{line}</p>" for line in lines[at:])
    head = "<style>.x { display : none }</style>" if how == "style-rule" else ""
    # A page saved from a browser opens with a comment; a white background hides nothing
    return (
        "<!-- saved from url=(0031)https://www.example.org/ua -->\n"
        f"<html><head>{head}</head><body style='background-color: #fff'>{body}</body></html>"
    )


def docx_with_hidden_email(folder: Path, how: str = "vanish") -> Path:
    """The UA as a Word file with a run 'Email: evil@…' nobody sees before the
    real one: hidden, in a near-white or the theme's background colour, or in
    a character or paragraph style (based on one) that hides it."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.shared import OxmlElement, qn

    document = docx.Document()
    for kind in (WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.PARAGRAPH):
        base = document.styles.add_style(f"Quiet{kind}", kind)
        base.element.get_or_add_rPr().append(OxmlElement("w:vanish"))
        document.styles.add_style(f"Quieter{kind}", kind).base_style = base
    for line in visible_ua().splitlines():
        if line == f"Email: {VISIBLE_EMAIL}":
            paragraph = document.add_paragraph()
            run = paragraph.add_run(f"Email: {HIDDEN_EMAIL}")
            properties = run._r.get_or_add_rPr()
            if how == "vanish":
                properties.append(OxmlElement("w:vanish"))
            elif how in ("near-white", "theme-background"):
                color = OxmlElement("w:color")
                color.set(qn("w:val"), "FEFEFE" if how == "near-white" else "000000")
                if how == "theme-background":
                    color.set(qn("w:themeColor"), "background1")
                properties.append(color)
            elif how == "character-style":
                run.style = document.styles[f"Quieter{WD_STYLE_TYPE.CHARACTER}"]
            else:
                paragraph.style = document.styles[f"Quieter{WD_STYLE_TYPE.PARAGRAPH}"]
        document.add_paragraph(line)
    path = folder / "hidden.docx"
    document.save(str(path))
    return path


def pdf(
    content: bytes, *, compress: bool = True, height: int = 842, resources: bytes = b""
) -> bytes:
    """A one-page PDF with this content stream (Helvetica as /F1)."""
    stream = zlib.compress(content, 9) if compress else content
    filters = b"/Filter /FlateDecode " if compress else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 %d] /Contents 4 0 R " % height
        +
        b"/Resources << /Font << /F1 5 0 R >> " + resources + b" >> >>",
        b"<< " + filters + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n"
        + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]  # fmt: skip
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _text_lines(
    lines: list[str], *, start: int = 800, state: str = "0 g 0 Tr", size: float = 10, x: int = 50
) -> bytes:
    out = [f"BT /F1 {size} Tf".encode(), f"{state} {x} {start} Td 12 TL".encode()]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        out.append(f"({escaped}) '".encode("latin-1", "replace"))
    out.append(b"ET")
    return b"\n".join(out)


# How a PDF can draw a line nobody sees: the text state, font size and x.
_PDF_HIDING = {
    "invisible": ("3 Tr", 10, 50),
    "white": ("1 g", 10, 50),
    "near-white": ("0.97 g", 10, 50),
    "stroked-white": ("1 Tr 1 G", 10, 50),
    "transparent": ("/GS0 gs q 0.5 g Q", 10, 50),  # the opacity outlives q ... Q
    "tiny": ("0 g", 0.4, 50),
    "off-page": ("0 g", 10, -3000),
}


def pdf_with_hidden_email(how: str) -> bytes:
    """The UA as a PDF page whose hidden text holds a false email above the
    real one (see _PDF_HIDING)."""
    lines = visible_ua().splitlines()
    at = lines.index(f"Email: {VISIBLE_EMAIL}")
    state, size, x = _PDF_HIDING[how]
    hidden = _text_lines(
        [f"Email: {HIDDEN_EMAIL}"], start=800 - 12 * at, state=state, size=size, x=x
    )
    before = _text_lines(lines[:at])
    after = _text_lines(lines[at:], start=800 - 12 * (at + 1))
    opacity = b"/ExtGState << /GS0 << /Type /ExtGState /ca 0 /CA 0 >> >>"
    hidden = b"q\n" + hidden + b"\nQ"  # what it sets, it sets for itself alone
    return pdf(before + b"\n" + hidden + b"\n" + after, resources=opacity)


def html_unclosed_divs(count: int) -> str:
    return "<!DOCTYPE html><html><body>" + "<div>x" * count + "</body></html>"


def pdf_many_operators(count: int) -> bytes:
    """One page of `count` one-letter text operators (compressed: a few MB)."""
    ops = b"BT /F1 1 Tf 0 0 Td " + b"(a) Tj " * count + b"ET"
    return pdf(ops)


def pdf_many_lines(count: int) -> bytes:
    """One page, as long as its lines need, of `count` lines."""
    height = 12 * count + 100
    lines = [f"Line {n} of a page that never ends" for n in range(count)]
    return pdf(_text_lines(lines, start=height - 50), height=height)


def pdf_flate_bomb(size: int) -> bytes:
    """A content stream that inflates to `size` bytes of spaces."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(compressor.compress(chunk) for _ in range(size >> 20)) + compressor.flush()
    return pdf(body, compress=False).replace(b"/Length", b"/Filter /FlateDecode /Length", 1)


def docx_understating_its_size(folder: Path, real: int) -> Path:
    """A Word file whose document.xml says it is 1 KiB in the zip's directory
    and its local header, but inflates to `real` bytes."""
    path = folder / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"<w:t>" + b"a" * (1 << 20) + b"</w:t>"
            for _ in range(real >> 20):
                member.write(block)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature)
        while at != -1:
            name_length = int.from_bytes(data[at + size_at + 4 : at + size_at + 6], "little")
            offset = 46 if signature == b"PK\x01\x02" else 30
            if data[at + offset : at + offset + name_length] == name:
                data[at + size_at : at + size_at + 4] = (1024).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def docx_damaged(folder: Path, how: str) -> bytes:
    """A Word file whose document member is encrypted, compressed by an unknown
    method, or holds broken deflate data."""
    import zipfile

    path = folder / "damaged.docx"
    method = zipfile.ZIP_STORED if how != "deflate" else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as archive:
        archive.writestr("word/document.xml", "<w:document>" + "x" * 2000 + "</w:document>")
    data = bytearray(path.read_bytes())
    if how == "encrypted":  # general-purpose flag bit 0, in the local and central headers
        data[6] |= 1
        central = data.rindex(b"PK\x01\x02")
        data[central + 8] |= 1
    elif how == "method":  # compression method 99 (AES), which zipfile does not read
        data[8:10] = (99).to_bytes(2, "little")
        central = data.rindex(b"PK\x01\x02")
        data[central + 10 : central + 12] = (99).to_bytes(2, "little")
    else:  # the deflate stream's first bytes replaced by a reserved block type
        start = 30 + len("word/document.xml")
        data[start : start + 4] = b"\xff\xff\xff\xff"
    return bytes(data)
