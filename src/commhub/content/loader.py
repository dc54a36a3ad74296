"""Load `content/` into the model, reporting every problem instead of stopping at the first.

`load_content(root)` never raises for bad content: it returns the model of
everything that could be read plus the list of problems, so that one run of
the build or the checker tells an editor about all of them.

The parts: registries.py (languages, channels, units, topics), products.py (one product
folder), fields.py (a mapping's fields, each problem at its line), folder_scan.py (listing and
reading a folder safely), load_cache.py (folders unchanged since the last run). This module
runs them over every folder, in several processes for large corpora.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Callable

from commhub.content.model import Content, Product
from commhub.cache.key import open_cache
from commhub.content.problems import ProblemList
from commhub.content.folder_scan import (
    FolderFiles,
    folder_signature,
    read_folder,
    safe_entries,
    folder_stat_key,
)
from commhub.content.load_cache import LoadCache, dumps_for_cache
from commhub.content.registries import load_languages, load_named
from commhub.content.products import load_product


# --- registries: languages, channels, units, topics -------------------------------------------


# --- products ------------------------------------------------------------------------------------


# --- the whole content folder ------------------------------------------------------------------


# Below this many products, starting processes costs more than it saves.
PARALLEL_FROM = 400


# What `inspect` (see `load_content`) gets for each folder a run loads: the folder, its product
# (None when it cannot be published), its text files as read, and its DirEntry objects.
LoadedFolder = tuple  # (Path, Product | None, FolderFiles, list[os.DirEntry])
Inspect = Callable[[dict, list[LoadedFolder]], list]


def _load_chunk_pickled(folders: list[Path], registries: dict, sign_at: int | None = None,
                        inspect: Inspect | None = None, lazy: bool = False
                        ) -> tuple[bytes, bytes | None, bytes | None]:
    """`_load_chunk`, pickled with paths as text: the pool's own pickling of Paths is slow to read back.

    The loaded folders come as a block of the load cache as it is (see `LoadCache`), so that the
    parent need not pickle it again; with `lazy`, also without their products (see `_load_products`);
    then what `inspect` made of them.
    """
    loaded, inspected = _load_chunk(folders, registries, sign_at, inspect)
    without_products = dumps_for_cache([(name, (signature, (None, problems), stat_key))
                               for name, (signature, (_, problems), stat_key) in loaded]) if lazy else None
    return dumps_for_cache(loaded), without_products, None if inspect is None else dumps_for_cache(inspected)


def _load_chunk(folders: list[Path], registries: dict, sign_at: int | None = None,
                inspect: Inspect | None = None) -> tuple[list[tuple], list | None]:
    """(folder name, (signature, (product, problems), stat key)) of each folder, and `inspect`'s results.

    With `sign_at` (the run's start, see `folder_stat_key`), the stat key and then the signature are taken
    before loading; else the stat key is None, and so is the signature unless `inspect` is given.
    """
    loaded, items = [], []
    for folder in folders:
        files = FolderFiles()
        listing: list = []
        # Loading then reads no file again, and the folder is listed once.
        signature, stat_key = read_folder(folder, files, listing, sign_at) if sign_at is not None or inspect \
            else (None, None)
        problems = ProblemList()
        product = load_product(folder, registries, problems, files, listing or None)
        loaded.append((folder.name, (signature, (product, problems), stat_key)))
        if inspect is not None:
            items.append((folder, product, files, listing))
    return loaded, None if inspect is None else inspect(registries, items)


def _load_products(folders: list[Path], registries: dict, jobs: int | None, sign_at: int | None = None,
                   inspect: Inspect | None = None, lazy: bool = False
                   ) -> tuple[list[tuple], list | None, list[bytes] | None]:
    """Load product folders, in several processes for large corpora; results in folder order.

    Returns `_load_chunk`'s two lists for all folders, and the pickled blocks of the first one
    when they were loaded in other processes (else None). With `sign_at`, each folder's stat key
    and `folder_signature` are taken too, by the process that loads it. With `lazy`, the products
    loaded in other processes are left in the blocks (None in the first list: see `LoadedProducts`).
    """
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(folders) < PARALLEL_FROM:
        return (*_load_chunk(folders, registries, sign_at, inspect), None)
    size = -(-len(folders) // (jobs * 4))  # a few chunks per process, so that none waits long
    chunks = [folders[start:start + size] for start in range(0, len(folders), size)]
    import multiprocessing  # here: importing it costs start-up time to every command, cached or not
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else multiprocessing.get_context()
    loaded, inspected, blocks = [], [] if inspect else None, []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for block, without_products, inspected_block in pool.map(
                _load_chunk_pickled, chunks, [registries] * len(chunks), [sign_at] * len(chunks),
                [inspect] * len(chunks), [lazy] * len(chunks)):
            blocks.append(block)
            loaded.extend(pickle.loads(without_products if lazy else block))
            if inspect:
                inspected.extend(pickle.loads(inspected_block))
    return loaded, inspected, blocks


def _sign_chunk(folders: list[Path]) -> list[tuple]:
    return [folder_signature(folder) for folder in folders]


def _signatures(folders: list[Path], jobs: int | None) -> list[tuple]:
    """`folder_signature` of each folder, in several processes for large corpora (it reads every text file)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(folders) < PARALLEL_FROM or not hasattr(os, "fork"):
        return [folder_signature(folder) for folder in folders]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(folders) // jobs)
    chunks = [folders[start:start + size] for start in range(0, len(folders), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return [signature for chunk in pool.map(_sign_chunk, chunks) for signature in chunk]


def load_content(root: Path, jobs: int | None = None, cache_dir: Path | None = None,
                 inspect: Inspect | None = None, need_products: bool = True, hub_dir: Path | None = None
                 ) -> tuple[Content, ProblemList]:
    """Load and check `root`; `jobs` processes read product folders (default: one per core).

    With `cache_dir`, product folders unchanged since the last run are not read again, unless the
    cache may not be used (cachekey.open_cache: the problem says why; `hub_dir`, mkdocs.yml's folder,
    is the hub's besides root's parent). `content.cache_key` is then empty.
    `inspect(registries, folders)`: more work on the folders this run loads (not on those taken
    from the cache), done in the process that loads them while their files are at hand; it gets
    a list of `LoadedFolder` and returns one picklable result for each, which end up in
    `content.inspected` by folder name. `need_products=False`: the caller may well not use
    `content.products` (as `commhub check`), whose products loaded in other processes are then read
    back on first use only (see `LoadedProducts`).
    """
    root = Path(root).resolve()
    problems = ProblemList()
    languages = load_languages(root, problems)
    codes = [language.code for language in languages]
    registries = {
        "languages": {language.code: language for language in languages},
        "channels": load_named(root, "channels", codes, problems),
        "units": load_named(root, "units", codes, problems),
        "topics": load_named(root, "topics", codes, problems),
    }
    products: dict[str, Product] = {}
    products_dir = root / "products"
    # Product folders by name: 10,000 Path objects (and their `.name`) would cost more than
    # checking the cache; Paths are made only for the folders loaded.
    names = []
    if products_dir.is_dir():
        for entry in safe_entries(products_dir, problems):
            if entry.is_dir():
                names.append(entry.name)
            else:
                problems.error(products_dir / entry.name, 0, "file_outside_product", name=entry.name)
    # Whether the cache folder may be used is said even when the registries' errors keep it unused.
    key = open_cache(Path(cache_dir), [root.parent, *([hub_dir] if hub_dir else [])], problems) \
        if cache_dir is not None else None
    cache = LoadCache(Path(cache_dir), root, key) if key is not None and not problems.errors else None
    signatures: dict[str, tuple] = {}
    results: dict[str, tuple | None] = {}
    stat_keys: dict[str, tuple | None] = {}
    now_ns = time.time_ns()
    # With an empty cache (a first run) there is nothing to compare: the loading processes take
    # the stat keys and signatures of the folders as they read them.
    sign_while_loading = cache is not None and not cache.entries
    if cache and not sign_while_loading:
        directory = str(products_dir) + os.sep
        for name in names:
            stat_keys[name] = stat_key = folder_stat_key(directory + name, now_ns, cache.stat_key(name))
            hit = cache.by_stat(name, stat_key)
            if hit is not None:
                signatures[name], results[name] = hit
        unsigned = [name for name in names if name not in signatures]
        for name, signature in zip(unsigned, _signatures([products_dir / name for name in unsigned], jobs)):
            signatures[name] = signature
            results[name] = cache.get(name, signature)
    missing = [name for name in names if results.get(name) is None]
    # Products can stay in the loading processes' blocks unless the cache needs them pickled anew.
    lazy = not need_products and (cache is None or sign_while_loading)
    loaded, inspected, blocks = _load_products([products_dir / name for name in missing], registries, jobs,
                                               now_ns if sign_while_loading else None, inspect, lazy)
    for name, (signature, result, stat_key) in loaded:
        results[name] = result
        if sign_while_loading:
            signatures[name], stat_keys[name] = signature, stat_key
    for name in names:
        product, product_problems = results[name]
        problems.extend(product_problems)
        if product is not None:
            products[product.slug] = product
    if lazy and blocks is not None:
        products = LoadedProducts(names, results, blocks)
    if cache:
        # The loading processes' blocks hold the signatures and stat keys only when they took them.
        cache.save({name: (signatures[name], results[name], stat_keys[name]) for name in results},
                   reloaded=missing, blocks=blocks if sign_while_loading else None)
    content = Content(root, languages, registries["channels"], registries["units"], registries["topics"], products)
    if inspect is not None:
        content.inspected = dict(zip(missing, inspected))
    if cache:
        content.signatures = signatures
        content.cache_key = cache.path.stem
    return content, problems


class LoadedProducts(Mapping):
    """`Content.products` (slug -> Product, in folder order) whose products loaded in other
    processes are read back from the pickled blocks those sent only when first used.

    `commhub check` does not use them: reading 10,000 products back cost a tenth of a cold check's
    CPU time in its main process.
    """

    def __init__(self, names: list[str], results: dict[str, tuple], blocks: list[bytes]):
        self._names, self._results, self._blocks = names, results, blocks
        self._products: dict[str, Product] | None = None

    def _all(self) -> dict[str, Product]:
        if self._products is None:
            for block in self._blocks:
                for name, (_, (product, _), _) in pickle.loads(block):
                    self._results[name] = (product, self._results[name][1])
            self._products = {}
            for name in self._names:
                product = self._results[name][0]
                if product is not None:
                    self._products[product.slug] = product
            self._names = self._results = self._blocks = None
        return self._products

    def __getitem__(self, slug: str) -> Product:
        return self._all()[slug]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


