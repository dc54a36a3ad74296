"""What an offline copy (outputs/bundle.py) is made from and of: the built site folder, read only as
regular files inside it; the language as the site plan has it; where each link of a page leads
(a page of the copy, a theme file, a medium, or something the copy leaves out); the copy's entries.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from commhub.i18n.messages import MessageError
from commhub.checks.media_types import MEDIA_TYPES
from commhub.site.urls import absolute

MB = 1_000_000  # USB sticks are sold in decimal megabytes
MAX_PAGE_BYTES = 20_000_000  # one HTML page
SEARCH_SCRIPT = "assets/javascripts/commhub-search.js"
COMPANIONS = {"vtt"}  # small files that go with media (captions): always in the copy
# Folders of the site no copy takes anything from (besides other languages' folders).
NOT_COPIED = ("admin/", "offline/", "share/", "search/", "data/")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# The size the build writes on a home page's download link once the copies are made.
SIZE_SPAN = re.compile(r'(<span class="commhub-offline__size">)[^<]*(</span>)')


class BundleError(MessageError):
    """A copy that cannot be made: `code` names the message (`problem.bundle.<code>`)."""


def format_size(size: int, t) -> str:
    """`size` bytes in megabytes, as the reader's language writes a number ("2,4 MB")."""
    value = size / MB
    text = "0" if size == 0 else f"{max(value, 0.1):.1f}" if value < 10 else f"{value:.0f}"
    return t("ui.offline.megabytes", value=text.replace(".", t("ui.report.decimal_separator")))


# --- what the copy of one language holds --------------------------------------------------------------

@dataclass(frozen=True)
class Language:
    """What a copy needs to know of its language, from the site plan."""

    code: str
    name: str  # in the language itself
    site_name: str  # what the site calls itself in it
    prefix: str  # '' for the default language, else 'km/'
    home: str  # its home page's file in the site, e.g. km/index.html
    pages: frozenset[str]  # its pages' files
    newest: str  # the newest publication date of its products (ISO), '' without products
    others: tuple[str, ...]  # the prefixes of the other languages' folders ('km/', 'en/')
    t: object  # its interface strings (i18n.messages.Messages)


def language_of(plan, messages, lang: str) -> Language:
    """The copy's view of `lang` in the site plan (site/plan.py); `messages`: Messages by language."""
    pages = frozenset(page.dest_uri for page in plan.pages.values() if page.lang == lang)
    listing = plan.listings.get(lang) or []
    return Language(
        code=lang, name=plan.content.language(lang).name, site_name=plan.identity(lang).name,
        prefix=plan.prefix(lang), home=plan.home(lang).dest_uri, pages=pages,
        newest=max((entry.published for entry in listing), default=""),
        others=tuple(plan.prefix(code) for code in plan.codes if code != lang and plan.prefix(code)),
        t=messages[lang])


@dataclass
class Entry:
    name: str  # path in the zip
    data: bytes | None = None  # written as it is made…
    source: Path | None = None  # …or copied from the site folder
    size: int = 0


@dataclass(frozen=True)
class LeftOut:
    path: str  # in the site
    size: int
    online: str  # its address online, '' when the site has none


@dataclass
class Bundle:
    lang: str
    budget: int  # bytes of media
    site_url: str
    entries: dict[str, Entry] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)  # media in the copy
    left: dict[str, LeftOut] = field(default_factory=dict)  # media left out, by path
    media_bytes: int = 0

    def add(self, entry: Entry) -> None:
        self.entries[entry.name] = entry

    def keeps(self, path: str, size: int) -> bool:
        """Whether the medium `path` is in the copy: once decided, as decided; else if it still fits."""
        if path in self.kept:
            return True
        if path in self.left:
            return False
        if self.media_bytes + size <= self.budget:
            self.kept.add(path)
            self.media_bytes += size
            return True
        self.left[path] = LeftOut(path, size, absolute(self.site_url, quote(path, safe="/")) if self.site_url else "")
        return False

    @property
    def left_out(self) -> list[LeftOut]:
        """The media left out, by path."""
        return [self.left[path] for path in sorted(self.left)]

    @property
    def media_files(self) -> int:
        """The media in the copy (those the pages show)."""
        return sum(1 for path in self.kept if path in self.entries)

    def left_out_item(self, path: str) -> LeftOut | None:
        return self.left.get(path)


