"""Plan the published site from the content model: which pages exist, where, in which language.

Independent of MkDocs: the plugin turns this plan into MkDocs files, and any
other engine could do the same. URLs here are site-relative directory paths
such as `km/products/quyen-tre-em/`; the default language lives at the root.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from commhub.content.model import PRODUCT_TYPES, Content, Product, Version
from commhub.site.identity import SiteIdentity, site_identity
from commhub.site.page_kinds import KINDS, PageKind

PER_PAGE = 20
HOME_LATEST = 6  # products listed on a generated home page
HOME_FEATURED = 6  # featured products (`featured: true`) a home page shows, newest first
# The types a home page leads to by name: what readers come for without a computer at hand (videos,
# radio programmes, things to print).
ENTRY_TYPES = ("video", "audio", "leaflet", "poster", "handbook")


@dataclass
class SitePage:
    src_uri: str  # the page's path in the engine's virtual docs tree
    url: str  # site-relative directory URL, '' for the default language's home
    lang: str  # the reader's language: interface, <html lang>
    kind: str  # a name of site/page_kinds.py's KINDS
    content_lang: str  # language of the main text
    source: Path | None = None  # file whose Markdown is the page body
    data: dict = field(default_factory=dict)

    @property
    def dest_uri(self) -> str:
        return f"{self.url}index.html"

    @property
    def page_kind(self) -> PageKind:
        return KINDS[self.kind]

    @property
    def is_fallback(self) -> bool:
        return KINDS[self.kind].fallback


@dataclass
class ListingEntry:
    title: str
    summary: str
    url: str
    published: str
    type: str
    slug: str


class SitePlan:
    """Every page of the site, plus per-language indexes the templates need."""

    def __init__(self, content: Content, docs: dict[str, dict[str, Path]] | None = None, progress: bool = False,
                 site_name: str = "", site_description: str = ""):
        self.content = content
        # mkdocs.yml's, naming the site when the hub has no content/hub.yml (see `identity`).
        self.site_name, self.site_description = site_name, site_description
        self._identities: dict[str, SiteIdentity] = {}
        self.progress = progress  # a "targets and progress" page per language (content/plans/, content/targets.yml)
        self.codes = [language.code for language in content.languages]
        self.default = content.default_language.code
        self.pages: dict[str, SitePage] = {}  # by src_uri
        self.product_pages: dict[str, dict[str, SitePage]] = defaultdict(dict)  # slug -> lang -> page
        self.doc_pages: dict[str, dict[str, SitePage]] = defaultdict(dict)  # doc name -> lang -> page
        self.listings: dict[str, list[ListingEntry]] = {}  # lang -> entries, newest first
        self._facets: dict[str, dict] = {}
        self._plan_products()
        self._plan_docs(docs or {})
        self._plan_catalogues()
        self._plan_homes()

    def fallbacks(self, lang: str) -> tuple[str, ...]:
        """Languages to try after `lang` for a text: its declared UI fallback, then the default."""
        return tuple(filter(None, (self.content.language(lang).ui_fallback, self.default)))

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default else f"{lang}/"

    def identity(self, lang: str) -> SiteIdentity:
        """What the site calls itself in `lang` (site/identity.py)."""
        if lang not in self._identities:
            self._identities[lang] = site_identity(self.content, lang, self.fallbacks(lang), self.site_name,
                                                   self.site_description)
        return self._identities[lang]

    def _add(self, page: SitePage) -> SitePage:
        self.pages[page.src_uri] = page
        return page

    # --- products ------------------------------------------------------------------------------

    def _plan_products(self) -> None:
        for slug in sorted(self.content.products):
            product = self.content.products[slug]
            versions = {version.lang: version for version in product.published_versions()}
            shown = versions.get(product.original_language) or next(iter(versions.values()), None)
            if shown is None:
                continue  # a draft product, or one whose every version is a draft
            for lang in self.codes:
                version = versions.get(lang)
                page = SitePage(
                    src_uri=f"products/{slug}/index.{lang}.md",
                    url=f"{self.prefix(lang)}products/{slug}/",
                    lang=lang,
                    kind="product" if version else "fallback",
                    content_lang=(version or shown).lang,
                    source=(version or shown).path,
                    data={"product": product, "version": version or shown},
                )
                self.product_pages[slug][lang] = self._add(page)

    # --- the site's own pages from docs/ -----------------------------------------------------------

    def _plan_docs(self, docs: dict[str, dict[str, Path]]) -> None:
        """`docs` maps a page name (`index`, `about`) to its files by language. A language without its
        own home page (`index.<lang>.md`) gets a generated one (`_plan_homes`), not another's."""
        for name in sorted(docs):
            files = docs[name]
            shown_lang = self.default if self.default in files else sorted(files)[0]
            for lang in self.codes:
                real = lang in files
                if name == "index" and not real:
                    continue
                stem = "" if name == "index" else f"{name}/"
                suffix = "" if lang == self.default else f".{lang}"
                page = SitePage(
                    src_uri=f"{name}{suffix}.md",
                    url=f"{self.prefix(lang)}{stem}",
                    lang=lang,
                    kind="doc" if real else "doc_fallback",
                    content_lang=lang if real else shown_lang,
                    source=files[lang if real else shown_lang],
                    data={"name": name},
                )
                self.doc_pages[name][lang] = self._add(page)

    # --- catalogues ----------------------------------------------------------------------------------

    def _plan_catalogues(self) -> None:
        for lang in self.codes:
            entries = [
                self._entry(page)
                for slug in sorted(self.product_pages)
                if (page := self.product_pages[slug][lang]).page_kind.version
            ]
            entries.sort(key=lambda entry: (entry.published, entry.slug), reverse=True)
            self.listings[lang] = entries
            prefix = self.prefix(lang)
            self._paginate(lang, entries, f"{prefix}catalogue/", {"facet": None})
            for product_type in PRODUCT_TYPES:
                subset = [entry for entry in entries if entry.type == product_type]
                if subset:
                    self._paginate(lang, subset, f"{prefix}catalogue/type/{product_type}/",
                                   {"facet": "type", "value": product_type})
            for year in sorted({entry.published[:4] for entry in entries}, reverse=True):
                subset = [entry for entry in entries if entry.published.startswith(year)]
                self._paginate(lang, subset, f"{prefix}catalogue/year/{year}/", {"facet": "year", "value": year})
            topic_counts = {}
            for topic in self.content.topics:
                subset = [entry for entry in entries if topic in self.content.products[entry.slug].topics]
                topic_counts[topic] = len(subset)
                if subset:
                    self._paginate(lang, subset, f"{prefix}topics/{topic}/", {"facet": "topic", "value": topic})
            self._add(SitePage(
                src_uri=f"{prefix}topics/index.md", url=f"{prefix}topics/", lang=lang, kind="topics",
                content_lang=lang, data={"counts": topic_counts},
            ))
            self._add(SitePage(src_uri=f"{prefix}search/index.md", url=f"{prefix}search/", lang=lang,
                               kind="search", content_lang=lang))
            if self.progress:
                self._add(SitePage(src_uri=f"{prefix}progress/index.md", url=f"{prefix}progress/", lang=lang,
                                   kind="progress", content_lang=lang))

    def _entry(self, page: SitePage) -> ListingEntry:
        version: Version = page.data["version"]
        product: Product = page.data["product"]
        return ListingEntry(version.title, version.summary, page.url, version.published.isoformat(),
                            product.type, product.slug)

    def _paginate(self, lang: str, entries: list[ListingEntry], base_url: str, facet: dict) -> None:
        pages = max(1, math.ceil(len(entries) / PER_PAGE))
        for number in range(1, pages + 1):
            url = base_url if number == 1 else f"{base_url}page/{number}/"
            self._add(SitePage(
                src_uri=f"{url}index.md", url=url, lang=lang, kind="catalogue", content_lang=lang,
                data={
                    **facet,
                    "entries": entries[(number - 1) * PER_PAGE: number * PER_PAGE],
                    "total": len(entries),
                    "page": number,
                    "pages": pages,
                    "base_url": base_url,
                },
            ))

    # --- generated home pages ------------------------------------------------------------------------

    def _plan_homes(self) -> None:
        """Every language has a home page: the hand-written one of docs/ if there is one, else one
        made from the plan (the site's name, its latest products, its catalogues)."""
        homes = self.doc_pages["index"]
        for lang in self.codes:
            if lang in homes:
                continue
            suffix = "" if lang == self.default else f".{lang}"
            homes[lang] = self._add(SitePage(
                src_uri=f"index{suffix}.md", url=self.prefix(lang), lang=lang, kind="home", content_lang=lang,
                data={"name": "index", "entries": self.listings[lang][:HOME_LATEST]},
            ))

    # --- what templates ask about a page -------------------------------------------------------------

    def facets(self, lang: str) -> dict[str, list[tuple[str, str, int]]]:
        """(value, url, count) per facet for the language's catalogue sidebar."""
        if lang not in self._facets:
            self._facets[lang] = self._count_facets(lang)
        return self._facets[lang]

    def _count_facets(self, lang: str) -> dict[str, list[tuple[str, str, int]]]:
        entries = self.listings[lang]
        prefix = self.prefix(lang)
        by_type = [(t, f"{prefix}catalogue/type/{t}/", sum(e.type == t for e in entries)) for t in PRODUCT_TYPES]
        years = sorted({entry.published[:4] for entry in entries}, reverse=True)
        by_year = [(y, f"{prefix}catalogue/year/{y}/", sum(e.published.startswith(y) for e in entries)) for y in years]
        by_topic = []
        for topic in self.content.topics:
            count = sum(topic in self.content.products[e.slug].topics for e in entries)
            by_topic.append((topic, f"{prefix}topics/{topic}/", count))
        return {
            "type": [item for item in by_type if item[2]],
            "year": by_year,
            "topic": [item for item in by_topic if item[2]],
        }

    def alternates(self, page: SitePage) -> list[SitePage]:
        """The same page in every language (real or fallback), in declared order."""
        group = page.page_kind.group
        if group == "product":
            return [self.product_pages[page.data["product"].slug][lang] for lang in self.codes]
        if group == "doc":
            return [self.doc_pages[page.data["name"]][lang] for lang in self.codes]
        # catalogue and topic pages exist in every language under the same path
        tail = page.url[len(self.prefix(page.lang)):]
        result = []
        for lang in self.codes:
            other = self.pages.get(f"{self.prefix(lang)}{tail}index.md")
            if other is not None:
                result.append(other)
        return result

    def menu(self, lang: str) -> list[tuple[str, str]]:
        """The language's main menu: (name, url) of the site's own pages that exist in it."""
        prefix = self.prefix(lang)
        items = []
        for name, url in (("home", prefix), ("catalogue", f"{prefix}catalogue/"), ("topics", f"{prefix}topics/"),
                          ("progress", f"{prefix}progress/"), ("about", f"{prefix}about/"),
                          ("reading", f"{prefix}reading/")):
            if name in ("catalogue", "topics", "progress"):
                if f"{url}index.md" in self.pages:
                    items.append((name, url))
            elif lang in self.doc_pages.get("index" if name == "home" else name, {}):
                items.append((name, url))
        return items

    def home(self, lang: str) -> SitePage | None:
        return self.doc_pages.get("index", {}).get(lang)

    def featured(self, lang: str) -> list[ListingEntry]:
        """The language's featured products (its own versions of them), newest first."""
        return [entry for entry in self.listings[lang] if self.content.products[entry.slug].featured][:HOME_FEATURED]

    def entry_points(self, lang: str) -> list[tuple[str, str, int]]:
        """(type, catalogue url, count) of ENTRY_TYPES the language has products of."""
        counts = {value: (url, count) for value, url, count in self.facets(lang)["type"]}
        return [(value, *counts[value]) for value in ENTRY_TYPES if value in counts]
