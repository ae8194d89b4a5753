"""Languages: a pack per language, and a UA's texts translated through PO files
that translators' tools open, checked at the door and kept beside the UA."""

from __future__ import annotations

import io
import json
import os
import pathlib
import re
import subprocess

import pypdf
import pytest

from tests.builders import PROJECT, SHIPPED_UA, TESTS
from ua_cli.packs import REQUIRED, packs

LETTERS = PROJECT / "letters"
SENDER = ["--date", "2026-11-29", "--variant", "1"]


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de", "pt", "it", "nl", "ar"])
def test_every_language_has_a_pack(lang):
    words = json.loads((LETTERS / lang / "labels.json").read_text(encoding="utf-8"))
    assert set(REQUIRED) <= set(words)
    for name in ("letter.txt.j2", "letter.md.j2", "letter.html.j2", "call.txt.j2"):
        assert (LETTERS / lang / name).is_file(), name
    assert lang in packs()


def test_french_letters_out_of_the_box(run, today):
    result = run("letter", "-t", "pcm", "-l", "fr", "--name", "Claire Martin", "--city", "Lyon",
                 "--country", "France", *SENDER)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Lyon, le 29 novembre 2026" in lines
    assert lines[lines.index("Monsieur Alberto Otárola Peñaranda") + 1] == (
        "Président du Conseil des ministres"
    )
    assert "Monsieur le Président du Conseil des ministres," in lines
    assert (
        "Objet\u00a0: Décret législatif n°\u00a01582 et protection des personnes réfugiées vénézuéliennes"
        in lines
    )
    assert "Je vous appelle à abroger immédiatement le décret et à respecter" in result.stdout
    # French closings repeat the form of address
    assert (
        "Je vous prie d’agréer, Monsieur le Président du Conseil des ministres, "
        "l’expression de ma très haute considération."
    ) in lines
    assert "note:" not in result.stderr  # every text translated


def test_german_letters_out_of_the_box(run, today):
    result = run("letter", "-t", "embassy", "-l", "de", "--name", "Jonas Weber", "--city",
                 "Berlin", *SENDER)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Berlin, 29. November 2026" in lines
    assert "S. E. Herrn Gustavo Adolfo Meza-Cuadra Velásquez" in lines
    assert "Sehr geehrter Herr Botschafter," in lines
    assert lines[lines.index("Sehr geehrter Herr Botschafter,") + 2].startswith(
        "ich bin zutiefst besorgt"
    )
    assert "meine Besorgnis an Ihre Regierung weiterzuleiten" in result.stdout
    assert "Mit freundlichen Grüßen" in lines


def test_a_french_call_script(run, today):
    result = run("call", "-t", "embassy", "-l", "fr", "--name", "Claire", "--city", "Lyon")
    # French puts a narrow no-break space inside « » and a no-break one before « : ».
    text = result.stdout.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Appeler : Son Excellence Monsieur Gustavo Adolfo Meza-Cuadra Velásquez" in text
    assert "Je m’appelle Claire et je vous appelle de Lyon. »" in text
    assert (
        "« Je vous demande de bien vouloir transmettre ma préoccupation au gouvernement péruvien "
        "et l’exhorter à abroger immédiatement le décret législatif numéro 1582. »"  # said in full
    ) in text
    assert (
        "« Mon appel concerne le décret législatif numéro 1582 du Pérou et les personnes "
        "réfugiées vénézuéliennes qu’il expose à l’expulsion. »"
    ) in text
    assert "\u202f»" in result.stdout


