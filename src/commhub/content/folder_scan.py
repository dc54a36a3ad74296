"""Listing a product folder safely and cheaply: its names, the files' bytes, and a stat key that says whether anything changed."""

from __future__ import annotations

import hashlib
import os
import re
import stat as stat_module
import struct
from dataclasses import dataclass, field
from pathlib import Path

from commhub.content.files import READ_FLAGS_NO_LINKS, FileRefused, read_all, size_limit
from commhub.content.problems import ProblemList


@dataclass
class FolderFiles:
    """What was read of a product folder's text files, by file name: each file is read, hashed and
    decoded once, for its signature, for loading and for the checks."""

    data: dict[str, bytes] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)  # hexadecimal
    texts: dict[str, str] = field(default_factory=dict)  # decoded, when it had no CR (see `decode_text`)


def safe_names(folder: Path, problems: ProblemList, entries: list | None = None) -> list[str]:
    """The folder's file names, without symbolic links, names with control characters and files that
    are neither ordinary files nor folders (reported).

    A link could publish a file from outside content/, and a control character in a
    name can hide what a file really is; neither has a use in an editor's product. A named pipe
    or a device would make whoever reads it wait for ever: refused from the listing, never opened.
    `entries`: the folder's DirEntry objects by name, if already listed.
    """
    return [entry.name for entry in safe_entries(folder, problems, entries)]


def safe_entries(folder: Path, problems: ProblemList, entries: list | None = None) -> list[os.DirEntry]:
    """`safe_names`, as DirEntry objects (which know whether they are folders without a system call)."""
    safe = []
    if entries is None:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        name = entry.name
        if _CONTROL_CHARACTER.search(name):
            problems.error(folder, 0, "name_control_character", name=name.encode("unicode_escape").decode())
        elif entry.is_symlink():
            problems.error(folder / name, 0, "symlink_not_allowed", name=name)
        elif entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False):
            safe.append(entry)
        else:  # a pipe, socket or device
            problems.error(folder / name, 0, "not_regular_file", name=name)
    return safe


_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f]")


def folder_signature(folder: Path, files: FolderFiles | None = None, listing: list | None = None) -> tuple:
    """What loading a product folder depends on: its file names and its text files' bytes.

    Hashes, not modification times, so that the cache also serves a fresh checkout (CI); SHA-256,
    which processors compute in hardware (twice BLAKE2's speed here), and which loading reuses.
    Media files count by name and type only: the loader looks at their presence, not their bytes. A text
    file over its size limit (see content/limits.py) is not read: it counts by its size.
    The files read go into `files`, when given. `listing`: the folder's DirEntry objects
    in name order if already listed; an empty list is filled, so that loading lists it only once.
    """
    return read_folder(folder, files, listing)[0]


