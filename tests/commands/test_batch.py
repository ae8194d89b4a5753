"""Printing: PDF letters, and batches from a signer sheet."""

from __future__ import annotations

import io
import json
import re

import pypdf
import pytest

from tests.builders import MADE_UP_UA

HOSTILE = '#panic("x") *bold* $x$ @ref'


def _pdf_pages(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _sheet(
    tmp_path,
    rows: list[str],
    *,
    name: str = "sheet.csv",
    encoding: str = "utf-8",
    bom: bool = False,
    newline: str = "\n",
):
    path = tmp_path / name
    data = newline.join(rows) + newline
    raw = data.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + raw)
    return path


def test_letter_as_pdf_carries_the_facts(run, today, tmp_path):
    out = tmp_path / "letter.pdf"
    result = run("letter", "-t", "pcm", "-l", "es", "--name", "Ana Pérez", "--city", "Madrid",
                 "--date", "2026-11-29", "--format", "pdf", "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (page,) = _pdf_pages(out.read_bytes())
    text = _flat(page)
    for fact in [
        "Señor Alberto Otárola Peñaranda",
        "Presidente del Consejo de Ministros",
        "Jirón Carabaya, Cuadra 1",
        "Cercado de Lima, Perú",
        "Madrid, 29 de noviembre de 2026",
        "Señor presidente del Consejo de Ministros:",
        "Decreto Legislativo N.º 1582",
        "Le saluda atentamente,",  # the closing her name picks
        "Ana Pérez",
    ]:
        assert fact in text, fact
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)  # A4


def test_a_us_sender_gets_us_letter_paper(run, today, tmp_path):
    out = tmp_path / "letter.pdf"
    run(
        "letter", "-t", "embassy", "-l", "en", "--country", "USA", "--format", "pdf", "-o", str(out)
    )
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)
    run(
        "letter",
        "-t",
        "embassy",
        "-l",
        "en",
        "--paper",
        "a4",
        "--format",
        "pdf",
        "-o",
        str(out),
        "--force",
    )
    assert round(pypdf.PdfReader(out).pages[0].mediabox.height) == 842


