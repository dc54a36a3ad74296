"""Every check of commhub's content: the loader's, plus text, media, links and markup.

`check_content(root)` is the one entry point, used by `commhub check` and by
the build, so that what the checker refuses can never be published. It adds to
`load_content`:

* text (checks/text.py): every YAML and Markdown file is Unicode NFC, and holds no Vietnamese
  pasted from the legacy TCVN3 (ABC) or VNI encodings; no placeholder left by `commhub new`;
* media (checks/media.py): an allowlist of file types whose content matches the extension, a
  size limit, and alt text for images in every language version of the product;
* bodies (checks/bodies.py): each body within its work budget (markup/render.py), rendered whole
  as the build renders it, and nothing in the rendered HTML that the build's sanitiser
  (markup/sanitise.py) would remove, i.e. no raw HTML that could run script, no
  `javascript:`/`data:` addresses, no forms, and no iframe (external videos use the link card
  of markup/video_links.py); relative links between products and to the site's pages resolve;
* the site's own pages and files in docs/ (checks/docs.py), the hub's interface strings
  (i18n/hub_locales.py) and the plan's targets (content/targets.py).

This module runs them: over the folders as the loader reads them (in its processes), or over
the paths an editor named, with a cache of each folder's results.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

from commhub.content.loader import PARALLEL_FROM, load_content
from commhub.content.products import TRANSCRIPT_FILE, VERSION_FILE
from commhub.content.registries import REGISTRIES
from commhub.content.load_cache import default_cache_dir
from commhub import PACKAGE_DIR
from commhub.cache.key import load_pickle, save_pickle, secret
from commhub.cache.pages import hash_files
from commhub.content.hub import HUB_FILE, load_hub
from commhub.i18n.hub_locales import load_hub_locales
from commhub.content.targets import load_plans, plan_files
from commhub.i18n.messages import Messages, catalogue
from commhub.content.model import Content, Product
from commhub.content.problems import ProblemList, display_path
from commhub.checks.scope import EVERYTHING, Scope, sorted_problems
from commhub.checks.text import (
    _BOM, TEXT_SUFFIXES, _decoded, _read, _read_in_product, check_text_file, fix_nfc, list_files, report_unread,
)
from commhub.checks.media import check_media, check_timed_media
from commhub.checks.bodies import BodyChecker, _body_from_line, read_body
from commhub.checks.docs import check_docs, check_docs_files
from commhub.checks.mkdocs_config import check_mkdocs_yml
from commhub.checks.bodies import _draft_link



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
    if content.languages and any(scope.covers(path) for path in plan_files(root)):
        # The plans the build reads too (their progress pages); all are read, their files' problems kept.
        problems.extend(problem for problem in load_plans(Path(root), content)[1] if scope.covers(problem.path))
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
        check_timed_media(product, problems)
    # Bodies are checked even when the product or the version has other problems, so that one run
    # reports everything.
    directory = str(folder)
    for name in listing.get(directory, ()):
        match = VERSION_FILE.match(name) or TRANSCRIPT_FILE.match(name)
        lang = match.group("lang") if match else None
        path = os.path.join(directory, name)
        if lang not in bodies.languages or not scope.covers(path):
            continue
        text = reads[path] if path in reads else read(path)
        if match.re is TRANSCRIPT_FILE:  # all Markdown, rendered as a body is
            if text is not None:
                bodies.add(product, folder.name, path, lang, text[1], 1, problems)
            continue
        version = product.versions.get(lang) if product is not None else None
        body = _body_from_line(text, version.body_first_line) if version is not None else read_body(text)
        if body is not None:
            bodies.add(product, folder.name, path, lang, *body, problems)


def _loader_reads(name: str, languages) -> bool:
    """The loader reads this file of a product folder (and reports it when it cannot)."""
    match = VERSION_FILE.match(name) or TRANSCRIPT_FILE.match(name)
    return name == "product.yml" or (match is not None and match.group("lang") in languages)


# Set in the parent just before forking the workers, which inherit it instead of receiving a copy.
# What a checking process was given when it started (see `_check_folders`): set in that process only.
_PROCESS_SHARE: tuple | None = None


def _take_share(content, listings, scope) -> None:
    global _PROCESS_SHARE
    _PROCESS_SHARE = (content, listings, scope)


def _check_chunk(folders: list[Path], share: tuple | None = None) -> list[ProblemList]:
    content, listings, scope = share or _PROCESS_SHARE
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
    jobs = jobs or os.cpu_count() or 1
    share = (content, listings, scope)
    for language in content.languages:  # read the catalogues once, before the workers fork
        catalogue(language.code)
    if jobs < 2 or len(folders) < PARALLEL_FROM or not hasattr(os, "fork"):
        return _check_chunk(folders, share)
    size = -(-len(folders) // (jobs * 4))
    chunks = [folders[start:start + size] for start in range(0, len(folders), size)]
    # Forked processes inherit the share (the model is not pickled), given once as they start.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                             initializer=_take_share, initargs=share) as pool:
        return [result for chunk in pool.map(_check_chunk, chunks) for result in chunk]


def run_check(content_dir: Path, paths: list[Path], lang: str, fix: bool,
              echo: Callable[[str], None], annotate: bool = False) -> int:
    """`commhub check`: print every problem, then the counts; 1 if any error, else 0. `annotate`: each
    problem also as a GitHub Actions workflow command (shown on the pull request's changed lines)."""
    messages = Messages(lang)
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        echo(messages("problem.content_dir_missing", path=display_path(content_dir)))
        return 1
    if fix:
        for path in fix_nfc(paths or [content_dir]):
            echo(messages("problem.nfc_fixed", path=display_path(path)))
    problems = check_hub(content_dir, paths)
    for problem in sorted_problems(problems):
        echo(problem.render(messages))
        if annotate:
            echo(github_annotation(problem, messages))
    echo(messages("problem.check_summary", errors=len(problems.errors), warnings=len(problems.warnings)))
    return 1 if problems.errors else 0


def github_annotation(problem, messages: Messages) -> str:
    """`::error file=…,line=…::message` (GitHub's workflow command syntax, its characters escaped)."""
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    level = "error" if problem.severity == "error" else "warning"
    where = f"file={prop(display_path(problem.path))}" + (f",line={problem.line}" if problem.line else "")
    return f"::{level} {where},title=commhub::{data(problem.message(messages))}"


def check_hub(content_dir: Path, paths: list[Path] = ()) -> ProblemList:
    """What `commhub check` finds: the content, the site's pages and the hub's mkdocs.yml beside
    content/ (the theme, Markdown extensions and plugin options the build would refuse, and where
    its docs/ are). With `paths`, only problems in those files or folders."""
    config_problems = ProblemList()
    config_file = Path(content_dir).resolve().parent / "mkdocs.yml"
    settings = check_mkdocs_yml(config_file, config_problems) if config_file.is_file() else {}
    docs_dir = config_file.parent / settings["docs_dir"] if "docs_dir" in settings else None
    _, problems = check_content(content_dir, paths or None, cache_dir=default_cache_dir(content_dir),
                                need_products=False, docs_dir=docs_dir)  # only the problems are needed
    for path in paths:
        if not Path(path).exists():
            problems.error(Path(path).resolve(), 0, "path_missing")
    if not paths or any(Path(path).resolve() == config_file for path in paths):
        problems.extend(config_problems)
    return problems
