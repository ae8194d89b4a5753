"""The house stays tidy: ruff's lint and format checks pass on the whole project."""

from __future__ import annotations

import subprocess
import sys

from tests.builders import PROJECT


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, str(PROJECT)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff_check_passes():
    result = _ruff("check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_has_nothing_to_change():
    result = _ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
