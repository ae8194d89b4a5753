"""Hostile input: every file, option and value an attacker (or an accident)
can send gets one clear line and an exit code, never a traceback, a leak or a
silent wrong answer; nothing saved is lost."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import SHIPPED_UA

ID_A = "11111111-1111-4111-8111-111111111111"
ID_B = "22222222-2222-4222-8222-222222222222"


def _record(id_: str = ID_A, **changes) -> dict:
    record = {
        "id": id_, "ua": "106.23", "action": "letter", "target": "pcm", "count": 1,
        "date": "2026-11-20", "logged_at": "2026-11-20T10:00:00.000Z",
    }  # fmt: skip
    return record | changes


def _jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _ua(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess[str]:
    """`ua` in a process of its own, for what only a real process shows
    (standard output on a full disk, the terminal's width, signals)."""
    return subprocess.run(
        [sys.executable, "-m", "ua_cli", *args],
        capture_output=True, text=True, check=False, env={**os.environ, **(env or {})}, **kwargs,
    )  # fmt: skip


def _one_clear_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("Error: ") or ":1: " in line]
    assert len(errors) == 1, stderr
    return errors[0]


# -- UA files -------------------------------------------------------------------

BOMB = "\n".join(
    ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
)


def test_a_yaml_alias_bomb_is_refused_quickly(run, tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    assert len(BOMB) < 600  # a few hundred bytes that would expand to 387 million values
    result = run("validate", str(bomb))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{bomb}:1: more than 50,000 values once its aliases (*name) are expanded; a UA file "
        "is far smaller: write the values out instead of repeating aliases\n"
    )


def test_a_bomb_in_ua_data_is_named_when_letters_are_asked_for(run, tmp_path, monkeypatch, today):
    (tmp_path / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    monkeypatch.setenv("UA_DATA", str(tmp_path))
    result = run("letter", "-t", "pcm", "--ua", "106.23")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'bomb.yaml'}:1: more than 50,000 values")


@pytest.mark.parametrize("command", [["validate"], ["import"]])
def test_an_endless_file_is_refused(run, command):
    result = run(*command, "/dev/zero")
    assert result.exit_code == 1
    assert result.stderr.startswith("/dev/zero:1: a device, not a file; is it really")


def test_an_endless_signer_sheet_is_refused(run, today, tmp_path):
    result = run("batch", "--signers", "/dev/zero", "-t", "pcm", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert "/dev/zero:1: a device, not a file; is it really a signer sheet?" in result.stderr


def test_a_huge_ua_file_is_refused_before_it_is_read(run, tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (5 * 1024 * 1024))
    result = run("validate", str(big))
    assert result.stderr == f"{big}:1: larger than 4 MiB; is it really a UA file?\n"


def test_two_files_with_one_ua_number_are_an_error_naming_both(run, tmp_path, monkeypatch, today):
    planted = tmp_path / "urgent_action_106_23.yaml"
    planted.write_text(
        SHIPPED_UA.read_text(encoding="utf-8").replace("lotarola@pcm.gob.pe", "evil@example.org"),
        encoding="utf-8",
    )
    monkeypatch.setenv("UA_DATA", str(tmp_path))
    message = f"UA 106.23 is in two files, {planted} and {SHIPPED_UA}"
    for command in (
        ["email", "-t", "pcm"],
        ["list"],
        ["validate"],
        ["email", "-t", "pcm", "--ua", "106.23"],
    ):
        result = run(*command)
        assert result.exit_code == 1, command
        assert message in result.stderr, command
        assert "evil@example.org" not in result.stdout


def test_target_keys_must_be_plain_identifiers(run, tmp_path):
    text = SHIPPED_UA.read_text(encoding="utf-8").replace(
        "\n  pcm:\n", "\n  \"=cmd|' /C calc'!A0\":\n"
    )
    path = tmp_path / "ua.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert (
        "targets.=cmd|' /C calc'!A0: the key \"=cmd|' /C calc'!A0\": a key of lowercase "
        "letters, digits and _ (at most 64)"
    ) in result.stderr


# -- signer sheets ----------------------------------------------------------------


def test_a_cell_longer_than_the_csv_limit_is_named(run, today, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name,Personal message\nAna,hi\nLuis," + "x" * 140_000 + "\n")
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"{sheet}:3: cannot read: a cell longer than 131,072 characters"
    )
    assert not (tmp_path / "x.pdf").exists()


