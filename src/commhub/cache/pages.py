"""Rendered pages kept by fingerprint, so that a rebuild renders only what changed.

A page's fingerprint hashes everything its HTML is made from: the build's
*global* inputs (commhub's own code and catalogues, the templates, the theme
and MkDocs versions, mkdocs.yml, the registries and each language's menu)
and the page's own (its view data and its source text; for a product page,
its product folder's signature). Equal fingerprints therefore mean
byte-equal output, and a cached page is written as it was.

The cache lives in memory for `mkdocs serve` (the plugin survives rebuilds)
and, when `cache_dir` is set, on disk across builds (CI can keep it) in one
SQLite file: thousands of small files cost more to create than the pages
themselves on a CI machine's disk. Entries that a build did not use are
pruned at its end. Each row carries a MAC of its fingerprint and bytes
(cache/key.py): a row that fails it is a miss, so a page found in a file that
someone else wrote (a pull request can add one to the folder) is never
published, and is rendered and stored anew.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import sqlite3
import zlib
from pathlib import Path

import orjson

from commhub.cache.key import MAC_SIZE, mac, secret, verified


def hash_files(paths, digest=None):
    """Add each file's relative name and bytes to `digest` (a folder: every file below it, sorted)."""
    digest = digest or hashlib.sha256()
    for root in paths:
        root = Path(root)
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(root.parent) if root.is_dir() else path.name).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"")  # (never a pipe: it would block)
            digest.update(b"\0")
    return digest


def fingerprint(global_key: str, src_uri: str, view, source: Path | None) -> str:
    """A page's fingerprint from its view data (a dataclass) and its source text."""
    digest = hashlib.sha256(global_key.encode())
    digest.update(src_uri.encode())
    # The view's data without its message catalogue (`t`: code, in the global key); nested
    # dataclasses, lists and dicts as JSON, paths and dates as text. orjson: ten times json's speed,
    # which counts at every rebuild of `mkdocs serve`.
    fields = {field.name: getattr(view, field.name) for field in dataclasses.fields(view) if field.name != "t"}
    digest.update(orjson.dumps(fields, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS))
    if source is not None:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def product_fingerprint(global_key: str, src_uri: str, folder_signature: tuple) -> str:
    """A product page's fingerprint without computing its view.

    A product page (or a fallback page of it) shows only its own product folder, the
    registries and the site's global inputs (see SitePlan.menus): the folder's signature
    (the hash of every text file in it, from the load cache) stands for all the rest.
    """
    digest = hashlib.sha256(global_key.encode())
    digest.update(src_uri.encode())
    digest.update(repr(folder_signature).encode())
    return digest.hexdigest()


@dataclasses.dataclass
class CachedPage:
    html: str  # the page's final output
    search: dict | None  # the page's search entry (fields of search.SearchDoc), None when not indexed
    terms: tuple | None = None  # that entry's terms (search.Terms)


