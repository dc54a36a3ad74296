"""Rendered pages kept by fingerprint, so that a rebuild renders only what changed.

A page's fingerprint hashes everything its HTML is made from: the build's
*global* inputs (commhub's own code and catalogues, the templates, the theme
and MkDocs versions, mkdocs.yml, the registries and the list of all pages)
and the page's own (its view data and its source text). Equal fingerprints
therefore mean byte-equal output, and a cached page is written as it was.

The cache lives in memory for `mkdocs serve` (the plugin survives rebuilds)
and, when `cache_dir` is set, on disk across builds (CI can keep it).
Entries that a build did not use are pruned at its end.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
from pathlib import Path


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
            digest.update(path.read_bytes() if path.exists() else b"")
            digest.update(b"\0")
    return digest


def load_pickle(path: Path) -> dict:
    """A cache file written by `save_pickle`; {} when missing, unreadable or from another version."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return {}


def save_pickle(path: Path, data: dict, stale: str) -> None:
    """Write `data` to `path` in one rename, and remove the older files matching `stale` beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(stale):
        if old != path:
            old.unlink(missing_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)


def _plain(value):
    """JSON-able form of view data: dataclasses, paths, dates become plain values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)
                if field.name != "t"}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def fingerprint(global_key: str, src_uri: str, view, source: Path | None) -> str:
    digest = hashlib.sha256(global_key.encode())
    digest.update(src_uri.encode())
    digest.update(json.dumps(_plain(view), sort_keys=True, ensure_ascii=False).encode())
    if source is not None:
        digest.update(source.read_bytes())
    return digest.hexdigest()


@dataclasses.dataclass
class CachedPage:
    html: str  # the page's final output
    search: dict | None  # the page's search entry (fields of search.SearchDoc), None when not indexed


class PageCache:
    """Pages by fingerprint: on disk in `directory` (if any), in memory when `in_memory` (serve)."""

    def __init__(self, directory: Path | None, in_memory: bool = False):
        self.directory = directory
        self.in_memory = in_memory
        self.memory: dict[str, CachedPage] = {}
        self.used: set[str] = set()

    @property
    def active(self) -> bool:
        return self.in_memory or self.directory is not None

    def start_build(self) -> None:
        self.used = set()

    def _path(self, lang: str, key: str) -> Path:
        # One folder per language: a build of some languages prunes only theirs.
        return self.directory / lang / key[:2] / f"{key}.json"

    def get(self, lang: str, key: str) -> CachedPage | None:
        page = self.memory.get(key)
        if page is None and self.directory is not None:
            path = self._path(lang, key)
            if path.is_file():
                data = json.loads(path.read_text(encoding="utf-8"))
                page = CachedPage(data["html"], data["search"])
                if self.in_memory:
                    self.memory[key] = page
        if page is not None:
            self.used.add(key)
        return page

    def put(self, lang: str, key: str, page: CachedPage) -> None:
        if self.in_memory:
            self.memory[key] = page
        self.used.add(key)
        if self.directory is not None:
            path = self._path(lang, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"html": page.html, "search": page.search}, ensure_ascii=False),
                                 encoding="utf-8")
            temporary.replace(path)

    def prune(self, languages) -> None:
        """Forget entries of these languages that this build did not use, in memory and on disk."""
        self.memory = {key: page for key, page in self.memory.items() if key in self.used}
        if self.directory is None:
            return
        for lang in languages:
            for path in (self.directory / lang).glob("*/*.json"):
                if path.stem not in self.used:
                    path.unlink()
