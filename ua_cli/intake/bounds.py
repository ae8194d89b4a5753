"""Bounds on reading one document: a file crafted to take minutes (millions of
tiny PDF text operators) or gigabytes (a compression bomb) is refused at the
bound instead: MAX_SECONDS of time and MAX_MEMORY more than the process had
(under 300 MiB in all with the 40 MiB a `ua new` process starts with)."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from ua_cli.errors import UaError

MAX_SECONDS = 4.0
MAX_MEMORY = 256 * 1024 * 1024


class OutOfBounds(UaError):
    """Reading the document took longer, or more memory, than a UA can need."""


@contextlib.contextmanager
def bounded(path: Path | str) -> Iterator[None]:
    """Read within the bounds: the time by an alarm (in the main thread, where
    signals are delivered), the memory by a limit on the address space."""
    with _memory_bound(path), _time_bound(path):
        yield


@contextlib.contextmanager
def _time_bound(path: Path | str) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise OutOfBounds(
            f"{path} takes more than {MAX_SECONDS:g} s to read; it is not a UA as sections "
            "publish them (save its text, or print it to a new PDF, and try that)"
        )

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_bound(path: Path | str) -> Iterator[None]:
    try:
        import resource
    except ImportError:  # not on this system: the time bound still holds
        yield
        return
    used = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + MAX_MEMORY if used else resource.RLIM_INFINITY
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if limit == resource.RLIM_INFINITY or (soft != resource.RLIM_INFINITY and soft <= limit):
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    exhausted = False
    try:
        yield
    except MemoryError:
        exhausted = True  # said below, once the memory is back: saying it takes some
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    if exhausted:
        raise OutOfBounds(
            f"{path} needs more than {MAX_MEMORY // 1024 // 1024} MiB to read; it is not a UA "
            "as sections publish them"
        )


def _address_space() -> int:
    """The process's address space now, in bytes (0 where it cannot be known)."""
    try:
        pages = Path("/proc/self/statm").read_text(encoding="ascii").split()[0]
        return int(pages) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