def test_a_sheet_mixing_utf8_and_windows_1252_is_refused(run, today, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes("Name,City\nJosé,Málaga\n".encode() + "Iñaki,Córdoba\n".encode("cp1252"))
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(tmp_path / "x.txt"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"{sheet}:3: mixes UTF-8 (lines 2) and another encoding (lines 3); "
        "save the whole sheet as UTF-8 CSV"
    )


def test_long_names_in_four_byte_characters_make_short_unique_file_names(run, today, tmp_path):
    sheet = tmp_path / "sheet.csv"
    name = "😀" * 64
    sheet.write_text(f"Name\n{name}\n{name}\n", encoding="utf-8")
    folder = tmp_path / "out"
    result = run(
        "batch", "--signers", str(sheet), "-t", "pcm", "--format", "text", "--out-dir", str(folder)
    )
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["😀" * 30 + "-pcm-2.txt", "😀" * 30 + "-pcm.txt"]
    assert all(len(n.encode()) <= 255 for n in names)


def test_bidi_overrides_and_zero_width_characters_leave_file_names(run, today, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name\nAna\u202etxt.exe\nLu\u200bis\n\u202e\u200b\n", encoding="utf-8")
    folder = tmp_path / "out"
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "--format", "text",
                 "--out-dir", str(folder), "--skip-invalid")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["Anatxt.exe-pcm.txt", "Luis-pcm.txt"]
    assert f"{sheet}:4: no name" in result.stderr


def test_blank_cells_take_the_event_place_never_the_operators_profile(run, today, tmp_path):
    run("config", "set", "city", "Operatorville")
    run("config", "set", "country", "Nowhere")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name,City\nAna,\nLuis,Lima\n", encoding="utf-8")
    out = tmp_path / "letters.txt"
    result = run(
        "batch",
        "--signers",
        str(sheet),
        "-t",
        "pcm",
        "-l",
        "en",
        "--format",
        "text",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Operatorville" not in text and "Nowhere" not in text
    assert text.split("\f")[0].startswith("Ana\n\n")
    with_event = run("batch", "--signers", str(sheet), "-t", "pcm", "-l", "en", "--format", "text",
                     "-o", str(out), "--force", "--city", "Madrid")  # fmt: skip
    assert with_event.exit_code == 0
    assert out.read_text(encoding="utf-8").split("\f")[0].startswith("Ana\nMadrid\n")


def test_the_address_column_and_profile_address_reach_letters_and_envelopes(run, today, tmp_path):
    from pypdf import PdfReader

    sheet = tmp_path / "sheet.csv"
    long_name = "Maria " + "Longname-" * 12
    sheet.write_text(
        f"Name,Dirección,City\nAna,Calle Mayor 1; 28013,Madrid\n{long_name},,Lima\n",
        encoding="utf-8",
    )
    out = tmp_path / "event.pdf"
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(out), "--envelopes")
    assert result.exit_code == 0, result.stderr
    envelopes = PdfReader(tmp_path / "event-envelopes.pdf")
    first = envelopes.pages[0].extract_text()
    assert "Ana\nCalle Mayor 1\n28013\nMadrid" in first
    second = envelopes.pages[1].extract_text()
    assert long_name.strip() not in second and "Longname…" in second  # shortened to fit
    letter = PdfReader(out).pages[0].extract_text()
    assert "Calle Mayor 1" in letter
    run("config", "set", "name", "Ana")
    run("config", "set", "city", "Madrid")
    run("config", "set", "address", "Gran Vía 2; 28013")
    text = run("letter", "-t", "pcm").stdout
    assert text.startswith("Ana\nGran Vía 2\n28013\nMadrid\n")
    # Someone else signing on this machine does not get the profile's street.
    other = run("letter", "-t", "pcm", "--name", "Mary Jones", "--city", "Boston").stdout
    assert other.startswith("Mary Jones\nBoston\n\n") and "Gran Vía" not in other
    given = run("letter", "-t", "pcm", "--name", "Mary Jones", "--address", "1 Elm St").stdout
    assert given.startswith("Mary Jones\n1 Elm St\nMadrid\n")


# -- imports and the log ------------------------------------------------------------


def test_counts_past_the_bound_are_refused_everywhere(run, today, tmp_path):
    path = _jsonl(tmp_path / "big.jsonl", _record(count=2**63), _record(ID_B, count=1_000_001))
    result = run("import", str(path))
    assert result.stderr.splitlines()[:2] == [
        f"{path}:1: count: not a whole number from 1 to 1,000,000",
        f"{path}:2: count: not a whole number from 1 to 1,000,000",
    ]
    limit = run("history", "--limit", "99999999999999999999")
    assert limit.exit_code == 2
    assert "is not in the range 1<=x<=1000000" in limit.stderr


def test_totals_at_the_bound_stay_exact_integers(run, today, tmp_path):
    ids = [f"{i:08d}-1111-4111-8111-111111111111" for i in range(3)]
    run("import", str(_jsonl(tmp_path / "max.jsonl", *(_record(i, count=1_000_000) for i in ids))))
    run("log", "letter", "-t", "pcm", "--date", "2026-11-20")
    report = json.loads(run("report", "--format", "json").stdout)
    assert report["totals"]["letter"] == 3_000_001
    assert isinstance(report["totals"]["letter"], int)
    assert "3000001" in run("report").stdout


@pytest.mark.parametrize("count", ["1e3", "1E2", "2.0", "-1", "0x10", " 3"])
def test_csv_counts_are_plain_whole_numbers(run, today, tmp_path, count):
    path = tmp_path / "in.csv"
    path.write_text(
        "id,ua,action,target,count,date,logged_at\n"
        f"{ID_A},106.23,letter,pcm,{count},2026-11-20,2026-11-20T10:00:00.000Z\n"
    )
    result = run("import", str(path))
    assert (
        result.stderr.splitlines()[0] == f"{path}:2: count: not a whole number from 1 to 1,000,000"
    )


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2026-11-01T10:00:00Z", "2026-11-01T10:00:00.000Z"),
        ("2026-11-01T10:00:00.5Z", "2026-11-01T10:00:00.500Z"),
        ("2026-11-01T11:00:00.123456789+01:00", "2026-11-01T10:00:00.123Z"),
        ("2026-11-01t05:30:00-04:30", "2026-11-01T10:00:00.000Z"),
        ("2026-11-01 10:00:00z", "2026-11-01T10:00:00.000Z"),
    ],
)
def test_any_rfc_3339_time_imports_and_is_stored_in_utc(run, today, tmp_path, written, stored):
    result = run("import", str(_jsonl(tmp_path / "in.jsonl", _record(logged_at=written))))
    assert result.exit_code == 0, result.stderr
    assert json.loads(run("history", "--format", "json").stdout)[0]["logged_at"] == stored


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": "0001-01-01"}, "date: 0001-01-01 is before 1961, when Amnesty was founded"),
        ({"logged_at": "2099-01-01T00:00:00Z"}, "logged_at: 2099-01-01 is in the future"),
        ({"logged_at": "2026-11-01T25:00:00Z"}, "logged_at: not an RFC 3339 time"),
        ({"note": "a\u0000b"}, "note: holds a control character"),
        ({"note": "\u001b]0;pwned\u0007"}, "note: holds a control character"),
        (
            {"action": "visit"},
            "action: 'visit' is not one of letter, email, fax, call, tweet, call_attempt, reply",
        ),
    ],
)
def test_imports_refuse_what_no_log_may_hold(run, today, tmp_path, change, message):
    path = _jsonl(tmp_path / "in.jsonl", _record(**change))
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:1: {message}")


