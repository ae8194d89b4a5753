"""Batches at scale: letters per second and peak memory, against mailmerge.

Generates a signer sheet of N rows and prints, in one run:
- `ua batch` into PDF for N = 1,000 and 10,000: seconds, letters per second, peak memory;
- `ua batch` into text for N = 10,000;
- the peer tool mailmerge (PyPI: a Click + Jinja2 mail-merge CLI) in
  `--dry-run --no-limit` mode on the same 1,000 rows and the same letter text,
  as a ratio per letter against `ua batch --format text`.
Goals (issue: print): text at least as fast per letter as mailmerge's dry run;
1,000 PDF letters in at most 4 s; 10,000 PDF letters with peak memory under 600 MiB.

Needs mailmerge for the comparison: pip install mailmerge.
Run: python bench/batch.py
"""

import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Ana", "Luis", "María", "José", "Zoë", "Mohammed", "Olga", "Nguyễn", "Siobhán", "Juan"]
LAST = [
    "Pérez",
    "García",
    "Núñez",
    "Smith",
    "Brontë",
    "Ali",
    "Ivanova",
    "Văn Đức",
    "Ó Briain",
    "Quispe",
]
CITIES = ["Madrid", "Lima", "Leeds", "Córdoba", "Chicago", "Kraków", "Bogotá", "Quito"]


def write_sheet(path: Path, n: int) -> None:
    rng = random.Random(106)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Name", "City", "Country", "Email", "Personal message"])
        for i in range(n):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            personal = "I stand with Venezuelan refugees." if i % 3 == 0 else ""
            writer.writerow([name, rng.choice(CITIES), "", f"person{i}@example.org", personal])


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat[1])
        rss[int(entry.name)] = next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
        )
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        tree.update(children)
        frontier = children
    return sum(rss.get(pid, 0) for pid in tree)


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds, and peak memory (MiB) of the command with all its worker
    processes together, sampled every 20 ms."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return seconds, peak / 1024


def mailmerge_files(folder: Path, n: int) -> list[str]:
    """mailmerge's template, database and config for the same letter text."""
    ua = str(Path(sys.executable).parent / "ua")
    letter = subprocess.run(
        [ua, "letter", "--target", "pcm", "--lang", "en", "--name", "NAME", "--city", "CITY"],
        capture_output=True, text=True, check=True,
    ).stdout.replace("NAME", "{{name}}").replace("CITY", "{{city}}")  # fmt: skip
    template = folder / "template.txt"
    template.write_text(
        "TO: {{email}}\nFROM: volunteers@example.org\nSUBJECT: UA 106.23\n\n" + letter,
        encoding="utf-8",
    )
    database = folder / "database.csv"
    with (
        (folder / "sheet-1000.csv").open(encoding="utf-8") as rows,
        database.open("w", encoding="utf-8", newline="") as out,
    ):
        writer = csv.writer(out)
        writer.writerow(["name", "city", "email"])
        for row in list(csv.DictReader(rows))[:n]:
            writer.writerow([row["Name"], row["City"], row["Email"]])
    config = folder / "server.conf"
    config.write_text(
        "[smtp_server]\nhost = localhost\nport = 25\nsecurity = Never\nusername = -\n"
    )
    return ["--template", str(template), "--database", str(database), "--config", str(config)]


def main() -> None:
    ua = str(Path(sys.executable).parent / "ua")
    mailmerge = shutil.which("mailmerge")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in (1000, 10_000):
            write_sheet(folder / f"sheet-{n}.csv", n)
        batch = [ua, "batch", "--target", "pcm", "--lang", "en", "--force"]
        rows = []
        for n, fmt in ((1000, "pdf"), (10_000, "pdf"), (1000, "text"), (10_000, "text")):
            out = folder / f"out-{n}.{'pdf' if fmt == 'pdf' else 'txt'}"
            seconds, peak = measure(
                [
                    *batch,
                    "--signers",
                    str(folder / f"sheet-{n}.csv"),
                    "--format",
                    fmt,
                    "-o",
                    str(out),
                ]
            )
            rows.append((n, fmt, seconds, peak))
        print("ua batch --target pcm")
        for n, fmt, seconds, peak in rows:
            print(
                f"  {n:>6,} letters {fmt:<5} {seconds:7.2f} s  {n / seconds:8.0f} letters/s  "
                f"peak {peak:6.0f} MiB (all processes)"
            )
        if mailmerge is None:
            print("mailmerge is not installed (pip install mailmerge): no comparison")
            return
        arguments = mailmerge_files(folder, 1000)
        start = time.perf_counter()
        subprocess.run(
            [mailmerge, *arguments, "--dry-run", "--no-limit", "--output-format", "raw"],
            check=True,
            capture_output=True,
        )
        peer = time.perf_counter() - start
        ours = next(s for n, fmt, s, _ in rows if n == 1000 and fmt == "text")
        print(
            f"mailmerge --dry-run --no-limit, 1,000 rows: {peer:.2f} s  ({1000 / peer:.0f} letters/s)"
        )
        print(f"  ua text / mailmerge, per letter: {ours / peer:.2f}x  (goal <= 1x)")
    print("goals: 1,000 PDF letters <= 4 s; 10,000 PDF letters < 600 MiB")


if __name__ == "__main__":
    main()
