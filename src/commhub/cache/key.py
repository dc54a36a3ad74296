"""What makes commhub's caches safe to read: a secret key outside any checkout, and no tracked cache.

The caches hold pickles (which run code when read) and rendered pages (published as they are), in
`cache_dir`, inside the hub's folder, where a pull request can commit files. So every block of a
cache file and every row of the page cache carries an HMAC-SHA256 under a key that never sits in a
checkout (`$XDG_CACHE_HOME/commhub/cache.key`, default `~/.cache/commhub/cache.key`), checked before
anything is unpickled: whatever fails the check counts as absent, and the next save overwrites it.
A cache folder that git tracks is refused outright (`open_cache`).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import subprocess
from pathlib import Path

from commhub.content.problems import ProblemList, display_path

KEY_SIZE = 32
MAC_SIZE = 32


# --- the key ---------------------------------------------------------------------------------------


def key_path() -> Path:
    """Where the key lives (the XDG base directory spec: a relative XDG_CACHE_HOME is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "commhub" / "cache.key"


def secret() -> bytes:
    """The key, created on first use; OSError or ValueError when it cannot be read or made."""
    return _key_at(str(key_path()))


@functools.lru_cache(maxsize=None)  # read once per process (and per path: tests change XDG_CACHE_HOME)
def _key_at(path: str) -> bytes:
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    # Written whole under another name, then linked into place: no process ever reads a partial key,
    # and of two first runs at once, the second takes the first one's key (the link fails).
    temporary = f"{path}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_bytes(KEY_SIZE))
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
    return _read_key(path)


def _read_key(path: str) -> bytes:
    # O_NONBLOCK: a FIFO put there would otherwise hang the run; only a regular file is a key.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ValueError(f"{path} is not a regular file")
        key = os.read(descriptor, KEY_SIZE + 1)
    finally:
        os.close(descriptor)
    if len(key) != KEY_SIZE:
        raise ValueError(f"{path} does not hold a {KEY_SIZE}-byte key")
    return key


def mac(key: bytes, *parts) -> bytes:
    """HMAC-SHA256 of `parts` (bytes-like), each with its length so that no two lists give one text."""
    digest = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


def verified(key: bytes, tag, *parts) -> bool:
    return hmac.compare_digest(tag, mac(key, *parts))


# --- cache files: blocks, each with its MAC --------------------------------------------------------

# A file is MAGIC, then blocks, each as its MAC, its length (8 bytes, little-endian) and its bytes.
# A block's MAC covers the file's name and the block's place in it: a block cannot move to another
# cache file (another key: other registries or code) or to another place (a later block replaces
# entries of an earlier one). One MAC per block lets a save append a block without reading the
# others again (see content.LoadCache).
MAGIC = b"commhub cache 1\n"
_HEADER = MAC_SIZE + 8


def block_mac(key: bytes, path: Path, index: int, block) -> bytes:
    return mac(key, b"commhub cache file", path.name.encode(), index.to_bytes(8, "little"), block)


def read_blocks(path: Path, key: bytes) -> list[tuple[bytes, memoryview]]:
    """The (MAC, block) pairs of a file `write_blocks` wrote under `key`, every MAC checked;
    [] when the file is missing, unreadable, or any part of it fails (never half a file)."""
    try:
        data = memoryview(path.read_bytes())
    except OSError:
        return []
    if data[:len(MAGIC)] != MAGIC:
        return []
    blocks, at = [], len(MAGIC)
    while at < len(data):
        if len(data) - at < _HEADER:
            return []
        tag, size = bytes(data[at:at + MAC_SIZE]), int.from_bytes(data[at + MAC_SIZE:at + _HEADER], "little")
        block = data[at + _HEADER:at + _HEADER + size]
        if len(block) != size or not hmac.compare_digest(tag, block_mac(key, path, len(blocks), block)):
            return []
        blocks.append((tag, block))
        at += _HEADER + size
    return blocks


def write_blocks(path: Path, key: bytes, blocks: list, stale: str) -> list[tuple[bytes, bytes]]:
    """Write `blocks` to `path` in one rename, and remove older files matching `stale` beside it.

    `blocks`: (MAC, block) pairs, MAC None for a new block; a known MAC is only given for a block
    kept at the place it was read from. Returns the pairs written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(stale):
        if old != path:
            old.unlink(missing_ok=True)
    signed = [(tag if tag is not None else block_mac(key, path, index, block), block)
              for index, (tag, block) in enumerate(blocks)]
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with open(temporary, "wb") as file:
        file.write(MAGIC)
        for tag, block in signed:
            file.write(tag + len(block).to_bytes(8, "little"))
            file.write(block)
    temporary.replace(path)
    return signed


def load_pickle(path: Path, key: bytes) -> dict:
    """A cache file written by `save_pickle` under `key`; {} when missing, forged or from another version."""
    blocks = read_blocks(path, key)
    if len(blocks) != 1:
        return {}
    try:
        return pickle.loads(blocks[0][1])  # authentic: written by commhub under this key
    except (pickle.PickleError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return {}


def save_pickle(path: Path, data: dict, stale: str, key: bytes) -> None:
    write_blocks(path, key, [(None, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))], stale)


# --- which cache folder may be used ---------------------------------------------------------------


def open_cache(directory: Path, hubs: list[Path], problems: ProblemList) -> bytes | None:
    """The key for the cache in `directory`, or None (the cache is off) with the reason in `problems`.

    `hubs`: the hub's folders (content/'s parent, mkdocs.yml's), which a pull request writes: a key
    inside one is no secret. A cache folder that git tracks came with the checkout: refused.
    """
    folder = display_path(directory)
    if tracked(directory, hubs[0]):
        problems.error(directory, 0, "cache_tracked", folder=folder)
        return None
    try:
        path = key_path()
        resolved = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: no home folder
        problems.warning(directory, 0, "cache_key_unusable", folder=folder, key="~/.cache/commhub/cache.key")
        return None
    if any(resolved == hub or hub in resolved.parents for hub in (Path(hub).resolve() for hub in hubs)):
        problems.warning(directory, 0, "cache_key_in_hub", folder=folder, key=display_path(path))
        return None
    try:
        return secret()
    except (OSError, ValueError):
        problems.warning(directory, 0, "cache_key_unusable", folder=folder, key=str(path))
        return None


def tracked(directory: Path, hub: Path) -> bool:
    """Whether git tracks `directory` or any file in it; False without git, or outside a work tree.

    The folder is named as it is, relative to the hub, not resolved: a tracked symbolic link in
    its place (to anywhere) is tracked too.
    """
    if not os.path.lexists(directory):
        return False  # nothing there to read, tracked or not
    name = os.path.relpath(os.path.abspath(directory), os.path.abspath(hub))
    try:
        # Literal: the folder's name is a path, never a pattern.
        result = subprocess.run(["git", "--literal-pathspecs", "ls-files", "-z", "--", name],
                                cwd=hub, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and bool(result.stdout)
