"""`ua new` on a two-page PDF, as a whole process (goal, issue: ua new: under a second).

The PDF is the seed UA's text typeset by Typst (two A4 pages), as the tests make it.

Run: python bench/new.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdf
import typst

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT / "tests" / "data" / "seed_ua_106_23.txt"
GOAL_SECONDS = 1.0


def two_page_pdf(folder: Path) -> Path:
    def escape(line: str) -> str:
        return "".join("\\" + c if c in "\\#$*_`<>@[]~/=-+\"'" else c for c in line)

    blocks = [block.splitlines() for block in SEED.read_text(encoding="utf-8").split("\n\n")]
    body = "\n\n".join(" \\\n".join(escape(x) for x in block if x.strip()) for block in blocks)
    source = folder / "ua.typ"
    source.write_text('#set page(paper: "a4")\n#set text(size: 10pt)\n' + body, encoding="utf-8")
    pdf = folder / "ua.pdf"
    pdf.write_bytes(typst.compile(str(source)))
    assert len(pypdf.PdfReader(pdf).pages) == 2
    return pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    ua = str(Path(sys.executable).with_name("ua"))
    with tempfile.TemporaryDirectory() as folder:
        pdf = two_page_pdf(Path(folder))
        env = {**os.environ, "XDG_DATA_HOME": folder, "UA_CONFIG": f"{folder}/c.toml"}
        command = [ua, "new", str(pdf), "-o", f"{folder}/ua.yaml", "--force"]
        subprocess.run(command, capture_output=True, check=True, env=env)  # warm the caches
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, env=env)
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"ua new on a 2-page PDF: median {median:.3f} s, slowest {max(times):.3f} s "
          f"over {runs} runs (goal: under {GOAL_SECONDS:.1f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
