"""Offline copies (issue 17): one language of a built site as a zip that a browser reads from file://.

A commune's cultural house without internet gets the hub on a USB stick. From the built site folder
and the site plan, `commhub bundle --lang km` (cli/bundle.py) and the build (`offline/commhub-<lang>.zip`,
plugin options `offline_bundles` and `offline_media_budget_mb`) make a zip of one language's pages
that works once unzipped, by double-clicking index.html:

- Files keep their paths in the site. Every link is relative and names a file (`…/index.html`:
  file:// has no directory index). A link to what the copy leaves out (other languages' pages,
  feeds, open data) goes to the online site when `site_url` is known, else is taken out: its text
  stays, and a language selector keeps only the languages in the copy.
- Theme files (CSS, fonts, favicon) come in as the pages and their CSS use them. Media (product
  images, audio, video, PDFs) come in while their total stays within the budget, images first, then
  documents, audio and video, smaller first; a file left out is replaced by a note with its link
  online, and the notice lists it.
- The notice, in the reader's language (what the copy holds, the site's address, what it leaves
  out): on the language's home page in place of the download link, in the small index.html at the
  zip's root (for a language other than the default, whose home is at the root), and in README.txt.
- Search: Chromium fetches nothing under file://, so each file of the language's index is also
  written as a script (`<name>.js`) that files its data under `window.commhubIndex["search/…json"]`;
  commhub-search.js loads those by script element when `location.protocol` is "file:". The site's
  CSP allows its one script by hash, with `<script integrity>`, and Subresource Integrity refuses
  every file:// script (it needs CORS). So the copy's search page carries the script inline and its
  CSP allows that script by its hash, with 'strict-dynamic' for the index scripts it adds, and no
  other script; the other directives stay the site's ('self' matches file: URLs in Chromium).
- Deterministic: entries sorted, fixed timestamps and modes, no date but the content's: the same
  site gives the same bytes.
- Safety: only regular files inside the site folder are read (a symlink leading out is not
  followed), no link leads above the zip's root, only the output file is written (through a
  temporary file beside it), and the copy's size is bounded.

Here: making a copy, the zip, and the build's copies (cached by a digest of what they are made
from). bundle_site.py: the site folder, the language, where links lead; bundle_pages.py: the
copy's pages and its notice.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import re
import shutil
import zipfile
import zlib
from html import escape, unescape
from importlib.metadata import version as package_version
from pathlib import Path
from urllib.parse import unquote, urlsplit

import orjson

from commhub.checks.media_types import MEDIA_TYPES
from commhub.i18n.messages import Messages
from commhub.outputs.bundle_pages import notice_words, readme, rewrite_page, root_page
from commhub.outputs.bundle_site import (COMPANIONS, MAX_PAGE_BYTES, MB, NOT_COPIED, SCHEME, SIZE_SPAN, Bundle,
                                         BundleError, Entry, Language, SiteFolder, file_extension, format_size,
                                         language_of, media_kind, target_of)
from commhub.outputs.search import SHARDS

__all__ = ["BundleError", "SiteFolder", "budget_bytes", "file_name", "format_size", "input_digest", "language_of",
           "make_bundle", "skipped_folders", "write_bundles", "write_zip", "zip_record"]

DEFAULT_MEDIA_BUDGET_MB = 200
MAX_MEDIA_BUDGET_MB = 64_000  # what any budget is capped to
MAX_CORE_BYTES = 1_000_000_000  # pages, theme files and search index of one language
MAX_INDEX_SHARDS = 4096

OFFLINE_DIR = "offline"  # the build's copies: <site>/offline/commhub-<lang>.zip
INDEX_GLOBAL = "commhubIndex"  # commhub-search.js reads the index scripts' data from window.commhubIndex
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say
ZIP_COMMENT = b"commhub offline copy "
# Stored as they are: deflating them again gains nothing and costs time.
STORED = {"png", "jpg", "jpeg", "webp", "gif", "mp3", "ogg", "oga", "m4a", "mp4", "webm", "woff2", "zip", "gz",
          "pdf"}
KIND_ORDER = {"image": 0, "document": 1, "audio": 2, "video": 3}
_OFFLINE_ASIDE = re.compile(r'<aside class="commhub-offline"[^>]*>.*?</aside>\s*', re.S)
_SELECTOLAX = package_version("selectolax")  # its HTML serialiser writes the copy's pages


@functools.cache
def _code_digest() -> str:
    """Of the code that makes a copy: this module and its two, the HTML serialiser, zlib."""
    digest = hashlib.sha256(f"selectolax {_SELECTOLAX} zlib {zlib.ZLIB_VERSION}".encode())
    for name in ("bundle.py", "bundle_pages.py", "bundle_site.py"):
        digest.update(Path(__file__).with_name(name).read_bytes())
    return digest.hexdigest()


def file_name(lang: str) -> str:
    return f"commhub-{lang}.zip"


def budget_bytes(megabytes: int) -> int:
    return min(max(megabytes, 0), MAX_MEDIA_BUDGET_MB) * MB


# An address in an attribute of the raw page: what the media budget looks at (`_choose_media`).
_ADDRESS = re.compile(r"""\s(?:src|href|poster)\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s"'=<>`]+))""")


