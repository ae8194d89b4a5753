"""`ua new`: a UA file from a UA document (text, PDF, Word, web page), word for
word, every value found, nothing invented, and hostile documents refused."""

from __future__ import annotations

import html
import subprocess
import sys
import textwrap
import time

import pytest

from tests.builders import PROJECT, SHIPPED_UA
from ua_cli.campaign.model import check_campaign, load_campaign

# The UA that started the project, as text copied from its PDF.
SEED = PROJECT / "tests" / "data" / "seed_ua_106_23.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")

# What data/urgent_action_106_23.yaml corrected in the UA's English (its header
# lists each change): `ua new` keeps the document's words, and the shipped file
# is those words with these corrections.
CORRECTIONS = [
    ("Peruvian government that puts", "Peruvian government, which puts"),
    ("The recent deadline", "The deadline"),
    ("to apply for regular migratory status and now", "to secure regular migratory status, and now"),
    ("Peruvian authorities cannot ignore its", "The Peruvian authorities cannot ignore their"),
    ("for all Venezuelans; implement", "for all Venezuelans and implement"),
    ("basic rights; and crucially, ensure", "basic rights. Crucially, Peru must ensure"),
    ("Legislative Decree num. 1582", "Legislative Decree 1582"),
    ("including ensuring the right to due process guarantees as a crucial barrier to protect "
     "refugees from refoulment. This decree seems to establish unlawful expulsions as a rule.",
     "including the right to due process, a crucial barrier against the refoulement of refugees, "
     "and it seems to establish unlawful expulsions as the rule."),
    ("We call on you", "I call on you"),
    ("repeal Decree 1582", "repeal the decree"),
    ("refoulment", "refoulement"),
    ("no longer can apply", "can no longer apply"),
    ("the legislative decree 1582", "Legislative Decree 1582"),
    ("the prohibition of non-refoulement", "the prohibition of refoulement"),
    ("Dear Mr. Alberto Otárola Peñaranda,", "Dear Mr. Otárola Peñaranda,"),
]  # fmt: skip


def _corrected(text: str) -> str:
    for old, new in CORRECTIONS:
        text = text.replace(old, new)
    return text