def test_export_carries_translations_in_and_marks_changed_sources_fuzzy(run, today, tmp_path):
    exported = run("translate", "export", "--lang", "fr")
    assert exported.exit_code == 0, exported.stderr
    assert "UA 106.23 in 'fr': 69 texts, 69 translated, 0 fuzzy" in exported.stderr
    from babel.messages.pofile import read_po

    catalog = read_po(io.StringIO(exported.stdout))
    assert catalog.project == "UA 106.23" and str(catalog.locale) == "fr"
    title = catalog.get("Refugees in Peru risk mass expulsions", context="title")
    assert title.string == "Des personnes réfugiées au Pérou menacées d’expulsions massives"
    changed = tmp_path / "ua.yaml"
    changed.write_text(
        SHIPPED_UA.read_text(encoding="utf-8").replace(
            "  en: Refugees in Peru risk mass expulsions",
            "  en: Refugees in Peru face mass expulsions",
        ),
        encoding="utf-8",
    )
    again = run("translate", "export", "--ua", str(changed), "--lang", "fr")
    assert "69 texts, 68 translated, 1 fuzzy" in again.stderr
    assert (
        '#, fuzzy\n#| msgid "Refugees in Peru risk mass expulsions"\nmsgctxt "title"\n'
        'msgid "Refugees in Peru face mass expulsions"\n'
        'msgstr "Des personnes réfugiées au Pérou menacées d’expulsions massives"\n' in again.stdout
    )
    fresh = run("translate", "export", "--ua", str(TESTS / "data" / "urgent_action_999_01.yaml"),
                "--lang", "it")  # fmt: skip
    assert "0 translated, 0 fuzzy" in fresh.stderr


def _po(run, tmp_path, lang: str, edits: dict[str, str], name: str = "x.po"):
    """A translator's PO file for `lang` begun afresh: the export with only
    `edits` translated (by msgctxt), the project's own translation cleared."""
    from babel.messages.pofile import read_po, write_po

    catalog = read_po(io.StringIO(run("translate", "export", "--lang", lang).stdout))
    for message in catalog:
        message.string = edits.get(message.context, "") if message.id else message.string
        message.flags.discard("fuzzy")
    path = tmp_path / name
    with path.open("wb") as stream:
        write_po(stream, catalog, width=0)
    return path


ITALIAN = {
    "title": "Rifugiati in Perù a rischio di espulsioni di massa",
    "letter.subject#1": "Oggetto: decreto legislativo n. 1582 e protezione dei rifugiati venezuelani",
    "targets.pcm.salutation": "Egregio Presidente del Consiglio dei ministri,",
    "letter.closing#1": "Distinti saluti,",
}


def test_import_stores_a_translation_and_letters_use_it_falling_back_per_text(
    run, today, tmp_path, isolated_paths
):
    path = _po(run, tmp_path, "it", ITALIAN, "it.po")
    result = run("translate", "import", str(path))
    assert result.exit_code == 0, result.stderr
    stored = isolated_paths / ".local" / "share" / "ua" / "translations" / "106.23" / "it.po"
    assert f"stored {stored}" in result.stderr
    assert (
        "UA 106.23 in 'it': 4 texts translated, 65 to go; letters in 'it' use it once "
        "every text is translated"
    ) in result.stderr
    # The user's file comes before the project's, and a letter never mixes languages.
    letter = run("letter", "-t", "pcm", "-l", "it", "--city", "Roma", *SENDER)
    assert letter.exit_code == 2
    said = letter.stderr.splitlines()[-1]
    assert said.startswith(
        "Error: Invalid value for --lang: the 'it' translation of UA 106.23 lacks 54 texts ("
    )
    assert said.endswith(
        ", ...), and a letter never mixes languages; finish it with: "
        "ua translate export --ua 106.23 --lang it -o it.po"
    )
    run("config", "set", "language", "it")
    implicit = run("letter", "-t", "pcm", "--city", "Roma", *SENDER)
    assert implicit.exit_code == 0, implicit.stderr
    assert (
        "Señor presidente del Consejo de Ministros:" in implicit.stdout
    )  # whole, in the UA's language
    # untranslated wordings beside translated ones, and the call's "about", are not lacking
    assert "lacks 54 texts" in implicit.stderr
    status = run("translate", "status").stdout.splitlines()
    assert any(line.split()[:4] == ["it", "4", "0", "65"] for line in status)
    complete = _po(run, tmp_path, "it", ITALIANISED_FULLY, "full.po")
    assert run("translate", "import", str(complete)).exit_code == 0
    whole = run("letter", "-t", "pcm", "-l", "it", "--city", "Roma", *SENDER)
    assert whole.exit_code == 0, whole.stderr
    assert "Roma, 29 novembre 2026" in whole.stdout
    assert "Egregio Presidente del Consiglio dei ministri," in whole.stdout


