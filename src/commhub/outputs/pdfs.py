"""Printable PDFs of leaflets, posters and handbooks: one per published language version, for an
office printer or a print shop (`site/pdf/<lang>/<slug>.pdf`, linked from the product page).

Paper, portrait always: a **leaflet** is A5 (half an A4 sheet: what a commune office hands out, and
what an A4 printer makes two of per sheet); a **poster** is A4 on one page (when its text would run
over, it is set once more in smaller type with a smaller image; a longer one takes what it needs); a
**handbook** is A4, its title at the head of every page after the first. Pages after the first are
numbered ("2 / 3"). Each PDF starts with the hub's identity (its name and agency in that language)
and the product's type, then the version's title, summary, unit and publication date, its images
(the product's media that the body does not show, then the body's own) and its body, rendered and
sanitised exactly as the site publishes it (markup/render.py, markup/sanitise.py; its links made
absolute). When the site has an address (`site_url`), the first page's foot holds a QR code
(outputs/qr.py) of that version's page, as the printed page has.
The PDF's title, author (the unit), subject (the summary) and language are the version's; it is
tagged (its headings, lists and images' alt texts reach a screen reader).

Only commhub's own fonts (theme assets: Noto Sans Latin + Vietnamese, Latin Extended, Khmer) are
drawn, never the build machine's: a version with a character those fonts lack (Chinese, for one)
gets no PDF and no link to one, as the share cards leave such a text off rather than draw boxes.
Khmer is shaped by Pango (HarfBuzz); Pango does not know where Khmer words end, so a U+200B ZERO
WIDTH SPACE goes wherever ICU's line breaking allows a break (`break_points`, as the share cards
break): lines end between words.

WeasyPrint reads local files only, through `local_fetcher`: the product's own folder and the fonts.
Anything else (another host, another folder, a link out of the folder) is refused, never fetched.
Their addresses are virtual (PRODUCT_BASE, FONTS_BASE): the bytes do not depend on the hub's path.

A PDF is a function of what it shows (`Printable`), the bytes of its images, the fonts, the template
(theme/commhub/pdf.html), `VERSION` and the versions of WeasyPrint, pydyf, Pango and HarfBuzz: it is
kept under that hash in `<cache_dir>/pdfs/` (`PdfCache`, the share cards' cache), so a rebuild renders
only the PDFs whose content changed. The bytes are reproducible: the one date is the publication
date (the PDF's creation date), and the file has no random identifier.
"""

from __future__ import annotations

import ctypes
import functools
import atexit
import hashlib
import json
import logging
import mimetypes
import os
import posixpath
import re
from dataclasses import asdict, dataclass
from html import unescape
from importlib.metadata import version as package_version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser

from commhub import THEME_DIR
from commhub.checks.bodies import body_from_line
from commhub.content.model import Product, Version
from commhub.markup.render import BodyRenderer
from commhub.markup.sanitise import sanitise
from commhub.outputs.qr import qr_svg
from commhub.outputs.share_cards import FONTS, CardCache, break_points
from commhub.site.urls import absolute

VERSION = "1"  # change with the layout: every cached PDF is made again
PAPER = {"leaflet": "A5", "poster": "A4", "handbook": "A4"}  # the product types that have a PDF
TEMPLATE = "pdf.html"  # in theme/commhub/
# The fonts, by family: a Khmer text takes the Khmer font first (it has the space and punctuation,
# so a run of Khmer is shaped by one font), any other text the Latin ones.
FONT_FACES = (
    ("commhub Latin", 400, "noto-sans-latin-vi-400.woff2"), ("commhub Latin", 700, "noto-sans-latin-vi-700.woff2"),
    ("commhub Latin Ext", 400, "noto-sans-latin-ext-400.woff2"),
    ("commhub Latin Ext", 700, "noto-sans-latin-ext-700.woff2"),
    ("commhub Khmer", 400, "noto-sans-khmer-400.woff2"), ("commhub Khmer", 700, "noto-sans-khmer-700.woff2"),
)
KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")


