"""Regenerate the binary documents of the intake corpus from their sources.

    /work/main/.venv/bin/python tests/data/intake/make_binaries.py

- docs/<name>.typ      -> docs/<name>.pdf   (Typst, through the `typst` Python package)
- docs/<name>.docx.md  -> docs/<name>.docx  (python-docx)

The .docx.md sources use a small markup of their own:
  "# text"              a paragraph in the Heading 1 style
  "**FIELD:** rest"     a paragraph whose bold part is FIELD:, the rest plain
  "|a<br>b|c|"          a table row (consecutive rows make one table); each cell
                        holds one paragraph per "<br>"-separated part
  other lines           a paragraph; the lines of one block (no blank line between
                        them) are joined by line breaks inside the paragraph
Blocks are separated by blank lines.

Both outputs are the same bytes on every run: the PDF carries a fixed creation
date and only the fonts the typst package embeds; the Word file fixed core
properties and zip member dates.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent / "docs"
FIXED_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def make_pdf(source: Path) -> Path:
    import typst

    out = source.with_suffix(".pdf")
    # Only the fonts the typst package embeds: the same PDF on every machine.
    typst.compile(
        str(source),
        output=str(out),
        timestamp=int(FIXED_DATE.timestamp()),
        ignore_system_fonts=True,
    )
    return out


_BOLD_FIELD = re.compile(r"^\*\*(.+?)\*\*\s*(.*)$")


def _add_runs(paragraph, text: str) -> None:
    """Plain text, or '**bold** rest' as a bold run and a plain one."""
    match = _BOLD_FIELD.match(text)
    if match:
        paragraph.add_run(match.group(1)).bold = True
        if match.group(2):
            paragraph.add_run(" " + match.group(2))
    else:
        paragraph.add_run(text)


def make_docx(source: Path) -> Path:
    import docx

    document = docx.Document()
    blocks = re.split(r"\n\s*\n", source.read_text(encoding="utf-8").strip())
    for block in blocks:
        lines = block.splitlines()
        if all(line.startswith("|") for line in lines):
            rows = [line.strip().strip("|").split("|") for line in lines]
            table = document.add_table(rows=0, cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for cells in rows:
                row = table.add_row()
                for cell, text in zip(row.cells, cells, strict=False):
                    parts = text.split("<br>")
                    cell.paragraphs[0].text = parts[0]
                    for part in parts[1:]:
                        cell.add_paragraph(part)
            document.add_paragraph()
            continue
        if len(lines) == 1 and lines[0].startswith("# "):
            document.add_heading(lines[0][2:], level=1)
            continue
        paragraph = document.add_paragraph()
        for i, line in enumerate(lines):
            if i:
                paragraph.add_run().add_break()
            _add_runs(paragraph, line)
    props = document.core_properties
    props.author = "intake corpus"
    props.title = source.name.removesuffix(".docx.md")
    props.created = props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_modified_by = "intake corpus"
    props.revision = 1
    out = source.parent / source.name.replace(".docx.md", ".docx")
    buffer = io.BytesIO()
    document.save(buffer)
    out.write_bytes(_fixed_zip_dates(buffer.getvalue()))
    return out


def _fixed_zip_dates(data: bytes) -> bytes:
    """The same archive with every member dated FIXED_DATE (python-docx dates them now)."""
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(fixed, "w") as new:
        for info in old.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            new.writestr(member, old.read(info.filename))
    return fixed.getvalue()


def main() -> int:
    made = [make_pdf(p) for p in sorted(DOCS.glob("*.typ"))]
    made += [make_docx(p) for p in sorted(DOCS.glob("*.docx.md"))]
    for path in made:
        print(f"wrote {path.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
