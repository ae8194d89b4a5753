"""`ua new`: how well it reads, how fast, and within what bounds.

    python bench/new.py --score      facts right / present, wrong and invented on the
                                     corpus of tests/data/intake (goal: >= 90%, <= 2%, 0)
    python bench/new.py --bounds     time and peak memory on hostile documents
                                     (goal: each read or refused in < 5 s and < 300 MiB)
    python bench/new.py [--runs N]   a two-page PDF as a whole process (goal: < 1 s)

The PDF is the seed UA's text typeset by Typst (two A4 pages), as the tests make it.
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
sys.path.insert(0, str(PROJECT))
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


def score() -> None:
    import datetime

    from tests.intake.scoring import score_corpus

    scores = score_corpus(datetime.date(2026, 11, 29))
    for one in scores:
        print(one.line())
    right, present = sum(s.right for s in scores), sum(s.present for s in scores)
    wrong, invented = sum(len(s.wrong) for s in scores), sum(len(s.invented) for s in scores)
    written = sum(s.written for s in scores)
    print(
        f"TOTAL facts right {right}/{present} ({right / present:.1%}), wrong {wrong} "
        f"({wrong / present:.1%}), invented {invented}; files written {written} of {len(scores)} "
        "(goal: >= 90% right, <= 2% wrong, nothing invented, every file written)"
    )


def bounds() -> None:
    from tests.intake import hostile

    ua = str(Path(sys.executable).with_name("ua"))
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        cases = {
            "40,000 unclosed <div>": ("divs.html", hostile.html_unclosed_divs(40_000).encode()),
            "200,000 unclosed <div>": ("deep.html", hostile.html_unclosed_divs(200_000).encode()),
            "20M tiny text operators": ("ops.pdf", hostile.pdf_many_operators(20_000_000)),
            "one page of 5,000 lines": ("lines.pdf", hostile.pdf_many_lines(5000)),
            "a Flate bomb (700 MiB)": ("bomb.pdf", hostile.pdf_flate_bomb(700 << 20)),
        }
        for name, data in cases.values():
            (here / name).write_bytes(data)
        docx = hostile.docx_understating_its_size(here, 2100 << 20)
        cases["a .docx understating 2.1 GB"] = (docx.name, b"")
        for label, (name, _) in cases.items():
            path = here / name
            start = time.perf_counter()
            result = subprocess.run(
                ["/usr/bin/time", "-f", "%M", ua, "new", str(path), "-o", f"{folder}/o.yaml",
                 "--force"],
                capture_output=True, text=True, env={**os.environ, "XDG_DATA_HOME": folder},
            )  # fmt: skip
            seconds = time.perf_counter() - start
            lines = result.stderr.strip().splitlines()
            peak = int(lines[-1]) / 1024
            said = next((x for x in lines if x.startswith("Error:")), "read")
            print(f"{label} ({path.stat().st_size / 1e6:.1f} MB): {seconds:.2f} s, peak "
                  f"{peak:.0f} MiB, exit {result.returncode}: {said.replace(str(path), 'FILE')}")  # fmt: skip
    print("goal: each read or refused in under 5 s and 300 MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--score", action="store_true", help="read the corpus and score it")
    parser.add_argument("--bounds", action="store_true", help="time the hostile documents")
    arguments = parser.parse_args()
    if arguments.score:
        return score()
    if arguments.bounds:
        return bounds()
    runs = arguments.runs
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
