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
    qa          FAQPage          questions and answers: each heading of the body a Question, what
                                 follows it the accepted Answer (an Article when it has no heading)

Each type carries what search engines require of it and what they recommend that the content has
(tests/test_structured_data.py holds their published lists): an image everywhere (the first image
of the product's media, else its share card), for a video `thumbnailUrl` and `uploadDate`, for
audio and video `duration` and `encodingFormat` when the file says, for an image its `creator`.

URLs are absolute with `site_url`; without it they are relative to the page,
which is how JSON-LD resolves them (against the document's base).
"""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser

from commhub.outputs.media_info import duration, iso_duration, mime_type
from commhub.outputs.social import card_url
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
MAX_QUESTIONS = 100  # an FAQPage's Questions: a longer body lists its first ones
QUESTION_LEVELS = ("h2", "h3")

# Characters that could end the <script> element or open an HTML comment or entity in it.
# JSON allows any character to be written as \uXXXX, so the data itself is unchanged.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def product_jsonld(plan: SitePlan, page: SitePage, site_url: str, body: str = "") -> str:
    """The JSON-LD text for a product page, '' for any other page (fallbacks included). `body`: the
    page's published (sanitised) body, where a Q&A product's questions are read."""
    if not page.page_kind.version:
        return ""
    return script_safe_json(product_data(plan, page, site_url, body))


def script_safe_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def product_data(plan: SitePlan, page: SitePage, site_url: str, body: str = "") -> dict:
    content = plan.content
    product, version = page.data["product"], page.data["version"]
    lang, fallbacks = version.lang, (plan.default,)
    here = page.dest_uri

    def url(site_relative: str) -> str:
        return link(site_url, here, site_relative)

    schema_type = SCHEMA_TYPES[product.type]
    questions = faq_questions(body) if schema_type == "FAQPage" else []
    if schema_type == "FAQPage" and not questions:
        schema_type = "Article"  # an FAQPage without questions is refused by search engines
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
    image = next((m for m in product.media if m.kind == "image"), None)
    data["image"] = url(f"products/{product.slug}/{image.file}" if image else card_url(lang, product.slug))
    if questions:
        data["mainEntity"] = questions
    kind = CONTENT_MEDIA.get(schema_type)
    media = next((m for m in product.media if m.kind == kind), None)
    if media is not None:
        data["contentUrl"] = url(f"products/{product.slug}/{media.file}")
        data["encodingFormat"] = mime_type(media.file, media.kind)
    if schema_type == "ImageObject":
        data["creator"] = data["author"]
    if schema_type in ("VideoObject", "AudioObject"):
        data["thumbnailUrl"] = data["image"]
        data["uploadDate"] = data["datePublished"]
        seconds = duration(product.folder / media.file) if media is not None else None
        if seconds:
            data["duration"] = iso_duration(seconds)

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


def faq_questions(body: str) -> list[dict]:
    """schema.org Questions from a Q&A body: each heading (of the first level the body uses, h2 or h3)
    with the text up to the next heading of that level or above as its accepted answer."""
    if not body or "<h" not in body:
        return []
    root = LexborHTMLParser(body).body
    if root is None:
        return []
    children = [node for node in root.iter() if node.tag != "-text" or node.text(deep=False).strip()]
    level = next((tag for tag in QUESTION_LEVELS if any(node.tag == tag for node in children)), None)
    if level is None:
        return []
    stops = {"h1", *QUESTION_LEVELS[:QUESTION_LEVELS.index(level) + 1]}
    questions, answer = [], None
    for node in children:
        if node.tag == level:
            answer = []
            questions.append((_text(node), answer))
        elif node.tag in stops:
            answer = None
        elif answer is not None:
            answer.append(_text(node))
    return [{"@type": "Question", "name": name,
             "acceptedAnswer": {"@type": "Answer", "text": "\n".join(part for part in parts if part)}}
            for name, parts in questions[:MAX_QUESTIONS] if name and any(parts)]


def _text(node) -> str:
    return " ".join(node.text(separator=" ").split())
