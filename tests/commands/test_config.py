"""`ua config`: the sender profile, and options that beat it."""

from __future__ import annotations

import os


def test_set_get_show_unset_round_trip(run, isolated_paths):
    path = isolated_paths / "ua-config.toml"
    assert run("config", "set", "name", 'Ana Pérez "la Roja"').exit_code == 0
    assert run("config", "set", "city", "Madrid").exit_code == 0
    assert run("config", "get", "name").stdout == 'Ana Pérez "la Roja"\n'
    assert path.read_text(encoding="utf-8") == (
        "# ua sender profile; edit with `ua config set KEY VALUE`\n"
        'name = "Ana Pérez \\"la Roja\\""\n'
        'city = "Madrid"\n'
    )
    shown = run("config", "show").stdout.splitlines()
    assert shown[0].startswith('name     Ana Pérez "la Roja"')
    assert shown[1].startswith("city     Madrid")
    assert shown[2].startswith("country  (not set)")
    assert run("config", "unset", "city").exit_code == 0
    missing = run("config", "get", "city")
    assert (missing.exit_code, missing.stdout) == (1, "")


def test_path_follows_ua_config(run, isolated_paths):
    assert run("config", "path").stdout == f"{isolated_paths / 'ua-config.toml'}\n"


def test_default_path_is_in_the_user_config_folder(run, isolated_paths, monkeypatch):
    monkeypatch.delenv("UA_CONFIG")
    result = run("config", "path")
    assert result.stdout.strip().endswith(os.path.join("ua", "config.toml"))
    assert result.stdout.startswith(str(isolated_paths))


def test_profile_signs_the_letter_and_options_beat_it(run, today):
    run("config", "set", "name", "Ana Pérez")
    run("config", "set", "city", "Madrid")
    signed = run("letter", "-t", "pcm", "-l", "en", "--date", "2026-11-29")
    assert signed.stdout.startswith("Ana Pérez\nMadrid\n\n29 November 2026\n")
    assert signed.stdout.endswith(
        "\nRespectfully,\n\n\n\nAna Pérez\n"
    )  # the wording her name picks
    assert "hint:" not in signed.stderr
    overridden = run("letter", "-t", "pcm", "-l", "en", "--name", "Luis", "--city", "Lima")
    assert overridden.stdout.startswith("Luis\nLima\n\n")
    assert overridden.stdout.endswith("\nLuis\n")


def test_bad_values_are_refused_and_nothing_is_saved(run, isolated_paths):
    result = run("config", "set", "email", "not-an-address")
    assert result.exit_code == 2  # a usage error, like every value `config set` refuses
    assert result.stderr.endswith(
        "Error: Invalid value for VALUE: 'not-an-address' is not a valid email address\n"
    )
    assert not (isolated_paths / "ua-config.toml").exists()
    unknown = run("config", "set", "nmae", "Ana")
    assert unknown.exit_code == 2
    assert (
        "'nmae' is not one of: name, city, country, email, address, language, ua, paper, instance"
        in unknown.stderr
    )


def test_a_broken_profile_is_one_line_with_its_line_number(run, isolated_paths, today):
    path = isolated_paths / "ua-config.toml"
    path.write_text('name = "Ana"\ncity = Madrid\n', encoding="utf-8")
    result = run("letter", "-t", "pcm")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:2: not valid TOML: ")
    assert len(result.stderr.splitlines()) == 1
    assert path.read_text(encoding="utf-8") == 'name = "Ana"\ncity = Madrid\n'


def test_unknown_setting_in_the_profile_is_named(run, isolated_paths):
    path = isolated_paths / "ua-config.toml"
    path.write_text('nmae = "Ana"\n', encoding="utf-8")
    result = run("config", "show")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: unknown setting 'nmae'; settings: name, city, country, email, "
        "address, language, ua, paper, instance\n"
    )


def test_global_options_stand_for_ua_config_and_ua_data(run, today, tmp_path, monkeypatch):
    from tests.builders import MADE_UP_UA

    profile = tmp_path / "other.toml"
    profile.write_text('name = "Luis"\n', encoding="utf-8")
    result = run("--config", str(profile), "letter", "-t", "pcm", "-l", "en")
    assert result.stdout.endswith("\nLuis\n")
    assert run("--config", str(profile), "config", "path").stdout == f"{profile}\n"
    listed = run("--data", str(MADE_UP_UA.parent), "list").stdout
    assert "999.01" in listed and "106.23" in listed