def _shipped(lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    path = PROJECT / "data" / "translations" / "106.23" / f"{lang}.po"
    with path.open("rb") as stream:
        return {m.context: m.string for m in read_po(stream) if m.id}


ITALIANISED_FULLY = {**_shipped("it"), **ITALIAN}


@pytest.mark.parametrize(
    ("edits", "problem"),
    [
        ({"tweets#1": "Il Perù deve abrogare il decreto."}, "tweets#1: placeholders differ (lost: {handle}; added: none)"),
        ({"title": "Titolo {name}"}, "title: placeholders differ (lost: none; added: {name})"),
        ({"tweets#2": "{handle} " + "molto " * 60}, "tweets#2: a post of"),
        ({"letter.paragraphs.thanks.text#2": "Grazie. Davvero."}, "letter.paragraphs.thanks.text#2: has 2 sentences and the first wording 1"),
        ({"letter.closing#1": "Distinti saluti, { address }"}, "letter.closing#1: a brace that no placeholder fills; a letter would print it"),
        ({"letter.closing#1": "{address}, {address}"}, "letter.closing#1: {address} twice"),
        ({"letter.closing#2": "Con stima, {{address}}"}, "letter.closing#2: a brace that no placeholder fills"),
    ],
)  # fmt: skip
def test_a_bad_translation_is_refused_with_each_problem_on_its_line(
    run, today, tmp_path, edits, problem
):
    edits = {"letter.paragraphs.thanks.text#1": "La ringrazio per l’attenzione.", **edits}
    path = _po(run, tmp_path, "it", edits)
    result = run("translate", "import", str(path))
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if problem in line)
    assert line.startswith(f"{path}:")
    number = int(line.split(":")[1])
    assert "msgctxt" in path.read_text(encoding="utf-8").splitlines()[number - 1] or number > 1


def test_a_file_for_another_ua_or_language_is_refused(run, today, tmp_path):
    path = _po(run, tmp_path, "it", ITALIAN)
    other = tmp_path / "other.po"
    other.write_text(
        path.read_text(encoding="utf-8").replace("UA 106.23 106.23", "UA 999.01 999.01"),
        encoding="utf-8",
    )
    result = run("translate", "import", str(other))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {other} is for UA 999.01, which is not among the UAs here; give its file: "
        f"ua translate import --ua FILE {other}\n"
    )
    nameless = tmp_path / "nameless.po"
    nameless.write_text(
        path.read_text(encoding="utf-8").replace("UA 106.23 106.23", "PROJECT VERSION"),
        encoding="utf-8",
    )
    assert run("translate", "import", str(nameless)).stderr == (
        f"{nameless}:1: not a translation of a UA: its Project-Id-Version is 'PROJECT', "
        "not 'UA <number>' (such as 'UA 106.23')\n"
    )
    swahili = tmp_path / "sw.po"
    swahili.write_text(
        path.read_text(encoding="utf-8").replace("Language: it", "Language: sw"), encoding="utf-8"
    )
    refused = run("translate", "import", str(swahili))
    assert "unknown language sw; the packs are: ar, de, en, es, fr, it, nl, pt" in refused.stderr


def test_a_po_syntax_error_names_its_line(run, today, tmp_path):
    path = tmp_path / "broken.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Project-Id-Version: UA 106.23\\n"\n\nmsgctxt "title"\n'
        'msgid "x"\ngarbage here\nmsgstr "y"\n',
        encoding="utf-8",
    )
    result = run("translate", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:7: not a valid PO file: a line that is no PO keyword or string\n"
    )
    assert "Traceback" not in result.output


