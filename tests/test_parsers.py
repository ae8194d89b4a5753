"""Property-based tests: whatever bytes or text reach one of the four parsers
(UA YAML, signer CSV, JSON Lines and CSV imports, the profile), the answer is
a result or a UaError with a message, never another exception."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.builders import SHIPPED_UA
from ua_cli.actionlog.exchange import read_entries
from ua_cli.campaign.model import load_campaign
from ua_cli.config import KEYS, check_value, load_profile
from ua_cli.errors import UaError
from ua_cli.signers import read_sheet

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = datetime.date(2026, 11, 29)
SHIPPED_TEXT = SHIPPED_UA.read_text(encoding="utf-8")

# Text that looks like the format more often than random text would.
yaml_pieces = st.sampled_from(
    [": ", "\n", "  ", "- ", "&a ", "*a", "[", "]", "{", "}", '"', "'", "#", "|", ">", "!!str ",
     "!!python/object:os.system ", "? ", "---", "...", "\t", "\x00", "\u202e", "2024-13-01",
     "9" * 30, "id", "targets", "languages", "es", "en"]
)  # fmt: skip
csv_pieces = st.sampled_from(
    [",", ";", "\t", '"', '""', "\n", "\r\n", "\r", "Name", "Nombre", "City", "Email", "Language",
     "=cmd|' /C calc'!A0", "@SUM(1)", "\ufeff", "\x00", "é", "\xe9", "\u202e", "a@b.c", "es", "xx"]
)  # fmt: skip
entry_pieces = st.sampled_from(
    ['{"id": "', '"', '", ', '"count": ', "1", "1e3", "-1", "9223372036854775808", "1.5", "null",
     '"ua": "106.23"', '"action": "letter"', '"target": "pcm"', '"date": "2026-11-20"',
     '"logged_at": "2026-11-20T10:00:00Z"', '"note": "\\u0000"', "}", "\n", ",", "[", "]",
     "11111111-1111-4111-8111-111111111111", "id,ua,action,target,count,date,logged_at,note\n"]
)  # fmt: skip


def _shaped(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=60).map("".join)


def _file(data: bytes | str, suffix: str) -> Path:
    folder = Path(tempfile.mkdtemp())
    path = folder / f"input{suffix}"
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    path.write_bytes(data)
    return path


def _mutated(text: str) -> st.SearchStrategy[str]:
    """`text` with a slice replaced by something else: a file nearly right."""
    return st.tuples(
        st.integers(0, len(text)), st.integers(0, 200), st.one_of(st.text(max_size=40), yaml_pieces)
    ).map(lambda t: text[: t[0]] + t[2] + text[t[0] + t[1] :])


def _only_ua_errors(parse) -> None:
    try:
        parse()
    except UaError as error:
        assert str(error).strip(), "an error without a message"


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), _shaped(yaml_pieces), _mutated(SHIPPED_TEXT)))
def test_ua_files_give_a_campaign_or_a_ua_error(data):
    path = _file(data, ".yaml")
    _only_ua_errors(lambda: load_campaign(path, letter_languages=frozenset({"en", "es"})))


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), _shaped(csv_pieces)))
def test_signer_sheets_give_signers_and_problems_or_a_ua_error(data):
    path = _file(data, ".csv")
    _only_ua_errors(lambda: read_sheet(path, languages=("es", "en")))


@SETTINGS
@given(
    st.one_of(st.binary(max_size=2000), _shaped(entry_pieces)),
    st.sampled_from([".jsonl", ".csv", ".txt"]),
)
@example(
    data='id,ua,action,target,count,date,logged_at,note\n{"id": "', suffix=".csv"
)  # a short row
def test_import_files_give_entries_and_problems_or_a_ua_error(data, suffix):
    path = _file(data, suffix)

    def parse() -> None:
        result = read_entries(path, today=TODAY)
        for entry in result.entries:  # what is accepted keeps every rule
            assert 1 <= entry.count <= 1_000_000
            assert entry.logged_at.endswith("Z") and len(entry.logged_at) == 24

    _only_ua_errors(parse)


@SETTINGS
@given(st.one_of(st.binary(max_size=500), st.text(max_size=300)))
def test_profiles_give_a_profile_or_a_ua_error(data):
    path = _file(data, ".toml")
    _only_ua_errors(lambda: load_profile(path))


@SETTINGS
@given(st.sampled_from(list(KEYS)), st.text(max_size=400))
def test_every_setting_is_checked_without_surprises(key, value):
    _only_ua_errors(lambda: check_value(key, value))


# -- UA documents (ua new) ---------------------------------------------------------

SEED_DOCUMENT = (Path(__file__).parent / "data" / "seed_ua_106_23.txt").read_text(encoding="utf-8")
document_pieces = st.sampled_from(
    ["%PDF-1.7\n", "PK\x03\x04", "<html><body><p>", "</p>", "<br>", "<script>", "Dear Sir,",
     "TAKE ACTION:", "Email: a@b.co", "Salutation: His Excellency Mr.", "Mr. ", "Ambassador ",
     "And copies to:", "UA: 88/27", "January 9, 2024", "32 February 2027", "\x00", "\u202e",
     '"', "#", ": ", "- ", "&a", "*a", "\n", "\n\n", "·", "Yours sincerely,"]
)  # fmt: skip


def _documents() -> st.SearchStrategy[str]:
    return st.one_of(
        _shaped(document_pieces),
        st.tuples(
            st.integers(0, len(SEED_DOCUMENT)),
            st.integers(0, 300),
            st.one_of(st.text(max_size=40), document_pieces),
        ).map(lambda t: SEED_DOCUMENT[: t[0]] + t[2] + SEED_DOCUMENT[t[0] + t[1] :]),
    )


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), _documents()))
def test_documents_give_lines_or_a_ua_error(data):
    from ua_cli.intake.documents import read_document

    _only_ua_errors(lambda: read_document(_file(data, ".doc")))


@SETTINGS
@given(_documents())
def test_what_ua_new_writes_is_always_well_formed_yaml(text):
    from ua_cli.errors import FileProblems
    from ua_cli.intake.reading import read_draft
    from ua_cli.intake.writing import ua_file

    written = ua_file(read_draft(text.splitlines()), "doc.txt", TODAY)
    path = _file(written.text, ".yaml")
    try:
        load_campaign(path)
    except FileProblems as error:  # incomplete, but never broken by what was read
        assert not [p for p in error.problems if "YAML" in p.message], error.problems


po_pieces = st.sampled_from(
    ['msgid ""\n', 'msgstr ""\n', '"Project-Id-Version: UA 106.23\\n"\n', 'msgctxt "title"\n',
     'msgid "x"\n', 'msgstr "y"\n', "#, fuzzy\n", "#| msgid \"old\"\n", '"\\', "\\u", "\x00",
     "garbage\n", '"Language: fr\\n"\n', "{handle}", "\n"]
)  # fmt: skip


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), _shaped(po_pieces)))
def test_po_files_give_a_catalog_or_a_ua_error(data):
    from ua_cli.campaign.translations import read_catalog

    _only_ua_errors(lambda: read_catalog(_file(data, ".po")))


# -- import files read a block at a time -------------------------------------------

_IDS = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"]
_record_lines = st.sampled_from(
    [f'{{"id": "{i}", "ua": "106.23", "action": "{a}", "target": "pcm", "count": {n}, '
     f'"date": "2026-11-20", "logged_at": "{t}"}}'
     for i in _IDS for a, n in (("letter", 1), ("email", 2))
     for t in ("2026-11-20T10:00:00.000Z", "2026-11-20T11:00:00+01:00")]
    + ["", "  ", "{", "not json", '{"id": "x"}', "\ufeff"]
)  # fmt: skip


def _csv_line(line: str) -> str:
    import json

    try:
        record = json.loads(line)
    except ValueError:
        return line
    return ",".join(str(v) for v in record.values())


@SETTINGS
@given(
    st.lists(_record_lines, max_size=30),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    st.sampled_from([".jsonl", ".csv"]),
    st.integers(1, 400),
)
def test_reading_a_block_at_a_time_reads_what_reading_it_whole_does(
    lines, newline, bom, suffix, block_size
):
    from ua_cli.actionlog.exchange import read_chunks

    if suffix == ".csv":
        lines = ["id,ua,action,target,count,date,logged_at", *map(_csv_line, lines)]
    text = ("\ufeff" if bom else "") + newline.join(lines)
    path = _file(text, suffix)
    whole = read_entries(path, today=TODAY)
    chunks = list(read_chunks(path, today=TODAY, block_size=block_size))
    assert [e for c in chunks for e in c.entries] == whole.entries
    assert [p for c in chunks for p in c.problems] == whole.problems
    assert len({e.id for e in whole.entries}) == len(whole.entries)  # each id once


_json_pieces = st.sampled_from(
    ['{', '}', '{"id": "11111111-1111-4111-8111-111111111111", ', '"ua": "106.23", ',
     '"action": "letter", ', '"target": "pcm", ', '"count": 1, ', '"date": "2026-11-20", ',
     '"logged_at": "2026-11-20T10:00:00.000Z"', '"note": "', '"}', '}, {', '},{', ',', '"',
     '[', ']', ' ', '\t', '\r', 'null', '"x": 1', '\\"', '\\\\', '{}']
)  # fmt: skip
_record = (
    '{"id": "11111111-1111-4111-8111-11111111111%d", "ua": "106.23", "action": "letter", '
    '"target": "pcm", "count": 1, "date": "2026-11-20", "logged_at": "2026-11-20T10:00:00.000Z"}'
)


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.integers(0, 9).map(lambda i: _record % i),
            st.lists(_json_pieces, min_size=1, max_size=12).map("".join),
        ),
        min_size=1,
        max_size=8,
    )
)
@example(  # a line of two records, and one record over two lines
    [f"{_record % 0}, {_record % 1}", _record[:62] % 2, _record[64:]]
)
@example(  # ... split inside a string that ends in a brace
    [f"{_record % 0}, {_record % 1}", (_record[:62] % 2) + ', "note": "x}',
     '{y", ' + _record[64:]]
)  # fmt: skip
def test_a_block_read_at_once_reads_as_its_lines_read_one_by_one(lines):
    # Lines that might join into records of another shape: whenever the block
    # is read as one array, it must say exactly what reading each line does.
    from ua_cli.actionlog.exchange import _JsonLines

    form = _JsonLines()
    encoded = [line.encode("utf-8") for line in lines]
    at_once = form._at_once(1, 0, encoded)
    if at_once is not None:
        assert [at_once] == list(form._line_by_line(1, 0, encoded))