def _new(run, tmp_path, document, name: str = "ua.yaml"):
    out = tmp_path / name
    result = run("new", str(document), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out, result


def _assert_reads_as_the_shipped_ua(path) -> None:
    """Field by field: the UA `ua new` wrote and the one shipped."""
    read, warnings = check_campaign(path)
    shipped = load_campaign(SHIPPED_UA)
    for field in ("id", "sequence", "country", "deadline", "previous_ua", "own_language_welcome",
                  "preferred_language"):  # fmt: skip
        assert getattr(read, field) == getattr(shipped, field), field
    assert read.title["en"] == shipped.title["en"]
    assert read.people_at_risk.name["en"] == shipped.people_at_risk.name["en"]
    assert read.people_at_risk.pronouns == shipped.people_at_risk.pronouns == "they/them"
    assert _corrected(read.summary["en"]) == " ".join(shipped.summary["en"].split())
    assert read.languages == ("en",)
    assert list(read.targets) == ["pcm", "embassy"]
    for key, target in read.targets.items():
        ours = shipped.targets[key]
        for field in ("name", "address", "country", "email", "phone", "fax", "twitter",
                      "channels", "copy"):  # fmt: skip
            assert getattr(target, field) == getattr(ours, field), (key, field)
        assert target.courtesy_title["en"] == ours.courtesy_title["en"]
        assert target.organisation["en"] == ours.organisation["en"]
        assert _corrected(target.salutation["en"]) == ours.salutation["en"]
    # The sample letter word for word as the document has it; the shipped
    # letter's own wording is that text with the corrections above.
    paragraphs = [p.text["en"][0] for p in read.letter.paragraphs]
    document_lines = SEED_TEXT.splitlines()
    assert paragraphs == [line.strip() for line in document_lines[22:27:2]]
    required = [p for p in shipped.letter.paragraphs if not p.optional]
    shipped_first = [" ".join(p.text["en"][0].split()) for p in required[:3]]
    assert [_corrected(p) for p in paragraphs] == shipped_first
    assert read.letter.closing["en"] == ("Yours sincerely,",)
    assert read.targets["pcm"].salutation["en"] == "Dear Mr. Alberto Otárola Peñaranda,"
    assert read.targets["embassy"].salutation["en"] == "Your Excellency,"
    assert read.targets["embassy"].position["en"] == "Ambassador"
    assert read.targets["pcm"].position is None  # the document names none
    assert any("TODO" in w.message for w in warnings)


def test_the_seed_text_gives_the_shipped_ua(run, tmp_path):
    out, result = _new(run, tmp_path, SEED)
    _assert_reads_as_the_shipped_ua(out)
    assert result.stderr.splitlines()[0] == (
        "found 2 targets, 2 emails, 0 faxes, 1 phone, 1 handle; deadline 2024-01-09; "
        "sample letter of 3 paragraphs"
    )
    text = out.read_text(encoding="utf-8")
    assert 'name: "Alberto Otárola Peñaranda"  # line 8' in text
    assert "- \"USA\"  # added: 'Peruvian Embassy in the United States' (line 14)" in text
    assert "deadline: 2024-01-09  # line 41" in text


def test_the_file_is_valid_at_once_and_writes_a_letter(run, tmp_path, today):
    out, _ = _new(run, tmp_path, SEED)
    validated = run("validate", str(out))
    assert validated.exit_code == 0
    assert f"{out}: ok: UA 106.23, 2 targets (pcm, embassy), languages en" in validated.stdout
    assert (
        f"{out}:17: warning: preferred_language: the targets prefer 'es', and the UA has no texts "
        "in it yet; add 'es:' beside each text and 'es' to languages"
    ) in validated.stderr.splitlines()
    assert (
        f"{out}:27: warning: TODO: a subject that names the demand; this one is the UA's title"
        in (validated.stderr.splitlines())
    )
    letter = run("letter", "--ua", str(out), "-t", "embassy", "-l", "en", "--name", "Ana")
    assert letter.exit_code == 0, letter.stderr
    assert "His Excellency Mr. Gustavo Adolfo Meza-Cuadra Velásquez\nAmbassador\n" in letter.stdout
    assert "Your Excellency,\n\nI am deeply concerned" in letter.stdout
    default = run("letter", "--ua", str(out), "-t", "pcm", "--name", "Ana")
    assert "note: writing in English (en), since the UA has no texts yet in 'es'" in default.stderr


def _typst_pdf(tmp_path, text: str):
    import typst

    def escape(line: str) -> str:
        return "".join("\\" + c if c in "\\#$*_`<>@[]~/=-+\"'" else c for c in line)

    blocks = [block.splitlines() for block in text.split("\n\n")]
    body = "\n\n".join(
        " \\\n".join(escape(line) for line in block if line.strip()) for block in blocks
    )
    source = tmp_path / "ua.typ"
    source.write_text('#set page(paper: "a4")\n#set text(size: 10pt)\n' + body, encoding="utf-8")
    pdf = tmp_path / "ua.pdf"
    pdf.write_bytes(typst.compile(str(source)))
    return pdf


def test_a_pdf_gives_the_same_ua(run, tmp_path):
    import pypdf

    pdf = _typst_pdf(tmp_path, SEED_TEXT)
    assert len(pypdf.PdfReader(pdf).pages) == 2
    out, _ = _new(run, tmp_path, pdf)
    _assert_reads_as_the_shipped_ua(out)


def test_a_word_file_gives_the_same_ua(run, tmp_path):
    import docx

    document = docx.Document()
    for line in SEED_TEXT.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    path = tmp_path / "ua.docx"
    document.save(str(path))
    out, _ = _new(run, tmp_path, path)
    _assert_reads_as_the_shipped_ua(out)


def test_a_saved_web_page_gives_the_same_ua(run, tmp_path):
    blocks = SEED_TEXT.split("\n\n")
    body = "".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in block.splitlines()) + "</p>\n"
        for block in blocks
    )
    page = (
        "<!DOCTYPE html><html><head><title>UA</title><style>p{color:red}</style>"
        "<script>var x = 'Dear Sir,';</script></head><body><nav>Home | Campaigns</nav>"
        f"<main>{body}</main></body></html>"
    )
    path = tmp_path / "ua.html"
    path.write_text(page, encoding="utf-8")
    out, _ = _new(run, tmp_path, path)
    _assert_reads_as_the_shipped_ua(out)


