"""Start-up time of `ua`, as whole processes, against the floor of its imports.

Goals (issue: foundation): `ua letter` at most 1.5x `python -c "import click, jinja2, yaml"`,
`ua --help` at most 1.2x `python -c "import click"`.

Run: python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def median_seconds(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, float]:
    """Median wall time of each command; runs are interleaved so drift hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the disk cache, write bytecode
        subprocess.run(command, capture_output=True, check=True, env=env)
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, env=env)
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(times) for name, times in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    # The console script beside this interpreter, not a shim found on PATH
    # (pyenv's shims alone cost more than the whole start-up).
    ua = os.path.join(os.path.dirname(sys.executable), "ua")
    if not os.path.exists(ua):
        sys.exit("ua is not installed beside this Python: pip install -e .")
    python = sys.executable
    with tempfile.TemporaryDirectory() as home:
        # A fresh profile, as a new user has: no name, no language.
        env = {**os.environ, "UA_CONFIG": os.path.join(home, "config.toml")}
        env.pop("UA_DATA", None)
        # Installed packages have their bytecode compiled; let the warm-up run
        # write it for an editable install too, as it would on a user's machine.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {
            "import click": [python, "-c", "import click"],
            "import click, jinja2, yaml": [python, "-c", "import click, jinja2, yaml"],
            "ua --help": [ua, "--help"],
            "ua letter --target pcm --lang en": [ua, "letter", "--target", "pcm", "--lang", "en"],
            "ua letter --target pcm": [ua, "letter", "--target", "pcm"],
        }
        figures = median_seconds(commands, runs, env)
    print(f"median of {runs} runs, Python {sys.version.split()[0]}")
    for name, seconds in figures.items():
        print(f"  {name:<36}{seconds * 1000:7.1f} ms")
    help_ratio = figures["ua --help"] / figures["import click"]
    letter_ratio = (
        figures["ua letter --target pcm --lang en"] / figures["import click, jinja2, yaml"]
    )
    print(f"  ua --help / import click            {help_ratio:5.2f}x  (goal <= 1.20x)")
    print(f"  ua letter / import click,jinja2,yaml {letter_ratio:5.2f}x  (goal <= 1.50x)")
    default_ratio = figures["ua letter --target pcm"] / figures["import click, jinja2, yaml"]
    print(f"  (the same, Spanish by default: {default_ratio:.2f}x)")


if __name__ == "__main__":
    main()