def test_hostile_names_print_literally(run, today, tmp_path):
    out = tmp_path / "letter.pdf"
    result = run(
        "letter", "-t", "pcm", "-l", "en", "--name", HOSTILE, "--format", "pdf", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    text = _flat(_pdf_pages(out.read_bytes())[0])
    assert text.count(HOSTILE) >= 2  # the sender block and the signature


def test_a_long_personal_paragraph_flows_onto_a_numbered_second_page(run, today, tmp_path):
    out = tmp_path / "letter.pdf"
    personal = "I have volunteered with Venezuelan families in Lima for years. " * 60
    run("letter", "-t", "pcm", "-l", "en", "--name", "Ana", "--personal", personal,
        "--format", "pdf", "-o", str(out))  # fmt: skip
    first, second = _pdf_pages(out.read_bytes())
    assert "Page" not in first
    assert "Page 2" in second
    assert "Ana" in second  # the signature, after the flowed paragraph


def test_pdf_refuses_text_its_fonts_cannot_print(run, today, tmp_path):
    result = run(
        "letter", "-t", "pcm", "--name", "王小明", "--format", "pdf", "-o", str(tmp_path / "x.pdf")
    )
    assert result.exit_code == 1
    assert (
        "Error: the PDF fonts cannot print '王小明'; use --format text or html instead"
        in result.stderr
    )
    assert not (tmp_path / "x.pdf").exists()


SHEET = [
    "Name,City,Country,Email,Language,Personal message",
    "Ana Pérez,Madrid,Spain,ana@example.org,,Escribo desde Madrid.",
    f'"{HOSTILE.replace(chr(34), chr(34) * 2)}",Leeds,UK,,en,',
    "محمد علي,Lima,Perú,,,",
]


def test_batch_writes_one_page_per_signer_and_target(run, today, tmp_path):
    sheet = _sheet(tmp_path, SHEET)
    out = tmp_path / "letters.pdf"
    result = run(
        "batch", "--signers", str(sheet), "--target", "all", "-o", str(out), "--date", "2026-11-29"
    )
    assert result.exit_code == 0, result.stderr
    pages = [_flat(p) for p in _pdf_pages(out.read_bytes())]
    assert len(pages) == 6
    assert "wrote 6 letters (6 pages) for 3 signers to" in result.stderr
    assert "Ana Pérez" in pages[0] and "Jirón Carabaya, Cuadra 1" in pages[0]
    assert "1700 Massachusetts Avenue, NW" in pages[1] and "Ana Pérez" in pages[1]
    assert HOSTILE in pages[2] and "Dear Mr. Otárola Peñaranda," in pages[2]  # row language: en
    assert "Señor presidente del Consejo de Ministros:" in pages[0]  # default language: es
    assert "Escribo desde Madrid." in pages[0]


def test_a_spreadsheet_export_with_bom_semicolons_crlf_and_windows_1252_reads(run, today, tmp_path):
    rows = ["Nombre;Ciudad;País;Idioma", "José Núñez;Córdoba;España;es", "Zoë Brontë;Haworth;UK;en"]
    for encoding, bom in (("cp1252", False), ("utf-8", True)):
        sheet = _sheet(
            tmp_path, rows, name=f"{encoding}.csv", encoding=encoding, bom=bom, newline="\r\n"
        )
        out = tmp_path / f"{encoding}.txt"
        result = run(
            "batch", "--signers", str(sheet), "-t", "pcm", "--format", "text", "-o", str(out)
        )
        assert result.exit_code == 0, result.stderr
        letters = out.read_text(encoding="utf-8").split("\f")
        assert letters[0].startswith("José Núñez\nCórdoba, España\n")
        assert letters[1].startswith("Zoë Brontë\nHaworth, UK\n")
        assert "Dear Mr. Otárola Peñaranda," in letters[1]
        note = f"note: {sheet} is not UTF-8; read it as Windows-1252"
        assert (note in result.stderr) == (encoding == "cp1252")


def test_bad_rows_are_all_named_and_nothing_is_written(run, today, tmp_path):
    sheet = _sheet(tmp_path, [
        "Full name,City,Language,E-mail",
        "Ana,Madrid,,",
        ",Lima,,",
        "",
        "Luis,Quito,xx,",
        "王小明,Beijing,,",
        "Eva,Oslo,,eva-at-example",
    ])  # fmt: skip
    out = tmp_path / "letters.pdf"
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(out))
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith(str(sheet))] == [
        f"{sheet}:3: no name",
        f"{sheet}:5: unknown language 'xx' (this UA offers es, en, ar, de, fr, it, nl, pt)",
        f"{sheet}:6: the PDF fonts cannot print '王小明' (in '王小明'); use --format text",
        f"{sheet}:7: 'eva-at-example' is not an email address",
    ]
    assert result.stderr.splitlines()[-1] == (
        f"Error: 4 rows of {sheet} cannot be written; nothing was written. "
        "Fix them, or add --skip-invalid to write the others"
    )
    assert not out.exists()
    skipped = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(out), "--skip-invalid")
    assert skipped.exit_code == 0
    assert "wrote 1 letter (1 page) for 1 signer" in skipped.stderr
    assert "skipped rows 3, 5, 6, 7" in skipped.stderr
    assert len(_pdf_pages(out.read_bytes())) == 1


def test_file_names_from_names_stay_in_the_folder_and_do_not_collide(run, today, tmp_path):
    sheet = _sheet(
        tmp_path, ["Name", "../../x", ".hidden", "CON", "Ana Pérez", "Ana Pérez", "a/b\\c"]
    )
    folder = tmp_path / "out"
    result = run(
        "batch", "--signers", str(sheet), "-t", "pcm", "--format", "text", "--out-dir", str(folder)
    )
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([
        "x-pcm.txt", "hidden-pcm.txt", "_CON-pcm.txt", "Ana-Pérez-pcm.txt", "Ana-Pérez-pcm-2.txt", "a_b_c-pcm.txt",
    ])  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "out", "sheet.csv"]
    assert not (tmp_path.parent.parent / "x-pcm.txt").exists()
    assert (folder / "Ana-Pérez-pcm-2.txt").read_text(encoding="utf-8").startswith("Ana Pérez\n")