def test_fuzzy_and_empty_entries_are_not_used(run, today, tmp_path):
    path = _po(run, tmp_path, "it", ITALIAN)
    text = path.read_text(encoding="utf-8").replace(
        'msgctxt "title"', '#, fuzzy\nmsgctxt "title"', 1
    )
    path.write_text(text, encoding="utf-8")
    assert run("translate", "import", str(path)).exit_code == 0
    status = run("translate", "status").stdout.splitlines()
    assert any(line.split()[:4] == ["it", "3", "1", "65"] for line in status)


ARABIC = {
    "targets.pcm.courtesy_title": "السيد",
    "targets.pcm.position": "رئيس مجلس الوزراء",
    "targets.pcm.salutation": "السيد رئيس مجلس الوزراء المحترم،",
    "letter.subject#1": "الموضوع: المرسوم التشريعي رقم 1582 وحماية اللاجئين الفنزويليين",
    "letter.paragraphs.thanks.text#1": "أشكركم على اهتمامكم بهذه المسألة العاجلة.",
    "letter.closing#1": "وتفضلوا بقبول فائق الاحترام،",
}


def test_arabic_is_written_right_to_left_in_html_and_pdf_in_an_arabic_typeface(
    run, today, tmp_path
):
    sender = ["--date", "2026-11-29", "--variant", "1", "--name", "سارة أحمد", "--city", "عمّان",
              "--country", "الأردن"]  # fmt: skip
    html = run("letter", "-t", "pcm", "-l", "ar", "--format", "html", *sender)
    assert html.exit_code == 0, html.stderr
    assert '<article class="letter" lang="ar" dir="rtl">' in html.stdout
    assert "دولة رئيس مجلس الوزراء المحترم،" in html.stdout
    assert "عمّان، الأردن" in html.stdout  # the Arabic comma
    pdf = tmp_path / "ar.pdf"
    made = run("letter", "-t", "pcm", "-l", "ar", "--format", "pdf", "-o", str(pdf), *sender)
    assert made.exit_code == 0, made.stderr
    # Poppler's pdftotext, which reads text in the order it is written (pypdf
    # and pdfminer give the glyphs' order on the page, right to left reversed).
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub("[\u202a-\u202e]", "", text)  # the direction marks pdftotext adds
    assert "وتفضلوا بقبول فائق الاحترام والتقدير" in text  # logical order
    assert "أشكركم على اهتمامكم بهذه المسألة العاجلة" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "NotoNaskhArabic-Regular" in fonts.stdout  # the shipped Arabic typeface
    assert len(pypdf.PdfReader(pdf).pages) == 1


# -- what a hostile or careless PO file held (each refused with its line) -----------


def test_posts_copied_from_the_english_import_their_sentence_counts_are_not_compared(
    run, today, tmp_path
):
    catalog = run("translate", "export", "--lang", "it").stdout
    from babel.messages.pofile import read_po

    english = {m.context: m.id for m in read_po(io.StringIO(catalog)) if m.context}
    posts = {path: text for path, text in english.items() if "tweets#" in path}
    assert len({len(t.split(". ")) for t in posts.values()}) > 1  # posts of 1 and 2 sentences
    path = _po(run, tmp_path, "it", {**ITALIAN, **posts})
    result = run("translate", "import", str(path))
    assert result.exit_code == 0, result.stderr


def test_a_wording_with_other_sentences_is_named_in_plain_words(run, today, tmp_path):
    path = _po(run, tmp_path, "it", {**ITALIAN, "letter.closing#2": "Grazie. Cordiali saluti."})
    result = run("translate", "import", str(path))
    assert result.exit_code == 1
    assert (
        "letter.closing#2: has 2 sentences and the first wording 1; wordings are mixed "
        "sentence by sentence" in result.stderr
    )


def _raw_po(tmp_path, body: str, charset: str = "utf-8", encoding: str = "utf-8"):
    path = tmp_path / "raw.po"
    header = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: UA 106.23 106.23\\n"\n"Language: it\\n"\n'
        f'"Content-Type: text/plain; charset={charset}\\n"\n\n'
    )
    path.write_bytes((header + body).encode(encoding))
    return path