def test_a_csv_import_with_a_huge_cell_names_its_row(run, today, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "id,ua,action,target,count,date,logged_at,note\n"
        f"{ID_A},106.23,letter,pcm,1,2026-11-20,2026-11-20T10:00:00.000Z,{'x' * 140_000}\n"
    )
    result = run("import", str(path))
    assert result.stderr.splitlines()[0] == (
        f"{path}:2: cannot read this row: a cell longer than 131,072 characters"
    )


def test_imports_for_a_ua_or_target_this_machine_lacks_are_counted_and_said(run, today, tmp_path):
    path = _jsonl(tmp_path / "in.jsonl", _record(ua="999.99"), _record(ID_B, target="minister"))
    result = run("import", str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1:] == [
        "note: UA 106.23 has no target minister; counted all the same",
        "note: there is no file for UA 999.99 here; its entries are counted all the same",
    ]


def _insert_raw(database: Path, **values) -> None:
    """An entry written straight into the SQLite file, as an older ua (or a
    hand) might have left it, past every check."""
    row = _record() | {"note": None} | values
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO entries (id, ua, action, target, count, date, logged_at, note) "
            "VALUES (:id, :ua, :action, :target, :count, :date, :logged_at, :note)",
            row,
        )


def test_history_shows_control_characters_as_escapes(run, today, isolated_paths):
    run("log", "letter", "-t", "pcm")
    _insert_raw(isolated_paths / "ua-log.sqlite3", note="\x1b]0;pwned\x07 \u202eevil \x9b2J")
    shown = run("history").stdout
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "\\x1b]0;pwned\\x07 \\u202eevil \\x9b2J" in shown


def test_csv_export_neutralises_every_cell(run, today, isolated_paths):
    run("log", "letter", "-t", "pcm")
    _insert_raw(isolated_paths / "ua-log.sqlite3", id=ID_B, ua="=1+1", target="=cmd|' /C calc'!A0")
    rows = run("export", "--format", "csv").stdout.splitlines()
    assert f"{ID_B},'=1+1,letter,'=cmd|' /C calc'!A0,1,2026-11-20,2026-11-20T10:00:00.000Z," in rows


def test_export_says_1_entry(run, today, tmp_path):
    run("log", "letter", "-t", "pcm")
    result = run("export", "-o", str(tmp_path / "mine.jsonl"))
    assert result.stderr == f"wrote 1 entry to {tmp_path / 'mine.jsonl'}\n"


