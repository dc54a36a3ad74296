"""The thin MkDocs side of commhub: MkDocs's events, each handing its work to the layer that does it.

The rules live elsewhere: checks/ (what may be published, the same as `commhub check`),
site/plan.py (which pages exist), site/views.py (what each page shows), outputs/ (the files
beside the pages). Here: the configuration (site/options.py), commhub's theme in front of
Material's, the plan as MkDocs files (on_files, docs_files.py), one menu per language (on_nav),
the pages rendered by mkdocs/rendering.py (on_env and the page events), and the search index,
feeds, open data and sitemap after them (on_post_build).

commhub replaces mkdocs-static-i18n here, in one place: it builds every
language in ONE MkDocs run, each page carrying its own language, instead of
re-running the build once per language. That lifts three limits of
static-i18n 1.3 (see README, "Why not mkdocs-static-i18n"): 3-letter codes
such as `hmn` are refused, languages without a Material UI file crash the
build, and search entries are deduplicated in quadratic time.
"""

from __future__ import annotations

import logging
from importlib.metadata import version as package_version
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation

from commhub import PACKAGE_DIR, THEME_DIR
from commhub.checks.checker import check_content
from commhub.site.csp import policy, script_hashes
from commhub.mkdocs.docs_files import collect_docs, drop_docs_files
from commhub.site.options import OPTIONS, Option
from commhub.markup.video_links import VideoCardExtension
from commhub.markup.render import EXTENSIONS, foreign_extensions, markdown_extensions
from commhub.content.targets import PLANS_FOLDER, load_plans
from commhub.cache.pages import PageCache, hash_files
from commhub.outputs.bundle import write_bundles
from commhub.outputs.feeds import write_feeds
from commhub.outputs.podcast import cover_cards, write_podcasts
from commhub.outputs.opendata import write_opendata
from commhub.outputs.share_cards import CardCache, shaping_available
from commhub.outputs.social import write_share_cards
from commhub.outputs.pdfs import PdfCache, write_pdfs
from commhub.site.workers import available_cores
from commhub.outputs.sitemap import compress_sitemap, sitemap_entries, sitemap_urls
from commhub.outputs.search import index_digests, write_index
from commhub.i18n.messages import Messages
from commhub.content.problems import Problem, sort_key
from commhub.site.plan import SitePage, SitePlan
from commhub.site.views import Views
from commhub.mkdocs.material_markup import valid_toggles
from commhub.mkdocs.serve import MemoryBytecodeCache, watch_with_inotify
from commhub.mkdocs.rendering import PageRenderer

log = get_plugin_logger(__name__)
mkdocs_version = package_version("mkdocs")
material_version = package_version("mkdocs-material")

