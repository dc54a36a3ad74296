"""Reading an editor's file: an ordinary file only, never waiting on it, never over its size limit.

A pull request can hold a named pipe, a socket or a device under any name (`index.km.md`,
`languages.yml`): reading one would wait for ever. Where a folder listing already tells a file's
type, other types are refused without opening them; everywhere else a content file is opened
without blocking (O_NONBLOCK), checked to be a regular file through the open descriptor (no race
with a rename), and its size compared with its limit (see content/limits.py) before a byte is read.
"""

from __future__ import annotations

import errno
import os
import stat as stat_module

from commhub.content.limits import KIB, MAX_MARKDOWN_BYTES, MAX_PRODUCT_YML_BYTES, MAX_YAML_BYTES

# As open(path, "rb"), but never blocking on a FIFO (regular files ignore O_NONBLOCK).
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
# For files in a place where symbolic links are refused (product folders).
READ_FLAGS_NO_LINKS = READ_FLAGS | getattr(os, "O_NOFOLLOW", 0)


class FileRefused(OSError):
    """A content file commhub does not read: the code and parameters of its problem. An OSError, so
    that whoever only knows "the file could not be read" handles it as such."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def size_limit(name: str) -> int:
    """The largest size, in bytes, of the content file called `name`."""
    if name == "product.yml":
        return MAX_PRODUCT_YML_BYTES
    return MAX_MARKDOWN_BYTES if name.endswith(".md") else MAX_YAML_BYTES


def not_regular(name: str) -> FileRefused:
    return FileRefused("not_regular_file", name=name)


def too_large(size: int, limit: int) -> FileRefused:
    # Rounded up, so that a file one byte over the limit does not read as being at it.
    return FileRefused("file_too_large", size=-(-size // KIB), limit=limit // KIB)


def refusal(mode: int, size: int, name: str, limit: int | None = None) -> FileRefused | None:
    """Why a file of this type (`st_mode`) and size is not read; None when it may be."""
    if not stat_module.S_ISREG(mode):
        return not_regular(name)
    limit = size_limit(name) if limit is None else limit
    return too_large(size, limit) if size > limit else None


def read_file(path: str | os.PathLike, limit: int | None = None, follow_symlinks: bool = True) -> bytes:
    """The bytes of a content file; FileRefused when it is not a regular file or is over `limit`
    (default: `size_limit` of its name); OSError when it cannot be opened (e.g. it does not exist)."""
    path = os.fspath(path)
    name = os.path.basename(path)
    descriptor = _open(path, follow_symlinks)
    try:
        stat = os.fstat(descriptor)
        refused = refusal(stat.st_mode, stat.st_size, name, limit)
        if refused is not None:
            raise refused
        return read_all(descriptor, stat.st_size, size_limit(name) if limit is None else limit)
    finally:
        os.close(descriptor)


def read_all(descriptor: int, size: int, limit: int) -> bytes:
    """The rest of an open regular file, whose size was `size` when stat'ed (it may have changed since);
    FileRefused if it grew past `limit` in the meantime."""
    data = os.read(descriptor, size + 1)  # one byte more: a file that grew needs more reads
    if len(data) <= size:
        return data
    chunks, total = [data], len(data)
    while total <= limit and (chunk := os.read(descriptor, 1 << 16)):
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise too_large(total, limit)
    return b"".join(chunks)


def open_regular(path: str | os.PathLike, follow_symlinks: bool = False) -> int:
    """An open descriptor of a regular file (the caller closes it), opened as `read_file` opens one;
    FileRefused if it is not one, OSError if it cannot be opened."""
    path = os.fspath(path)
    descriptor = _open(path, follow_symlinks)
    if not stat_module.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise not_regular(os.path.basename(path))
    return descriptor


def _open(path: str, follow_symlinks: bool) -> int:
    try:
        return os.open(path, READ_FLAGS if follow_symlinks else READ_FLAGS_NO_LINKS)
    except OSError as error:
        # Opening a socket fails (ENXIO) before fstat could tell its type: say what it is.
        if error.errno in (errno.ENXIO, errno.EOPNOTSUPP, errno.ENODEV):
            raise not_regular(os.path.basename(path)) from None
        raise
