"""Every check of commhub's content: the loader's, plus text, media, links and markup.

`check_content(root)` is the one entry point, used by `commhub check` and by
the build, so that what the checker refuses can never be published. It adds to
`load_content`:

* text: every YAML and Markdown file is Unicode NFC, and holds no Vietnamese
  pasted from the legacy TCVN3 (ABC) or VNI encodings;
* media: an allowlist of file types whose content matches the extension, a size
  limit, and alt text for images in every language version of the product;
* links: relative links between products and to the site's pages resolve;
* markup: each body within its work budget (markup/render.py), rendered whole as the
  build renders it, and nothing in the rendered HTML that the build's sanitiser
  (markup/sanitise.py) would remove, i.e. no raw HTML that could run script, no
  `javascript:`/`data:` addresses, no forms, and no iframe (external videos use
  the link card of `markdown_ext`);
* placeholders left by `commhub new` (a `<!-- commhub:` line).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import posixpath
import re
import stat as stat_module
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

from commhub.content.loader import (  # noqa: F401 (re-exported)
    ID, LANGUAGE_CODE, PARALLEL_FROM, REGISTRIES, VERSION_FILE, default_cache_dir, gc_paused, is_safe_file_name,
    load_content, safe_file_name, slugify,
)
from commhub import PACKAGE_DIR
from commhub.cache.key import load_pickle, save_pickle, secret
from commhub.content.files import FileRefused, read_file, refusal
from commhub.content.limits import MAX_FILE_NAME_CHARS, MAX_MEDIA_BYTES
from commhub.cache.pages import hash_files
from commhub.content.docpages import DOC_FIELDS, RESERVED_NAMES, page_stem, parse_doc
from commhub.content.hub import HUB_FILE, load_hub
from commhub.i18n.hub_locales import load_hub_locales
from commhub.content.targets import load_targets
from commhub.checks.media_types import DAMAGED, MEDIA_TYPES, OTHER, SCRIPT_LIKE, MediaType, inspect as inspect_media
from commhub.i18n.messages import Messages, catalogue
from commhub.content.model import Content, Product
from commhub.content.problems import Problem, ProblemList, display_path
from commhub.markup.render import MAX_NESTING, BodyRenderer, over_budget
from commhub.markup.sanitise import (FORM_TAGS, SCRIPT_TAGS, UNSAFE_SCHEMES, URL_ATTRIBUTES, URL_SCHEMES, Element, Finding,
                       elements, removed, url_scheme)
from commhub.checks.vietnamese import find_legacy_encoding, might_be_legacy
from commhub.content.yamlio import LineDict, LineList, YamlError, load_yaml, split_front_matter

TEXT_SUFFIXES = (".yml", ".yaml", ".md")
# Left in every file `commhub new` writes; the checker refuses it until the editor removes it.
PLACEHOLDER_MARKER = "<!-- commhub:"


# --- the whole check ------------------------------------------------------------------------------


def check_content(root: Path, paths: Iterable[Path] | None = None, jobs: int | None = None,
                  cache_dir: Path | None = None, need_products: bool = True, hub_dir: Path | None = None,
                  docs_dir: Path | None = None) -> tuple[Content, ProblemList]:
    """Load `root` (the content/ folder) and run every check, also of the site's pages in
    `docs_dir` (default: docs/ beside content/).

    With `paths`, only problems in those files or folders are returned, but
    everything is still loaded so that references across products resolve.
    Large corpora are checked in `jobs` processes (default: one per core), as
    `load_content` loads them. `need_products`, `hub_dir`: as for `load_content`.
    """
    with gc_paused():  # as load_content: the model is large and acyclic
        content, problems = _check_content(root, paths, jobs, cache_dir, need_products, hub_dir)
    docs_dir = Path(docs_dir) if docs_dir is not None else Path(root).parent / "docs"
    scope = Scope(paths)
    if docs_dir.is_dir() and scope.touches(docs_dir):
        found = ProblemList()
        refused = check_docs_files(docs_dir, found, [language.code for language in content.languages])
        problems.extend(problem for problem in found if scope.covers(problem.path))
        check_docs(docs_dir, content, scope, problems, refused)
    if content.languages:
        found = ProblemList()
        content.locales = load_hub_locales(Path(root).parent / "locales", content.languages, found)
        content.hub = load_hub(Path(root), content.languages, found)
        problems.extend(problem for problem in found if scope.covers(problem.path))
    targets = Path(root) / "targets.yml"
    if content.languages and scope.covers(targets) and os.path.lexists(targets):
        problems.extend(load_targets(targets, content)[1])  # the plan the build reads too
    return content, problems


def _check_content(root: Path, paths: Iterable[Path] | None, jobs: int | None, cache_dir: Path | None,
                   need_products: bool = True, hub_dir: Path | None = None) -> tuple[Content, ProblemList]:
    # A whole check is made while the folders load, from the bytes the loader reads (and in its
    # processes); a check of some paths checks their folders once everything is loaded.
    content, problems = load_content(root, jobs=jobs, cache_dir=cache_dir,
                                     inspect=check_while_loading if paths is None else None,
                                     need_products=need_products, hub_dir=hub_dir)
    scope = Scope(paths)
    listing = list_files(content.root, {name: checked[2] for name, checked in content.inspected.items()})
    products_dir = str(content.root / "products")
    registries = {f"{name}.yml" for name in REGISTRIES} | {HUB_FILE}  # read (and refused) by their loaders
    for directory, names in listing.items():  # the registries, and anything else outside a product
        if os.path.dirname(directory) != products_dir:
            for name in names:
                path = Path(directory, name)
                if name.endswith(TEXT_SUFFIXES) and scope.covers(path):
                    read = _read(path)
                    if read is not None:
                        check_text_file(path, problems, read)
                    elif not (directory == str(content.root) and name in registries):  # the loader's
                        # Files directly in products/ other than folders: the loader refused them already.
                        report_unread(path, problems, types=directory != products_dir)
    # Product folders as text, by which results are kept: Path objects would cost more than the cache.
    folders = [directory for directory in listing if os.path.dirname(directory) == products_dir]
    if paths is not None:
        folders = [directory for directory in folders if scope.touches(Path(directory))]
    listings = by_product(listing, products_dir)
    # A load cache in use (cache_key) means the folder may be used (cachekey.open_cache).
    cache = CheckCache(cache_dir, content, listing) if cache_dir is not None and content.cache_key and paths is None \
        else None
    results: dict[str, ProblemList | None] = {}
    for directory in folders:
        name = os.path.basename(directory)
        checked = content.inspected.get(name)
        if checked is not None:
            results[directory], media_links, _ = checked
            resolve_media_links(content.products, results[directory], media_links)
        if cache:
            cached = cache.get(name, directory, listings)
            if checked is None:
                results[directory] = cached
    missing = [directory for directory in folders if results.get(directory) is None]
    results.update(zip(missing, _check_folders(content, listings, scope, [Path(folder) for folder in missing], jobs)))
    for directory in folders:
        problems.extend(results[directory])
    if cache:
        cache.save(results)
    if paths is not None:
        problems = ProblemList(problem for problem in problems if scope.covers(problem.path))
    return content, problems


class CheckCache:
    """Each product folder's check results, kept between runs like the load cache.

    A folder's results depend on its text (the load cache's signature), its media files (size and
    modification time: the checks walk their structure and read their size) and, through links between
    products, on which files exist at all: the whole cache is keyed by the list of every file.
    The file is authenticated as the load cache's (cache/key.py).
    """

    def __init__(self, directory: Path, content: Content, listing: dict[str, list[str]]):
        # The load cache's key covers only the loading modules: the checks' own code (all of commhub's) too.
        digest = hash_files([PACKAGE_DIR], hashlib.sha256(content.cache_key.encode()))
        for folder, names in listing.items():
            digest.update(folder.encode() + b"\0" + "\0".join(names).encode() + b"\1")
        self.path = Path(directory) / f"checks-{digest.hexdigest()[:20]}.pickle"
        self.signatures = content.signatures
        self.key = secret()
        self.entries = load_pickle(self.path, self.key)
        self.taken: dict[str, tuple] = {}  # by `get`

    def signature(self, name: str, directory: str, listings) -> tuple:
        media = []
        for folder, names in sorted(listings.get(directory, {}).items()):
            for file in names:
                if not file.endswith((".md", ".yml")):
                    stat = os.stat(os.path.join(folder, file), follow_symlinks=False)
                    media.append((folder, file, stat.st_size, stat.st_mtime_ns))
        return self.signatures.get(name), tuple(media)

    def get(self, name: str, directory: str, listings) -> ProblemList | None:
        """The cached results of the product folder `directory` (named `name`), if still valid."""
        entry = self.entries.get(name)
        # Taken before checking: a change during the run shows as one next time.
        signature = self.taken[name] = self.signature(name, directory, listings)
        return entry[1] if entry is not None and entry[0] == signature else None

    def save(self, results: dict[str, ProblemList]) -> None:
        """Keep `results`, by product folder; each folder's signature was taken by `get`."""
        entries = {}
        for directory, problems in results.items():
            name = os.path.basename(directory)
            entries[name] = (self.taken[name], problems)
        if entries != self.entries:
            save_pickle(self.path, entries, stale="checks-*.pickle", key=self.key)


