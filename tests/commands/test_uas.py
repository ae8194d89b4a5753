"""Every command: help, version, and the views of a UA (list, show, targets)."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from tests.builders import MADE_UP_UA
from ua_cli import __version__
from ua_cli.commands import cli


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*prefix, name))


@pytest.mark.parametrize("command", list(_all_commands(cli)), ids=" ".join)
def test_every_command_has_help_with_h(run, command):
    result = run(*command, "-h")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: ua {' '.join(command)}")
    docstring = cli
    for part in command:
        docstring = docstring.get_command(None, part)
    assert docstring.help and len(docstring.help.strip()) > 20


@pytest.mark.parametrize("command", list(_all_commands(cli)), ids=" ".join)
def test_every_command_shows_an_example(run, command):
    _, example = run(*command, "--help").stdout.split("Example", 1)
    assert f"ua {' '.join(command)}" in example


def test_version(run):
    result = run("--version")
    assert result.stdout == f"ua, version {__version__}\n"


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "ua_cli", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout == f"ua, version {__version__}\n"


def test_unknown_option_is_a_usage_error(run):
    result = run("letter", "--target", "pcm", "--colour", "red")
    assert result.exit_code == 2
    assert "Error: No such option '--colour'." in result.stderr


def test_list_shows_number_title_deadline_and_state(run, today, monkeypatch):
    monkeypatch.setenv("UA_DATA", str(MADE_UP_UA.parent))
    result = run("list")
    assert result.stdout == (
        "UA      TITLE                                    DEADLINE    STATUS\n"
        "999.01  Journalist held for reporting on floods  2099-03-01  open, 26390 days left\n"
        "106.23  Refugees in Peru risk mass expulsions    2024-01-09  closed 1055 days ago\n"
    )
    rows = json.loads(run("list", "--format", "json").stdout)
    assert rows[1] == {
        "id": "106.23",
        "title": {
            "en": "Refugees in Peru risk mass expulsions",
            "es": "Personas refugiadas en el Perú corren riesgo de expulsiones masivas",
        },
        "deadline": "2024-01-09",
        "open": False,
        "days_left": -1055,
    }


def test_show_summarises_the_ua(run, today):
    result = run("show")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:9] == [
        "UA 106.23, second UA on this case",
        "Refugees in Peru risk mass expulsions",
        "",
        "At risk:    Venezuelan refugees (they/them)",
        "Deadline:   9 January 2024 (closed 1055 days ago)",
        "Languages:  Spanish (preferred), English; your own language is welcome too",
        "Previous:   https://www.amnesty.org/en/documents/amr46/7377/2023/en/",
        "",
        "Targets:",
    ]
    assert "  pcm: Mr. Alberto Otárola Peñaranda" in lines
    assert "    channels: letter, email, call" in lines
    assert "  Legislative Decree 1582: 2023-11-14" in lines
    assert "  Expulsion process: 24 hours" in lines


def test_show_json_has_every_fact(run, today):
    data = json.loads(run("show", "--format", "json").stdout)
    assert data["id"] == "106.23"
    assert data["sequence"] == 2
    assert data["deadline"] == "2024-01-09"
    assert data["open"] is False
    assert data["people_at_risk"] == {
        "name": {"en": "Venezuelan refugees", "es": "Personas refugiadas venezolanas"},
        "pronouns": "they/them",
    }
    assert data["previous_ua"] == "https://www.amnesty.org/en/documents/amr46/7377/2023/en/"
    assert data["key_facts"][0] == {
        "id": "decree",
        "label": "Legislative Decree 1582",
        "date": "2023-11-14",
        "note": "Issued by the Peruvian government; dictates the expulsion of all foreigners "
        "with an irregular migratory status.",
    }
    assert data["key_facts"][1]["date"] == "2023-11-10"
    assert data["key_facts"][2]["value"] == "24 hours"
    assert data["preferred_language"] == "es"
    assert data["own_language_welcome"] is True


def test_targets_lists_every_contact(run):
    result = run("targets")
    assert result.stdout == (
        "pcm: Mr. Alberto Otárola Peñaranda\n"
        "  position:     President of the Council of Ministers\n"
        "  organisation: Presidencia del Consejo de Ministros\n"
        "  email:        lotarola@pcm.gob.pe\n"
        "  twitter:      @AlbertoOtarolaP\n"
        "  channels:     letter, email, tweet\n"
        "  address:      Jirón Carabaya, Cuadra 1\n"
        "                Cercado de Lima, Perú\n"
        "\n"
        "embassy: His Excellency Mr. Gustavo Adolfo Meza-Cuadra Velásquez\n"
        "  position:     Ambassador of Peru to the United States\n"
        "  organisation: Peruvian Embassy in the United States\n"
        "  email:        webadmin@embassyofperu.us\n"
        "  phone:        (202) 833-9860\n"
        "  channels:     letter, email, call\n"
        "  address:      1700 Massachusetts Avenue, NW\n"
        "                Washington DC 20036\n"
        "                USA\n"
    )


def test_targets_json_has_the_same_facts(run):
    targets = json.loads(run("targets", "--format", "json").stdout)
    assert [t["key"] for t in targets] == ["pcm", "embassy"]
    pcm, embassy = targets
    assert pcm["email"] == "lotarola@pcm.gob.pe"
    assert pcm["twitter"] == "@AlbertoOtarolaP"
    assert "phone" not in pcm and "fax" not in pcm
    assert pcm["address"] == ["Jirón Carabaya, Cuadra 1", "Cercado de Lima, Perú"]
    assert embassy["phone"] == "(202) 833-9860"
    assert embassy["courtesy_title"] == {"en": "His Excellency Mr.", "es": "Excelentísimo señor"}
    assert "twitter" not in embassy and "fax" not in embassy
    assert embassy["channels"] == ["letter", "email", "call"]


def test_targets_in_spanish(run):
    result = run("targets", "--lang", "es")
    assert "embassy: Excelentísimo señor Gustavo Adolfo Meza-Cuadra Velásquez\n" in result.stdout
    assert "  position:     Presidente del Consejo de Ministros\n" in result.stdout