def test_unlog_answered_no_removes_nothing_and_says_so(run, today, interactive):
    run("log", "letter", "-t", "pcm")
    entry_id = json.loads(run("history", "--format", "json").stdout)[0]["id"]
    result = run("unlog", entry_id[:8], input="n\n")
    assert result.exit_code == 0
    assert result.stderr.endswith("nothing removed\n")
    assert "Aborted" not in result.stderr
    assert len(json.loads(run("history", "--format", "json").stdout)) == 1


# -- SQLite's own failures ----------------------------------------------------------


def test_a_log_locked_past_the_busy_timeout_is_one_line(run, today, isolated_paths, monkeypatch):
    from ua_cli.actionlog import sqlite as store

    run("log", "letter", "-t", "pcm")
    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.1)
    holder = sqlite3.connect(isolated_paths / "ua-log.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("log", "letter", "-t", "pcm")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "the log is busy: another program held it for over" in result.stderr
    assert len(json.loads(run("history", "--format", "json").stdout)) == 1


def test_a_log_with_a_missing_table_is_named_damaged(run, today, isolated_paths):
    run("log", "letter", "-t", "pcm")
    with sqlite3.connect(isolated_paths / "ua-log.sqlite3") as db:
        db.execute("DROP TABLE daily_totals")
    result = run("report")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {isolated_paths / 'ua-log.sqlite3'}: the log's table daily_totals is missing; "
        "the file is damaged: restore it from a copy\n"
    )


@contextlib.contextmanager
def _connect_with(*, uri_mode: str | None = None, max_pages: int | None = None):
    """SQLite connections opened read-only, or with a page limit that stands
    for a full disk: the log's code then meets SQLite's real errors."""
    from ua_cli.actionlog import sqlite as store

    real_connect = sqlite3.connect

    def connect(path, **kwargs):
        if uri_mode:
            return real_connect(f"file:{path}?mode={uri_mode}", uri=True, **kwargs)
        db = real_connect(path, **kwargs)
        db.execute(f"PRAGMA max_page_count={max_pages}")
        return db

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store.sqlite3, "connect", connect)
        yield


def test_a_read_only_log_is_one_line_and_unchanged(run, today, isolated_paths):
    run("log", "letter", "-t", "pcm")
    with _connect_with(uri_mode="ro"):
        result = run("log", "email", "-t", "pcm")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {isolated_paths / 'ua-log.sqlite3'}: the log is read-only (check its "
        "permissions and its folder's); nothing was changed\n"
    )
    assert [e["action"] for e in json.loads(run("history", "--format", "json").stdout)] == [
        "letter"
    ]


def test_a_full_disk_mid_import_leaves_the_log_as_it_was(
    run, today, isolated_paths, tmp_path, monkeypatch
):
    run("log", "letter", "-t", "pcm")
    ids = [f"{i:08d}-1111-4111-8111-111111111111" for i in range(3000)]
    path = _jsonl(tmp_path / "many.jsonl", *(_record(i, note="x" * 500) for i in ids))
    with _connect_with(max_pages=40):
        result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.endswith(": the disk is full; nothing was changed\n")
    assert len(json.loads(run("history", "--format", "json", "-n", "5000").stdout)) == 1


# -- output --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["letter", "-t", "pcm"],
        ["email", "-t", "pcm"],
        ["export"],
        ["report"],
        ["history"],
        ["schema"],
    ],
)
def test_standard_output_on_a_full_disk_is_one_line(command, isolated_paths, tmp_path):
    _ua("log", "letter", "-t", "pcm")
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "ua_cli", *command],
            stdout=full, stderr=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip
    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[-1] == "Error: cannot write the output: No space left on device"
    )
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


@pytest.mark.slow
def test_a_file_too_large_for_the_file_system_is_one_line_and_no_partial_file(tmp_path):
    import resource
    import signal

    def small_files() -> None:  # as a full file system does, refuse to grow files
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (500, 500))

    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "letter.txt"
    result = subprocess.run(
        [sys.executable, "-m", "ua_cli", "letter", "-t", "pcm", "-o", str(out)],
        capture_output=True, text=True, check=False, preexec_fn=small_files,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot write {out}: File too large; nothing was written"
    )
    assert list(out.parent.iterdir()) == []


def test_force_never_replaces_a_device_and_keeps_a_files_mode(run, today, tmp_path):
    result = run("letter", "-t", "pcm", "-o", "/dev/full", "--force")
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: /dev/full is not a regular file; not replacing it\n")
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)
    private = tmp_path / "mine.jsonl"
    private.write_text("")
    private.chmod(0o600)
    run("log", "letter", "-t", "pcm")
    assert run("export", "-o", str(private), "--force").exit_code == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