@pytest.mark.parametrize(
    ("body", "charset", "encoding", "expected"),
    [
        (
            'msgctxt "title"\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
            "utf-8", "utf-8", ":9: a plural entry; a UA's texts have no plurals",
        ),
        ('msgctxt "title"\nmsgid "a"\nmsgstr "x"\n', "x-bogus-42", "utf-8",
         ":5: unknown charset 'x-bogus-42'; save the file as UTF-8"),
        ('msgctxt "title"\nmsgid "a"\nmsgstr "Peru’s"\n', "latin-1", "utf-8",
         "title: holds the invisible character U+0080"),
        ('msgctxt "title"\nmsgid "a"\nmsgstr "x"\n\nmsgctxt "summary"\nmsgid "b\n', "utf-8",
         "utf-8", ":12: not a valid PO file: a string left open"),
        ('msgctxt "title"\nmsgid "a"\nmsgstr "x"\n\nmsgctxt "title"\nmsgid "b"\nmsgstr "y"\n',
         "utf-8", "utf-8", ':11: msgctxt "title" again (first on line 7)'),
        ('msgctxt "title"\nmsgid "a"\nmsgstr "Per\xfa"\n', "utf-8", "latin-1",
         ":9: not utf-8 text (byte 0xfa)"),
        ('msgctxt "title"\nmsgid "a"\nmsgstr "x"\n\nmsgctxt ""\n"ti"\n"tle"\nmsgid "b"\nmsgstr "y"\n',
         "utf-8", "utf-8", ':11: msgctxt "title" again (first on line 7)'),
        ('msgctxt "title"\nmsgid "a"\nmsgstr[0] "x"\nmsgstr[1] "y"\n', "utf-8", "utf-8",
         ":9: a plural entry; a UA's texts have no plurals"),
        ('msgctxt "title"\nmsgid "a"\nmsgstr "x"\n', "base64", "utf-8",
         ":5: unknown charset 'base64'; save the file as UTF-8"),
        ('msgctxt "title"\nmsgid "a"\nmsgstr "+AGA-x"\n', "utf-7", "utf-8",
         ":5: unknown charset 'utf-7'; save the file as UTF-8"),
        (f'msgctxt "title"\nmsgid "a"\nmsgstr "{"x" * 70_000}"\n', "utf-8", "utf-8",
         ":9: a line of 70,009 characters"),
    ],
    ids=["plural", "bogus-charset", "utf8-read-as-latin1", "unterminated", "duplicate",
         "bad-utf8", "duplicate-continued", "plural-forms-alone", "base64", "utf-7",
         "long-line"],
)  # fmt: skip
def test_a_broken_po_file_is_one_line_per_problem(run, tmp_path, body, charset, encoding, expected):
    path = _raw_po(tmp_path, body, charset, encoding)
    result = run("translate", "import", str(path))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 1


def test_only_the_headers_content_type_names_the_charset(tmp_path):
    from ua_cli.campaign.pofiles import read_catalog

    path = _raw_po(tmp_path, 'msgctxt "title"\nmsgid "a"\nmsgstr "Perú"\n')
    path.write_bytes(b"# a comment saying charset=latin-1\n" + path.read_bytes())
    assert [m.string for m in read_catalog(path) if m.id] == ["Perú"]  # not "PerÃº"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Eccellenza\x1b]0;pwned\x07", "001B"),
        ("Sua Eccellenza\r\nBcc: evil@x.example", "000D"),
        ("Eccellenza\u2028Ministro", "2028"),
        ("Eccellenza \u202eovil", "202E"),
        ("Eccellenza\u0085", "0085"),
    ],
)
def test_control_characters_in_a_translation_are_refused_with_the_line(
    run, today, tmp_path, text, code
):
    path = _po(run, tmp_path, "it", {**ITALIAN, "targets.embassy.courtesy_title": text})
    result = run("translate", "import", str(path))
    assert result.exit_code == 1
    line = 1 + next(  # the msgid after it
        n
        for n, content in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
        if content == 'msgctxt "targets.embassy.courtesy_title"'
    )
    assert f":{line}: targets.embassy.courtesy_title: holds the invisible character U+{code}" in (
        result.stderr
    )
    assert not list((pathlib.Path(os.environ["XDG_DATA_HOME"]) / "ua").glob("translations/*/it.po"))