def test_existing_outputs_are_not_overwritten_without_force(run, today, tmp_path):
    sheet = _sheet(tmp_path, ["Name", "Ana"])
    out = tmp_path / "letters.pdf"
    out.write_bytes(b"keep")
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(out))
    assert result.exit_code == 1
    assert f"Error: {out} already exists; use --force to overwrite it" in result.stderr
    assert out.read_bytes() == b"keep"
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "Ana-pcm.txt").write_text("mine")
    refused = run(
        "batch", "--signers", str(sheet), "-t", "all", "--format", "text", "--out-dir", str(folder)
    )
    assert refused.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["Ana-pcm.txt"]  # not even the other one
    forced = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_large_runs_are_written_in_parts(run, today, tmp_path, monkeypatch):
    from ua_cli.render import typeset

    monkeypatch.setattr(typeset, "LETTERS_PER_PART", 2)
    sheet = _sheet(tmp_path, ["Name", "A", "B", "C", "D", "E"])
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(tmp_path / "letters.pdf"))
    assert result.exit_code == 0, result.stderr
    parts = sorted(p.name for p in tmp_path.glob("letters*.pdf"))
    assert parts == ["letters-part01.pdf", "letters-part02.pdf", "letters-part03.pdf"]
    assert [len(_pdf_pages((tmp_path / p).read_bytes())) for p in parts] == [2, 2, 1]


def test_batch_logs_counts_never_names(run, today, tmp_path):
    sheet = _sheet(tmp_path, ["Name", "Ana", "Luis", "Eva"])
    result = run(
        "batch",
        "--signers",
        str(sheet),
        "-t",
        "all",
        "--format",
        "text",
        "-o",
        str(tmp_path / "l.txt"),
        "--log",
    )
    assert "logged 6 letters; UA 106.23 total: 6 letters" in result.stderr
    history = json.loads(run("history", "--format", "json").stdout)
    assert sorted((e["target"], e["count"]) for e in history) == [("embassy", 3), ("pcm", 3)]
    assert "Ana" not in run("export", "--with-notes").stdout


def test_batch_needs_exactly_one_destination(run, today, tmp_path):
    sheet = _sheet(tmp_path, ["Name", "Ana"])
    result = run("batch", "--signers", str(sheet), "-t", "pcm")
    assert result.exit_code == 2
    assert "give either -o FILE (one file) or --out-dir DIR (a file per letter)" in result.stderr


def test_a_sheet_without_a_name_column_is_one_clear_error(run, today, tmp_path):
    sheet = _sheet(tmp_path, ["Ciudad,País", "Lima,Perú"])
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {sheet}:1: no column for the signer's name (looked for Name, Full name or Nombre)"
    )


@pytest.mark.parametrize(
    ("header", "field"),
    [("Name", "name"), ("name", "name"), ("NOMBRE", "name"), ("Full Name", "name"),
     ("Correo electrónico", "email"), ("E-mail", "email"), ("País", "country"),
     ("Personal message", "personal"), ("Idioma", "language")],
)  # fmt: skip
def test_headers_match_without_case_spaces_or_accents(header, field):
    from ua_cli.signers import _map_columns

    assert _map_columns([header])[0] == {field: 0}


_FIRST = ["Ana", "Luis", "Eva", "Olga", "Iñaki", "Tomás", "Rosa", "Karim", "Mei", "Jon"]
_LAST = [
    "Pérez",
    "Okafor",
    "Smith",
    "García",
    "Nguyen",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Silva",
    "Berg",
]
HUNDRED_SIGNERS = [f"{first} {last}" for first in _FIRST for last in _LAST]


def _sentences(letter: str, salutation: str) -> list[str]:
    """The subject, the body's sentences and the closing of a letter in text form."""
    lines = letter.strip("\f\n").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("Re:", "Asunto:")))
    blocks = "\n".join(lines[start:]).split("\n\n")
    subject, body = blocks[0], [b for b in blocks[1:] if b.strip() and b != salutation]
    *paragraphs, closing, _signature = body
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.])\s+(?=[A-ZÁÉÍÓÚ])", p)]
    return [subject, *sentences, closing]