# -- the command line -------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["log", "letter", "-t", "pcm", "--note", "caf\udce9"],
        ["config", "set", "name", "Jos\udce9"],
        ["letter", "-t", "pcm", "--name", "\udcff"],
    ],
)
def test_arguments_that_are_not_utf8_are_a_usage_error(run, today, args, isolated_paths):
    result = run(*args)
    assert result.exit_code == 2
    assert "holds bytes that are not UTF-8 text; set your terminal (or script) to UTF-8" in (
        result.stderr
    )
    assert not (isolated_paths / "ua-config.toml").exists()


@pytest.mark.slow
def test_non_utf8_bytes_from_a_real_shell_are_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "ua_cli", "config", "set", "name", b"Jos\xe9"],
        capture_output=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert b"'Jos\\xe9' holds bytes that are not UTF-8 text" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("columns", ["0", "-5", "abc", "99999999999"])
def test_a_terminal_width_of_zero_or_nonsense_falls_back_to_80(columns):
    helped = _ua("--help", env={"COLUMNS": columns})
    assert helped.returncode == 0, helped.stderr
    assert "Write, print, send and count" in helped.stdout
    wrong = _ua("letter", "--target", "nobody", env={"COLUMNS": columns})
    assert wrong.returncode == 2
    assert "Traceback" not in wrong.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--name",
            "Ana\r\nBcc: all@example.org",
            "name must not contain control characters or line breaks",
        ),
        (
            "--email",
            "ana@example.org\nBcc: x@example.org",
            "email must not contain control characters",
        ),
        ("--email", "not-an-email", "'not-an-email' is not a valid email address"),
    ],
)
def test_email_headers_cannot_be_injected(run, today, option, value, message):
    result = run("email", "-t", "pcm", option, value)
    assert result.exit_code == 2
    assert f"Invalid value for {option}: {message}" in result.stderr
    assert "Bcc" not in result.stdout


def test_email_open_says_when_nothing_opened(run, today, monkeypatch):
    import click

    monkeypatch.setattr(click, "launch", lambda url, **kwargs: 1)
    result = run("email", "-t", "pcm", "--open")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "Error: no mail program opened the draft; write it to a file with -o FILE.eml, "
        "or print the link without --open\n"
    )


def test_act_keeps_what_was_confirmed_before_an_interruption(run, today, interactive):
    result = run("act", "-t", "pcm", "-l", "en", input="\ny\n")  # then the input ends
    assert result.exit_code == 1
    assert "Did you post the letter?" in result.stderr
    assert "Did you send the email?" in result.stderr
    actions = [e["action"] for e in json.loads(run("history", "--format", "json").stdout)]
    assert actions == ["letter"]


# -- the profile ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "language",
            "sw",
            "ua has no letters in 'sw' yet; languages: ar, de, en, es, fr, it, nl, pt",
        ),
        ("ua", "999.99", "unknown UA '999.99'; choose from: 106.23."),
        ("paper", "A3", "'A3' is not a4 or letter"),
    ],
)
def test_config_set_checks_values_as_usage_errors(run, isolated_paths, key, value, message):
    result = run("config", "set", key, value)
    assert result.exit_code == 2
    assert f"Invalid value for VALUE: {message}" in result.stderr
    assert not (isolated_paths / "ua-config.toml").exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'language = "sw"',
            "language: ua has no letters in 'sw' yet; languages: ar, de, en, es, fr, it, nl, pt",
        ),
        ('name = "Ana\\u0007"', "name: name must not contain control characters or line breaks"),
    ],
)
def test_a_bad_value_in_the_profile_names_the_file_and_the_key(
    run, isolated_paths, today, line, message
):
    path = isolated_paths / "ua-config.toml"
    path.write_text(line + "\n", encoding="utf-8")
    result = run("letter", "-t", "pcm")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: {message}")


def test_an_unknown_ua_in_the_profile_names_the_file(run, isolated_paths, today):
    path = isolated_paths / "ua-config.toml"
    path.write_text('ua = "999.99"\n', encoding="utf-8")
    result = run("letter", "-t", "pcm")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: ua: unknown UA '999.99'")


# -- templates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "{{ '{0:>1000000000}'.format('x') }}",
        "{{ '{0:>{1}}'.format('x', 999999999) }}",
        "{{ 'x' * 1000000000 }}",
        "{{ [1] * 1000000000 }}",
        "{{ '%1000000000s' % 'x' }}",
        "{{ '%*s' % (1000000000, 'x') }}",
        "{{ 'x'.ljust(1000000000) }}",
        "{{ 'x'|center(1000000000) }}",
        "{{ '%1000000000s'|format('x') }}",
        "{{ 10 ** 100000000 }}",
        "{% for i in range(100000) %}{{ 'y' * 9999 }}{% endfor %}",
        "{% for i in range(10000) %}{% for j in range(9999) %}{{ 'y' * 9999 }}{% endfor %}{% endfor %}",
        "{{ lipsum(1000000) }}",
        '{{ (range(9999)|join("x"*9999))|replace("x","xxxxxx") }}',
        "{{ ('x' * 9999).replace('x', 'y' * 9999) }}",
        "{{ ('y' * 9999).join(range(9999)|map('string')) }}",
        "{% set r = range(10000) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}",
        "{% set s = 'x' * 9999 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    ],
)
def test_a_template_cannot_make_gigabytes(run, today, tmp_path, source):
    """Each one refused, or stopped at its time limit (1.5 s), in little memory;
    bench/template_bounds.py prints how long and how much each takes."""
    template = tmp_path / "t.j2"
    template.write_text(source, encoding="utf-8")
    result = run("letter", "-t", "pcm", "--template", str(template))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"Error: {template}")
    assert result.stdout == ""