def test_the_header_names_a_ua_by_its_number_never_a_path(run, today, tmp_path):
    path = _po(run, tmp_path, "it", ITALIAN)
    sneaky = tmp_path / "sneaky.po"
    shipped = str(SHIPPED_UA)
    sneaky.write_text(
        path.read_text(encoding="utf-8").replace("UA 106.23 106.23", f"UA {shipped} 1"),
        encoding="utf-8",
    )
    result = run("translate", "import", str(sneaky))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{sneaky}:1: not a translation of a UA: its Project-Id-Version is 'UA {shipped}', "
        "not 'UA <number>' (such as 'UA 106.23')\n"
    )


def _translate_as_is(path) -> None:
    """Every text 'translated' as its source: a complete file, for the workflow."""
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        if message.id:
            message.string = message.id
    with path.open("wb") as stream:
        write_po(stream, catalog, width=0)


def test_a_ua_written_to_a_file_is_translated_with_ua_file(run, today, tmp_path):
    from tests.builders import PROJECT

    ua = tmp_path / "mine.yaml"
    ua.write_text(
        (PROJECT / "tests" / "data" / "urgent_action_999_01.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    exported = run(
        "translate", "export", "--ua", str(ua), "--lang", "it", "-o", str(tmp_path / "it.po")
    )
    assert exported.exit_code == 0, exported.stderr
    _translate_as_is(tmp_path / "it.po")
    alone = run("translate", "import", str(tmp_path / "it.po"))
    assert alone.exit_code == 1
    assert f"give its file: ua translate import --ua FILE {tmp_path / 'it.po'}" in alone.stderr
    imported = run("translate", "import", "--ua", str(ua), str(tmp_path / "it.po"))
    assert imported.exit_code == 0, imported.stderr
    assert f"try: ua letter --ua {ua} --target all --lang it" in imported.stderr


def test_a_french_letter_to_sign_puts_a_no_break_space_before_the_colon(run, today):
    result = run("letter", "-t", "pcm", "-l", "fr", *SENDER)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("Nom\u00a0: ________________________________\n")


@pytest.mark.parametrize(
    ("lang", "date"),
    [
        ("en", "29 November 2026"),
        ("es", "29 de noviembre de 2026"),
        ("fr", "29 novembre 2026"),
        ("de", "29. November 2026"),
        ("pt", "29 de novembro de 2026"),
        ("it", "29 novembre 2026"),
        ("nl", "29 november 2026"),
        ("ar", "29 نوفمبر 2026"),
    ],
)
@pytest.mark.parametrize("target", ["pcm", "embassy"])
def test_every_language_writes_the_letter_with_the_name_the_decree_and_its_date(
    run, today, lang, date, target
):
    result = run("letter", "-t", target, "-l", lang, "--date", "2026-11-29", "--name", "Ana")
    assert result.exit_code == 0, result.stderr
    name = {"pcm": "Alberto Otárola Peñaranda", "embassy": "Gustavo Adolfo Meza-Cuadra Velásquez"}
    assert name[target] in result.stdout
    assert "1582" in result.stdout
    assert date in result.stdout
    assert "note:" not in result.stderr  # every text translated: no fallback


def test_an_entry_translated_from_english_that_changed_is_named_and_not_used(
    run, today, tmp_path, isolated_paths
):
    path = _po(run, tmp_path, "it", {**ITALIAN, "title": "Titolo vecchio"})
    text = path.read_text(encoding="utf-8").replace(
        'msgid "Refugees in Peru risk mass expulsions"', 'msgid "Refugees in Peru: an old title"'
    )
    path.write_text(text, encoding="utf-8")
    result = run("translate", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert (
        "1 text translated from English that has changed since: not used; "
        "ua translate export --lang it marks them fuzzy, with the new English"
    ) in result.stderr.splitlines()
    assert "UA 106.23 in 'it': 3 texts translated, 66 to go;" in result.stderr