def read_folder(folder: Path, files: FolderFiles | None = None, listing: list | None = None,
                 stat_at: int | None = None) -> tuple[tuple, tuple | None]:
    """`folder_signature`, and with `stat_at` (the run's start) also the folder's `folder_stat_key`.

    Reading a folder whose stat key is wanted anyway: each file is stat'ed through the open file
    (one lookup of its path less), before it is read. A signature is (the text files' names,
    their SHA-256 digests one after the other, (name, is a link, is a folder) of the other
    entries): a few objects rather than a few per file, since every run unpickles all of them.
    """
    names, digests, others, values = [], [], [], []
    stat_key = None
    try:
        if stat_at is not None:
            stat = os.stat(folder)
            own = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
            reliable = max(own[:2]) <= stat_at - RACY_NS
        if listing:
            entries = listing
        else:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
            if listing is not None:
                listing.extend(entries)
        for entry in entries:  # DirEntry answers is_file/is_symlink without another system call
            name = entry.name
            if _is_text_file(entry):
                # os.open/os.read rather than a file object: one fstat (the size to read), no buffer.
                # Never blocking, no link followed (see content/files.py): the listing said "a file" just before.
                descriptor = os.open(entry.path, READ_FLAGS_NO_LINKS)
                try:
                    stat = os.fstat(descriptor)
                    if stat_at is not None:
                        values += (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
                        reliable = reliable and max(stat.st_mtime_ns, stat.st_ctime_ns) <= stat_at - RACY_NS
                    data = _read_capped(descriptor, stat, name)
                finally:
                    os.close(descriptor)
                names.append(name)
                if data is None:
                    # Not read (over its limit, or no longer an ordinary file): the loader reports it from
                    # its size and type, which this stands for. 33 bytes: no file's 32-byte digest.
                    digests.append(b"\0" + hashlib.sha256(b"%d %d" % (stat.st_mode, stat.st_size)).digest())
                    continue
                digest = hashlib.sha256(data)
                digests.append(digest.digest())
                if files is not None:
                    files.data[name] = data
                    files.sha256[name] = digest.hexdigest()
            else:
                others.append(_other_entry(entry))
    except OSError:
        return (), None
    text_names, others = "\0".join(names), tuple(others)
    if stat_at is not None and reliable:
        stat_key = (text_names, others, _pack_stats(own, values))
    return (text_names, b"".join(digests), others), stat_key


def _read_capped(descriptor: int, stat: os.stat_result, name: str) -> bytes | None:
    """An open text file's bytes; None, unread, when it is not a regular file or over its size limit."""
    limit = size_limit(name)
    if stat.st_size > limit or not stat_module.S_ISREG(stat.st_mode):
        return None
    try:
        return read_all(descriptor, stat.st_size, limit)
    except FileRefused:  # grew past its limit while read
        return None


def _other_entry(entry: os.DirEntry) -> tuple:
    """What a folder's signature holds of an entry other than a text file: its name and type."""
    return entry.name, entry.is_symlink(), entry.is_dir(follow_symlinks=False), entry.is_file(follow_symlinks=False)


def _is_text_file(entry: os.DirEntry) -> bool:
    """A product's YAML or Markdown file (DirEntry answers without another system call)."""
    return entry.name.endswith((".md", ".yml")) and entry.is_file(follow_symlinks=False)


def _pack_stats(own: tuple[int, int, int], values: list[int]) -> bytes:
    """Times and inode of a folder, then size, times and inode of each of its text files, as bytes."""
    return struct.pack(f"<qqQ{'QqqQ' * (len(values) // 4)}", *own, *values)


# A file changed within this long after it was stat'ed may keep the same size and times (coarse
# timestamps): such a folder gets no stat key, and is hashed again on the next run (as git does).
RACY_NS = 2_000_000_000


def folder_stat_key(folder: Path | str, now_ns: int, previous: tuple | None = None, listing: list | None = None
              ) -> tuple | None:
    """A cheap stand-in for `folder_signature`: the folder's names, and size, times and inode of its
    folder and text files (packed as bytes: see `read_folder`).

    Equal stat keys are taken to mean equal bytes, as git's index does; taken before the folder
    is read, so that an edit during the run shows as a change next time. None when unreliable.
    With the `previous` key of the folder, whose folder times still match, its names are taken
    from it instead of listing the folder again: adding, removing or renaming a file changes them.
    When the folder is listed, its DirEntry objects (by name) go to `listing`, if given.
    """
    try:
        path = os.fspath(folder)
        stat = os.stat(path)
        own = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        if max(own[:2]) > now_ns - RACY_NS:
            return None
        if previous is not None and _FOLDER_STATS.unpack_from(previous[2]) == own:
            text_names, others = previous[0], previous[1]
        else:
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
            if listing is not None:
                listing.extend(entries)
            texts = [entry for entry in entries if _is_text_file(entry)]
            text_names = "\0".join(entry.name for entry in texts)
            others = tuple(_other_entry(entry) for entry in entries if entry not in texts)
        values: list[int] = []
        for name in text_names.split("\0") if text_names else ():
            stat = os.lstat(path + os.sep + name)
            if max(stat.st_mtime_ns, stat.st_ctime_ns) > now_ns - RACY_NS:
                return None
            values += (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    except OSError:
        return None
    return text_names, others, _pack_stats(own, values)


_FOLDER_STATS = struct.Struct("<qqQ")