# -- PostgreSQL URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ana:s3cret@h:99999/db", "postgresql://ana:***@h:99999/db"),
        ("postgresql://ana:s3cret@h1:1,h2:2/db", "postgresql://ana:***@h1:1,h2:2/db"),
        (
            "postgresql://ana@h/db?password=s3cret&sslmode=off",
            "postgresql://ana@h/db?password=***&sslmode=off",
        ),
        ("postgresql://ana:One@Two@h/db", "postgresql://ana:***@h/db"),
        ("PostgreSQL://ana:s3cret@h/team", "PostgreSQL://ana:***@h/team"),
    ],
)
def test_db_path_masks_every_form_of_password(run, url, shown):
    result = run("db", "path", "--db", url)
    assert result.exit_code == 0
    assert result.stdout == shown + "\n"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://ana:s3cret@127.0.0.1:99999/db", 'invalid port number: "99999"'),
        ("postgresql://ana:s3cret@127.0.0.1:1,127.0.0.1:2/db", "Connection refused"),
        ("postgresql://ana@127.0.0.1:1/db?password=s3cret", "Connection refused"),
        (
            "postgresql://ana:One@Two@127.0.0.1/db",
            "the user name or password holds an @; write it as %40",
        ),
        ("PostgreSQL://ana:s3cret@127.0.0.1:1/team", "Connection refused"),
        ("mysql://ana:s3cret@127.0.0.1/team", "'mysql://' is not a log ua can use"),
    ],
)
def test_connection_errors_are_one_line_without_the_password(
    run, today, tmp_path, url, message, monkeypatch
):
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    result = run("log", "letter", "-t", "pcm", "--db", url)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "s3cret" not in result.stderr and "Two" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert list((tmp_path / "here").iterdir()) == []  # no SQLite file named after the URL


# -- batches stopped half-way ------------------------------------------------------------------


def _big_sheet(tmp_path: Path) -> Path:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name\n" + "".join(f"Signer {i}\n" for i in range(2500)), encoding="utf-8")
    return sheet


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _start_batch(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    import signal

    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "ua_cli", "batch", "--signers", str(_big_sheet(tmp_path)),
         "-t", "pcm", "-o", str(out / "event.pdf")],
        stderr=subprocess.PIPE, text=True, start_new_session=True,
        # As from a terminal: a suite started in the background (`pytest &` in a
        # script) hands its children SIGINT ignored, and Python keeps it so.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    return process, out


def _wait_for(condition, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.slow
def test_a_killed_batch_takes_its_typesetting_worker_with_it(tmp_path):

    process, out = _start_batch(tmp_path)

    def workers() -> list[int]:
        return [
            pid
            for pid in _children(process.pid)
            if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
        ]

    # The second part's worker, busy typesetting.
    _wait_for(lambda: (out / "event-part01.pdf").exists() and workers())
    busy = workers()
    process.kill()
    process.communicate()
    _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in busy), seconds=10)


@pytest.mark.slow
def test_ctrl_c_in_a_batch_removes_the_finished_parts_and_says_so(tmp_path):
    import signal

    process, out = _start_batch(tmp_path)
    _wait_for(lambda: (out / "event-part01.pdf").exists())
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    stderr = process.communicate(timeout=60)[1]
    assert process.returncode == 130
    assert stderr.splitlines()[-1] == (
        f"Error: interrupted; removed the finished file: {out / 'event-part01.pdf'}; "
        "nothing of this batch is left"
    )
    assert "Traceback" not in stderr
    assert list(out.iterdir()) == []


# -- found by a stranger trying it -------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "code"),
    [
        ("Jirón Carabaya, Cuadra 1", '"Jir\\e]0;PWN\\aón"', "targets.pcm.address[0]", "001B"),
        ("Cercado de Lima, Perú", '"Lima \\u202Eevil"', "targets.pcm.address[1]", "202E"),
    ],
)
def test_a_ua_file_with_terminal_escapes_or_bidi_controls_is_refused(
    run, tmp_path, old, new, field, code
):
    path = tmp_path / "ua.yaml"
    path.write_text(SHIPPED_UA.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{field}: holds the invisible character U+{code}; a UA file is plain text" in (
        result.stderr
    )
    assert "\x1b" not in result.output and "\u202e" not in result.output


