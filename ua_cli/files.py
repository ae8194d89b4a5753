"""Writing output files safely: never over a user's file unasked, never half-written."""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ua_cli.errors import OutputExists, UaError


@contextlib.contextmanager
def atomic_writer(path: Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """A binary stream that becomes `path` only when the block ends without error.

    The content goes to a temporary file beside `path`, then a rename puts it in
    place: a run that fails or is interrupted leaves no partial file behind, and
    an existing file is only replaced when `force` is given.
    """
    if path.exists() and not force:
        raise OutputExists(path)
    import tempfile  # only when writing: it costs `ua letter` a few ms to load

    folder = path.parent if str(path.parent) else Path()
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise UaError(f"cannot write {path}: {error.strerror}") from None
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o666 & ~_umask())
        if force:
            temporary.replace(path)
        else:
            _link_without_overwriting(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(path: Path, content: str | bytes, *, force: bool = False) -> None:
    """Write `content` to `path` as atomic_writer does."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_writer(path, force=force) as stream:
        stream.write(data)


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