@pytest.mark.parametrize(
    ("target", "lang", "salutation", "facts"),
    [
        ("pcm", "en", "Dear Mr. Otárola Peñaranda,", ["Legislative Decree 1582", "repeal the decree", "non-refoulement"]),
        ("pcm", "es", "Señor presidente del Consejo de Ministros:", ["Decreto Legislativo N.º 1582", "derog", "no devolución"]),
        ("embassy", "en", "Your Excellency,", ["Legislative Decree 1582", "my concern", "government", "non-refoulement"]),
        ("embassy", "es", "Excelentísimo señor embajador:", ["Decreto Legislativo N.º 1582", "su Gobierno", "no devolución"]),
    ],
)  # fmt: skip
def test_a_hundred_signers_get_a_hundred_letters_sharing_at_most_half(
    run, today, tmp_path, target, lang, salutation, facts
):
    sheet = _sheet(tmp_path, ["Name", *HUNDRED_SIGNERS])

    def batch(name: str):
        out = tmp_path / name
        args = ["--signers", str(sheet), "-t", target, "-l", lang, "--format", "text", "-o", out]
        return run("batch", *map(str, args)), out.read_text(encoding="utf-8")

    result, text = batch("letters.txt")
    letters = [_sentences(letter, salutation) for letter in text.split("\f")]
    assert len(letters) == 100
    assert len({tuple(sentences) for sentences in letters}) == 100
    # subject, eight sentences of the body, one more reason in some, closing
    assert {len(sentences) for sentences in letters} == {10, 11}
    shared = max(
        len(set(a) & set(b)) / len(a) for i, a in enumerate(letters) for b in letters[i + 1 :]
    )
    assert shared <= 0.5
    assert "100 different letters (the wording varies by signer)" in result.stderr
    for sentences in letters:  # other words, the same facts and the same demand
        for fact in facts:
            assert fact in " ".join(sentences), fact
    assert batch("again.txt")[1] == text  # each signer keeps their wording


def test_a_letter_takes_the_wording_its_writer_s_name_picks_or_the_one_asked_for(run, today):
    def letter(*extra: str) -> str:
        result = run("letter", "-t", "pcm", "-l", "en", "--date", "2026-11-29", *extra)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    ana = letter("--name", "Ana Pérez")
    assert letter("--name", "Ana Pérez") == ana
    assert letter("--name", "ana  pérez") == ana.replace("Ana Pérez", "ana  pérez")
    assert "Venezuelan refugees in Peru are at grave risk because of a decree" in ana
    assert letter("--name", "Luis Okafor") != ana.replace("Ana Pérez", "Luis Okafor")
    own = letter("--name", "Ana Pérez", "--variant", "1")
    assert "I am deeply concerned by the recent decree" in own
    assert "I call on you to immediately repeal the decree" in own
    assert letter("--variant", "1") == letter()  # no name: the UA's own letter
    single = run("letter", "--ua", str(MADE_UP_UA), "-t", "minister", "-l", "en", "--variant", "2")
    assert "the letter to minister in 'en' has 1 variant; --variant 1" in single.stderr
    too_far = run("letter", "-t", "pcm", "-l", "en", "--variant", "344")
    assert too_far.exit_code == 2
    assert (
        "Error: the letter to pcm in 'en' has 343 variants; choose --variant 1 to 343"
        in too_far.stderr
    )


def test_envelopes_come_with_the_letters(run, today, tmp_path):
    sheet = _sheet(tmp_path, ["Name,City", "Ana Pérez,Madrid", "Luis,Lima"])
    out = tmp_path / "event.pdf"
    result = run("batch", "--signers", str(sheet), "-t", "all", "-o", str(out), "--envelopes")
    assert result.exit_code == 0, result.stderr
    envelopes = tmp_path / "event-envelopes.pdf"
    assert f"wrote 4 envelopes to {envelopes}" in result.stderr
    pages = [_flat(p) for p in _pdf_pages(envelopes.read_bytes())]
    assert len(pages) == 4
    assert pages[0].startswith("Ana Pérez Madrid")
    assert "Señor Alberto Otárola Peñaranda" in pages[0] and "Cercado de Lima, Perú" in pages[0]
    assert "1700 Massachusetts Avenue, NW Washington DC 20036 USA" in pages[1]
    box = pypdf.PdfReader(envelopes).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        220,
        110,
    )  # DL


def test_each_signer_writes_in_their_own_language_translations_included(run, today, tmp_path):
    sheet = _sheet(tmp_path, ["Name,Language", "Ana,es", "John,en", "Claire,fr", "Jonas,de",
                              "Sara,ar"])  # fmt: skip
    out = tmp_path / "letters.txt"
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "--format", "text", "-o", str(out),
                 "--date", "2026-11-29")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    letters = out.read_text(encoding="utf-8").split("\f")
    salutations = [
        "Señor presidente del Consejo de Ministros:",
        "Dear Mr. Otárola Peñaranda,",
        "Monsieur le Président du Conseil des ministres,",
        "Sehr geehrter Herr Ministerpräsident,",
        "دولة رئيس مجلس الوزراء المحترم،",
    ]
    for letter, salutation in zip(letters, salutations, strict=True):
        assert f"\n{salutation}\n" in letter
        assert "1582" in letter
