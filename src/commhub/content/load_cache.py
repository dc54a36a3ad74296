"""The load cache: each product folder's loaded objects and problems, authenticated (cache/key.py) and keyed by the code that shapes them."""

from __future__ import annotations

import copyreg
import dataclasses
import io
import operator
import pickle
import sys
from pathlib import Path

from commhub import PACKAGE_DIR
from commhub.content.model import Product, Version
from commhub.cache.key import read_blocks, write_blocks
from commhub.cache.pages import hash_files
from commhub.content.registries import REGISTRIES


def dumps_for_cache(data) -> bytes:
    """`pickle.dumps`, made for what the load cache holds (see `_PICKLED_AS`)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _PICKLED_AS
    pickler.dump(data)
    return buffer.getvalue()


def _as_constructor_call(cls):
    """Pickle a dataclass as a call with its fields, in order: unpickled ~30% faster than its __dict__
    (whose keys pickle interns one by one)."""
    values = operator.attrgetter(*(field.name for field in dataclasses.fields(cls)))
    return lambda value: (cls, values(value))


_PICKLED_AS = {
    **copyreg.dispatch_table,
    # Paths as their text (one argument): unpickling pathlib's own form (every part) costs ~4x more.
    type(Path()): lambda value: (type(value), (str(value),)),
    Version: _as_constructor_call(Version),
    Product: _as_constructor_call(Product),
}


# The modules whose code shapes what loading a folder gives (the cached objects and problems): the
# load cache is keyed by their source, so that editing any other module keeps it. Of the modules
# this one imports, pagecache, cachekey (the file's format and MACs) and messages (through problems)
# do not: tests/test_load_speedups.py fails when loading comes to import another.
LOADING_MODULES = (
    "content/loader.py", "content/products.py", "content/registries.py", "content/fields.py", "content/reading.py",
    "content/folder_scan.py", "content/names.py", "content/files.py", "content/language_tags.py",
    "content/limits.py", "content/model.py", "content/problems.py", "content/yamlio.py", "content/schema.py",
)


class LoadCache:
    """Loaded product folders kept between runs, by folder signature (see `folder_signature`).

    The whole cache is keyed by everything else a product's loading depends on: the
    registries, the code of LOADING_MODULES, and the content folder's place. A run that finds
    nothing changed loads no YAML at all, and reads no file whose stat key (`folder_stat_key`)
    is unchanged.

    The file is a list of blocks (cachekey.write_blocks), each a pickled list of (folder name,
    (signature, (product, problems), stat key)); a later block's entry replaces an earlier one.
    Loading processes pickle their results as such blocks, so a first run writes them as they are,
    and a run that reloads a few folders appends one block instead of pickling every folder again.
    Every block's MAC (under `key`) is checked before any is unpickled: a file someone else wrote
    is an empty cache.
    """

    def __init__(self, directory: Path, root: Path, key: bytes):
        digest = hash_files([*(PACKAGE_DIR / name for name in LOADING_MODULES),
                             *(root / f"{name}.yml" for name in REGISTRIES)])
        digest.update(f"{str(root)}\0{sys.version_info[:2]}".encode())
        self.path = directory / f"content-{digest.hexdigest()[:20]}.pickle"
        self.key = key
        # (MAC, block) pairs as read: kept in place, a block needs no new MAC (see `save`).
        self.blocks: list[tuple[bytes, bytes]] = []
        # folder name -> (signature, (product, problems), stat key)
        self.entries: dict[str, tuple] = {}
        self.stored = 0  # entries in the blocks, replaced ones included
        blocks = read_blocks(self.path, key)
        try:
            for _, block in blocks:
                entries = pickle.loads(block)  # authentic: written by commhub under this key
                self.entries.update(entries)
                self.stored += len(entries)
            self.blocks = blocks
        except (pickle.PickleError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            self.entries, self.stored = {}, 0

    def stat_key(self, name: str) -> tuple | None:
        entry = self.entries.get(name)
        return entry[2] if entry is not None else None

    def by_stat(self, name: str, stat_key: tuple | None):
        """(signature, result) of a folder whose stat key is unchanged, else None."""
        entry = self.entries.get(name)
        if stat_key is None or entry is None or entry[2] != stat_key:
            return None
        return entry[0], entry[1]

    def get(self, name: str, signature: tuple):
        entry = self.entries.get(name)
        return entry[1] if entry is not None and entry[0] == signature else None

    def save(self, entries: dict[str, tuple], reloaded: list[str], blocks: list[bytes] | None = None) -> None:
        """Keep `entries`, of which the folders named in `reloaded` were loaded again by this run.

        `blocks`: the loading processes' blocks, when they hold every entry. Changed stat keys alone
        (e.g. after a fresh checkout) are not worth rewriting the cache for.
        """
        if blocks is not None and len(reloaded) == len(entries):
            self._write([(None, block) for block in blocks])
            return
        stored = self.stored + len(reloaded)
        if stored - len(entries) > len(entries) // 4:  # too many replaced or removed entries: start afresh
            self._write([(None, dumps_for_cache(list(entries.items())))])
        elif reloaded:
            self._write([*self.blocks, (None, dumps_for_cache([(name, entries[name]) for name in reloaded]))])

    def _write(self, blocks: list[tuple[bytes | None, bytes]]) -> None:
        write_blocks(self.path, self.key, blocks, stale="content-*.pickle")


def default_cache_dir(content_dir: Path) -> Path:
    """`.commhub-cache/` beside the content folder (git-ignored), as in mkdocs.yml."""
    return Path(content_dir).resolve().parent / ".commhub-cache"
