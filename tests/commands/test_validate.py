"""`ua validate` and loading UA files: every mistake named with its line, never a traceback."""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.builders import MADE_UP_UA, SHIPPED_UA

# A UA file with mistakes of many kinds: wrong types, bad formats, missing and
# unknown fields, missing translations, duplicate ids, channels without contacts.
BROKEN_UA = textwrap.dedent("""\
    id: 106.23
    title:
      en: A title
      es: Un título
    country: Peru
    people_at_risk:
      name:
        en: Someone
    deadline: 2024-13-01
    languages: [es, en]
    preferred_language: pt
    previous_ua: www.example.org/ua
    sequence: two
    summary:
      en: What happened.
    key_facts:
      - id: decree
        label: A decree
        date: 14 November 2023
    talking_points:
      - id: repeal
        text:
          en: Repeal it.
      - id: repeal
        text:
          en: Repeal it now.
          es: Derógalo ya.
    letter:
      subject:
        en: Re
        es: Asunto
      paragraphs:
        - id: ask
          text:
            en: Please act.
            es: Actúe, por favor.
      closing:
        en: Yours,
        es: Atentamente,
        fr: Cordialement,
    targets:
      pcm:
        name: Someone Official
        courtesy_title: {en: Mr., es: Señor}
        position: {en: Minister, es: Ministro}
        organisation: {en: A ministry, es: Un ministerio}
        address: [Street 1, Lima, Perú]
        country: PE
        email: official@
        twitter: NoAtSign
        salutaton: {en: "Dear Sir,", es: "Señor:"}
        channels: [letter, email, tweet, sms]
      embassy:
        name: Someone Else
        courtesy_title: {en: Mr., es: Señor}
        position: {en: Ambassador, es: Embajador}
        organisation: {en: An embassy, es: Una embajada}
        address: [Street 2, Washington DC]
        country: US
        salutation: {en: "Dear Sir,", es: "Señor:"}
        channels: [letter, fax]
        paragraphs:
          request:
            en: Please convey.
            es: Transmita.
    """)


def test_a_dozen_mistakes_are_reported_together_with_their_lines(run, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_UA, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f'{path}:1: id: expected text, got the number 106.23; quote it: "106.23"',
        f"{path}:5: country: an ISO 3166 country code such as 'PE' or 'US'",
        f"{path}:7: people_at_risk.name: missing the es text",
        f"{path}:9: deadline: invalid value: month must be in 1..12",
        f"{path}:12: previous_ua: not a web address (http:// or https://)",
        f"{path}:13: sequence: expected a whole number, got 'two'",
        f"{path}:19: key_facts[0].date: expected a date as YYYY-MM-DD, got '14 November 2023'",
        f"{path}:22: talking_points[0].text: missing the es text",
        f"{path}:24: talking_points[1].id: id 'repeal' is used twice",
        f"{path}:40: letter.closing.fr: 'fr' is not one of the UA's languages (es, en)",
        f"{path}:42: targets.pcm: required field 'salutation' is missing",
        f"{path}:49: targets.pcm.email: not a valid email address",
        f"{path}:50: targets.pcm.twitter: a Twitter/X handle such as '@name'",
        f"{path}:51: targets.pcm.salutaton: unknown field; did you mean 'salutation'?",
        f"{path}:52: targets.pcm.channels[3]: 'sms' is not one of: letter, email, fax, call, tweet",
        f"{path}:61: targets.embassy.channels[1]: channel 'fax' needs the target's fax",
        f"{path}:63: targets.embassy.paragraphs.request: no letter paragraph 'request' to replace (ask)",
    ]