def list_files(root: Path, known: dict[str, dict[str, list[str]]] | None = None) -> dict[str, list[str]]:
    """Every folder under `root` (as a string, sorted) with its sorted file names.

    `known`: listings of some folders of root/products, by folder name, taken earlier in the run
    (by the loading processes): those folders are not walked again.
    """
    listing = {}
    products_dir = os.path.join(root, "products")
    for directory, folders, names in os.walk(root):
        if known and directory == products_dir:
            for name in [name for name in folders if name in known]:
                folders.remove(name)
                listing.update(known[name])
        folders.sort()
        listing[directory] = sorted(names)
    return dict(sorted(listing.items()))


def by_product(listing: dict[str, list[str]], products_dir: str) -> dict[str, dict[str, list[str]]]:
    """The listing split by product folder: each folder with itself and the folders nested in it."""
    grouped: dict[str, dict[str, list[str]]] = {}
    start = len(products_dir) + 1
    for directory, names in listing.items():
        if directory.startswith(products_dir + os.sep):
            folder = products_dir + os.sep + directory[start:].split(os.sep, 1)[0]
            grouped.setdefault(folder, {})[directory] = names
    return grouped


def check_product_folder(product: Product | None, listing: dict[str, list[str]], scope: "Scope", folder: Path,
                         bodies: "BodyChecker", problems: ProblemList, read: Callable = None) -> None:
    """Text, media and bodies of one product folder; `listing` holds it and the folders nested in it.

    `product`: the folder's product as loaded (None if it could not be); `read(path)`: `_read`, or
    the same from bytes already read.
    """
    read = read or _read_in_product
    # File paths are kept as text here: making Path objects cost more than the checks themselves.
    reads = {}  # each text file is read once, for its text checks and its body
    top = str(folder)
    for directory, names in listing.items():
        for name in names:
            if name.endswith(TEXT_SUFFIXES):
                path = os.path.join(directory, name)
                if scope.covers(path):
                    reads[path] = text = read(path)
                    if text is not None:
                        check_text_file(path, problems, text)
                    elif directory != top:  # in a folder of the product, which the loader does not look into
                        report_unread(path, problems)
                    elif not _loader_reads(name, bodies.languages):  # it refused every other type already
                        report_unread(path, problems, types=False)
    if product is not None:
        check_media(product, problems)
    # Bodies are checked even when the product or the version has other problems, so that one run
    # reports everything.
    directory = str(folder)
    for name in listing.get(directory, ()):
        match = VERSION_FILE.match(name)
        lang = match.group("lang") if match else None
        path = os.path.join(directory, name)
        if lang not in bodies.languages or not scope.covers(path):
            continue
        version = product.versions.get(lang) if product is not None else None
        text = reads[path] if path in reads else read(path)
        body = _body_from_line(text, version.body_first_line) if version is not None else read_body(text)
        if body is not None:
            bodies.add(product, folder.name, path, lang, *body, problems)