def pdf_url(lang: str, slug: str) -> str:
    """Site-relative address of a version's PDF."""
    return f"pdf/{lang}/{slug}.pdf"


# --- which versions have one ----------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _covered() -> frozenset[str]:
    """The characters commhub's fonts draw (their cmaps, read with fontTools, which WeasyPrint brings),
    and line ends and tabs, which need none."""
    from fontTools.ttLib import TTFont

    codes: set[int] = set()
    for _, _, name in FONT_FACES:
        codes.update(TTFont(str(FONTS / name), lazy=True).getBestCmap())
    return frozenset(map(chr, codes)) | frozenset("\n\r\t")


def drawable(text: str) -> bool:
    """Every character of `text` is in commhub's fonts."""
    return set(text) <= _covered()


def has_pdf(product: Product, version: Version) -> bool:
    """Whether this version gets a PDF: a published leaflet, poster or handbook whose text the fonts draw."""
    if product.type not in PAPER or not version.is_published:
        return False
    return drawable(version.title + version.summary) and _drawable_body(version.file, version.sha256,
                                                                        version.body_first_line)


@functools.lru_cache(maxsize=4096)
def _drawable_body(file: str, sha256: str, first_line: int) -> bool:
    """The body's characters (as written: what Markdown adds is ASCII) are all in the fonts; keyed by
    the file's hash too, so that an edited file is read again."""
    body = body_from_line(Path(file), first_line)
    return body is not None and drawable(body[0])


