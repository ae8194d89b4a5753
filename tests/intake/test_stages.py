"""Each stage of the reader on its own: lines made ready, cues, contacts,
the UA's facts; and property tests for the parsers of untrusted text."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ua_cli.intake.blocks import Line, prepared, split_labels
from ua_cli.intake.contacts import read_target, split_targets
from ua_cli.intake.cues import country_in, cue_of
from ua_cli.intake.fields import parse_date, ua_id
from ua_cli.intake.reading import read_draft


def test_contacts_run_together_on_one_line_are_split_before_each_label():
    line = (
        "Ambassador Ana Ruiz Embassy of Peru 1700 Oak Street NW, Washington DC 20036 "
        "Phone: 202 555 0100 I Fax: 202 555 0199 Email: a@embassy.example , b@embassy.example "
        "Twitter: @PeruEmb , @AnaRuiz Salutation: Dear Ambassador"
    )
    assert split_labels(line) == [
        "Ambassador Ana Ruiz Embassy of Peru 1700 Oak Street NW, Washington DC 20036",
        "Phone: 202 555 0100",
        "Fax: 202 555 0199",
        "Email: a@embassy.example , b@embassy.example",
        "Twitter: @PeruEmb , @AnaRuiz",
        "Salutation: Dear Ambassador",
    ]
    assert split_labels("Please send an email: it helps.") == ["Please send an email: it helps."]


def test_an_inline_sample_letter_is_split_into_cue_greeting_and_text():
    ready = prepared(["SAMPLE LETTER Dear Counsellor, I am writing about Ana. Sincerely,"])
    assert [line.text for line in ready] == [
        "SAMPLE LETTER",
        "Dear Counsellor,",
        "I am writing about Ana. Sincerely,",
    ]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Write to:", "targets"),
        ("Envía los llamamientos a:", "targets"),
        ("VEUILLEZ ADRESSER VOS APPELS À :", "targets"),
        ("Schreiben Sie an", "targets"),
        ("PLEASE SEND APPEALS BEFORE 16 APRIL 2024 TO:", "targets"),
        ("TARGET’S CONTACT DETAILS & “COPIES TO”", "targets"),
        ("And copies to:", "copies"),
        ("Copias a:", "copies"),
        ("Copies à :", "copies"),
        ("Kopien an:", "copies"),
        ("SAMPLE LETTER", "letter"),
        ("Carta modelo", "letter"),
        ("ADDITIONAL INFORMATION", "background"),
        ("Write to the Director of the Bureau urging him to:", None),
    ],
)
def test_cues_in_four_languages(line, kind):
    assert (cue_of(line) or (None,))[0] == kind


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("This Urgent Action expires on April 25, 2022.", datetime.date(2022, 4, 25)),
        ("APPEAL DEADLINE NOTICE: 16 August 2017", datetime.date(2017, 8, 16)),
        ("ENVOYEZ VOS APPELS AVANT LE 22 AVRIL 2015", datetime.date(2015, 4, 22)),
        ("hasta el 5 de mayo de 2024", datetime.date(2024, 5, 5)),
        ("bis zum 3. März 2025", datetime.date(2025, 3, 3)),
        ("2024-01-09", datetime.date(2024, 1, 9)),
        ("February 30, 2024", None),
    ],
)
def test_dates_in_four_languages(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Urgent Action Update (Egypt: UA 175.19)", "175.19"),
        ("UA 33/23", "33.23"),
        ("AU 047/24 | Índice: AMR 41/7731/2024", "47.24"),
        ("UA: 88/27 Index: AMR 23/8812/2027", "88.27"),
        ("Urgent Action 45.27", "45.27"),
        ("FURTHER INFORMATION ON UA: 27/24", "27.24"),
        ("UA-Nr: UA-031/2025", "31.25"),
        ("Index: AMR 37/6674/2017", None),
    ],
)
def test_ua_numbers_in_their_forms(text, number):
    found = ua_id([Line(1, text)])
    assert (found.value if found else None) == number


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Cairo, Arab Republic of Egypt", "EG"),
        ("Washington DC 20008", "US"),
        ("Ottawa, ON K1N 6M7", "CA"),
        ("75116 Paris", "FR"),
        ("Ciudad de México, México", "MX"),
        ("Tunis", "TN"),
        ("Jiangsu Road 27", None),
    ],
)
def test_countries_from_names_postcodes_and_capitals(text, code):
    assert country_in(text) == code


def _target(text: str, copy: bool = False):
    lines = [Line(n, t) for n, t in enumerate(text.strip().splitlines(), start=1)]
    [block] = list(split_targets(lines))
    return read_target(block, copy=copy)


def test_a_role_on_one_line_and_the_name_on_the_next():
    target = _target(
        "Minister of the Interior\nKhaled Mostafa Abdel-Rahman\nMinistry of the Interior\nNasr City Road\nCairo, Egypt\nFax: +20 2 2579 3114"
    )
    assert (target.name.value, target.position.value, target.organisation.value) == (
        "Khaled Mostafa Abdel-Rahman", "Minister of the Interior", "Ministry of the Interior"
    )  # fmt: skip
    assert [line.value for line in target.address] == ["Nasr City Road", "Cairo, Egypt"]
    assert (target.country, target.fax.value) == ("EG", "+20 2 2579 3114")


def test_an_office_without_a_person_is_addressed_as_itself():
    target = _target(
        "Director of Public Security Bureau\nJiangsu Road 27\nLhasa, People’s Republic of China\nSalutation: Dear Director"
    )
    assert target.name is None
    assert target.position.value == "Director of Public Security Bureau"
    assert (target.country, target.salutation.value) == ("CN", "Dear Director,")


def test_several_numbers_and_emails_on_one_line_keep_the_first_and_name_the_rest():
    target = _target(
        "His Excellency Jianming ZHOU\nEmbassy of China\n480 Wilbrod Street\nOttawa, ON K1N 6M7\n"
        "Tel: (613) 555-2716,2745,2790/761-0338 (24h)\nEmail: a@embassy.example, b@embassy.example"
    )
    assert (target.courtesy_title.value, target.name.value) == ("His Excellency", "Jianming ZHOU")
    assert (target.phone.value, target.email.value, target.country) == (
        "(613) 555-2716", "a@embassy.example", "CA"
    )  # fmt: skip
    assert ("email", "b@embassy.example") in [(f, v.value) for f, v in target.unused]


def test_a_name_with_a_full_width_address_in_it_is_doubted():
    target = _target(
        "Mr. Néstor Osuna ＜evil＠attacker.example＞\nMinistry of Justice\nCalle 53 No. 13-27\nBogotá, Colombia"
    )
    assert target.name.doubt == "it holds < > @ , or ;, which no name has"


def test_a_contact_longer_than_any_is_kept_for_a_person_not_read():
    value = "a" * 50_000  # the email pattern would try each start: minutes
    target = _target(f"Mr. Néstor Osuna\nCalle 53 No. 13-27\nBogotá, Colombia\nEmail: {value}")
    assert target.email is None
    assert [(f, len(v.value)) for f, v in target.unused] == [("email", 301)]


def test_people_named_with_an_address_in_them_are_doubted():
    from ua_cli.intake.fields import Found, people

    names, _ = people(Found("Marta <evil@attacker.example> (she/her)", 7))
    assert (names.value, names.doubt) == (
        "Marta <evil@attacker.example>", "it holds < > @ or ;, which no name has"
    )  # fmt: skip


def test_a_name_with_an_address_in_it_is_doubted():
    target = _target(
        "Mr. Néstor Osuna, <evil@attacker.example>\nMinistry of Justice\nCalle 53 No. 13-27\nBogotá, Colombia"
    )
    assert target.name.doubt == "it holds < > @ , or ;, which no name has"


def test_a_document_with_no_headings_gives_the_address_block_before_its_letter():
    draft = read_draft(
        "Our group writes every month.\n\nInspector General of Police Chandana Perera,\n\n"
        "Sri Lanka Police,\n\nChurch Street, Colombo 01,\n\nSri Lanka.\n\n\nDear Inspector General,\n\n"
        "I am writing to express my concern about the detention of journalist Nimal Silva in Colombo.\n\n"
        "Yours sincerely,\n".splitlines()
    )
    [target] = draft.targets
    assert (target.name.value, target.position.value, target.country) == (
        "Chandana Perera", "Inspector General of Police", "LK"
    )  # fmt: skip
    assert target.salutation.value == "Dear Inspector General,"
    assert draft.country.value == "LK"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=40))
def test_the_reader_takes_any_text_without_failing(lines):
    draft = read_draft(lines)
    for target in draft.targets:
        assert target.key
        assert target.name or target.position or target.organisation


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_labels_and_dates_take_any_line(text):
    pieces = split_labels(text)
    assert "".join(pieces).replace(" ", "") in text.replace(" ", "") or pieces
    parse_date(text)
    cue_of(text)
    country_in(text)