def _loader_reads(name: str, languages) -> bool:
    """The loader reads this file of a product folder (and reports it when it cannot)."""
    match = VERSION_FILE.match(name)
    return name == "product.yml" or (match is not None and match.group("lang") in languages)


# Set in the parent just before forking the workers, which inherit it instead of receiving a copy.
_SHARED: tuple | None = None


def _check_chunk(folders: list[Path]) -> list[ProblemList]:
    content, listings, scope = _SHARED
    bodies = BodyChecker(content.root, content.languages, content.products)
    results = [ProblemList() for _ in folders]
    for folder, problems in zip(folders, results):
        check_product_folder(content.products.get(folder.name), listings.get(str(folder), {}), scope, folder,
                             bodies, problems)
    return results


def check_while_loading(registries: dict, loaded: list) -> list[tuple[ProblemList, list[tuple], dict]]:
    """`check_product_folder` for folders being loaded (load_content's `inspect`), from the bytes read.

    Each folder gets its problems; the links to files of other products (whether such a file is
    listed in its product's media can only be told once every product is loaded: see
    `resolve_media_links`); and its listing, as `list_files` gives it.
    """
    if not loaded:
        return []
    bodies = BodyChecker(loaded[0][0].parent.parent, registries["languages"].values(), products=None)
    results = []
    for folder, product, files, entries in loaded:
        problems = ProblemList()
        directory = str(folder)

        def read(path: str, files=files, prefix=len(directory) + 1):
            """`_read` from what the loader read."""
            name = path[prefix:]
            raw = files.data.get(name) if os.sep not in name else None
            if raw is None:
                return _read_in_product(path)
            text = files.texts.get(name)  # decoded by the loader already
            if text is not None:
                return (_BOM if raw.startswith(_BOM) else b""), text
            return _decoded(raw)

        listing = _folder_listing(folder, entries)
        check_product_folder(product, listing, EVERYTHING, folder, bodies, problems, read)
        results.append((problems, listing))
    media_links: dict[int, list[tuple]] = {}
    for problems, *link in bodies.media_links:
        media_links.setdefault(id(problems), []).append(tuple(link))
    return [(problems, media_links.get(id(problems), []), listing) for problems, listing in results]


def resolve_media_links(products: dict[str, Product], problems: ProblemList, links: list[tuple]) -> None:
    """Report the links `check_while_loading` left: (path, line, url, lang, kind, slug, file name) each,
    kind "media" (a file of another product) or "page" (one of its language versions)."""
    for path, line, url, lang, kind, slug, name in links:
        product = products.get(slug)
        if kind == "page":
            code = _draft_link(product)
            if code is not None:
                problems.error(path, line, code, url=url, lang=lang)
        elif product is not None and name not in {media.file for media in product.media}:
            problems.error(path, line, "link_media_not_listed", url=url, lang=lang)


def _draft_link(product: Product | None) -> str | None:
    """The problem of a link to a version of `product`: none unless the product is a draft (no page)."""
    return "link_to_draft" if product is not None and product.status == "draft" else None


def _folder_listing(folder: Path, entries: list[os.DirEntry]) -> dict[str, list[str]]:
    """`list_files` of one product folder, from its DirEntry objects (as the loader listed them)."""
    if not entries:
        return list_files(folder)
    directory = str(folder)
    listing = {directory: [entry.name for entry in entries if not entry.is_dir()]}
    for entry in entries:  # folders nested in a product are rare
        if entry.is_dir() and not entry.is_symlink():
            listing.update(list_files(Path(entry.path)))
    return dict(sorted(listing.items()))