def _write(tmp_path, text: str | bytes, name: str = "ua.yaml"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "id: '1.1'\ntitle: [unclosed\nother: 1\n",
            "3: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)",
            id="syntax",
        ),
        pytest.param(
            "id: '1.1'\ntitle:\n\ten: x\n",
            "3: YAML syntax error: a tab character; YAML indents with spaces only",
            id="tab",
        ),
        pytest.param(
            "id: '1.1'\ndeadline: 2024-01-09\nid: '1.2'\n",
            "3: id: duplicate key (first given on line 1)",
            id="duplicate-key",
        ),
        pytest.param(
            "id: '1.1'\ntitle:\n  es: Per\xfa\n".encode("latin-1"),
            "3: not valid UTF-8 (byte 0xfa); save the file as UTF-8",
            id="encoding",
        ),
        pytest.param("", "1: expected a mapping of UA fields", id="empty"),
        pytest.param("- a\n- b\n", "1: expected a mapping of UA fields", id="list"),
    ],
)
def test_broken_yaml_is_one_clear_line(run, tmp_path, content, expected):
    path = _write(tmp_path, content)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:{expected}" in result.stderr.splitlines()
    assert "Traceback" not in result.output


def test_every_command_that_loads_a_broken_file_reports_it(run, tmp_path):
    path = _write(tmp_path, "id: '1.1'\ntitle:\n\ten: x\n")
    for command in (["letter", "-t", "x"], ["show"], ["targets"]):
        result = run(*command, "--ua", str(path))
        assert result.exit_code == 1, command
        assert result.stderr == (
            f"{path}:3: YAML syntax error: a tab character; YAML indents with spaces only\n"
        )


def test_clean_files_get_a_summary_line(run):
    result = run("validate", str(SHIPPED_UA), str(MADE_UP_UA))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{SHIPPED_UA}: ok: UA 106.23, 2 targets (pcm, embassy), languages es, en",
        *(
            f"{SHIPPED_UA}: variety: {who}: 343 different letters; of 100, two share at most "
            f"{largest} of their text in identical sentences (median {median})"
            for who, largest, median in [
                ("pcm in 'es'", "34%", "15%"),
                ("pcm in 'en'", "34%", "15%"),
                ("embassy in 'es'", "33%", "15%"),
                ("embassy in 'en'", "34%", "15%"),
            ]
        ),
        f"{MADE_UP_UA}: ok: UA 999.01, 1 target (minister), languages en, es",
    ]
    # the made-up UA words each text one way: the author is told
    assert result.stderr.splitlines() == [
        f"{MADE_UP_UA}: warning: variety: minister in '{lang}': every letter is the same; "
        "give its sentences more wordings (a list under each language)"
        for lang in ("en", "es")
    ]


def test_without_files_every_ua_found_is_checked(run, monkeypatch):
    monkeypatch.setenv("UA_DATA", str(MADE_UP_UA.parent))
    result = run("validate")
    assert result.exit_code == 0
    assert [
        line.split(": ok: ")[1][:9] for line in result.stdout.splitlines() if ": ok: " in line
    ] == [
        "UA 999.01",
        "UA 106.23",
    ]


def test_one_bad_file_fails_the_run_but_the_others_are_still_checked(run, tmp_path):
    bad = _write(tmp_path, "id: '1.1'\n")
    result = run("validate", str(bad), str(SHIPPED_UA))
    assert result.exit_code == 1
    assert f"{SHIPPED_UA}: ok: UA 106.23" in result.stdout
    assert f"{bad}:1: required field 'title' is missing" in result.stderr


def test_a_language_without_templates_is_a_mistake(run, tmp_path):
    text = MADE_UP_UA.read_text(encoding="utf-8").replace(
        "languages: [en, es]", "languages: [en, sw]"
    )
    path = _write(tmp_path, text)
    result = run("validate", str(path))
    assert f"{path}:13: languages[1]: no letter templates for 'sw' (add letters/sw/)" in (
        result.stderr.splitlines()
    )


def test_schema_describes_the_format(run):
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {
        "id", "title", "country", "people_at_risk", "deadline", "languages",
        "preferred_language", "summary", "letter", "targets",
    }  # fmt: skip
    target = schema["properties"]["targets"]["additionalProperties"]
    assert target["properties"]["email"] == {
        "type": "string",
        "minLength": 1,
        "format": "email",
        "description": "Email address.",
    }
    assert target["properties"]["channels"]["items"] == {
        "enum": ["letter", "email", "fax", "call", "tweet"]
    }
    assert schema["properties"]["deadline"]["format"] == "date"
    assert "salutation" in target["required"]


