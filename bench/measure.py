"""What the benchmarks share: a command's wall time and its peak memory."""

import subprocess
import sys

# Run by a Python of its own, so that the peak the kernel keeps for its
# children (ru_maxrss) is the command's alone.
_PROBE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def seconds_and_peak(command: list[str]) -> tuple[float, float]:
    """Wall seconds of `command`, and its peak resident memory in MiB."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    seconds, peak_kib, code = float(out[0]), int(out[1]), int(out[2])
    if code != 0:
        sys.exit(f"failed ({code}): {' '.join(command)}")
    return seconds, peak_kib / 1024