def _check_folders(content, listings, scope, folders: list[Path], jobs: int | None) -> list[ProblemList]:
    """Problems of each product folder, in several processes for large corpora."""
    global _SHARED
    jobs = jobs or os.cpu_count() or 1
    _SHARED = (content, listings, scope)
    for language in content.languages:  # read the catalogues once, before the workers fork
        catalogue(language.code)
    try:
        if jobs < 2 or len(folders) < PARALLEL_FROM or not hasattr(os, "fork"):
            return _check_chunk(folders)
        size = -(-len(folders) // (jobs * 4))
        chunks = [folders[start:start + size] for start in range(0, len(folders), size)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for chunk in pool.map(_check_chunk, chunks) for result in chunk]
    finally:
        _SHARED = None


def is_file(path: Path) -> bool:
    """Path.is_file() for a name an editor wrote: a name too long for the file system is no file."""
    try:
        return path.is_file()
    except OSError:  # e.g. ENAMETOOLONG
        return False


def body_from_line(path: Path, first_line: int) -> tuple[str, int] | None:
    """(body, first_line) of a version the loader read: the text from that line on."""
    return _body_from_line(_read_in_product(path), first_line)


def _body_from_line(read: tuple[bytes, str] | None, first_line: int) -> tuple[str, int] | None:
    """`body_from_line` of a file already read (see `_read`)."""
    if read is None:
        return None
    text = read[1]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    start = 0
    for _ in range(first_line - 1):  # (splitting the text in lines would copy all of it)
        start = text.find("\n", start) + 1
        if start == 0:
            return "", first_line
    return text[start:], first_line


def read_body(read: tuple[bytes, str] | None) -> tuple[str, int] | None:
    """(body, line of its first line) of a version file the loader could not use; None if unreadable."""
    if read is None:
        return None
    try:
        document = split_front_matter(read[1].replace("\r\n", "\n").replace("\r", "\n"))
    except YamlError:
        return None
    return None if document is None else (document.body, document.body_first_line)


class Scope:
    """Which files a run looks at: everything, or the given files and folders."""

    def __init__(self, paths: Iterable[Path] | None):
        self.paths = None if paths is None else [Path(path).resolve() for path in paths]

    def covers(self, path: Path) -> bool:
        """`path` is one of the paths or inside one of them."""
        if self.paths is None:
            return True
        path = Path(path).resolve()
        return any(path == given or given in path.parents for given in self.paths)

    def touches(self, folder: Path) -> bool:
        """Something in `folder` is covered (the folder itself, a parent of it, or a file in it)."""
        if self.paths is None:
            return True
        folder = Path(folder).resolve()
        return any(folder == given or given in folder.parents or folder in given.parents for given in self.paths)


EVERYTHING = Scope(None)


def sorted_problems(problems: Iterable[Problem], relative_to: Path | None = None) -> list[Problem]:
    """Problems by displayed path, then line: the order `commhub check` prints them in."""
    return sorted(problems, key=lambda problem: (display_path(problem.path, relative_to), problem.line,
                                                 problem.code))


def run_check(content_dir: Path, paths: list[Path], lang: str, fix: bool,
              echo: Callable[[str], None]) -> int:
    """`commhub check`: print every problem, then the counts; 1 if any error, else 0."""
    messages = Messages(lang)
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        echo(messages("problem.content_dir_missing", path=display_path(content_dir)))
        return 1
    if fix:
        for path in fix_nfc(paths or [content_dir]):
            echo(messages("problem.nfc_fixed", path=display_path(path)))
    _, problems = check_content(content_dir, paths or None, cache_dir=default_cache_dir(content_dir),
                                need_products=False)  # only the problems are printed
    for path in paths:
        if not Path(path).exists():
            problems.error(Path(path).resolve(), 0, "path_missing")
    for problem in sorted_problems(problems):
        echo(problem.render(messages))
    echo(messages("problem.check_summary", errors=len(problems.errors), warnings=len(problems.warnings)))
    return 1 if problems.errors else 0


# --- the site's own files: docs/ ------------------------------------------------------------------


def check_docs_files(docs_dir: Path, problems: ProblemList, codes: Iterable[str] = ()) -> set[Path]:
    """Every file of docs/ as MkDocs would take it: an ordinary file (a pipe or device would make the
    build wait for ever), a page (`.md`) within its size limit, and a name safe in an address.
    Returns the files refused unread, which `check_docs` leaves alone.

    A page's name becomes its address (`about.km.md` → `km/about/`): it follows the rule of product
    folders, lower-case letters, digits and hyphens, then its language. Other files keep their name
    in the address: see `is_safe_file_name`, with dots allowed (`extra.min.css`) but never `..`.
    What MkDocs leaves out of the site (names starting with a dot, the top `templates/` folder) need
    only be ordinary files.
    """
    refused_files: set[Path] = set()
    if not docs_dir.is_dir():
        return refused_files
    seen = set()
    folders = [(str(docs_dir), "", False)]  # (folder, its path in docs/, left out of the site)
    while folders:
        directory, prefix, left_out = folders.pop()
        real = os.path.realpath(directory)
        if real in seen:  # a link back up: MkDocs follows links to folders
            continue
        seen.add(real)
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            out = left_out or name.startswith(".") or (not prefix and name == "templates")
            if not out and _docs_entry_refused(entry, prefix, codes, problems):
                refused_files.add(Path(entry.path))
                continue
            try:
                is_dir = entry.is_dir()
                stat = None if is_dir else entry.stat()  # through a link, as MkDocs reads it
            except OSError:
                continue
            if is_dir:
                if not out and not _is_safe_folder_name(name):
                    problems.error(entry.path, 0, "file_name_unsafe", name=f"{prefix}{name}",
                                   suggestion=f"{prefix}{slugify(name) or 'thu-muc'}", limit=MAX_FILE_NAME_CHARS)
                folders.append((entry.path, f"{prefix}{name}/", out))
                continue
            page = name.endswith(".md") and not out
            refused = refusal(stat.st_mode, stat.st_size, name) if page else \
                None if stat_module.S_ISREG(stat.st_mode) else FileRefused("not_regular_file", name=name)
            if refused is not None:
                problems.error(entry.path, 0, refused.code, **refused.params)
                refused_files.add(Path(entry.path))
                continue
            suggestion = None if out else _docs_name_suggestion(name)
            if suggestion is not None:
                problems.error(entry.path, 0, "docs_name_unsafe" if page else "file_name_unsafe",
                               name=f"{prefix}{name}", suggestion=f"{prefix}{suggestion}", limit=MAX_FILE_NAME_CHARS)
    return refused_files


def _docs_entry_refused(entry: os.DirEntry, prefix: str, codes: Iterable[str], problems: ProblemList) -> bool:
    """docs/ holds its pages (.md) and the media they show, at its top level, and nothing else (see
    docpages.RESERVED_NAMES): True, reported, for a link, a folder, a file in a folder, another kind of
    file, or a page whose address is commhub's or a language's. A refused file is never published."""
    name, shown = entry.name, f"{prefix}{entry.name}"
    if entry.is_symlink():
        problems.error(entry.path, 0, "symlink_not_allowed", name=shown)
    elif prefix or entry.is_dir(follow_symlinks=False):
        problems.error(entry.path, 0, "docs_not_top_level", name=shown)
    elif name.endswith(".md"):
        if page_stem(name) not in RESERVED_NAMES and page_stem(name) not in codes:
            return False
        problems.error(entry.path, 0, "docs_name_reserved", name=shown, stem=page_stem(name),
                       reserved=", ".join(sorted({*RESERVED_NAMES, *codes})))
    else:
        media_type = MEDIA_TYPES.get(name.rpartition(".")[2].lower()) if "." in name else None
        if media_type is not None:
            check_media_file(Path(entry.path), media_type, problems, Path(entry.path), lambda: 0)
            return False
        problems.error(entry.path, 0, "docs_file_not_allowed", name=shown, allowed=", ".join(MEDIA_TYPES))
    return True


def _is_safe_folder_name(name: str) -> bool:
    return len(name) <= MAX_FILE_NAME_CHARS and is_safe_file_name(name) and "." not in name


def _docs_name_suggestion(name: str) -> str | None:
    """None when the docs/ file `name` is safe in an address (see `check_docs`), else a safe name for it."""
    if len(name) <= MAX_FILE_NAME_CHARS and (SAFE_STATIC_NAME.fullmatch(name) if not name.endswith(".md") else
                                             _is_safe_page_name(name)):
        return None
    if not name.endswith(".md"):
        stem, dot, extension = name.rpartition(".")
        return safe_file_name(f"{stem.replace('.', '-')}{dot}{extension}" if dot else name)
    stem, dot, lang = name[:-3].rpartition(".")  # as the build reads it (plugin.collect_docs)
    if not dot or not LANGUAGE_CODE.match(lang):
        stem, lang = name[:-3], ""
    stem = slugify(stem)[:MAX_FILE_NAME_CHARS - len(lang) - 4].strip("-") or "trang"
    return f"{stem}.{lang}.md" if lang else f"{stem}.md"


def _is_safe_page_name(name: str) -> bool:
    stem, dot, lang = name[:-3].rpartition(".")
    return ID.match(stem) is not None and LANGUAGE_CODE.match(lang) is not None if dot else \
        ID.match(name[:-3]) is not None


# A static file of docs/ (a style sheet, an image): as SAFE_FILE_NAME, with dots between parts.
SAFE_STATIC_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")


# --- text: NFC and legacy encodings -------------------------------------------------------------


def text_files(root: Path) -> list[Path]:
    """Every YAML and Markdown file under `root`, sorted."""
    return [Path(directory, name) for directory, names in list_files(root).items() for name in names
            if name.endswith(TEXT_SUFFIXES)]


def _read(path: Path | str, follow_symlinks: bool = True) -> tuple[bytes, str] | None:
    """(BOM, text) of a UTF-8 file, line endings untouched; None if it is not UTF-8, not an ordinary
    file or over its size limit (the loader says so, or `report_unread`)."""
    try:
        raw = read_file(path, follow_symlinks=follow_symlinks)
    except (OSError, FileRefused):
        return None
    return _decoded(raw)


def _read_in_product(path: Path | str) -> tuple[bytes, str] | None:
    """`_read` of a file of a product folder, where links are refused (never followed to read one)."""
    return _read(path, follow_symlinks=False)


def report_unread(path: Path | str, problems: ProblemList, types: bool = True) -> None:
    """Report `path`, which `_read` gave nothing for, if it was refused: not an ordinary file (unless
    not `types`: the loader said so already), or too large.

    Told from its type and size again: only for a file that could not be read, which is rare.
    """
    try:
        stat = os.stat(path)
    except OSError:
        return
    refused = refusal(stat.st_mode, stat.st_size, os.path.basename(path))
    if refused is not None and (types or refused.code != "not_regular_file"):
        problems.error(path, 0, refused.code, **refused.params)


_BOM = b"\xef\xbb\xbf"


def _decoded(raw: bytes) -> tuple[bytes, str] | None:
    """`_read` of bytes already read."""
    bom = _BOM if raw.startswith(_BOM) else b""
    try:
        return bom, raw[len(bom):].decode("utf-8")
    except UnicodeDecodeError:
        return None


def check_text_file(path: Path | str, problems: ProblemList, read: tuple[bytes, str] | None = None) -> None:
    """NFC, legacy encodings and placeholders; `read` is the file as `_read` gives it, if already read."""
    read = _read(path) if read is None else read
    if read is None:
        return
    text = read[1]
    if PLACEHOLDER_MARKER in text and os.fspath(path).endswith(".md"):
        problems.error(path, text.count("\n", 0, text.index(PLACEHOLDER_MARKER)) + 1, "placeholder_left")
    if not unicodedata.is_normalized("NFC", text):
        line, word = _first_not_nfc(text)
        problems.error(path, line, "not_nfc", word=word)
    if might_be_legacy(text):
        for number, line in enumerate(text.split("\n"), start=1):
            hit = find_legacy_encoding(line)
            if hit is not None:
                problems.error(path, number, f"legacy_{hit.encoding}", word=hit.word, decoded=hit.decoded)
                break


# A word with its combining marks (which `\w` alone does not match).
_WORD = re.compile(r"(?:\w|[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")


def _first_not_nfc(text: str) -> tuple[int, str]:
    """Line number and (normalised) word where `text` first stops being NFC."""
    for number, line in enumerate(text.split("\n"), start=1):
        if unicodedata.is_normalized("NFC", line):
            continue
        for word in _WORD.findall(line):
            if not unicodedata.is_normalized("NFC", word):
                return number, unicodedata.normalize("NFC", word)
        return number, unicodedata.normalize("NFC", line.strip())[:40]
    return 1, ""


def fix_nfc(paths: Iterable[Path]) -> list[Path]:
    """Rewrite the YAML and Markdown files among `paths` (files or folders) in NFC; return those changed.

    Only characters that NFC changes are touched: the BOM, line endings and
    every other byte stay as they were.
    """
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(text_files(path))
        elif path.suffix in TEXT_SUFFIXES and path.is_file():
            files.append(path)
    changed = []
    for path in dict.fromkeys(files):
        read = _read(path, follow_symlinks=False)  # never written through a link, to a file outside content/
        if read is None or unicodedata.is_normalized("NFC", read[1]):
            continue
        bom, text = read
        path.write_bytes(bom + unicodedata.normalize("NFC", text).encode("utf-8"))
        changed.append(path)
    return changed


# --- media ------------------------------------------------------------------------------------------------



# What a file that is not what its extension says might really be, to say so plainly.
_SNIFF = (
    ("HTML", lambda head: re.match(rb"\s*(<!doctype html|<html|<head|<body|<!--)", head[:512], re.I) is not None),
    ("ZIP/Office", lambda head: head.startswith(b"PK\x03\x04")),
    ("Word (.doc)", lambda head: head.startswith(b"\xd0\xcf\x11\xe0")),
    ("SVG", lambda head: b"<svg" in head[:1024].lower()),
    *((media_type.name, media_type.starts) for media_type in dict.fromkeys(MEDIA_TYPES.values())),
)


def _sniff(head: bytes) -> str | None:
    return next((name for name, matches in _SNIFF if matches(head)), None)


def check_media(product: Product, problems: ProblemList) -> None:
    """File type, content, size and alt texts of the product's listed media."""
    if not product.media:
        return
    lines = None
    path = product.folder / "product.yml"

    def line(index: int, key: str) -> int:
        nonlocal lines
        if lines is None:
            lines = _media_lines(path)
        entry = lines[index] if index < len(lines) else {}
        return entry.get(key) or entry.get("file") or 0

    allowed = ", ".join(MEDIA_TYPES)
    for index, media in enumerate(product.media):
        file = product.folder / media.file
        suffix = file.suffix.lower().lstrip(".")
        media_type = MEDIA_TYPES.get(suffix)
        if media_type is None:
            problems.error(path, line(index, "file"), "media_type_not_allowed", file=media.file, allowed=allowed)
        elif media.kind not in media_type.kinds:
            problems.error(path, line(index, "kind"), "media_kind_mismatch", file=media.file, kind=media.kind,
                           kinds=", ".join(media_type.kinds))
        check_media_file(file, media_type, problems, path, lambda: line(index, "file"))
        if media.kind == "image":
            for lang in sorted(product.versions):
                if lang not in media.alt:
                    problems.error(path, line(index, "alt"), "media_alt_missing", file=media.file, lang=lang)


def check_media_file(file: Path, media_type: MediaType | None, problems: ProblemList, path: Path,
                     line: Callable[[], int]) -> None:
    """Size and content of one media file (`file`, of the type its extension names); problems go to
    `path` at `line()` (product.yml's entry, or the file itself)."""
    try:
        stat = os.lstat(file)  # a link, pipe or device is the loader's to report: never opened here
    except OSError:  # missing (the loader says so), or a name too long for the file system
        return
    if not stat_module.S_ISREG(stat.st_mode):
        return
    name = file.name
    if stat.st_size > MAX_MEDIA_BYTES:  # refused: its content is not worth walking
        problems.error(path, line(), "media_too_large", file=name, size=f"{stat.st_size / 1024 / 1024:.0f}",
                       limit=MAX_MEDIA_BYTES // 1024 // 1024)
        return
    if media_type is None:
        return
    try:
        found, head = inspect_media(file, media_type)
    except OSError:  # no longer an ordinary file since (FileRefused), or gone
        return
    if found == DAMAGED:
        problems.error(path, line(), "media_content_damaged", file=name, expected=media_type.name)
    elif found == SCRIPT_LIKE:
        problems.error(path, line(), "media_content_script", file=name)
    elif found == OTHER:
        actual = _sniff(head)
        if actual is None:
            problems.error(path, line(), "media_content_unknown", file=name, expected=media_type.name)
        else:
            problems.error(path, line(), "media_content_mismatch", file=name, expected=media_type.name,
                           actual=actual)


def _media_lines(path: Path) -> list[dict[str, int]]:
    """Line of each media entry's keys in product.yml (read again: only needed when there is a problem)."""
    read = _read_in_product(path)
    if read is None:
        return []
    try:
        data = load_yaml(read[1].replace("\r\n", "\n").replace("\r", "\n"))
    except YamlError:
        return []
    entries = data.get("media") if isinstance(data, LineDict) else None
    if not isinstance(entries, LineList):
        return []
    return [{key: entry.line_of(key) for key in ("file", "kind", "alt")} if isinstance(entry, LineDict) else {}
            for entry in entries]


# --- Markdown bodies: markup, links, images, placeholders --------------------------------------------------

@dataclass
class _Body:
    """One version's body being checked, and where its problems go."""

    product: Product | None  # its product as loaded
    slug: str
    path: Path | str
    lang: str
    body: str
    first_line: int
    problems: ProblemList


class BodyChecker:
    """Checks Markdown bodies: each is rendered whole, as the build renders it (markup/render.py), and the
    rendered HTML is judged as a browser parses it (markup/sanitise.py); then its links and images.

    `products`: every product by slug, or None while they are being loaded: then a link to a file
    of another product is not judged but kept in `media_links` (see `check_while_loading`).
    """

    def __init__(self, root: Path, languages: Iterable, products: dict[str, Product] | None,
                 docs: Path | None = None):
        self.root, self.products = root, products
        self.languages = {language.code for language in languages}
        self.docs = docs if docs is not None else root.parent / "docs"  # the site's pages links may lead to
        self.media_links: list[tuple] = []  # (problems, path, line, url, lang, kind, slug, file name)
        self.renderer = BodyRenderer()

    def add(self, product: Product | None, slug: str, path: Path | str, lang: str, body: str, first_line: int,
            problems: ProblemList) -> None:
        """Check the body of products/<slug>/index.<lang>.md (`path`), whose first line is `first_line`."""
        parsed = self.judge(path, body, first_line, problems)
        if parsed is not None:
            findings, kept = parsed
            self.report(_Body(product, slug, path, lang, body, first_line, problems), findings, kept)

    def judge(self, path: Path | str, body: str, first_line: int,
              problems: ProblemList) -> tuple[list[Finding], list[Element]] | None:
        """Render `body` within its budget: (what the sanitiser removes, the elements it keeps).

        None, with the problem reported, for a body over its budget (which is not rendered).
        """
        refused = over_budget(body, first_line)
        if refused is not None:
            problems.error(path, refused.line, refused.code, limit=refused.limit)
            return None
        try:
            html = self.renderer.render(body)
        except RecursionError:  # the budget's nesting limit is far below this: a safety net
            problems.error(path, first_line, "nesting_too_deep", limit=MAX_NESTING)
            return None
        except Exception:  # noqa: BLE001 - Python-Markdown fails on some unclosed markup (`<![x`)
            problems.error(path, Locator(body, first_line)("<![", "<!", "<?", "<"), "markdown_failed")
            return None
        parsed = elements(html)
        findings = removed(html, parsed)
        dropped = {(finding.tag, finding.attribute, finding.value) for finding in findings}
        kept = [Element(element.tag, tuple((name, value) for name, value in element.attributes
                                           if (element.tag, name, value) not in dropped))
                for element in parsed if (element.tag, None, "") not in dropped]
        return findings, kept

    def report(self, item: _Body, findings: list[Finding], kept: list[Element]) -> None:
        locate = Locator(item.body, item.first_line)
        for finding in findings:
            self.report_finding(item.problems, item.path, finding, locate)
        for element in kept:
            tag, values = element.tag, dict(element.attributes)
            if tag not in ("a", "img"):
                continue
            if tag == "img" and not values.get("alt", "").strip():
                item.problems.error(item.path, locate(values.get("src", ""), "<img", "!["), "image_alt_missing",
                                    src=values.get("src", ""))
            if tag == "img" and is_external(values.get("src", "")):
                # The pages' CSP loads nothing from other hosts (and readers' data would go there).
                item.problems.error(item.path, locate(values["src"], "<img", "!["), "image_external",
                                    src=values["src"])
                continue
            url = values.get("href") if tag == "a" else values.get("src") if tag == "img" else None
            if url:
                code, line = self.check_link(item, url, locate)
                if isinstance(code, tuple):  # ("media" or "page", slug, file name): judged later
                    self.media_links.append((item.problems, item.path, line, url, item.lang, *code))
                elif code is not None:
                    item.problems.error(item.path, line, code, url=url, lang=item.lang)

    @staticmethod
    def report_finding(problems: ProblemList, path: Path | str, finding: Finding, locate: "Locator") -> None:
        tag = finding.tag
        if not tag:
            problems.error(path, locate("<"), "html_not_clean")
            return
        if finding.attribute is None:
            line = locate(f"<{tag}")
            if tag == "iframe":
                problems.error(path, line, "html_iframe")
            elif tag in SCRIPT_TAGS:
                problems.error(path, line, "html_tag_unsafe", tag=tag)
            elif tag in FORM_TAGS:
                problems.error(path, line, "html_form", tag=tag)
            else:
                problems.error(path, line, "html_tag_not_allowed", tag=tag)
            return
        name, value = finding.attribute, finding.value
        if name.startswith("on"):
            problems.error(path, locate(f"{name}=", name), "html_event_attribute", attribute=name, tag=tag)
            return
        scheme = url_scheme(value) if name in URL_ATTRIBUTES else None
        line = locate(value[:60], scheme and f"{scheme}:", f"{name}=", f"<{tag}")
        if scheme in UNSAFE_SCHEMES:
            problems.error(path, line, "url_unsafe", scheme=scheme)
        elif scheme is not None and scheme not in URL_SCHEMES:
            problems.error(path, line, "url_scheme_not_allowed", scheme=scheme,
                                allowed=", ".join(sorted(URL_SCHEMES)))
        else:
            problems.error(path, locate(f"{name}=", name, f"<{tag}"), "html_attribute_not_allowed",
                                attribute=name, tag=tag)

    # --- links ------------------------------------------------------------------------------------------

    def check_link(self, item: _Body, url: str, locate: "Locator") -> tuple[str | tuple | None, int]:
        """(problem code or None, line) for a link or image address in the body `item`.

        The code is ("media", slug, file name) for a file of another product while products load.
        """
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("#"):
            return None, 0  # external, or an anchor on the same page
        target = unquote(parts.path)
        if not target:
            return None, 0
        line = locate(url, target)
        if target.startswith("/"):
            return "link_absolute", line
        return self.link_problem(posixpath.normpath(posixpath.join("products", item.slug, target)), item), line

    def link_problem(self, resolved: str, item: _Body) -> str | tuple | None:
        """None when the site-relative `resolved` path is a page or file of the site, else a problem code."""
        if resolved == ".." or resolved.startswith("../"):
            return "link_broken"
        parts = resolved.split("/")
        if parts[0] != "products":
            return None if self.doc_exists(resolved) else "link_broken"
        if len(parts) == 2 or (len(parts) == 3 and "." not in parts[2]):
            return "link_to_folder"
        if len(parts) != 3:
            return "link_broken"
        _, slug, name = parts
        folder = os.path.join(self.root, "products", slug)  # text: links are many, Path objects slow
        if not os.path.isfile(os.path.join(folder, "product.yml")):
            return "link_broken"
        version_file = VERSION_FILE.match(name)
        if version_file:
            # A version that does not exist yet is still a page: the site shows the original there.
            # A draft product has no page at all.
            if version_file.group("lang") not in self.languages:
                return "link_broken"
            if slug == item.slug:
                return None
            if self.products is None:
                return "page", slug, name
            return _draft_link(self.products.get(slug))
        if name.endswith(".md"):
            return "link_broken"
        if not os.path.isfile(os.path.join(folder, name)):
            return "link_broken"
        if slug == item.slug:
            product = item.product
        elif self.products is None:
            return "media", slug, name
        else:
            product = self.products.get(slug)
        if product is not None and name not in {media.file for media in product.media}:
            return "link_media_not_listed"
        return None

    def doc_exists(self, resolved: str) -> bool:
        if is_file(self.docs / resolved):
            return True
        # about.km.md is a page even when only about.md exists (the site shows it with a notice).
        stem, _, suffix = resolved.removesuffix(".md").rpartition(".")
        if resolved == "index.md" or (stem == "index" and suffix in self.languages):
            return True  # every language has a home page, generated when not written (site/plan.py)
        return resolved.endswith(".md") and suffix in self.languages and is_file(self.docs / f"{stem}.md")


# --- the site's own pages (docs/) ---------------------------------------------------------------------


def check_docs(docs_dir: Path, content: Content, scope: Scope, problems: ProblemList,
               refused: set[Path] = frozenset()) -> None:
    """The site's pages in `docs_dir`: file names, text, front matter, bodies and their links, as the
    build reads them (only those at the top of docs/: check_docs_files refuses any folder)."""
    codes = [language.code for language in content.languages]
    if not codes:
        return  # languages.yml could not be read (reported): every page would look undeclared
    bodies = BodyChecker(content.root, content.languages, content.products, docs_dir)
    for path in sorted(docs_dir.glob("*.md")):
        if not scope.covers(path) or path in refused or not path.is_file():  # refused: see check_docs_files
            continue
        stem = path.name[: -len(".md")]
        name, _, suffix = stem.rpartition(".")
        if name and suffix not in codes:
            problems.error(path, 0, "docs_language_suffix_unknown", name=path.relative_to(docs_dir).as_posix(),
                           suffix=suffix, allowed=", ".join(codes))
            continue
        read = _read(path)
        if read is None:
            problems.error(path, 0, "not_utf8")
            continue
        check_text_file(path, problems, read)
        try:
            page = parse_doc(read[1])
        except YamlError as error:
            problems.error(path, error.line, "yaml_syntax", problem=error.problem)
            continue
        for field, line in page.unknown_fields():
            problems.error(path, line, "field_unknown", field=field, allowed=", ".join(DOC_FIELDS))
        judged = bodies.judge(path, page.body, page.first_line, problems)
        if judged is not None:
            findings, kept = judged
            locate = Locator(page.body, page.first_line)
            for finding in findings:
                BodyChecker.report_finding(problems, path, finding, locate)
            for element in kept:
                if element.tag == "img" and is_external(element.get("src")):
                    problems.error(path, locate(element.get("src"), "<img", "!["), "image_external",
                                   src=element.get("src"))
                    continue
                url = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else ""
                code = _docs_link_problem(bodies, url) if url else None
                if code is not None:  # (MkDocs would refuse it too, when building: the check says so first)
                    problems.error(path, locate(url), code, url=url,
                                   lang=suffix if name else content.default_language.code)


def _docs_link_problem(bodies: BodyChecker, url: str) -> str | None:
    """The problem of a link in a docs/ page (which sit at the top of docs/): None for an address on
    another site, an anchor, or a page or file of the site."""
    parts = urlsplit(url)
    target = unquote(parts.path)
    if is_external(url) or parts.netloc or not target:
        return None
    if target.startswith("/"):
        return "link_absolute"
    code = bodies.link_problem(posixpath.normpath(target), _Body(None, "", "", "", "", 0, ProblemList()))
    return code if isinstance(code, str) else None


def is_external(url: str) -> bool:
    """An address on another host (`https://…`, `//host/…`): the site itself loads nothing from there."""
    url = url.strip()
    return url.startswith(("//", "\\")) or url_scheme(url) is not None


class Locator:
    """Line numbers (in the file) of things found in a body."""

    def __init__(self, body: str, first_line: int):
        self.body, self.lower, self.first_line = body, body.lower(), first_line
        self.cursors: dict[str, int] = {}  # needle -> where to search from, so repeats get their own line

    def __call__(self, *needles: str | None) -> int:
        for needle in needles:
            if not needle:
                continue
            key = needle.lower()
            start = self.cursors.get(key, 0)
            found = self.lower.find(key, start)
            if found < 0 and start:
                found = self.lower.find(key)
            if found >= 0:
                self.cursors[key] = found + 1
                return self.first_line + self.body.count("\n", 0, found)
        # Not found as written (e.g. an address written with entities): the body's first line of text.
        return self.first_line + self.body[: len(self.body) - len(self.body.lstrip())].count("\n")
