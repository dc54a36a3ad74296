"""Per-language Atom 1.0 feeds of new products: `<prefix>feed.xml`.

A feed lists the newest published versions in its language, the same set and
order as that language's catalogue. Every date comes from the content (the
version's effective `published`), never from the clock, so two builds of the
same content give the same bytes. XML is written with ElementTree, which
escapes every value.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

from commhub.i18n.messages import Messages
from commhub.site.plan import SitePlan
from commhub.site.urls import absolute, link

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
# Characters XML 1.0 cannot carry at all, even escaped; ElementTree would write them as they are.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EPOCH = dt.date(1970, 1, 1)  # `updated` of a feed on a site with no product at all


def feed_path(plan: SitePlan, lang: str) -> str:
    """The feed's site-relative path: `feed.xml`, `km/feed.xml`."""
    return f"{plan.prefix(lang)}feed.xml"


def messages_by_language(plan: SitePlan) -> dict[str, Messages]:
    """Each language's message chain (Messages falls back along SitePlan.fallbacks)."""
    return {language.code: Messages(language.code, plan.fallbacks(language.code), plan.content.locales)
            for language in plan.content.languages}


def feed_link(plan: SitePlan, lang: str, messages: Messages) -> dict[str, str]:
    """What a page's <head> needs to announce its language's feed: site-relative url and title."""
    language = plan.content.language(lang).name
    return {"url": feed_path(plan, lang),
            "title": messages("ui.feed.link_title", site=plan.identity(lang).name, language=language)}


def write_feeds(plan: SitePlan, site_dir: Path | str, site_url: str,
                messages_for_lang: Mapping[str, Messages]) -> list[Path]:
    """Write one feed per language into `site_dir`; returns the files written."""
    written = []
    for lang in plan.codes:
        path = Path(site_dir) / feed_path(plan, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_feed(plan, lang, site_url, messages_for_lang[lang]))
        written.append(path)
    return written


def render_feed(plan: SitePlan, lang: str, site_url: str, messages: Messages) -> bytes:
    content = plan.content
    here = feed_path(plan, lang)
    language = content.language(lang).name
    site_name = plan.identity(lang).name
    fallbacks = (plan.default,)
    entries = plan.listings[lang][:FEED_SIZE]  # newest first, drafts never planned

    # Unqualified tags plus a literal xmlns: Atom as the default namespace without
    # ElementTree's global register_namespace (its default_namespace refuses plain attributes).
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    _text(feed, "id", _feed_id(plan, lang, site_url))
    _text(feed, "title", messages("ui.feed.title", site=site_name, language=language))
    _text(feed, "subtitle", messages("ui.feed.subtitle", site=site_name, language=language))
    _text(feed, "updated", _timestamp(_newest(plan, entries)))
    _link(feed, "self", link(site_url, here, here), "application/atom+xml")
    _link(feed, "alternate", link(site_url, here, f"{plan.prefix(lang)}catalogue/"), "text/html")
    _text(feed, "generator", "commhub")

    for entry in entries:
        page = plan.product_pages[entry.slug][lang]
        product, version = page.data["product"], page.data["version"]
        item = ET.SubElement(feed, "entry")
        _text(item, "id", _entry_id(page.url, entry.slug, lang, site_url))
        _text(item, "title", version.title)
        _link(item, "alternate", link(site_url, here, page.url), "text/html")
        _text(item, "published", _timestamp(version.published))
        _text(item, "updated", _timestamp(version.published))
        author = ET.SubElement(item, "author")
        _text(author, "name", content.units[product.unit].name(lang, fallbacks))
        for topic in product.topics:
            ET.SubElement(item, "category",
                          {"term": topic, "label": content.topics[topic].name(lang, fallbacks)})
        _text(item, "summary", version.summary)

    ET.indent(feed)
    return (XML_DECLARATION + ET.tostring(feed, encoding="unicode") + "\n").encode("utf-8")


def _feed_id(plan: SitePlan, lang: str, site_url: str) -> str:
    # With an address, the feed's own absolute URL is its id (Atom wants an absolute IRI).
    # A build without site_url is a preview: its ids only need to be stable and distinct.
    return absolute(site_url, feed_path(plan, lang)) if site_url else f"urn:x-commhub:feed:{lang}"


def _entry_id(url: str, slug: str, lang: str, site_url: str) -> str:
    # The page's absolute URL depends only on slug and language, so it never changes with edits.
    return absolute(site_url, url) if site_url else f"urn:x-commhub:product:{slug}:{lang}"


def _newest(plan: SitePlan, entries) -> dt.date:
    if entries:
        return max(dt.date.fromisoformat(entry.published) for entry in entries)
    # An empty feed still needs `updated`: the site's newest content date keeps it reproducible.
    dates = [entry.published for listing in plan.listings.values() for entry in listing]
    return dt.date.fromisoformat(max(dates)) if dates else EPOCH


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = NOT_XML.sub("", text)
    return element


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "href": href, "type": media_type})
