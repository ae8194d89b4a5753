"""`ua letter`: the exact facts of each letter, and every way it can go wrong."""

from __future__ import annotations

import textwrap

import pytest

from tests.builders import MADE_UP_UA, TESTS

# The UA's sample letter, its facts and demands kept, its language corrected
# (issue: letters that read as written by a person; the UA file says what changed):
# the decree named one way, the run-on ask split into sentences.
SEED_PARAGRAPHS = [
    "I am deeply concerned by the recent decree issued by the Peruvian government, which puts "
    "Venezuelan refugees in Peru at grave risk. The deadline to apply for temporary protection "
    "was too tight for many Venezuelans to secure regular migratory status, and now they are "
    "left totally unprotected and facing unlawful expulsions.",
    "The Peruvian authorities cannot ignore their obligations under international refugee and "
    "human rights law to protect those fleeing massive human rights violations in Venezuela. Peru "
    "must guarantee the right to request recognition of refugee status for all Venezuelans and "
    "implement complementary and temporary protection measures that are fully accessible and "
    "that protect basic rights. Crucially, Peru must ensure strict compliance with the principle "
    "of non-refoulement.",
    "Legislative Decree 1582 goes against international law, including the right to due "
    "process, a crucial barrier against the refoulement of refugees, and it seems to establish "
    "unlawful expulsions as the rule. I call on you to immediately repeal the decree and to fully "
    "comply with Peru’s international obligations to protect Venezuelan nationals in the country.",
]

SENDER = ["--name", "Ana Pérez", "--city", "Madrid", "--country", "Spain"]
SENDER += ["--email", "ana@example.org", "--date", "2026-11-29"]


def test_english_letter_to_pcm_is_exact(run, today):
    result = run("letter", "--target", "pcm", "--lang", "en", *SENDER, "--variant", "1")
    assert result.exit_code == 0, result.stderr
    body = "\n\n".join(SEED_PARAGRAPHS)
    assert result.stdout == (
        "Ana Pérez\nMadrid, Spain\nana@example.org\n\n"
        "29 November 2026\n\n"  # an English letter gives the date alone
        "Mr. Alberto Otárola Peñaranda\n"
        "President of the Council of Ministers\n"
        "Presidencia del Consejo de Ministros\n"
        "Jirón Carabaya, Cuadra 1\n"
        "Cercado de Lima, Perú\n\n"
        "Re: Legislative Decree 1582 and the protection of Venezuelan refugees\n\n"
        "Dear Mr. Otárola Peñaranda,\n\n"
        f"{body}\n\n"
        "Thank you for your attention to this urgent matter.\n\n"
        "Yours sincerely,\n\n\n\n"
        "Ana Pérez\n"
    )
    assert "refoulment" not in result.stdout


def test_spanish_letter_to_pcm_keeps_spanish_conventions(run, today):
    result = run("letter", "--target", "pcm", "--lang", "es", *SENDER, "--variant", "1")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:11] == [
        "Ana Pérez",
        "Madrid, Spain",
        "ana@example.org",
        "",
        "Madrid, 29 de noviembre de 2026",
        "",
        "Señor Alberto Otárola Peñaranda",
        "Presidente del Consejo de Ministros",
        "Presidencia del Consejo de Ministros",
        "Jirón Carabaya, Cuadra 1",
        "Cercado de Lima, Perú",
    ]
    assert "Señor presidente del Consejo de Ministros:" in lines
    assert "Le insto a derogar de inmediato el decreto y a cumplir plenamente" in result.stdout
    assert "Decreto Legislativo N.º 1582" in result.stdout
    assert "principio de no devolución" in result.stdout
    assert lines[-5:] == ["Atentamente,", "", "", "", "Ana Pérez"]


@pytest.mark.parametrize(
    ("lang", "salutation", "recipient", "organisation", "ask"),
    [
        (
            "en",
            "Your Excellency,",
            "His Excellency Mr. Gustavo Adolfo Meza-Cuadra Velásquez",
            "Peruvian Embassy in the United States",
            "I ask you to convey my concern to your government and to urge it to repeal "
            "the decree immediately",
        ),
        (
            "es",
            "Excelentísimo señor embajador:",
            "Excelentísimo señor Gustavo Adolfo Meza-Cuadra Velásquez",
            "Embajada del Perú en los Estados Unidos",  # the address block in the letter's language
            "Le pido que transmita mi preocupación a su Gobierno y que lo inste a derogar "
            "de inmediato el decreto",
        ),
    ],
)
def test_ambassador_is_asked_to_convey_and_urge_not_to_repeal(
    run, today, lang, salutation, recipient, organisation, ask
):
    result = run("letter", "--target", "embassy", "--lang", lang, *SENDER, "--variant", "1")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert recipient in lines
    assert salutation in lines
    for address_line in ["1700 Massachusetts Avenue, NW", "Washington DC 20036", "USA"]:
        assert address_line in lines
    assert organisation in lines
    assert ask in result.stdout
    assert "I call on you to immediately repeal" not in result.stdout
    assert "Le insto a derogar" not in result.stdout