def _with_release_paragraph(tmp_path, english: str, spanish: str):
    """The made-up UA with its one paragraph given as these YAML values."""
    text = MADE_UP_UA.read_text(encoding="utf-8")
    old = (
        "        en: Please release Marta Quispe immediately and unconditionally.\n"
        "        es: Le pido que ponga en libertad a Marta Quispe de inmediato y sin condiciones.\n"
    )
    assert old in text
    return _write(tmp_path, text.replace(old, f"        en: {english}\n        es: {spanish}\n"))


def test_wordings_of_a_text_need_as_many_sentences(run, tmp_path):
    path = _with_release_paragraph(
        tmp_path,
        '["Release her. Now.", "Please release her now.", "Free her! Today."]',
        '["Libérela. Ya.", "Le pido que la libere. Hoy mismo."]',
    )
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:24: letter.paragraphs[0].text.en[1]: has 1 sentence and the first wording 2; "
        "letters mix wordings sentence by sentence",
    ]


def test_fewer_wordings_in_one_language_is_a_warning(run, tmp_path):
    path = _with_release_paragraph(
        tmp_path,
        '["Release her now.", "Please free her now.", "Free her today."]',
        "Le pido que la libere ya.",
    )
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{path}:25: warning: letter.paragraphs[0].text.es: 1 wording where 'en' has 3; "
        "letters in 'es' vary less",
        f"{path}: warning: variety: minister in 'en': only 3 different letters, so 100 repeat "
        "word for word; give its sentences more wordings (a list under each language)",
        f"{path}: warning: variety: minister in 'es': every letter is the same; give its "
        "sentences more wordings (a list under each language)",
    ]
    assert f"{path}: ok: UA 999.01" in result.stdout
    letters = {run("letter", "--ua", str(path), "-t", "minister", "-l", "en", "--variant", n).stdout
               for n in ("1", "2", "3")}  # fmt: skip
    assert len(letters) == 3


def test_an_empty_list_of_wordings_is_a_mistake(run, tmp_path):
    path = _with_release_paragraph(tmp_path, "[]", "Le pido que la libere ya.")
    result = run("validate", str(path))
    assert f"{path}:24: letter.paragraphs[0].text.en: give at least one" in result.stderr


def test_letters_take_the_other_orders_and_one_optional_paragraph_or_none(tmp_path):
    from ua_cli.campaign.model import load_campaign
    from ua_cli.compose.variety import Variants

    release = ["Release her now.", "Please release her.", "Free her today.", "Set her free.",
               "I ask you to free her."]  # fmt: skip
    reasons = ["She reported on floods.", "She is a journalist."]
    text = MADE_UP_UA.read_text(encoding="utf-8").replace(
        "  closing:\n",
        "    - id: reason\n      optional: true\n      text:\n"
        "        en: [She reported on floods., She is a journalist.]\n"
        "        es: [Informó sobre inundaciones., Es periodista.]\n"
        "  orders:\n    - [reason, release]\n"
        "  closing:\n",
        1,
    )
    campaign = load_campaign(_write(tmp_path, text.replace(
        "        en: Please release Marta Quispe immediately and unconditionally.\n"
        "        es: Le pido que ponga en libertad a Marta Quispe de inmediato y sin condiciones.\n",
        f"        en: {release}\n        es: {release}\n",
    )))  # fmt: skip
    variants = Variants(campaign, campaign.targets["minister"], "en")
    # five wordings of one sentence: a Reed-Solomon code over GF(5) of one point
    assert variants.count == 5
    assert variants.wording(0).paragraphs == ("Release her now.",)  # the UA's own: none added
    shapes = set()
    for v in range(variants.count):
        paragraphs = variants.wording(v).paragraphs
        added = [p for p in paragraphs if p in reasons]
        shapes.add((len(paragraphs), paragraphs.index(added[0]) if added else None))
        # the reason taken follows the wording of the sentence it goes with
        said = next(p for p in paragraphs if p in release)
        assert release.index(said) % 3 == (1 + reasons.index(added[0]) if added else 0)
    assert shapes == {(1, None), (2, 0), (2, 1)}  # none, before and after: both orders