# Content warnings that do not stop a strict build: `commhub check` shows them and exits 0, so the
# build agrees and mentions them at info level (readers see the effect of some on the site: a
# notice on an outdated translation, interface text in the fallback language). A warning about the
# machine (the cache key) stays a warning.
CONTENT_NOTES = {"translation_outdated", "translation_source_unknown", "locale_untranslated", "language_code_private",
                 "file_not_listed", "transcript_missing", "captions_missing"}


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
    cards = None  # share cards rendered (CardCache), kept across `mkdocs serve` rebuilds
    pdfs = None  # printable PDFs rendered (PdfCache), the same

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
        self.report_problems(problems.errors + problems.warnings)  # the plans' included
        if self.config.require_site_url and not config.site_url:
            self.report_problems([Problem(Path(config.config_file_path or "mkdocs.yml"), 0, "site_url_missing", {})])
        if content.hub is not None:
            # Pages outside commhub's plan (404) are named as the default language's pages are.
            config.site_name = content.hub.texts["name"][content.default_language.code]
        self.plans = load_plans(self.content_dir, content)[0]  # their problems are among check_content's
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
            self.content_dir / PLANS_FOLDER,
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
        self.plan = SitePlan(self.content, docs, progress=bool(self.plans), site_name=config.site_name,
                             site_description=config.site_description or "")
        self.views = Views(self.plan, self.ui_languages, self.plans, config.site_url or "",
                           pdfs=self.config.printable_pdfs)
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
            for captions in product.captions.values():
                for name in captions.values():
                    files.append(File.generated(config, f"products/{slug}/{name}", abs_src_path=str(product.folder / name)))
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

    # --- pages: commhub renders its own (mkdocs/rendering.py); the page events hand them over ------

    def on_env(self, env, *, config, files: Files):
        if not self.config.enabled:
            return env
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
        self.renderer = PageRenderer(
            plan=self.plan, views=self.views, navs=self.navs, cache=self.cache, video_cards=self.video_cards,
            global_key=self.global_key, written=self.written, dirty=self.dirty, build_languages=self.build_languages,
            jobs=self.config.jobs, messages_language=self.config.messages_language,
            demo_notice=self.config.demo_notice, base_dir=self.base_dir, config=config, env=env, files=files)
        self.renderer.start()
        return env

    def planned(self, page) -> SitePage | None:
        """The planned page MkDocs is rendering, if it is one of commhub's."""
        return self.plan.pages.get(page.file.src_uri) if self.config.enabled else None

    def on_page_read_source(self, *, page, config):
        planned = self.planned(page)
        return self.renderer.read_source(planned) if planned is not None else None

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        planned = self.planned(page)
        return self.renderer.page_markdown(planned, page, markdown) if planned is not None else markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        planned = self.planned(page)
        return self.renderer.page_content(planned, page, html) if planned is not None else html

    def on_page_context(self, context, *, page, config, nav):
        planned = self.planned(page)
        return self.renderer.page_context(planned, context) if planned is not None else context

    def on_post_page(self, output: str, *, page, config) -> str:
        output = valid_toggles(output)
        planned = self.planned(page)
        return self.renderer.post_page(planned, output) if planned is not None else output

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        # 404.html is a theme template, not a page.
        return valid_toggles(output_content) if template_name.endswith(".html") else output_content

    def on_build_error(self, *, error) -> None:
        if getattr(self, "renderer", None) is not None:
            self.renderer.stop()

    def on_post_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        entries, rendered, from_cache, written = [], 0, 0, {}
        for share in self.renderer.finish():
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
        digests = index_digests(self.plan, self.renderer.keys, entries, languages)
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
        write_podcasts(self.plan, config.site_dir, site_url, self.views.messages, languages)
        write_opendata(self.plan, config.site_dir, site_url, self.views.messages, self.config.data_license or None)
        compress_sitemap(Path(config.site_dir), self.content)
        self.write_share_cards(config, languages)
        if self.config.printable_pdfs:
            self.write_pdfs(config, languages)
        if self.config.admin_repo and self.content.default_language.code in self.build_languages:
            self.write_admin(config)
        self.cache.prune(languages)
        # Last: the offline copies (outputs/bundle.py) hold the pages and files written above.
        offline_cache = (self.base_dir / self.config.cache_dir / "offline") if self.config.cache_dir else None
        write_bundles(self.plan, self.views.messages, Path(config.site_dir), config.site_url or "", self.config,
                      self.build_languages, log, offline_cache, self.written)
        skipped = sum(1 for page in self.plan.pages.values() if page.lang not in self.build_languages)
        log.info(f"pages: {rendered} rendered, {from_cache} from the cache, {skipped} left to other parts")

    def write_share_cards(self, config, languages) -> None:
        """The link previews' images (outputs/share_cards.py), kept by content hash across builds."""
        if not shaping_available():
            self.report_problems([Problem(Path(config.config_file_path or "mkdocs.yml"), 0, "share_cards_no_shaping",
                                          {})])
        if self.cards is None:
            cache_dir = (self.base_dir / self.config.cache_dir / "share-cards") if self.config.cache_dir else None
            self.cards = CardCache(cache_dir)
        before = self.cards.rendered
        jobs = self.config.jobs or available_cores()
        covers = cover_cards(self.plan, config.site_dir, config.site_url or "", self.views.messages, languages)
        count = write_share_cards(self.plan, self.views, Path(config.site_dir), self.cards, languages, jobs, covers)
        log.info(f"share cards: {count}, {self.cards.rendered - before} rendered")

    def write_pdfs(self, config, languages) -> None:
        """The printable PDFs of leaflets, posters and handbooks (outputs/pdfs.py), kept by content hash."""
        # In the page cache's folder, when that may be used (not tracked by git, the key readable: on_config);
        # MkDocs keeps this plugin across builds of one process, whose cache_dir may differ.
        cache_dir = (self.cache.directory / "pdfs") if self.cache.directory is not None else None
        if self.pdfs is None or self.pdfs.directory != cache_dir:
            self.pdfs = PdfCache(cache_dir)
        before = self.pdfs.rendered
        jobs = self.config.jobs or available_cores()
        count = write_pdfs(self.plan, self.views, Path(config.site_dir), self.pdfs, languages, jobs,
                           config.site_url or "")
        log.info(f"PDFs: {count}, {self.pdfs.rendered - before} rendered")
        if self.pdfs.notes:  # e.g. an image of another product's folder, which a PDF does not read
            log.info("PDFs: " + "; ".join(sorted(set(self.pdfs.notes))))
            self.pdfs.notes.clear()

    def write_admin(self, config) -> None:
        """The browser editor (commhub.admin) at /admin/, Sveltia CMS fetched and verified on first use."""
        from commhub.admin.config import AdminSettings
        from commhub.admin.page import write_admin
        from commhub.admin.vendor import VendorError, install

        settings = AdminSettings(self.config.admin_repo, self.config.admin_branch, self.config.admin_auth_url,
                                 config.site_url or "")
        problem = settings.problem()
        if problem is not None:
            self.report_problems([Problem(Path(config.config_file_path or "mkdocs.yml"), 0, *problem)])
        try:
            vendor = install()
        except VendorError as error:
            self.report_problems([Problem(Path(config.config_file_path or "mkdocs.yml"), 0, error.code,
                                          error.params)])
        default = self.content.default_language.code
        write_admin(Path(config.site_dir), self.content, settings, self.views.messages[default], vendor)
        log.info(f"browser editor: /admin/ (Sveltia CMS, saving to {settings.repo})")
        kept = sum(1 for product in self.content.products.values() if product.fields_file == "product.yml")
        if kept:
            # Not a warning: the site is right; only the editor cannot change those products' common fields.
            log.info(Messages(self.config.messages_language)("problem.admin.product_yml_kept", count=kept))

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