# --- what a PDF shows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Printable:
    """Everything one PDF shows, as text (HTML for the body)."""

    lang: str
    kind: str  # the product's type: leaflet, poster or handbook
    title: str
    summary: str
    body: str  # sanitised HTML, links absolute (or plain text without site_url)
    images: tuple[tuple[str, str], ...]  # (file in the product folder, alt) of media the body does not show
    site_name: str
    agency: str
    type_label: str
    unit: str
    published: str  # ISO date
    labels: tuple[tuple[str, str], ...]  # interface strings of the language: (key, text)
    qr_url: str  # "" without site_url
    folder: str  # the product folder: where images are read from (not shown)

    @property
    def files(self) -> list[str]:
        """The product's files the PDF shows (media, and the body's images in the product folder), by name."""
        names = {file for file, _ in self.images}
        for source in _IMAGE_SOURCES.findall(self.body):
            parts = urlsplit(unescape(source))
            name = posixpath.normpath(unquote(parts.path))
            if not (parts.scheme or parts.netloc or name.startswith(("..", "/")) or name == "."):
                names.add(name)
        return sorted(names)

    def key(self) -> str:
        fields = asdict(self)
        fields.pop("folder")
        files = [(name, _file_digest(os.path.join(self.folder, name))) for name in self.files]
        data = json.dumps([_signature(), fields, files], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


_IMAGE_SOURCES = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"')


def _file_digest(path: str) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return _digest(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4096)
def _digest(path: str, mtime: int, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _signature() -> list:
    """What, besides a Printable and its images, fixes a PDF's bytes: this module's layout, the
    template, the fonts, WeasyPrint's and pydyf's versions and those of the Pango and HarfBuzz it
    lays text out with (asked of the libraries themselves: a warm build need not import WeasyPrint)."""
    template = (THEME_DIR / "commhub" / TEMPLATE).read_bytes()
    return [VERSION, hashlib.sha256(template).hexdigest(), package_version("weasyprint"), package_version("pydyf"),
            _library_version(("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"), "pango_version_string"),
            _library_version(("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"), "hb_version_string"),
            # Without HarfBuzz's subsetter, WeasyPrint subsets the fonts with fontTools: other bytes.
            _library_version(("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll"),
                             "hb_version_string"),
            [(name, _file_digest(str(FONTS / name))) for _, _, name in FONT_FACES]]


def _library_version(names: tuple[str, ...], function: str) -> str:
    """What `function` of the first of the libraries `names` that loads answers; "" when none loads."""
    for name in names:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        getter = getattr(library, function)
        getter.restype = ctypes.c_char_p
        return getter().decode("ascii", "replace")
    return ""


# Bodies made by this process, by what they are made of: `mkdocs serve` renders only the edited ones again.
MEMORY_BODIES = 20_000
_BODIES: dict[tuple, str] = {}


class BodyLinks:
    """A version's body as the site publishes it, for a PDF: rendered and sanitised as the build does,
    its links made absolute (site_url) or left as text (no site_url: a PDF has no address to be
    relative to). Images keep their address in the product folder, which is the PDF's base."""

    def __init__(self, plan, site_url: str):
        self.plan, self.site_url = plan, site_url
        self.renderer = BodyRenderer()
        self.renderer.video_cards.locales = plan.content.locales
        # Besides its file, what a body's HTML depends on: the site's address and pages (its links), the
        # hub's interface strings (its video cards).
        locales = sorted((lang, sorted(strings.items())) for lang, strings in plan.content.locales.items())
        self.context = hashlib.sha256(json.dumps([site_url, sorted(plan.pages), locales]).encode()).hexdigest()

    def html(self, product: Product, version: Version) -> str | None:
        fallbacks = self.plan.fallbacks(version.lang)
        key = (version.file, version.sha256, version.lang, fallbacks, self.context)
        if key not in _BODIES:
            made = self.make(product, version, fallbacks)
            if made is None:
                return None
            if len(_BODIES) >= MEMORY_BODIES:
                _BODIES.clear()
            _BODIES[key] = made
        return _BODIES[key]

    def make(self, product: Product, version: Version, fallbacks: tuple[str, ...]) -> str | None:
        body = body_from_line(version.path, version.body_first_line)
        if body is None:
            return None
        self.renderer.video_cards.set_language(version.lang, fallbacks)
        cleaned = sanitise(self.renderer.render(body[0]))
        tree = LexborHTMLParser(f"<!DOCTYPE html><html><body>{cleaned}</body></html>")
        for link in tree.css("a[href]"):
            target = self.target(product.slug, link.attributes.get("href") or "")
            if target is None:
                del link.attrs["href"]
            else:
                link.attrs["href"] = target
        return tree.body.inner_html if tree.body is not None else ""

    def target(self, slug: str, url: str) -> str | None:
        """Where a body's link leads, from a PDF: an absolute address, a `#` of the PDF, or None."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("#"):
            return url
        path = unquote(parts.path)
        if not path or path.startswith("/"):
            return None
        resolved = posixpath.normpath(posixpath.join("products", slug, path))
        page = self.plan.pages.get(resolved)
        if not self.site_url or resolved.startswith("..") or (page is None and resolved.endswith(".md")):
            return None
        site_relative = page.url if page is not None else resolved  # a page, or a file (products' media)
        return absolute(self.site_url, site_relative) + (f"#{parts.fragment}" if parts.fragment else "")


LABELS = ("unit", "published", "qr_caption", "qr_label")


def printable(plan, views, product: Product, lang: str, site_url: str, links: BodyLinks) -> Printable | None:
    """What the PDF of `product` in `lang` shows; None when that version has none."""
    version = product.versions.get(lang)
    if version is None or not has_pdf(product, version):
        return None
    body = links.html(product, version)
    if body is None:
        return None
    t = views.messages[lang]
    identity = plan.identity(lang)
    shown = set(_IMAGE_SOURCES.findall(body))
    images = tuple((media.file, media.alt.get(lang) or media.alt.get(product.original_language, ""))
                   for media in product.media if media.kind == "image" and media.file not in shown)
    page = plan.product_pages[product.slug][lang]
    return Printable(
        lang=lang, kind=product.type, title=version.title, summary=version.summary, body=body, images=images,
        site_name=identity.name, agency=identity.agency, type_label=t(f"ui.type.{product.type}"),
        unit=plan.content.units[product.unit].name(lang, plan.fallbacks(lang)),
        published=version.published.isoformat(),
        labels=tuple((key, t(f"ui.product.{key}")) for key in LABELS),
        qr_url=absolute(site_url, page.url) if site_url else "", folder=str(product.folder),
    )


# --- rendering ------------------------------------------------------------------------------------


def khmer_word_breaks(html: str, lang: str = "km") -> str:
    """`html` with a U+200B wherever ICU lets a line break between two Khmer characters, in the text of
    its body (never inside a tag, nor in the head: the PDF's title stays as written): Pango then breaks
    Khmer lines between words, as it breaks other lines at spaces."""
    body = html.find("<body")
    out, position = [html[:max(body, 0)]], max(body, 0)
    for match in _TAG.finditer(html, position):
        out.append(_break_text(html[position:match.start()], lang))
        out.append(match.group())
        position = match.end()
    out.append(_break_text(html[position:], lang))
    return "".join(out)


# A tag, its attribute values quoted with " (Jinja's and html5ever's serialisations): `>` may be in one.
_TAG = re.compile(r'<(?:[^<>"]|"[^"]*")*>')


def _break_text(text: str, lang: str) -> str:
    if not KHMER.search(text):
        return text
    pieces, start = [], 0
    for point in break_points(text, lang):
        if 0 < point < len(text) and KHMER.match(text[point - 1]) and KHMER.match(text[point]):
            pieces.append(text[start:point])
            start = point
    pieces.append(text[start:])
    return "\u200b".join(pieces)


# The addresses a PDF reads its files at: virtual folders, so that no image's address (WeasyPrint names
# images by it) depends on where the hub is on the build machine, and no other local file is reachable.
PRODUCT_BASE = "file:///product/"
FONTS_BASE = "file:///fonts/"


def local_fetcher(folder: str | Path | None):
    """WeasyPrint's fetcher for one PDF: the product's `folder` at PRODUCT_BASE and commhub's fonts at
    FONTS_BASE, nothing else."""
    roots = {"/fonts/": FONTS} | ({"/product/": Path(folder)} if folder is not None else {})
    return _fetcher_class()(roots)


@functools.lru_cache(maxsize=1)
def _fetcher_class():
    # Made on first use: importing WeasyPrint loads Pango, which only a build that writes PDFs needs.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """WeasyPrint's URLFetcher (its interface), whose `fetch` never opens a connection: it reads
        files of its virtual folders (links resolved, never out of the folder) and refuses every other
        address, another host's or a local one."""

        def __init__(self, roots: dict[str, Path]):
            super().__init__(allowed_protocols={"file"})
            self.roots = {prefix: root.resolve() for prefix, root in roots.items()}
            self.refused: list[str] = []

        def local_path(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return None
            path = posixpath.normpath(unquote(parts.path))
            prefix = next((prefix for prefix in self.roots if path.startswith(prefix)), None)
            if prefix is None:
                return None
            root = self.roots[prefix]
            try:
                found = (root / path[len(prefix):]).resolve()
            except (OSError, RuntimeError, ValueError):
                return None
            return found if found.is_relative_to(root) and found.is_file() else None

        def fetch(self, url, headers=None):
            path = self.local_path(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"{url!r}: {REFUSED}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    return LocalFetcher


REFUSED = "refused: a PDF reads the product's own files only"


class _Messages(logging.Handler):
    """WeasyPrint's warnings and errors while one PDF is rendered."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(record.getMessage())


class PdfRenderer:
    """Renders PDFs; the fonts are loaded once (one FontConfiguration for every PDF of a process)."""

    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        faces = "\n".join(
            f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: {weight}; '
            f'src: url("{FONTS_BASE}{name}"); }}' for family, weight, name in FONT_FACES)
        self.template = _environment().get_template(TEMPLATE)
        # The fonts and the rules every PDF shares, parsed once (a user stylesheet: it overrides
        # WeasyPrint's own; each document's <style> sets only its paper and first page).
        self.stylesheet = CSS(string=f"{faces}\n{self.template.module.stylesheet()}", font_config=self.font_config,
                              url_fetcher=local_fetcher(None))
        self.notes: list[str] = []  # what rendering had to say: addresses refused, WeasyPrint's messages

    def html(self, doc: Printable, compact: bool = False) -> str:
        labels = dict(doc.labels)
        qr = qr_svg(doc.qr_url, labels["qr_label"]) if doc.qr_url else None
        html = self.template.render(doc=doc, paper=PAPER[doc.kind], labels=labels, body=Markup(doc.body), qr=qr,
                                    compact=compact, shown=lambda text: text if text and drawable(text) else "")
        return khmer_word_breaks(html)

    def render(self, doc: Printable) -> bytes:
        fetcher, base = local_fetcher(doc.folder), PRODUCT_BASE
        # WeasyPrint's own messages are kept as notes, not printed as they come (its refused fetches
        # are the fetcher's: said once, below).
        weasyprint_log, messages = logging.getLogger("weasyprint"), _Messages()
        weasyprint_log.addHandler(messages)
        propagate, weasyprint_log.propagate = weasyprint_log.propagate, False
        try:
            document = self.document(doc, False, base, fetcher)
            if doc.kind == "poster" and len(document.pages) > 1:
                compact = self.document(doc, True, base, fetcher)  # a poster on one page, if smaller type does it
                if len(compact.pages) < len(document.pages):
                    document = compact
            data = document.write_pdf(pdf_tags=True)  # tagged: a screen reader reads its headings, lists, alt texts
        finally:
            weasyprint_log.removeHandler(messages)
            weasyprint_log.propagate = propagate
        self.notes.extend(f"not fetched: {url}" for url in fetcher.refused)
        self.notes.extend(f"WeasyPrint: {text}" for text in messages.texts if REFUSED not in text)
        return data

    def document(self, doc: Printable, compact: bool, base: str, fetcher):
        from weasyprint import HTML

        return HTML(string=self.html(doc, compact), base_url=base, url_fetcher=fetcher).render(
            stylesheets=[self.stylesheet], font_config=self.font_config)


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(THEME_DIR / "commhub")), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


# --- the cache, and the site's PDFs ---------------------------------------------------------------

MEMORY_PDFS = 300
_MEMORY: dict[str, bytes] = {}
_RECIPES: dict[str, str] = {}


class PdfCache(CardCache):
    """Rendered PDFs by their key, as the share cards are kept (outputs/share_cards.py, CardCache): on
    disk under `directory` (`<cache_dir>/pdfs/`) when the hub keeps a cache, hard-linked into the
    site; else in memory (`mkdocs serve`, tests), at most MEMORY_PDFS of them."""

    # A PDF takes 0.1-0.2 s; two processes (forked with the fonts loaded) make 4 in 0.30 s, one in 0.46 s.
    PARALLEL_FROM = 4
    SUFFIX = ".pdf"
    MEMORY_LIMIT = MEMORY_PDFS

    def __init__(self, directory: Path | None):
        super().__init__(directory)
        self.memory = _MEMORY
        self.notes: list[str] = []  # what rendering had to say (addresses refused, WeasyPrint's messages)
        self.recipes = _RECIPES  # recipe -> key, when there is no cache on disk

    # A Printable's key needs its body rendered (0.5-1 ms a version, 1.5 s a warm build of N = 1,000).
    # Its recipe (`recipe_key`) needs only what the loader read: a warm build looks the key up by it.

    def known(self, recipe: str) -> str | None:
        """The key of the PDF made from `recipe`, if it was made and is still kept."""
        path = self.directory / "recipes" / recipe if self.directory is not None else None
        try:
            key = path.read_text(encoding="ascii").strip() if path is not None else self.recipes.get(recipe)
        except (OSError, UnicodeError):
            return None
        return key if key and re.fullmatch(r"[0-9a-f]{64}", key) and self._have(key) else None

    def remember(self, recipe: str, key: str) -> None:
        if self.directory is None:
            self.recipes[recipe] = key
            return
        path = self.directory / "recipes" / recipe
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{recipe}.{os.getpid()}")
        temporary.write_text(key, encoding="ascii")
        temporary.replace(path)

    def _render(self, docs: dict[str, Printable], jobs: int):
        if jobs <= 1 or len(docs) < self.PARALLEL_FROM:
            rendered = [_render_one(doc) for doc in docs.values()]
        else:
            import multiprocessing

            _renderer()  # WeasyPrint imported and the fonts loaded once, before the processes fork
            with multiprocessing.get_context("fork").Pool(min(jobs, len(docs))) as pool:
                rendered = pool.map(_render_one, list(docs.values()), chunksize=2)
        self.notes.extend(note for _, notes in rendered for note in notes)
        return [(key, data) for key, (data, _) in zip(docs, rendered)]


_RENDERER: PdfRenderer | None = None


def _render_one(doc: Printable) -> tuple[bytes, list[str]]:
    """A PDF and what rendering it had to say, by this process's renderer."""
    renderer = _renderer()
    data = renderer.render(doc)
    notes, renderer.notes = renderer.notes, []
    return data, notes


def _renderer() -> PdfRenderer:
    """The process's renderer: its fonts are loaded once for every PDF of every build it runs."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = PdfRenderer()
        # Dropped before the interpreter tears its modules down: WeasyPrint's font configuration
        # removes its folder when collected, which fails (a printed traceback) once `shutil` is gone.
        atexit.register(_drop_renderer)
    return _RENDERER


def _drop_renderer() -> None:
    global _RENDERER
    _RENDERER = None


def write_pdfs(plan, views, site_dir: Path, cache: PdfCache, languages, jobs: int = 1, site_url: str = "") -> int:
    """The PDF of every leaflet, poster and handbook version of the languages built, into
    `site_dir/pdf/`; the number written."""
    links = BodyLinks(plan, site_url)
    docs, recipes, known = {}, {}, {}
    for lang in languages:
        for slug in sorted(plan.content.products):
            product = plan.content.products[slug]
            version = product.versions.get(lang)
            if product.type not in PAPER or slug not in plan.product_pages or version is None \
                    or not version.is_published:
                continue
            if not has_pdf(product, version):  # its text has characters the fonts lack: said, not hidden
                cache.notes.append(f"none for {version.path.name} of {slug} (characters the site's fonts lack)")
                continue
            path = Path(site_dir) / pdf_url(lang, slug)
            recipe = recipe_key(plan, views, product, version, site_url, links)
            key = cache.known(recipe)
            if key is not None:
                known[path] = key
                continue
            doc = printable(plan, views, product, lang, site_url, links)
            if doc is not None:
                docs[path], recipes[path] = doc, recipe
    cache.write_all(docs, jobs)
    for path, doc in docs.items():
        cache.remember(recipes[path], doc.key())
    for path, key in known.items():
        cache.place(path, key)
    cache.reused += len(known)
    return len(docs) + len(known)


def recipe_key(plan, views, product: Product, version: Version, site_url: str, links: BodyLinks) -> str:
    """What a version's PDF is made from, known without rendering it: the version file's hash, the
    product's fields, the interface's words, the site's address and pages (links.context), the layout
    (_signature), and the size and time of every other file of the product folder (its images). Equal
    recipes make equal Printables; a file whose time changed (a fresh checkout) only costs a render of
    its body, whose key (Printable.key) then finds the PDF kept."""
    lang = version.lang
    t, identity = views.messages[lang], plan.identity(lang)
    files = []
    with os.scandir(product.folder) as entries:
        for entry in entries:
            if not entry.name.endswith((".md", ".yml")):
                stat = entry.stat(follow_symlinks=False)
                files.append((entry.name, stat.st_size, stat.st_mtime_ns))
    files.sort()
    data = [_signature(), links.context, lang, plan.fallbacks(lang), product.slug, version.file, version.sha256,
            version.published.isoformat(), product.type, product.unit,
            plan.content.units[product.unit].name(lang, plan.fallbacks(lang)),
            [(media.file, media.kind, sorted(media.alt.items())) for media in product.media],
            identity.name, identity.agency, t(f"ui.type.{product.type}"), [t(f"ui.product.{key}") for key in LABELS],
            site_url, plan.product_pages[product.slug][lang].url, files]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()