class SiteFolder:
    """The built site, read only as regular files inside it."""

    def __init__(self, root: Path, fingerprints: dict[str, str] | None = None):
        """`fingerprints`: what the build knows fixes its pages' bytes (site path → the page cache's
        fingerprint, cache/pages.py), taken as their digest instead of reading them: at N = 1,000 a warm
        build's copies then cost 0.3 s instead of 0.8 s."""
        if not root.is_dir():
            raise BundleError("site_missing", folder=str(root))
        self.root = Path(os.path.realpath(root))
        self._files: dict[str, tuple[Path, int] | None] = {}
        self._folders: dict[str, str | None] = {}
        self._hashes: dict[str, str] = {f"{path}": f"page {key}" for path, key in (fingerprints or {}).items()}
        self._listing: list[str] | None = None
        self._indexed = False
        self.targets: dict[tuple[str, str, str], object] = {}  # links resolved (_target)

    def file(self, path: str) -> tuple[Path, int] | None:
        """(real path, size) of the site's regular file `path` (site-relative), None if there is none inside."""
        if path not in self._files:
            if not self._indexed:
                self._index()
                if path in self._files:
                    return self._files[path]
            self._files[path] = self._find(path)
        return self._files[path]

    def _index(self) -> None:
        """Every regular file of the site that no link leads to, listed in one walk (a stat each): at
        N = 1,000 the copies ask for 22,000 files, 0.5 s when each path was looked up alone. A link
        is left to `_find`, which follows it only inside the site."""
        self._indexed = True
        pending = [("", str(self.root))]
        while pending:
            folder, real = pending.pop()
            try:
                entries = list(os.scandir(real))
            except OSError:
                continue
            for entry in entries:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{folder}{entry.name}/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    self._files.setdefault(f"{folder}{entry.name}",
                                           (Path(entry.path), entry.stat(follow_symlinks=False).st_size))

    def _find(self, path: str) -> tuple[Path, int] | None:
        if not path or path.startswith("/") or path == ".." or path.startswith("../") or "\0" in path:
            return None
        folder, name = posixpath.split(path)
        real_folder = self._real_folder(folder)
        if real_folder is None or name in ("", ".", ".."):
            return None
        real = os.path.join(real_folder, name)
        try:
            status = os.lstat(real)
            if stat.S_ISLNK(status.st_mode):
                real = os.path.realpath(real)
                if not self._inside(real):
                    return None  # a symlink out of the site
                status = os.stat(real)
        except OSError:
            return None
        return (Path(real), status.st_size) if stat.S_ISREG(status.st_mode) else None

    def _real_folder(self, folder: str) -> str | None:
        """The real path of the site's folder `folder` ('' for the root), None if it leads out."""
        if folder not in self._folders:
            real = os.path.realpath(os.path.join(self.root, folder))
            self._folders[folder] = real if self._inside(real) else None
        return self._folders[folder]

    def _inside(self, real: str) -> bool:
        return real == str(self.root) or real.startswith(str(self.root) + os.sep)

    def hash(self, path: str) -> str:
        """SHA-256 of the site's file `path` (once per SiteFolder)."""
        if path not in self._hashes:
            digest = hashlib.sha256()
            if path.endswith(".html"):
                # Without the size the build writes on a home page's download link after the copies.
                text = self.read(path, MAX_PAGE_BYTES).decode("utf-8", "replace")
                digest.update(SIZE_SPAN.sub(r"\1\2", text).encode("utf-8"))
            else:
                with open(self.file(path)[0], "rb") as stream:
                    for chunk in iter(lambda: stream.read(1 << 20), b""):
                        digest.update(chunk)
            self._hashes[path] = digest.hexdigest()
        return self._hashes[path]

    def listing(self, skip: tuple[str, ...]) -> list[str]:
        """Every file but pages, outside the folders `skip` (once per SiteFolder: the same `skip`)."""
        if self._listing is None:
            if not self._indexed:
                self._index()
            # From the one walk of `_index`: regular files only, no link (the copies take none).
            self._listing = sorted(path for path, found in self._files.items()
                                   if found is not None and not path.endswith(".html") and not path.startswith(skip))
        return self._listing

    def is_dir(self, path: str) -> bool:
        real = self._real_folder(path)
        return real is not None and os.path.isdir(real)

    def read(self, path: str, limit: int) -> bytes:
        found = self.file(path)
        if found is None:
            raise BundleError("site_incomplete", folder=str(self.root), file=path)
        if found[1] > limit:
            raise BundleError("too_large", file=path, size=found[1], limit=limit)
        return found[0].read_bytes()