# A made-up UA in the International Secretariat's layout: three targets, one
# with a fax, two of them for copies, and a date written day first.
IS_UA = textwrap.dedent("""\
    UA: 88/27 Index: AMR 23/8812/2027 Colombia Date: 3 February 2027
    HUMAN RIGHTS DEFENDER DETAINED IN BOGOTÁ
    Lucía Fictícia Moreno, a defender of land rights in Colombia, was detained on 28 January.

    Take action: write an appeal in your own words or use this model letter

    Minister of Justice
    Mr. Néstor Fictício Osuna
    Ministerio de Justicia y del Derecho
    Calle 53 No. 13-27
    Bogotá, Colombia
    Email: ministro@minjusticia.example.co
    Fax: +57 601 444 3100
    Twitter: @MinJusticiaFic
    Salutation: Dear Minister

    Dear Minister,

    I am writing to express my concern about the detention of Lucía Fictícia Moreno.

    I urge you to release her immediately and unconditionally.

    Yours sincerely,

    And copies to:
    Attorney General
    Ms. Marta Fictícia Ruiz
    Fiscalía General de la Nación
    Avenida Calle 24 No. 52-01
    Bogotá, Colombia
    Email: fiscal@fiscalia.example.co

    Ambassador Carlos Fictício Díaz
    Embassy of Colombia in the United Kingdom
    3 Hans Crescent
    London SW1X 0LN
    Email: embajada@colombia.example.org
    Phone: +44 20 7589 9177

    Also send copies to diplomatic representatives accredited to your country.

    Additional information
    Lucía Fictícia Moreno has defended her community's land for ten years.

    Preferred language to address target: Spanish, English
    Please take action as soon as possible until: 17 March 2027
    Name and preferred pronoun: Lucía Fictícia Moreno (she/her)
    """)


def test_the_international_secretariat_layout(run, tmp_path, today):
    path = tmp_path / "is.txt"
    path.write_text(IS_UA, encoding="utf-8")
    out, result = _new(run, tmp_path, path)
    assert result.stderr.splitlines()[0] == (
        "found 3 targets (2 for copies), 3 emails, 1 fax, 1 phone, 1 handle; deadline "
        "2027-03-17; sample letter of 2 paragraphs; not found: a salutation for "
        "attorney_general, a salutation for embassy"
    )
    ua, _ = check_campaign(out)
    assert (ua.id, ua.sequence, ua.country, ua.deadline.isoformat()) == (
        "88.27",
        1,
        "CO",
        "2027-03-17",
    )
    assert ua.title["en"] == "Human rights defender detained in Bogotá"
    assert (ua.preferred_language, ua.own_language_welcome) == ("es", False)
    assert ua.people_at_risk.pronouns == "she/her"
    minister, attorney, embassy = ua.targets.values()
    assert minister.key == "minister_justice"
    assert (minister.name, minister.courtesy_title["en"], minister.position["en"]) == (
        "Néstor Fictício Osuna",
        "Mr.",
        "Minister of Justice",
    )
    assert minister.organisation["en"] == "Ministerio de Justicia y del Derecho"
    assert minister.address == ("Calle 53 No. 13-27", "Bogotá, Colombia")
    assert (minister.fax, minister.twitter, minister.copy) == (
        "+57 601 444 3100",
        "@MinJusticiaFic",
        False,
    )
    assert minister.channels == ("letter", "email", "fax", "tweet")
    assert minister.salutation["en"] == "Dear Minister,"
    assert (attorney.key, attorney.copy, attorney.position["en"]) == (
        "attorney_general",
        True,
        "Attorney General",
    )
    assert attorney.salutation["en"] == "Dear Attorney General,"  # made, and marked TODO
    assert (embassy.key, embassy.copy, embassy.country) == ("embassy", True, "GB")
    assert embassy.address == ("3 Hans Crescent", "London SW1X 0LN", "United Kingdom")
    assert [p.text["en"][0] for p in ua.letter.paragraphs] == [
        "I am writing to express my concern about the detention of Lucía Fictícia Moreno.",
        "I urge you to release her immediately and unconditionally.",
    ]
    assert (
        ua.background["en"]
        == "Lucía Fictícia Moreno has defended her community's land for ten years."
    )
    text = out.read_text(encoding="utf-8")
    assert "# accredited to your country: add your country's embassy as a target." in text


