"""The thin MkDocs side of commhub: turn the site plan into MkDocs files and template context.

All rules live in content.py (loading, problems), site.py (which pages exist)
and views.py (what each page shows). This module only speaks MkDocs.

commhub replaces mkdocs-static-i18n here, in one place: it builds every
language in ONE MkDocs run, each page carrying its own language, instead of
re-running the build once per language. That lifts three limits of
static-i18n 1.3 (see README, "Why not mkdocs-static-i18n"): 3-letter codes
such as `hmn` are refused, languages without a Material UI file crash the
build, and search entries are deduplicated in quadratic time.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import gzip
import os
from html.parser import HTMLParser
from importlib.metadata import version as package_version
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation

from .checks import check_content
from .markdown_ext import VideoCardExtension
from .targets import load_targets
from .pagecache import CachedPage, PageCache, fingerprint, hash_files
from .parallel import LANGUAGES_ENV
from .feeds import feed_link, write_feeds
from .jsonld import product_jsonld
from .opendata import write_opendata
from .sitemap import sitemap_entries
from .search import SearchDoc, write_index
from .messages import Messages
from .problems import Problem, sort_key
from .site import SitePlan
from .views import Views

log = get_plugin_logger(__name__)
# The SOURCE_DATE_EPOCH commhub last set in this process: any other value was chosen by the
# person building (reproducible-builds.org) and is kept.
_epoch_set_by_commhub: str | None = None
mkdocs_version = package_version("mkdocs")
material_version = package_version("mkdocs-material")

# Problems that readers are shown on the site itself; the build mentions them at info level
# so that `mkdocs build --strict` still passes (`commhub check` reports them as warnings).
SHOWN_TO_READERS = {"translation_outdated"}

TEMPLATES = {
    "product": "commhub/product.html",
    "fallback": "commhub/product.html",
    "catalogue": "commhub/catalogue.html",
    "topics": "commhub/topics.html",
    "search": "commhub/search.html",
    "progress": "commhub/progress.html",
    "doc": "main.html",
    "doc_fallback": "main.html",
}


class CommhubConfig(Config):
    enabled = c.Type(bool, default=True)
    content_dir = c.Type(str, default="content")
    # Language of the build's own messages about content problems (vi or en).
    messages_language = c.Choice(("vi", "en"), default="vi")
    # Show readers a banner saying the products are a demonstration corpus.
    demo_notice = c.Type(bool, default=False)
    # Licence named in the open-data catalogue (data/index.json), e.g. "CC-BY-4.0".
    data_license = c.Type(str, default="")
    # Folder (relative to mkdocs.yml) keeping rendered pages across builds; empty: memory only.
    cache_dir = c.Type(str, default="")


class NavLink(Link):
    """A navigation link that Material can highlight as the current page."""

    active = False


class CommhubPlugin(BasePlugin[CommhubConfig]):
    def on_startup(self, *, command, dirty) -> None:
        # Defining on_startup keeps this plugin alive across `mkdocs serve` rebuilds,
        # so the in-memory page cache makes a rebuild render only what changed.
        self.cache = None
        self.serving = command == "serve"

    def on_config(self, config):
        if not self.config.enabled:
            return config
        self.base_dir = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (self.base_dir / self.config.content_dir).resolve()
        # The same checks as `commhub check`: what it refuses can never be published.
        cache_dir = (self.base_dir / self.config.cache_dir) if self.config.cache_dir else None
        content, problems = check_content(self.content_dir, cache_dir=cache_dir)
        self.targets = None
        targets_file = self.content_dir / "targets.yml"
        if targets_file.is_file() and not problems.errors:
            self.targets, target_problems = load_targets(targets_file, content)
            problems.extend(target_problems)
        self.report_problems(problems.errors + problems.warnings)
        self.content = content
        self.set_source_date(content)
        self.theme_dirs = [Path(directory) for directory in config.theme.dirs]
        self.ui_languages = {language.code: self.ui_language(language) for language in content.languages}
        # Material includes its language selector only when `extra.alternate` is truthy and
        # writes <link hreflang> for it when it is iterable: a plain True shows our per-page
        # selector (overrides/partials/alternate.html) while main.html writes the hreflang links.
        config.extra["alternate"] = True
        # External videos: a paragraph that is only a link to an allowed platform becomes a card.
        self.video_cards = VideoCardExtension()
        config.markdown_extensions.append(self.video_cards)
        # `commhub build --jobs N` runs one MkDocs build per group of languages (see parallel.py).
        only = os.environ.get(LANGUAGES_ENV, "").split(",")
        codes = [language.code for language in content.languages]
        self.build_languages = [code for code in codes if code in only] if any(only) else codes
        if getattr(self, "cache", None) is None or self.cache.directory != cache_dir:
            self.cache = PageCache(cache_dir, in_memory=getattr(self, "serving", False))
        return config

    def global_fingerprint(self, config) -> str:
        """Everything every page depends on (see pagecache.py)."""
        digest = hash_files([
            Path(__file__).parent,  # commhub's code, templates of its own and catalogues
            *([Path(config.theme.custom_dir)] if config.theme.custom_dir else []),
            Path(config.config_file_path),
            *[self.content_dir / f"{name}.yml" for name in ("languages", "channels", "units", "topics", "targets")],
        ])
        digest.update(f"mkdocs {mkdocs_version} material {material_version}".encode())
        digest.update("\n".join(sorted(self.plan.pages)).encode())
        digest.update(str(config.site_url).encode())
        return digest.hexdigest()

    @staticmethod
    def set_source_date(content) -> None:
        """MkDocs stamps sitemap.xml.gz with SOURCE_DATE_EPOCH, or else with today: take the date
        from the content, so that two builds of one commit are byte-identical."""
        global _epoch_set_by_commhub
        if os.environ.get("SOURCE_DATE_EPOCH") not in (None, _epoch_set_by_commhub):
            return
        dates = [version.published for version in content.published_versions()]
        newest = max(dates) if dates else datetime.date(2000, 1, 1)
        _epoch_set_by_commhub = os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(newest.timetuple()))

    def report_problems(self, problems) -> None:
        messages = Messages(self.config.messages_language)
        problems = sorted(problems, key=sort_key)
        errors = [problem for problem in problems if problem.severity == "error"]
        for problem in problems:
            if problem.severity == "warning":
                line = problem.render(messages, self.base_dir)
                if problem.code in SHOWN_TO_READERS:
                    log.info(line)
                else:
                    log.warning(line)
        if errors:
            lines = [problem.render(messages, self.base_dir) for problem in errors]
            summary = messages("problem.build_failed", count=len(errors))
            raise PluginError("\n".join([summary, *lines]))

    def ui_language(self, language) -> str:
        """The Material interface language: the language itself if a UI file exists, else its fallback."""
        for code in (language.code, language.ui_fallback, self.content.default_language.code):
            if code and any((directory / "partials" / "languages" / f"{code}.html").is_file()
                            for directory in self.theme_dirs):
                return code
        return "en"

    # --- files ------------------------------------------------------------------------------------------

    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        docs = self.collect_docs(files)
        self.plan = SitePlan(self.content, docs, progress=self.targets is not None)
        self.views = Views(self.plan, self.ui_languages, self.targets)
        self.global_key = self.global_fingerprint(config)
        self.cache.start_build()
        # Per-build state, by src_uri.
        self.search_docs: list[SearchDoc] = []
        self.page_views: dict[str, object] = {}
        self.page_search: dict[str, SearchDoc] = {}
        self.skipped: set[str] = set()
        self.cached: dict[str, CachedPage] = {}
        self.fresh: dict[str, str] = {}  # src_uri -> fingerprint, for pages rendered in this build
        self.rendered: dict[tuple[Path, int], tuple] = {}  # (source, URL depth) -> (html, toc)
        self.reused: dict[str, tuple[Path, int]] = {}  # src_uri -> key of the rendering it shows
        for page in self.plan.pages.values():
            rendered = self.classify(page, config)
            # Pages of another process, and pages written from the cache (on_post_build), stay known
            # to MkDocs, so that links to them resolve, but MkDocs does not build them.
            inclusion = InclusionLevel.NOT_IN_NAV if rendered else InclusionLevel.EXCLUDED
            if rendered and page.source is not None:
                file = File.generated(config, page.src_uri, abs_src_path=str(page.source), inclusion=inclusion)
            else:  # generated, skipped or cached: nothing for MkDocs to read
                file = File.generated(config, page.src_uri, content="", inclusion=inclusion)
            file.dest_uri = page.dest_uri
            files.append(file)
        for slug in self.plan.product_pages:
            product = self.content.products[slug]
            for media in product.media:
                files.append(File.generated(config, f"products/{slug}/{media.file}",
                                            abs_src_path=str(product.folder / media.file)))
        if self.plan.default not in self.build_languages:
            # Static files (theme assets, media) are copied by the process with the default language.
            for file in files:
                if not file.is_documentation_page():
                    file.inclusion = InclusionLevel.EXCLUDED
        return files

    def collect_docs(self, files: Files) -> dict[str, dict[str, Path]]:
        """Take docs/*.md (`about.md`, `about.km.md`) out of `files`; the plan puts them back."""
        codes = [language.code for language in self.content.languages]
        default = self.content.default_language.code
        docs: dict[str, dict[str, Path]] = {}
        problems = []
        for file in list(files.documentation_pages()):
            stem = file.src_uri[: -len(".md")]
            name, _, suffix = stem.rpartition(".")
            if not name:
                name, suffix = stem, default
            elif suffix not in codes:
                problems.append(Problem(Path(file.abs_src_path), 0, "docs_language_suffix_unknown",
                                        {"name": file.src_uri, "suffix": suffix, "allowed": ", ".join(codes)}))
                continue
            docs.setdefault(name, {})[suffix] = Path(file.abs_src_path)
            files.remove(file)
        self.report_problems(problems)
        return docs

    # --- navigation: one small menu per language ----------------------------------------------------

    def on_nav(self, nav: Navigation, *, config, files: Files) -> Navigation:
        if not self.config.enabled:
            return nav
        self.navs = {}
        for language in self.content.languages:
            lang = language.code
            t = self.views.messages[lang]
            prefix = self.plan.prefix(lang)
            items = []
            for name, url in (("home", prefix), ("catalogue", f"{prefix}catalogue/"), ("topics", f"{prefix}topics/"),
                              ("progress", f"{prefix}progress/"), ("about", f"{prefix}about/"),
                              ("reading", f"{prefix}reading/")):
                if f"{url}index.md" not in self.plan.pages and name in ("catalogue", "topics", "progress"):
                    continue
                doc_name = "index" if name == "home" else name
                if name in ("home", "about", "reading") and lang not in self.plan.doc_pages.get(doc_name, {}):
                    continue
                items.append(NavLink(t(f"ui.nav.{name}"), url))
            language_nav = Navigation(items, [])
            home = self.plan.home(lang)
            # Material only reads homepage.url (the logo's link); a link object also works when
            # the home page itself is not built by this run (another process's, or cached).
            language_nav.homepage = NavLink(t("ui.nav.home"), home.url if home is not None else prefix)
            self.navs[lang] = language_nav
        return self.navs[self.plan.default]

    # --- pages ------------------------------------------------------------------------------------------
    # Each page is one of: skipped (another process's language: MkDocs leaves it out), cached (its
    # fingerprint was rendered before: written as it was, in on_post_build), or rendered.

    def classify(self, planned, config) -> bool:
        """Decide whether this build renders the page; False when it is skipped or cached."""
        src_uri = planned.src_uri
        if planned.lang not in self.build_languages:
            self.skipped.add(src_uri)
            return False
        view = self.views.view(planned)
        view.jsonld = product_jsonld(self.plan, planned, config.site_url or "")
        view.feed = feed_link(self.plan, planned.lang, view.t, config.site_name)
        self.page_views[src_uri] = view
        if not self.cache.active:
            return True
        key = fingerprint(self.global_key, src_uri, view, planned.source)
        cached = self.cache.get(planned.lang, key)
        if cached is not None:
            self.cached[src_uri] = cached
            if cached.search is not None:
                self.search_docs.append(SearchDoc(**cached.search))
            return False
        self.fresh[src_uri] = key
        return True

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if not self.config.enabled:
            return markdown
        src_uri = page.file.src_uri
        planned = self.plan.pages.get(src_uri)
        if planned is None:
            return markdown
        view = self.page_views[src_uri]
        page.meta["template"] = TEMPLATES[planned.kind]
        # A video card belongs to the text, so it speaks the text's language: every language's
        # fallback page can then share one rendering of the original.
        self.video_cards.set_language(planned.content_lang, self.plan.fallbacks(planned.content_lang))
        if view.listing is not None:
            page.meta["title"] = view.listing["title"]
        elif view.search is not None:
            page.meta["title"] = view.search["title"]
        elif view.report is not None:
            page.meta["title"] = view.report["title"]
        if planned.source is not None:
            shared = shared_rendering(planned)
            if shared in self.rendered:
                # Same Markdown at the same depth renders to the same HTML: every language's
                # fallback page of a product shows one text. Render it once (on_page_content).
                self.reused[src_uri] = shared
                return ""
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        """Reuse shared renderings; keep the text of every real language version for the search index."""
        if not self.config.enabled:
            return html
        src_uri = page.file.src_uri
        planned = self.plan.pages.get(src_uri)
        if planned is None:
            return html
        if planned.source is not None:
            shared = self.reused.get(src_uri)
            if shared is not None:
                html, page.toc = self.rendered[shared]
            else:
                self.rendered[shared_rendering(planned)] = (html, page.toc)
        if planned.kind in ("product", "doc"):
            doc = self.page_search[src_uri] = self.search_doc(planned, page, html_to_text(html))
            self.search_docs.append(doc)
        return html

    def search_doc(self, planned, page, text: str) -> SearchDoc:
        messages = self.views.messages[planned.lang]
        if planned.kind == "product":
            version = planned.data["version"]
            label = messages(f"ui.type.{planned.data['product'].type}")
            return SearchDoc(planned.lang, planned.url, version.title, version.summary, text, label)
        return SearchDoc(planned.lang, planned.url, page.title or "", "", text, messages("ui.search.page_label"))

    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled:
            return context
        src_uri = page.file.src_uri
        planned = self.plan.pages.get(src_uri)
        if planned is None:
            return context
        language_nav = self.navs[planned.lang]
        for item in language_nav.items:
            item.active = item.url == planned.url
        context["nav"] = language_nav
        context["commhub"] = self.page_views[src_uri]
        context["commhub_demo"] = self.config.demo_notice
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        key = self.fresh.get(page.file.src_uri) if self.config.enabled else None
        if key is not None:
            planned = self.plan.pages[page.file.src_uri]
            doc = self.page_search.get(page.file.src_uri)
            self.cache.put(planned.lang, key, CachedPage(output, dataclasses.asdict(doc) if doc else None))
        return output

    def on_post_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        for src_uri, cached in self.cached.items():  # as MkDocs would write them (utils.write_file)
            path = site_dir / self.plan.pages[src_uri].dest_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(cached.html.encode("utf-8", errors="xmlcharrefreplace"))
        # Sorted: the index must not depend on the order pages were built in.
        docs = sorted(self.search_docs, key=lambda doc: (doc.lang, doc.url))
        languages = [code for code in self.plan.codes if code in self.build_languages]
        sizes = write_index(docs, Path(config.site_dir), languages)
        log.info("search index: " + ", ".join(f"{lang} {size / 1024:.0f} KiB" for lang, size in sizes.items()))
        site_url = config.site_url or ""
        write_feeds(self.plan, config.site_dir, site_url, self.views.messages, config.site_name)
        write_opendata(self.plan, config.site_dir, site_url, self.views.messages, config.site_name,
                       self.config.data_license or None)
        self.compress_sitemap(site_dir)
        self.cache.prune(languages)
        log.info(f"pages: {len(self.fresh)} rendered, {len(self.cached)} from the cache, "
                 f"{len(self.skipped)} left to other processes")

    def compress_sitemap(self, site_dir: Path) -> None:
        """sitemap.xml.gz again, stamped with the newest content date.

        MkDocs stamps it with the newest date of the pages *this run* built: a run that builds
        none (all cached, or another process's languages) would stamp another time.
        """
        sitemap = site_dir / "sitemap.xml"
        if sitemap.is_file():
            dates = [version.published for version in self.content.published_versions()]
            stamp = calendar.timegm(max(dates).timetuple()) if dates else 0
            with open(site_dir / "sitemap.xml.gz", "wb") as raw:
                with gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=stamp) as compressed:
                    compressed.write(sitemap.read_bytes())

    def on_serve(self, server, *, config, builder):
        # content/ is outside docs_dir: without this, `mkdocs serve` would not see an edit.
        if self.config.enabled:
            server.watch(str(self.content_dir))
        return server

    def on_template_context(self, context, *, template_name, config):
        # MkDocs renders sitemap.xml as a theme template: this is how the alternates reach it.
        if self.config.enabled and template_name == "sitemap.xml":
            context["commhub_sitemap"] = sitemap_entries(self.plan, config.site_url or "")
        return context


def shared_rendering(planned) -> tuple[Path, int]:
    """Pages showing the same Markdown at the same URL depth render to the same HTML."""
    return planned.source, planned.url.count("/")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
