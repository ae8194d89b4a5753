"""The built wheel carries letters/ and data/: installed into a fresh venv and run from
an unrelated folder, `ua letter` still writes a letter."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.builders import PROJECT


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, cwd=cwd
    )


@pytest.mark.slow
def test_wheel_installs_and_writes_a_letter_from_another_folder(tmp_path):
    wheels = tmp_path / "wheels"
    # No build isolation and no index: the test needs no network. hatchling
    # comes from the test extra.
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--no-index", "-w", wheels, PROJECT,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("ua_cli-*.whl")

    # The venv borrows click, jinja2 & co. from the environment running the
    # tests (a .pth file naming its site-packages), never from the base
    # interpreter, which on a fresh machine has none of them; ua_cli itself
    # comes only from the wheel, whose site-packages comes first on the path.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False, system_site_packages=False)
    python = env_dir / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site.stdout.strip()) / "borrowed.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    installed = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        wheel,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(python, "-c", "import ua_cli; print(ua_cli.__file__)", cwd=elsewhere)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout
    ua = python.parent / "ua"
    result = _run(ua, "letter", "--target", "pcm", "--lang", "en", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "Dear Mr. Otárola Peñaranda," in result.stdout
    assert "Jirón Carabaya, Cuadra 1" in result.stdout
    assert _run(ua, "validate", cwd=elsewhere).returncode == 0