def test_default_language_is_the_uas_preferred_one_with_a_note(run, today):
    result = run("letter", "--target", "pcm", "--date", "2026-11-29")
    assert result.exit_code == 0
    assert "29 de noviembre de 2026" in result.stdout
    assert (
        "note: writing in español (es), the language the UA prefers; for another use --lang en"
        in result.stderr
    )


def test_configured_language_wins_over_the_uas(run, today):
    assert run("config", "set", "language", "en").exit_code == 0
    result = run("letter", "--target", "pcm", "--date", "2026-11-29")
    assert "Dear Mr. Otárola Peñaranda," in result.stdout
    assert "note: writing in English (en), your configured language; for another use --lang es" in (
        result.stderr
    )


def test_no_name_leaves_a_line_to_sign_and_hints(run, today):
    result = run("letter", "--target", "pcm", "--lang", "en", "--date", "2026-11-29")
    assert result.stdout.endswith(
        "Yours sincerely,\n\n\n\n"
        "________________________________\n(signature)\n\n"
        "Name: ________________________________\n"
    )
    assert result.stdout.startswith("29 November 2026\n\nMr. Alberto Otárola Peñaranda\n")
    assert 'ua config set name "Your Name"' in result.stderr


def test_personal_paragraph_follows_the_first_paragraph(run, today):
    personal = "  I volunteer with   refugees in Madrid.  "
    args = ["--personal", personal, "--variant", "1"]
    result = run("letter", "-t", "pcm", "-l", "en", *SENDER, *args)
    # where the letter says why it is written, not after the thanks
    assert (
        f"{SEED_PARAGRAPHS[0]}\n\nI volunteer with refugees in Madrid.\n\n{SEED_PARAGRAPHS[1]}"
        in result.stdout
    )


def test_closed_deadline_warns_once_and_still_renders(run, today):
    result = run("letter", "--target", "pcm", "--lang", "en")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: UA 106.23 asked for action until 2024-01-09 (1055 days ago); "
        "check for a newer UA before sending"
    ]


def test_several_targets_are_separated_by_a_form_feed(run, today):
    result = run("letter", "--target", "all", "--lang", "en", *SENDER)
    letters = result.stdout.split("\f")
    assert len(letters) == 2
    assert "Dear Mr. Otárola Peñaranda," in letters[0]
    assert "Your Excellency," in letters[1]


def test_html_escapes_user_data(run, today):
    result = run(
        "letter", "-t", "pcm", "-l", "en", "--format", "html", "--name", "<b>Ana</b>",
        "--personal", "<script>alert(1)</script>",
    )  # fmt: skip
    assert result.exit_code == 0
    assert "&lt;b&gt;Ana&lt;/b&gt;" in result.stdout
    assert "<b>Ana</b>" not in result.stdout
    assert "<script>" not in result.stdout
    assert "Otárola Peñaranda" in result.stdout


def test_markdown_escapes_formatting_in_user_data(run, today):
    result = run("letter", "-t", "pcm", "-l", "en", "--format", "markdown", "--name", "*Ana*")
    assert result.stdout.rstrip().endswith(r"\*Ana\*")
    assert "Mr. Alberto Otárola Peñaranda\\\n" in result.stdout


def test_unknown_target_is_a_usage_error_with_a_suggestion(run, today):
    result = run("letter", "--target", "pmc")
    assert result.exit_code == 2
    assert (
        "unknown target 'pmc'; choose from: pcm, embassy, all. Did you mean 'pcm'?" in result.stderr
    )
    assert result.stdout == ""


def test_unknown_language_is_a_usage_error(run, today):
    result = run("letter", "--target", "pcm", "--lang", "sw")
    assert result.exit_code == 2
    assert "unknown language 'sw'; choose from: ar, de, en, es, fr, it, nl, pt." in result.stderr


def test_a_language_with_a_pack_but_no_translation_says_how_to_make_one(run, today):
    made_up = str(TESTS / "data" / "urgent_action_999_01.yaml")
    result = run("letter", "--ua", made_up, "--target", "minister", "--lang", "it")
    assert result.exit_code == 2
    assert (
        f"UA 999.01 has no texts in 'it' yet; translate them with: ua translate export "
        f"--ua {made_up} --lang it -o it.po, then ua translate import --ua {made_up} it.po"
    ) in result.stderr