def test_without_o_the_ua_goes_where_every_command_finds_it(run, tmp_path, today, isolated_paths):
    path = tmp_path / "is.txt"
    path.write_text(IS_UA, encoding="utf-8")
    result = run("new", str(path))
    assert result.exit_code == 0, result.stderr
    written = isolated_paths / ".local" / "share" / "ua" / "uas" / "urgent_action_88_27.yaml"
    assert f"wrote {written}" in result.stderr.splitlines()
    assert f"  ua letter --ua {written} --target minister_justice --lang en" in result.stderr
    letter = run("letter", "--ua", "88.27", "-t", "minister_justice", "-l", "en", "--name", "Ana")
    assert letter.exit_code == 0, letter.stderr
    assert "Dear Minister,\n" in letter.stdout
    assert "88.27" in run("list").stdout
    again = run("new", str(path))
    assert again.exit_code == 1
    assert "already exists" in again.stderr and "--force" in again.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", "Shopping list\n\nmilk, bread\n",
         "notes.txt does not read as an Urgent Action: no targets and no deadline found; nothing written"),
        ("junk.txt", bytes(range(256)) * 50,
         "junk.txt is not a UA document: binary data that is not a PDF or a Word file"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer garbage\n",
         "cannot read"),
        ("archive.docx", None, "archive.docx is a zip archive, not a Word (.docx) file"),
        ("empty.txt", "\n\n   \n", "no text in"),
    ],
)  # fmt: skip
def test_documents_that_are_not_uas_are_one_line_and_write_nothing(
    run, tmp_path, name, content, message
):
    path = tmp_path / name
    if content is None:
        import zipfile

        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hello")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = run("new", str(path), "-o", str(out))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_pdf_without_text_is_a_scan(run, tmp_path):
    import typst

    source = tmp_path / "scan.typ"
    source.write_text("#rect(width: 5cm, height: 3cm, fill: gray)\n", encoding="utf-8")
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(typst.compile(str(source)))
    result = run("new", str(pdf), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: no text in {pdf}; is it a scan? ua new reads documents with text in them\n"
    )