class PageCache:
    """Pages by fingerprint: on disk in `directory` (if any), in memory when `in_memory` (serve).

    A build may look pages up and store them from several forked processes (site/workers.py): each
    opens its own connection to the file, and returns what it used and, for the in-memory
    cache, what it added (`added`); the parent merges them with `merge` before pruning.
    """

    FILE = "pages.sqlite"
    BATCH = 200  # pages stored per transaction
    SCHEMA = {("table", "pages"), ("index", "sqlite_autoindex_pages_1")}

    def __init__(self, directory: Path | None, in_memory: bool = False, key: bytes | None = None):
        self.directory = directory
        # The rows' MAC key (cache/key.py); the caller has checked that the folder may be used.
        self.key = key if key is not None or directory is None else secret()
        self.in_memory = in_memory
        self.memory: dict[str, CachedPage] = {}
        self.used: set[str] = set()
        self.added: dict[str, CachedPage] = {}
        self.pending: list[tuple[str, str, bytes]] = []
        self._db: sqlite3.Connection | None = None
        self._db_pid = 0

    @property
    def active(self) -> bool:
        return self.in_memory or self.directory is not None

    def start_build(self) -> None:
        self.used = set()
        self.added = {}

    def _connection(self) -> sqlite3.Connection:
        # SQLite connections must not cross a fork: each process opens its own (see `close`).
        if self._db is None or self._db_pid != os.getpid():
            self.directory.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.DatabaseError:  # not a database, or not this one's tables: start afresh
                for suffix in ("", "-wal", "-shm"):
                    (self.directory / f"{self.FILE}{suffix}").unlink(missing_ok=True)
                self._db = self._open()
            self._db_pid = os.getpid()
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.directory / self.FILE, timeout=120)
        try:
            # The file may not be commhub's: no view or trigger in it may call functions, and it
            # holds the one table and its key's index, or it is not used.
            db.execute("PRAGMA trusted_schema=OFF")
            if not set(db.execute("SELECT type, name FROM sqlite_master")) <= self.SCHEMA:
                raise sqlite3.DatabaseError(f"{self.FILE}: other tables")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, lang TEXT, entry BLOB)")
            db.execute("SELECT key, lang, entry FROM pages LIMIT 0")  # its columns
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def get(self, lang: str, key: str) -> CachedPage | None:
        page = self.memory.get(key)
        if page is None and self.directory is not None:
            row = self._connection().execute("SELECT entry FROM pages WHERE key = ?", (key,)).fetchone()
            page = _unpack(self.key, key, row[0]) if row is not None else None
            if page is not None and self.in_memory:
                self.added[key] = page
        if page is not None:
            self.used.add(key)
        return page

    def present(self, keys: set[str]) -> set[str]:
        """Which of these keys the cache holds (without loading the pages, nor checking them: an
        estimate of the work to come; `get` checks each page it gives)."""
        found = keys & self.memory.keys()
        if self.directory is not None and keys - found:
            db = self._connection()
            db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM wanted")
            db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((key,) for key in keys - found))
            found |= {key for (key,) in db.execute("SELECT key FROM pages JOIN wanted USING (key)")}
            db.commit()
        return found

    def put(self, lang: str, key: str, page: CachedPage) -> None:
        if self.in_memory:
            self.memory[key] = self.added[key] = page
        self.used.add(key)
        if self.directory is not None:
            self.pending.append((key, lang, pack_row(self.key, key, page)))
            if len(self.pending) >= self.BATCH:
                self.flush()

    def flush(self) -> None:
        """Store the pages `put` since the last flush."""
        if self.pending:
            with self._connection() as db:
                db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", self.pending)
            self.pending = []

    def close(self) -> None:
        """Flush and close this process's connection (before forking, and at the end of a build)."""
        self.flush()
        if self._db is not None and self._db_pid == os.getpid():
            self._db.close()
        self._db = None

    def merge(self, used: set[str], added: dict[str, CachedPage]) -> None:
        """Take in what a forked worker used and added."""
        self.used |= used
        if self.in_memory:
            self.memory.update(added)

    def prune(self, languages) -> None:
        """Forget entries of these languages that this build did not use, in memory and on disk."""
        self.memory = {key: page for key, page in self.memory.items() if key in self.used}
        if self.directory is None:
            return
        with self._connection() as db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM used")
            db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in self.used))
            marks = ", ".join("?" * len(languages))
            db.execute(f"DELETE FROM pages WHERE lang IN ({marks}) AND key NOT IN (SELECT key FROM used)",
                       list(languages))
        self.close()


PAGE_ROW = b"commhub page"  # what a row's MAC is of (see cachekey.mac)


def pack_row(secret_key: bytes, key: str, page: CachedPage) -> bytes:
    """A row's entry: the MAC of (fingerprint, payload), then the payload."""
    # zlib level 1: a fifth of the size for little time; the file is what CI keeps between runs.
    payload = zlib.compress(pickle.dumps((page.html, page.search, page.terms), protocol=pickle.HIGHEST_PROTOCOL), 1)
    return mac(secret_key, PAGE_ROW, key.encode(), payload) + payload


def _unpack(secret_key: bytes, key: str, entry) -> CachedPage | None:
    """The page of a row's entry, None unless its MAC holds (checked before unpickling anything)."""
    if not isinstance(entry, bytes):  # the file may not be commhub's: any SQLite value
        return None
    tag, payload = entry[:MAC_SIZE], entry[MAC_SIZE:]
    if not verified(secret_key, tag, PAGE_ROW, key.encode(), payload):
        return None
    try:
        return CachedPage(*pickle.loads(zlib.decompress(payload)))
    except (zlib.error, pickle.PickleError, EOFError, TypeError, ValueError):
        return None