def test_output_file_is_not_overwritten_without_force(run, today, tmp_path):
    out = tmp_path / "letter.txt"
    out.write_text("my notes\n")
    result = run("letter", "--target", "pcm", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {out} already exists; use --force to overwrite it"
    assert out.read_text() == "my notes\n"
    forced = run("letter", "--target", "pcm", "-l", "en", "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert "Dear Mr. Otárola Peñaranda," in out.read_text()


def test_user_template_gets_the_same_data(run, today, tmp_path):
    template = tmp_path / "mine.txt.j2"
    template.write_text(
        "{{ target.name }} | {{ letter.salutation }} | {{ campaign.id }} | {{ sender.name }}\n"
    )
    result = run("letter", "-t", "pcm", "-l", "en", "--name", "Ana", "--template", str(template))
    assert result.exit_code == 0
    assert result.stdout == (
        "Alberto Otárola Peñaranda | Dear Mr. Otárola Peñaranda, | 106.23 | Ana\n"
    )


def test_user_template_runs_in_a_sandbox(run, today, tmp_path):
    template = tmp_path / "evil.txt.j2"
    template.write_text("line one\n{{ letter.__class__.__init__.__globals__ }}\n")
    result = run("letter", "-t", "pcm", "--template", str(template))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"Error: {template}:2: template error:")
    assert "__globals__" not in result.stdout


def test_template_with_a_missing_variable_names_file_and_line(run, today, tmp_path):
    template = tmp_path / "typo.txt.j2"
    template.write_text("Hello\n\n{{ letter.salutaton }}\n")
    result = run("letter", "-t", "pcm", "--template", str(template))
    assert result.exit_code == 1
    assert (
        f"Error: {template}:3: template error: 'ua_cli.compose.letter.Letter object' has no attribute "
        "'salutaton'" in result.stderr
    )
    assert "Traceback" not in result.output


def test_template_syntax_error_names_file_and_line(run, today, tmp_path):
    template = tmp_path / "broken.txt.j2"
    template.write_text("ok\n{% if %}\n")
    result = run("letter", "-t", "pcm", "--template", str(template))
    assert result.exit_code == 1
    assert f"Error: {template}:2: template error:" in result.stderr


def test_user_folder_overrides_a_shipped_template(run, today, isolated_paths):
    folder = isolated_paths / "letters" / "en"
    folder.mkdir(parents=True)
    (folder / "letter.txt.j2").write_text("Custom: {{ letter.recipient_lines[0] }}\n")
    result = run("letter", "-t", "pcm", "-l", "en")
    assert result.stdout == "Custom: Mr. Alberto Otárola Peñaranda\n"


def test_a_second_ua_file_renders_without_code_changes(run, today):
    result = run(
        "letter", "--ua", str(MADE_UP_UA), "-t", "minister", "-l", "es",
        "--name", "Ana", "--date", "2026-01-05",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == textwrap.dedent("""\
        Ana

        5 de enero de 2026

        Señora Ana Fictícia Ruiz
        Ministra de Justicia
        Ministerio de Justicia
        1 Example Square
        Example City 00000
        ZEDLAND

        Asunto: La detención de Marta Quispe

        Señora ministra:

        Le pido que ponga en libertad a Marta Quispe de inmediato y sin condiciones.

        Atentamente,



        Ana
        """)
    assert "warning" not in result.stderr  # its deadline is in the future


def test_ua_data_folder_adds_uas_and_ids_choose_between_them(run, today, monkeypatch):
    monkeypatch.setenv("UA_DATA", str(MADE_UP_UA.parent))
    ambiguous = run("letter", "-t", "pcm")
    assert ambiguous.exit_code == 1
    assert "several UAs are available (999.01, 106.23)" in ambiguous.stderr
    chosen = run("letter", "--ua", "999.01", "-t", "minister", "-l", "en")
    assert "Dear Minister," in chosen.stdout
    unknown = run("letter", "--ua", "106.32", "-t", "pcm")
    assert unknown.exit_code == 2
    assert "unknown UA '106.32'; choose from: 999.01, 106.23. Did you mean '106.23'?" in (
        unknown.stderr
    )


def test_default_ua_from_the_profile(run, today, monkeypatch):
    monkeypatch.setenv("UA_DATA", str(MADE_UP_UA.parent))
    assert run("config", "set", "ua", "106.23").exit_code == 0
    result = run("letter", "-t", "pcm", "-l", "en")
    assert result.exit_code == 0
    assert "Dear Mr. Otárola Peñaranda," in result.stdout


def test_us_sender_gets_the_american_date_order(run, today):
    result = run("letter", "-t", "embassy", "-l", "en", "--country", "USA", "--date", "2026-11-29")
    assert "\nNovember 29, 2026\n" in result.stdout