# --- making a copy ------------------------------------------------------------------------------------

def make_bundle(site: SiteFolder, language: Language, site_url: str, budget: int) -> Bundle:
    """The copy of `language` from the built site, its media within `budget` bytes."""
    if site.file(language.home) is None:
        raise BundleError("site_incomplete", folder=str(site.root), file=language.home)
    pages = sorted(page for page in language.pages if site.file(page) is not None)
    bundle = Bundle(language.code, budget, site_url)
    _choose_media(site, language, pages, bundle)
    searched = False
    for page in pages:
        html = site.read(page, MAX_PAGE_BYTES).decode("utf-8")
        data, assets, search_page = rewrite_page(html, page, site, language, site_url, bundle)
        searched = searched or search_page
        for asset in assets:
            _add_asset(site, asset, bundle)
        bundle.add(Entry(page, data=data, size=len(data)))
    for asset in [name for name in bundle.entries if name.endswith(".css")]:
        _add_css_assets(site, asset, bundle)
    if searched:
        _add_index(site, language, bundle)
    made = {"README.txt": readme(language, site_url, bundle).encode("utf-8")}
    if language.home != "index.html":
        made["index.html"] = root_page(language, site_url, bundle)
    for name, data in made.items():
        bundle.add(Entry(name, data=data, size=len(data)))
    core = sum(entry.size for name, entry in bundle.entries.items() if name not in bundle.kept)
    if core > MAX_CORE_BYTES:
        raise BundleError("too_large", file=language.prefix or "/", size=core, limit=MAX_CORE_BYTES)
    return bundle


def _choose_media(site: SiteFolder, language: Language, pages: list[str], bundle: Bundle) -> None:
    """Which media the pages show come in (`bundle.keeps`): images first, then documents, audio,
    video; smaller first, while they fit in the budget. A medium this misses is decided when a page
    shows it, if it still fits."""
    used: dict[str, int] = {}
    for page in pages:
        # The addresses a page holds, read from its text without parsing it: a medium named in the
        # text in just this form would count too, and take a little of the budget.
        for match in _ADDRESS.finditer(site.read(page, MAX_PAGE_BYTES).decode("utf-8")):
            url = next(group for group in match.groups() if group is not None)
            if file_extension(urlsplit(url).path) in MEDIA_TYPES:
                target = target_of(site, language, page, unescape(url))
                if target is not None and target.kind == "media":
                    used[target.path] = site.file(target.path)[1]
    for path in sorted(used, key=lambda path: (KIND_ORDER.get(media_kind(path), 9), used[path], path)):
        bundle.keeps(path, used[path])


def _add_asset(site: SiteFolder, path: str, bundle: Bundle) -> None:
    if path not in bundle.entries:
        found = site.file(path)
        bundle.add(Entry(path, source=found[0], size=found[1]))


_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")


def _add_css_assets(site: SiteFolder, css: str, bundle: Bundle) -> None:
    """The fonts and images a stylesheet of the theme uses (data: URLs aside)."""
    text = site.read(css, MAX_PAGE_BYTES).decode("utf-8", "replace")
    for match in _CSS_URL.finditer(text):
        url = next(group for group in match.groups() if group is not None)
        if not url or SCHEME.match(url) or url.startswith(("/", "#")):
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(css), unquote(urlsplit(url).path)))
        if path.startswith("assets/") and site.file(path) is not None:
            _add_asset(site, path, bundle)