@pytest.mark.parametrize(
    ("old", "new", "line", "problem"),
    [
        (
            "  closing:\n",
            "  orders:\n    - [release, release]\n  closing:\n",
            27,
            "letter.orders[0]: an order names every paragraph once (release)",
        ),
        (
            "    - id: release\n",
            "    - id: release\n      optional: true\n",
            21,
            "letter.paragraphs: every paragraph is optional, so a letter could have none; make "
            "one not optional",
        ),
        (
            "en: Please release Marta Quispe immediately and unconditionally.",
            "en: Please, {address}, release Marta Quispe.",
            24,
            "letter.paragraphs[0].text.en: holds a brace that nothing fills in; a letter would print it",
        ),
        (
            "    en: Yours faithfully,",
            "    en: Yours faithfully, {address}, {address}",
            27,
            "letter.closing.en: holds {address} twice",
        ),
        (
            "    en: Yours faithfully,",
            "    en: Yours { address } faithfully,",
            27,
            "letter.closing.en: holds a brace that nothing fills in (only {address} is filled "
            "in here); a letter would print it",
        ),
        (
            '    en: "Re: The detention of Marta Quispe"',
            '    en: "Re: The detention\\n\\nP.S. of Marta Quispe"',
            19,
            "letter.subject.en: holds a line break; write it as one paragraph",
        ),
    ],
)
def test_a_letter_that_would_print_wrong_is_refused_with_its_line(
    run, tmp_path, old, new, line, problem
):
    text = MADE_UP_UA.read_text(encoding="utf-8")
    assert old in text
    path = _write(tmp_path, text.replace(old, new, 1))
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{path}:{line}: {problem}"]


def test_variety_is_not_measured_for_a_letter_of_a_thousand_sentences(run, tmp_path):
    many = " ".join(f"Sentence {n} says it." for n in range(1000))
    other = " ".join(f"Phrase {n} says it." for n in range(1000))
    path = _with_release_paragraph(tmp_path, f'["{many}", "{other}"]', f'["{many}", "{other}"]')
    result = run("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert f"{path}: variety: minister in 'en': not measured, the letter has 1,000 sentences" in (
        result.stdout.splitlines()
    )


def test_wordings_and_alternatives_no_letter_can_take_are_named(run, tmp_path):
    wordings = [f"Free her, I ask you {n}." for n in range(14)]  # 13 is the largest prime used
    text = MADE_UP_UA.read_text(encoding="utf-8").replace(
        "  closing:\n",
        "    - id: reason\n      optional: true\n      text:\n"
        "        en: [A., B., C., D., E., F., G., H., I., J., K., L., M., N.]\n"
        "        es: [A., B., C., D., E., F., G., H., I., J., K., L., M., N.]\n"
        "  closing:\n",
        1,
    )
    path = _write(tmp_path, text.replace(
        "        en: Please release Marta Quispe immediately and unconditionally.\n"
        "        es: Le pido que ponga en libertad a Marta Quispe de inmediato y sin condiciones.\n",
        f"        en: {wordings}\n        es: {wordings}\n",
    ))  # fmt: skip
    result = run("validate", str(path))
    assert result.exit_code == 0, result.stderr
    expected = (
        f"{path}: warning: variety: minister in 'en': only 13 different letters, so 100 repeat "
        "word for word; wordings past the 13th of a sentence are never used (give every "
        "sentence 13 or the next prime number); 'reason' gives 14 alternatives and letters can "
        "take 13: one fewer than its sentence's wordings; give its sentences more wordings (a "
        "list under each language)"
    )
    assert expected in result.stderr.splitlines()