def test_the_profile_can_be_repaired_with_the_command_its_error_names(run, isolated_paths, today):
    path = isolated_paths / "ua-config.toml"
    path.write_text('language = "sw"\nname = "Ana"\n', encoding="utf-8")
    assert "fix it with: ua config set language" in run("letter", "-t", "pcm").stderr
    assert run("config", "set", "language", "es").exit_code == 0
    assert run("letter", "-t", "pcm").exit_code == 0
    assert 'name = "Ana"' in path.read_text(encoding="utf-8")


def test_a_new_profile_is_readable_by_its_owner_only(run, isolated_paths):
    run("config", "set", "name", "Ana")
    assert stat.S_IMODE((isolated_paths / "ua-config.toml").stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "letter", "-t", "pcm", "--db", ""], "Invalid value for --db: give the log's path"),
        (["letter", "-t", "pcm", "--ua", ""], "Invalid value for --ua: give a UA number or file"),
        (["letter", "-t", "pcm", "--lang", ""], "Invalid value for --lang: unknown language ''"),
        (["email", "-t", "pcm", "--mailto", "-o", "x.eml"], "give -o FILE.eml for a draft"),
        (["email", "-t", "pcm", "--mailto", "--open"], "give --mailto to print the link"),
        (["letter", "-t", "PCM"], "Did you mean 'pcm'?"),
        (["export", "--ua", "106.32"], "unknown UA '106.32'; choose from: 106.23."),
    ],
)
def test_empty_and_contradictory_options_are_usage_errors(run, today, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_huge_unknown_target_is_shortened_in_the_message(run, today):
    result = run("letter", "-t", "x" * 100_000)
    assert result.exit_code == 2
    assert len(result.stderr) < 500


def test_an_unclosed_quote_in_a_sheet_is_named(run, today, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text('Name,City\nAna,Madrid\n"unterminated,Lima\nLuis,Cusco\n', encoding="utf-8")
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(tmp_path / "x.txt"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f'{sheet}:3: cannot read: a quote (") in row 3 is never closed'
    )


def test_a_cell_cannot_forge_an_output_line(run, today, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text('Name,Email\nAna,"c@x.org\nBcc: evil@x.org"\n', encoding="utf-8")
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "-o", str(tmp_path / "x.txt"))
    problem = [line for line in result.stderr.splitlines() if line.startswith(str(sheet))]
    assert problem == [f"{sheet}:2: 'c@x.org\\nBcc: evil@x.org' is not an email address"]


@pytest.fixture
def nothing_opens_links(monkeypatch, tmp_path):
    """A machine without xdg-open, a browser or a display (a server, a container)."""
    import webbrowser

    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # look for browsers again, on this PATH
    monkeypatch.setattr(webbrowser, "_browsers", {})


def test_tweet_open_says_when_nothing_opened(run, today, nothing_opens_links):
    result = run("tweet", "-t", "pcm", "--open")
    assert result.exit_code == 1
    assert "no browser opened the post" in result.stderr


@pytest.mark.parametrize("how", [("--webmail", "gmail"), ("--webmail", "outlook"), ()])
def test_email_open_says_when_no_browser_or_mail_program_opened(
    run, today, nothing_opens_links, how
):
    result = run("email", "-t", "pcm", *how, "--open")
    assert result.exit_code == 1
    program = "browser" if how else "mail program"
    assert f"Error: no {program} opened the draft" in result.stderr
    assert "handed the draft" not in result.stderr


def test_act_without_a_terminal_says_how_to_act_instead(run, today):
    result = run("act", "-t", "pcm")
    assert result.exit_code == 1
    assert "ua act asks what you did after each step: run it in a terminal" in result.stderr
    assert result.stdout == ""


def test_a_device_as_output_is_named_as_such_without_force(run, today):
    result = run("letter", "-t", "pcm", "-o", "/dev/full")
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: /dev/full is not a regular file; not replacing it\n")


def test_a_usage_error_shows_the_commands_own_usage(run, today):
    result = run("letter", "--target", "pmc")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-4:] == [
        "Usage: ua letter [OPTIONS]",
        "Try 'ua letter --help' for help.",
        "",
        "Error: Invalid value for --target: unknown target 'pmc'; choose from: pcm, embassy, "
        "all. Did you mean 'pcm'?",
    ]


# -- named pipes: refused at once, never waited on ----------------------------------


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("new", "{fifo}"), "a UA document"),
        (("import", "{fifo}"), "an export of ua's action log"),
        (("report", "{fifo}"), "an export of ua's action log"),
        (("translate", "import", "{fifo}"), "a PO file"),
        (("batch", "--signers", "{fifo}", "-t", "pcm", "-o", "{out}"), "a signer sheet"),
        (("letter", "-t", "pcm", "--template", "{fifo}"), "a letter template"),
        (("validate", "{fifo}"), "a UA file"),
    ],
    ids=lambda value: value[0] if isinstance(value, tuple) else None,
)
def test_a_named_pipe_is_refused_at_once(run, today, tmp_path, args, what):
    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    filled = [a.format(fifo=fifo, out=tmp_path / "out.pdf") for a in args]
    result = run(*filled)  # no writer: reading it would wait for ever
    assert result.exit_code == 1, result.output
    assert f"{fifo}:1: a named pipe, not a file; is it really {what}?" in result.stderr