# --- links ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    path: str  # the file in the site
    query: str
    fragment: str
    kind: str  # page, asset, media or outside
    directory_url: str  # its address as the site writes it (km/products/x/), for the online link


def target_of(site: SiteFolder, language: Language, page: str, url: str) -> Target | None:
    """What the relative `url` on `page` leads to; None for a link to keep as it is (fragment,
    absolute, mailto:, data:). Pages of a folder share most links (the menus): answers are kept."""
    if not url or url.startswith("#") or SCHEME.match(url) or url.startswith("//"):
        return None
    key = (language.code, posixpath.dirname(page), url)
    if key not in site.targets:
        site.targets[key] = _resolve(site, language, page, url)
    return site.targets[key]


def _resolve(site: SiteFolder, language: Language, page: str, url: str) -> Target:
    parts = urlsplit(url)
    raw = unquote(parts.path)
    joined = posixpath.join(posixpath.dirname(page), raw) if raw else page
    path = posixpath.normpath(joined)
    if path == ".." or path.startswith("../") or path.startswith("/"):
        return Target("", parts.query, parts.fragment, "outside", "")
    path = "" if path == "." else path
    directory = raw.endswith("/") or raw in (".", "..") or raw.endswith(("/.", "/.."))
    if directory or path == "" or (site.file(path) is None and site.is_dir(path)):
        path = f"{path}/index.html" if path else "index.html"
    url_path = path[: -len("index.html")] if path == "index.html" or path.endswith("/index.html") else path
    return Target(path, parts.query, parts.fragment, _kind(site, language, path), url_path)


def _kind(site: SiteFolder, language: Language, path: str) -> str:
    if path in language.pages:
        return "page" if site.file(path) is not None else "outside"
    if site.file(path) is None:
        return "outside"
    if path.startswith("assets/") and not path.endswith(".map"):
        return "asset"
    if path.startswith(NOT_COPIED) or path.startswith(language.others) or path.endswith(".html"):
        return "outside"
    suffix = file_extension(path)
    if suffix in COMPANIONS and path.startswith("products/"):
        return "asset"
    return "media" if suffix in MEDIA_TYPES else "outside"


def file_extension(path: str) -> str:
    """The file name's extension, lower-case, without its dot ('' for none)."""
    return posixpath.splitext(path)[1][1:].lower()


def media_kind(path: str) -> str:
    return MEDIA_TYPES[file_extension(path)].kinds[0]


# Elements and the attribute holding their address; media elements first (replacing one removes its
# children, which must then not be visited).
MEDIA_ELEMENTS = (("img", "src"), ("audio", "src"), ("video", "src"), ("video", "poster"), ("source", "src"),
                  ("track", "src"))
LINK_ELEMENTS = (("a", "href"), ("link", "href"), ("form", "action"), ("script", "src"))


def references(tree, elements):
    """(element, attribute, address) of every address `elements` hold, in one query of the tree."""
    wanted: dict[str, list[str]] = {}
    for tag, attribute in elements:
        wanted.setdefault(tag, []).append(attribute)
    found = []
    for node in tree.css(", ".join(f"{tag}[{attribute}]" for tag, attribute in elements)):
        attributes = node.attrs
        for attribute in wanted[node.tag]:
            if attribute in attributes:
                found.append((node, attribute, attributes.get(attribute) or ""))
    return found
