"""Writing output files safely: never over a user's file unasked, never half-written."""

from __future__ import annotations

import os
from pathlib import Path

from ua_cli.errors import OutputExists, UaError


def write_atomically(path: Path, content: str | bytes, *, force: bool = False) -> None:
    """Write `content` to `path` through a temporary file and a rename.

    A run that fails half-way leaves no partial file behind, and an existing
    file is only replaced when `force` is given.
    """
    if path.exists() and not force:
        raise OutputExists(path)
    import tempfile  # only when writing: it costs `ua letter` a few ms to load

    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise UaError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o666 & ~_umask())
        if force:
            Path(temporary).replace(path)
        else:
            _link_without_overwriting(Path(temporary), path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    Path(temporary).unlink(missing_ok=True)


def _link_without_overwriting(temporary: Path, path: Path) -> None:
    # A hard link fails if the name exists, so a file that appeared since the
    # check above is still not overwritten.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise OutputExists(path) from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise OutputExists(path) from None
        temporary.replace(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