def _add_index(site: SiteFolder, language: Language, bundle: Bundle) -> None:
    """The language's search index as the site has it, and each of its files as a script
    (see the module's docstring); a shard with no words is an empty script, so that the search
    never asks for a file that is not there."""
    folder = f"search/{language.code}"
    if site.file(f"{folder}/docs.json") is None:
        return
    header = json.loads(site.read(f"{folder}/docs.json", MAX_PAGE_BYTES))
    shards = min(int(header.get("shards", SHARDS)), MAX_INDEX_SHARDS)
    rows = -(-int(header.get("count", 0)) // max(int(header.get("per_file", 1)), 1))
    names = ["docs", *map(str, range(shards)), *(f"d{number}" for number in range(min(rows, 1_000_000)))]
    for name in names:
        path = f"{folder}/{name}.json"
        found = site.file(path)
        data = b"{}"
        if found is not None:
            bundle.add(Entry(path, source=found[0], size=found[1]))
            try:
                # Parsed and written again: the script holds a JSON value and nothing else, whatever the file.
                data = orjson.dumps(orjson.loads(site.read(path, MAX_CORE_BYTES)))
            except orjson.JSONDecodeError:
                raise BundleError("site_incomplete", folder=str(site.root), file=path) from None
        script = f"(self.{INDEX_GLOBAL} = self.{INDEX_GLOBAL} || {{}})[{json.dumps(path)}] = ".encode() + data + b";\n"
        bundle.add(Entry(f"{folder}/{name}.js", data=script, size=len(script)))


# --- the zip ------------------------------------------------------------------------------------------

def write_zip(bundle: Bundle, output: Path) -> int:
    """Write `bundle` to `output` (replaced in one rename) and return its size. Entries sorted, fixed
    dates and modes: the same bundle gives the same bytes. The comment records how many media were
    left out (the build says so)."""
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w", allowZip64=True) as archive:
            for name in sorted(bundle.entries):
                entry = bundle.entries[name]
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                stored = name.rpartition(".")[2].lower() in STORED
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                if entry.data is not None:
                    archive.writestr(info, entry.data)
                else:
                    info.file_size = entry.size
                    with open(entry.source, "rb") as source, \
                            archive.open(info, "w", force_zip64=entry.size > 2 ** 31) as out:
                        for chunk in iter(lambda: source.read(1 << 20), b""):
                            out.write(chunk)
            archive.comment = ZIP_COMMENT + json.dumps({"left_out": len(bundle.left)}).encode("ascii")
        os.replace(temporary, output)
    finally:
        temporary.unlink(missing_ok=True)
    return output.stat().st_size


# The copies this process wrote into a site, by path: (digest of their inputs, size, modification time),
# and what they record ({"left_out"}).
_WRITTEN: dict[str, tuple[tuple[str, int, int], dict]] = {}


def _written_from(output: Path, digest: str) -> dict | None:
    """What `output` records, if it is the copy this process made from `digest` (`mkdocs serve`'s
    rebuilds) and is untouched since."""
    try:
        stat = output.stat()
    except OSError:
        return None
    state, record = _WRITTEN.get(str(output), (None, None))
    return record if state == (digest, stat.st_size, stat.st_mtime_ns) else None


def _remember(output: Path, digest: str, record: dict) -> None:
    stat = output.stat()
    _WRITTEN[str(output)] = ((digest, stat.st_size, stat.st_mtime_ns), record)


def _cached_record(cached: Path | None, digest: str) -> dict | None:
    """What a cached copy records, if it was made from `digest` (the `.json` file beside it in the cache)."""
    try:
        kept = json.loads(cached.with_name(cached.name + ".json").read_text(encoding="utf-8")) if cached else None
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("digest") != digest or not cached.is_file():
        return None
    return {"left_out": kept.get("left_out", 0)}


def zip_record(path: Path) -> dict | None:
    """What a copy written by write_zip records ({"left_out"}), None for another file."""
    try:
        with zipfile.ZipFile(path) as archive:
            comment = archive.comment
        return json.loads(comment[len(ZIP_COMMENT):]) if comment.startswith(ZIP_COMMENT) else None
    except (OSError, zipfile.BadZipFile, ValueError):
        return None


def input_digest(site: SiteFolder, language: Language, site_url: str, budget: int, skip: tuple[str, ...]) -> str:
    """Of everything a copy is made from, read before making it: this module, the language as the
    plan has it, its notice's words, and every site file a copy of it may take (its pages, the
    theme's files, its search index, the media). Equal digests, equal zips: the build makes a copy
    again only when this changes. `skip`: folders no copy takes from (`skipped_folders`)."""
    digest = hashlib.sha256(_code_digest().encode())
    described = (language.code, language.name, language.site_name, language.prefix, language.home,
                 sorted(language.pages), language.newest, language.others, notice_words(language.t), site_url, budget)
    digest.update(hashlib.sha256(repr(described).encode()).digest())
    for path in _inputs(site, language, skip):
        digest.update(f"{path}\0{site.hash(path)}\n".encode())
    return digest.hexdigest()


def skipped_folders(codes, prefix) -> tuple[str, ...]:
    """The site's folders no copy of any language takes a file from: the editor, the copies, the
    share cards, open data, and every language's own folder (its pages come from the plan)."""
    return tuple(folder for folder in NOT_COPIED if folder != "search/") + tuple(
        prefix(code) for code in codes if prefix(code))


def _inputs(site: SiteFolder, language: Language, skip: tuple[str, ...]) -> list[str]:
    """The site files a copy of `language` may take: its pages, the theme's files, its search index,
    and the media and their companions outside other languages' folders."""
    index = f"search/{language.code}/"
    excluded = NOT_COPIED + language.others
    found = [page for page in language.pages if site.file(page) is not None]
    for path in site.listing(skip):
        suffix = file_extension(path)
        if ((path.startswith("assets/") and not path.endswith(".map")) or path.startswith(index)
                or ((suffix in MEDIA_TYPES or suffix in COMPANIONS) and not path.startswith(excluded))):
            if site.file(path) is not None:
                found.append(path)
    return sorted(set(found))


# --- the build's copies -------------------------------------------------------------------------------

def write_bundles(plan, messages, site_dir: Path, site_url: str, options, build_languages: list[str], log,
                  cache_dir: Path | None = None, fingerprints: dict[str, str] | None = None) -> dict[str, int]:
    """The build's copies, `offline/commhub-<lang>.zip` for every language, and their sizes on the
    home pages' download links (theme/commhub/offline.html); returns the sizes by language.

    `options`: the plugin's (site/options.py: offline_bundles, offline_media_budget_mb,
    messages_language); `messages`: the readers' Messages by language; `log`: a logging.Logger;
    `fingerprints`: the pages' fingerprints by site path (SiteFolder).
    A split build (`languages`) has no whole site to copy: `commhub merge` makes them. A copy
    whose bytes would not change is taken from `cache_dir` (or left in place) instead of written."""
    site_dir = Path(site_dir)
    homes = {lang: site_dir / plan.home(lang).dest_uri for lang in build_languages if plan.home(lang)}
    if not options["offline_bundles"]:
        return {}
    if sorted(build_languages) != sorted(plan.codes):
        # Home pages keep their link: `commhub merge` makes the copies of the merged site and sizes them.
        log.info("offline copies: none in a build of some languages only (`commhub merge` makes them)")
        return {}
    sizes, notes = {}, []
    budget = budget_bytes(options["offline_media_budget_mb"])
    problems = Messages(options["messages_language"])
    site = SiteFolder(site_dir, fingerprints)
    skip = skipped_folders(plan.codes, plan.prefix)
    for lang in plan.codes:
        language = language_of(plan, messages, lang)
        output = site_dir / OFFLINE_DIR / file_name(lang)
        cached = cache_dir / file_name(lang) if cache_dir is not None else None
        try:
            # The digest is kept apart from the zip (beside the cached copy, or in memory): a copy's
            # bytes depend only on the files it holds, not on how the build knew them.
            digest = input_digest(site, language, site_url, budget, skip)
            record = _written_from(output, digest)
            if record is None:
                output.parent.mkdir(parents=True, exist_ok=True)
                record = _cached_record(cached, digest)
                if record is not None:
                    _copy(cached, output)
                else:
                    bundle = make_bundle(site, language, site_url, budget)
                    write_zip(bundle, output)
                    record = {"left_out": len(bundle.left)}
                    if cached is not None:
                        cached.parent.mkdir(parents=True, exist_ok=True)
                        _copy(output, cached)
                        cached.with_name(cached.name + ".json").write_text(
                            json.dumps({"digest": digest, **record}) + "\n", encoding="utf-8")
                _remember(output, digest, record)
        except BundleError as error:
            log.warning(problems(f"problem.bundle.{error.code}", **error.params))
            _set_download(homes[lang], None)
            continue
        sizes[lang] = size = output.stat().st_size
        _set_download(homes[lang], format_size(size, language.t), language.t)
        left_out = record.get("left_out", 0)
        notes.append(f"{lang} {size / MB:.1f} MB" + (f" ({left_out} media left online)" if left_out else ""))
    log.info("offline copies: " + ", ".join(notes))
    return sizes


def _copy(source: Path, target: Path) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def _set_download(home: Path, size: str | None, t=None) -> None:
    """Fill in the size on a home page's download link, or take the link out (no copy written)."""
    if not home.is_file() or home.is_symlink():
        return
    html = home.read_text(encoding="utf-8")
    if size is None:
        changed = _OFFLINE_ASIDE.sub("", html)
    else:
        label = escape(t("ui.offline.size", size=size))
        changed = SIZE_SPAN.sub(lambda match: match.group(1) + label + match.group(2), html)
    if changed != html:
        home.write_text(changed, encoding="utf-8")
