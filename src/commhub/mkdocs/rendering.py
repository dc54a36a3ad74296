"""Rendering commhub's pages in one build: each planned page through MkDocs's own page steps
(every plugin's page events, the theme's templates), or as the page cache kept it.

MkDocs renders one page after another. commhub takes its pages out of MkDocs's loop (the
plugin's on_files) and renders them here instead: pages found in the page cache are written as
they were, the others go through `_build_page`, spread over forked processes (site/workers.py)
when the site is large. Pages of another part's languages (`commhub build --languages`) are not
rendered at all. The plugin's page events hand each of commhub's pages to this object.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

# MkDocs's own page step (template context, theme template, post_page events, writing), private:
# commhub calls it for its pages, in forked processes, which is what makes a cold build of
# N = 1,000 take 20.9 s with 2 processes instead of 34.1 s with one (BENCHMARKS.md). Pinned with
# MkDocs (pyproject.toml) and by tests/test_upstream_private_apis.py.
from mkdocs.commands.build import _build_page

from commhub.cache.pages import CachedPage, PageCache, fingerprint, product_fingerprint
from commhub.checks.bodies import body_from_line
from commhub.checks.text import _read_in_product
from commhub.content.docpages import read_doc
from commhub.content.problems import Problem
from commhub.content.yamlio import YamlError
from commhub.i18n.messages import Messages
from commhub.markup.render import BodyRenderer
from commhub.markup.sanitise import removed, sanitise
from commhub.markup.video_links import VideoCardExtension
from commhub.mkdocs.pages import ShareResult, html_to_text, page_groups, populate_page, shared_rendering, titles_from_published
from commhub.outputs.feeds import feed_link
from commhub.outputs.image_sizes import sized_body
from commhub.outputs.jsonld import product_jsonld
from commhub.outputs.search import SearchDoc, WordSplitter
from commhub.site.plan import SitePage, SitePlan
from commhub.site.views import PageView, Views
from commhub.site.workers import ChildFailed, ForkedRun, available_cores

log = get_plugin_logger(__name__)

# Below this many pages to render, forking processes costs more than a second core gives back.
PARALLEL_FROM = 200
# The images a sanitised body shows (its serialiser quotes every attribute with ").
_IMAGE_SOURCES = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"')
# Ids of a transcript's headings and the links to them, made apart from the body's (`transcript-…`).
_TRANSCRIPT_IDS = re.compile(r'(\sid="|\shref="#)(?=[^"])')


class PageRenderer:
    """One build's rendering of the planned pages (a new one for each `mkdocs serve` rebuild)."""

    def __init__(self, *, plan: SitePlan, views: Views, navs: dict, cache: PageCache, video_cards: VideoCardExtension,
                 global_key: str, written: dict[str, str], dirty: bool, build_languages: list[str], jobs: int,
                 messages_language: str, demo_notice: bool, base_dir: Path, config, env, files: Files):
        self.plan, self.views, self.navs, self.cache, self.video_cards = plan, views, navs, cache, video_cards
        self.global_key = global_key
        self.written = written  # dest_uri -> fingerprint of the page the site folder holds (serve --dirty)
        self.dirty, self.build_languages, self.requested_jobs = dirty, build_languages, jobs
        self.messages_language, self.demo_notice, self.base_dir = messages_language, demo_notice, base_dir
        self.config, self.env, self.files = config, env, files
        self.transcript_renderer: BodyRenderer | None = None  # made when a page has a transcript
        self.page_views: dict[str, PageView] = {}
        self.keys: dict[str, str] = {}  # src_uri -> fingerprint, when the cache is on
        self.forked: ForkedRun | None = None
        self.own_share: list | None = None
        self.shares: list[ShareResult] | None = None

    def start(self) -> None:
        """Render the pages (all of them, or start the processes that do, see `finish`)."""
        self.cache.start_build()
        pages = [page for page in self.plan.pages.values() if page.lang in self.build_languages]
        if self.cache.active:
            self.keys = {page.src_uri: self.page_key(page) for page in pages}
            found = self.cache.present(set(self.keys.values()))
            to_render = sum(1 for page in pages if self.keys[page.src_uri] not in found)
        else:
            to_render = len(pages)
        groups = page_groups(pages)
        jobs = self.jobs(to_render)
        log.debug(f"pages: {to_render} to render in {jobs} process(es)")
        if jobs > 1:
            self.cache.close()  # each process opens its own connection to the cache file
            shares = [groups[index::jobs] for index in range(jobs)]
            # The build's own process renders the first share once MkDocs's own work is done (in
            # `finish`): one process fewer holding its copy of the shared memory.
            self.forked = ForkedRun(self.render_share, shares[1:])
            self.own_share = shares[0]
        else:
            self.shares = [self.render_share(groups)]

    def finish(self) -> list[ShareResult]:
        """What every share gave, once all are rendered (the build's own share now, if forked)."""
        if self.forked is not None:
            try:
                own = self.render_share(self.own_share)
                self.shares = [own, *self.forked.results()]
            except ChildFailed as failure:
                raise PluginError(Messages(self.messages_language)(
                    "problem.build_child_failed", failures=str(failure).replace("\n", "; "))) from None
            finally:
                self.stop()
        return self.shares

    def stop(self) -> None:
        if self.forked is not None:
            self.forked.terminate()
            self.forked = self.own_share = None

    def jobs(self, to_render: int) -> int:
        """Processes rendering pages: the plugin's `jobs` (`commhub build --jobs` sets it), else (0)
        one per core when enough pages need rendering to repay starting them."""
        requested = self.requested_jobs
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
        config = self.config
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
        signature = self.plan.content.signatures.get(product.slug) if product is not None else None
        if signature is not None:
            return product_fingerprint(self.global_key, planned.src_uri, signature)
        view = self.page_views[planned.src_uri] = self.page_view(planned)
        return fingerprint(self.global_key, planned.src_uri, view, planned.source)

    def page_view(self, planned: SitePage) -> PageView:
        view = self.views.view(planned)
        # Already safe inside <script> (outputs/jsonld.py writes <, > and & as \u escapes): printed as is.
        view.jsonld = Markup(product_jsonld(self.plan, planned, self.config.site_url or ""))
        view.feed = feed_link(self.plan, planned.lang, view.t)
        if view.product is not None and view.product["transcript_file"]:
            view.product["transcript"] = self.transcript(planned, view.product["transcript_file"])
        return view

    def transcript(self, planned: SitePage, file: str) -> Markup:
        """A version's transcript as published: rendered and sanitised as bodies are (`commhub check` judged
        it so), its heading ids apart from the body's."""
        if self.transcript_renderer is None:
            self.transcript_renderer = BodyRenderer()
        read = _read_in_product(file)
        if read is None:
            raise PluginError(f"{file}: the file could not be read again")
        renderer = self.transcript_renderer
        renderer.video_cards.set_language(planned.content_lang, self.plan.fallbacks(planned.content_lang))
        html = self.published_body(planned, renderer.render(read[1]))
        return Markup(_TRANSCRIPT_IDS.sub(r"\1transcript-", str(html)))

    def read_source(self, planned: SitePage) -> str | None:
        """A page's Markdown without its front matter: commhub has read that already (docs/ pages:
        with commhub's YAML loader, see content/docpages.py; MkDocs's own would expand YAML aliases)."""
        if planned.source is None:
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

    def page_markdown(self, planned: SitePage, page: Page, markdown: str) -> str:
        src_uri = planned.src_uri
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

    def page_content(self, planned: SitePage, page: Page, html: str) -> str:
        """Reuse shared renderings; keep the text of every real language version for the search index."""
        src_uri = planned.src_uri
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
            self.show_media_once(planned, html)
            html = self.sized_images(planned, html)
            if planned.page_kind.version and planned.data["product"].type == "qa":
                # A Q&A's structured data lists the questions its body asks (outputs/jsonld.py).
                self.page_views[src_uri].jsonld = Markup(product_jsonld(self.plan, planned, self.config.site_url or "",
                                                                        str(html)))
        if planned.page_kind.indexed:
            view = self.page_views.get(src_uri)
            transcript = view.product.get("transcript") if view is not None and view.product else None
            text = html_to_text(f"{html}\n{transcript}" if transcript else html)  # a transcript is searchable
            self.page_search[src_uri] = self.search_doc(planned, page, text)
        return html

    def sized_images(self, planned: SitePage, html: str) -> Markup:
        """The body's images with their sizes; lazy, but the first when the media show no image above."""
        if "<img" not in html:
            return html
        product = planned.data.get("product") if planned.page_kind.group == "product" else None
        if product is None:  # a page of docs/
            return Markup(sized_body(str(html), self.config.docs_dir, True, posixpath.dirname(planned.dest_uri) + "/"))
        view = self.page_views.get(planned.src_uri)
        media = view.product.get("media") if view is not None and view.product else []
        above = any(item["kind"] == "image" for item in media)
        return Markup(sized_body(str(html), product.directory, first_eager=not above,
                                 page_dir=posixpath.dirname(planned.dest_uri) + "/",
                                 site_folder=f"products/{product.slug}/"))

    def show_media_once(self, planned: SitePage, html: str) -> None:
        """An image of the product's media that the body shows already is not shown again above it."""
        view = self.page_views.get(planned.src_uri)
        media = view.product.get("media") if view is not None and view.product else None
        if media:
            # The body's images of the product's own folder, however MkDocs wrote their address from
            # this page (`anh.png`; `../../../products/x/anh.png` on km/products/x/).
            here, own = posixpath.dirname(planned.dest_uri), f"products/{planned.data['product'].slug}/"
            resolved = (posixpath.normpath(posixpath.join(here, src)) for src in _IMAGE_SOURCES.findall(html)
                        if ":" not in src and not src.startswith("/"))
            shown = {path[len(own):] for path in resolved if path.startswith(own) and "/" not in path[len(own):]}
            view.product["media"] = [item for item in media if not (item["kind"] == "image" and item["file"] in shown)]

    def published_body(self, planned, html: str) -> Markup:
        """The rendered body as published: sanitised (markup/sanitise.py), whatever the check said.

        `commhub check` refuses whatever the sanitiser would remove, so this removes nothing from
        checked content; if it ever does, the build says so (a warning: `--strict` fails).
        Marked safe for the templates, which escape every other value.
        """
        cleaned = sanitise(html)
        if removed(html, cleaned=cleaned):
            messages = Messages(self.messages_language)
            log.warning(Problem(planned.source, 0, "html_removed_at_build", {}).render(messages, self.base_dir))
        return Markup(cleaned)

    def search_doc(self, planned, page, text: str) -> SearchDoc:
        messages = self.views.messages[planned.lang]
        if planned.page_kind.version:
            version = planned.data["version"]
            label = messages(f"ui.type.{planned.data['product'].type}")
            return SearchDoc(planned.lang, planned.url, version.title, version.summary, text, label)
        return SearchDoc(planned.lang, planned.url, page.title or "", "", text, messages("ui.search.page_label"))

    def page_context(self, planned: SitePage, context: dict) -> dict:
        src_uri = planned.src_uri
        language_nav = self.navs[planned.lang]
        for item in language_nav.items:
            item.active = item.url == planned.url
        context["nav"] = language_nav
        context["commhub"] = self.page_views[src_uri]
        context["commhub_demo"] = self.demo_notice
        return context

    def post_page(self, planned: SitePage, output: str) -> str:
        doc = self.page_search.pop(planned.src_uri, None)
        terms = self.splitter.terms(doc) if doc is not None else None
        if doc is not None:
            self.share.search.append((doc, terms))
        key = self.keys.get(planned.src_uri)
        if key is not None:
            self.cache.put(planned.lang, key, CachedPage(output, dataclasses.asdict(doc) if doc else None, terms))
        return output
