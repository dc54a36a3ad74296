"""The thin MkDocs side of commhub: turn the site plan into MkDocs files and template context.

All rules live in content/loader.py (loading, problems), site/plan.py (which pages exist)
and site/views.py (what each page shows). This module only speaks MkDocs.

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
import gzip
import hashlib
import logging
from importlib.metadata import version as package_version
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

# MkDocs's own page step (template context, theme template, post_page events, writing), private:
# commhub calls it for its pages from on_env, in forked processes, which is what makes a cold build
# of N = 1,000 take 20.9 s with 2 processes instead of 34.1 s with one (BENCHMARKS.md). Pinned with
# MkDocs (pyproject.toml) and by tests/test_upstream_private_apis.py.
from mkdocs.commands.build import _build_page

from commhub import PACKAGE_DIR, THEME_DIR
from commhub.checks.checker import check_content
from commhub.checks.bodies import body_from_line
from commhub.site.csp import policy, script_hashes
from commhub.mkdocs.docs_files import collect_docs, drop_docs_files
from commhub.site.options import OPTIONS, Option
from commhub.content.docpages import read_doc
from commhub.markup.video_links import VideoCardExtension
from commhub.markup.render import EXTENSIONS, foreign_extensions, markdown_extensions
from commhub.markup.sanitise import removed, sanitise
from commhub.content.targets import load_targets
from commhub.cache.pages import CachedPage, PageCache, fingerprint, hash_files, product_fingerprint
from commhub.outputs.feeds import feed_link, write_feeds
from commhub.outputs.jsonld import product_jsonld
from commhub.outputs.opendata import write_opendata
from commhub.outputs.sitemap import sitemap_entries, sitemap_urls
from commhub.outputs.search import SearchDoc, WordSplitter, write_index
from commhub.i18n.messages import Messages
from commhub.content.problems import Problem, sort_key
from commhub.site.plan import SitePage, SitePlan
from commhub.site.views import PageView, Views
from commhub.site.workers import ChildFailed, ForkedRun, available_cores
from commhub.content.yamlio import YamlError
from commhub.mkdocs.serve import MemoryBytecodeCache, watch_with_inotify
from commhub.mkdocs.pages import ShareResult, html_to_text, page_groups, populate_page, shared_rendering, titles_from_published

log = get_plugin_logger(__name__)
mkdocs_version = package_version("mkdocs")
material_version = package_version("mkdocs-material")

# Below this many pages to render, forking processes costs more than a second core gives back.
PARALLEL_FROM = 200

# Content warnings that do not stop a strict build: `commhub check` shows them and exits 0, so the
# build agrees and mentions them at info level (readers see the effect of some on the site: a
# notice on an outdated translation, interface text in the fallback language). A warning about the
# machine (the cache key) stays a warning.
CONTENT_NOTES = {"translation_outdated", "locale_untranslated", "language_code_private", "file_not_listed"}

def _mkdocs_option(option: Option):
    if option.kind is list:
        return c.ListOfItems(c.Type(str), default=list(option.default))
    if option.choices:
        return c.Choice(option.choices, default=option.default)
    return c.Type(option.kind, default=option.default)


# The plugin's options in mkdocs.yml, from their one declaration (site/options.py), which
# `commhub check` validates mkdocs.yml against.
CommhubConfig = type("CommhubConfig", (Config,), {option.name: _mkdocs_option(option) for option in OPTIONS})


class NavLink(Link):
    """A navigation link that Material can highlight as the current page."""

    active = False


class CommhubPlugin(BasePlugin[CommhubConfig]):
    # Set by on_startup, which MkDocs calls for its own commands (not when a build is run from Python).
    cache = None
    serving = False
    dirty = False
    written: dict[str, str] = {}  # replaced, never changed in place
    index_written: dict[str, str] = {}  # language -> digest of the search index in the site folder
    index_sizes: dict[str, int] = {}
    template_cache = None

    def on_startup(self, *, command, dirty) -> None:
        # Defining on_startup keeps this plugin alive across `mkdocs serve` rebuilds,
        # so the in-memory page cache makes a rebuild render only what changed.
        self.cache = None
        self.serving = command == "serve"
        self.dirty = dirty
        self.written: dict[str, str] = {}  # dest_uri -> fingerprint of the page the site folder holds
        self.template_cache = MemoryBytecodeCache()
        if dirty:
            # commhub renders (or takes from its cache) every page of every build, and its search
            # index, feeds and open data always cover the whole site: MkDocs's warning about
            # dirty builds does not apply to them.
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: not record.getMessage().startswith("A 'dirty' build is being performed"))

    def on_config(self, config):
        if not self.config.enabled:
            return config
        self.base_dir = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (self.base_dir / self.config.content_dir).resolve()
        # The same checks as `commhub check`: what it refuses can never be published.
        cache_dir = (self.base_dir / self.config.cache_dir) if self.config.cache_dir else None
        content, problems = check_content(self.content_dir, cache_dir=cache_dir, hub_dir=self.base_dir,
                                          docs_dir=Path(config.docs_dir))
        if not content.cache_key:
            cache_dir = None  # the folder may not be used (the problems say why), or content is broken
        self.report_problems(problems.errors + problems.warnings)  # targets.yml's included
        if content.hub is not None:
            # Pages outside commhub's plan (404) are named as the default language's pages are.
            config.site_name = content.hub.texts["name"][content.default_language.code]
        targets_file = self.content_dir / "targets.yml"
        self.targets = load_targets(targets_file, content)[0] if targets_file.is_file() else None
        self.content = content
        self.use_theme(config)
        self.theme_dirs = [Path(directory) for directory in config.theme.dirs]
        self.ui_languages = {language.code: self.ui_language(language) for language in content.languages}
        # Material includes its language selector only when `extra.alternate` is truthy and
        # writes <link hreflang> for it when it is iterable: a plain True shows our per-page
        # selector (theme/partials/alternate.html) while main.html writes the hreflang links.
        config.extra["alternate"] = True
        # One rendering path (markup/render.py): every page is rendered with commhub's Markdown extensions
        # and settings, the ones `commhub check` renders with. External videos: a paragraph that is
        # only a link to an allowed platform becomes a card.
        foreign = foreign_extensions(config.markdown_extensions, config.mdx_configs)
        if foreign:
            self.report_problems([Problem(Path(config.config_file_path or "mkdocs.yml"), 0,
                                          "markdown_extensions_foreign",
                                          {"names": ", ".join(foreign), "allowed": ", ".join(EXTENSIONS)})])
        self.video_cards = VideoCardExtension()
        self.video_cards.locales = content.locales
        config.markdown_extensions = [*markdown_extensions(), self.video_cards]
        config.mdx_configs = {}
        # `commhub build --languages km,zh` builds one part of a site (see cli/build.py).
        only = self.config.languages
        codes = [language.code for language in content.languages]
        self.build_languages = [code for code in codes if code in only] if only else codes
        if self.cache is None or self.cache.directory != cache_dir:
            self.cache = PageCache(cache_dir, in_memory=self.serving)
        return config

    def use_theme(self, config) -> None:
        """Put commhub's theme (package data: templates, styles, scripts, fonts, UI partials) in front
        of Material's and behind the hub's own `custom_dir`: the hub overrides commhub, commhub
        overrides Material. A hub's mkdocs.yml then needs only `theme: material` and the plugin."""
        if config.theme.name != "material":
            self.report_problems([Problem(Path(config.config_file_path or "mkdocs.yml"), 0,
                                          "mkdocs_theme_not_material", {"value": str(config.theme.name)})])
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))

    def global_fingerprint(self, config) -> str:
        """Everything every page depends on (see cache/pages.py)."""
        digest = hash_files([
            PACKAGE_DIR,  # commhub's code, templates of its own and catalogues
            *([Path(config.theme.custom_dir)] if config.theme.custom_dir else []),
            Path(config.config_file_path),
            *[self.content_dir / f"{name}.yml"
              for name in ("languages", "channels", "units", "topics", "targets", "hub")],
            self.content_dir.parent / "locales",  # the hub's own interface strings
        ])
        digest.update(f"mkdocs {mkdocs_version} material {material_version}".encode())
        # Every page shows its language's menu; nothing else of the site plan reaches a product page.
        digest.update(repr([(code, self.plan.menu(code)) for code in self.plan.codes]).encode())
        digest.update(str(config.site_url).encode())
        return digest.hexdigest()

    def report_problems(self, problems) -> None:
        messages = Messages(self.config.messages_language)
        problems = sorted(problems, key=sort_key)
        errors = [problem for problem in problems if problem.severity == "error"]
        for problem in problems:
            if problem.severity == "warning":
                line = problem.render(messages, self.base_dir)
                if problem.code in CONTENT_NOTES:
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
        codes = [language.code for language in self.content.languages]
        drop_docs_files(files, Path(config.docs_dir), codes)
        docs, problems = collect_docs(files, codes, self.content.default_language.code)
        self.report_problems(problems)
        self.plan = SitePlan(self.content, docs, progress=self.targets is not None, site_name=config.site_name,
                             site_description=config.site_description or "")
        self.views = Views(self.plan, self.ui_languages, self.targets)
        self.global_key = self.global_fingerprint(config)
        for page in self.plan.pages.values():
            # commhub renders its pages itself (on_env): MkDocs knows them, so that links to
            # them resolve, but leaves them out of its own reading and writing.
            if page.source is not None:
                file = File.generated(config, page.src_uri, abs_src_path=str(page.source),
                                      inclusion=InclusionLevel.EXCLUDED)
            else:
                file = File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.EXCLUDED)
            file.dest_uri = page.dest_uri
            files.append(file)
        for slug in self.plan.product_pages:
            product = self.content.products[slug]
            for media in product.media:
                files.append(File.generated(config, f"products/{slug}/{media.file}",
                                            abs_src_path=str(product.folder / media.file)))
        if self.plan.default not in self.build_languages:
            # Static files (theme assets, media) are copied by the part with the default language.
            for file in files:
                if not file.is_documentation_page():
                    file.inclusion = InclusionLevel.EXCLUDED
        return files

    # --- navigation: one small menu per language ----------------------------------------------------

    def on_nav(self, nav: Navigation, *, config, files: Files) -> Navigation:
        if not self.config.enabled:
            return nav
        self.navs = {}
        for language in self.content.languages:
            lang = language.code
            t = self.views.messages[lang]
            language_nav = Navigation([NavLink(t(f"ui.nav.{name}"), url) for name, url in self.plan.menu(lang)], [])
            home = self.plan.home(lang)
            # Material only reads homepage.url (the logo's link); a link object also works when
            # the home page itself is not built by this run (another part's).
            language_nav.homepage = NavLink(t("ui.nav.home"), home.url if home is not None else self.plan.prefix(lang))
            self.navs[lang] = language_nav
        return self.navs[self.plan.default]

    # --- pages ------------------------------------------------------------------------------------------
    # MkDocs renders one page after another. commhub takes its pages out of MkDocs's loop (on_files)
    # and renders them here: pages found in the page cache are written as they were, the others go
    # through MkDocs's own page steps (every plugin's page events, the theme's templates), spread
    # over forked processes (site/workers.py) when the site is large. Pages of another part's languages
    # (`commhub build --languages`) are not rendered at all.

    def on_env(self, env, *, config, files: Files):
        if not self.config.enabled:
            return env
        self.env, self.files, self.mkdocs_config = env, files, config
        # Each build (and each `mkdocs serve` rebuild) makes a new environment: templates cannot
        # change under it, and Jinja would otherwise stat every template file for every page.
        env.auto_reload = False
        # Every value a template prints is escaped unless it is markup commhub made and marked safe
        # (a sanitised body, a chart, JSON-LD): Material's and commhub's templates alike.
        env.autoescape = True
        hashes = script_hashes(self.theme_dirs)
        env.globals.update(commhub_integrity=hashes, commhub_csp=policy(hashes))
        if self.serving:
            env.bytecode_cache = self.template_cache  # templates compiled once per `mkdocs serve`
        self.cache.start_build()
        pages = [page for page in self.plan.pages.values() if page.lang in self.build_languages]
        self.page_views: dict[str, PageView] = {}
        self.keys: dict[str, str] = {}  # src_uri -> fingerprint, when the cache is on
        if self.cache.active:
            self.keys = {page.src_uri: self.page_key(page) for page in pages}
            found = self.cache.present(set(self.keys.values()))
            to_render = sum(1 for page in pages if self.keys[page.src_uri] not in found)
        else:
            to_render = len(pages)
        groups = page_groups(pages)
        jobs = self.jobs(to_render)
        log.debug(f"pages: {to_render} to render in {jobs} process(es)")
        self.forked, self.own_share = None, None
        if jobs > 1:
            self.cache.close()  # each process opens its own connection to the cache file
            shares = [groups[index::jobs] for index in range(jobs)]
            # The build's own process renders the first share once MkDocs's own work is done (in
            # on_post_build): one process fewer holding its copy of the shared memory.
            self.forked = ForkedRun(self.render_share, shares[1:])
            self.own_share, self.shares = shares[0], None
        else:
            self.shares = [self.render_share(groups)]
        return env

    def jobs(self, to_render: int) -> int:
        """Processes rendering pages: the plugin's `jobs` (`commhub build --jobs` sets it), else (0)
        one per core when enough pages need rendering to repay starting them."""
        requested = self.config.jobs
        if requested:
            return requested
        return available_cores() if to_render >= PARALLEL_FROM else 1

    def render_share(self, groups: list[list[SitePage]]) -> ShareResult:
        """Write these pages into the site; in a forked process or in the build's own."""
        files = self.files
        self.share = ShareResult()
        self.splitter = WordSplitter()
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self.page_search: dict[str, SearchDoc] = {}
        self.doc_meta: dict[str, dict] = {}  # src_uri -> front matter of a docs/ page, as commhub read it
        self.rendered: dict[tuple[Path, int], tuple] = {}  # (source, URL depth) -> (html, toc, first h1)
        self.reused: dict[str, tuple[Path, int]] = {}  # src_uri -> key of the rendering it shows
        ours = [files.get_file_from_path(src_uri) for src_uri in self.plan.pages]
        # While commhub renders, its pages are ordinary pages: links between them are then checked
        # like any other, at the levels mkdocs.yml sets (MkDocs lowers them for excluded pages).
        for file in ours:
            file.inclusion = InclusionLevel.NOT_IN_NAV
        try:
            for group in groups:
                for planned in group:
                    self.render_page(planned)
                self.rendered.clear()
                self.reused.clear()
        finally:
            for file in ours:
                file.inclusion = InclusionLevel.EXCLUDED
        self.cache.flush()
        self.share.used, self.share.added = self.cache.used, self.cache.added
        return self.share

    def render_page(self, planned: SitePage) -> None:
        config = self.mkdocs_config
        src_uri = planned.src_uri
        key = self.keys.get(src_uri)
        if key is not None:
            cached = self.cache.get(planned.lang, key)
            if cached is not None:
                path = Path(config.site_dir) / planned.dest_uri
                # `mkdocs serve --dirty` keeps the site folder between rebuilds: leave what is there.
                if not (self.dirty and self.written.get(planned.dest_uri) == key and path.is_file()):
                    write_file(cached.html.encode("utf-8", errors="xmlcharrefreplace"), str(path))
                if cached.search is not None:
                    self.share.search.append((SearchDoc(**cached.search), cached.terms))
                self.share.written[planned.dest_uri] = key
                self.share.from_cache += 1
                return
        if src_uri not in self.page_views:
            self.page_views[src_uri] = self.page_view(planned)
        file = self.files.get_file_from_path(src_uri)
        page = Page(None, file, config)
        try:
            populate_page(page, config, self.files)
            _build_page(page, config, self.doc_files, self.navs[self.plan.default], self.env)
        except PluginError:
            raise
        except Exception as error:
            raise PluginError(f"{src_uri}: {type(error).__name__}: {error}") from error
        finally:
            # Keep no rendered page in memory: a large site has thousands.
            file.page = None
            self.page_views.pop(src_uri, None)
        if key is not None:
            self.share.written[planned.dest_uri] = key
        self.share.rendered += 1

    def page_key(self, planned: SitePage) -> str:
        """The page's fingerprint (cache/pages.py); a view computed for it is kept for rendering."""
        product = planned.data.get("product") if planned.page_kind.group == "product" else None
        signature = self.content.signatures.get(product.slug) if product is not None else None
        if signature is not None:
            return product_fingerprint(self.global_key, planned.src_uri, signature)
        view = self.page_views[planned.src_uri] = self.page_view(planned)
        return fingerprint(self.global_key, planned.src_uri, view, planned.source)

    def page_view(self, planned: SitePage) -> PageView:
        view = self.views.view(planned)
        # Already safe inside <script> (outputs/jsonld.py writes <, > and & as \u escapes): printed as is.
        view.jsonld = Markup(product_jsonld(self.plan, planned, self.mkdocs_config.site_url or ""))
        view.feed = feed_link(self.plan, planned.lang, view.t)
        return view

    def on_page_read_source(self, *, page, config):
        """A page's Markdown without its front matter: commhub has read that already (docs/ pages:
        with commhub's YAML loader, see content/docpages.py; MkDocs's own would expand YAML aliases)."""
        planned = self.plan.pages.get(page.file.src_uri) if self.config.enabled else None
        if planned is None or planned.source is None:
            return None
        if planned.page_kind.group == "doc":
            try:
                doc = read_doc(planned.source)
            except (OSError, UnicodeError, YamlError) as error:  # `commhub check` reports it first
                raise PluginError(f"{planned.source}: {error}") from None
            self.doc_meta[planned.src_uri] = doc.meta
            return "\n" * doc.first_line + doc.body  # the same lines as in the file
        body = body_from_line(planned.source, planned.data["version"].body_first_line)
        if body is None:
            raise PluginError(f"{planned.source}: the file could not be read again")
        # The leading newline keeps MkDocs from taking a first line such as "Note: …" for metadata.
        return "\n" + body[0]

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if not self.config.enabled:
            return markdown
        src_uri = page.file.src_uri
        planned = self.plan.pages.get(src_uri)
        if planned is None:
            return markdown
        view = self.page_views[src_uri]
        page.meta = {**self.doc_meta.pop(src_uri, {}), "template": planned.page_kind.template}
        # A video card belongs to the text, so it speaks the text's language: every language's
        # fallback page can then share one rendering of the original.
        self.video_cards.set_language(planned.content_lang, self.plan.fallbacks(planned.content_lang))
        if view.product is not None:
            page.meta["title"] = view.product["title"]
        elif view.listing is not None:
            page.meta["title"] = view.listing["title"]
        elif view.search is not None:
            page.meta["title"] = view.search["title"]
        elif view.report is not None:
            page.meta["title"] = view.report["title"]
        elif view.home is not None:
            page.meta["title"] = view.home["title"]
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
                html, page.toc, heading = self.rendered[shared]  # (the titles of that toc are plain already)
            else:
                html = self.published_body(planned, html)
                heading = titles_from_published(page, html)
                self.rendered[shared_rendering(planned)] = (html, page.toc, heading)
            if heading and not page.meta.get("title"):
                page.meta["title"] = heading
        if planned.page_kind.indexed:
            self.page_search[src_uri] = self.search_doc(planned, page, html_to_text(html))
        return html

    def published_body(self, planned, html: str) -> Markup:
        """The rendered body as published: sanitised (markup/sanitise.py), whatever the check said.

        `commhub check` refuses whatever the sanitiser would remove, so this removes nothing from
        checked content; if it ever does, the build says so (a warning: `--strict` fails).
        Marked safe for the templates, which escape every other value.
        """
        cleaned = sanitise(html)
        if removed(html, cleaned=cleaned):
            messages = Messages(self.config.messages_language)
            log.warning(Problem(planned.source, 0, "html_removed_at_build", {}).render(messages, self.base_dir))
        return Markup(cleaned)

    def search_doc(self, planned, page, text: str) -> SearchDoc:
        messages = self.views.messages[planned.lang]
        if planned.page_kind.version:
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
        planned = self.plan.pages.get(page.file.src_uri) if self.config.enabled else None
        if planned is None:
            return output
        doc = self.page_search.pop(planned.src_uri, None)
        terms = self.splitter.terms(doc) if doc is not None else None
        if doc is not None:
            self.share.search.append((doc, terms))
        key = self.keys.get(planned.src_uri)
        if key is not None:
            self.cache.put(planned.lang, key, CachedPage(output, dataclasses.asdict(doc) if doc else None, terms))
        return output

    def index_digests(self, entries, languages) -> dict[str, str | None]:
        """Per language, a digest of its index's pages and their fingerprints (None: no cache)."""
        if not self.keys:
            return {}
        key_of_url = {self.plan.pages[src_uri].url: key for src_uri, key in self.keys.items()}
        digests = {lang: hashlib.sha256() for lang in languages}
        for doc, _ in entries:
            digests[doc.lang].update(f"{doc.url}\0{key_of_url.get(doc.url)}\n".encode())
        return {lang: digest.hexdigest() for lang, digest in digests.items()}

    def on_build_error(self, *, error) -> None:
        if getattr(self, "forked", None) is not None:
            self.forked.terminate()
            self.forked = None

    def on_post_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        if self.forked is not None:
            try:
                own = self.render_share(self.own_share)
                self.shares = [own, *self.forked.results()]
            except ChildFailed as failure:
                raise PluginError(Messages(self.config.messages_language)(
                    "problem.build_child_failed", failures=str(failure).replace("\n", "; "))) from None
            finally:
                if self.forked is not None:
                    self.forked.terminate()  # (after results(), nothing is left to stop)
                self.forked = self.own_share = None
        entries, rendered, from_cache, written = [], 0, 0, {}
        for share in self.shares:
            self.cache.merge(share.used, share.added)
            entries.extend(share.search)
            rendered += share.rendered
            from_cache += share.from_cache
            written.update(share.written)
        if self.dirty:
            # Pages gone since the last build (a product deleted or made a draft) leave the site.
            for dest_uri in self.written.keys() - written.keys():
                (Path(config.site_dir) / dest_uri).unlink(missing_ok=True)
        self.written = written
        # Sorted: the index must not depend on the order pages were built in.
        entries.sort(key=lambda entry: (entry[0].lang, entry[0].url))
        languages = [code for code in self.plan.codes if code in self.build_languages]
        digests = self.index_digests(entries, languages)
        # Under `mkdocs serve --dirty`, a language whose pages are all as before keeps its index.
        unchanged = [lang for lang in languages if self.dirty and digests.get(lang) is not None
                     and self.index_written.get(lang) == digests[lang]
                     and (Path(config.site_dir) / "search" / lang / "docs.json").is_file()]
        changed = [lang for lang in languages if lang not in unchanged]
        sizes = write_index([entry for entry in entries if entry[0].lang in changed], Path(config.site_dir), changed)
        self.index_written = digests
        self.index_sizes = sizes = {lang: sizes.get(lang, self.index_sizes.get(lang, 0)) for lang in languages}
        log.info("search index: " + ", ".join(f"{lang} {size / 1024:.0f} KiB" for lang, size in sizes.items()))
        site_url = config.site_url or ""
        write_feeds(self.plan, config.site_dir, site_url, self.views.messages)
        write_opendata(self.plan, config.site_dir, site_url, self.views.messages, self.config.data_license or None)
        self.compress_sitemap(Path(config.site_dir))
        self.cache.prune(languages)
        skipped = sum(1 for page in self.plan.pages.values() if page.lang not in self.build_languages)
        log.info(f"pages: {rendered} rendered, {from_cache} from the cache, {skipped} left to other parts")

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
        if self.config.enabled:
            # content/ is outside docs_dir: without this, `mkdocs serve` would not see an edit.
            server.watch(str(self.content_dir))
            watch_with_inotify(server)
        return server

    def on_template_context(self, context, *, template_name, config):
        # MkDocs renders sitemap.xml as a theme template: this is how the alternates reach it.
        if self.config.enabled and template_name == "sitemap.xml":
            context["commhub_sitemap"] = sitemap_urls(sitemap_entries(self.plan, config.site_url or ""))
        return context


