"""What a template needs to show one page, computed from the site plan.

Kept apart from the MkDocs plugin so that the rules (which notice shows,
which languages a product exists in) are plain Python and easy to test.
Values are raw text: templates escape them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from markupsafe import Markup

from commhub.outputs.feeds import messages_by_language
from commhub.i18n.messages import Messages
from commhub.outputs.image_sizes import image_size
from commhub.outputs.pdfs import has_pdf, pdf_url
from commhub.outputs.media_info import mime_type
from commhub.outputs.podcast import podcast_languages, podcast_path, podcast_title
from commhub.outputs.qr import qr_svg
from commhub.outputs.social import card_url, og_locale
from commhub.site.urls import absolute
from commhub.content.model import Content, Product, Version
from commhub.report.site_view import progress, site_view
from commhub.site.identity import SiteIdentity
from commhub.site.plan import HOME_LATEST, SitePage, SitePlan


@dataclass
class Link:
    text: str
    url: str
    lang: str | None = None
    count: int | None = None
    current: bool = False


@dataclass
class PageView:
    lang: str
    ui_lang: str
    content_lang: str
    kind: str
    dir: str
    t: Messages
    language_links: list[Link]  # every language: the same page there (real or fallback)
    hreflang: list[tuple[str, str]]  # (code, url) of real versions, then ('x-default', url)
    site: SiteIdentity  # what the site calls itself in this page's language
    is_home: bool = False  # a language's home page, hand-written or generated: titled by the site's name
    notices: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    canonical: str | None = None  # for fallback pages: the page actually shown
    product: dict | None = None
    listing: dict | None = None
    search: dict | None = None
    report: dict | None = None
    home: dict | None = None  # a generated home page
    jsonld: str = ""  # product pages: schema.org JSON-LD, already safe to embed
    podcast: dict | None = None  # the audio catalogue: its language's podcast feed (url, text, title)
    home_sections: dict | None = None  # a home page: the products it shows (Views._home_sections)
    feed: dict | None = None  # the language's Atom feed: {url, title}
    social: dict | None = None  # the link preview's tags (outputs/social.py)
    search_url: str = "search/"

    @property
    def content_differs(self) -> bool:
        return self.content_lang != self.lang


class Views:
    def __init__(self, plan: SitePlan, ui_languages: dict[str, str], plans=(), site_url: str = "",
                 pdfs: bool = True):
        self.plan = plan
        self.site_url = site_url  # QR codes need the page's absolute address
        self.plans = list(plans)  # the checked plans (content.targets.TargetPlan), for the progress pages
        self.pdfs = pdfs  # the plugin option printable_pdfs: product pages link their PDF
        self._progress = None  # report.site_view.Progress, on the first progress page
        self.content: Content = plan.content
        self.ui_languages = ui_languages
        self.messages = messages_by_language(plan)
        self.podcasts = set(podcast_languages(plan, site_url))  # languages with a podcast feed

    def language_name(self, code: str) -> str:
        return self.content.language(code).name

    def view(self, page: SitePage) -> PageView:
        t = self.messages[page.lang]
        alternates = self.plan.alternates(page)
        links = [
            Link(self.language_name(other.lang), other.url, other.lang, current=other.lang == page.lang)
            for other in alternates
            if not other.is_fallback or other.lang == page.lang
        ]
        real = [other for other in alternates if not other.is_fallback]
        hreflang = [(other.lang, other.url) for other in real]
        if real:
            default = next((other for other in real if other.lang == self.plan.default), real[0])
            hreflang.append(("x-default", default.url))
        view = PageView(
            lang=page.lang, ui_lang=self.ui_languages[page.lang], content_lang=page.content_lang,
            kind=page.kind, dir="ltr", t=t, language_links=links, hreflang=hreflang,
            site=self.plan.identity(page.lang), is_home=page is self.plan.home(page.lang),
            search_url=f"{self.plan.prefix(page.lang)}search/",
        )
        kind = page.page_kind
        if kind.group == "product":
            self._product(page, view)
        elif kind.group == "doc" and kind.fallback:
            view.notices.append(("fallback", t("ui.notice.fallback_page", language=self.language_name(page.lang),
                                              original=self.language_name(page.content_lang))))
            view.canonical = self.plan.doc_pages[page.data["name"]][page.content_lang].url
        elif kind.group == "listing":
            self._listing(page, view)
        elif kind.group == "search":
            view.search = self._search(page, t)
        elif kind.group == "progress":
            if self._progress is None:  # the figures are the same in every language: counted once
                self._progress = progress(self.content, self.plans)
            pages = self.plan.product_pages
            view.report = site_view(self.content, self._progress, page.lang, t,
                                    lambda counted: pages[counted.product.slug][counted.version.lang].url)
        elif kind.name == "home":
            view.home = {"title": view.site.name}
        if view.is_home:
            # Every home page, generated or hand-written (below its text): featured, by type, latest.
            view.home_sections = self._home_sections(page, view)
        view.social = self._social(page, view, real)
        return view

    def _social(self, page: SitePage, view: PageView, real: list[SitePage]) -> dict:
        """Open Graph and Twitter Card values; URLs site-relative (the template makes them absolute)."""
        content_lang = page.content_lang
        locales = {other.lang: og_locale(self.content.language(other.lang)) for other in real}
        social = {
            "type": "website", "url": view.canonical or page.url, "title": None,
            "locale": og_locale(self.content.language(content_lang)),
            "alternates": [locale for lang, locale in locales.items() if lang != content_lang and locale],
            "image": card_url(page.lang), "image_alt": view.site.name,
        }
        if view.product is not None:
            product = page.data["product"]
            social.update(type="article", title=view.product["title"], image=card_url(content_lang, product.slug),
                          image_alt=view.product["title"])
        return social

    def _home_sections(self, page: SitePage, view: PageView) -> dict:
        """What every home page shows of the products in its language: the featured ones, entry points
        by type (videos, radio programmes, things to print), the latest, and each type's catalogue."""
        t, lang = view.t, page.lang
        prefix = self.plan.prefix(lang)

        def entry(e) -> dict:
            return {"title": e.title, "summary": e.summary, "url": e.url, "published": e.published,
                    "type": t(f"ui.type.{e.type}")}

        return {
            "featured": [entry(e) for e in self.plan.featured(lang)],
            "entry_points": [{"text": t(f"ui.home.entry.{value}"), "url": url, "count": count,
                              "podcast": podcast_path(self.plan, lang) if value == "audio" and lang in self.podcasts
                              else None}
                             for value, url, count in self.plan.entry_points(lang)],
            "entries": [entry(e) for e in self.plan.listings[lang][:HOME_LATEST]],
            "catalogue_url": f"{prefix}catalogue/",
            "count": len(self.plan.listings[lang]),
            "types": [Link(t(f"ui.type.{value}"), url, count=count) for value, url, count in
                      self.plan.facets(lang)["type"]],
            "topics_url": f"{prefix}topics/",
        }

    def _search(self, page: SitePage, t: Messages) -> dict:
        keys = ("label", "placeholder", "all_languages", "results", "no_results", "loading", "noscript")
        strings = {key: t(f"ui.search.{key}") for key in keys}
        strings["languages"] = {language.code: language.name for language in self.content.languages}
        return {
            "title": t("ui.search.title"),
            "languages": " ".join(self.plan.codes),
            # Safe inside <script type="application/json">: no "<" can close the element.
            "strings_json": Markup(json.dumps(strings, ensure_ascii=False).replace("<", "\\u003c")),
        }

    # --- products --------------------------------------------------------------------------------------

    def _facet_url(self, tail: str, lang: str, content_lang: str) -> str:
        """The catalogue of a type or topic in the reader's language, or, where that language has no
        product of it (a fallback page's product is in another language), in the language of the
        text shown, whose catalogue lists this product: never a page that does not exist."""
        own = f"{self.plan.prefix(lang)}{tail}"
        return own if f"{own}index.md" in self.plan.pages else f"{self.plan.prefix(content_lang)}{tail}"

    def _product(self, page: SitePage, view: PageView) -> None:
        t, lang = view.t, page.lang
        product: Product = page.data["product"]
        version: Version = page.data["version"]
        fallbacks = (self.plan.default,)
        if page.is_fallback:
            view.notices.append(("fallback", t("ui.notice.fallback", language=self.language_name(lang),
                                              original=self.language_name(version.lang))))
            view.canonical = self.plan.product_pages[product.slug][version.lang].url
        translation = version.translation
        original = self.language_name(product.original_language)
        if translation is not None:
            if translation.method == "machine":
                key = "machine_reviewed" if translation.reviewed else "machine_unreviewed"
                view.notices.append(("machine", t(f"ui.notice.{key}", original=original)))
            elif not translation.reviewed:
                view.notices.append(("unreviewed", t("ui.notice.human_unreviewed", original=original)))
            if version.outdated:
                view.notices.append(("outdated", t("ui.notice.outdated")))
        content_lang = version.lang
        view.product = {
            "slug": product.slug,
            "title": version.title,
            "summary": version.summary,
            "type": t(f"ui.type.{product.type}"),
            "type_url": self._facet_url(f"catalogue/type/{product.type}/", lang, content_lang),
            "topics": [Link(self.content.topics[topic].name(lang, fallbacks),
                            self._facet_url(f"topics/{topic}/", lang, content_lang))
                       for topic in product.topics],
            "unit": self.content.units[product.unit].name(lang, fallbacks),
            "published": version.published.isoformat(),
            "channels": [self.content.channels[channel].name(lang, fallbacks) for channel in version.channels],
            "translator": translation.translator if translation else None,
            "media": [
                {
                    "kind": media.kind,
                    "url": f"products/{product.slug}/{media.file}",
                    "file": media.file,
                    "alt": media.alt.get(content_lang) or media.alt.get(product.original_language, ""),
                    "mime": mime_type(media.file, media.kind),
                    "size": image_size(str(product.folder / media.file)) if media.kind == "image" else None,
                    # WebVTT tracks, each labelled with its language's own name; the text's language first.
                    "captions": [{"url": f"products/{product.slug}/{file}", "lang": code,
                                  "label": self.language_name(code), "default": code == content_lang}
                                 for code, file in sorted(product.captions.get(media.file, {}).items(),
                                                          key=lambda item: item[0] != content_lang)],
                }
                for media in product.media
            ],
            # The version's transcript (transcript.<lang>.md): rendered by the page's renderer.
            "transcript_file": str(product.folder / version.transcript) if version.transcript else None,
            "transcript": None,
            "original_url": view.canonical,
            # The printable PDF of the version shown (outputs/pdfs.py): leaflets, posters, handbooks.
            "pdf": pdf_url(content_lang, product.slug) if self.pdfs and has_pdf(product, version) else None,
            "qr": self._qr(view.canonical or page.url, t) if self.site_url else None,
        }

    def _qr(self, url: str, t: Messages) -> dict:
        address = absolute(self.site_url, url)
        return {"svg": qr_svg(address, t("ui.product.qr_label")), "url": address}

    # --- catalogues ------------------------------------------------------------------------------------

    def _listing(self, page: SitePage, view: PageView) -> None:
        t, lang, data = view.t, page.lang, page.data
        fallbacks = (self.plan.default,)
        facets = self.plan.facets(lang)
        if page.kind == "topics":
            view.listing = {
                "title": t("ui.catalogue.topics_title"),
                "intro": t("ui.catalogue.topics_intro", language=self.language_name(lang)),
                "topics": [Link(self.content.topics[topic].name(lang, fallbacks), url, count=count)
                           for topic, url, count in facets["topic"]],
            }
            return
        facet, value = data.get("facet"), data.get("value")
        if (facet, value) == ("type", "audio") and lang in self.podcasts:
            # The radio programmes' page leads to their podcast feed (outputs/podcast.py).
            view.podcast = {"url": podcast_path(self.plan, lang), "text": t("ui.podcast.link"),
                            "title": podcast_title(self.plan, lang, t)}
        if facet == "type":
            title = t("ui.catalogue.type_title", type=t(f"ui.type.{value}"))
        elif facet == "topic":
            title = t("ui.catalogue.topic_title", topic=self.content.topics[value].name(lang, fallbacks))
        elif facet == "year":
            title = t("ui.catalogue.year_title", year=value)
        else:
            title = t("ui.catalogue.title")
        base = data["base_url"]
        number, pages = data["page"], data["pages"]

        def page_url(n: int) -> str:
            return base if n == 1 else f"{base}page/{n}/"

        view.listing = {
            "title": title,
            "intro": t("ui.catalogue.intro", count=data["total"], language=self.language_name(lang)),
            "entries": [
                {"title": e.title, "summary": e.summary, "url": e.url, "published": e.published,
                 "type": t(f"ui.type.{e.type}")}
                for e in data["entries"]
            ],
            "page": number,
            "pages": pages,
            "page_label": t("ui.catalogue.page", page=number, pages=pages),
            "previous": page_url(number - 1) if number > 1 else None,
            "next": page_url(number + 1) if number < pages else None,
            "page_links": [Link(str(n), page_url(n), current=n == number) if n else None
                           for n in page_window(number, pages)],
            "facets": [
                (t("ui.catalogue.by_type"), [Link(t(f"ui.type.{v}"), url, count=c, current=(facet, value) == ("type", v))
                                             for v, url, c in facets["type"]]),
                (t("ui.catalogue.by_topic"), [Link(self.content.topics[v].name(lang, fallbacks), url, count=c,
                                                   current=(facet, value) == ("topic", v))
                                              for v, url, c in facets["topic"]]),
                (t("ui.catalogue.by_year"), [Link(v, url, count=c, current=(facet, value) == ("year", v))
                                             for v, url, c in facets["year"]]),
            ],
            "all_url": f"{self.plan.prefix(lang)}catalogue/",
            "facet_summary": " · ".join((t("ui.catalogue.by_type"), t("ui.catalogue.by_topic"), t("ui.catalogue.by_year"))),
        }


PAGE_WINDOW = 2  # pages linked on each side of the current one


def page_window(current: int, pages: int) -> list[int]:
    """Page numbers to link from page `current`: the first, the last, and PAGE_WINDOW on each side;
    0 marks a gap. A catalogue of 5,000 products then links 7 pages, not 250, from each of its pages,
    and every page is still reached by following the links."""
    shown = sorted({1, pages, *range(max(1, current - PAGE_WINDOW), min(pages, current + PAGE_WINDOW) + 1)})
    numbers: list[int] = []
    for number in shown:
        if numbers and number > numbers[-1] + 1:
            numbers.append(0)
        numbers.append(number)
    return numbers

