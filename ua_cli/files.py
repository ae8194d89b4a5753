"""Files in and out, safely: output never over a user's file unasked, never
half-written; input never read past a size that makes sense for it."""

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ua_cli.errors import FileProblems, OutputExists, Problem, UaError

MIB = 1024 * 1024
# Errors writing a file that are the machine's state, not a bug: reported as
# one line naming the file.
_WRITE_ERRORS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM}
)


# CSV cells that are safe to open in a spreadsheet (OWASP's CSV injection
# advice): a cell starting with = + - @ tab or carriage return would run as a
# formula; a leading apostrophe makes the spreadsheet show it as text instead.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula; one
    that starts with an apostrophe gets another, so that `unneutralise` gives
    back the text as it was."""
    return f"'{cell}" if cell.startswith((*_FORMULA_START, "'")) else cell


def unneutralise(cell: str) -> str:
    """The original text of a cell `neutralise` wrote."""
    return (
        cell[1:] if cell.startswith("'") and cell[1:].startswith((*_FORMULA_START, "'")) else cell
    )


def open_regular(path: Path, what: str) -> BinaryIO:
    """`path` open for reading if it is a regular file. Anything else is refused
    at once: a named pipe would wait for a writer forever, a device such as
    /dev/zero never ends, a socket is no file. (Opened without blocking, so
    that a pipe opens at all, and then looked at.)"""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        problem = Problem(1, "", f"cannot read: {error.strerror or error}")
        raise FileProblems(path, [problem]) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        problem = Problem(1, "", f"{_kind(mode)}, not a file; is it really {what}?")
        raise FileProblems(path, [problem])
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path`, refusing a file larger than `limit` (or endless,
    like /dev/zero) before it fills the memory."""
    return b"".join(read_blocks(path, limit, what, block_size=limit + 1))


def read_blocks(path: Path, limit: int, what: str, *, block_size: int = 8 * MIB) -> Iterator[bytes]:
    """The bytes of `path` a block at a time, so that a file of any size is
    read in little memory; one larger than `limit` (or endless, like
    /dev/zero) is refused when it gets there."""
    try:
        with open_regular(path, what) as stream:
            yield from stream_blocks(stream, path, limit, what, block_size=block_size)
    except OSError as error:
        problem = Problem(1, "", f"cannot read: {error.strerror or error}")
        raise FileProblems(path, [problem]) from None


def stream_blocks(
    stream: BinaryIO, path: Path, limit: int, what: str, *, block_size: int = 8 * MIB
) -> Iterator[bytes]:
    """The bytes of an open file a block at a time, refusing more than `limit`."""
    total = 0
    while block := stream.read(min(block_size, limit + 1 - total)):
        total += len(block)
        if total > limit:
            problem = Problem(1, "", f"larger than {limit // MIB} MiB; is it really {what}?")
            raise FileProblems(path, [problem])
        yield block


@contextlib.contextmanager
def atomic_writer(path: Path, *, force: bool = False, private: bool = False) -> Iterator[BinaryIO]:
    """A binary stream that becomes `path` only when the block ends without error.

    The content goes to a temporary file beside `path`, then a rename puts it in
    place: a run that fails or is interrupted leaves no partial file behind, and
    an existing file is only replaced when `force` is given.
    """
    mode = _replaceable_mode(path, force=force)
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
        if mode is None:
            mode = 0o600 if private else 0o666 & ~_umask()
        temporary.chmod(mode)
        if force:
            temporary.replace(path)
        else:
            _link_without_overwriting(temporary, path)
    except OSError as error:
        if error.errno not in _WRITE_ERRORS:
            raise
        raise UaError(f"cannot write {path}: {error.strerror}; nothing was written") from None
    finally:
        temporary.unlink(missing_ok=True)


def check_output(path: Path, *, force: bool) -> None:
    """Refuse, before any work, an output that exists (without `force`) or
    that is not a regular file."""
    _replaceable_mode(path, force=force)


def _replaceable_mode(path: Path, *, force: bool) -> int | None:
    """The permissions an existing `path` has, to keep them when it is replaced
    (None when there is none); refuses to replace anything but a regular file."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UaError(f"cannot write {path}: {error.strerror}") from None
    if not stat.S_ISREG(status.st_mode):
        raise UaError(f"{path} is not a regular file; not replacing it")
    if not force:
        raise OutputExists(path)
    return stat.S_IMODE(status.st_mode)


def write_atomically(
    path: Path, content: str | bytes, *, force: bool = False, private: bool = False
) -> None:
    """Write `content` to `path` as atomic_writer does (readable by its owner
    only, if `private` and new)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_writer(path, force=force, private=private) as stream:
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