def test_a_huge_document_is_refused_at_once(run, tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    started = time.monotonic()
    result = run("new", str(path), "-o", str(tmp_path / "out.yaml"))
    assert time.monotonic() - started < 2
    assert result.exit_code == 1
    assert "larger than 20 MiB; is it really a UA document?" in result.stderr


def test_a_zip_bomb_dressed_as_word_is_refused(run, tmp_path):
    import zipfile

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (70 * 1024 * 1024))
    result = run("new", str(path), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1
    assert "unpacks to more than 60 MiB; not a UA document" in result.stderr


def test_names_with_quotes_colons_and_hashes_stay_text(run, tmp_path):
    hostile = IS_UA.replace("Mr. Néstor Fictício Osuna", 'Mr. Néstor "O\'Brien": #1 Osuna').replace(
        "Calle 53 No. 13-27", "Calle 53 No. 13-27 # {x: [1]} &a *a"
    )
    path = tmp_path / "is.txt"
    path.write_text(hostile, encoding="utf-8")
    out, _ = _new(run, tmp_path, path)
    minister = load_campaign(out).targets["minister_justice"]
    assert minister.name == 'Néstor "O\'Brien": #1 Osuna'
    assert minister.address[0] == "Calle 53 No. 13-27 # {x: [1]} &a *a"


def test_an_existing_file_is_kept_without_force(run, tmp_path):
    out = tmp_path / "ua.yaml"
    out.write_text("mine\n", encoding="utf-8")
    result = run("new", str(SEED), "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert run("new", str(SEED), "-o", str(out), "--force").exit_code == 0
    assert load_campaign(out).id == "106.23"


def test_blank_writes_a_commented_skeleton(run, tmp_path):
    out = tmp_path / "mine.yaml"
    result = run("new", "--blank", "-o", str(out))
    assert result.exit_code == 0
    assert f"wrote {out}; fill in each TODO, then run: ua validate {out}" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# An Urgent Action, written by hand.")
    validated = run("validate", str(out))
    assert validated.exit_code == 1  # until the TODOs are filled in
    assert f"{out}:3: id: a UA number such as '106.23'" in validated.stderr.splitlines()
    assert run("new", "--blank").exit_code == 2
    assert run("new").exit_code == 2


def test_letter_and_help_do_not_load_the_document_readers():
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from ua_cli.commands import cli\n"
        "from ua_cli.commands.common import Clock\n"
        "for args in (['--help'], ['letter', '-t', 'pcm', '-l', 'en']):\n"
        "    CliRunner().invoke(cli, args, obj=Clock.real())\n"
        "readers = ('pdfminer', 'docx', 'pypdf', 'ua_cli.intake.reading', 'ua_cli.intake.cues',\n"
        "           'ua_cli.intake.fetching', 'urllib.request')\n"
        "print(sorted(m for m in readers if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=PROJECT
    )
    assert result.stdout.strip() == "[]"


def test_a_ua_ua_knows_already_is_not_written_beside_it(run, today, isolated_paths):
    result = run("new", str(SEED))
    assert result.exit_code == 1
    assert "UA 106.23 is already in" in result.stderr
    assert "write this one with -o FILE.yaml and compare them" in result.stderr
    assert run("list").exit_code == 0  # nothing written that would break the others
    assert not (isolated_paths / ".local" / "share" / "ua" / "uas").exists()


def test_an_incomplete_ua_needs_o_and_names_what_is_missing(run, today, tmp_path):
    path = tmp_path / "is.txt"
    path.write_text(IS_UA.replace("17 March 2027", "February 30, 2027"), encoding="utf-8")
    result = run("new", str(path))
    assert result.exit_code == 1
    assert "not found: the deadline ('February 30, 2027', line 46, is not a date)" in result.stderr
    assert "write it with -o FILE.yaml, fill in the TODOs" in result.stderr
    assert run("list").exit_code == 0
    written = run("new", str(path), "-o", str(tmp_path / "draft.yaml"))
    assert written.exit_code == 0
    assert "# TODO: deadline: take action until this date, as YYYY-MM-DD" in (
        tmp_path / "draft.yaml"
    ).read_text(encoding="utf-8")


def test_contacts_ua_cannot_use_stay_out_of_the_fields_and_the_channels(run, tmp_path):
    text = (
        IS_UA.replace(
            "Email: ministro@minjusticia.example.co\n",
            "Email: ministro@minjusticia.example.co.\nEmail: second@minjusticia.example.co\n",
        )
        .replace("Twitter: @MinJusticiaFic", "Twitter: https://x.com/MinJusticiaFic")
        .replace("Fax: +57 601 444 3100", "Fax: ask the switchboard")
    )
    path = tmp_path / "is.txt"
    path.write_text(text, encoding="utf-8")
    out, result = _new(run, tmp_path, path)
    minister = load_campaign(out).targets["minister_justice"]
    assert minister.email == "ministro@minjusticia.example.co"  # the sentence's stop left out
    assert minister.twitter == "@MinJusticiaFic"
    assert minister.fax is None and minister.channels == ("letter", "email", "tweet")
    written = out.read_text(encoding="utf-8")
    assert (
        "# TODO: the document also gives email 'second@minjusticia.example.co' (line 13)" in written
    )
    assert "# TODO: the document also gives fax 'ask the switchboard' (line 14)" in written
    assert ", 0 faxes," in result.stderr


def test_an_address_without_numbers_is_kept(run, tmp_path):
    text = IS_UA.replace("Calle 53 No. 13-27\n", "Palacio de Nariño\nCarrera Séptima\n")
    path = tmp_path / "is.txt"
    path.write_text(text, encoding="utf-8")
    out, _ = _new(run, tmp_path, path)
    minister = load_campaign(out).targets["minister_justice"]
    assert minister.organisation["en"] == "Ministerio de Justicia y del Derecho"
    assert minister.address == ("Palacio de Nariño", "Carrera Séptima", "Bogotá, Colombia")


def test_text_a_web_page_hides_is_not_read(run, tmp_path):
    hidden = '<p style="display: none">Email: evil@attacker.example</p><div hidden><p>x</p></div>'
    body = "".join(f"<p>{html.escape(line)}</p>" for line in IS_UA.splitlines() if line.strip())
    body = body.replace("<p>Email: ministro", hidden + "<p>Email: ministro", 1)
    path = tmp_path / "ua.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    out, _ = _new(run, tmp_path, path)
    text = out.read_text(encoding="utf-8")
    assert "evil@attacker.example" not in text
    assert load_campaign(out).targets["minister_justice"].email == "ministro@minjusticia.example.co"


def test_utf8_with_a_broken_byte_is_named_by_its_line(run, tmp_path):
    path = tmp_path / "is.txt"
    path.write_bytes(IS_UA.encode("utf-8").replace(b"BOGOT\xc3\x81", b"BOGOT\xff"))
    result = run("new", str(path), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {path}:2: not valid UTF-8 (byte 0xff); save the text as UTF-8\n"
    )
    windows = tmp_path / "windows.txt"
    windows.write_bytes(IS_UA.encode("cp1252"))
    out, _ = _new(run, tmp_path, windows, "windows.yaml")
    assert load_campaign(out).targets["minister_justice"].name == "Néstor Fictício Osuna"


def test_a_long_pdf_is_refused_and_says_why(run, tmp_path):
    import typst

    source = tmp_path / "long.typ"
    source.write_text("#for i in range(45) [Page #i #pagebreak()]\n", encoding="utf-8")
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(typst.compile(str(source)))
    result = run("new", str(pdf), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1
    assert f"{pdf} has more than 40 pages; a UA is a few pages" in result.stderr


def test_a_long_ua_number_and_standard_output(run, tmp_path):
    path = tmp_path / "is.txt"
    path.write_text(IS_UA.replace("UA: 88/27", "UA: 99999/99"), encoding="utf-8")
    result = run("new", str(path), "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# An Urgent Action read by `ua new` from is.txt")
    assert 'id: "99999.99"  # line 1' in result.stdout
    assert not (tmp_path / "-").exists()


def test_a_document_naming_thousands_of_officials_is_refused(run, tmp_path):
    head, rest = IS_UA.split("And copies to:")
    block = (
        "Attorney General\nMs. Marta Fictícia Ruiz\nFiscalía General de la Nación\n"
        "Avenida Calle 24 No. 52-01\nBogotá, Colombia\nEmail: fiscal@fiscalia.example.co\n\n"
    )
    path = tmp_path / "big.txt"
    path.write_text(head + "And copies to:\n" + block * 2000 + rest, encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = run("new", str(path), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path} names 2,003 officials; a UA names a few: is it one?\n"
    assert not out.exists()
    many_lines = tmp_path / "lines.txt"
    many_lines.write_text("x\n" * 20_001, encoding="utf-8")
    assert "has 20,001 lines of text; a UA is a few pages" in run("new", str(many_lines)).stderr


COPY_TO_AN_OFFICE = textwrap.dedent("""\
    Urgent Action UA 45.27
    Peru: Journalist detained

    Journalist Ana Quispe Mamani was detained on 3 March 2027 after reporting on floods in Puno.

    Write to:
    Minister of Justice
    Mr. Eduardo Ramos Vega
    Ministerio de Justicia
    Avenida Arequipa 1200
    Lima, Peru
    Email: ministro@justicia.example
    Salutation: Dear Minister

    And copies to:
    Office of the Ombudsman
    Jirón Ucayali 394
    Lima, Peru
    Email: defensor@ombudsman.example

    This Urgent Action expires on 17 March 2027.

    Dear Minister,

    I am writing to urge you to release journalist Ana Quispe Mamani at once.

    Yours sincerely,
    """)


def test_the_targets_are_shown_at_a_glance(run, tmp_path, today):
    path = tmp_path / "ua.txt"
    path.write_text(COPY_TO_AN_OFFICE, encoding="utf-8")
    result = run("new", str(path), "-o", str(tmp_path / "ua.yaml"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[1:4] == [
        "KEY               NAME                POSITION             ORGANISATION             CHANNELS",
        "minister_justice  Eduardo Ramos Vega  Minister of Justice  Ministerio de Justicia   letter, email",
        "(oo)              -                   -                    Office of the Ombudsman  letter, email",
    ]


def test_a_file_from_ua_new_once_checked_writes_every_letter_even_to_an_office(
    run, tmp_path, today
):
    path = tmp_path / "ua.txt"
    path.write_text(COPY_TO_AN_OFFICE, encoding="utf-8")
    out = tmp_path / "ua.yaml"
    assert run("new", str(path), "-o", str(out)).exit_code == 0
    fresh = run("validate", str(out))
    assert fresh.exit_code == 0, fresh.stderr
    assert "warning: TODO" in fresh.stderr  # what the author must still check
    # The author checks each TODO and deletes its comment, as the file says to.
    checked = "\n".join(
        line.split("  # TODO")[0]
        for line in out.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("# TODO")
    )
    out.write_text(checked + "\n", encoding="utf-8")
    validated = run("validate", str(out))
    assert validated.exit_code == 0, validated.stderr
    # Left: one wording of everything, which the author may vary (see ua schema).
    assert [line.split(": ", 1)[1] for line in validated.stderr.splitlines()] == [
        f"warning: variety: {key} in 'en': every letter is the same; give its sentences "
        "more wordings (a list under each language)"
        for key in ("minister_justice", "oo")
    ]
    letters = run("letter", "--ua", str(out), "--target", "all", "--lang", "en",
                  "--name", "Ana", "--date", "2027-03-10")  # fmt: skip
    assert letters.exit_code == 0, letters.stderr
    minister, office = letters.stdout.split("\f")
    assert (
        "Mr. Eduardo Ramos Vega\nMinister of Justice\nMinisterio de Justicia\nAvenida Arequipa 1200\nLima, Peru\n"
        in minister
    )
    assert "Dear Minister," in minister
    assert "Office of the Ombudsman\nJirón Ucayali 394\nLima, Peru\n" in office
    assert "I am writing to urge you to release journalist Ana Quispe Mamani at once." in office


def test_validate_warns_of_placeholders_and_channels_with_nothing_to_say(run, tmp_path):
    from tests.builders import PROJECT

    text = (PROJECT / "tests" / "data" / "urgent_action_999_01.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    fax: +00 1 234 5678\n",
        "    fax: +00 1 234 5678\n    phone: +00 1 234 0000\n"
        "    email: minister@justice.example\n    twitter: '@MinJustice'\n",
    )
    text = text.replace("channels: [letter, fax]", "channels: [letter, fax, call, email, tweet]")
    text = text.replace("en: Journalist held for reporting on floods", "en: TODO")
    path = tmp_path / "ua.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0, result.stderr
    warnings = [line.split(": warning: ", 1)[1] for line in result.stderr.splitlines()]
    assert warnings == [
        "title.en: still says TODO; a letter would print it",
        "targets.minister.channels[2]: 'call' has no ask to make (ask:)",
        "targets.minister.channels[3]: 'email' has no subject of its own (letter.email_subject)",
        "targets.minister.channels[4]: 'tweet' has no posts (tweets:)",
        *(
            f"variety: minister in '{lang}': every letter is the same; give its sentences "
            "more wordings (a list under each language)"
            for lang in ("en", "es")
        ),
    ]