def test_email_open_says_when_xdg_open_finds_no_mail_program(run, today, tmp_path, monkeypatch):
    """xdg-open exists but has nothing to open a mailto: link with (a server, a
    fresh desktop): it answers 3, and neither success nor a count follows."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    xdg_open = bin_folder / "xdg-open"
    xdg_open.write_text("#!/bin/sh\necho 'xdg-open: no method available' >&2\nexit 3\n")
    xdg_open.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}:/usr/bin:/bin")
    result = run("email", "-t", "pcm", "--open", "--log")
    assert result.exit_code == 1
    assert "Error: no mail program opened the draft" in result.stderr
    assert "logged" not in result.stderr
    assert json.loads(run("history", "--format", "json").stdout) == []


# -- a writer's own paragraph ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"), [("Hi \x1b]0;pwned\x07", "U+001B"), ("read \u202etxt.exe", "U+202E")]
)
def test_a_personal_paragraph_with_hidden_characters_is_refused(run, today, text, code):
    result = run("letter", "-t", "pcm", "-l", "en", "--personal", text)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for --personal: the paragraph holds the invisible character {code}"
    )
    assert result.stdout == ""


def test_a_signer_sheets_personal_message_with_a_bidi_override_names_its_row(run, today, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name,Personal message\nAna,Fine.\nBob,evil \u202etxt.exe\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = run("batch", "--signers", str(sheet), "-t", "pcm", "--format", "text", "-o", str(out))
    assert result.exit_code == 1
    assert f"{sheet}:3: the personal message holds the invisible character U+202E" in (
        result.stderr.splitlines()
    )
    assert not out.exists()


def test_the_sentence_asked_for_is_asked_again_until_it_is_plain_text(run, today, interactive):
    result = run("letter", "-t", "pcm", "-l", "en", input="bad \x1b[2J\nIt matters to me.\n")
    assert result.exit_code == 0, result.stderr
    assert "Error: your sentence holds the invisible character U+001B" in result.stderr
    assert "\x1b" not in result.stdout
    assert "\n\nIt matters to me.\n\n" in result.stdout


def test_a_sentence_typed_in_another_encoding_is_one_line_in_plain_words(run, today, interactive):
    typed = "caf\udce9\nIt matters.\n".encode("utf-8", "surrogateescape")  # caf + Latin-1 é
    result = run("letter", "-t", "pcm", "-l", "en", input=typed)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "Error: your sentence is not UTF-8 text (set your terminal to UTF-8)\n"
    )
    assert result.stdout == ""
    # where Python reads such bytes as lone surrogates (UTF-8 mode), the same words
    from ua_cli.compose.letter import personal_problem

    assert personal_problem("caf\udce9") == "is not UTF-8 text (set your terminal to UTF-8)"


def test_a_personal_paragraph_of_invisible_marks_adds_nothing(run, today):
    marks = run("letter", "-t", "pcm", "-l", "en", "--variant", "1", "--personal", "\u200f\u200e ")
    plain = run("letter", "-t", "pcm", "-l", "en", "--variant", "1", "--personal", "")
    assert marks.exit_code == 0, marks.stderr
    assert marks.stdout == plain.stdout


def test_a_translation_missing_texts_of_a_ua_given_by_file_names_the_file_to_finish_it(
    run, today, tmp_path, isolated_paths
):
    from tests.builders import MADE_UP_UA

    exported = run("translate", "export", "--ua", str(MADE_UP_UA), "--lang", "it")
    po = tmp_path / "it.po"
    po.write_text(
        exported.stdout.replace(
            'msgctxt "title"\nmsgid "Journalist held for reporting on floods"\nmsgstr ""',
            'msgctxt "title"\nmsgid "Journalist held for reporting on floods"\nmsgstr "Giornalista"',
        ),
        encoding="utf-8",
    )
    assert run("translate", "import", "--ua", str(MADE_UP_UA), str(po)).exit_code == 0
    result = run("letter", "--ua", str(MADE_UP_UA), "-t", "minister", "-l", "it")
    assert result.exit_code == 2
    assert f"finish it with: ua translate export --ua {MADE_UP_UA} --lang it -o it.po" in (
        result.stderr
    )
