"""Schema.org JSON-LD for product pages, safe to put inside <script type="application/ld+json">.

Only real versions get JSON-LD: a fallback page is a noindex duplicate of the
original, which carries its own. Product types map to schema.org types as
follows (the most specific type that describes the whole product):

    article     Article          the plain case
    news        NewsArticle
    infographic ImageObject      an infographic is one image
    poster      ImageObject      published online as its image; printing is a channel, not a type
    video       VideoObject
    audio       AudioObject      RadioEpisode would need a series (partOfSeries) we do not model
    leaflet     DigitalDocument  a short document, usually a PDF
    handbook    Book             book-length guidance
    qa          FAQPage          questions and answers; mainEntity (each Question) is not extracted

URLs are absolute with `site_url`; without it they are relative to the page,
which is how JSON-LD resolves them (against the document's base).
"""

from __future__ import annotations

import json

from commhub.site.plan import SitePage, SitePlan
from commhub.site.urls import link

SCHEMA_TYPES = {
    "article": "Article",
    "news": "NewsArticle",
    "infographic": "ImageObject",
    "poster": "ImageObject",
    "video": "VideoObject",
    "audio": "AudioObject",
    "leaflet": "DigitalDocument",
    "handbook": "Book",
    "qa": "FAQPage",
}
# Types whose `contentUrl` is the product's first media file of this kind.
CONTENT_MEDIA = {"ImageObject": "image", "VideoObject": "video", "AudioObject": "audio",
                 "DigitalDocument": "document", "Book": "document"}
HEADLINE_TYPES = {"Article", "NewsArticle"}

# Characters that could end the <script> element or open an HTML comment or entity in it.
# JSON allows any character to be written as \uXXXX, so the data itself is unchanged.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def product_jsonld(plan: SitePlan, page: SitePage, site_url: str) -> str:
    """The JSON-LD text for a product page, '' for any other page (fallbacks included)."""
    if not page.page_kind.version:
        return ""
    return script_safe_json(product_data(plan, page, site_url))


def script_safe_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def product_data(plan: SitePlan, page: SitePage, site_url: str) -> dict:
    content = plan.content
    product, version = page.data["product"], page.data["version"]
    lang, fallbacks = version.lang, (plan.default,)
    here = page.dest_uri

    def url(site_relative: str) -> str:
        return link(site_url, here, site_relative)

    schema_type = SCHEMA_TYPES[product.type]
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "url": url(page.url),
        "name": version.title,
        "description": version.summary,
        "inLanguage": lang,
        "datePublished": version.published.isoformat(),
        # The hub publishes (its agency, else its name: content/hub.yml); the unit made the product.
        "publisher": {"@type": "Organization", "name": plan.identity(lang).agency or plan.identity(lang).name},
        "author": {"@type": "Organization", "name": content.units[product.unit].name(lang, fallbacks)},
        "about": [{"@type": "Thing", "name": content.topics[topic].name(lang, fallbacks)}
                  for topic in product.topics],
    }
    if schema_type in HEADLINE_TYPES:
        data["headline"] = version.title
    kind = CONTENT_MEDIA.get(schema_type)
    media = next((m for m in product.media if m.kind == kind), None)
    if media is not None:
        data["contentUrl"] = url(f"products/{product.slug}/{media.file}")

    pages = plan.product_pages[product.slug]
    original = pages.get(product.original_language)
    if version.translation is not None:
        if original is not None and original.page_kind.version:  # an original still in draft has no page
            data["translationOfWork"] = _work(original, url)
    else:
        translations = [other for other in pages.values()
                        if other.page_kind.version and other.data["version"].translation is not None]
        if translations:
            data["workTranslation"] = [_work(other, url) for other in translations]
    return data


def _work(page: SitePage, url) -> dict:
    version = page.data["version"]
    return {"@type": "CreativeWork", "url": url(page.url), "name": version.title, "inLanguage": version.lang}
